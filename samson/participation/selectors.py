"""Reads for participants: only what a project's public page shows, and how a round is
answered."""

from collections.abc import Collection
from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from samson.projects.codes import join_code_possible
from samson.projects.models import Project, Round
from samson.responses.models import Answer, Response
from samson.responses.tokens import token_hash


def round_by_code(code: str) -> Round | None:
    """The round with this join code; None for anything that cannot be a code (a NUL byte or
    other stray character in the URL never reaches the database, where PostgreSQL refuses it)."""
    if not join_code_possible(code):
        return None
    try:
        return (
            Round.objects.select_related("project", "instrument_version")
            .defer("instrument_version__spec")
            .get(join_code=code)
        )
    except Round.DoesNotExist:
        return None


@dataclass(frozen=True, slots=True)
class Thanked:
    """What a participant's thanks page shows of the round they answered in."""

    join_code: str
    project_title: str


def thanks_read(token: str, *, purposes: Collection[Response.Purpose]) -> Thanked | None:
    """The round's join code and project title for the response whose link holds `token`
    among `purposes` and that answers in a round; None when there is none.

    One hand-written statement (the last request of every participant's flow, bench/answers):
    the ORM's lookup with select_related cost ten times as much as the query."""
    names = {
        "response": Response._meta.db_table,
        "round": Round._meta.db_table,
        "project": Project._meta.db_table,
    }
    purposes = list(purposes)
    sql = (
        f"SELECT g.join_code, p.title FROM {names['response']} r "  # noqa: S608 - names from _meta
        f"INNER JOIN {names['round']} g ON g.id = r.round_id "
        f"INNER JOIN {names['project']} p ON p.id = g.project_id "
        f"WHERE r.token_hash = %s AND r.purpose IN ({', '.join(['%s'] * len(purposes))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [token_hash(token), *map(str, purposes)])
        row = cursor.fetchone()
    return None if row is None else Thanked(*row)


def published_follow_ups(project: Project) -> QuerySet[Round]:
    return project.rounds.filter(follow_up_published_at__isnull=False).order_by(
        "-follow_up_published_at"
    )


def released_free_text(project: Project) -> QuerySet[Answer]:
    return Answer.objects.filter(
        response__round__project=project, released_at__isnull=False
    ).order_by("released_at")


@dataclass(frozen=True)
class Answering:
    """How participants could answer in a round: the mode, and how the pages word it."""

    mode: str
    label: str | Promise
    description: str | Promise


OPEN_CODE = Answering(
    mode="open_code",
    label=_("open code"),
    description=_(
        "Anyone with the round's code, link or QR code could answer, once per browser. Someone "
        "could still answer again from another browser or device: the round's page shows how "
        "many answers were started again from the same network address."
    ),
)


def round_answering(round: Round) -> Answering:
    """How participants could answer in `round`.

    Every round is answered with an open code today. Rounds answered by invitation only come
    with fieldwork, which adds the round's mode; this is the one place that will read it, so the
    results page and the round's page follow."""
    return OPEN_CODE
