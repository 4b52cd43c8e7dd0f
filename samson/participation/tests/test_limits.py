"""Limits on join codes that stop guessing without stopping workshops: per client, counting
wrong codes only, with no site-wide switch, and holding under concurrent bursts."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

from samson.participation import selectors
from samson.projects import services

JOIN = "/delta/"


@pytest.fixture
def other_round(world):
    return services.round_transition(round=world["round_b"], to="apen")


def _join(client: Client, code: str, address: str = "127.0.0.1") -> int:
    return client.post(JOIN, {"code": code}, REMOTE_ADDR=address).status_code


def test_two_hundred_behind_one_address_with_one_typo_in_ten_all_get_in(client, open_round):
    # The default budget: a municipality's NAT puts the whole workshop room on one address.
    code = open_round.join_code
    arrived = []
    for person in range(200):
        if person % 10 == 3:  # twenty people mistype the code once first
            typo = code[:-1] + ("A" if code[-1] != "A" else "B")
            assert _join(client, typo) == 200
        arrived.append(_join(client, code))
    assert arrived == [302] * 200
    # Those who follow the link from the QR code instead are looked up the same way.
    assert client.get(f"/delta/{code}/").status_code == 200


@override_settings(SAMSON_JOIN_ATTEMPTS_PER_CLIENT=5)
def test_only_wrong_codes_use_the_budget(client, open_round):
    for _ in range(4):
        assert _join(client, "WRONGCODE1") == 200
    for _ in range(20):
        assert _join(client, open_round.join_code) == 302
    assert _join(client, "WRONGCODE1") == 200  # the fifth wrong code is still looked up
    assert _join(client, open_round.join_code) == 429
    assert client.get(f"/delta/{open_round.join_code}/").status_code == 429
    assert client.get(JOIN).status_code == 429


@override_settings(SAMSON_JOIN_ATTEMPTS_PER_CLIENT=3)
def test_many_addresses_cannot_switch_joining_off_for_others(client, open_round, other_round):
    # An attacker on 40 addresses uses up every one of their budgets, on both entry points.
    for n in range(40):
        address = f"198.51.100.{n}"
        assert _join(client, f"GUESS{n:05d}", address) == 200
        assert client.get(f"/delta/GUESS{n:05d}/", REMOTE_ADDR=address).status_code == 404
        assert _join(client, f"GUESS{n:05d}X", address) == 200
        assert _join(client, open_round.join_code, address) == 429
    # Everyone else still joins every round, by code and by link.
    assert _join(client, open_round.join_code, "203.0.113.5") == 302
    assert _join(client, other_round.join_code, "203.0.113.6") == 302
    assert (
        client.get(f"/delta/{other_round.join_code}/", REMOTE_ADDR="203.0.113.7").status_code == 200
    )


@override_settings(SAMSON_JOIN_ATTEMPTS_PER_CLIENT=3)
def test_neighbours_in_one_ipv6_56_share_a_budget(client, open_round):
    for n in range(3):
        assert _join(client, "WRONGCODE1", f"2001:db8:0:{n}::1") == 200
    assert _join(client, open_round.join_code, "2001:db8:0:ff::2") == 429
    assert _join(client, open_round.join_code, "2001:db8:0:100::1") == 302


@override_settings(SAMSON_JOIN_ATTEMPTS_PER_CLIENT=3, SAMSON_TRUSTED_PROXIES=["127.0.0.1/32"])
def test_behind_a_trusted_proxy_each_client_has_its_own_budget(client, open_round):
    for _ in range(3):
        reply = client.post(JOIN, {"code": "WRONGCODE1"}, HTTP_X_FORWARDED_FOR="203.0.113.1")
        assert reply.status_code == 200
    refused = client.post(JOIN, {"code": open_round.join_code}, HTTP_X_FORWARDED_FOR="203.0.113.1")
    assert refused.status_code == 429
    # A forged entry left of the proxy's own is ignored: still the same client.
    forged = client.post(
        JOIN, {"code": open_round.join_code}, HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.1"
    )
    assert forged.status_code == 429
    other = client.post(JOIN, {"code": open_round.join_code}, HTTP_X_FORWARDED_FOR="203.0.113.2")
    assert other.status_code == 302


@override_settings(SAMSON_JOIN_ATTEMPTS_PER_CLIENT=10)
def test_a_burst_of_fifty_wrong_codes_gets_ten_looked_up(transactional_db, monkeypatch):
    looked_up = []
    lock = threading.Lock()
    real = selectors.round_by_code

    def counting(code):
        with lock:
            looked_up.append(code)
        return real(code)

    monkeypatch.setattr(selectors, "round_by_code", counting)
    start = threading.Barrier(50)
    statuses: list[int] = []

    def guess(n: int) -> None:
        try:
            start.wait()
            path = reverse("participation:project", kwargs={"code": f"BURST{n:05d}"})
            status = Client().get(path).status_code
            with lock:
                statuses.append(status)
        finally:
            connection.close()

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(looked_up) == 10
    assert sorted(statuses) == [404] * 10 + [429] * 40
