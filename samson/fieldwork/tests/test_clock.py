"""Fieldwork by the clock: a planned closing closes a round or an edition by itself and stops
its mail; reminders keep a maximum and a minimum interval; a scheduled reminder is queued by
`samson fieldwork tick` once, to whom it names. Through a real SMTP server and the worker."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samson.barometer.models import Edition, Respondent
from samson.fieldwork import services
from samson.fieldwork.models import Fieldwork, Invitee, OutboxMessage, ScheduledReminder
from samson.projects.models import Round
from samson.testing.html import visible_text

from .helpers import (
    answer_through_link,
    answer_unit,
    fieldwork_of,
    import_contacts,
    import_units,
    link_of,
)

pytestmark = pytest.mark.django_db(transaction=True)

State = OutboxMessage.State
ADA, BO, CIA = "ada@example.no", "bo@example.no", "cia@example.no"


def _url(name: str, round: Round) -> str:
    return reverse(name, kwargs={"pk": round.project_id, "round_pk": round.pk})


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _invite(facilitator, round, mailbox, run_worker, rows=None) -> dict[str, str]:
    rows = rows or [f"{ADA},,kommunen,nb", f"{BO},,innbyggere,nb", f"{CIA},,innbyggere,nb"]
    assert import_contacts(facilitator, round, rows).status_code == 302
    facilitator.post(_url("fieldwork:send", round))
    run_worker()
    return {m["To"]: link_of(m) for m in mailbox.received}


def test_a_planned_closing_closes_the_round_and_stops_its_mail(
    facilitator, open_round, mailbox, run_worker
):
    import_contacts(facilitator, open_round, [f"{ADA},,kommunen,nb"])
    # A time in the past is refused; a time in the future is kept.
    past = facilitator.post(
        _url("fieldwork:settings", open_round),
        {"mode": "begge", "closes_at": _local(timezone.now() - timedelta(hours=1))},
    )
    assert "Innstillingene ble ikke lagret: Velg et tidspunkt fram i tid." in visible_text(
        facilitator.get(past["Location"]).content.decode()
    )
    open_round.refresh_from_db()
    assert open_round.closes_at is None
    soon = timezone.now() + timedelta(hours=1)
    facilitator.post(
        _url("fieldwork:settings", open_round), {"mode": "begge", "closes_at": _local(soon)}
    )
    open_round.refresh_from_db()
    assert open_round.closes_at == soon.replace(second=0, microsecond=0)
    # Saving the form again with the same time keeps it (not "in the past" once it is).
    facilitator.post(
        _url("fieldwork:settings", open_round), {"mode": "begge", "closes_at": _local(soon)}
    )
    open_round.refresh_from_db()
    assert open_round.closes_at == soon.replace(second=0, microsecond=0)
    facilitator.post(_url("fieldwork:send", open_round))  # queued, not yet sent
    # Before the planned closing the tick closes nothing.
    assert services.fieldwork_tick() == services.TickReport(0, 0, 0)
    later = soon + timedelta(minutes=1)
    # The planned time has passed but no tick has run yet: the mail does not go out.
    message = OutboxMessage.objects.get()
    assert not services.owner_open(message.invitee.fieldwork, later)
    assert services.fieldwork_tick(now=later) == services.TickReport(1, 0, 0)
    open_round.refresh_from_db()
    assert (open_round.state, open_round.closes_at) == (Round.State.CLOSED, None)
    run_worker()
    assert mailbox.received == []
    message.refresh_from_db()
    assert (message.state, message.last_error) == (State.FAILED, "Not sent: the round was closed.")
    # A second tick finds nothing to do.
    assert services.fieldwork_tick(now=later) == services.TickReport(0, 0, 0)


def test_the_tick_command_closes_an_edition_and_its_list_is_purged_later(
    edition, analyst, mailbox, run_worker
):
    import_units(analyst, edition, ["a@kommune.no,,nb,0301,11,1,5", "b@kommune.no,,nb,0301,11,1,5"])
    analyst.post(reverse("fieldwork_edition:send", kwargs={"pk": edition.pk}))
    run_worker()
    answer_unit(Client(), link_of(mailbox.to("a@kommune.no")[0]))
    soon = timezone.now() + timedelta(minutes=5)
    analyst.post(
        reverse("fieldwork_edition:settings", kwargs={"pk": edition.pk}),
        {"closes_at": _local(soon), "max_reminders": "2", "reminder_interval_hours": "0"},
    )
    edition.refresh_from_db()
    fieldwork = Fieldwork.objects.get(edition=edition)
    assert (fieldwork.max_reminders, fieldwork.reminder_interval_hours) == (2, 0)
    Edition.objects.filter(pk=edition.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    out = StringIO()
    call_command("fieldwork", "tick", stdout=out)
    assert out.getvalue() == (
        "fieldwork tick: closed 0 rounds and 1 editions, queued 0 scheduled reminders\n"
    )
    edition.refresh_from_db()
    assert (edition.open, edition.closes_at) == (False, None)
    assert edition.closed_at is not None
    # No reminder goes out of a closed edition.
    analyst.post(reverse("fieldwork_edition:remind", kwargs={"pk": edition.pk}), {"target": "alle"})
    run_worker()
    assert len(mailbox.received) == 2
    # 30 days after closing the list stays; after 31 it is deleted, and the answer stays.
    assert services.contacts_purge(now=edition.closed_at + timedelta(days=30)) == 0
    assert services.contacts_purge(now=edition.closed_at + timedelta(days=31)) == 2
    assert not Invitee.objects.exists() and not OutboxMessage.objects.exists()
    assert Respondent.objects.filter(edition=edition).count() == 1


def test_reminders_keep_the_maximum_and_the_minimum_interval(
    facilitator, open_round, mailbox, run_worker
):
    _invite(facilitator, open_round, mailbox, run_worker, [f"{ADA},,kommunen,nb"])
    fieldwork = fieldwork_of(open_round)
    assert (fieldwork.max_reminders, fieldwork.reminder_interval_hours) == (3, 48)
    # Right after the invitation: too soon.
    assert services.reminders_queue(fieldwork=fieldwork, target="alle") == 0
    OutboxMessage.objects.update(sent_at=timezone.now() - timedelta(hours=49))
    assert services.reminders_queue(fieldwork=fieldwork, target="alle") == 1
    run_worker()
    assert len(mailbox.to(ADA)) == 2
    # The reminder itself starts the interval again.
    assert services.reminders_queue(fieldwork=fieldwork, target="alle") == 0
    facilitator.post(
        _url("fieldwork:settings", open_round),
        {"mode": "invitert", "max_reminders": "1", "reminder_interval_hours": "0"},
    )
    fieldwork.refresh_from_db()
    assert (fieldwork.max_reminders, fieldwork.reminder_interval_hours) == (1, 0)
    # One reminder sent, and the maximum is one.
    assert services.reminders_queue(fieldwork=fieldwork, target="alle") == 0
    fieldwork.max_reminders = 2
    fieldwork.save()
    assert services.reminders_queue(fieldwork=fieldwork, target="alle") == 1


def test_a_scheduled_reminder_goes_once_at_its_time_to_whom_it_names(
    facilitator, open_round, mailbox, run_worker
):
    links = _invite(facilitator, open_round, mailbox, run_worker)
    answer_through_link(Client(), open_round, links[BO], finish=False)  # started
    answer_through_link(Client(), open_round, links[CIA])  # finished
    Fieldwork.objects.update(reminder_interval_hours=0)
    at = timezone.now() + timedelta(hours=2)
    reply = facilitator.post(
        _url("fieldwork:schedule", open_round), {"at": _local(at), "target": "ikke-startet"}
    )
    assert reply.status_code == 302
    reminder = ScheduledReminder.objects.get()
    assert (reminder.target, reminder.done_at) == ("ikke-startet", None)
    page = visible_text(facilitator.get(_url("fieldwork:round", open_round)).content.decode())
    assert "de som ikke har begynt" in page
    # Not yet.
    assert services.fieldwork_tick() == services.TickReport(0, 0, 0)
    due = at + timedelta(minutes=1)
    assert services.fieldwork_tick(now=due) == services.TickReport(0, 0, 1)
    assert services.fieldwork_tick(now=due) == services.TickReport(0, 0, 0)  # once
    reminder.refresh_from_db()
    assert (reminder.done_at, reminder.queued) == (due, 1)
    run_worker()
    assert [len(mailbox.to(a)) for a in (ADA, BO, CIA)] == [2, 1, 1]
    # A reminder scheduled and cancelled never goes.
    facilitator.post(
        _url("fieldwork:schedule", open_round), {"at": _local(at), "target": "startet"}
    )
    second = ScheduledReminder.objects.get(done_at__isnull=True)
    facilitator.post(_url("fieldwork:schedule", open_round), {"cancel": str(second.pk)})
    assert not ScheduledReminder.objects.filter(pk=second.pk).exists()
    assert services.fieldwork_tick(now=due + timedelta(hours=1)) == services.TickReport(0, 0, 0)
    run_worker()
    assert len(mailbox.received) == 4  # three invitations and the one reminder


def test_an_unchanged_planned_closing_that_has_passed_does_not_block_the_form(
    facilitator, open_round
):
    past = timezone.now().replace(second=0, microsecond=0) - timedelta(minutes=5)
    Round.objects.filter(pk=open_round.pk).update(closes_at=past)
    facilitator.post(
        _url("fieldwork:settings", open_round),
        {"mode": "begge", "closes_at": _local(past), "max_reminders": "1"},
    )
    fieldwork = fieldwork_of(open_round)
    assert (fieldwork.mode, fieldwork.max_reminders) == ("begge", 1)
    open_round.refresh_from_db()
    assert open_round.closes_at == past
