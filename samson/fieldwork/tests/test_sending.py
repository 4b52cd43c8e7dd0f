"""End to end through a real SMTP server on 127.0.0.1 and the real database worker: the
contact list is imported and the invitations sent through the facilitator's pages, the
messages arrive with personal links, and the links are answered as an invitee does."""

import os
import signal
import subprocess
import sys
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from samson.fieldwork import services
from samson.fieldwork.contacts import ContactRow
from samson.fieldwork.models import Fieldwork, Invitee, OutboxMessage
from samson.fieldwork.selectors import outbox_counts
from samson.responses.models import Response
from samson.responses.tokens import token_hash

from .helpers import answer_through_link, fieldwork_of, import_contacts, link_of, opt_out_of

# The worker takes its own transactions and checks its connection, as in production.
pytestmark = pytest.mark.django_db(transaction=True)

State = OutboxMessage.State
ADA, BO, CIA = "ada@example.no", "bo@example.no", "cia@example.no"


def _send(client: Client, round, what: str = "send", data: dict[str, str] | None = None) -> None:
    if what == "remind":
        # These tests remind right after inviting: no minimum interval (test_reminders.py
        # tests the interval and the maximum).
        Fieldwork.objects.update(reminder_interval_hours=0)
    url = reverse(f"fieldwork:{what}", kwargs={"pk": round.project_id, "round_pk": round.pk})
    assert client.post(url, data or {}).status_code == 302


def _three_invited(facilitator, open_round, mailbox, run_worker) -> dict[str, str]:
    reply = import_contacts(
        facilitator,
        open_round,
        [f"{ADA},Ada,kommunen,nb", f"{BO},Bo,innbyggere,nn", f"{CIA},,innbyggere,en"],
    )
    assert reply.status_code == 302
    _send(facilitator, open_round)
    run_worker()
    return {address: link_of(mailbox.to(address)[0]) for address in (ADA, BO, CIA)}


def test_invitations_arrive_with_each_invitees_own_link(
    facilitator, open_round, mailbox, run_worker
):
    links = _three_invited(facilitator, open_round, mailbox, run_worker)
    assert mailbox.addresses() == [ADA, BO, CIA]
    assert len(set(links.values())) == 3
    for address, link in links.items():
        invitee = Invitee.objects.get(email=address)
        # The link is the invitee's: its hash is what the list keeps, never the link itself.
        assert invitee.token_hash == token_hash(link)
        assert link not in str(Invitee.objects.filter(pk=invitee.pk).values().get())
        assert invitee.status == Invitee.Status.DELIVERED
        message = mailbox.to(address)[0]
        assert opt_out_of(message) == link
    # Each in the invitee's language, with the organisation filled in.
    organisation = open_round.project.organisation.name
    assert mailbox.to(ADA)[0]["Subject"] == f"Invitasjon: vurder samskapingen med {organisation}"
    assert (
        mailbox.to(CIA)[0]["Subject"] == f"Invitation: assess the co-creation with {organisation}"
    )
    assert list(OutboxMessage.objects.values_list("state", "attempts")) == [(State.SENT, 1)] * 3
    # Sending the invitations again sends nobody a second one.
    _send(facilitator, open_round)
    run_worker()
    assert len(mailbox.received) == 3


def test_a_link_answers_once_for_its_party_and_then_thanks(
    facilitator, open_round, mailbox, run_worker
):
    links = _three_invited(facilitator, open_round, mailbox, run_worker)
    invitee = Client()
    assert "/takk/" in answer_through_link(invitee, open_round, links[BO])
    response = Response.objects.get(round=open_round)
    assert response.party is not None and response.party.preset == "innbyggere"
    assert response.completed_at is not None
    assert Invitee.objects.get(email=BO).status == Invitee.Status.FINISHED
    # The finished link leads to the thanks page, and starts nothing more.
    again = Client().get(f"/invitasjon/{links[BO]}/")
    assert again.status_code == 302 and "/takk/" in again["Location"]
    Client().post(f"/invitasjon/{links[BO]}/")
    assert Response.objects.filter(round=open_round).count() == 1
    # Nothing in the response names the invitation.
    fields = {f.name for f in Response._meta.get_fields()}
    assert not fields & {"invitee", "invitee_id", "email", "fieldwork"}


def test_a_recipient_refused_with_550_bounces_and_the_batch_goes_on(
    facilitator, open_round, mailbox, run_worker
):
    mailbox.reject.add(BO)
    import_contacts(
        facilitator,
        open_round,
        [f"{ADA},,kommunen,nb", f"{BO},,innbyggere,nb", f"{CIA},,innbyggere,nb"],
    )
    _send(facilitator, open_round)
    run_worker()
    assert mailbox.addresses() == [ADA, CIA]
    refused = OutboxMessage.objects.get(invitee__email=BO)
    # A 550 to RCPT refuses the mailbox for good (RFC 5321): bounced, not merely failed.
    assert (refused.state, refused.attempts) == (State.BOUNCED, 1)
    assert refused.last_error == "550 5.1.1 No such mailbox here"
    assert Invitee.objects.get(email=BO).status == Invitee.Status.BOUNCED
    # No more mail to that address: neither a new invitation nor a reminder is queued for it.
    mailbox.reject.clear()
    _send(facilitator, open_round)
    _send(facilitator, open_round, "remind", {"target": services.ReminderTarget.ALL})
    run_worker()
    assert mailbox.addresses() == [ADA, ADA, CIA, CIA]
    assert OutboxMessage.objects.filter(invitee__email=BO).count() == 1


def test_a_message_refused_at_data_fails_without_bouncing_the_address(
    facilitator, open_round, mailbox, run_worker
):
    mailbox.refuse_data.add(BO)
    import_contacts(facilitator, open_round, [f"{ADA},,kommunen,nb", f"{BO},,innbyggere,nb"])
    _send(facilitator, open_round)
    run_worker()
    assert mailbox.addresses() == [ADA]
    refused = OutboxMessage.objects.get(invitee__email=BO)
    assert (refused.state, refused.attempts) == (State.FAILED, 1)
    assert refused.last_error == "554 5.7.1 Message refused"
    # The message, not the address, was refused: a reminder may still reach it.
    assert Invitee.objects.get(email=BO).status == Invitee.Status.INVITED


def test_a_dropped_connection_is_retried_and_sends_once(
    facilitator, open_round, mailbox, run_worker
):
    mailbox.drop_once.add(ADA)
    import_contacts(facilitator, open_round, [f"{ADA},,kommunen,nb", f"{BO},,innbyggere,nb"])
    _send(facilitator, open_round)
    run_worker()
    assert mailbox.addresses() == [ADA, BO]
    message = OutboxMessage.objects.get(invitee__email=ADA)
    assert (message.state, message.attempts) == (State.SENT, 2)
    assert message.last_error == ""


def test_reminders_reach_only_those_who_have_not_finished(
    facilitator, open_round, mailbox, run_worker
):
    links = _three_invited(facilitator, open_round, mailbox, run_worker)
    answer_through_link(Client(), open_round, links[ADA])  # finished
    answer_through_link(Client(), open_round, links[BO], finish=False)  # started
    mailbox.received.clear()
    _send(facilitator, open_round, "remind", {"target": services.ReminderTarget.NOT_STARTED})
    run_worker()
    assert mailbox.addresses() == [CIA]
    assert mailbox.to(CIA)[0]["Subject"].startswith("Reminder: ")
    mailbox.received.clear()
    _send(facilitator, open_round, "remind", {"target": services.ReminderTarget.STARTED})
    run_worker()
    assert mailbox.addresses() == [BO]
    # The reminder carries the same link, which resumes the same response.
    assert link_of(mailbox.to(BO)[0]) == links[BO]
    mailbox.received.clear()
    _send(facilitator, open_round, "remind", {"target": services.ReminderTarget.ALL})
    run_worker()
    assert mailbox.addresses() == [BO, CIA]
    assert Invitee.objects.get(email=CIA).reminders_sent == 2


def test_an_opt_out_stops_all_further_mail(facilitator, open_round, mailbox, run_worker):
    links = _three_invited(facilitator, open_round, mailbox, run_worker)
    page = Client().get(f"/invitasjon/{links[CIA]}/avmeld/")
    assert page.status_code == 200
    assert (
        Invitee.objects.get(email=CIA).status == Invitee.Status.DELIVERED
    )  # a GET changes nothing
    assert Client().post(f"/invitasjon/{links[CIA]}/avmeld/").status_code == 200
    # A reminder queued before the opt-out is not sent either.
    OutboxMessage.objects.create(
        invitee=Invitee.objects.get(email=CIA), kind="purring", next_attempt_at=timezone.now()
    )
    Invitee.objects.filter(email=CIA).update(status=Invitee.Status.DELIVERED)
    services.invitee_opt_out(invitee=Invitee.objects.get(email=CIA))
    mailbox.received.clear()
    _send(facilitator, open_round, "remind", {"target": services.ReminderTarget.ALL})
    run_worker()
    assert mailbox.addresses() == [ADA, BO]
    assert set(
        OutboxMessage.objects.filter(invitee__email=CIA).values_list("state", flat=True)
    ) == {State.SENT, State.OPTED_OUT}


def test_a_message_whose_worker_died_mid_conversation_is_never_sent_again(
    facilitator, open_round, mailbox, run_worker
):
    import_contacts(facilitator, open_round, [f"{ADA},,kommunen,nb", f"{BO},,innbyggere,nb"])
    fieldwork = fieldwork_of(open_round)
    services.invitations_queue(fieldwork=fieldwork)
    # A worker claimed Ada's invitation, started the SMTP conversation and was killed.
    claimed = OutboxMessage.objects.get(invitee__email=ADA)
    long_ago = timezone.now() - timedelta(minutes=11)
    OutboxMessage.objects.filter(pk=claimed.pk).update(
        state=State.SENDING, attempts=1, claimed_at=long_ago, conversation_at=long_ago
    )
    run_worker()
    assert mailbox.addresses() == [BO]
    claimed.refresh_from_db()
    assert (claimed.state, claimed.attempts, claimed.sent_at) == (State.IN_DOUBT, 1, None)
    assert claimed.last_error == services.IN_DOUBT_ERROR
    assert outbox_counts(fieldwork).in_doubt == 1
    # The facilitator is told, in the page's language.
    page = facilitator.get(
        reverse("fieldwork:round", kwargs={"pk": open_round.project_id, "round_pk": open_round.pk})
    ).content.decode()
    assert (
        "1 melding er uviss: sendingen stoppet mens den ble levert til e-posttjeneren, så den "
        "kan ha kommet fram eller ikke. Den sendes ikke på nytt;" in page
    )
    # A reminder is the way to reach Ada again (Bo was sent his invitation just now).
    fieldwork.reminder_interval_hours = 0
    fieldwork.save()
    assert services.reminders_queue(fieldwork=fieldwork, target=services.ReminderTarget.ALL) == 2
    run_worker()
    assert mailbox.addresses() == [ADA, BO, BO]


def test_a_message_whose_worker_died_before_the_conversation_is_sent_once(
    facilitator, open_round, mailbox, run_worker, settings
):
    import_contacts(facilitator, open_round, [f"{ADA},,kommunen,nb", f"{BO},,innbyggere,nb"])
    fieldwork = fieldwork_of(open_round)
    services.invitations_queue(fieldwork=fieldwork)
    claimed = OutboxMessage.objects.get(invitee__email=ADA)
    young = timezone.now() - timedelta(minutes=9)
    OutboxMessage.objects.filter(pk=claimed.pk).update(
        state=State.SENDING, attempts=1, claimed_at=young
    )
    # Not stale yet (under ten minutes): the claim may be a live worker's, so it is left.
    run_worker()
    assert mailbox.addresses() == [BO]
    assert OutboxMessage.objects.get(pk=claimed.pk).state == State.SENDING
    # Stale: it never reached the server, so it goes back to the queue and out once.
    settings.SAMSON_FIELDWORK_STALE_CLAIM_SECONDS = 8 * 60
    services.outbox_send()
    assert mailbox.addresses() == [ADA, BO]
    claimed.refresh_from_db()
    assert (claimed.state, claimed.attempts) == (State.SENT, 2)
    assert claimed.conversation_at is not None


def _invitation_queued(round):
    """One invitation to ADA of the municipality, queued and not yet claimed."""
    fieldwork = services.fieldwork_for_round(round=round)
    services.contacts_add(
        fieldwork=fieldwork,
        rows=[
            ContactRow(
                email=ADA,
                name="",
                party=round.project.parties.get(preset="kommunen"),
                language="nb",
            )
        ],
    )
    services.invitations_queue(fieldwork=fieldwork)


def test_a_stale_claim_taken_back_is_not_sent_by_its_late_worker(open_round, world):
    _invitation_queued(open_round)
    late = services._claim(timezone.now())
    assert late is not None and late.attempts == 1
    # Its worker stalls; the claim goes stale, is taken back and claimed by another worker.
    later = timezone.now() + services.stale_claim() + timedelta(seconds=1)
    assert services._stale_claims_settle(later) == 1
    other = services._claim(later)
    assert other is not None and (other.pk, other.attempts) == (late.pk, 2)
    # The late worker may not start its conversation; the new claimer may, once.
    assert services._conversation_starts(late) is False
    assert services._conversation_starts(other) is True
    assert services._conversation_starts(other) is False


def test_a_message_abandoned_too_often_fails(open_round, settings):
    settings.SAMSON_FIELDWORK_MAX_ATTEMPTS = 2
    _invitation_queued(open_round)
    OutboxMessage.objects.update(
        state=State.SENDING, attempts=2, claimed_at=timezone.now() - timedelta(hours=1)
    )
    assert services._stale_claims_settle(timezone.now()) == 0
    message = OutboxMessage.objects.get()
    assert (message.state, message.last_error) == (State.FAILED, services.ABANDONED_ERROR)


def test_the_per_minute_cap_leaves_the_rest_for_the_next_minute(
    facilitator, open_round, mailbox, run_worker, settings
):
    settings.SAMSON_FIELDWORK_MAILS_PER_MINUTE = 2
    import_contacts(
        facilitator,
        open_round,
        [f"{ADA},,kommunen,nb", f"{BO},,innbyggere,nb", f"{CIA},,innbyggere,nb"],
    )
    _send(facilitator, open_round)
    run_worker()
    assert mailbox.addresses() == [ADA, BO]
    assert OutboxMessage.objects.get(invitee__email=CIA).state == State.QUEUED
    later = DBTaskResult.objects.filter(status="READY").get()
    wait = (later.run_after - timezone.now()).total_seconds()
    assert 50 < wait <= 60


def test_a_reminder_waiting_when_its_invitee_finishes_is_not_sent(
    facilitator, open_round, mailbox, run_worker
):
    links = _three_invited(facilitator, open_round, mailbox, run_worker)
    mailbox.received.clear()
    _send(facilitator, open_round, "remind", {"target": services.ReminderTarget.ALL})
    answer_through_link(Client(), open_round, links[BO])  # before the worker comes round
    run_worker()
    assert mailbox.addresses() == [ADA, CIA]
    dropped = OutboxMessage.objects.get(invitee__email=BO, kind="purring")
    assert (dropped.state, dropped.last_error) == (
        State.FAILED,
        "Not sent: the invitee had finished.",
    )


def _worker_process(mailbox) -> subprocess.Popen[bytes]:
    """`samson db_worker` in a process of its own, on this test's database."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        url = f"sqlite:///{db['NAME']}"
    else:
        url = (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "samson.fieldwork.tests.worker_settings",
        "DATABASE_URL": url,
        "SAMSON_TEST_SMTP_PORT": str(mailbox.port),
    }
    command = [sys.executable, "-m", "samson", "db_worker", "--no-reload", "--no-startup-delay"]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_a_worker_killed_mid_send_leaves_no_message_sent_twice(
    facilitator, open_round, mailbox, run_worker
):
    mailbox.hold.add(BO)  # the server has Bo's invitation, and the worker waits for the reply
    import_contacts(
        facilitator,
        open_round,
        [f"{ADA},,kommunen,nb", f"{BO},,innbyggere,nb", f"{CIA},,innbyggere,nb"],
    )
    _send(facilitator, open_round)
    worker = _worker_process(mailbox)
    try:
        assert mailbox.holding.wait(timeout=60), worker.stderr.read() if worker.stderr else ""
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
        if worker.stderr:
            worker.stderr.close()
    mailbox.release.set()
    states = dict(OutboxMessage.objects.values_list("invitee__email", "state"))
    assert states == {ADA: State.SENT, BO: State.SENDING, CIA: State.QUEUED}
    # Later (the claim is older than the stale limit), a send from the page takes up the rest;
    # Bo's message was in its SMTP conversation, so it is in doubt and not sent again.
    OutboxMessage.objects.filter(state=State.SENDING).update(
        claimed_at=timezone.now() - services.stale_claim() - timedelta(seconds=1)
    )
    _send(facilitator, open_round)
    run_worker()
    assert mailbox.addresses() == [ADA, BO, CIA]  # each exactly once
    states = dict(OutboxMessage.objects.values_list("invitee__email", "state"))
    assert states == {ADA: State.SENT, BO: State.IN_DOUBT, CIA: State.SENT}
