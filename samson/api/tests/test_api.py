"""The API's endpoints: the same projects, rounds and numbers as the web pages."""

import pytest
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from samson.audit.models import AuditEntry
from samson.projects.models import Project, Round
from samson.projects.tests.factories import project_with_parties
from samson.results import selectors as result_selectors
from samson.testing.rounds import answer, four_party_round, grid_answers, parties_of, spec

PROJECTS = "/api/v1/projects/"
SCHEMA = "/api/v1/schema/"


def rounds_url(round, action=""):
    return f"{PROJECTS}{round.project_id}/rounds/{round.pk}/{action}"


@pytest.mark.django_db
def test_a_facilitator_lists_their_own_projects(api, world):
    response = api(world["owner_a"])("get", PROJECTS)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1 and body["next"] is None and body["previous"] is None
    [project] = body["results"]
    assert project["id"] == world["project_a"].pk
    assert project["title"] == "Prosjekt A"
    assert project["organisation"]["name"] == world["project_a"].organisation.name
    assert [p["name"] for p in project["parties"]] == [
        p.name for p in world["project_a"].parties.all()
    ]


@pytest.mark.django_db
def test_an_administrator_lists_every_project(api, world):
    body = api(world["admin"])("get", PROJECTS).json()
    assert [p["id"] for p in body["results"]] == sorted(
        [world["project_a"].pk, world["project_b"].pk]
    )


@pytest.mark.django_db
def test_lists_are_paginated(api, world):
    owner = world["owner_a"]
    for number in range(55):
        project_with_parties(owner, world["project_a"].organisation, title=f"P{number}")
    call = api(owner)
    first = call("get", PROJECTS).json()
    assert first["count"] == 56 and len(first["results"]) == 50
    second = call("get", first["next"]).json()
    assert len(second["results"]) == 6 and second["next"] is None


@pytest.mark.django_db
def test_create_a_project(api, world):
    organisation = world["project_a"].organisation
    response = api(world["owner_a"])(
        "post",
        PROJECTS,
        {
            "title": "Nytt prosjekt",
            "organisation": organisation.pk,
            "party_presets": ["kommunen", "innbyggere"],
            "party_names": ["Ungdomsrådet", " "],
            "min_group_size": 6,
        },
    )
    assert response.status_code == 201
    body = response.json()
    project = Project.objects.get(pk=body["id"])
    assert project.title == "Nytt prosjekt" and project.min_group_size == 6
    assert project.instrument_key == "samson"
    assert [p["name"] for p in body["parties"]] == [
        "Kommunen",
        "Innbyggere og brukere",
        "Ungdomsrådet",
    ]
    assert project.facilitators.get().user == world["owner_a"]


@pytest.mark.django_db
def test_invalid_input_names_each_field_and_creates_nothing(api, world):
    before = Project.objects.count()
    response = api(world["owner_a"])(
        "post",
        PROJECTS,
        {
            "title": "",
            "organisation": 999999,
            "instrument_key": "finnes-ikke",
            "min_group_size": 2,
            "party_presets": ["ukjent"],
        },
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["message"] == "Inndataene er ikke gyldige."
    assert sorted(error["fields"]) == [
        "instrument_key",
        "min_group_size",
        "organisation",
        "party_presets.0",
        "title",
    ]
    assert error["fields"]["min_group_size"] == [
        "Minste gruppestørrelse kan ikke være lavere enn 5."
    ]
    assert Project.objects.count() == before


@pytest.mark.django_db
def test_a_project_needs_a_party(api, world):
    response = api(world["owner_a"])(
        "post", PROJECTS, {"title": "T", "organisation": world["project_a"].organisation.pk}
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"non_field_errors": ["Oppgi minst én part."]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "parties",
    [
        {"party_presets": ["kommunen"]},
        {"party_names": ["Ungdomsrådet"]},
        {"party_presets": ["innbyggere", "innbyggere"]},
        {"party_presets": ["kommunen"], "party_names": ["Kommunen", "  "]},
    ],
)
def test_a_project_of_one_party_is_refused_as_on_the_web(api, world, parties):
    before = Project.objects.count()
    response = api(world["owner_a"])(
        "post",
        PROJECTS,
        {"title": "T", "organisation": world["project_a"].organisation.pk, **parties},
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "non_field_errors": [
            "Samskaping trenger minst to parter, for eksempel kommunen og innbyggerne. "
            "Legg til én part til."
        ]
    }
    assert Project.objects.count() == before


@pytest.mark.django_db
def test_nobody_creates_a_project_in_another_organisation(api, world):
    before = Project.objects.count()
    response = api(world["owner_b"])(
        "post",
        PROJECTS,
        {
            "title": "Inntrenger",
            "organisation": world["project_a"].organisation.pk,
            "party_presets": ["kommunen", "innbyggere"],
        },
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    assert Project.objects.count() == before


@pytest.mark.django_db
def test_open_and_close_a_round(api, world):
    call = api(world["owner_a"])
    round = world["round_a"]
    opened = call("post", rounds_url(round, "open/"))
    assert opened.status_code == 200 and opened.json()["state"] == "apen"
    again = call("post", rounds_url(round, "open/"))
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "conflict"
    closed = call("post", rounds_url(round, "close/"))
    assert closed.status_code == 200 and closed.json()["state"] == "lukket"
    round.refresh_from_db()
    assert round.state == Round.State.CLOSED


@pytest.mark.django_db
def test_create_a_round(api, world):
    response = api(world["co_a"])(
        "post", f"{PROJECTS}{world['project_a'].pk}/rounds/", {"label": "Underveis"}
    )
    assert response.status_code == 201
    body = response.json()
    assert body["label"] == "Underveis" and body["state"] == "utkast"
    assert body["instrument"]["key"] == "samson"


@pytest.fixture
def four_parties(world):
    return four_party_round(world)


@pytest.mark.django_db
def test_results_are_the_pages_numbers_with_the_same_suppression(api, world, four_parties):
    response = api(world["owner_a"])("get", rounds_url(four_parties, "results/"))
    assert response.status_code == 200
    body = response.json()
    parties = parties_of(four_parties)
    assert body["min_group_size"] == 5
    assert body["counts"] == [
        {"party": parties["kommunen"].pk, "name": "Kommunen", "status": "shown", "n": 6},
        {
            "party": parties["innbyggere"].pk,
            "name": "Innbyggere og brukere",
            "status": "shown",
            "n": 6,
        },
        {
            "party": parties["frivillige"].pk,
            "name": "Frivillig sektor",
            "status": "merged",
            "n": None,
        },
        {"party": parties["naeringsliv"].pk, "name": "Næringsliv", "status": "too_few", "n": None},
    ]
    assert body["total_n"] == 19 and body["other_n"] == 7
    assert [(g["party"], g["n"]) for g in body["parties"]] == [
        (parties["kommunen"].pk, 6),
        (parties["innbyggere"].pk, 6),
    ]
    assert body["other"]["n"] == 7
    scores = result_selectors.round_group_scores(four_parties)
    assert scores.total is not None and scores.total.result is not None
    assert body["total"]["result"] == scores.total.result.to_dict("nb")
    assert body["parties"][0]["result"] == scores.parties[0].result.to_dict("nb")
    # No suppressed party's id appears beside a score.
    hidden = {str(parties["frivillige"].pk), str(parties["naeringsliv"].pk)}
    for spot in body["disagreements"]:
        assert not hidden & set(spot["scores"])
    likeverd = next(
        s for s in body["disagreements"] if s["kind"] == "value" and s["value"] == "likeverd"
    )
    assert likeverd["scores"] == {
        str(parties["kommunen"].pk): 100.0,
        str(parties["innbyggere"].pk): 0.0,
    }
    assert likeverd["level"] == "large"


@pytest.mark.django_db
def test_results_of_a_round_with_too_few_answers_show_nothing(api, world):
    round = world["round_a"]
    answer(round, round.project.parties.first(), grid_answers(spec(round)), 4)
    body = api(world["owner_a"])("get", rounds_url(round, "results/")).json()
    assert body["total"] is None and body["total_n"] is None
    assert body["parties"] == [] and body["disagreements"] == []
    assert {count["n"] for count in body["counts"]} == {None}


@pytest.mark.django_db
def test_errors_are_json_with_one_shape(api, world):
    response = api(world["owner_a"])("get", f"{PROJECTS}{world['project_b'].pk}/")
    assert response.status_code == 404
    assert response.json() == {
        "error": {"status": 404, "code": "not_found", "message": "Ikke funnet.", "fields": {}}
    }


@pytest.mark.django_db
def test_requests_beyond_the_rate_limit_are_refused(api, world, monkeypatch):
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "3/minute"})
    call = api(world["owner_a"])
    assert [call("get", PROJECTS).status_code for _ in range(4)] == [200, 200, 200, 429]
    refused = call("get", PROJECTS)
    assert refused.json()["error"]["code"] == "throttled"
    assert int(refused["Retry-After"]) > 0


@pytest.mark.django_db
def test_the_schema_is_public_openapi_3(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert sorted(schema["paths"]) == [
        "/api/v1/barometer/editions/",
        "/api/v1/barometer/editions/{id}/estimates/",
        "/api/v1/projects/",
        "/api/v1/projects/{id}/",
        "/api/v1/projects/{id}/rounds/",
        "/api/v1/projects/{id}/rounds/{round_pk}/",
        "/api/v1/projects/{id}/rounds/{round_pk}/close/",
        "/api/v1/projects/{id}/rounds/{round_pk}/open/",
        "/api/v1/projects/{id}/rounds/{round_pk}/results/",
    ]
    assert schema["components"]["securitySchemes"] == {
        "apiKey": {"type": "http", "scheme": "bearer", "description": "A personal API key."}
    }


@pytest.mark.django_db
def test_an_unknown_api_address_is_a_json_404(client):
    response = client.get("/api/v1/finnes-ikke/")
    assert response.status_code == 404
    assert response.json()["error"] == {
        "status": 404,
        "code": "not_found",
        "message": "Ikke funnet.",
        "fields": {},
    }
    assert "<html" in client.get("/finnes-ikke/").content.decode()


@pytest.mark.django_db
def test_writes_through_the_api_are_audited_with_the_key_owner(api, world):
    call = api(world["owner_a"])
    before = AuditEntry.objects.count()
    created = call(
        "post",
        PROJECTS,
        {
            "title": "Loggført",
            "organisation": world["project_a"].organisation.pk,
            "party_presets": ["kommunen", "innbyggere"],
        },
    )
    call("post", rounds_url(world["round_a"], "open/"))
    entries = AuditEntry.objects.order_by("pk")[before:]
    assert [(e.actor, e.action, e.object_id, e.details) for e in entries] == [
        (world["owner_a"], "project.create", str(created.json()["id"]), {}),
        (world["owner_a"], "round.transition", str(world["round_a"].pk), {"to": "apen"}),
    ]


@pytest.mark.django_db
def test_a_new_forwarded_for_header_does_not_escape_the_anonymous_limit(client, monkeypatch):
    """DRF's own throttle names an anonymous client by the X-Forwarded-For it sends; ours by the
    address SAMSON trusts (no proxy is trusted here)."""
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute", "user": None})
    statuses = [
        client.get(SCHEMA, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["", "0", "-1", "1.0", "٢", " 1", "abc"])
def test_a_page_that_is_not_a_page_number_is_refused(api, world, page):
    response = api(world["owner_a"])("get", f"{PROJECTS}?page={page}")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "page": ["Siden må være et heltall fra 1 og oppover."]
    }


@pytest.mark.django_db
def test_the_first_and_last_page_by_number_and_by_name(api, world):
    call = api(world["owner_a"])
    assert call("get", f"{PROJECTS}?page=1").json()["count"] == 1
    assert call("get", f"{PROJECTS}?page=last").json()["count"] == 1
    assert call("get", f"{PROJECTS}?page=2").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("label", [12, 1.5, True, ["Runde"], {"nb": "Runde"}])
def test_a_round_label_must_be_text(api, world, label):
    before = Round.objects.count()
    response = api(world["co_a"])(
        "post", f"{PROJECTS}{world['project_a'].pk}/rounds/", {"label": label}
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"label": ["Må være tekst."]}
    assert Round.objects.count() == before


@pytest.mark.django_db
def test_the_schema_states_the_minimum_group_size(client, settings):
    settings.SAMSON_MIN_GROUP_SIZE = 5
    schema = client.get(SCHEMA).json()
    assert schema["components"]["schemas"]["ProjectCreateRequest"]["properties"][
        "min_group_size"
    ] == {
        "type": "integer",
        "maximum": 1000,
        "minimum": 5,
    }
