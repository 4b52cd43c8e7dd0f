"""Reads of projects and rounds."""

from django.conf import settings
from django.db.models import QuerySet

from samson.accounts.models import Membership, Organisation, User
from samson.instruments.models import InstrumentVersion
from samson.instruments.selectors import instrument_spec, instrument_version_get

from .models import Project, ProjectFacilitator, Round

# The kind of instrument a project can measure with (schema field `kind`).
PROJECT_INSTRUMENT_KIND = "samson"
# No group smaller than this is ever shown, whatever the settings say (docs/anonymity.md).
MIN_GROUP_SIZE_FLOOR = 3


def minimum_group_size(project: Project | None = None) -> int:
    """The smallest group any page, report, export or API answer may show.

    The largest of the project's own minimum (if a project is given), the site's setting
    `SAMSON_MIN_GROUP_SIZE` and the floor of 3. Without a project (the barometer, and the
    lowest value a new project may choose) it is the site's setting, never below 3.
    """
    sizes = [int(settings.SAMSON_MIN_GROUP_SIZE), MIN_GROUP_SIZE_FLOOR]
    if project is not None:
        sizes.append(project.min_group_size)
    return max(sizes)


def projects_for_user(user: User) -> QuerySet[Project]:
    projects = Project.objects.select_related("organisation")
    if user.is_superuser:
        return projects
    return projects.filter(facilitators__user=user)


def round_open_by_code(code: str) -> Round | None:
    return Round.objects.select_related("project").filter(join_code=code).first()


def organisations_for_facilitator(user: User) -> QuerySet[Organisation]:
    """Where `user` may create projects: every organisation for an administrator, otherwise
    those where they have the facilitator role."""
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(
        memberships__user=user, memberships__role=Membership.Role.FACILITATOR
    ).distinct()


def project_facilitators(project: Project) -> QuerySet[ProjectFacilitator]:
    """The owner first, then the co-facilitators."""
    return (
        ProjectFacilitator.objects.filter(project=project)
        .select_related("user")
        .order_by("role", "user__username")  # "eier" sorts before "medleder"
    )


def instrument_choices(lang: str | None) -> list[tuple[str, str]]:
    """(key, title) of each imported instrument a project can use, titles in `lang`."""
    choices = []
    keys = (
        InstrumentVersion.objects.filter(kind=PROJECT_INSTRUMENT_KIND)
        .values_list("key", flat=True)
        .distinct()
        .order_by("key")
    )
    for key in keys:
        spec = instrument_spec(instrument_version_get(key=key))
        choices.append((key, spec.title.get(lang)))
    return choices
