"""Fieldwork of a round: who is invited, the texts they get, and every message sent.

Contacts are kept apart from answers. An invitee holds the hash of its personal link's token,
a key that only a finished answer's own link can reproduce (samson.fieldwork.links), and a
status with no time on it; a response holds nothing of the invitee (docs/fieldwork.md).
A fieldwork belongs to a co-creation round or to a barometer edition, never both.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samson.barometer.models import Edition
from samson.projects.models import Party, Round


class Fieldwork(models.Model):
    """The invitations of one round or of one barometer edition."""

    class Mode(models.TextChoices):
        OPEN = "kode", _("open join code")
        INVITED = "invitert", _("personal invitations only")
        BOTH = "begge", _("join code and personal invitations")

    round = models.OneToOneField(
        Round, on_delete=models.CASCADE, null=True, blank=True, related_name="fieldwork"
    )
    edition = models.OneToOneField(
        Edition, on_delete=models.CASCADE, null=True, blank=True, related_name="fieldwork"
    )
    # A round with a fieldwork answers by invitation only until the facilitator says otherwise;
    # a round without one is answered by its join code as before.
    mode = models.CharField(
        _("how participants join"), max_length=10, choices=Mode.choices, default=Mode.INVITED
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    # Reminders, whether sent now or on a schedule: at most this many to one invitee, and none
    # sooner than this many hours after the last message that reached them.
    max_reminders = models.PositiveSmallIntegerField(_("reminders at most"), default=3)
    reminder_interval_hours = models.PositiveSmallIntegerField(
        _("hours at least between two messages"), default=48
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("fieldwork")
        verbose_name_plural = _("fieldwork")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(round__isnull=False) & models.Q(edition__isnull=True))
                | (models.Q(round__isnull=True) & models.Q(edition__isnull=False)),
                name="fieldwork_round_or_edition",
            )
        ]

    def __str__(self) -> str:
        return f"fieldwork of {self.round or self.edition}"


class MessageText(models.Model):
    """A facilitator's own wording of the invitation or reminder in one language."""

    class Kind(models.TextChoices):
        INVITATION = "invitasjon", _("invitation")
        REMINDER = "purring", _("reminder")

    fieldwork = models.ForeignKey(Fieldwork, on_delete=models.CASCADE, related_name="texts")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    language = models.CharField(max_length=8, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["fieldwork", "kind", "language"], name="fieldwork_text_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.language})"


class Invitee(models.Model):
    """One person on the contact list. No time of starting or finishing is kept here."""

    class Status(models.TextChoices):
        INVITED = "invitert", _("invited")
        DELIVERED = "levert", _("delivered")
        STARTED = "startet", _("started")
        FINISHED = "ferdig", _("finished")
        OPTED_OUT = "avmeldt", _("opted out")
        # The server refused the address for good (a 5xx reply to RCPT): no more mail to it.
        BOUNCED = "avvist", _("address refused")

    fieldwork = models.ForeignKey(Fieldwork, on_delete=models.CASCADE, related_name="invitees")
    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, null=True, blank=True, related_name="invitees"
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="nb"
    )
    # An edition's unit: the frame's background variables (codebook name -> code), which the
    # unit's answer carries too, and in central-mailbox mode the unit's name, since the address
    # is the municipality's shared one and the link is meant to be forwarded.
    background = models.JSONField(default=dict, blank=True)
    unit = models.CharField(_("unit"), max_length=200, blank=True)
    central = models.BooleanField(_("central mailbox"), default=False)
    # A random value the link's token is derived from with the site's secret (links.py): the
    # token itself is never stored, only its SHA-256 hash to look the link up.
    link_salt = models.CharField(max_length=32, unique=True)
    token_hash = models.CharField(max_length=64, unique=True)
    # SHA-256 of a purpose prefix and the answer's own token: reproducible only by whoever holds
    # that token, so the database alone cannot join an answer to its invitee.
    answer_key = models.CharField(max_length=64, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.INVITED
    )
    reminders_sent = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("invitee")
        verbose_name_plural = _("invitees")
        ordering = ["pk"]
        constraints = [
            # A person once per list; a central mailbox once per unit it is asked to forward to.
            models.UniqueConstraint(
                fields=["fieldwork", "email"],
                condition=models.Q(central=False),
                name="invitee_email_once",
            ),
            models.UniqueConstraint(
                fields=["fieldwork", "email", "unit"],
                condition=models.Q(central=True),
                name="invitee_unit_once",
            ),
        ]

    def __str__(self) -> str:
        return f"invitee {self.pk}"


class ScheduledReminder(models.Model):
    """A reminder the worker sends at a chosen time (`samson fieldwork tick`), to those who
    have not started, those who started, or both. `done_at` is set when it has run."""

    fieldwork = models.ForeignKey(
        Fieldwork, on_delete=models.CASCADE, related_name="scheduled_reminders"
    )
    at = models.DateTimeField(_("when"))
    target = models.CharField(max_length=12)
    done_at = models.DateTimeField(null=True, blank=True)
    queued = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["done_at", "at"], name="reminder_due")]

    def __str__(self) -> str:
        return f"reminder at {self.at} ({self.target})"


class OutboxMessage(models.Model):
    """One e-mail to one invitee. It is claimed (state SENDING) in its own transaction, and
    `conversation_at` is committed just before the SMTP conversation. A claim whose worker died
    without the mark goes back to the queue; one with the mark is IN_DOUBT and never sent again
    (services.outbox_send)."""

    class State(models.TextChoices):
        QUEUED = "ko", _("queued")
        SENDING = "sender", _("sending")
        SENT = "sendt", _("sent")
        FAILED = "feilet", _("failed")
        BOUNCED = "avvist", _("bounced")
        OPTED_OUT = "avmeldt", _("opted out")
        # The worker died during the SMTP conversation: it may have gone out, so it is not
        # sent again.
        IN_DOUBT = "uviss", _("in doubt")

    invitee = models.ForeignKey(Invitee, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=12, choices=MessageText.Kind.choices)
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    # Set, under the claim, just before the SMTP conversation starts.
    conversation_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="outbox_due"),
            models.Index(fields=["claimed_at"], name="outbox_claimed"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to invitee {self.invitee_id} ({self.state})"
