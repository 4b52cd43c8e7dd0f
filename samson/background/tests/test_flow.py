"""A participant joins by code, may answer the voluntary background questions or skip them,
then answers the questionnaire as before."""

from __future__ import annotations

from typing import Any

import pytest

from samson.background.models import BackgroundAnswer
from samson.projects import services
from samson.responses.models import Response
from samson.testing.rounds import parties_of

from .conftest import ask_all

pytestmark = pytest.mark.django_db


def _start(client: Any, round: Any) -> str:
    """Choose the municipality party on the project page; the reply's location."""
    party = parties_of(round)["kommunen"]
    reply = client.post(f"/delta/{round.join_code}/", {"party": party.pk})
    assert reply.status_code == 302
    return str(reply["Location"])


def test_without_background_questions_the_questionnaire_starts_at_once(client, open_round):
    location = _start(client, open_round)
    assert location.endswith("/side/1/")
    assert BackgroundAnswer.objects.count() == 0


def test_the_questions_are_voluntary_and_answers_are_stored_with_the_response(client, open_round):
    sentrum, _nord = ask_all(open_round.project, (("Sentrum", 4000), ("Nord", 3000)))
    location = _start(client, open_round)
    token = location.split("/")[2]
    assert location == f"/vurdering/{token}/bakgrunn/"
    page = client.get(location).content.decode()
    for text in (
        "Om deg (frivillig)",
        "Disse spørsmålene er frivillige.",
        "Hvor gammel er du?",
        "Hvilket kjønn er du?",
        "Hvilken del av kommunen bor du i?",
        "25–39 år",
        # A youth project's participants have a band too (no population figure for it).
        '<input class="ds-input" type="radio" name="age_band" value="13-14" id="id_age_band_0">',
        "13–14 år",
        "Sentrum",
        "Hopp over disse spørsmålene",
    ):
        assert text in page
    assert page.count("Vil ikke svare") == 3
    reply = client.post(
        location, {"age_band": "25-39", "gender": "female", "area": sentrum.pk, "action": "save"}
    )
    assert reply["Location"] == f"/vurdering/{token}/side/1/"
    saved = BackgroundAnswer.objects.get()
    assert (saved.age_band, saved.gender, saved.area) == ("25-39", "female", sentrum)
    assert saved.response == Response.objects.get()
    # Going back shows the saved answers; answering again replaces them.
    assert 'value="25-39" id="id_age_band_2" checked' in client.get(location).content.decode()
    client.post(location, {"age_band": "none", "gender": "none", "area": "none"})
    saved = BackgroundAnswer.objects.get()
    assert (saved.age_band, saved.gender, saved.area) == ("", "", None)


def test_leaving_every_question_open_is_allowed(client, open_round):
    ask_all(open_round.project, (("Sentrum", None),))
    location = _start(client, open_round)
    reply = client.post(location, {"action": "save"})
    assert reply["Location"].endswith("/side/1/")
    saved = BackgroundAnswer.objects.get()
    assert (saved.age_band, saved.gender, saved.area) == ("", "", None)


def test_skipping_stores_nothing(client, open_round):
    ask_all(open_round.project, (("Sentrum", None),))
    location = _start(client, open_round)
    reply = client.post(location, {"age_band": "15-24", "action": "skip"})
    assert reply["Location"].endswith("/side/1/")
    assert BackgroundAnswer.objects.count() == 0


def test_only_the_chosen_questions_are_asked(client, open_round):
    from samson.background.models import BackgroundSettings

    BackgroundSettings.objects.create(project=open_round.project, ask_gender=True)
    page = client.get(_start(client, open_round)).content.decode()
    assert "Hvilket kjønn er du?" in page
    assert "Hvor gammel er du?" not in page
    assert "Hvilken del av kommunen" not in page


def test_an_area_of_another_project_is_refused(client, open_round, world):
    ask_all(open_round.project, (("Sentrum", None),))
    (elsewhere,) = ask_all(world["project_b"], (("Fremmed", None),))
    location = _start(client, open_round)
    reply = client.post(location, {"area": elsewhere.pk, "action": "save"})
    assert reply.status_code == 200
    assert "Velg et gyldig valg" in reply.content.decode()
    assert BackgroundAnswer.objects.count() == 0


def test_nothing_is_saved_after_the_round_closed(client, open_round):
    ask_all(open_round.project)
    location = _start(client, open_round)
    services.round_transition(round=open_round, to="lukket")
    reply = client.post(location, {"gender": "male", "action": "save"})
    assert reply.status_code == 200
    ended = "Svaringen i denne målingen er avsluttet, så ingenting ble lagret."
    assert ended in reply.content.decode()
    assert BackgroundAnswer.objects.count() == 0


def test_an_unknown_token_is_not_found(client, open_round):
    assert client.get("/vurdering/ukjent/bakgrunn/").status_code == 404


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("nn", ["Om deg (frivillig)", "Kor gammal er du?", "Vil ikkje svare", "Anna"]),
        ("en", ["About you (voluntary)", "How old are you?", "Don&#x27;t want to answer"]),
    ],
)
def test_the_questions_in_nynorsk_and_english(client, open_round, language, texts):
    ask_all(open_round.project, (("Sentrum", None),))
    location = _start(client, open_round)
    page = client.get(location, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    for text in texts:
        assert text in page
