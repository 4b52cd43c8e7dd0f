"""Reads of projects and rounds."""

from django.db.models import Count, QuerySet

from samson.accounts.models import User

from .models import Party, Project, Round


def projects_for_user(user: User) -> QuerySet[Project]:
    projects = Project.objects.select_related("organisation")
    if user.is_superuser:
        return projects
    return projects.filter(facilitators__user=user)


def round_open_by_code(code: str) -> Round | None:
    return Round.objects.select_related("project").filter(join_code=code).first()


def party_counts(round: Round) -> list[tuple[Party, int]]:
    """Finished responses per party, in the project's party order (zeros included)."""
    counts = dict(
        round.responses.filter(completed_at__isnull=False)
        .values_list("party")
        .annotate(n=Count("pk"))
        .values_list("party", "n")
    )
    return [(party, counts.get(party.pk, 0)) for party in round.project.parties.all()]
