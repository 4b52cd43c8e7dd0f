"""Throttling password guessing on every log-in form (ours and the admin's).

Failed log-ins are counted in the cache (samson.core.ratelimit) per client address and per
username; when either reaches its limit, further attempts are refused before any password is
checked, until the window has passed. A successful log-in clears the username's count.

The check is in the authentication backend, so it covers every caller of
django.contrib.auth.authenticate, the admin's log-in included; failures are counted by a
receiver of the user_login_failed signal.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .ratelimit import Limit, blocked, client_address, count_failure, forget, salted_hash


def _username_limit(username: str) -> Limit:
    return Limit(
        f"login-fail:user:{salted_hash(username.strip().casefold())}",
        settings.SAMSON_LOGIN_ATTEMPTS_PER_USERNAME,
        settings.SAMSON_LOGIN_WINDOW_SECONDS,
    )


def _limits(request: HttpRequest | None, username: str | None) -> list[Limit]:
    limits = []
    if request is not None:
        limits.append(
            Limit(
                f"login-fail:client:{salted_hash(client_address(request))}",
                settings.SAMSON_LOGIN_ATTEMPTS_PER_CLIENT,
                settings.SAMSON_LOGIN_WINDOW_SECONDS,
            )
        )
    if username:
        limits.append(_username_limit(username))
    return limits


def login_blocked(request: HttpRequest | None, username: str | None) -> bool:
    return blocked(_limits(request, username))


def login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """Receiver of user_login_failed: count the failure."""
    count_failure(_limits(request, credentials.get("username")))


def login_succeeded(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """Receiver of user_logged_in: the account's count starts again (the client's does not)."""
    forget([_username_limit(user.get_username())])


class ThrottledModelBackend(ModelBackend):
    """Django's ModelBackend, refusing every attempt while the client or the username is over
    its limit.

    A wrong password also stops the search through further backends (PermissionDenied), so
    Django's ModelBackend, listed after this one only for sessions that name it, does not
    check the same password a second time.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if username is None and password is None:
            return None  # another kind of log-in (not a password)
        if login_blocked(request, username):
            if request is not None:
                request.samson_login_blocked = True  # type: ignore[attr-defined]
            raise PermissionDenied
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            raise PermissionDenied
        return user


class LoginForm(AuthenticationForm):
    """Django's log-in form, saying so when the attempt was refused for too many failures."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "too_many": _(
            "Too many failed log-ins. Wait %(minutes)s minutes and try again, "
            "or reset your password."
        ),
    }

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except forms.ValidationError:
            if getattr(self.request, "samson_login_blocked", False):
                raise forms.ValidationError(
                    self.error_messages["too_many"],
                    code="too_many",
                    params={"minutes": settings.SAMSON_LOGIN_WINDOW_SECONDS // 60},
                ) from None
            raise
