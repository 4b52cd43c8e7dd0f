"""Voluntary background questions of a project, the answers to them, and SSB population counts.

A background answer belongs to one response and, like the response, holds no name, e-mail or
IP address. Results show it only through samson.groupscores' suppression
(docs/representativeness.md).
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from samson.projects.models import Project
from samson.responses.models import Response


class AgeBand(models.TextChoices):
    """The keys are those of samson.representativeness.AGE_BAND_KEYS, and 13-14 before them.

    13-14 is for youth projects. It has no population figure: SSB's table 07459 is downloaded
    in five-year groups (10-14 cannot be split) and the comparison is with the population aged
    15 or over, so the comparison shows it as "no population figure", like the gender "other".
    """

    A13_14 = "13-14", _("13–14 years")
    A15_24 = "15-24", _("15–24 years")
    A25_39 = "25-39", _("25–39 years")
    A40_54 = "40-54", _("40–54 years")
    A55_69 = "55-69", _("55–69 years")
    A70 = "70+", _("70 years or older")


class Gender(models.TextChoices):
    FEMALE = "female", _("Woman")
    MALE = "male", _("Man")
    OTHER = "other", _("Other")


class Sex(models.TextChoices):
    """Sex as SSB counts the population (table 07459)."""

    FEMALE = "female", _("women")
    MALE = "male", _("men")


class BackgroundSettings(models.Model):
    """Which background questions a project asks its participants (none unless chosen)."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="background")
    ask_age = models.BooleanField(_("Age"), default=False)
    ask_gender = models.BooleanField(_("Gender"), default=False)
    ask_area = models.BooleanField(_("Part of the municipality"), default=False)

    class Meta:
        verbose_name = _("background questions")
        verbose_name_plural = _("background questions")

    def __str__(self) -> str:
        return f"background questions of {self.project}"

    @property
    def asks_any(self) -> bool:
        return self.ask_age or self.ask_gender or self.ask_area


class Area(models.Model):
    """A part of the municipality the facilitator names, with its population if known.

    An area that has answers is never deleted: removing it from the list makes it inactive,
    so it is no longer offered but its answers still count.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(_("name"), max_length=100)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("part of the municipality")
        verbose_name_plural = _("parts of the municipality")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="area_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class BackgroundAnswer(models.Model):
    """A participant's answers to the background questions. An empty value (or no row at all)
    means the question was not asked or the participant chose not to answer."""

    response = models.OneToOneField(Response, on_delete=models.CASCADE, related_name="background")
    age_band = models.CharField(max_length=8, choices=AgeBand.choices, blank=True)
    gender = models.CharField(max_length=8, choices=Gender.choices, blank=True)
    area = models.ForeignKey(
        Area, on_delete=models.RESTRICT, null=True, blank=True, related_name="answers"
    )

    class Meta:
        verbose_name = _("background answer")
        verbose_name_plural = _("background answers")

    def __str__(self) -> str:
        return f"background of response {self.response_id}"


class PopulationCount(models.Model):
    """People in a municipality on 1 January of `year`, per sex and age band (SSB 07459)."""

    municipality_number = models.CharField(max_length=4)
    year = models.PositiveSmallIntegerField()
    sex = models.CharField(max_length=8, choices=Sex.choices)
    age_band = models.CharField(max_length=8, choices=AgeBand.choices)
    count = models.PositiveIntegerField(validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("population count")
        verbose_name_plural = _("population counts")
        ordering = ["municipality_number", "year", "sex", "age_band"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality_number", "year", "sex", "age_band"],
                name="population_count_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_number} {self.year} {self.sex} {self.age_band}: {self.count}"
