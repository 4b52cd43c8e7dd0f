"""The permission matrix: every role × every facilitator URL, each cell asserted.

Participants have no session: they reach a project only through its join code
(samson/participation/tests). A project someone may not see answers 404, so ids are not probed.
"""

import pytest
from django.urls import reverse

ROLES = ["anonymous", "owner_a", "co_a", "owner_b", "admin"]
LOGIN = "login"

# (name, method, url kwargs, data) → expected status per role (LOGIN = redirect to log-in).
MATRIX = [
    ("projects:list", "get", {}, {}, [LOGIN, 200, 200, 200, 200]),
    ("projects:create", "get", {}, {}, [LOGIN, 200, 200, 200, 200]),
    ("projects:detail", "get", {"pk": "A"}, {}, [LOGIN, 200, 200, 404, 200]),
    ("projects:round_create", "post", {"pk": "A"}, {"label": "Ny"}, [LOGIN, 302, 302, 404, 302]),
    ("projects:round", "get", {"pk": "A", "round_pk": "RA"}, {}, [LOGIN, 200, 200, 404, 200]),
    (
        "projects:round_state",
        "post",
        {"pk": "A", "round_pk": "RA"},
        {"to": "apen"},
        [LOGIN, 302, 302, 404, 302],
    ),
    (
        "projects:round_follow_up",
        "post",
        {"pk": "A", "round_pk": "RA"},
        {"text": "Takk"},
        [LOGIN, 302, 302, 404, 302],
    ),
    (
        "results:round",
        "get",
        {"project_pk": "A", "round_pk": "RA"},
        {},
        [LOGIN, 200, 200, 404, 200],
    ),
    ("results:compare", "get", {"project_pk": "A"}, {}, [LOGIN, 200, 200, 404, 200]),
    (
        "results:workshop",
        "get",
        {"project_pk": "A", "round_pk": "RA"},
        {},
        [LOGIN, 200, 200, 404, 200],
    ),
    (
        "results:workshop_status",
        "get",
        {"project_pk": "A", "round_pk": "RA"},
        {},
        [LOGIN, 200, 200, 404, 200],
    ),
    (
        "results:reveal",
        "post",
        {"project_pk": "A", "round_pk": "RA"},
        {"direction": "next"},
        [LOGIN, 302, 302, 404, 302],
    ),
    (
        "results:freetext",
        "get",
        {"project_pk": "A", "round_pk": "RA"},
        {},
        [LOGIN, 200, 200, 404, 200],
    ),
    # A round of project B reached through project A's id is never found.
    ("projects:round", "get", {"pk": "A", "round_pk": "RB"}, {}, [LOGIN, 404, 404, 404, 404]),
    (
        "results:round",
        "get",
        {"project_pk": "A", "round_pk": "RB"},
        {},
        [LOGIN, 404, 404, 404, 404],
    ),
]


def _kwargs(world, kwargs):
    ids = {
        "A": world["project_a"].pk,
        "B": world["project_b"].pk,
        "RA": world["round_a"].pk,
        "RB": world["round_b"].pk,
    }
    return {key: ids[value] for key, value in kwargs.items()}


@pytest.mark.parametrize(("name", "method", "kwargs", "data", "expected"), MATRIX)
@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_permission_matrix(client, world, name, method, kwargs, data, expected, role_index):
    role = ROLES[role_index]
    if role != "anonymous":
        client.force_login(world[role])
    url = reverse(name, kwargs=_kwargs(world, kwargs))
    reply = getattr(client, method)(url, data)
    want = expected[role_index]
    if want == LOGIN:
        assert reply.status_code == 302
        assert reply["Location"].startswith(reverse("accounts:login") + "?next=")
    else:
        assert reply.status_code == want


def test_a_facilitator_cannot_create_a_project_in_another_organisation(client, world):
    client.force_login(world["owner_b"])
    reply = client.post(
        reverse("projects:create"),
        {
            "title": "Inntrenger",
            "organisation": world["project_a"].organisation_id,
            "min_group_size": 5,
            "party_presets": ["kommunen"],
        },
    )
    assert reply.status_code == 200
    assert "Prosjekt A" not in reply.content.decode()
    assert world["project_a"].organisation.projects.count() == 1
