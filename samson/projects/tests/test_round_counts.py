"""The round's page (join code and QR on the projector) shows its counts only as the results
do: no party below the minimum, and none that subtraction from the shown total would give."""

import re
import secrets

import pytest
from django.urls import reverse
from django.utils import timezone

from samson.projects import services
from samson.projects.models import Party
from samson.responses.models import Response
from samson.testing.html import table, visible_text
from samson.testing.rounds import answer, grid_answers, parties_of, spec

pytestmark = pytest.mark.django_db

CAPTION = "Ferdige svar per part"


def _round_page(client, world, round) -> str:
    client.force_login(world["owner_a"])
    reply = client.get(
        reverse("projects:round", kwargs={"pk": round.project_id, "round_pk": round.pk})
    )
    assert reply.status_code == 200
    return str(reply.content.decode())


def _numbers(text: str) -> set[str]:
    """Every number standing on its own in the page's text (not inside a code or a word)."""
    return set(re.findall(r"(?<![\w.:/-])\d+(?![\w.:/-])", text))


@pytest.fixture
def open_round(world):
    return services.round_transition(round=world["round_a"], to="apen")


def _fill(round, kommunen: int, innbyggere: int) -> dict[str, Party]:
    parties = parties_of(round)
    answers = grid_answers(spec(round))
    answer(round, parties["kommunen"], answers, kommunen)
    answer(round, parties["innbyggere"], answers, innbyggere)
    # Started and not finished: never counted, never shown.
    answer(round, parties["innbyggere"], answers, 1, finished=False)
    return parties


def test_a_small_party_is_fewer_than_the_minimum_and_no_subtraction_gives_it(
    client, world, open_round
):
    parties = _fill(open_round, kommunen=6, innbyggere=3)
    html = _round_page(client, world, open_round)
    # 6 + 3: with the municipality's 6 shown, 9 - 6 would give the citizens' 3; so the 6 is
    # hidden too and only the total is a number.
    assert table(html, CAPTION)[1:] == [
        [parties["kommunen"].name, "bare telt med i alle deltakere"],
        [parties["innbyggere"].name, "færre enn 5"],
        ["Alle deltakere", "9"],
    ]
    text = visible_text(html)
    assert "3" not in _numbers(text)
    assert "6" not in _numbers(text)
    assert ">3<" not in html and ">6<" not in html


def test_below_the_minimum_in_all_nothing_is_a_number(client, world, open_round):
    parties = _fill(open_round, kommunen=0, innbyggere=2)
    html = _round_page(client, world, open_round)
    assert table(html, CAPTION)[1:] == [
        [parties["kommunen"].name, "ingen svar"],
        [parties["innbyggere"].name, "færre enn 5"],
        ["Alle deltakere", "færre enn 5"],
    ]
    assert "2" not in _numbers(visible_text(html))
    assert ">2<" not in html


def test_parties_at_the_minimum_are_shown_with_their_counts(client, world, open_round):
    parties = _fill(open_round, kommunen=7, innbyggere=5)
    html = _round_page(client, world, open_round)
    assert table(html, CAPTION)[1:] == [
        [parties["kommunen"].name, "7"],
        [parties["innbyggere"].name, "5"],
        ["Alle deltakere", "12"],
    ]


def _finished(round, kommunen: int, innbyggere: int) -> None:
    """Finished responses without answers, made at once: the counts need nothing more."""
    parties = parties_of(round)
    now = timezone.now()
    Response.objects.bulk_create(
        Response(
            instrument_version_id=round.instrument_version_id,
            round=round,
            party=parties[preset],
            token_hash=secrets.token_hex(32),
            language="nb",
            completed_at=now,
        )
        for preset, n in (("kommunen", kommunen), ("innbyggere", innbyggere))
        for _ in range(n)
    )


def test_every_count_below_the_minimum_stays_off_the_page(client, world, open_round):
    """Each pair of counts from none, the smallest, just below, at and above the minimum, and
    enough that the rest is a group: a count from 1 to 4 is never a number on the page, and
    neither is the total minus the shown counts. (samson/groupscores/tests checks the rule
    itself for every count vector; this checks that the page shows what it decides.)"""
    counts = (0, 1, 4, 5, 6, 9)
    for kommunen in counts:
        for innbyggere in counts:
            open_round.responses.all().delete()
            _finished(open_round, kommunen, innbyggere)
            rows = table(_round_page(client, world, open_round), CAPTION)[1:]
            cells = [cell for _name, cell in rows]
            for n in (kommunen, innbyggere):
                if 0 < n < 5:
                    assert str(n) not in cells, (kommunen, innbyggere, rows)
            shown = [int(cell) for cell in cells[:2] if cell.isdigit()]
            if cells[2].isdigit():
                rest = int(cells[2]) - sum(shown)
                assert rest == 0 or rest >= 5, (kommunen, innbyggere, rows)
            else:
                assert shown == [], (kommunen, innbyggere, rows)
