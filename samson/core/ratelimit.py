"""Counting attempts against limits, atomically, per client and per other keys.

Used against guessing join codes (samson.participation.limits), passwords and password resets
(samson.core.login_throttle). A client is known only by a salted hash of its address (an IPv6
client by its /56 network), so no address is ever stored.

An attempt is counted *before* it is checked (`take`), and given back when it turns out not to
be a failure (`give_back`): so a burst of concurrent attempts never gets more than the limit
checked, whichever order they arrive in. The counts live in Redis when the default cache is
Django's RedisCache (one Lua script per count: INCRBY and EXPIRE together), and otherwise in the
`core_throttlecount` table, counted by one `INSERT … ON CONFLICT DO UPDATE … RETURNING`
statement, which is atomic on SQLite and PostgreSQL alike. Either way a window starts at its
key's first attempt and ends `window` seconds later.
"""

from __future__ import annotations

import hashlib
import ipaddress
import random
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.http import HttpRequest

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# An IPv6 subscriber usually gets a /56 (or a /48) from the provider, so counting each /64, let
# alone each address, would give one attacker hundreds of budgets.
IPV6_CLIENT_PREFIX = 56


def salted_hash(value: str) -> str:
    """A short hash of `value` that cannot be reversed without the site's secret key."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()[:32]


@lru_cache(maxsize=8)
def _networks(configured: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    try:
        return tuple(ipaddress.ip_network(text.strip(), strict=False) for text in configured)
    except ValueError as error:
        raise ImproperlyConfigured(f"SAMSON_TRUSTED_PROXIES: {error}") from None


def trusted_proxies() -> tuple[IPNetwork, ...]:
    """The networks of `SAMSON_TRUSTED_PROXIES` (none by default: trust no proxy)."""
    return _networks(tuple(settings.SAMSON_TRUSTED_PROXIES))


def _address(text: str) -> IPAddress | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(address: IPAddress, networks: Sequence[IPNetwork]) -> bool:
    return any(address in network for network in networks)


def client_address(request: HttpRequest) -> str:
    """The address of the client that sent `request`.

    It is the peer's address (REMOTE_ADDR), unless the peer is one of the trusted proxies: then
    X-Forwarded-For is read from right to left, each trusted proxy's entry skipped, and the
    first address that is not a trusted proxy is the client. Anything left of it was written by
    the client and is ignored, so a forged header gains nothing; an entry that is not an
    address stops the walk at the last good one. With no trusted proxies (the default) the
    header is never read.
    """
    peer = _address(str(request.META.get("REMOTE_ADDR", "")))
    if peer is None:
        return ""
    networks = trusted_proxies()
    client = peer
    if _trusted(peer, networks):
        forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
        for entry in reversed(forwarded.split(",") if forwarded.strip() else []):
            hop = _address(entry)
            if hop is None:
                break
            client = hop
            if not _trusted(hop, networks):
                break
    return str(client)


def client_key(request: HttpRequest) -> str:
    """A salted hash standing for the client: its IPv4 address, or its IPv6 /56 network."""
    address = _address(client_address(request))
    if isinstance(address, ipaddress.IPv6Address):
        network = ipaddress.IPv6Network((address, IPV6_CLIENT_PREFIX), strict=False)
        return salted_hash(str(network))
    return salted_hash(str(address or ""))


@dataclass(frozen=True)
class Limit:
    """At most `attempts` attempts counted against `key` within `window` seconds.

    `key` must never hold an address or a name in the clear: use `salted_hash`.
    """

    key: str
    attempts: int
    window: int


class _Counts(Protocol):
    def get_many(self, keys: list[str]) -> dict[str, int]: ...
    def add(self, key: str, window: int) -> int: ...
    def subtract(self, key: str) -> None: ...
    def delete_many(self, keys: list[str]) -> None: ...


# KEYS[1] the key; ARGV[1] +1 or -1, ARGV[2] the window. Atomic in Redis: nothing runs between
# the count and its expiry, so a key never lives on without one. Giving back never takes a
# count below zero, nor to a key that has expired (that would start a window at -1).
_REDIS_ADD = """
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) < 0 and current <= 0 then return current end
local count = redis.call('INCRBY', KEYS[1], ARGV[1])
if redis.call('TTL', KEYS[1]) < 0 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
return count
"""


class _RedisCounts:
    def __init__(self, cache: RedisCache) -> None:
        self.cache = cache

    def _client(self) -> Any:
        return self.cache._cache.get_client(write=True)

    def _key(self, key: str) -> str:
        return self.cache.make_and_validate_key(key)

    def get_many(self, keys: list[str]) -> dict[str, int]:
        values = self._client().mget([self._key(key) for key in keys])
        return {key: int(value) for key, value in zip(keys, values, strict=True) if value}

    def add(self, key: str, window: int) -> int:
        return int(self._client().eval(_REDIS_ADD, 1, self._key(key), 1, window))

    def subtract(self, key: str) -> None:
        self._client().eval(_REDIS_ADD, 1, self._key(key), -1, 1)

    def delete_many(self, keys: list[str]) -> None:
        self._client().delete(*[self._key(key) for key in keys])


class _DatabaseCounts:
    """The `core_throttlecount` table, one row per key."""

    # How often a count also deletes the rows whose window has passed.
    PURGE_CHANCE = 0.01

    def __init__(self) -> None:
        from .models import ThrottleCount

        quote = connection.ops.quote_name
        self.table = quote(ThrottleCount._meta.db_table)
        self.key, self.count, self.expires = quote("key"), quote("count"), quote("expires_at")

    def get_many(self, keys: list[str]) -> dict[str, int]:
        marks = ", ".join(["%s"] * len(keys))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {self.key}, {self.count} FROM {self.table} "
                f"WHERE {self.key} IN ({marks}) AND {self.expires} > %s",
                [*keys, time.time()],
            )
            return {key: int(count) for key, count in cursor.fetchall()}

    def add(self, key: str, window: int) -> int:
        now = time.time()
        t, k, c, e = self.table, self.key, self.count, self.expires
        with connection.cursor() as cursor:
            if random.random() < self.PURGE_CHANCE:
                cursor.execute(f"DELETE FROM {t} WHERE {e} <= %s", [now])
            # One statement: the row is read and written under the database's row lock, so
            # concurrent attempts each see the count the one before left. An expired row starts
            # a new window.
            cursor.execute(
                f"INSERT INTO {t} ({k}, {c}, {e}) VALUES (%s, 1, %s) "
                f"ON CONFLICT ({k}) DO UPDATE SET "
                f"{c} = CASE WHEN {t}.{e} <= %s THEN 1 ELSE {t}.{c} + 1 END, "
                f"{e} = CASE WHEN {t}.{e} <= %s THEN excluded.{e} ELSE {t}.{e} END "
                f"RETURNING {c}",
                [key, now + window, now, now],
            )
            row = cursor.fetchone()
        assert row is not None
        return int(row[0])

    def subtract(self, key: str) -> None:
        t, k, c, e = self.table, self.key, self.count, self.expires
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {t} SET {c} = {c} - 1 WHERE {k} = %s AND {e} > %s AND {c} > 0",
                [key, time.time()],
            )

    def delete_many(self, keys: list[str]) -> None:
        marks = ", ".join(["%s"] * len(keys))
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table} WHERE {self.key} IN ({marks})", keys)


def _counts() -> _Counts:
    cache = caches["default"]
    if isinstance(cache, RedisCache):
        return _RedisCounts(cache)
    return _DatabaseCounts()


def counts(limits: Iterable[Limit]) -> dict[str, int]:
    """The current count of each limit's key (absent keys count zero)."""
    keys = [limit.key for limit in limits]
    return _counts().get_many(keys) if keys else {}


def blocked(limits: Iterable[Limit]) -> bool:
    """True when any of the limits has used all its attempts (a read; nothing is counted)."""
    limits = list(limits)
    current = counts(limits)
    return any(current.get(limit.key, 0) >= limit.attempts for limit in limits)


def take(limits: Iterable[Limit]) -> bool:
    """Count one attempt against every limit; True when it is within all of them.

    A refused attempt is given back at once, so it uses none of the budgets: the counts stay
    at their limits until the windows end.
    """
    limits = list(limits)
    if not limits:
        return True
    if blocked(limits):  # the common refusal costs a read, not a write
        return False
    store = _counts()
    taken: list[Limit] = []
    allowed = True
    for limit in limits:
        count = store.add(limit.key, limit.window)
        taken.append(limit)
        if count > limit.attempts:
            allowed = False
            break
    if not allowed:
        for limit in taken:
            store.subtract(limit.key)
    return allowed


def give_back(limits: Iterable[Limit]) -> None:
    """Undo one `take`: the attempt was not a failure (a valid code, a right password)."""
    store = _counts()
    for limit in limits:
        store.subtract(limit.key)


def forget(limits: Iterable[Limit]) -> None:
    """Start the limits' counts again from zero."""
    keys = [limit.key for limit in limits]
    if keys:
        _counts().delete_many(keys)
