"""SAMSON's rules for log-in through OpenID Connect (django-allauth's openid_connect provider).

How a log-in finds its account (docs/oidc.md):

1. the provider and subject (`sub`) already linked to an account: that account;
2. else a verified e-mail address (``email_verified``, or a provider marked ``trust_email``)
   that exactly one active account has: the log-in is linked to that account;
3. else, when the log-in was started from a usable invitation link, a new account without
   memberships is made (user name and e-mail address from the invitation), and the person
   comes back to the invitation to accept it;
4. else the log-in is refused: there is no self-sign-up.

Before any of this, the `acr` is checked against the provider's minimum, and only the claims
in STORED_CLAIMS are kept, so the national identity number (`pid`) is never stored. The
protocol's own checks (the ID token's signature, `iss`, the userinfo `sub`) and the log-out at
the provider are in oidc_views.py.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialLogin
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve

from . import selectors
from .models import Invitation, User
from .oidc_config import STORED_CLAIMS, acr_sufficient
from .oidc_views import remember_for_logout


def stored_claims(extra_data: dict[str, Any]) -> dict[str, Any]:
    """Allauth's extra data ({"id_token": {...}, "userinfo": {...}}) with only STORED_CLAIMS."""
    kept: dict[str, Any] = {}
    for part in ("id_token", "userinfo"):
        claims = extra_data.get(part)
        if isinstance(claims, dict):
            kept[part] = {key: value for key, value in claims.items() if key in STORED_CLAIMS}
    return kept


def refused(request: HttpRequest, *, reason: str, provider: str, **context: Any) -> HttpResponse:
    """The page saying why a log-in through `provider` was refused: "acr", "inactive" or
    "no_account"."""
    return render(
        request,
        "accounts/oidc_refused.html",
        {"reason": reason, "provider": provider, **context},
        status=403,
    )


def _invitation(sociallogin: SocialLogin) -> Invitation | None:
    """The usable invitation whose page the log-in was started from, if any."""
    path = urlsplit(str(sociallogin.state.get("next") or "")).path
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.view_name != "accounts:invitation":
        return None
    invitation = selectors.invitation_by_token(match.kwargs["token"])
    if invitation is None or selectors.invitation_problem(invitation) is not None:
        return None
    return invitation


def _account_exists(email: str) -> bool:
    return User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).exists()


class AccountAdapter(DefaultAccountAdapter):
    """No sign-up through allauth's account pages (they are not routed either)."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def post_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> Any:
        # After Django's log-in has cycled the session key, so what is kept stays kept.
        sociallogin = (kwargs.get("signal_kwargs") or {}).get("sociallogin")
        if sociallogin is not None:
            remember_for_logout(request, sociallogin)
        return super().post_login(request, user, **kwargs)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Checks `acr`, keeps no `pid`, and matches accounts as the module docstring says."""

    def populate_user(self, request: HttpRequest, sociallogin: SocialLogin, data: Any) -> Any:
        # Called while the log-in is built from the provider's answer, before allauth looks up
        # or saves any account: the one place to refuse a weak log-in and drop claims in time.
        app = sociallogin.provider.app
        extra = sociallogin.account.extra_data or {}
        minimum = app.settings.get("min_acr")
        if minimum:
            acr = (extra.get("id_token") or {}).get("acr") or (extra.get("userinfo") or {}).get(
                "acr"
            )
            if not acr_sufficient(acr, minimum, app.settings["acr_levels"]):
                raise ImmediateHttpResponse(
                    refused(request, reason="acr", provider=app.name, minimum=minimum)
                )
        sociallogin.account.extra_data = stored_claims(extra)
        if app.settings.get("trust_email"):
            for address in sociallogin.email_addresses:
                address.verified = True
        sociallogin.email_addresses = [a for a in sociallogin.email_addresses if a.verified]
        data = dict(data)
        if not sociallogin.email_addresses:
            data.pop("email", None)
        return super().populate_user(request, sociallogin, data)

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        if sociallogin.is_existing:
            # allauth would send a deactivated account to its own (unrouted) page.
            if not sociallogin.user.is_active:
                raise ImmediateHttpResponse(
                    refused(request, reason="inactive", provider=sociallogin.provider.app.name)
                )
            return
        for address in sociallogin.email_addresses:
            user = selectors.user_by_email(address.email)
            if user is not None:
                sociallogin.connect(request, user)
                return

    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        invitation = _invitation(sociallogin)
        # An invited person who has an account already logs in to it, not to a second one.
        if invitation is not None and not _account_exists(invitation.email):
            return True
        raise ImmediateHttpResponse(
            refused(request, reason="no_account", provider=sociallogin.provider.app.name)
        )

    def is_auto_signup_allowed(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return True

    def save_user(self, request: HttpRequest, sociallogin: SocialLogin, form: Any = None) -> Any:
        invitation = _invitation(sociallogin)
        user = sociallogin.user
        if invitation is not None:
            user.username = invitation.email
            user.email = invitation.email
        return super().save_user(request, sociallogin, form)
