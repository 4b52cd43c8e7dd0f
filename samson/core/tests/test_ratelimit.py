"""The client's address behind trusted proxies only, and counts that lose nothing under bursts,
in the database and in Redis."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import redis
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import RequestFactory, override_settings

from samson.core import ratelimit
from samson.core.models import ThrottleCount
from samson.core.ratelimit import (
    Limit,
    blocked,
    client_address,
    client_key,
    counts,
    give_back,
    take,
)

factory = RequestFactory()


def _address(remote: str, forwarded: str | None = None) -> str:
    meta: dict[str, Any] = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(factory.get("/", **meta))


@override_settings(SAMSON_TRUSTED_PROXIES=[])
def test_with_no_trusted_proxy_the_header_is_never_read():
    assert _address("127.0.0.1", "203.0.113.9") == "127.0.0.1"
    assert _address("198.51.100.7", "203.0.113.9, 10.0.0.1") == "198.51.100.7"


@override_settings(SAMSON_TRUSTED_PROXIES=["127.0.0.1/32", "10.1.0.0/16"])
def test_through_trusted_proxies_the_nearest_untrusted_hop_is_the_client():
    # nginx on the same host appended the address it saw.
    assert _address("127.0.0.1", "203.0.113.9") == "203.0.113.9"
    # A load balancer in 10.1/16 before nginx: skipped too.
    assert _address("127.0.0.1", "203.0.113.9, 10.1.2.3") == "203.0.113.9"
    # Whatever the client wrote itself, left of what the proxies appended, is ignored.
    assert _address("127.0.0.1", "1.1.1.1, 8.8.8.8, 203.0.113.9") == "203.0.113.9"
    # Two headers arrive joined by a comma; spaces do not matter.
    assert _address("127.0.0.1", " 9.9.9.9 ,203.0.113.9 ") == "203.0.113.9"
    # A damaged entry stops the walk at the last address that a trusted proxy vouched for.
    assert _address("127.0.0.1", "203.0.113.9, nonsense, 10.1.2.3") == "10.1.2.3"
    assert _address("127.0.0.1", "nonsense") == "127.0.0.1"
    # Only proxies in the chain: the farthest is the client.
    assert _address("127.0.0.1", "10.1.9.9, 10.1.2.3") == "10.1.9.9"
    # No header: the proxy itself.
    assert _address("127.0.0.1") == "127.0.0.1"


@override_settings(SAMSON_TRUSTED_PROXIES=["127.0.0.1/32"])
def test_a_forged_header_from_an_untrusted_peer_is_ignored():
    assert _address("198.51.100.7", "127.0.0.1") == "198.51.100.7"
    assert _address("198.51.100.7", "203.0.113.1, 203.0.113.2") == "198.51.100.7"


@override_settings(SAMSON_TRUSTED_PROXIES=["127.0.0.1/32", "nginx"])
def test_a_misspelt_proxy_network_is_a_configuration_error_not_trust():
    with pytest.raises(ImproperlyConfigured, match="SAMSON_TRUSTED_PROXIES"):
        _address("127.0.0.1", "203.0.113.9")


@override_settings(SAMSON_TRUSTED_PROXIES=["::1/128"])
def test_ipv6_clients_are_counted_by_their_56_network():
    def key(remote: str, forwarded: str | None = None) -> str:
        meta: dict[str, Any] = {"REMOTE_ADDR": remote}
        if forwarded:
            meta["HTTP_X_FORWARDED_FOR"] = forwarded
        return client_key(factory.get("/", **meta))

    assert key("2001:db8:0:12::1") == key("2001:db8:0:ff:abcd::9")  # same /56
    assert key("2001:db8:0:12::1") != key("2001:db8:0:100::1")  # the next /56
    assert key("::1", "2001:db8:0:12::1") == key("2001:db8:0:12::1")
    assert key("::ffff:192.0.2.1") == key("192.0.2.1")  # an IPv4-mapped address is IPv4
    assert key("192.0.2.1") != key("192.0.2.2")
    assert "192.0.2.1" not in key("192.0.2.1")


def _concurrently(count: int, work: Callable[[], Any]) -> list[Any]:
    """Run `work` in `count` threads released at once; each closes its own connection."""
    start = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(index: int) -> None:
        try:
            start.wait()
            results[index] = work()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.fixture
def redis_cache() -> Iterator[None]:
    """Django's RedisCache on the local Redis, under a key prefix of this test's own."""
    prefix = f"samson-test-{uuid.uuid4().hex}"
    config = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": prefix,
        }
    }
    with override_settings(CACHES=config):
        yield
    client = redis.Redis.from_url("redis://127.0.0.1:6379/0")
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)
    client.close()


@pytest.fixture(params=["database", "redis"])
def store(request: pytest.FixtureRequest, transactional_db: None) -> str:
    if request.param == "redis":
        request.getfixturevalue("redis_cache")
    return str(request.param)


def test_concurrent_failures_are_all_counted(store):
    limit = Limit(f"test:{uuid.uuid4().hex}", attempts=10_000, window=600)

    def fail_twenty_times() -> None:
        for _ in range(20):
            assert take([limit])

    _concurrently(25, fail_twenty_times)
    assert counts([limit]) == {limit.key: 500}
    if store == "database":
        assert ThrottleCount.objects.get().count == 500


def test_a_burst_gets_exactly_the_limit_through(store):
    limit = Limit(f"test:{uuid.uuid4().hex}", attempts=10, window=600)
    results = _concurrently(50, lambda: take([limit]))
    assert results.count(True) == 10
    assert counts([limit]) == {limit.key: 10}  # the refused ones used nothing
    assert blocked([limit])


def test_a_refused_attempt_uses_none_of_the_other_budgets(store):
    wide = Limit(f"test:wide:{uuid.uuid4().hex}", attempts=100, window=600)
    narrow = Limit(f"test:narrow:{uuid.uuid4().hex}", attempts=2, window=600)
    assert [take([wide, narrow]) for _ in range(5)] == [True, True, False, False, False]
    assert counts([wide, narrow]) == {wide.key: 2, narrow.key: 2}


def test_giving_back_undoes_one_attempt_and_never_goes_below_zero(store):
    limit = Limit(f"test:{uuid.uuid4().hex}", attempts=3, window=600)
    assert take([limit]) and take([limit])
    give_back([limit])
    assert counts([limit]) == {limit.key: 1}
    give_back([limit])
    give_back([limit])
    assert counts([limit]).get(limit.key, 0) == 0
    assert [take([limit]) for _ in range(4)] == [True, True, True, False]


def test_the_window_starts_at_the_first_attempt_and_ends_on_time(db, monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(time, "time", lambda: now[0])
    limit = Limit("test:window", attempts=2, window=600)
    assert take([limit]) and take([limit])
    now[0] += 599  # still the same window: a new attempt does not move its end
    assert not take([limit])
    assert ThrottleCount.objects.get().expires_at == 1_000_600.0
    now[0] += 1  # 600 s after the first attempt
    assert not blocked([limit])
    assert take([limit])
    assert ThrottleCount.objects.get().expires_at == 1_001_200.0
    assert counts([limit]) == {limit.key: 1}


def test_redis_counts_expire_with_their_window(redis_cache):
    limit = Limit(f"test:{uuid.uuid4().hex}", attempts=5, window=600)
    assert take([limit])
    store = ratelimit._counts()
    assert isinstance(store, ratelimit._RedisCounts)
    client = store._client()
    ttl = client.ttl(store._key(limit.key))
    assert 595 <= ttl <= 600
    give_back([limit])
    give_back([limit])  # nothing left: no key without an expiry is made
    assert client.ttl(store._key(limit.key)) in (-2, ttl, ttl - 1)
    assert int(client.get(store._key(limit.key)) or 0) == 0


def test_expired_rows_are_purged(db, monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(time, "time", lambda: now[0])
    monkeypatch.setattr(ratelimit._DatabaseCounts, "PURGE_CHANCE", 1.0)
    take([Limit("test:old", attempts=5, window=60)])
    now[0] += 61
    take([Limit("test:new", attempts=5, window=60)])
    assert list(ThrottleCount.objects.values_list("key", flat=True)) == ["test:new"]
