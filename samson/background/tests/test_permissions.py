"""The background pages × every role, as the results pages (samson/projects/rules.py)."""

import pytest
from django.urls import reverse

from samson.background.models import BackgroundSettings

ROLES = ["anonymous", "owner_a", "co_a", "owner_b", "admin"]
LOGIN = "login"

MATRIX = [
    ("background:settings", "get", {}, [LOGIN, 200, 200, 404, 200]),
    ("background:settings", "post", {"ask_age": "on"}, [LOGIN, 302, 302, 404, 302]),
    ("background:round", "get", {}, [LOGIN, 200, 200, 404, 200]),
]


def _url(name, world, round_key="round_a"):
    project = world["project_a"]
    if name == "background:round":
        return reverse(name, kwargs={"pk": project.pk, "round_pk": world[round_key].pk})
    return reverse(name, kwargs={"pk": project.pk})


@pytest.mark.parametrize(("name", "method", "data", "expected"), MATRIX)
@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_permission_matrix(client, world, name, method, data, expected, role_index):
    role = ROLES[role_index]
    if role != "anonymous":
        client.force_login(world[role])
    reply = getattr(client, method)(_url(name, world), data)
    want = expected[role_index]
    if want == LOGIN:
        assert reply.status_code == 302
        assert reply["Location"].startswith(reverse("accounts:login") + "?next=")
    else:
        assert reply.status_code == want
    if method == "post":
        assert BackgroundSettings.objects.exists() == (want == 302)


def test_a_round_of_another_project_is_not_found(client, world):
    client.force_login(world["owner_a"])
    assert client.get(_url("background:round", world, "round_b")).status_code == 404
