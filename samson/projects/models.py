from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from samson.accounts.models import Organisation
from samson.instruments.models import InstrumentVersion


class Project(models.Model):
    """A co-creation project that all its parties assess together, in rounds over time."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="projects"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("short description"), blank=True)
    instrument_key = models.SlugField(_("instrument"), max_length=64, default="samson")
    min_group_size = models.PositiveSmallIntegerField(
        _("minimum group size"), default=5, validators=[MinValueValidator(3)]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_group_size__gte=3), name="project_min_group_size_at_least_3"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ProjectFacilitator(models.Model):
    """A facilitator of a project: the one who created it, or a co-facilitator they invited."""

    class Role(models.TextChoices):
        OWNER = "eier", _("facilitator")
        CO = "medleder", _("co-facilitator")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="facilitators")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="facilitated"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.CO)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="facilitator_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.role}) on {self.project}"


class Party(models.Model):
    """A party (part) to the project: the municipality, citizens, a voluntary organisation…"""

    class Preset(models.TextChoices):
        MUNICIPALITY = "kommunen", _("The municipality")
        CITIZENS = "innbyggere", _("Citizens and users")
        VOLUNTARY = "frivillige", _("Voluntary sector")
        SOCIAL_ENTREPRENEURS = "sosiale-entreprenorer", _("Social entrepreneurs")
        BUSINESS = "naeringsliv", _("Business")
        RESEARCH = "forskning", _("Research")
        PUBLIC = "offentlige", _("Other public bodies")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="parties")
    name = models.CharField(_("name"), max_length=100)
    preset = models.CharField(_("kind"), max_length=30, choices=Preset.choices, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="party_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Round(models.Model):
    """A measurement (måling) of the project: draft → open → closed, pinned to one version."""

    class State(models.TextChoices):
        DRAFT = "utkast", _("draft")
        OPEN = "apen", _("open")
        CLOSED = "lukket", _("closed")

    class Reveal(models.IntegerChoices):
        """How far the workshop view has revealed the results, step by step."""

        NOTHING = 0, _("nothing yet")
        OVERALL = 1, _("overall profile")
        PARTIES = 2, _("per party")
        DISAGREEMENTS = 3, _("disagreements")
        TYPOLOGY = 4, _("typology")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="rounds")
    label = models.CharField(_("label"), max_length=100)
    instrument_version = models.ForeignKey(
        InstrumentVersion, on_delete=models.PROTECT, related_name="rounds"
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    join_code = models.CharField(_("join code"), max_length=12, unique=True)
    revealed = models.PositiveSmallIntegerField(default=Reveal.NOTHING, choices=Reveal.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # After this moment the round closes by itself and no more e-mail goes out (fieldwork tick).
    closes_at = models.DateTimeField(_("planned closing"), null=True, blank=True)
    follow_up = models.TextField(_("what we did with your input"), blank=True)
    follow_up_published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.project}: {self.label}"
