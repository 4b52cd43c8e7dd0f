from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A facilitator, analyst or administrator. Participants never have an account."""

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class Organisation(models.Model):
    """A municipality, county or other body that owns co-creation projects.

    Municipalities carry their SSB number with the code-list version it belongs to, since
    numbers changed in 2020 and 2024; county authorities from the county list carry their SSB
    county number with its version.
    """

    class Kind(models.TextChoices):
        MUNICIPALITY = "kommune", _("municipality")
        COUNTY = "fylkeskommune", _("county")
        OTHER = "annen", _("other organisation")

    class WrittenStandard(models.TextChoices):
        BOKMAL = "nb", _("Bokmål")
        NYNORSK = "nn", _("Nynorsk")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    municipality_number = models.CharField(_("SSB number"), max_length=4, blank=True)
    code_list_version = models.CharField(_("code list version"), max_length=10, blank=True)
    county_number = models.CharField(_("county number"), max_length=2, blank=True)
    landsdel = models.CharField(_("region"), max_length=60, blank=True)
    centrality = models.PositiveSmallIntegerField(_("centrality class"), null=True, blank=True)
    kostra_group = models.CharField(_("KOSTRA group"), max_length=20, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    written_standard = models.CharField(
        _("written standard"),
        max_length=2,
        choices=WrittenStandard.choices,
        default=WrittenStandard.BOKMAL,
    )
    members = models.ManyToManyField(
        "accounts.User", through="Membership", related_name="organisations"
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality_number", "code_list_version"],
                condition=~models.Q(municipality_number=""),
                name="organisation_ssb_number_unique",
            ),
            models.UniqueConstraint(
                fields=["county_number", "code_list_version"],
                condition=models.Q(kind="fylkeskommune") & ~models.Q(code_list_version=""),
                name="organisation_county_authority_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(centrality__isnull=True)
                | models.Q(centrality__gte=1, centrality__lte=6),
                name="organisation_centrality_1_to_6",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's place in an organisation."""

    class Role(models.TextChoices):
        FACILITATOR = "prosessleder", _("facilitator")
        ANALYST = "analytiker", _("analyst")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.FACILITATOR
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.organisation}"


class Invitation(models.Model):
    """An e-mailed invitation to join an organisation, and optionally to co-facilitate a project.

    The token travels only in the e-mailed link; the database keeps its SHA-256 hash. Accepting
    creates the membership (and the co-facilitator row when a project is named).
    """

    email = models.EmailField(_("e-mail address"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    # A string reference: projects depend on accounts, not the other way round.
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=Membership.Role.choices,
        default=Membership.Role.FACILITATOR,
    )
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_accepted",
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} to {self.organisation}"
