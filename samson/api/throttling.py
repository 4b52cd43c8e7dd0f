"""The API's rate limits: DRF's throttles, counted by samson.core.ratelimit.

DRF's own throttles keep a list of request times in the cache with get-then-set, which loses
counts under concurrent requests, and name an anonymous client by its X-Forwarded-For header as
sent unless NUM_PROXIES is set, so a client escapes the limit by writing a new header each time.
These count atomically (Redis or the database, like the join and log-in limits) and name the
client by the address SAMSON trusts (`client_key`: only through SAMSON_TRUSTED_PROXIES).
"""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

from samson.core.ratelimit import Limit, client_key, take


class CountedThrottle(SimpleRateThrottle):
    """A fixed window from the first request of the key (not DRF's sliding one)."""

    def allow_request(self, request: Request, view: Any) -> bool:
        attempts, window = self.parse_rate(self.rate)
        key = self.get_cache_key(request, view)
        if attempts is None or window is None or key is None:
            return True
        return take([Limit(key, attempts, window)])

    def wait(self) -> float | None:
        # The window's start is not kept apart from its count; its length is an upper bound.
        window = self.parse_rate(self.rate)[1]
        return float(window) if window else None


class AnonThrottle(CountedThrottle, AnonRateThrottle):
    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if request.user and request.user.is_authenticated:
            return None
        return f"api:{self.scope}:{client_key(request)}"


class UserThrottle(CountedThrottle, UserRateThrottle):
    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if request.user and request.user.is_authenticated:
            return f"api:{self.scope}:user:{request.user.pk}"
        return f"api:{self.scope}:{client_key(request)}"
