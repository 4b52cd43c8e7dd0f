"""OpenID Connect providers from configuration, turned into django-allauth's settings.

Read by the settings module, so it imports nothing of Django. Each provider is a mapping with
the keys below (docs/oidc.md has examples for ID-porten and Entra ID):

    id           short name in URLs, lower-case letters, digits and hyphens ("idporten")
    name         what the log-in button says ("ID-porten")
    server_url   the issuer; discovery is read from <server_url>/.well-known/openid-configuration;
                 https (plain http only on localhost, 127.0.0.1 or ::1)
    client_id    the client registered with the provider
    secret       its secret (empty for a public client)
    min_acr      optional: the lowest acceptable `acr`; it is also asked for with `acr_values`
    acr_levels   optional: every acceptable `acr`, lowest first (default: ID-porten's levels)
    scope        optional: the scopes asked for (default: openid, profile, email)
    token_auth_method  optional: "client_secret_post" or "client_secret_basic"
    trust_email  optional: treat the e-mail address as verified even without email_verified
                 (only for a provider whose addresses an organisation controls, such as a
                 single-tenant Entra ID)
    authorization_origin  optional: scheme and host of the authorization endpoint when it is
                 not that of server_url (ID-porten: https://login.idporten.no); the log-in
                 forms may send the browser there (Content-Security-Policy form-action)
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

IDPORTEN_LEVELS = ("idporten-loa-low", "idporten-loa-substantial", "idporten-loa-high")

# The only claims kept in SocialAccount.extra_data. An allow-list, so that the national
# identity number (ID-porten's `pid`) and anything else a provider adds are never stored.
STORED_CLAIMS = frozenset(
    {
        "iss",
        "sub",
        "aud",
        "acr",
        "amr",
        "auth_time",
        "iat",
        "exp",
        "email",
        "email_verified",
        "name",
        "given_name",
        "family_name",
        "preferred_username",
        "locale",
    }
)

# The only hosts whose server_url may be plain http: the discovery document, the keys and the
# tokens come from this machine itself (tests, a provider run for development).
_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
_REQUIRED = ("id", "name", "server_url", "client_id")
_KNOWN = {
    *_REQUIRED,
    "secret",
    "min_acr",
    "acr_levels",
    "scope",
    "token_auth_method",
    "authorization_origin",
    "trust_email",
}


class OIDCConfigurationError(ValueError):
    """A provider in SAMSON_OIDC_PROVIDERS is not usable as written."""


def acr_sufficient(acr: object, minimum: str, levels: Sequence[str]) -> bool:
    """Whether the `acr` a provider returned is at least `minimum` in the ordered `levels`.

    An `acr` that is missing or not among the levels is never sufficient.
    """
    if not isinstance(acr, str) or acr not in levels:
        return False
    return levels.index(acr) >= levels.index(minimum)


def _app(provider: Mapping[str, Any]) -> dict[str, Any]:
    missing = [key for key in _REQUIRED if not provider.get(key)]
    if missing:
        raise OIDCConfigurationError(f"OIDC provider {provider!r} lacks {', '.join(missing)}")
    unknown = set(provider) - _KNOWN
    if unknown:
        raise OIDCConfigurationError(
            f"OIDC provider {provider['id']!r} has unknown keys: {', '.join(sorted(unknown))}"
        )
    if not _ID.match(provider["id"]):
        raise OIDCConfigurationError(
            f"OIDC provider id {provider['id']!r}: use lower-case letters, digits and hyphens"
        )
    server = urlsplit(provider["server_url"])
    local = server.scheme == "http" and server.hostname in _LOCAL_HOSTS
    if server.scheme != "https" and not local:
        raise OIDCConfigurationError(
            f"OIDC provider {provider['id']!r}: server_url must be https "
            "(plain http only on localhost or 127.0.0.1)"
        )
    settings: dict[str, Any] = {
        "server_url": provider["server_url"],
        "oauth_pkce_enabled": True,
        # The subject is the account key; never the national identity number.
        "uid_field": "sub",
    }
    minimum = provider.get("min_acr")
    if minimum:
        levels = list(provider.get("acr_levels") or IDPORTEN_LEVELS)
        if minimum not in levels:
            raise OIDCConfigurationError(
                f"OIDC provider {provider['id']!r}: min_acr {minimum!r} is not in {levels!r}"
            )
        settings["min_acr"] = minimum
        settings["acr_levels"] = levels
        settings["auth_params"] = {"acr_values": minimum}
    if provider.get("scope"):
        settings["scope"] = list(provider["scope"])
    if provider.get("trust_email"):
        settings["trust_email"] = True
    if provider.get("token_auth_method"):
        settings["token_auth_method"] = provider["token_auth_method"]
    return {
        "provider_id": provider["id"],
        "name": provider["name"],
        "client_id": provider["client_id"],
        "secret": provider.get("secret", ""),
        "settings": settings,
    }


def socialaccount_providers(providers: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """django-allauth's SOCIALACCOUNT_PROVIDERS for the configured OpenID Connect providers.

    Raises OIDCConfigurationError for a provider without an id, name, server_url or client_id,
    with an unknown key, or with a min_acr outside its acr_levels.
    """
    apps = [_app(provider) for provider in providers]
    ids = [app["provider_id"] for app in apps]
    if len(set(ids)) != len(ids):
        raise OIDCConfigurationError(f"OIDC provider ids must differ: {ids!r}")
    return {"openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": apps}}


def form_action_origins(providers: Sequence[Mapping[str, Any]]) -> list[str]:
    """The origins the log-in forms send the browser on to, for CSP's form-action.

    A log-in button posts to SAMSON, which redirects to the provider; browsers apply
    form-action to that redirect too.
    """
    origins = []
    for provider in providers:
        url = urlsplit(provider.get("authorization_origin") or provider["server_url"])
        origin = f"{url.scheme}://{url.netloc}"
        if origin not in origins:
            origins.append(origin)
    return origins
