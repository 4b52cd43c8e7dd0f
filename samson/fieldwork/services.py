"""Writes of fieldwork: contact lists, invitations, reminders, opt-outs, and the outbox that
sends them. Every write is one transaction; the send loop takes one message at a time."""

import contextlib
import smtplib
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Min
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from samson.audit.services import audit_record
from samson.projects.models import Round
from samson.responses.models import Response
from samson.responses.services import response_start
from samson.responses.tokens import token_hash

from . import links, texts
from .contacts import ContactRow
from .models import Fieldwork, Invitee, MessageText, OutboxMessage

State = OutboxMessage.State
Status = Invitee.Status
# A message still claimed after this long was being sent by a worker that died: it may or may
# not have gone out, and it is not sent again (EMAIL_TIMEOUT is far shorter).
STALE_CLAIM = timedelta(minutes=10)
NOT_STARTED = (Status.INVITED, Status.DELIVERED)


class ReminderTarget:
    NOT_STARTED = "ikke-startet"
    STARTED = "startet"
    ALL = "alle"


@transaction.atomic
def fieldwork_for_round(*, round: Round) -> Fieldwork:
    """The round's fieldwork, made the first time something is saved for it.

    A new one is invitation-only when the round is still a draft (every project's minimum
    group size is above 1, and an open code lets one person answer many times); a round that
    is already open keeps its join code working beside the invitations."""
    mode = Fieldwork.Mode.INVITED if round.state == Round.State.DRAFT else Fieldwork.Mode.BOTH
    fieldwork, _created = Fieldwork.objects.get_or_create(round=round, defaults={"mode": mode})
    return fieldwork


@transaction.atomic
def fieldwork_settings_save(*, fieldwork: Fieldwork, mode: str, deadline: date | None) -> None:
    fieldwork.mode = mode
    fieldwork.deadline = deadline
    fieldwork.save(update_fields=["mode", "deadline"])
    audit_record(action="fieldwork.settings", target=fieldwork.round, details={"mode": mode})


@transaction.atomic
def message_text_save(
    *, fieldwork: Fieldwork, kind: str, language: str, subject: str, body: str
) -> None:
    MessageText.objects.update_or_create(
        fieldwork=fieldwork,
        kind=kind,
        language=language,
        defaults={"subject": subject, "body": body},
    )
    audit_record(
        action="fieldwork.text",
        target=fieldwork.round,
        details={"kind": kind, "language": language},
    )


@transaction.atomic
def contacts_add(*, fieldwork: Fieldwork, rows: list[ContactRow]) -> int:
    """Put checked rows (samson.fieldwork.contacts) on the list; returns how many."""
    invitees = []
    for row in rows:
        salt = links.salt_new()
        link = links.link_token(salt)
        invitees.append(
            Invitee(
                fieldwork=fieldwork,
                email=row.email,
                name=row.name,
                party=row.party,
                language=row.language,
                link_salt=salt,
                token_hash=token_hash(link),
                answer_key=links.answer_key(links.answer_token(link)),
            )
        )
    Invitee.objects.bulk_create(invitees, batch_size=500)
    # The count only: the audit log names no contact.
    audit_record(action="fieldwork.contacts", target=fieldwork.round, details={"added": len(rows)})
    return len(invitees)


def _enqueue_sending() -> None:
    from .tasks import outbox_send_task

    transaction.on_commit(lambda: outbox_send_task.enqueue())


@transaction.atomic
def outbox_resume() -> bool:
    """Start sending again if anything waits: after a worker was killed its job stays
    "running" for ever and enqueues no successor. Every send and reminder calls this, and so
    does `samson cleanup` (daily). Returns whether a job was enqueued."""
    if OutboxMessage.objects.filter(state=State.QUEUED).exists():
        _enqueue_sending()
        return True
    return False


@transaction.atomic
def invitations_queue(*, fieldwork: Fieldwork) -> int:
    """Queue an invitation to everyone on the list who has none yet and has not opted out."""
    invitees = fieldwork.invitees.exclude(status=Status.OPTED_OUT).exclude(
        messages__kind=MessageText.Kind.INVITATION
    )
    now = timezone.now()
    messages = [
        OutboxMessage(invitee=invitee, kind=MessageText.Kind.INVITATION, next_attempt_at=now)
        for invitee in invitees
    ]
    OutboxMessage.objects.bulk_create(messages, batch_size=500)
    outbox_resume()
    audit_record(
        action="fieldwork.invite", target=fieldwork.round, details={"queued": len(messages)}
    )
    return len(messages)


@transaction.atomic
def reminders_queue(*, fieldwork: Fieldwork, target: str) -> int:
    """Queue a reminder to the invitees who have not finished: those who have not started,
    those who started, or both. Nobody who opted out or finished, nobody whose invitation was
    not sent, and nobody who still has a reminder waiting."""
    statuses = {
        ReminderTarget.NOT_STARTED: NOT_STARTED,
        ReminderTarget.STARTED: (Status.STARTED,),
        ReminderTarget.ALL: (*NOT_STARTED, Status.STARTED),
    }[target]
    waiting = OutboxMessage.objects.filter(
        kind=MessageText.Kind.REMINDER, state__in=(State.QUEUED, State.SENDING)
    ).values("invitee_id")
    invitees = (
        # One filter() call: the same message must be an invitation and sent.
        fieldwork.invitees.filter(
            status__in=statuses,
            messages__kind=MessageText.Kind.INVITATION,
            messages__state=State.SENT,
        )
        .exclude(pk__in=waiting)
        .distinct()
    )
    now = timezone.now()
    messages = [
        OutboxMessage(invitee=invitee, kind=MessageText.Kind.REMINDER, next_attempt_at=now)
        for invitee in invitees
    ]
    OutboxMessage.objects.bulk_create(messages, batch_size=500)
    outbox_resume()
    audit_record(
        action="fieldwork.remind",
        target=fieldwork.round,
        details={"to": target, "queued": len(messages)},
    )
    return len(messages)


@transaction.atomic
def invitee_opt_out(*, invitee: Invitee) -> None:
    """No more e-mail to this invitee about this round; what is queued is not sent."""
    Invitee.objects.filter(pk=invitee.pk).exclude(status=Status.FINISHED).update(
        status=Status.OPTED_OUT
    )
    invitee.messages.filter(state=State.QUEUED).update(state=State.OPTED_OUT)


class LinkClosed(Exception):
    """The round is not open for answers."""


@transaction.atomic
def invitee_start(*, invitee: Invitee, link: str, language: str) -> tuple[Response, str]:
    """The response of an invitee's link, started the first time: its token is derived from
    the link, so the link reaches the same response every time and no other."""
    round = Round.objects.select_for_update().get(pk=invitee.fieldwork.round_id)
    token = links.answer_token(link)
    existing = Response.objects.filter(token_hash=token_hash(token)).first()
    if existing is not None:
        return existing, token
    if round.state != Round.State.OPEN:
        raise LinkClosed
    response, token = response_start(
        instrument_version=round.instrument_version,
        language=language,
        round=round,
        party=invitee.party,
        token=token,
    )
    Invitee.objects.filter(pk=invitee.pk, status__in=NOT_STARTED).update(status=Status.STARTED)
    return response, token


def invitee_finished(*, answer_token: str) -> None:
    """Called in the transaction that finishes a response: its invitee, if any, is finished."""
    Invitee.objects.filter(answer_key=links.answer_key(answer_token)).exclude(
        status=Status.FINISHED
    ).update(status=Status.FINISHED)


@transaction.atomic
def contacts_purge(*, now: datetime | None = None) -> int:
    """Delete the contact lists (and their outboxes) of rounds closed more than
    SAMSON_FIELDWORK_CONTACT_DAYS ago. Answers stay; nothing led from them to a contact."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.SAMSON_FIELDWORK_CONTACT_DAYS)
    doomed = Invitee.objects.filter(
        fieldwork__round__state=Round.State.CLOSED, fieldwork__round__closed_at__lt=cutoff
    )
    OutboxMessage.objects.filter(invitee__in=doomed).delete()
    deleted, _by_model = doomed.delete()
    return deleted


# Sending.


@dataclass(frozen=True)
class SendReport:
    sent: int
    failed: int
    retried: int
    next_due: datetime | None


def deadline_text(deadline: date | None) -> str:
    """The deadline as the e-mail writes it, in the active language."""
    if deadline is None:
        return gettext("none set, but please answer soon")
    return formats.date_format(deadline, "DATE_FORMAT")


def message_for(message: OutboxMessage) -> EmailMessage:
    """The e-mail of an outbox message, written in its invitee's language."""
    invitee = message.invitee
    fieldwork = invitee.fieldwork
    link = links.link_token(invitee.link_salt)
    site = settings.SAMSON_SITE_URL.rstrip("/")
    with translation.override(invitee.language):
        values = {
            "link": site + reverse("fieldwork_link:start", kwargs={"token": link}),
            "opt_out_link": site + reverse("fieldwork_link:opt_out", kwargs={"token": link}),
            "organisation": fieldwork.round.project.organisation.name,
            "deadline": deadline_text(fieldwork.deadline),
        }
    text = texts.render(texts.current_text(fieldwork, message.kind, invitee.language), values)
    return EmailMessage(
        subject=text.subject,
        body=text.body,
        from_email=settings.SAMSON_FIELDWORK_FROM_EMAIL,
        to=[invitee.email],
        headers={"Auto-Submitted": "auto-generated"},
    )


def _stale_claims_fail(now: datetime) -> None:
    OutboxMessage.objects.filter(state=State.SENDING, claimed_at__lt=now - STALE_CLAIM).update(
        state=State.FAILED,
        last_error=(
            "The worker stopped while sending this message. It may have gone out, so it is "
            "not sent again."
        ),
    )


def _permanent(error: Exception) -> bool:
    """A refusal the server means for good (5xx), not a passing trouble (4xx, a lost line)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _msg in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return False


def _claim(now: datetime) -> OutboxMessage | None:
    """The next due message, claimed for this worker in its own committed transaction: from
    here on no other worker takes it, whatever happens to this one."""
    while True:
        candidate = (
            OutboxMessage.objects.filter(state=State.QUEUED, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)
            .first()
        )
        if candidate is None:
            return None
        with transaction.atomic():
            won = OutboxMessage.objects.filter(pk=candidate, state=State.QUEUED).update(
                state=State.SENDING, claimed_at=now, attempts=F("attempts") + 1
            )
        if won:
            return OutboxMessage.objects.select_related(
                "invitee__fieldwork__round__project__organisation"
            ).get(pk=candidate)


def _not_needed(message: OutboxMessage) -> tuple[str, str]:
    """The state and reason of a message that must not go out any more, or ("", "")."""
    invitee, round = message.invitee, message.invitee.fieldwork.round
    if invitee.status == Status.OPTED_OUT:
        return State.OPTED_OUT, ""
    if round.state == Round.State.CLOSED:
        return State.FAILED, "Not sent: the round was closed."
    if message.kind == MessageText.Kind.REMINDER and invitee.status == Status.FINISHED:
        return State.FAILED, "Not sent: the invitee had finished."
    return "", ""


def outbox_send(*, now: datetime | None = None) -> SendReport:
    """Send the due messages one at a time, within the per-minute cap.

    Each is claimed before the SMTP conversation and marked after it. A worker killed in
    between leaves it claimed, and a claim older than STALE_CLAIM is marked failed, never sent
    again: a message goes out at most once. A 5xx refusal fails that message and the batch
    goes on; a 4xx or a lost connection puts it back with a doubling wait, up to
    SAMSON_FIELDWORK_MAX_ATTEMPTS attempts."""
    sent = failed = retried = 0
    cap = settings.SAMSON_FIELDWORK_MAILS_PER_MINUTE
    connection = get_connection(fail_silently=False)
    _stale_claims_fail(now or timezone.now())
    try:
        while True:
            moment = now or timezone.now()
            window = moment - timedelta(minutes=1)
            if OutboxMessage.objects.filter(claimed_at__gt=window).count() >= cap:
                break
            message = _claim(moment)
            if message is None:
                break
            skip, reason = _not_needed(message)
            if skip:
                OutboxMessage.objects.filter(pk=message.pk).update(state=skip, last_error=reason)
                continue
            try:
                email = message_for(message)
                connection.open()
                connection.send_messages([email])
            except (smtplib.SMTPException, OSError) as error:
                _close_quietly(connection)
                if _permanent(error) or message.attempts >= settings.SAMSON_FIELDWORK_MAX_ATTEMPTS:
                    failed += 1
                    OutboxMessage.objects.filter(pk=message.pk).update(
                        state=State.FAILED, last_error=_describe(error)
                    )
                else:
                    retried += 1
                    wait = settings.SAMSON_FIELDWORK_BACKOFF_SECONDS * 2 ** (message.attempts - 1)
                    OutboxMessage.objects.filter(pk=message.pk).update(
                        state=State.QUEUED,
                        next_attempt_at=moment + timedelta(seconds=wait),
                        last_error=_describe(error),
                    )
                continue
            sent += 1
            with transaction.atomic():
                OutboxMessage.objects.filter(pk=message.pk).update(
                    state=State.SENT, sent_at=timezone.now(), last_error=""
                )
                Invitee.objects.filter(pk=message.invitee_id, status=Status.INVITED).update(
                    status=Status.DELIVERED
                )
                if message.kind == MessageText.Kind.REMINDER:
                    Invitee.objects.filter(pk=message.invitee_id).update(
                        reminders_sent=F("reminders_sent") + 1
                    )
    finally:
        _close_quietly(connection)
    return SendReport(sent, failed, retried, _next_due())


def _next_due() -> datetime | None:
    """When sending should be tried again: the next queued message, or the end of the cap's
    minute when messages are due now."""
    first = OutboxMessage.objects.filter(state=State.QUEUED).aggregate(at=Min("next_attempt_at"))
    at: datetime | None = first["at"]
    if at is None:
        return None
    oldest = OutboxMessage.objects.filter(
        claimed_at__gt=timezone.now() - timedelta(minutes=1)
    ).aggregate(at=Min("claimed_at"))["at"]
    if oldest is not None and oldest + timedelta(minutes=1) > at:
        at = oldest + timedelta(minutes=1)
    return at


def _describe(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        parts = [
            f"{code} {msg.decode(errors='replace')}" for code, msg in error.recipients.values()
        ]
        return "; ".join(parts)[:500]
    if isinstance(error, smtplib.SMTPResponseException):
        message = error.smtp_error
        text = message.decode(errors="replace") if isinstance(message, bytes) else str(message)
        return f"{error.smtp_code} {text}"[:500]
    return f"{type(error).__name__}: {error}"[:500]


def _close_quietly(connection: object) -> None:
    # A broken line is dropped all the same; the next message opens a new one.
    with contextlib.suppress(Exception):
        connection.close()  # type: ignore[attr-defined]
