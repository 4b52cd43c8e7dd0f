"""The API's permission matrix: the web's rules, every role × every endpoint, each cell
asserted. A refused call leaves the database as it was."""

import pytest

from samson.projects.models import Project, Round

ROLES = ["anonymous", "owner_a", "co_a", "owner_b", "admin"]


def _state():
    return (
        Project.objects.count(),
        Round.objects.count(),
        sorted(Round.objects.values_list("pk", "state")),
    )


# (method, path template, data, expected per role in ROLES order)
MATRIX = [
    ("get", "/api/v1/projects/", None, [401, 200, 200, 200, 200]),
    (
        "post",
        "/api/v1/projects/",
        {"title": "Nytt", "organisation": "ORG_A", "party_presets": ["kommunen", "innbyggere"]},
        [401, 201, 403, 403, 201],
    ),
    ("get", "/api/v1/projects/{A}/", None, [401, 200, 200, 404, 200]),
    ("get", "/api/v1/projects/{A}/rounds/", None, [401, 200, 200, 404, 200]),
    ("post", "/api/v1/projects/{A}/rounds/", {"label": "Ny"}, [401, 201, 201, 404, 201]),
    ("get", "/api/v1/projects/{A}/rounds/{RA}/", None, [401, 200, 200, 404, 200]),
    ("get", "/api/v1/projects/{A}/rounds/{RB}/", None, [401, 404, 404, 404, 404]),
    ("post", "/api/v1/projects/{A}/rounds/{RA}/open/", None, [401, 200, 200, 404, 200]),
    ("post", "/api/v1/projects/{A}/rounds/{RA}/close/", None, [401, 409, 409, 404, 409]),
    ("post", "/api/v1/projects/{A}/rounds/{RB}/open/", None, [401, 404, 404, 404, 404]),
    ("get", "/api/v1/projects/{A}/rounds/{RA}/results/", None, [401, 200, 200, 404, 200]),
    ("get", "/api/v1/projects/{B}/rounds/{RB}/results/", None, [401, 404, 404, 200, 200]),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "index"), [(role, i) for i, role in enumerate(ROLES)])
@pytest.mark.parametrize(("method", "template", "data", "expected"), MATRIX)
def test_permission_matrix(api, world, role, index, method, template, data, expected):
    path = template.format(
        A=world["project_a"].pk,
        B=world["project_b"].pk,
        RA=world["round_a"].pk,
        RB=world["round_b"].pk,
    )
    if data and data.get("organisation") == "ORG_A":
        data = {**data, "organisation": world["project_a"].organisation.pk}
    user = None if role == "anonymous" else world[role]
    before = _state()
    response = api(user)(method, path, data)
    assert response.status_code == expected[index]
    assert response["Content-Type"] == "application/json"
    if response.status_code >= 400:
        assert response.json()["error"]["status"] == response.status_code
        assert _state() == before
