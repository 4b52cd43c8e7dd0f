"""Throttling password guessing on every log-in form (ours and the admin's), and password resets.

Every password log-in is counted per client and per user name before the password is checked
(samson.core.ratelimit.take); a right password gives its count back and clears the user name's
count. When either limit is used up, further attempts are refused before any password is
checked, until the window has passed, and the log-in form says so (the admin's too).

The check is in the authentication backend, so it covers every caller of
django.contrib.auth.authenticate, the admin's log-in included.

Requests for a new password are counted per client and per e-mail address asked for, whether
or not an account has that address, so the refusal says nothing about who has an account.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .ratelimit import Limit, client_key, forget, give_back, salted_hash, take


def _username_limit(username: str) -> Limit:
    return Limit(
        f"login:user:{salted_hash(username.strip().casefold())}",
        settings.SAMSON_LOGIN_ATTEMPTS_PER_USERNAME,
        settings.SAMSON_LOGIN_WINDOW_SECONDS,
    )


def _limits(request: HttpRequest | None, username: str | None) -> list[Limit]:
    limits = []
    if request is not None:
        limits.append(
            Limit(
                f"login:client:{client_key(request)}",
                settings.SAMSON_LOGIN_ATTEMPTS_PER_CLIENT,
                settings.SAMSON_LOGIN_WINDOW_SECONDS,
            )
        )
    if username:
        limits.append(_username_limit(username))
    return limits


def login_unlock(username: str) -> None:
    """The account's count starts again (after a right password or a new one)."""
    forget([_username_limit(username)])


def login_succeeded(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """Receiver of user_logged_in: the account's count starts again (the client's does not)."""
    login_unlock(user.get_username())


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
        limits = _limits(request, username)
        if not take(limits):
            if request is not None:
                request.samson_login_blocked = True  # type: ignore[attr-defined]
            raise PermissionDenied
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            raise PermissionDenied  # the attempt stays counted: it was a failure
        give_back(limits)
        return user


class _SaysWhenLocked(AuthenticationForm):
    """Says that the log-in was refused for too many failures, instead of "wrong password"."""

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


class LoginForm(_SaysWhenLocked):
    """Our log-in form (/konto/logg-inn/)."""


class AdminLoginForm(_SaysWhenLocked, AdminAuthenticationForm):
    """The admin's log-in form (staff only), saying so too when the log-in is locked."""

    error_messages = {**_SaysWhenLocked.error_messages, **AdminAuthenticationForm.error_messages}


def password_reset_allowed(request: HttpRequest, email: str) -> bool:
    """Count a request for a new password; False when the client or the address asked for has
    used up its requests in the window (then no e-mail may be sent)."""
    window = settings.SAMSON_PASSWORD_RESET_WINDOW_SECONDS
    return take(
        [
            Limit(
                f"reset:client:{client_key(request)}",
                settings.SAMSON_PASSWORD_RESETS_PER_CLIENT,
                window,
            ),
            Limit(
                f"reset:email:{salted_hash(email.strip().casefold())}",
                settings.SAMSON_PASSWORD_RESETS_PER_EMAIL,
                window,
            ),
        ]
    )
