from django.urls import path

from . import token_views

app_name = "api_tokens"

urlpatterns = [
    path("", token_views.tokens, name="list"),
    path("<int:pk>/trekk-tilbake/", token_views.token_revoke, name="revoke"),
]
