"""A round made through the API joins the way a round made on the project page does."""

import pytest

from samson.fieldwork.models import Fieldwork
from samson.projects.models import Round

pytestmark = pytest.mark.django_db

PROJECTS = "/api/v1/projects/"


def _rounds(project):
    return f"{PROJECTS}{project.pk}/rounds/"


def test_a_new_round_is_invitation_only_by_default(api, world):
    response = api(world["co_a"])("post", _rounds(world["project_a"]), {"label": "Underveis"})
    assert response.status_code == 201
    body = response.json()
    assert body["join_mode"] == "invitert"
    assert Fieldwork.objects.get(round_id=body["id"]).mode == Fieldwork.Mode.INVITED


def test_without_a_minimum_above_1_the_default_is_both(api, world, monkeypatch):
    monkeypatch.setattr("samson.fieldwork.services.minimum_group_size", lambda project: 1)
    response = api(world["co_a"])("post", _rounds(world["project_a"]), {"label": "Underveis"})
    assert response.json()["join_mode"] == "begge"


@pytest.mark.parametrize("mode", ["kode", "invitert", "begge"])
def test_the_caller_chooses_the_mode(api, world, mode):
    call = api(world["owner_a"])
    response = call("post", _rounds(world["project_a"]), {"label": "Underveis", "join_mode": mode})
    assert response.status_code == 201
    assert Fieldwork.objects.get(round_id=response.json()["id"]).mode == mode
    assert (
        call("get", f"{_rounds(world['project_a'])}{response.json()['id']}/").json()["join_mode"]
        == mode
    )


@pytest.mark.parametrize("mode", ["tull", "", None, 1, ["kode"], "KODE"])
def test_an_unknown_mode_makes_no_round(api, world, mode):
    before = (Round.objects.count(), Fieldwork.objects.count())
    response = api(world["owner_a"])(
        "post", _rounds(world["project_a"]), {"label": "Underveis", "join_mode": mode}
    )
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["join_mode"]
    assert (Round.objects.count(), Fieldwork.objects.count()) == before


def test_a_round_without_fieldwork_is_listed_as_open_code(api, world):
    listed = api(world["owner_a"])("get", _rounds(world["project_a"])).json()["results"]
    assert [(r["label"], r["join_mode"]) for r in listed] == [("Oppstart", "kode")]


def test_the_schema_states_the_modes(client):
    schemas = client.get("/api/v1/schema/").json()["components"]["schemas"]
    assert schemas["JoinModeEnum"]["enum"] == ["kode", "invitert", "begge"]
    mode = {"$ref": "#/components/schemas/JoinModeEnum"}
    assert schemas["RoundCreateRequest"]["properties"]["join_mode"]["allOf"] == [mode]
    assert schemas["RoundCreateRequest"]["required"] == ["label"]
    assert schemas["Round"]["properties"]["join_mode"]["allOf"] == [mode]
    assert schemas["Round"]["properties"]["join_mode"]["readOnly"] is True
