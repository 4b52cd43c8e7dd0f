"""Editions of the innovation barometer, their population frames, microdata and invitations.

Microdata are stored one row per responding unit as a JSON object of codebook variables
(docs/barometer-codebook.md) to numbers; no name, e-mail or address is kept. See docs/barometer.md.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from samson.accounts.models import Organisation
from samson.instruments.models import InstrumentVersion
from samson.responses.models import Response


class IntervalMethod(models.TextChoices):
    """How the 95 % interval of a share is made (R's `svyciprop` methods, and the plain Wald
    interval of `confint(svymean(...))`)."""

    LOGIT = "logit", _("logit (stays within 0–100 %)")
    BETA = "beta", _("Korn–Graubard beta (stays within 0–100 %)")
    WALD_T = "wald-t", _("Wald with the design's t quantile")
    WALD = "wald", _("Wald with the normal quantile")


class WeightingMethod(models.TextChoices):
    """How the weights meet the population frame (docs/barometer.md, "Weighting")."""

    POSTSTRATIFY = "poststratify", _("post-stratify to the frame's cells")
    RAKE = "rake", _("rake to the margins of the frame's variables")
    LINEAR = "linear", _("calibrate linearly (GREG) to the margins of the frame's variables")


class Edition(models.Model):
    """One round of the barometer: a year, a population and the sectors it covers."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="barometer_editions"
    )
    instrument_version = models.ForeignKey(
        InstrumentVersion, on_delete=models.PROTECT, related_name="barometer_editions"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    population = models.TextField(_("population"), blank=True, default="")
    sectors = models.JSONField(_("sectors"), default=list)
    synthetic = models.BooleanField(_("synthetic data"), default=False)
    published = models.BooleanField(_("published"), default=False)
    open = models.BooleanField(_("open for answers"), default=True)
    # Set when the edition is closed; the planned closing closes it by itself (fieldwork tick).
    closes_at = models.DateTimeField(_("planned closing"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The survey's design as it was run (docs/barometer.md, "Design"): the primary sampling
    # units (the municipality by default; "" for none), the strata they are nested in ("" for
    # none), the interval method for shares, and the weighting's cell-collapsing threshold.
    design_cluster = models.CharField(
        _("primary sampling units"), max_length=40, blank=True, default="kommunenr"
    )
    design_strata = models.CharField(_("strata"), max_length=40, blank=True, default="")
    interval_method = models.CharField(
        _("interval for shares"), max_length=10, choices=IntervalMethod.choices, default="logit"
    )
    collapse_below = models.PositiveSmallIntegerField(
        _("fewest respondents in a weighting cell"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    # The finite population correction from the organisation list's count of municipalities
    # per stratum (R's `fpc = ~N`), and whether the weights are post-stratified to the frame's
    # cells, or raked or linearly calibrated to its margins.
    design_fpc = models.BooleanField(_("finite population correction"), default=False)
    weighting_method = models.CharField(
        _("weighting method"),
        max_length=12,
        choices=WeightingMethod.choices,
        default=WeightingMethod.POSTSTRATIFY,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Raised by one on every write that changes the edition's data or design
    # (`services.edition_data_changed`); cached estimates are keyed by it (`cache.py`).
    data_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("barometer edition")
        verbose_name_plural = _("barometer editions")
        ordering = ["-year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__gte=2000) & models.Q(year__lte=2100),
                name="edition_year_plausible",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class PopulationCell(models.Model):
    """The number of units in the population with one combination of frame variables."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="population_cells")
    values = models.JSONField()  # {"enhetstype": 11, "landsdel": 1}
    count = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("population cell")
        verbose_name_plural = _("population cells")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.values}: {self.count}"


class DataImport(models.Model):
    """One microdata file imported into an edition (every row or none).

    `key` is how its rows were checked against the edition's earlier rows (docs/barometer.md,
    "Duplicates and deleting"); `rows` is how many it added, `replaced` how many earlier rows
    it replaced, `synthetic_rows` how many carried the synthetic generator's mark."""

    class Key(models.TextChoices):
        ID = "id", _("an id column")
        ROWS = "rader", _("identical rows")
        NONE = "ingen", _("no check")

    class OnDuplicate(models.TextChoices):
        REFUSE = "avvis", _("refuse the whole file")
        REPLACE = "erstatt", _("replace the earlier rows")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="imports")
    filename = models.CharField(max_length=255)
    mapping = models.JSONField(default=dict)  # codebook variable -> file column
    rows = models.PositiveIntegerField(default=0)
    key = models.CharField(max_length=10, choices=Key.choices, default=Key.NONE)
    id_column = models.CharField(max_length=255, blank=True, default="")
    on_duplicate = models.CharField(
        max_length=10, choices=OnDuplicate.choices, default=OnDuplicate.REFUSE
    )
    replaced = models.PositiveIntegerField(default=0)
    synthetic_rows = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.filename} ({self.rows})"


class PendingImport(models.Model):
    """An uploaded file waiting for its column mapping; deleted when imported."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="pending_imports")
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    columns = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.filename


class Respondent(models.Model):
    """One responding unit's answers and background variables (codebook variable -> number)."""

    class Source(models.TextChoices):
        IMPORT = "import", _("imported file")
        INVITATION = "invitasjon", _("invitation link")
        SYNTHETIC = "syntetisk", _("synthetic data")
        TEST = "innovasjonstest", _("Innovasjonstesten")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="respondents")
    source = models.CharField(max_length=20, choices=Source.choices)
    data_import = models.ForeignKey(
        DataImport, on_delete=models.CASCADE, null=True, blank=True, related_name="respondents"
    )
    values = models.JSONField()
    # The unit's value in the id column the analyst chose on import; empty otherwise.
    external_id = models.CharField(max_length=100, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "external_id"],
                condition=~models.Q(external_id=""),
                name="respondent_external_id_once",
            )
        ]

    def __str__(self) -> str:
        return f"respondent {self.pk} in {self.edition_id}"


class Invitation(models.Model):
    """A unit's private link to answer an edition once; it knows only background variables."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="invitations")
    response = models.OneToOneField(
        Response, on_delete=models.CASCADE, related_name="barometer_invitation"
    )
    background = models.JSONField(default=dict)
    respondent = models.OneToOneField(
        Respondent, on_delete=models.SET_NULL, null=True, blank=True, related_name="invitation"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"invitation {self.pk} to {self.edition_id}"


class InnovationTestSubmission(models.Model):
    """A unit's Innovasjonstesten answers, waiting for an analyst of the edition's organisation
    to accept them (they become a Respondent) or discard them. Only the date is kept, never
    the time, so a submission cannot be matched to a server log line."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting")
        ACCEPTED = "accepted", _("accepted")
        DISCARDED = "discarded", _("discarded")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="test_submissions")
    values = models.JSONField()  # codebook variable -> number, as a Respondent's
    submitted_on = models.DateField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    respondent = models.OneToOneField(
        Respondent,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="test_submission",
    )

    class Meta:
        verbose_name = _("Innovasjonstesten submission")
        verbose_name_plural = _("Innovasjonstesten submissions")
        ordering = ["pk"]
        indexes = [models.Index(fields=["edition", "state"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=["pending", "accepted", "discarded"]),
                name="innovationtestsubmission_state_known",
            )
        ]

    def __str__(self) -> str:
        return f"submission {self.pk} to {self.edition_id}"
