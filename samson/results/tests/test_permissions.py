"""Every results URL × every role: anonymous → log-in, another organisation → 404."""

import pytest
from django.urls import reverse

ROLES = ["anonymous", "owner_a", "co_a", "owner_b", "admin"]
LOGIN = "login"

MATRIX = [
    ("results:round", "get", {}, [LOGIN, 200, 200, 404, 200]),
    ("results:compare", "get", {}, [LOGIN, 200, 200, 404, 200]),
    ("results:workshop", "get", {}, [LOGIN, 200, 200, 404, 200]),
    ("results:workshop_status", "get", {}, [LOGIN, 200, 200, 404, 200]),
    ("results:reveal", "post", {"direction": "next"}, [LOGIN, 302, 302, 404, 302]),
    ("results:freetext", "get", {}, [LOGIN, 200, 200, 404, 200]),
    ("results:freetext", "post", {"answer": "0", "action": "release"}, [LOGIN, 302, 302, 404, 302]),
]


@pytest.mark.parametrize(("name", "method", "data", "expected"), MATRIX)
@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_permission_matrix(client, world, name, method, data, expected, role_index):
    role = ROLES[role_index]
    if role != "anonymous":
        client.force_login(world[role])
    kwargs = {"project_pk": world["project_a"].pk}
    if name != "results:compare":
        kwargs["round_pk"] = world["round_a"].pk
    url = reverse(name, kwargs=kwargs)
    reply = getattr(client, method)(url, data)
    want = expected[role_index]
    if want == LOGIN:
        assert reply.status_code == 302
        assert reply["Location"].startswith(reverse("accounts:login") + "?next=")
    else:
        assert reply.status_code == want


@pytest.mark.parametrize(
    "name", ["results:round", "results:workshop", "results:workshop_status", "results:freetext"]
)
def test_a_round_of_another_project_is_not_found(client, world, name):
    client.force_login(world["owner_a"])
    url = reverse(
        name, kwargs={"project_pk": world["project_a"].pk, "round_pk": world["round_b"].pk}
    )
    assert client.get(url).status_code == 404


def test_reveal_by_another_organisation_changes_nothing(client, world):
    client.force_login(world["owner_b"])
    round = world["round_a"]
    url = reverse("results:reveal", kwargs={"project_pk": round.project_id, "round_pk": round.pk})
    assert client.post(url, {"direction": "next"}).status_code == 404
    round.refresh_from_db()
    assert round.revealed == 0


def test_workshop_status_only_answers_get(client, world):
    client.force_login(world["owner_a"])
    round = world["round_a"]
    url = reverse(
        "results:workshop_status", kwargs={"project_pk": round.project_id, "round_pk": round.pk}
    )
    assert client.post(url).status_code == 405
