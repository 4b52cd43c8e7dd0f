"""Counting failed attempts in the cache only, per client and per other keys.

Used against guessing join codes (samson.participation.limits) and passwords
(samson.core.login_throttle). A client is known only by a salted hash of its address, which
lives in the cache for the window; nothing about the client is written to the database.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def salted_hash(value: str) -> str:
    """A short hash of `value` that cannot be reversed without the site's secret key."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()[:32]


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


@dataclass(frozen=True)
class Limit:
    """At most `attempts` failures of `key` within `window` seconds."""

    key: str
    attempts: int
    window: int


def blocked(limits: Iterable[Limit]) -> bool:
    """True when any of the limits has been reached (one cache read for all of them)."""
    limits = list(limits)
    counts = cache.get_many([limit.key for limit in limits])
    return any(counts.get(limit.key, 0) >= limit.attempts for limit in limits)


def count_failure(limits: Iterable[Limit]) -> None:
    """Count one failure against each limit; a window starts at its first failure."""
    for limit in limits:
        cache.add(limit.key, 0, limit.window)
        try:
            cache.incr(limit.key)
        except ValueError:  # expired between add and incr
            cache.set(limit.key, 1, limit.window)


def forget(limits: Iterable[Limit]) -> None:
    cache.delete_many([limit.key for limit in limits])
