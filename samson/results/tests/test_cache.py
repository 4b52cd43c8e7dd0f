"""A closed round's results are kept in the cache until any of their data change."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samson.projects import services as project_services
from samson.projects.models import Round
from samson.responses.models import Answer
from samson.responses.services import response_page_save
from samson.results import selectors
from samson.testing.html import table
from samson.testing.rounds import answer, four_party_round, grid_answers, parties_of, spec, url

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def empty_cache():
    """Ids come again after a test's rollback, and the local-memory cache outlives the test."""
    cache.clear()


@pytest.fixture
def closed(world):
    round = four_party_round(world)
    round = project_services.round_open(round=round)
    round = project_services.round_close(round=round)
    cache.delete(selectors.results_cache_key(round.pk))
    return round


def equality(client, world, round):
    """The equality row of the values table: all, the two shown parties, the other parties."""
    client.force_login(world["owner_a"])
    html = client.get(url("results:round", round), **EN).content.decode()
    return table(html, "Scores per value, for all")[1]


def fresh(round):
    return Round.objects.select_related("project").get(pk=round.pk)


def answers_read(round):
    """How many queries reading the round's scores makes that touch the answers table."""
    with CaptureQueriesContext(connection) as queries:
        selectors.round_group_scores(fresh(round))
    return sum(1 for q in queries.captured_queries if "responses_answer" in q["sql"])


def test_a_closed_round_reads_its_answers_once(closed):
    assert cache.get(selectors.results_cache_key(closed.pk)) is None
    assert answers_read(closed) == 1
    assert cache.get(selectors.results_cache_key(closed.pk)) is not None
    assert answers_read(closed) == 0
    assert answers_read(closed) == 0


def test_the_cached_results_are_the_computed_ones(closed):
    first = selectors.round_group_scores(fresh(closed))
    second = selectors.round_group_scores(fresh(closed))
    assert answers_read(closed) == 0
    assert first == second
    assert [g.key for g in second.parties] == [g.key for g in first.parties]
    assert first.total is not None and first.total.n == 19


def test_an_open_round_is_never_cached(world):
    round = project_services.round_open(round=four_party_round(world))
    assert answers_read(round) == 1
    assert answers_read(round) == 1
    assert cache.get(selectors.results_cache_key(round.pk)) is None


def test_a_new_response_changes_the_results(client, world, closed):
    assert equality(client, world, closed) == ["Equality", "53.9", "100.0", "0.0", "60.7"]
    assert answers_read(closed) == 0
    # A sixth business answer at "agree" (75): the others are (5 x 75 + 2 x 25 + 75) / 8.
    instrument = spec(closed)
    answer(closed, parties_of(closed)["naeringsliv"], grid_answers(instrument, {"likeverd": 4}))
    assert equality(client, world, closed) == ["Equality", "55.0", "100.0", "0.0", "62.5"]


def test_answers_saved_by_the_service_change_the_results(client, world, closed):
    assert equality(client, world, closed)[1] == "53.9"
    instrument = spec(closed)
    # A citizen's page saved again through the answering service: equality items now agree.
    response = closed.responses.filter(party=parties_of(closed)["innbyggere"]).first()
    page = next(
        number
        for number, page in enumerate(instrument.pages, start=1)
        if any(item.dimension("value") == "likeverd" for item in page.items)
    )
    items = instrument.pages[page - 1].items
    saved = {
        item.id: (4 if not item.reverse else 2)
        for item in items
        if item.dimension("value") == "likeverd"
    }
    response_page_save(
        response=response, instrument=instrument, page_number=page, answers=saved, resume_page=1
    )
    assert equality(client, world, closed)[1] != "53.9"
    assert equality(client, world, closed)[3] != "0.0"  # the citizens' party moved


def test_an_answer_saved_on_its_own_drops_the_cache(client, world, closed):
    before = equality(client, world, closed)
    instrument = spec(closed)
    item = next(i for i in instrument.items if i.dimension("value") == "likeverd" and not i.reverse)
    citizen = closed.responses.filter(party=parties_of(closed)["innbyggere"]).first()
    stored = Answer.objects.get(response=citizen, item_id=item.id)
    stored.code = 5
    stored.save()  # no service, no change to the response
    after = equality(client, world, closed)
    assert after != before
    assert after[3] != "0.0"


def test_releasing_free_text_keeps_the_cache(world):
    round = four_party_round(world, free_text="Godt samarbeid")
    round = project_services.round_close(round=project_services.round_open(round=round))
    selectors.round_group_scores(fresh(round))
    text = Answer.objects.get(response__round=round, item_id="FRI-BRA")
    from samson.results.services import free_text_release

    free_text_release(answer=text, release=True)
    assert answers_read(round) == 0


def test_a_deleted_response_changes_the_results(client, world, closed):
    assert equality(client, world, closed)[1] == "53.9"
    closed.responses.filter(party=parties_of(closed)["kommunen"]).first().delete()
    # Kommunen now has 5 (still shown): all are (500 + 425) / 18 = 51.4.
    assert equality(client, world, closed)[1] == "51.4"


def test_a_larger_minimum_group_size_changes_the_results(client, world, closed):
    assert equality(client, world, closed) == ["Equality", "53.9", "100.0", "0.0", "60.7"]
    project = closed.project
    project.min_group_size = 7
    project.save(update_fields=["min_group_size"])
    # Minimum 7: kommunen (6) and citizens (6) are too few now; no party is shown on its own.
    html = client.get(url("results:round", closed), **EN).content.decode()
    counts = table(html, "Finished answers per party")[1:]
    assert [row[1] for row in counts] == [
        "fewer than 7",
        "fewer than 7",
        "fewer than 7",
        "fewer than 7",
        "19",
    ]


def test_reordering_the_parties_changes_the_results(closed):
    first = selectors.round_group_scores(fresh(closed))
    parties = list(closed.project.parties.order_by("position", "pk"))
    for position, party in enumerate(reversed(parties)):
        party.position = position
        party.save(update_fields=["position"])
    assert answers_read(closed) == 1
    second = selectors.round_group_scores(fresh(closed))
    assert [g.key for g in second.parties] == [g.key for g in reversed(first.parties)]


def test_reopening_and_closing_again_reads_the_answers_again(closed):
    selectors.round_group_scores(fresh(closed))
    assert answers_read(closed) == 0
    reopened = project_services.round_reopen(round=fresh(closed))
    assert answers_read(reopened) == 1
    project_services.round_close(round=fresh(reopened))
    assert answers_read(closed) == 1
    assert answers_read(closed) == 0


def test_a_stale_entry_under_another_version_is_not_used(closed):
    key = selectors.results_cache_key(closed.pk)
    cache.set(key, ("not-the-version", selectors.RoundTallies({})), timeout=None)
    scores = selectors.round_group_scores(fresh(closed))
    assert scores.total is not None and scores.total.n == 19
    assert cache.get(key)[0] == selectors.results_version(fresh(closed))
