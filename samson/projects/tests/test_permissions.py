"""The permission matrix: every role × every URL of `projects`, GET and POST, each cell asserted.

Participants have no session: they reach a project only through its join code
(samson/participation/tests). A project someone may not see answers 404, so ids are not probed;
an action they may not take on a project they see answers 403. The results pages have their own
matrix in samson/results/tests/test_permissions.py.

Adding a URL adds a row. A cell that refuses (log-in redirect, 403, 404, 405, or a form shown
again with an error) must also leave the database as it was.
"""

from functools import partial
from typing import Any

import pytest
from django.urls import reverse

from samson.accounts.models import Invitation, Membership
from samson.projects.models import Party, Project, ProjectFacilitator, Round
from samson.testing.permissions import (
    AGAIN,
    LOGIN,
    Cell,
    Row,
    assert_cell,
    cells,
    log_in,
    url_names,
)

NEW_PROJECT = {
    "title": "Nytt prosjekt",
    "organisation": "ORG_A",
    "instrument_key": "samson",
    "min_group_size": 5,
    "party_presets": ["kommunen"],
    "party_names": "Ungdomsrådet",
}
A = {"pk": "A"}
RA = {"pk": "A", "round_pk": "RA"}
RB_IN_A = {"pk": "A", "round_pk": "RB"}
PARTIES = {"party_presets": ["kommunen", "innbyggere"], "party_names": "Biblioteket"}

# Answers per role: anonymous, owner_a, co_a, owner_b, admin (samson.testing.permissions.ROLES).
MATRIX = [
    Row("projects:list", "get", [LOGIN, 200, 200, 200, 200]),
    Row("projects:create", "get", [LOGIN, 200, 403, 200, 200]),
    # owner_b may create only in their own organisation: the form refuses organisation A.
    Row("projects:create", "post", [LOGIN, 302, 403, AGAIN, 302], data=NEW_PROJECT),
    Row("projects:detail", "get", [LOGIN, 200, 200, 404, 200], A),
    Row("projects:detail", "post", [LOGIN, 405, 405, 405, 405], A),
    Row("projects:parties", "get", [LOGIN, 200, 200, 404, 200], A),
    Row("projects:parties", "post", [LOGIN, 302, 302, 404, 302], A, PARTIES),
    Row("projects:invite", "get", [LOGIN, 200, 403, 404, 200], A),
    Row("projects:invite", "post", [LOGIN, 302, 403, 404, 302], A, {"email": "ny@example.no"}),
    Row("projects:round_create", "get", [LOGIN, 405, 405, 405, 405], A),
    Row("projects:round_create", "post", [LOGIN, 302, 302, 404, 302], A, {"label": "Underveis"}),
    Row("projects:round", "get", [LOGIN, 200, 200, 404, 200], RA),
    Row("projects:round", "post", [LOGIN, 405, 405, 405, 405], RA),
    Row("projects:round_state", "get", [LOGIN, 405, 405, 405, 405], RA),
    Row("projects:round_state", "post", [LOGIN, 302, 302, 404, 302], RA, {"to": "apen"}),
    # The question before closing; round A is a draft, so managers are sent back with a word.
    Row("projects:round_close", "get", [LOGIN, 302, 302, 404, 302], RA),
    Row("projects:round_close", "post", [LOGIN, 405, 405, 405, 405], RA),
    Row("projects:round_follow_up", "get", [LOGIN, 405, 405, 405, 405], RA),
    Row("projects:round_follow_up", "post", [LOGIN, 302, 302, 404, 302], RA, {"text": "Takk"}),
    # A round of project B reached through project A's id is never found.
    Row("projects:round", "get", [LOGIN, 404, 404, 404, 404], RB_IN_A),
    Row("projects:round_state", "post", [LOGIN, 404, 404, 404, 404], RB_IN_A, {"to": "apen"}),
    Row("projects:round_follow_up", "post", [LOGIN, 404, 404, 404, 404], RB_IN_A, {"text": "x"}),
    Row("projects:round_close", "get", [LOGIN, 404, 404, 404, 404], RB_IN_A),
]


def _ids(world: dict[str, Any]) -> dict[str, Any]:
    return {
        "A": world["project_a"].pk,
        "B": world["project_b"].pk,
        "RA": world["round_a"].pk,
        "RB": world["round_b"].pk,
        "ORG_A": world["project_a"].organisation_id,
    }


def _snapshot() -> tuple[Any, ...]:
    """Everything a facilitator's POST could change."""
    return (
        list(Project.objects.values_list("pk", "title").order_by("pk")),
        list(Party.objects.values_list("pk", "name", "position").order_by("pk")),
        list(ProjectFacilitator.objects.values_list("pk", "user", "role").order_by("pk")),
        list(Round.objects.values_list("pk", "label", "state", "follow_up").order_by("pk")),
        list(Invitation.objects.values_list("pk", "email").order_by("pk")),
        list(Membership.objects.values_list("pk", "user", "organisation").order_by("pk")),
    )


@pytest.mark.parametrize("cell", cells(MATRIX))
def test_permission_matrix(client, world, cell: Cell):
    log_in(client, world, cell.role)
    ids = _ids(world)
    row = cell.row
    url = reverse(row.name, kwargs={key: ids[value] for key, value in row.kwargs.items()})
    data = {
        key: ids.get(value, value) if isinstance(value, str) else value
        for key, value in (row.data or {}).items()
    }
    send = partial(getattr(client, row.method), url, data)
    assert_cell(cell, send, url=url, snapshot=_snapshot)


def test_every_projects_url_has_a_row():
    from samson.projects.urls import urlpatterns

    assert url_names("projects", urlpatterns) == {row.name for row in MATRIX}


def test_a_facilitator_cannot_create_a_project_in_another_organisation(client, world):
    client.force_login(world["owner_b"])
    reply = client.post(
        reverse("projects:create"),
        {**NEW_PROJECT, "organisation": world["project_a"].organisation_id},
    )
    assert reply.status_code == 200
    assert "Velg et gyldig valg. Valget er ikke av de tilgjengelige valgene." in (
        reply.content.decode()
    )
    assert world["project_a"].organisation.projects.count() == 1


def test_an_analyst_cannot_create_projects(client, world):
    analyst = world["co_a"]
    Membership.objects.create(
        user=analyst,
        organisation=world["project_a"].organisation,
        role=Membership.Role.ANALYST,
    )
    client.force_login(analyst)
    assert client.get(reverse("projects:create")).status_code == 403
    assert "Nytt samskapingsprosjekt" not in client.get(reverse("projects:list")).content.decode()


def test_an_inactive_facilitator_sees_nothing(client, world):
    owner = world["owner_a"]
    owner.is_active = False
    owner.save()
    client.force_login(owner)
    # Django's auth logs an inactive user out, so they are sent to log in.
    reply = client.get(reverse("projects:detail", kwargs={"pk": world["project_a"].pk}))
    assert reply.status_code == 302


def test_pages_show_only_the_actions_the_user_may_take(client, world):
    detail = reverse("projects:detail", kwargs={"pk": world["project_a"].pk})
    client.force_login(world["co_a"])
    page = client.get(detail).content.decode()
    assert reverse("projects:invite", kwargs={"pk": world["project_a"].pk}) not in page
    assert reverse("projects:parties", kwargs={"pk": world["project_a"].pk}) in page
    client.force_login(world["owner_a"])
    page = client.get(detail).content.decode()
    assert reverse("projects:invite", kwargs={"pk": world["project_a"].pk}) in page
