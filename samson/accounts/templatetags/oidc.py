"""The log-in buttons of the configured OpenID Connect providers."""

from dataclasses import dataclass

from allauth.socialaccount.adapter import get_adapter
from django import template
from django.http import HttpRequest
from django.urls import reverse

register = template.Library()


@dataclass(frozen=True)
class ProviderButton:
    name: str
    url: str


@register.simple_tag(takes_context=True)
def oidc_providers(context: template.Context) -> list[ProviderButton]:
    """One button per OpenID Connect provider, in the order they are configured."""
    request: HttpRequest | None = context.get("request")
    apps = get_adapter().list_apps(request, provider="openid_connect")
    return [
        ProviderButton(
            name=app.name,
            url=reverse("openid_connect_login", kwargs={"provider_id": app.provider_id}),
        )
        for app in apps
    ]
