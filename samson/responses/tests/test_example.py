"""The published example result (issue 13): everyone may read it, nobody may change it.

The findings: an anonymous visitor changed the example's score for everyone, and a facilitator
who made a project of it sent every visitor of the home page to that project's thanks page.
"""

import importlib
import re
from typing import Any

import pytest
from django.apps import apps
from django.test import Client

from samson.barometer import services as barometer_services
from samson.barometer.models import Invitation
from samson.instruments.selectors import instrument_spec, instrument_version_get
from samson.projects.models import Project
from samson.responses import services
from samson.responses.demo import demo_answers, demo_load
from samson.responses.models import Answer, Response
from samson.responses.selectors import DEMO_TOKEN, demo_response_token, response_answers
from samson.responses.tokens import token_hash

RESULT = f"/vurdering/{DEMO_TOKEN}/resultat/"


def _home_link(client: Client) -> str:
    html = client.get("/").content.decode()
    links = re.findall(r'href="(/vurdering/[^"]*)"', html)
    assert len(links) == 1, links
    return links[0]


def _stored() -> tuple[object, ...]:
    example = Response.objects.get(token_hash=token_hash(DEMO_TOKEN))
    return (
        example.purpose,
        example.round_id,
        example.party_id,
        example.resume_page,
        example.opened_at,
        example.completed_at,
        example.updated_at,
        sorted(Answer.objects.filter(response=example).values_list("item_id", "code", "text")),
        Response.objects.count(),
        Project.objects.count(),
    )


def _kort_pages() -> list[dict[str, str]]:
    """For every page of the short assessment, answers other than the example's."""
    kort = instrument_spec(instrument_version_get(key="samson-kort"))
    pages = []
    for page in kort.pages:
        data = {"action": "finish"}
        for item in page.items:
            data[item.id] = "Endret av en besøkende" if item.type == "text" else "1"
        pages.append(data)
    return pages


@pytest.fixture
def example(instruments: None) -> None:
    assert demo_load() is True


def test_the_demo_loader_publishes_a_finished_read_only_example(example: None) -> None:
    response = Response.objects.get()
    assert response.purpose == "eksempel"
    assert response.round_id is None
    assert response.completed_at is not None
    kort = instrument_spec(response.instrument_version)
    assert response_answers(response) == demo_answers(kort)
    assert demo_response_token() == DEMO_TOKEN
    assert demo_load() is False  # a second run changes nothing
    assert Response.objects.get().pk == response.pk


def test_the_home_page_links_to_the_examples_result(client: Client, example: None) -> None:
    assert _home_link(client) == RESULT
    reply = client.get(RESULT)
    html = reply.content.decode()
    assert reply.status_code == 200
    assert "Dette er et eksempel" in html
    # Nothing on it invites a change: no "change your answers", no project, no private link.
    assert f"/vurdering/{DEMO_TOKEN}/side/" not in html
    assert f"/vurdering/{DEMO_TOKEN}/prosjekt/" not in html
    assert "Din private lenke" not in html


def test_without_a_published_example_the_home_page_has_no_link(
    client: Client, instruments: None
) -> None:
    kort = instrument_version_get(key="samson-kort")
    # A solo assessment under the example's token is not the example.
    response, _ = services.response_start(instrument_version=kort, language="nb", token=DEMO_TOKEN)
    services.response_complete(response=response)
    assert demo_response_token() is None
    assert 'href="/vurdering/' not in client.get("/").content.decode()


def test_an_anonymous_visitor_changes_nothing_through_any_solo_route(
    client: Client, example: None
) -> None:
    before = _stored()
    pages = _kort_pages()
    # Every page of the answering flow, by GET and by POST (next, back and finish).
    for number, data in enumerate(pages, start=1):
        page = f"/vurdering/{DEMO_TOKEN}/side/{number}/"
        assert client.get(page)["Location"] == RESULT
        for action in ("next", "back", "finish"):
            reply = client.post(page, {**data, "action": action})
            assert (reply.status_code, reply["Location"]) == (302, RESULT)
    assert client.get(f"/vurdering/{DEMO_TOKEN}/side/{len(pages) + 1}/")["Location"] == RESULT
    assert client.get(f"/vurdering/{DEMO_TOKEN}/")["Location"] == RESULT
    assert client.post(f"/vurdering/{DEMO_TOKEN}/").status_code == 405
    assert client.post(RESULT).status_code == 405
    assert client.post(f"/vurdering/{DEMO_TOKEN}/rapport/").status_code == 405
    # "Start a project" needs a log-in; the attempt is sent there and nothing happens.
    project = f"/vurdering/{DEMO_TOKEN}/prosjekt/"
    assert client.get(project)["Location"].startswith("/konto/logg-inn/")
    assert client.post(project, {"title": "Kapret"})["Location"].startswith("/konto/logg-inn/")
    # The participant's and the barometer's routes do not know the example's token.
    assert client.get(f"/vurdering/{DEMO_TOKEN}/bakgrunn/").status_code == 404
    assert client.post(f"/vurdering/{DEMO_TOKEN}/bakgrunn/", {"action": "skip"}).status_code == 404
    assert client.get(f"/barometer/svar/{DEMO_TOKEN}/side/1/").status_code == 404
    assert client.post(f"/barometer/svar/{DEMO_TOKEN}/side/1/", pages[0]).status_code == 404
    assert _stored() == before
    assert _home_link(client) == RESULT
    assert client.get(RESULT).status_code == 200


def test_a_facilitator_cannot_make_a_project_of_the_example(
    client: Client, world: dict[str, Any], example: None
) -> None:
    before = _stored()
    client.force_login(world["owner_a"])
    url = f"/vurdering/{DEMO_TOKEN}/prosjekt/"
    assert client.get(url).status_code == 404
    reply = client.post(
        url,
        {
            "title": "Kapret eksempel",
            "organisation": world["project_a"].organisation_id,
            "min_group_size": 5,
            "party_presets": ["kommunen", "innbyggere"],
        },
    )
    assert reply.status_code == 404
    assert _stored() == before
    assert not Project.objects.filter(title="Kapret eksempel").exists()
    # The home page still leads every visitor to the example's result, not to a thanks page.
    anonymous = Client()
    assert _home_link(anonymous) == RESULT
    assert anonymous.get(RESULT).status_code == 200


def test_the_services_refuse_to_change_the_example(world: dict[str, Any], example: None) -> None:
    response = Response.objects.get(token_hash=token_hash(DEMO_TOKEN))
    kort = instrument_spec(response.instrument_version)
    before = _stored()
    with pytest.raises(ValueError):
        services.response_page_save(
            response=response,
            instrument=kort,
            page_number=1,
            answers={item.id: None for item in kort.pages[0].items},
            resume_page=1,
        )
    with pytest.raises(ValueError):
        services.response_project_create(
            response=response,
            owner=world["owner_a"],
            project_fields={
                "organisation": world["project_a"].organisation,
                "title": "Kapret",
                "description": "",
                "min_group_size": 5,
                "party_presets": ["kommunen"],
                "party_names": [],
            },
        )
    assert _stored() == before


def test_only_a_finished_solo_assessment_can_be_published(
    instruments: None, world: dict[str, Any]
) -> None:
    kort = instrument_version_get(key="samson-kort")
    unfinished, _ = services.response_start(instrument_version=kort, language="nb")
    round = world["round_a"]
    in_round, _ = services.response_start(
        instrument_version=round.instrument_version, language="nb", round=round
    )
    services.response_complete(response=in_round)
    for response in (unfinished, in_round):
        with pytest.raises(ValueError):
            services.response_example_publish(response=response)
    assert sorted(Response.objects.values_list("purpose", flat=True)) == ["runde", "solo"]


def test_the_demo_loader_replaces_an_example_a_visitor_changed(instruments: None) -> None:
    """Before this fix the example was an ordinary solo assessment that anyone could change."""
    kort_version = instrument_version_get(key="samson-kort")
    kort = instrument_spec(kort_version)
    old, _ = services.response_start(
        instrument_version=kort_version, language="nb", token=DEMO_TOKEN
    )
    first = kort.pages[0]
    services.response_page_save(
        response=old,
        instrument=kort,
        page_number=1,
        answers={item.id: kort.codes(item)[0] for item in first.items if item.type != "text"},
        resume_page=2,
    )
    services.response_complete(response=old)
    assert demo_load() is True
    example = Response.objects.get()
    assert example.purpose == "eksempel"
    assert response_answers(example) == demo_answers(kort)


def _migration() -> Any:
    return importlib.import_module("samson.responses.migrations.0004_response_purpose")


def test_the_migration_gives_existing_responses_their_purpose(world: dict[str, Any]) -> None:
    kort = instrument_version_get(key="samson-kort")
    round = world["round_a"]
    solo, _ = services.response_start(instrument_version=kort, language="nb")
    example, _ = services.response_start(instrument_version=kort, language="nb", token=DEMO_TOKEN)
    in_round, _ = services.response_start(
        instrument_version=round.instrument_version, language="nb", round=round
    )
    edition = barometer_services.edition_create(
        organisation=world["project_a"].organisation, user=None, year=2025, title="T", sectors=[1]
    )
    barometer_services.invitations_create(edition=edition, background={}, count=1)
    invited = Invitation.objects.get().response
    # As they stood before the migration: no purpose at all.
    Response.objects.update(purpose="")
    _migration().purposes_set(apps, None)
    purposes = dict(Response.objects.values_list("pk", "purpose"))
    assert purposes == {
        solo.pk: "solo",
        example.pk: "eksempel",
        in_round.pk: "runde",
        invited.pk: "barometer",
    }


def test_the_migration_takes_the_public_token_from_an_example_made_into_a_project(
    world: dict[str, Any],
) -> None:
    round = world["round_a"]
    taken, _ = services.response_start(
        instrument_version=round.instrument_version, language="nb", token=DEMO_TOKEN, round=round
    )
    Response.objects.update(purpose="")
    _migration().purposes_set(apps, None)
    taken.refresh_from_db()
    # Still the project's answer, but no longer behind the token everyone knows.
    assert (taken.purpose, taken.round_id) == ("runde", round.pk)
    assert taken.token_hash != token_hash(DEMO_TOKEN)
    assert len(taken.token_hash) == 64
