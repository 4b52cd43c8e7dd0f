"""The fieldwork pages × every role: only the round's facilitators (and administrators) see or
change the contact list; anyone else gets the log-in page or 404, and nothing changes."""

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

from .helpers import csv_upload

ROLES = ["anonymous", "owner_a", "co_a", "owner_b", "admin"]
LOGIN = "login"
TEXT = {"subject": "Hei fra {organisation}", "body": "{link}\n\n{opt_out_link}"}

# (url name, method, extra url kwargs, data, expected per role in ROLES order)
MATRIX = [
    ("fieldwork:round", "get", {}, {}, [LOGIN, 200, 200, 404, 200]),
    ("fieldwork:settings", "post", {}, {"mode": "begge"}, [LOGIN, 302, 302, 404, 302]),
    ("fieldwork:contacts", "post", {}, "CSV", [LOGIN, 302, 302, 404, 302]),
    (
        "fieldwork:text",
        "get",
        {"kind": "invitasjon", "language": "nn"},
        {},
        [LOGIN, 200, 200, 404, 200],
    ),
    (
        "fieldwork:text",
        "post",
        {"kind": "invitasjon", "language": "nn"},
        {**TEXT, "action": "save"},
        [LOGIN, 302, 302, 404, 302],
    ),
    ("fieldwork:send", "post", {}, {}, [LOGIN, 302, 302, 404, 302]),
    ("fieldwork:remind", "post", {}, {"target": "alle"}, [LOGIN, 302, 302, 404, 302]),
    ("fieldwork:rate_csv", "get", {}, {}, [LOGIN, 200, 200, 404, 200]),
    (
        "fieldwork:schedule",
        "post",
        {},
        {"at": "2099-01-01T09:00", "target": "alle"},
        [LOGIN, 302, 302, 404, 302],
    ),
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
@pytest.mark.parametrize(
    ("name", "method", "kwargs", "data", "expected"),
    MATRIX,
    ids=[f"{name}-{method}" for name, method, *_ in MATRIX],
)
@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_permission_matrix(client, world, name, method, kwargs, data, expected, role_index):
    role = ROLES[role_index]
    if role != "anonymous":
        client.force_login(world[role])
    round = world["round_a"]
    fieldwork_for_round(round=round)
    url = reverse(name, kwargs={"pk": round.project_id, "round_pk": round.pk, **kwargs})
    if data == "CSV":
        data = {"file": csv_upload(["ada@example.no,Ada,kommunen,nb"])}
    before = _snapshot()
    reply = getattr(client, method)(url, data)
    want = expected[role_index]
    if want == LOGIN:
        assert reply.status_code == 302
        assert reply["Location"] == reverse("accounts:login") + "?next=" + url
    else:
        assert reply.status_code == want
    if want in (LOGIN, 404) or method == "get":
        assert _snapshot() == before
    elif name not in ("fieldwork:send", "fieldwork:remind"):  # nobody to send to yet
        assert _snapshot() != before


def test_every_fieldwork_url_has_a_row():
    from samson.fieldwork.urls import urlpatterns

    assert {f"fieldwork:{pattern.name}" for pattern in urlpatterns} == {row[0] for row in MATRIX}


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
