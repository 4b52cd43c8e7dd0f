"""The fieldwork pages × every role: only the round's facilitators (and administrators) see or
change the contact list; anyone else gets the log-in page or 404, and nothing changes."""

from functools import partial

import pytest
from django.urls import reverse

from samson.fieldwork.contacts import ContactRow
from samson.fieldwork.models import (
    Fieldwork,
    Invitee,
    MessageText,
    OutboxMessage,
    ScheduledReminder,
)
from samson.fieldwork.services import contacts_add, fieldwork_for_round
from samson.testing.permissions import LOGIN, Cell, Row, assert_cell, cells, log_in, url_names

from .helpers import csv_upload

TEXT = {"subject": "Hei fra {organisation}", "body": "{link}\n\n{opt_out_link}"}
NN_INVITATION = {"kind": "invitasjon", "language": "nn"}
SCHEDULE = {"at": "2099-01-01T09:00", "target": "alle"}

# Answers per role: anonymous, owner_a, co_a, owner_b, admin.
MATRIX = [
    Row("fieldwork:round", "get", [LOGIN, 200, 200, 404, 200]),
    Row("fieldwork:settings", "post", [LOGIN, 302, 302, 404, 302], data={"mode": "begge"}),
    Row("fieldwork:contacts", "post", [LOGIN, 302, 302, 404, 302], data="CSV"),
    Row("fieldwork:text", "get", [LOGIN, 200, 200, 404, 200], NN_INVITATION),
    Row(
        "fieldwork:text",
        "post",
        [LOGIN, 302, 302, 404, 302],
        NN_INVITATION,
        {**TEXT, "action": "save"},
    ),
    # Nobody is on the list yet, so sending and reminding have nobody to write to.
    Row("fieldwork:send", "post", [LOGIN, 302, 302, 404, 302], changes=False),
    Row(
        "fieldwork:remind",
        "post",
        [LOGIN, 302, 302, 404, 302],
        data={"target": "alle"},
        changes=False,
    ),
    Row("fieldwork:rate_csv", "get", [LOGIN, 200, 200, 404, 200]),
    Row("fieldwork:schedule", "post", [LOGIN, 302, 302, 404, 302], data=SCHEDULE),
]


def _snapshot() -> tuple[object, ...]:
    return (
        list(Fieldwork.objects.values_list("mode", flat=True)),
        Invitee.objects.count(),
        list(MessageText.objects.values_list("subject", flat=True)),
        OutboxMessage.objects.count(),
        ScheduledReminder.objects.count(),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("cell", cells(MATRIX))
def test_permission_matrix(client, world, cell: Cell):
    log_in(client, world, cell.role)
    round = world["round_a"]
    fieldwork_for_round(round=round)
    url = reverse(
        cell.row.name, kwargs={"pk": round.project_id, "round_pk": round.pk, **cell.row.kwargs}
    )
    data = cell.row.data or {}
    if data == "CSV":
        data = {"file": csv_upload(["ada@example.no,Ada,kommunen,nb"])}
    send = partial(getattr(client, cell.row.method), url, data)
    assert_cell(cell, send, url=url, snapshot=_snapshot)


def test_every_fieldwork_url_has_a_row():
    from samson.fieldwork.urls import urlpatterns

    assert url_names("fieldwork", urlpatterns) == {row.name for row in MATRIX}


@pytest.mark.django_db
def test_a_round_of_another_project_is_not_found(client, world):
    client.force_login(world["owner_a"])
    url = reverse(
        "fieldwork:round", kwargs={"pk": world["project_a"].pk, "round_pk": world["round_b"].pk}
    )
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_the_list_is_shown_to_its_facilitators_only(client, world):
    round = world["round_a"]
    party = round.project.parties.first()
    contacts_add(
        fieldwork=fieldwork_for_round(round=round),
        rows=[ContactRow("hemmelig@example.no", "Hemmelig", party, "nb")],
    )
    url = reverse("fieldwork:round", kwargs={"pk": round.project_id, "round_pk": round.pk})
    for role, shown in (("owner_a", True), ("co_a", True), ("owner_b", False)):
        client.force_login(world[role])
        assert ("hemmelig@example.no" in client.get(url).content.decode()) is shown
    # Nor on the round's public page, reached with the join code.
    client.logout()
    page = client.get(reverse("participation:project", kwargs={"code": round.join_code}))
    assert "hemmelig" not in page.content.decode()
