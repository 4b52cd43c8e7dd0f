"""The padding attack of issue 13, replayed: one volunteer answers for a party, someone else
starts four more answers for the same party from one browser with answers they know, hoping to
lift the party to the minimum and read the volunteer's answers off the one row that differs.

One browser makes one response, so the party stays below the minimum and hidden on the
results page, the round's page and in the API; and the volunteer's answers are in no group
that is shown without at least the minimum of other people's answers beside them."""

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from samson.api.services import token_create
from samson.responses.models import Response
from samson.testing.html import table, visible_text
from samson.testing.rounds import answer, grid_answers, parties_of, spec

pytestmark = pytest.mark.django_db

VOLUNTEER = {"likeverd": 1, "utveksling": 2, "laering": 1, "ledelse": 2}
ATTACKER = {"likeverd": 5, "utveksling": 5, "laering": 5, "ledelse": 5}


@pytest.fixture
def open_round(open_round):
    round = open_round
    # Five others have answered for the municipality already.
    answer(round, parties_of(round)["kommunen"], grid_answers(spec(round)), 5)
    return round


def _answer_all(browser: Client, round, values: dict[str, int]) -> str:
    """Start for the citizens on the round's page and answer every page, as a participant
    does. Returns the page the start led to when it was not a new response's first page."""
    page = browser.get(f"/delta/{round.join_code}/").content.decode()
    key = re.search(r'name="start_key" value="([A-Za-z0-9_-]+)"', page)
    if key is None:  # this browser has answered: the page offers no start form
        return page
    reply = browser.post(
        f"/delta/{round.join_code}/",
        {"party": parties_of(round)["innbyggere"].pk, "start_key": key[1]},
    )
    if reply.status_code != 302:
        return reply.content.decode()
    location = reply["Location"]
    instrument = spec(round)
    answers = grid_answers(instrument, values)
    for number, page_spec in enumerate(instrument.pages, start=1):
        assert location.endswith(f"/side/{number}/"), location
        browser.get(location)
        sent = {item.id: answers[item.id] for item in page_spec.items if item.id in answers}
        action = "finish" if number == len(instrument.pages) else "next"
        location = browser.post(location, {**sent, "action": action})["Location"]
    assert "/takk/" in location
    return ""


def _api(world, path: str) -> dict[str, Any]:
    """GET `path` of the API with a key of the project's facilitator."""
    _token, key = token_create(user=world["owner_a"], name="test")
    reply = Client().get(f"/api/v1/{path}", headers={"Authorization": f"Bearer {key}"})
    assert reply.status_code == 200
    return reply.json()


def test_padding_from_one_browser_leaves_the_party_hidden(world, open_round):
    volunteer, attacker = Client(), Client()
    assert _answer_all(volunteer, open_round, VOLUNTEER) == ""
    assert _answer_all(attacker, open_round, ATTACKER) == ""
    for _again in range(3):
        page = _answer_all(attacker, open_round, ATTACKER)
        assert "Svarene dine i denne målingen er sendt fra denne nettleseren. Takk!" in page
        assert 'name="start_key"' not in page
    citizens = parties_of(open_round)["innbyggere"]
    assert Response.objects.filter(party=citizens, completed_at__isnull=False).count() == 2

    owner = Client()
    owner.force_login(world["owner_a"])
    ids = {"pk": open_round.project_id, "round_pk": open_round.pk}
    round_page = owner.get(reverse("projects:round", kwargs=ids)).content.decode()
    # 5 + 2: the citizens' 2 is "fewer than 5", and the municipality's 5 is hidden too, so
    # 7 - 5 cannot give it.
    assert table(round_page, "Ferdige svar per part")[1:] == [
        ["Kommunen", "bare telt med i alle deltakere"],
        ["Innbyggere og brukere", "færre enn 5"],
        ["Alle deltakere", "7"],
    ]
    assert "2" not in re.findall(r"(?<![\w.:/-])\d+(?![\w.:/-])", visible_text(round_page))
    # The attacker's first start came from the volunteer's address: one possible duplicate.
    assert "Mulige duplikater: <strong>1</strong>" in round_page

    results = {"project_pk": open_round.project_id, "round_pk": open_round.pk}
    results_page = owner.get(reverse("results:round", kwargs=results)).content.decode()
    assert table(results_page, "Ferdige svar per part")[1:] == [
        ["Kommunen", "bare telt med i alle deltakere"],
        ["Innbyggere og brukere", "færre enn 5"],
        ["Alle deltakere", "7"],
    ]
    assert "Heat map: Innbyggere" not in results_page
    assert "Varmekart: Innbyggere og brukere" not in results_page

    round_path = f"projects/{open_round.project_id}/rounds/{open_round.pk}/"
    data = _api(world, round_path + "results/")
    assert [(c["name"], c["status"], c["n"]) for c in data["counts"]] == [
        ("Kommunen", "merged", None),
        ("Innbyggere og brukere", "too_few", None),
    ]
    # The one group shown holds the volunteer's answers among six others', five of them
    # unknown to the attacker: nothing to subtract them from.
    assert (data["total_n"], data["total"]["n"]) == (7, 7)
    assert (data["parties"], data["other"], data["other_n"]) == ([], None, None)
    # The round itself, in the API, has no count at all.
    assert not {"n", "counts", "responses", "total_n"} & set(_api(world, round_path))


def test_padding_from_fresh_browsers_shows_as_possible_duplicates(world, open_round):
    """Deleting the cookie (or a private window per answer) gets past one browser, one
    response; the facilitator sees each such start from the same address."""
    _answer_all(Client(), open_round, VOLUNTEER)
    for _browser in range(4):
        assert _answer_all(Client(), open_round, ATTACKER) == ""
    owner = Client()
    owner.force_login(world["owner_a"])
    ids = {"pk": open_round.project_id, "round_pk": open_round.pk}
    round_page = owner.get(reverse("projects:round", kwargs=ids)).content.decode()
    assert "Mulige duplikater: <strong>4</strong>" in round_page
    # And the limit this leaves: the party reached five and is shown.
    results = {"project_pk": open_round.project_id, "round_pk": open_round.pk}
    results_page = owner.get(reverse("results:round", kwargs=results)).content.decode()
    assert "Varmekart: Innbyggere og brukere" in results_page
