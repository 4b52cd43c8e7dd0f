"""The facilitator chooses the questions and names the parts of the municipality."""

from __future__ import annotations

import pytest

from samson.audit.models import AuditEntry
from samson.background.models import Area, BackgroundSettings

from .conftest import ask_all, respondents

pytestmark = pytest.mark.django_db


def _url(project) -> str:
    return f"/prosjekter/{project.pk}/bakgrunn/"


def test_saving_the_questions_and_the_parts(client, world):
    project = world["project_a"]
    client.force_login(world["owner_a"])
    page = client.get(_url(project)).content.decode()
    assert "Hvilke spørsmål skal deltakerne få?" in page
    reply = client.post(
        _url(project),
        {"ask_age": "on", "ask_area": "on", "areas": "Sentrum; 4 200\n\nNord\n  Sør ;1800 \n"},
    )
    assert reply["Location"] == f"/prosjekter/{project.pk}/"
    settings = BackgroundSettings.objects.get(project=project)
    assert (settings.ask_age, settings.ask_gender, settings.ask_area) == (True, False, True)
    assert [(a.name, a.population, a.position) for a in Area.objects.all()] == [
        ("Sentrum", 4200, 0),
        ("Nord", None, 1),
        ("Sør", 1800, 2),
    ]
    assert AuditEntry.objects.filter(action="project.background_set").count() == 1
    page = client.get(_url(project)).content.decode()
    assert "Sentrum; 4200\nNord\nSør; 1800</textarea>" in page
    assert 'name="ask_age" id="id_ask_age" checked' in page


def test_a_removed_part_with_answers_is_kept_but_no_longer_offered(client, world, open_round):
    project = open_round.project
    client.force_login(world["owner_a"])
    client.post(_url(project), {"ask_area": "on", "areas": "Sentrum\nNord"})
    nord = Area.objects.get(name="Nord")
    respondents(open_round, 1, area=nord)
    client.post(_url(project), {"ask_area": "on", "areas": "Sentrum\nSør"})
    assert [(a.name, a.active) for a in Area.objects.all()] == [
        ("Sentrum", True),
        ("Nord", False),
        ("Sør", True),
    ]
    client.post(_url(project), {"ask_area": "on", "areas": "Sør"})
    assert [(a.name, a.active) for a in Area.objects.all()] == [("Sør", True), ("Nord", False)]


@pytest.mark.parametrize(
    ("areas", "message"),
    [
        ("", "Skriv inn minst én del av kommunen å spørre om."),
        ("Nord\nNord", "Nord står to ganger i listen."),
        ("Nord;", "Skriv antall innbyggere etter semikolonet, eller ta det bort."),
        ("Nord; mange", "Skriv antall innbyggere etter semikolonet, eller ta det bort."),
    ],
)
def test_mistakes_in_the_parts_are_explained(client, world, areas, message):
    project = world["project_a"]
    client.force_login(world["owner_a"])
    reply = client.post(_url(project), {"ask_area": "on", "areas": areas})
    assert reply.status_code == 200
    assert message in reply.content.decode()
    assert not BackgroundSettings.objects.exists()


def test_background_answers_go_with_their_responses(world, open_round):
    from samson.background.models import BackgroundAnswer

    (area,) = ask_all(open_round.project, (("Sentrum", None),))
    respondents(open_round, 2, area=area)
    open_round.delete()  # deletes its responses, and so their background answers
    assert not BackgroundAnswer.objects.exists()
    open_round.project.delete()
    assert not Area.objects.exists()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        (
            "nb",
            "Du har skrevet inn deler av kommunen, men spørsmålet om dem er ikke krysset av. "
            "Kryss det av for å spørre om delene, eller tøm lista.",
        ),
        (
            "nn",
            "Du har skrive inn delar av kommunen, men spørsmålet om dei er ikkje kryssa av. "
            "Kryss det av for å spørje om delane, eller tøm lista.",
        ),
        (
            "en",
            "You named parts of the municipality, but the question about them is not ticked. "
            "Tick it to ask about the parts, or empty the list.",
        ),
    ],
)
def test_parts_named_without_the_box_are_not_saved_silently(client, world, language, message):
    project = world["project_a"]
    client.force_login(world["owner_a"])
    reply = client.post(
        _url(project),
        {"ask_age": "on", "areas": "Sentrum\nNord"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert reply.status_code == 200
    assert message in reply.content.decode()
    assert '<a class="ds-link" href="#id_ask_area">' in reply.content.decode()
    assert not BackgroundSettings.objects.filter(project=project).exists()
    assert not Area.objects.exists()
