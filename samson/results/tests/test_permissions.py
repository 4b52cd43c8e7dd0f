"""Every results URL × every role: anonymous → log-in, another organisation → 404."""

from functools import partial

import pytest
from django.urls import reverse

from samson.projects.models import Round
from samson.testing.permissions import LOGIN, Cell, Row, assert_cell, cells, log_in

RELEASE = {"answer": "0", "action": "release"}

# Answers per role: anonymous, owner_a, co_a, owner_b, admin.
MATRIX = [
    Row("results:round", "get", [LOGIN, 200, 200, 404, 200]),
    Row("results:compare", "get", [LOGIN, 200, 200, 404, 200]),
    Row("results:workshop", "get", [LOGIN, 200, 200, 404, 200]),
    Row("results:workshop_status", "get", [LOGIN, 200, 200, 404, 200]),
    Row("results:reveal", "post", [LOGIN, 302, 302, 404, 302], data={"direction": "next"}),
    Row("results:freetext", "get", [LOGIN, 200, 200, 404, 200]),
    # There is no answer 0: the page says that nothing was changed.
    Row("results:freetext", "post", [LOGIN, 302, 302, 404, 302], data=RELEASE, changes=False),
]


def _snapshot():
    return list(Round.objects.values_list("pk", "revealed").order_by("pk"))


@pytest.mark.parametrize("cell", cells(MATRIX))
def test_permission_matrix(client, world, cell: Cell):
    log_in(client, world, cell.role)
    kwargs = {"project_pk": world["project_a"].pk}
    if cell.row.name != "results:compare":
        kwargs["round_pk"] = world["round_a"].pk
    url = reverse(cell.row.name, kwargs=kwargs)
    send = partial(getattr(client, cell.row.method), url, cell.row.data or {})
    assert_cell(cell, send, url=url, snapshot=_snapshot)


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
