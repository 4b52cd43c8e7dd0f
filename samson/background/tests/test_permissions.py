"""The background pages × every role, as the results pages (samson/projects/rules.py)."""

from functools import partial

import pytest
from django.urls import reverse

from samson.background.models import BackgroundSettings
from samson.testing.permissions import LOGIN, Cell, Row, assert_cell, cells, log_in

# Answers per role: anonymous, owner_a, co_a, owner_b, admin.
MATRIX = [
    Row("background:settings", "get", [LOGIN, 200, 200, 404, 200]),
    Row("background:settings", "post", [LOGIN, 302, 302, 404, 302], data={"ask_age": "on"}),
    Row("background:round", "get", [LOGIN, 200, 200, 404, 200]),
]


def _url(name, world, round_key="round_a"):
    project = world["project_a"]
    if name == "background:round":
        return reverse(name, kwargs={"pk": project.pk, "round_pk": world[round_key].pk})
    return reverse(name, kwargs={"pk": project.pk})


@pytest.mark.parametrize("cell", cells(MATRIX))
def test_permission_matrix(client, world, cell: Cell):
    log_in(client, world, cell.role)
    url = _url(cell.row.name, world)
    send = partial(getattr(client, cell.row.method), url, cell.row.data or {})
    assert_cell(cell, send, url=url, snapshot=BackgroundSettings.objects.exists)


def test_a_round_of_another_project_is_not_found(client, world):
    client.force_login(world["owner_a"])
    assert client.get(_url("background:round", world, "round_b")).status_code == 404
