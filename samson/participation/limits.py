"""Rate limits against guessing join codes, counted in the cache only.

The client key is a salted hash of the address and lives only in the cache for the window;
nothing about the client is written to the database.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def _client_key(request: HttpRequest) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    return f"join-fail:{digest}"


SITE_KEY = "join-fail:site"


def join_blocked(request: HttpRequest) -> bool:
    return (
        cache.get(_client_key(request), 0) >= settings.SAMSON_JOIN_ATTEMPTS_PER_CLIENT
        or cache.get(SITE_KEY, 0) >= settings.SAMSON_JOIN_ATTEMPTS_SITE
    )


def join_failed(request: HttpRequest) -> None:
    window = settings.SAMSON_JOIN_WINDOW_SECONDS
    for key in (_client_key(request), SITE_KEY):
        cache.add(key, 0, window)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, window)
