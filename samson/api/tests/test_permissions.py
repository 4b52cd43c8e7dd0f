"""The API's permission matrix: the web's rules, every role × every endpoint, each cell
asserted. A refused call leaves the database as it was."""

import pytest

from samson.projects.models import Project, Round
from samson.testing.permissions import Cell, Row, assert_cell, cells, user_of


def _state():
    return (
        Project.objects.count(),
        Round.objects.count(),
        sorted(Round.objects.values_list("pk", "state")),
    )


NEW = {"title": "Nytt", "organisation": "ORG_A", "party_presets": ["kommunen", "innbyggere"]}

# Path templates; answers per role: anonymous, owner_a, co_a, owner_b, admin.
MATRIX = [
    Row("/api/v1/projects/", "get", [401, 200, 200, 200, 200]),
    Row("/api/v1/projects/", "post", [401, 201, 403, 403, 201], data=NEW),
    Row("/api/v1/projects/{A}/", "get", [401, 200, 200, 404, 200]),
    Row("/api/v1/projects/{A}/rounds/", "get", [401, 200, 200, 404, 200]),
    Row("/api/v1/projects/{A}/rounds/", "post", [401, 201, 201, 404, 201], data={"label": "Ny"}),
    Row("/api/v1/projects/{A}/rounds/{RA}/", "get", [401, 200, 200, 404, 200]),
    Row("/api/v1/projects/{A}/rounds/{RB}/", "get", [401, 404, 404, 404, 404]),
    Row("/api/v1/projects/{A}/rounds/{RA}/open/", "post", [401, 200, 200, 404, 200]),
    Row("/api/v1/projects/{A}/rounds/{RA}/close/", "post", [401, 409, 409, 404, 409]),
    Row("/api/v1/projects/{A}/rounds/{RB}/open/", "post", [401, 404, 404, 404, 404]),
    Row("/api/v1/projects/{A}/rounds/{RA}/results/", "get", [401, 200, 200, 404, 200]),
    Row("/api/v1/projects/{B}/rounds/{RB}/results/", "get", [401, 404, 404, 200, 200]),
]


@pytest.mark.django_db
@pytest.mark.parametrize("cell", cells(MATRIX))
def test_permission_matrix(api, world, cell: Cell):
    path = cell.row.name.format(
        A=world["project_a"].pk,
        B=world["project_b"].pk,
        RA=world["round_a"].pk,
        RB=world["round_b"].pk,
    )
    data = cell.row.data
    if data and data.get("organisation") == "ORG_A":
        data = {**data, "organisation": world["project_a"].organisation.pk}
    call = api(user_of(world, cell.role))
    response = assert_cell(
        cell, lambda: call(cell.row.method, path, data), url=path, snapshot=_state
    )
    assert response["Content-Type"] == "application/json"
    if response.status_code >= 400:
        assert response.json()["error"]["status"] == response.status_code
