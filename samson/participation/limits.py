"""Rate limits against guessing join codes, counted in the cache only (samson.core.ratelimit).

The client key is a salted hash of the address and lives only in the cache for the window;
nothing about the client is written to the database.
"""

from django.conf import settings
from django.http import HttpRequest

from samson.core.ratelimit import Limit, blocked, client_address, count_failure, salted_hash

SITE_KEY = "join-fail:site"


def _limits(request: HttpRequest) -> list[Limit]:
    window = settings.SAMSON_JOIN_WINDOW_SECONDS
    return [
        Limit(
            f"join-fail:{salted_hash(client_address(request))}",
            settings.SAMSON_JOIN_ATTEMPTS_PER_CLIENT,
            window,
        ),
        Limit(SITE_KEY, settings.SAMSON_JOIN_ATTEMPTS_SITE, window),
    ]


def join_blocked(request: HttpRequest) -> bool:
    return blocked(_limits(request))


def join_failed(request: HttpRequest) -> None:
    count_failure(_limits(request))
