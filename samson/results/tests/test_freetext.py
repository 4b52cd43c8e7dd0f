"""Free text: listed to facilitators only, released and withdrawn one answer at a time."""

import pytest
from django.urls import reverse

from samson.projects import services
from samson.responses.models import Answer
from samson.results.presenters import free_text_questions
from samson.testing.html import visible_text
from samson.testing.rounds import answer, grid_answers, parties_of, spec, url

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def texts(world):
    round = services.round_transition(round=world["round_a"], to="apen")
    parties = parties_of(round)
    instrument = spec(round)
    answer(round, parties["kommunen"], grid_answers(instrument, FRI_BRA="Vi lytter til hverandre"))
    answer(
        round, parties["innbyggere"], grid_answers(instrument, FRI_ENDRE="Flere møter på kveldstid")
    )
    answer(
        round,
        parties["innbyggere"],
        grid_answers(instrument, FRI_BRA="Ikke ferdig"),
        finished=False,
    )
    answer(
        world["round_b"],
        parties_of(world["round_b"])["kommunen"],
        grid_answers(instrument, FRI_BRA="Annet prosjekt"),
    )
    return round


def _answer(text):
    return Answer.objects.get(text=text)


def test_the_list_shows_finished_answers_of_the_round_without_parties(client, world, texts):
    client.force_login(world["owner_a"])
    html = client.get(url("results:freetext", texts), **EN).content.decode()
    text = visible_text(html)
    assert (
        "What works well in the collaboration? Vi lytter til hverandre Not released Release" in text
    )
    assert "Flere møter på kveldstid Not released Release" in text
    assert "Ikke ferdig" not in text
    assert "Annet prosjekt" not in text
    for party in parties_of(texts).values():
        assert party.name not in text


def test_release_and_withdraw(client, world, texts):
    client.force_login(world["co_a"])
    target = _answer("Vi lytter til hverandre")
    reply = client.post(url("results:freetext", texts), {"answer": target.pk, "action": "release"})
    assert reply.status_code == 302
    assert reply["Location"] == url("results:freetext", texts) + f"#answer-{target.pk}"
    target.refresh_from_db()
    assert target.released_at is not None
    assert _answer("Flere møter på kveldstid").released_at is None
    # Participants see it on the project page they reach with the code.
    page = client.get(reverse("participation:project", kwargs={"code": texts.join_code}))
    assert "Vi lytter til hverandre" in page.content.decode()
    assert "Flere møter på kveldstid" not in page.content.decode()
    html = client.get(url("results:freetext", texts), **EN).content.decode()
    assert "Vi lytter til hverandre Released" in visible_text(html)
    client.post(url("results:freetext", texts), {"answer": target.pk, "action": "withdraw"})
    target.refresh_from_db()
    assert target.released_at is None


def test_bad_input_changes_nothing(client, world, texts):
    client.force_login(world["owner_a"])
    other = _answer("Annet prosjekt")  # an answer of project B's round
    unfinished = _answer("Ikke ferdig")
    for data in (
        {"answer": other.pk, "action": "release"},
        {"answer": unfinished.pk, "action": "release"},
        {"answer": "abc", "action": "release"},
        {"answer": _answer("Vi lytter til hverandre").pk, "action": "publish-all"},
    ):
        reply = client.post(url("results:freetext", texts), data, follow=True, **EN)
        assert reply.status_code == 200
        assert (
            "That answer or action was not found in this round. Nothing was changed."
            in visible_text(reply.content.decode())
        )
    assert list(Answer.objects.exclude(released_at=None)) == []


def test_the_questions_are_grouped_in_the_order_the_answers_come(world):
    instrument = spec(world["round_a"])
    first, second, third, gone = (
        Answer(item_id=item_id, text=text)
        for item_id, text in (
            ("FRI-ENDRE", "a"),
            ("FRI-BRA", "b"),
            ("FRI-ENDRE", "c"),
            ("FRI-BORTE", "d"),
        )
    )
    questions = free_text_questions([first, second, third, gone], instrument, "en")
    assert [question.text for question in questions] == [
        "What should you do differently?",
        "What works well in the collaboration?",
        "FRI-BORTE",  # an item the instrument no longer has is named by its id
    ]
    assert [question.answers for question in questions] == [(first, third), (second,), (gone,)]
