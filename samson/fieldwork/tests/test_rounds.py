"""How a round with fieldwork is joined, its texts, its response rate, and the deletion of its
contact list."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from samson.fieldwork import services, texts
from samson.fieldwork.contacts import ContactRow
from samson.fieldwork.models import Fieldwork, Invitee, MessageText, OutboxMessage
from samson.projects import services as project_services
from samson.projects.models import Round
from samson.responses.models import Response
from samson.testing.html import visible_text
from samson.testing.rounds import answer, grid_answers, parties_of, spec

from .helpers import csv_upload

pytestmark = pytest.mark.django_db


MODE_LINE = "Slik ble deltakerne med: <strong>%s</strong>."


@pytest.fixture
def world(world):
    """The shared world, its rounds as made before join modes existed (without fieldwork): the
    tests here follow how a first setting or contact list gives such a round its mode. A new
    round gets its mode when it is made (samson/projects/tests/test_join_mode.py)."""
    Fieldwork.objects.filter(round__in=[world["round_a"], world["round_b"]]).delete()
    return world


def _url(name, round, **kwargs):
    return reverse(name, kwargs={"pk": round.project_id, "round_pk": round.pk, **kwargs})


def _invite(round, **per_party: int) -> Fieldwork:
    fieldwork = services.fieldwork_for_round(round=round)
    parties = parties_of(round)
    rows = [
        ContactRow(f"{preset}{i}@example.no", "", parties[preset], "nb")
        for preset, n in per_party.items()
        for i in range(n)
    ]
    services.contacts_add(fieldwork=fieldwork, rows=rows)
    return fieldwork


def _finish(fieldwork, preset: str, n: int) -> None:
    Invitee.objects.filter(
        pk__in=fieldwork.invitees.filter(party__preset=preset).values("pk")[:n]
    ).update(status=Invitee.Status.FINISHED)


# How participants join.


def test_looking_at_the_page_changes_nothing_and_the_code_still_works(client, world):
    round = project_services.round_transition(round=world["round_a"], to="apen")
    client.force_login(world["owner_a"])
    page = client.get(_url("fieldwork:round", round))
    assert page.status_code == 200
    assert 'id="mode-kode" value="kode" checked' in page.content.decode()
    assert not Fieldwork.objects.exists()
    client.logout()
    assert client.get(f"/delta/{round.join_code}/").status_code == 200
    assert "samson-invitation-only" not in client.get(f"/delta/{round.join_code}/").content.decode()


def test_a_draft_round_with_a_contact_list_is_invitation_only(client, world):
    round = world["round_a"]
    _invite(round, kommunen=1)
    assert Fieldwork.objects.get().mode == Fieldwork.Mode.INVITED
    round = project_services.round_transition(round=round, to="apen")
    page = client.get(f"/delta/{round.join_code}/")
    assert page.status_code == 200
    assert "Denne målingen besvares bare gjennom personlige invitasjoner" in page.content.decode()
    started = client.post(
        f"/delta/{round.join_code}/",
        {"party": parties_of(round)["kommunen"].pk, "start_key": "k" * 32},
    )
    assert started.status_code == 403
    assert not Response.objects.exists()


def test_without_a_minimum_group_size_above_1_a_draft_round_keeps_its_code(world, monkeypatch):
    # The floor is 3 today, so this is the rule's other branch only: where no small group is
    # hidden, the code cannot be used to pad one, and invitations come beside it.
    monkeypatch.setattr("samson.fieldwork.services.minimum_group_size", lambda project: 1)
    _invite(world["round_a"], kommunen=1)
    assert Fieldwork.objects.get().mode == Fieldwork.Mode.BOTH


def test_an_open_round_keeps_its_code_beside_the_invitations(client, world):
    round = project_services.round_transition(round=world["round_a"], to="apen")
    _invite(round, kommunen=1)
    assert Fieldwork.objects.get().mode == Fieldwork.Mode.BOTH
    assert "samson-invitation-only" not in client.get(f"/delta/{round.join_code}/").content.decode()


def test_the_facilitator_chooses_the_mode_and_the_results_page_says_it(client, world):
    round = world["round_a"]
    client.force_login(world["owner_a"])
    reply = client.post(
        _url("fieldwork:settings", round), {"mode": "invitert", "deadline": "2027-03-31"}
    )
    assert reply.status_code == 302
    fieldwork = Fieldwork.objects.get()
    assert (fieldwork.mode, fieldwork.deadline) == ("invitert", dt.date(2027, 3, 31))
    results = client.get(
        reverse("results:round", kwargs={"project_pk": round.project_id, "round_pk": round.pk})
    )
    assert MODE_LINE % "bare personlige invitasjoner" in results.content.decode()
    other = world["round_b"]
    client.force_login(world["owner_b"])
    results = client.get(
        reverse("results:round", kwargs={"project_pk": other.project_id, "round_pk": other.pk})
    )
    assert MODE_LINE % "åpen deltakerkode" in results.content.decode()
    client.force_login(world["owner_a"])
    bad = client.post(_url("fieldwork:settings", round), {"mode": "alle", "deadline": "i morgen"})
    assert bad.status_code == 302
    assert Fieldwork.objects.get().mode == "invitert"


# Texts.


def test_a_text_with_an_unknown_or_missing_placeholder_is_refused(client, world):
    round = world["round_a"]
    client.force_login(world["owner_a"])
    reply = client.post(
        _url("fieldwork:text", round, kind="purring", language="nb"),
        {"subject": "Hei {navn.__class__}", "body": "Svar her: {link}", "action": "save"},
    )
    assert reply.status_code == 200
    page = reply.content.decode()
    assert (
        "Ukjent plassholder {navn.__class__}. Du kan bruke {link}, {deadline}, {organisation} "
        "og {opt_out_link}." in page
    )
    assert "Teksten må inneholde {opt_out_link}." in page
    assert not MessageText.objects.exists()
    assert texts.text_problems("{link") == [
        "En krøllparentes er ikke lukket. Skriv plassholdere som {link}, og en parentes i seg "
        "selv som {{ eller }}."
    ]
    assert texts.text_problems("{link!r} {{bokstavelig}} {opt_out_link:>9}") == [
        "Ukjent plassholder {link}. Du kan bruke {link}, {deadline}, {organisation} og "
        "{opt_out_link}.",
        "Ukjent plassholder {opt_out_link}. Du kan bruke {link}, {deadline}, {organisation} og "
        "{opt_out_link}.",
    ]


def test_a_text_is_previewed_then_saved_and_used_in_its_language(client, world, settings):
    round = project_services.round_transition(round=world["round_a"], to="apen")
    client.force_login(world["owner_a"])
    url = _url("fieldwork:text", round, kind="invitasjon", language="nn")
    shown = client.get(url).content.decode()
    assert "Invitasjon: vurder samskapinga med" in shown  # the default, in nynorsk
    assert "http://testserver/invitasjon/EKSEMPEL/avmeld/" in shown
    text = {
        "subject": "Til {organisation}",
        "body": "Lenkje: {link}\nFrist: {deadline}\nStopp: {opt_out_link}",
    }
    preview = client.post(url, {**text, "action": "preview"}).content.decode()
    organisation = round.project.organisation.name
    assert f"Til {organisation}" in preview
    assert "Frist: ingen sett, men svar gjerne snart" in preview
    assert not MessageText.objects.exists()
    assert client.post(url, {**text, "action": "save"}).status_code == 302
    fieldwork = Fieldwork.objects.get()
    fieldwork.deadline = dt.date(2027, 3, 31)
    fieldwork.save()
    parties = parties_of(round)
    services.contacts_add(
        fieldwork=fieldwork,
        rows=[
            ContactRow("nn@example.no", "", parties["kommunen"], "nn"),
            ContactRow("en@example.no", "", parties["kommunen"], "en"),
        ],
    )
    services.invitations_queue(fieldwork=fieldwork)
    nynorsk, english = (services.message_for(m) for m in OutboxMessage.objects.order_by("pk"))
    assert nynorsk.subject == f"Til {organisation}"
    assert nynorsk.body.splitlines()[1] == "Frist: 31. mars 2027"
    assert english.subject == f"Invitation: assess the co-creation with {organisation}"
    assert "Deadline: March 31, 2027" in english.body
    assert mail.outbox == []  # queued only; the worker sends


# The response rate.


def test_the_response_rate_hides_small_counts_as_the_results_do(client, world):
    round = world["round_a"]
    fieldwork = _invite(round, kommunen=10, innbyggere=8)
    _finish(fieldwork, "kommunen", 6)
    _finish(fieldwork, "innbyggere", 3)
    client.force_login(world["owner_a"])
    csv = client.get(_url("fieldwork:rate_csv", round))
    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    names = {p.preset: p.name for p in round.project.parties.all()}
    # Kommunen's 6 alone would let innbyggere's 3 be found from the total: both are hidden.
    assert csv.content.decode().splitlines() == [
        "Part,Invitert,Ferdige,Svarprosent",
        f"{names['kommunen']},10,færre enn 5,",
        f"{names['innbyggere']},8,færre enn 5,",
        "Alle parter,18,9,50 %",
    ]
    _finish(fieldwork, "innbyggere", 5)
    csv = client.get(_url("fieldwork:rate_csv", round))
    assert csv.content.decode().splitlines()[1:] == [
        f"{names['kommunen']},10,6,60 %",
        f"{names['innbyggere']},8,5,62 %",
        "Alle parter,18,11,61 %",
    ]
    page = visible_text(client.get(_url("fieldwork:round", round)).content.decode())
    assert f"{names['innbyggere']} 8 5 62 %" in page


def test_no_count_is_shown_when_few_have_finished_in_all(client, world):
    round = world["round_a"]
    fieldwork = _invite(round, kommunen=3, innbyggere=3)
    _finish(fieldwork, "kommunen", 3)
    client.force_login(world["owner_a"])
    lines = client.get(_url("fieldwork:rate_csv", round)).content.decode().splitlines()
    assert lines[1:] == [
        f"{parties_of(round)['kommunen'].name},3,færre enn 5,",
        f"{parties_of(round)['innbyggere'].name},3,færre enn 5,",
        "Alle parter,6,færre enn 5,",
    ]
    page = client.get(_url("fieldwork:round", round)).content.decode()
    # The list says who is on it, never who has answered.
    contacts = page.split('class="ds-table samson-contacts"')[1].split("</table>")[0]
    assert "ferdig" not in contacts.lower() and "startet" not in contacts.lower()


# Deleting the list.


def test_cleanup_deletes_contact_lists_a_month_after_closing_and_keeps_the_answers(world):
    round = project_services.round_transition(round=world["round_a"], to="apen")
    fieldwork = _invite(round, kommunen=2)
    services.invitations_queue(fieldwork=fieldwork)
    answer(round, parties_of(round)["kommunen"], grid_answers(spec(round)), 2)
    round = project_services.round_transition(round=round, to="lukket")
    assert services.contacts_purge() == 0
    assert round.closed_at is not None
    later = round.closed_at + dt.timedelta(days=30, minutes=1)
    assert services.contacts_purge(now=later) == 2
    assert not Invitee.objects.exists() and not OutboxMessage.objects.exists()
    assert Fieldwork.objects.get().mode == Fieldwork.Mode.BOTH
    assert Response.objects.filter(round=round, completed_at__isnull=False).count() == 2
    assert timezone.now() < later


def test_samson_cleanup_deletes_them_and_the_privacy_page_says_when(client, world, settings):
    round = project_services.round_transition(round=world["round_a"], to="apen")
    _invite(round, kommunen=3)
    round = project_services.round_transition(round=round, to="lukket")
    Round.objects.filter(pk=round.pk).update(closed_at=timezone.now() - dt.timedelta(days=31))
    out = io.StringIO()
    call_command("cleanup", stdout=out)
    assert out.getvalue().splitlines()[1] == (
        "cleanup: deleted 3 contacts of rounds closed more than 30 days ago"
    )
    assert not Invitee.objects.exists()
    settings.SAMSON_FIELDWORK_CONTACT_DAYS = 45
    page = visible_text(client.get("/personvern/").content.decode())
    assert (
        "Kontaktlista og e-postloggen slettes automatisk 45 dager etter at målingen er lukket."
        in page
    )


def test_the_facilitators_steps_are_in_the_audit_log_without_any_contact(client, world):
    from samson.audit.models import AuditEntry

    round = project_services.round_transition(round=world["round_a"], to="apen")
    before = AuditEntry.objects.order_by("pk").last()
    client.force_login(world["owner_a"])
    client.post(_url("fieldwork:settings", round), {"mode": "begge"})
    client.post(
        _url("fieldwork:contacts", round),
        {"file": csv_upload(["ada@example.no,Ada,kommunen,nb"])},
    )
    client.post(_url("fieldwork:send", round))
    client.post(_url("fieldwork:remind", round), {"target": "alle"})
    entries = AuditEntry.objects.filter(
        action__startswith="fieldwork.", pk__gt=before.pk if before else 0
    ).order_by("pk")
    assert [(e.action, e.details, e.actor_name) for e in entries] == [
        ("fieldwork.settings", {"mode": "begge"}, world["owner_a"].username),
        ("fieldwork.contacts", {"added": 1}, world["owner_a"].username),
        ("fieldwork.invite", {"queued": 1}, world["owner_a"].username),
        ("fieldwork.remind", {"to": "alle", "queued": 0}, world["owner_a"].username),
    ]
    assert "ada" not in str(list(AuditEntry.objects.values()))
