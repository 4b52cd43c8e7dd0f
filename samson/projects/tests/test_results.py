"""The round results page: counts, suppression on the page, disagreements first."""

import pytest
from django.urls import reverse

from samson.instruments.selectors import instrument_spec
from samson.projects import services
from samson.projects.models import Party
from samson.responses import services as response_services


def _respond(round, party: Party, code: int, typology: int = 2) -> None:
    instrument = instrument_spec(round.instrument_version)
    response, _token = response_services.response_start(
        instrument_version=round.instrument_version, language="nb", round=round, party=party
    )
    answers = {}
    for item in instrument.items:
        if "typology" in item.dimensions:
            answers[item.id] = typology
        elif "value" in item.dimensions:
            answers[item.id] = 6 - code if item.reverse else code
    for number, page in enumerate(instrument.pages, start=1):
        response_services.response_page_save(
            response=response,
            instrument=instrument,
            page_number=number,
            answers={item.id: answers.get(item.id) for item in page.items},
            resume_page=number,
        )
    response_services.response_complete(response=response)


@pytest.fixture
def answered(world):
    round = services.round_transition(round=world["round_a"], to="apen")
    municipality = round.project.parties.get(preset="kommunen")
    citizens = round.project.parties.get(preset="innbyggere")
    return round, municipality, citizens


def _page(client, world, round) -> str:
    client.force_login(world["owner_a"])
    url = reverse("projects:results", kwargs={"pk": round.project_id, "round_pk": round.pk})
    return client.get(url).content.decode()


def test_parties_are_compared_and_disagreements_come_first(client, world, answered):
    round, municipality, citizens = answered
    for _ in range(5):
        _respond(round, municipality, 5, typology=2)
        _respond(round, citizens, 1, typology=1)
    html = _page(client, world, round)
    # Every agreement item scored 100 for the municipality and 0 for citizens: 100 points apart.
    assert html.index("Der partene ser det ulikt") < html.index("Alle partene samlet")
    assert "Likeverd – stor forskjell (100,0 poeng fra hverandre)" in html
    assert html.index("Likeverd – stor") < html.index("Likeverd – Forstå og definere problemet")
    assert "Kommunen: 100,0; Innbyggere og brukere: 0,0" in html
    assert "Hvem definerte utfordringen" in html and "partene svarer ulikt" in html
    assert "<td>5</td>" in html


def test_a_small_party_is_never_shown_nor_derivable(client, world, answered):
    round, municipality, citizens = answered
    for _ in range(6):
        _respond(round, municipality, 5)
    for _ in range(2):
        _respond(round, citizens, 1)
    html = _page(client, world, round)
    # Citizens (2) are too few; the municipality (6) is hidden too, or citizens = total - it.
    assert html.count("for få svar (færre enn 5)") == 2
    assert "<td>6</td>" not in html and "<td>2</td>" not in html
    assert "Kommunen: " not in html and "Innbyggere og brukere: " not in html
    # The pooled result of all eight is shown.
    assert "Alle partene samlet" in html


def test_nothing_is_shown_below_the_minimum(client, world, answered):
    round, municipality, _citizens = answered
    for _ in range(4):
        _respond(round, municipality, 3)
    html = _page(client, world, round)
    assert "Det er færre enn 5 svar i denne målingen, så ingen resultater vises ennå." in html
    assert "Alle partene samlet" not in html


def test_two_rounds_are_compared_per_group(client, world, answered):
    first, municipality, citizens = answered
    for _ in range(5):
        _respond(first, municipality, 2)
        _respond(first, citizens, 3)
    services.round_transition(round=first, to="lukket")
    second = services.round_transition(
        round=services.round_create(project=first.project, label="Underveis"), to="apen"
    )
    for _ in range(5):
        _respond(second, municipality, 4)
        _respond(second, citizens, 3)
    client.force_login(world["co_a"])
    url = reverse("projects:compare", kwargs={"pk": first.project_id})
    html = client.get(url, {"first": first.pk, "second": second.pk}).content.decode()
    # Municipality: every item 25 -> 75; citizens 50 -> 50; everyone 37.5 -> 62.5.
    assert '<caption id="compare-1">Alle parter</caption>' in html
    assert '<th scope="row">Samlet skår</th><td>37,5</td><td>62,5</td><td>25,0</td>' in html
    assert '<th scope="row">Likeverd</th><td>25,0</td><td>75,0</td><td>50,0</td>' in html
    assert '<th scope="row">Likeverd</th><td>50,0</td><td>50,0</td><td>0,0</td>' in html
    same = client.get(url, {"first": first.pk, "second": first.pk}).content.decode()
    assert "Velg to ulike målinger." in same
