"""The audit log: who did what to which object and when, never answer content."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from samson.audit.models import AuditEntry
from samson.audit.services import audit_actor, audit_record
from samson.projects import services as project_services
from samson.projects.models import Project, Round
from samson.responses.models import Answer
from samson.results import services as result_services
from samson.testing.rounds import answer, grid_answers, parties_of, spec

SECRET_TEXT = "Rådmannen hører aldri på oss"


def entries(**filters: Any) -> list[tuple[str, str, str, str, dict[str, Any]]]:
    return [
        (entry.actor_name, entry.action, entry.content_type.model, entry.object_repr, entry.details)
        for entry in AuditEntry.objects.filter(**filters).order_by("pk")
    ]


def test_every_project_and_round_service_records_one_entry(world):
    AuditEntry.objects.all().delete()  # the fixture's own rounds
    owner = world["owner_a"]
    organisation = world["project_a"].organisation
    with audit_actor(owner):
        project = project_services.project_create(
            owner=owner,
            organisation=organisation,
            title="Aktivitetshuset",
            party_presets=["kommunen"],
        )
        project_services.project_parties_set(
            project=project, party_presets=["kommunen", "frivillige"], party_names=[]
        )
        round = project_services.round_create(project=project, label="Oppstart")
        project_services.round_open(round=round)
        project_services.round_follow_up_publish(round=round, text="Vi endret møtetidene.")
        project_services.round_reveal(round=round, step=2)
        project_services.round_close(round=round)
    name = owner.username
    assert entries() == [
        (name, "project.create", "project", "Aktivitetshuset", {}),
        (name, "project.parties_set", "project", "Aktivitetshuset", {"parties": 2}),
        (name, "round.create", "round", "Aktivitetshuset: Oppstart", {"project": project.pk}),
        (name, "round.transition", "round", "Aktivitetshuset: Oppstart", {"to": "apen"}),
        (
            name,
            "round.follow_up_publish",
            "round",
            "Aktivitetshuset: Oppstart",
            {"published": True},
        ),
        (name, "round.reveal", "round", "Aktivitetshuset: Oppstart", {"step": 2}),
        (name, "round.transition", "round", "Aktivitetshuset: Oppstart", {"to": "lukket"}),
    ]
    entry = AuditEntry.objects.get(action="round.create")
    assert (entry.actor, entry.object_id) == (owner, str(round.pk))
    # The follow-up text itself is not in the log.
    assert "møtetidene" not in str(list(AuditEntry.objects.values()))


def test_a_refused_change_leaves_no_entry(world):
    round = project_services.round_open(round=world["round_a"])
    before = AuditEntry.objects.count()
    with pytest.raises(project_services.RoundStateError):
        project_services.round_open(round=round)
    assert AuditEntry.objects.count() == before


def test_a_request_records_the_logged_in_facilitator(client, world):
    client.force_login(world["co_a"])
    round: Round = world["round_a"]
    url = reverse("projects:round_state", kwargs={"pk": round.project_id, "round_pk": round.pk})
    assert client.post(url, {"to": "apen"}).status_code == 302
    entry = AuditEntry.objects.get(action="round.transition")
    assert (entry.actor, entry.actor_name, entry.details) == (
        world["co_a"],
        world["co_a"].username,
        {"to": "apen"},
    )


def test_commands_and_tests_record_no_actor(world):
    entry = AuditEntry.objects.get(action="round.create", object_id=str(world["round_a"].pk))
    assert (entry.actor, entry.actor_name) == (None, "")


def test_releasing_free_text_names_the_round_never_the_answer(world):
    round = project_services.round_open(round=world["round_a"])
    answer(round, parties_of(round)["kommunen"], grid_answers(spec(round), FRI_BRA=SECRET_TEXT))
    text = Answer.objects.get(text=SECRET_TEXT)
    with audit_actor(world["owner_a"]):
        result_services.free_text_release(answer=text, release=True)
        result_services.free_text_release(answer=text, release=False)
    assert entries(action__startswith="free_text") == [
        (world["owner_a"].username, "free_text.release", "round", str(round), {"answer": text.pk}),
        (world["owner_a"].username, "free_text.withdraw", "round", str(round), {"answer": text.pk}),
    ]
    every_value = str(list(AuditEntry.objects.values()))
    assert SECRET_TEXT not in every_value
    with pytest.raises(ValueError, match="must not name an answer"):
        audit_record(action="x", target=text)


def test_deleting_the_user_keeps_the_entry(world):
    with audit_actor(world["co_a"]):
        project_services.round_open(round=world["round_a"])
    username = world["co_a"].username
    world["co_a"].delete()
    entry = AuditEntry.objects.get(action="round.transition")
    assert (entry.actor, entry.actor_name) == (None, username)


# --- the admin --------------------------------------------------------------------------------


def test_administrators_read_the_audit_log_and_the_admin_log(world):
    project_services.round_open(round=world["round_a"])
    admin = Client()
    admin.force_login(world["admin"])
    # An administrator's change through the admin is written to Django's admin log.
    project: Project = world["project_b"]
    reply = admin.post(
        reverse("admin:projects_project_changelist"),
        {"action": "delete_selected", "_selected_action": [project.pk], "post": "yes"},
    )
    assert reply.status_code == 302
    assert not Project.objects.filter(pk=project.pk).exists()
    logged = LogEntry.objects.get()
    assert (logged.user, logged.object_repr, logged.is_deletion()) == (
        world["admin"],
        "Prosjekt B",
        True,
    )

    audit_list = admin.get(reverse("admin:audit_auditentry_changelist"))
    assert audit_list.status_code == 200
    assert '<td class="field-action_name">Runde åpnet eller lukket</td>' in (
        audit_list.content.decode()
    )
    log_list = admin.get(reverse("admin:admin_logentry_changelist"))
    assert log_list.status_code == 200
    assert "Prosjekt B" in log_list.content.decode()
    entry = AuditEntry.objects.get(action="round.transition")
    detail = reverse("admin:audit_auditentry_change", args=[entry.pk])
    assert admin.get(detail).status_code == 200
    # Read-only: nothing can be changed, added or deleted.
    assert admin.post(detail, {"action": "x"}).status_code == 403
    assert admin.get(reverse("admin:audit_auditentry_add")).status_code == 403
    assert admin.post(reverse("admin:audit_auditentry_delete", args=[entry.pk])).status_code == 403


def test_only_administrators_see_the_logs(world):
    staff = world["owner_a"]
    staff.is_staff = True
    staff.save()
    client = Client()
    client.force_login(staff)
    assert client.get(reverse("admin:audit_auditentry_changelist")).status_code == 403
    assert client.get(reverse("admin:admin_logentry_changelist")).status_code == 403


def test_content_type_of_entries_is_the_concrete_model(world):
    entry = AuditEntry.objects.filter(action="round.create").first()
    assert entry is not None
    assert entry.content_type == ContentType.objects.get_for_model(Round)


@pytest.mark.django_db
def test_password_log_in_and_log_out_are_recorded_and_a_failed_one_is_not(client):
    from samson.accounts.tests.factories import UserFactory

    user = UserFactory.create()
    client.post(reverse("accounts:login"), {"username": user.username, "password": "feil"})
    assert entries() == []
    client.post(reverse("accounts:login"), {"username": user.username, "password": "passord-123"})
    client.post(reverse("accounts:logout"))
    name = user.username
    assert entries() == [
        (name, "account.login", "user", str(user), {"method": "password"}),
        (name, "account.logout", "user", str(user), {}),
    ]
    assert AuditEntry.objects.get(action="account.login").actor == user
    assert "passord-123" not in str(list(AuditEntry.objects.values()))
