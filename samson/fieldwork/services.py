"""Writes of fieldwork: contact lists, invitations, reminders, opt-outs, and the outbox that
sends them. Every write is one transaction; the send loop takes one message at a time."""

import contextlib
import smtplib
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection, models, transaction
from django.db.models import F, Min, Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from samson.audit.services import audit_record
from samson.barometer.models import Edition, Invitation
from samson.barometer.services import INVITATION_BACKGROUND, edition_settings
from samson.projects.models import Project, Round
from samson.projects.selectors import minimum_group_size
from samson.projects.services import RoundStateError, round_close, round_create
from samson.responses.models import Response
from samson.responses.services import response_start
from samson.responses.tokens import token_hash

from . import links, texts
from .contacts import ContactRow, UnitRow
from .models import Fieldwork, Invitee, MessageText, OutboxMessage, ScheduledReminder

State = OutboxMessage.State
Status = Invitee.Status
NOT_STARTED = (Status.INVITED, Status.DELIVERED)


class ReminderTarget:
    NOT_STARTED = "ikke-startet"
    STARTED = "startet"
    ALL = "alle"


def round_mode_default(*, project: Project) -> str:
    """How participants join a new round unless the facilitator chooses otherwise.

    Invitation-only wherever a minimum group size above 1 applies (every project today: the
    floor is 3), because an open code lets one person answer many times and so lift a small
    party to the minimum; both ways otherwise."""
    if minimum_group_size(project) > 1:
        return Fieldwork.Mode.INVITED
    return Fieldwork.Mode.BOTH


@transaction.atomic
def round_create_with_mode(*, project: Project, label: str, mode: str | None = None) -> Round:
    """A draft round (projects' `round_create`) and its fieldwork in `mode`, by default
    `round_mode_default`, in one transaction: the round never exists without its mode."""
    if mode is None:
        mode = round_mode_default(project=project)
    if mode not in Fieldwork.Mode.values:
        raise ValueError(f"unknown mode {mode!r}")
    round = round_create(project=project, label=label)  # its fieldwork comes by the signal
    Fieldwork.objects.filter(round=round).update(mode=mode)
    audit_record(action="fieldwork.settings", target=round, details={"mode": mode})
    return round


@transaction.atomic
def fieldwork_for_round(*, round: Round) -> Fieldwork:
    """The round's fieldwork: made when the round is created (projects' `round_created`
    signal), or the first time something is saved for a round made before that.

    A new one follows `round_mode_default` when the round is still a draft; a round that is
    already open keeps its join code working beside the invitations."""
    mode = (
        round_mode_default(project=round.project)
        if round.state == Round.State.DRAFT
        else Fieldwork.Mode.BOTH
    )
    fieldwork, _created = Fieldwork.objects.get_or_create(round=round, defaults={"mode": mode})
    return fieldwork


@transaction.atomic
def fieldwork_for_edition(*, edition: Edition) -> Fieldwork:
    """The edition's fieldwork, made the first time something is saved for it. An edition is
    answered through links only, so its mode stays "invitation only"."""
    fieldwork, _created = Fieldwork.objects.get_or_create(
        edition=edition, defaults={"mode": Fieldwork.Mode.INVITED}
    )
    return fieldwork


def owner_of(fieldwork: Fieldwork) -> models.Model:
    """The round or edition the fieldwork belongs to (what the audit log names)."""
    owner = fieldwork.round if fieldwork.round_id else fieldwork.edition
    assert owner is not None
    return owner


def owner_open(fieldwork: Fieldwork, now: datetime | None = None) -> bool:
    """Whether the round or edition takes answers (and so whether mail may go out): open, and
    its planned closing not passed, even if the tick has not closed it yet."""
    owner = fieldwork.round if fieldwork.round_id else fieldwork.edition
    assert owner is not None
    if owner.closes_at is not None and owner.closes_at <= (now or timezone.now()):
        return False
    if isinstance(owner, Round):
        return owner.state == Round.State.OPEN
    return owner.open


def organisation_name(fieldwork: Fieldwork) -> str:
    if fieldwork.round_id:
        assert fieldwork.round is not None
        return fieldwork.round.project.organisation.name
    assert fieldwork.edition is not None
    return fieldwork.edition.organisation.name


@transaction.atomic
def fieldwork_settings_save(*, fieldwork: Fieldwork, mode: str, deadline: date | None) -> None:
    fieldwork.mode = mode
    fieldwork.deadline = deadline
    fieldwork.save(update_fields=["mode", "deadline"])
    audit_record(action="fieldwork.settings", target=owner_of(fieldwork), details={"mode": mode})


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
        target=owner_of(fieldwork),
        details={"kind": kind, "language": language},
    )


@transaction.atomic
def contacts_add(*, fieldwork: Fieldwork, rows: list[ContactRow]) -> int:
    """Put checked rows (samson.fieldwork.contacts) on the list; returns how many."""
    return _invitees_add(
        fieldwork,
        [
            Invitee(
                fieldwork=fieldwork,
                email=row.email,
                name=row.name,
                party=row.party,
                language=row.language,
            )
            for row in rows
        ],
    )


@transaction.atomic
def units_add(*, fieldwork: Fieldwork, rows: list[UnitRow], central: bool) -> int:
    """Put an edition's checked units (contacts.unit_rows) on its list; returns how many.
    In central-mailbox mode each unit gets its own link, sent to the shared address."""
    return _invitees_add(
        fieldwork,
        [
            Invitee(
                fieldwork=fieldwork,
                email=row.email,
                name=row.name,
                language=row.language,
                background=row.background,
                unit=row.unit,
                central=central,
            )
            for row in rows
        ],
    )


def _invitees_add(fieldwork: Fieldwork, invitees: list[Invitee]) -> int:
    """Give each new invitee its own link (a fresh salt, the link's hash and the answer key)
    and store them; the audit log gets the count only, and names no contact."""
    for invitee in invitees:
        invitee.link_salt = links.salt_new()
        link = links.link_token(invitee.link_salt)
        invitee.token_hash = token_hash(link)
        invitee.answer_key = links.answer_key(links.answer_token(link))
    Invitee.objects.bulk_create(invitees, batch_size=500)
    audit_record(
        action="fieldwork.contacts", target=owner_of(fieldwork), details={"added": len(invitees)}
    )
    return len(invitees)


def stale_claim() -> timedelta:
    """How long a claim may stand before its worker counts as dead
    (SAMSON_FIELDWORK_STALE_CLAIM_SECONDS; EMAIL_TIMEOUT should be well below it)."""
    return timedelta(seconds=settings.SAMSON_FIELDWORK_STALE_CLAIM_SECONDS)


def sending_jobs_waiting() -> int:
    """Sending jobs not yet started (on the database backend; 0 on any other)."""
    from .tasks import outbox_send_task

    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return 0
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=outbox_send_task.module_path
    ).count()


@transaction.atomic
def outbox_resume(*, now: datetime | None = None) -> bool:
    """Start sending if anything waits or a dead worker's claim is stale: after a worker was
    killed its job stays "running" for ever and enqueues no successor. Enqueues up to
    SAMSON_FIELDWORK_SENDERS jobs (fewer when some wait already), so that as many workers
    share the outbox. Every send and reminder calls this, and so do the tick and
    `samson cleanup`. Returns whether anything waits."""
    from .tasks import outbox_send_task

    cutoff = (now or timezone.now()) - stale_claim()
    if not OutboxMessage.objects.filter(
        Q(state=State.QUEUED) | Q(state=State.SENDING, claimed_at__lt=cutoff)
    ).exists():
        return False
    for _job in range(settings.SAMSON_FIELDWORK_SENDERS - sending_jobs_waiting()):
        transaction.on_commit(lambda: outbox_send_task.enqueue())
    return True


@transaction.atomic
def invitations_queue(*, fieldwork: Fieldwork) -> int:
    """Queue an invitation to everyone on the list who has none yet, has not opted out and
    whose address was not refused."""
    invitees = (
        fieldwork.invitees.exclude(status__in=(Status.OPTED_OUT, Status.BOUNCED))
        .exclude(messages__kind=MessageText.Kind.INVITATION)
        .distinct()
    )
    now = timezone.now()
    messages = [
        OutboxMessage(invitee=invitee, kind=MessageText.Kind.INVITATION, next_attempt_at=now)
        for invitee in invitees
    ]
    OutboxMessage.objects.bulk_create(messages, batch_size=500)
    outbox_resume()
    audit_record(
        action="fieldwork.invite", target=owner_of(fieldwork), details={"queued": len(messages)}
    )
    return len(messages)


@transaction.atomic
def reminders_queue(*, fieldwork: Fieldwork, target: str, now: datetime | None = None) -> int:
    """Queue a reminder to the invitees who have not finished: those who have not started,
    those who started, or both. Nobody who opted out, bounced or finished, nobody whose
    invitation was not sent, nobody who still has a reminder waiting, nobody who has had the
    fieldwork's maximum number of reminders, and nobody who was sent a message less than its
    minimum interval ago."""
    statuses = {
        ReminderTarget.NOT_STARTED: NOT_STARTED,
        ReminderTarget.STARTED: (Status.STARTED,),
        ReminderTarget.ALL: (*NOT_STARTED, Status.STARTED),
    }[target]
    now = now or timezone.now()
    waiting = OutboxMessage.objects.filter(
        kind=MessageText.Kind.REMINDER, state__in=(State.QUEUED, State.SENDING)
    ).values("invitee_id")
    recent = OutboxMessage.objects.filter(
        invitee__fieldwork=fieldwork,
        state=State.SENT,
        sent_at__gt=now - timedelta(hours=fieldwork.reminder_interval_hours),
    ).values("invitee_id")
    invitees = (
        # One filter() call: the same message must be an invitation and sent (or in doubt:
        # it may not have arrived, and a reminder is the way to reach the person again).
        fieldwork.invitees.filter(
            status__in=statuses,
            messages__kind=MessageText.Kind.INVITATION,
            messages__state__in=(State.SENT, State.IN_DOUBT),
            reminders_sent__lt=fieldwork.max_reminders,
        )
        .exclude(pk__in=waiting)
        .exclude(pk__in=recent)
        .distinct()
    )
    # Due at once (a tick may pass a `now` a little ahead of the worker's clock).
    due = min(now, timezone.now())
    messages = [
        OutboxMessage(invitee=invitee, kind=MessageText.Kind.REMINDER, next_attempt_at=due)
        for invitee in invitees
    ]
    OutboxMessage.objects.bulk_create(messages, batch_size=500)
    outbox_resume()
    audit_record(
        action="fieldwork.remind",
        target=owner_of(fieldwork),
        details={"to": target, "queued": len(messages)},
    )
    return len(messages)


@transaction.atomic
def reminder_limits_save(*, fieldwork: Fieldwork, max_reminders: int, interval_hours: int) -> None:
    fieldwork.max_reminders = max_reminders
    fieldwork.reminder_interval_hours = interval_hours
    fieldwork.save(update_fields=["max_reminders", "reminder_interval_hours"])
    audit_record(
        action="fieldwork.settings",
        target=owner_of(fieldwork),
        details={"max_reminders": max_reminders, "interval_hours": interval_hours},
    )


@transaction.atomic
def planned_closing_save(*, fieldwork: Fieldwork, closes_at: datetime | None) -> None:
    """When the round or edition closes by itself (`fieldwork_tick`); None for never."""
    owner = owner_of(fieldwork)
    if isinstance(owner, Round):
        Round.objects.filter(pk=owner.pk).update(closes_at=closes_at)
    else:
        Edition.objects.filter(pk=owner.pk).update(closes_at=closes_at)
    audit_record(
        action="fieldwork.settings",
        target=owner,
        details={"closes_at": closes_at.isoformat() if closes_at else ""},
    )


@transaction.atomic
def reminder_schedule(*, fieldwork: Fieldwork, at: datetime, target: str) -> ScheduledReminder:
    """A reminder the worker queues at `at` (through `fieldwork_tick`), with the same rules
    as one sent at once."""
    reminder = ScheduledReminder.objects.create(fieldwork=fieldwork, at=at, target=target)
    audit_record(
        action="fieldwork.remind",
        target=owner_of(fieldwork),
        details={"to": target, "scheduled": at.isoformat()},
    )
    return reminder


@transaction.atomic
def reminder_unschedule(*, reminder: ScheduledReminder) -> None:
    ScheduledReminder.objects.filter(pk=reminder.pk, done_at__isnull=True).delete()


@dataclass(frozen=True)
class TickReport:
    rounds_closed: int
    editions_closed: int
    reminders_queued: int


def fieldwork_tick(*, now: datetime | None = None) -> TickReport:
    """What fieldwork does by the clock; `samson fieldwork tick` runs it (every minute from
    `make run`, cron or a systemd timer in production).

    1. Rounds and editions whose planned closing has passed are closed (and the planned time
       cleared, so that one reopened by hand stays open). Their waiting mail is not sent.
    2. Scheduled reminders that are due are queued, each once even with several tickers: it
       is claimed by a conditional update in the same transaction that queues it.
    3. Sending is resumed if anything waits."""
    now = now or timezone.now()
    rounds_closed = editions_closed = queued = 0
    for round in Round.objects.filter(state=Round.State.OPEN, closes_at__lte=now):
        with transaction.atomic():
            try:
                round_close(round=round)
            except RoundStateError:
                continue  # closed by hand meanwhile
            Round.objects.filter(pk=round.pk).update(closes_at=None)
            rounds_closed += 1
    for edition in Edition.objects.filter(open=True, closes_at__lte=now):
        with transaction.atomic():
            edition_settings(edition=edition, published=edition.published, open=False)
            Edition.objects.filter(pk=edition.pk).update(closes_at=None)
            editions_closed += 1
    due = ScheduledReminder.objects.filter(done_at__isnull=True, at__lte=now).values_list(
        "pk", flat=True
    )
    for pk in list(due):
        with transaction.atomic():
            if not ScheduledReminder.objects.filter(pk=pk, done_at__isnull=True).update(
                done_at=now
            ):
                continue  # another ticker took it
            reminder = ScheduledReminder.objects.select_related(
                "fieldwork__round", "fieldwork__edition"
            ).get(pk=pk)
            count = (
                reminders_queue(fieldwork=reminder.fieldwork, target=reminder.target, now=now)
                if owner_open(reminder.fieldwork)
                else 0
            )
            ScheduledReminder.objects.filter(pk=pk).update(queued=count)
            queued += count
    outbox_resume()
    return TickReport(rounds_closed, editions_closed, queued)


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
    if invitee.fieldwork.edition_id:
        return _unit_start(invitee=invitee, link=link, language=language)
    assert invitee.fieldwork.round_id is not None
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


def _unit_start(*, invitee: Invitee, link: str, language: str) -> tuple[Response, str]:
    """An edition's unit: the barometer's own invitation (a private link with the unit's
    background variables), made with the token derived from the personal link. The answer
    gets the frame variables the barometer's invitations carry, not the municipality number
    and nothing of the contact."""
    assert invitee.fieldwork.edition_id is not None
    edition = Edition.objects.select_for_update().get(pk=invitee.fieldwork.edition_id)
    token = links.answer_token(link)
    existing = Response.objects.filter(token_hash=token_hash(token)).first()
    if existing is not None:
        return existing, token
    if not edition.open:
        raise LinkClosed
    response, token = response_start(
        instrument_version=edition.instrument_version,
        language=language,
        purpose=Response.Purpose.BAROMETER,
        token=token,
    )
    background = {k: v for k, v in invitee.background.items() if k in INVITATION_BACKGROUND}
    Invitation.objects.create(edition=edition, response=response, background=background)
    Invitee.objects.filter(pk=invitee.pk, status__in=NOT_STARTED).update(status=Status.STARTED)
    return response, token


def invitee_finished(*, answer_token: str) -> None:
    """Called in the transaction that finishes a response: its invitee, if any, is finished."""
    Invitee.objects.filter(answer_key=links.answer_key(answer_token)).exclude(
        status=Status.FINISHED
    ).update(status=Status.FINISHED)


@transaction.atomic
def contacts_purge(*, now: datetime | None = None) -> int:
    """Delete the contact lists (and their outboxes) of rounds and editions closed more than
    SAMSON_FIELDWORK_CONTACT_DAYS ago. Answers stay; nothing led from them to a contact."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.SAMSON_FIELDWORK_CONTACT_DAYS)
    doomed = Invitee.objects.filter(
        models.Q(fieldwork__round__state=Round.State.CLOSED, fieldwork__round__closed_at__lt=cutoff)
        | models.Q(fieldwork__edition__open=False, fieldwork__edition__closed_at__lt=cutoff)
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
            "organisation": organisation_name(fieldwork),
            "deadline": deadline_text(fieldwork.deadline),
        }
        # A central mailbox forwards the message: it must say to which unit.
        note = (
            gettext(
                "To the municipality's post room: please forward this message to the leader "
                "of %(unit)s. The link is for that unit only.\n\n"
            )
            % {"unit": invitee.unit}
            if invitee.central
            else ""
        )
    text = texts.render(texts.current_text(fieldwork, message.kind, invitee.language), values)
    return EmailMessage(
        subject=text.subject,
        body=note + text.body,
        from_email=settings.SAMSON_FIELDWORK_FROM_EMAIL,
        to=[invitee.email],
        headers={"Auto-Submitted": "auto-generated"},
    )


IN_DOUBT_ERROR = (
    "The worker stopped during the SMTP conversation. The message may have gone out, so it is "
    "not sent again."
)
ABANDONED_ERROR = "Not sent: the worker stopped before sending it, too many times."


@transaction.atomic
def _stale_claims_settle(now: datetime) -> int:
    """Settle the claims older than stale_claim(), whose workers died. One whose SMTP
    conversation had started is in doubt and never sent again; one whose conversation had not
    started was never sent and goes back to the queue (failed once it has had
    SAMSON_FIELDWORK_MAX_ATTEMPTS claims). Returns how many went back."""
    stale = OutboxMessage.objects.filter(state=State.SENDING, claimed_at__lt=now - stale_claim())
    stale.filter(conversation_at__isnull=False).update(
        state=State.IN_DOUBT, last_error=IN_DOUBT_ERROR
    )
    unsent = stale.filter(conversation_at__isnull=True)
    unsent.filter(attempts__gte=settings.SAMSON_FIELDWORK_MAX_ATTEMPTS).update(
        state=State.FAILED, last_error=ABANDONED_ERROR
    )
    return unsent.update(state=State.QUEUED, claimed_at=None, next_attempt_at=now)


def _conversation_starts(message: OutboxMessage) -> bool:
    """Commit the mark that the SMTP conversation starts, if the claim is still this worker's
    (attempts is the claim's number): a claim taken back as stale meanwhile is not sent."""
    return bool(
        OutboxMessage.objects.filter(
            pk=message.pk,
            state=State.SENDING,
            attempts=message.attempts,
            conversation_at__isnull=True,
        ).update(conversation_at=timezone.now())
    )


# RFC 5321 4.2.2/4.2.3: replies to RCPT that refuse the mailbox itself for good (no such
# mailbox, not local, name not allowed). 552 (storage) may pass, and 554 and a refusal at DATA or
# of the sender are about the message or the server, not the address.
BOUNCE_CODES = frozenset({550, 551, 553})


def _bounced(error: Exception) -> bool:
    """Whether the server refused the recipient's address for good at RCPT."""
    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        return all(code in BOUNCE_CODES for code, _msg in error.recipients.values())
    return False


def _permanent(error: Exception) -> bool:
    """A refusal the server means for good (5xx), not a passing trouble (4xx, a lost line)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _msg in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return False


def _claim(now: datetime) -> OutboxMessage | None:
    """The next due message, claimed for this worker in its own committed transaction: no
    other worker takes it unless this one's claim goes stale. On PostgreSQL the row is locked
    with SKIP LOCKED, so that workers claiming at once take different rows; elsewhere (SQLite,
    one writer at a time) the conditional update decides and a loser tries the next row."""
    due = OutboxMessage.objects.filter(state=State.QUEUED, next_attempt_at__lte=now).order_by(
        "next_attempt_at", "pk"
    )
    claim = {"state": State.SENDING, "claimed_at": now, "attempts": F("attempts") + 1}
    while True:
        with transaction.atomic():
            if connection.features.has_select_for_update_skip_locked:
                due = due.select_for_update(skip_locked=True)
            candidate = due.values_list("pk", flat=True).first()
            if candidate is None:
                return None
            won = OutboxMessage.objects.filter(pk=candidate, state=State.QUEUED).update(**claim)
        if won:
            return OutboxMessage.objects.select_related(
                "invitee__fieldwork__round__project__organisation",
                "invitee__fieldwork__edition__organisation",
            ).get(pk=candidate)


def _not_needed(message: OutboxMessage) -> tuple[str, str]:
    """The state and reason of a message that must not go out any more, or ("", "")."""
    invitee, fieldwork = message.invitee, message.invitee.fieldwork
    if invitee.status == Status.OPTED_OUT:
        return State.OPTED_OUT, ""
    if invitee.status == Status.BOUNCED:
        return State.BOUNCED, "Not sent: the address was refused before."
    if fieldwork.round_id and not owner_open(fieldwork):
        return State.FAILED, "Not sent: the round was closed."
    if fieldwork.edition_id and not owner_open(fieldwork):
        return State.FAILED, "Not sent: the edition was closed."
    if message.kind == MessageText.Kind.REMINDER and invitee.status == Status.FINISHED:
        return State.FAILED, "Not sent: the invitee had finished."
    return "", ""


def outbox_send(*, now: datetime | None = None) -> SendReport:
    """Send the due messages one at a time, within the per-minute cap, until none is due.

    Each is claimed (committed), rendered, marked "conversation started" (committed) and only
    then handed to the SMTP server, and marked sent after. A worker killed before the mark
    leaves a claim that goes back to the queue once stale (stale_claim()): it was never sent.
    One killed after the mark leaves a message in doubt, never sent again: no message goes out
    twice. Several workers may run this at once. A 5xx refusal fails that message and the
    batch goes on; a 4xx or a lost connection puts it back with a doubling wait, up to
    SAMSON_FIELDWORK_MAX_ATTEMPTS attempts."""
    sent = failed = retried = 0
    cap = settings.SAMSON_FIELDWORK_MAILS_PER_MINUTE
    smtp = get_connection(fail_silently=False)
    _stale_claims_settle(now or timezone.now())
    try:
        while True:
            moment = now or timezone.now()
            window = moment - timedelta(minutes=1)
            if OutboxMessage.objects.filter(claimed_at__gt=window).count() >= cap:
                break
            message = _claim(moment)
            if message is None:
                if _stale_claims_settle(moment):
                    continue  # a dead worker's unsent claims are due again
                break
            skip, reason = _not_needed(message)
            if skip:
                OutboxMessage.objects.filter(pk=message.pk).update(state=skip, last_error=reason)
                continue
            try:
                email = message_for(message)
                if not _conversation_starts(message):
                    continue  # the claim went stale and was taken back: not this worker's
                smtp.open()
                smtp.send_messages([email])
            except (smtplib.SMTPException, OSError) as error:
                _close_quietly(smtp)
                if _bounced(error):
                    failed += 1
                    with transaction.atomic():
                        OutboxMessage.objects.filter(pk=message.pk).update(
                            state=State.BOUNCED, last_error=_describe(error)
                        )
                        # No more mail to this address for this round or edition.
                        Invitee.objects.filter(pk=message.invitee_id).exclude(
                            status=Status.FINISHED
                        ).update(status=Status.BOUNCED)
                        OutboxMessage.objects.filter(
                            invitee_id=message.invitee_id, state=State.QUEUED
                        ).update(state=State.BOUNCED, last_error=_describe(error))
                elif (
                    _permanent(error) or message.attempts >= settings.SAMSON_FIELDWORK_MAX_ATTEMPTS
                ):
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
                        conversation_at=None,
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
        _close_quietly(smtp)
    return SendReport(sent, failed, retried, _next_due())


def _next_due() -> datetime | None:
    """When sending should be tried again: the next queued message, or the end of the cap's
    minute when messages are due now, or when another worker's claim would be stale."""
    first = OutboxMessage.objects.filter(state=State.QUEUED).aggregate(at=Min("next_attempt_at"))
    at: datetime | None = first["at"]
    if at is not None:
        oldest = OutboxMessage.objects.filter(
            claimed_at__gt=timezone.now() - timedelta(minutes=1)
        ).aggregate(at=Min("claimed_at"))["at"]
        if oldest is not None and oldest + timedelta(minutes=1) > at:
            at = oldest + timedelta(minutes=1)
    claimed = OutboxMessage.objects.filter(state=State.SENDING).aggregate(at=Min("claimed_at"))
    if claimed["at"] is not None:
        stale_at = claimed["at"] + stale_claim() + timedelta(seconds=1)
        at = stale_at if at is None else min(at, stale_at)
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
