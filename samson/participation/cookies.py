"""The signed cookie that makes one browser one response in an open-code round.

It holds the private token of the response the browser started (the same secret as the
browser's own link to it), signed with the site's key and a salt per round, so a changed or
copied value is ignored. It is sent only to the round's own page (its path), never read by
scripts (HttpOnly), only over HTTPS in production (Secure, as the session cookie) and not with
cross-site posts (SameSite=Lax). See docs/anonymity.md §5.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from samson.projects.models import Round

COOKIE_NAME = "samson_response"
# Longer than a round is usually open, so coming back weeks later still finds the response.
COOKIE_MAX_AGE = 60 * 60 * 24 * 180


def _salt(round: Round) -> str:
    return f"samson.participation.response:{round.pk}"


def _path(round: Round) -> str:
    return reverse("participation:project", kwargs={"code": round.join_code})


def browser_response_token(request: HttpRequest, round: Round) -> str:
    """The token of the response this browser started in `round`, or "" (none, or damaged)."""
    return str(
        request.get_signed_cookie(
            COOKIE_NAME, default="", salt=_salt(round), max_age=COOKIE_MAX_AGE
        )
    )


def browser_response_remember(reply: HttpResponse, round: Round, token: str) -> None:
    reply.set_signed_cookie(
        COOKIE_NAME,
        token,
        salt=_salt(round),
        max_age=COOKIE_MAX_AGE,
        path=_path(round),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
