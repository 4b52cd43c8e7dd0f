"""Reads for participants: only what a project's public page shows."""

from django.db.models import QuerySet

from samson.projects.models import Project, Round
from samson.responses.models import Answer


def round_by_code(code: str) -> Round | None:
    try:
        return (
            Round.objects.select_related("project", "instrument_version")
            .defer("instrument_version__spec")
            .get(join_code=code)
        )
    except Round.DoesNotExist:
        return None


def published_follow_ups(project: Project) -> QuerySet[Round]:
    return project.rounds.filter(follow_up_published_at__isnull=False).order_by(
        "-follow_up_published_at"
    )


def released_free_text(project: Project) -> QuerySet[Answer]:
    return Answer.objects.filter(
        response__round__project=project, released_at__isnull=False
    ).order_by("released_at")
