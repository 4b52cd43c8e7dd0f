from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samson.instruments.models import InstrumentVersion
from samson.projects.models import Party, Round


class Response(models.Model):
    """One respondent's answers to one instrument version.

    It holds no name, e-mail or IP address. The respondent reaches it through a private link
    whose token is stored only as a SHA-256 hash. A solo assessment has no round; a participant
    in a project answers in one round for the party they chose.

    Its purpose says which links may reach it: every route that takes a token looks it up among
    the purposes it serves only (samson.responses.selectors.response_by_token), so a barometer
    invitation's token cannot open the solo pages, nor a solo token a barometer page.
    """

    class Purpose(models.TextChoices):
        SOLO = "solo", _("solo assessment")
        ROUND = "runde", _("answer in a project's round")
        BAROMETER = "barometer", _("barometer invitation")
        # The result the home page shows as an example: anyone may read it, nobody may change it.
        EXAMPLE = "eksempel", _("published example")

    instrument_version = models.ForeignKey(
        InstrumentVersion, on_delete=models.PROTECT, related_name="responses"
    )
    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, null=True, blank=True, related_name="responses"
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, null=True, blank=True, related_name="responses"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    # No default: a response made without a purpose (outside the services) is reached by no link.
    purpose = models.CharField(_("purpose"), max_length=16, choices=Purpose.choices)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    resume_page = models.PositiveSmallIntegerField(_("page to resume at"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # When a page of the response was first shown: from then on it belongs to whoever saw it
    # (samson.participation.services, a start form sent again never reaches it).
    opened_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(resume_page__gte=1), name="response_resume_page_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(party__isnull=True) | models.Q(round__isnull=False),
                name="response_party_only_in_a_round",
            ),
            models.CheckConstraint(
                condition=~models.Q(purpose="runde") | models.Q(round__isnull=False),
                name="response_round_purpose_has_a_round",
            ),
        ]

    def __str__(self) -> str:
        return f"response {self.pk} to {self.instrument_version}"


class Answer(models.Model):
    """The answer to one item: an integer code (scale point, option or don't-know) or text."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item_id = models.CharField(max_length=64)
    code = models.IntegerField(null=True, blank=True)
    text = models.TextField(blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)
    # Free text is shown to participants only after the facilitator releases it.
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        # A project's public page lists its released texts: without this index that read goes
        # through every answer of the project (1.6 ms at 300 respondents, growing with them).
        indexes = [
            models.Index(
                fields=["response", "released_at"],
                condition=models.Q(released_at__isnull=False),
                name="answer_released",
            )
        ]
        constraints = [
            models.UniqueConstraint(fields=["response", "item_id"], name="answer_once_per_item"),
            models.CheckConstraint(
                condition=(models.Q(code__isnull=False) & models.Q(text=""))
                | (models.Q(code__isnull=True) & ~models.Q(text="")),
                name="answer_code_xor_text",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}={self.code if self.code is not None else self.text!r}"

    @property
    def value(self) -> int | str:
        return self.code if self.code is not None else self.text
