from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .services import audit_actor


class AuditActorMiddleware:
    """Makes the logged-in user the actor of whatever the request records in the audit log."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with audit_actor(getattr(request, "user", None)):
            return self.get_response(request)
