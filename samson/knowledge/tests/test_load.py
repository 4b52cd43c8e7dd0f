"""Participation load: the pure summary with hand-computed values, and the page's permissions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from samson.knowledge.load import Load, RoundDates, Waiting, load_summarise

T0 = datetime(2026, 1, 1, 12, tzinfo=UTC)


def _round(label: str, opened: int | None, closed: int | None, published: float | None):
    def day(n: float | None) -> datetime | None:
        return None if n is None else T0 + timedelta(days=n)

    return RoundDates("P", label, day(opened), day(closed), day(published))


def test_summary_counts_and_median():
    rounds = [
        _round("utkast", None, None, None),  # never opened: not counted
        _round("åpen", 0, None, None),  # running: ran, not closed
        _round("a", 0, 10, 13),  # 3 days
        _round("b", 0, 10, 20.5),  # 10.5 days
        _round("c", 0, 10, 9),  # published before close: 0 days
        _round("d", 0, 30, None),  # waiting
        _round("e", 0, 20, None),  # waiting longer
    ]
    load = load_summarise(rounds, now=T0 + timedelta(days=40, hours=6))
    assert load == Load(
        ran=6,
        closed=5,
        published=3,
        median_days=3.0,
        waiting=(
            Waiting("P", "e", T0 + timedelta(days=20), 20),
            Waiting("P", "d", T0 + timedelta(days=30), 10),
        ),
    )


def test_summary_of_nothing():
    assert load_summarise([], now=T0) == Load(0, 0, 0, None, ())


def test_median_of_an_even_number_of_delays():
    rounds = [_round("a", 0, 1, 2), _round("b", 0, 1, 5)]
    assert load_summarise(rounds, now=T0).median_days == 2.5


@pytest.mark.django_db
def test_page_for_facilitators_of_the_organisation_only(client, world):
    from samson.projects.models import Round

    org_a = world["project_a"].organisation
    now = timezone.now()
    Round.objects.filter(pk=world["round_a"].pk).update(
        opened_at=now - timedelta(days=20),
        closed_at=now - timedelta(days=10),
        follow_up="Vi bygde rampen.",
        follow_up_published_at=now - timedelta(days=6),
    )
    url = f"/kunnskap/oppfolging/{org_a.pk}/"
    assert client.get(url).status_code == 302  # log in first
    client.force_login(world["owner_b"])
    assert client.get(url).status_code == 404  # another organisation's facilitator
    client.force_login(world["co_a"])  # co-facilitator of a project, not of the organisation
    assert client.get(url).status_code == 404
    for user in ("owner_a", "admin"):
        client.force_login(world[user])
        html = client.get(url).content.decode()
        assert '<tr><th scope="row">Runder som ble åpnet</th><td>1</td></tr>' in html
        assert "<td>4,0</td>" in html
        assert "Ingen: alle lukkede runder er fulgt opp." in html
    client.force_login(world["owner_a"])
    index = client.get("/kunnskap/oppfolging/").content.decode()
    assert f'href="/kunnskap/oppfolging/{org_a.pk}/"' in index
    assert f'href="/kunnskap/oppfolging/{world["project_b"].organisation.pk}/"' not in index
