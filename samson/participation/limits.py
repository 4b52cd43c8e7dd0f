"""Rate limits against guessing join codes (samson.core.ratelimit).

Each client (a salted hash of its address, never the address) may give at most
SAMSON_JOIN_ATTEMPTS_PER_CLIENT wrong codes per window. Every code is counted before it is
looked up and given back when it was right, so only wrong codes use the budget, and a burst of
concurrent guesses gets no more than the budget looked up.

There is no site-wide limit: one would let an attacker with many addresses switch joining off
for every round. The guessing rate the per-client limit allows, against the code space, is
worked out in docs/security.md.
"""

from django.conf import settings
from django.http import HttpRequest

from samson.core.ratelimit import Limit, blocked, client_key, give_back, take


def _limits(request: HttpRequest) -> list[Limit]:
    return [
        Limit(
            f"join:client:{client_key(request)}",
            settings.SAMSON_JOIN_ATTEMPTS_PER_CLIENT,
            settings.SAMSON_JOIN_WINDOW_SECONDS,
        )
    ]


def join_blocked(request: HttpRequest) -> bool:
    """True when the client has used up its wrong codes (a read; nothing is counted)."""
    return blocked(_limits(request))


def join_attempt(request: HttpRequest) -> bool:
    """Count a code about to be looked up; False when the client may not try another."""
    return take(_limits(request))


def join_succeeded(request: HttpRequest) -> None:
    """The code was right: it does not count against the client."""
    give_back(_limits(request))
