"""Log-ins and log-outs in the audit log: who, how and when; never a password, a token or an
identity number."""

from typing import Any

from django.contrib.auth import BACKEND_SESSION_KEY
from django.http import HttpRequest

from .services import audit_record


def login_recorded(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """Receiver of Django's user_logged_in: a log-in with a password (or after signing up)."""
    session = getattr(request, "session", None)
    backend = session.get(BACKEND_SESSION_KEY, "") if session is not None else ""
    if backend.startswith("allauth."):
        return  # an OpenID Connect log-in: oidc_login_recorded names its provider
    audit_record(action="account.login", target=user, actor=user, details={"method": "password"})


def oidc_login_recorded(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """Receiver of allauth's user_logged_in: a log-in through an OpenID Connect provider."""
    sociallogin = kwargs.get("sociallogin")
    if sociallogin is None:
        return
    audit_record(
        action="account.login",
        target=user,
        actor=user,
        details={"method": "oidc", "provider": sociallogin.account.provider},
    )


def logout_recorded(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """Receiver of Django's user_logged_out."""
    if user is not None and user.is_authenticated:
        audit_record(action="account.logout", target=user, actor=user)
