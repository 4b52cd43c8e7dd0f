"""The request type of views that only a logged-in user reaches.

`login_required` (or a REST framework permission) guarantees `request.user` is a `User`, but
Django types it as `User | AnonymousUser`. Views behind that guarantee take an
`AuthenticatedHttpRequest` instead of silencing the checker at every use of `request.user`.
"""

from django.http import HttpRequest

from samson.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User
