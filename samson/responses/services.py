"""Writes of responses and answers. Every write is one transaction."""

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext

from samson.accounts.models import User
from samson.instrument_spec import Instrument, validate_answers
from samson.instruments.models import InstrumentVersion
from samson.projects import services as project_services
from samson.projects.models import Party, Project, Round

from .models import Answer, Response
from .signals import response_completed
from .tokens import token_hash, token_new


def response_start(
    *,
    instrument_version: InstrumentVersion,
    language: str,
    token: str | None = None,
    round: Round | None = None,
    party: Party | None = None,
    purpose: Response.Purpose | None = None,
) -> tuple[Response, str]:
    """Create an empty response; returns it with the private token for its link.

    The purpose decides which routes accept the token. Without one, a response in a round is
    a round's answer and any other a solo assessment; the barometer's invitations say so.
    """
    if purpose is None:
        purpose = Response.Purpose.ROUND if round is not None else Response.Purpose.SOLO
    if (purpose == Response.Purpose.ROUND) != (round is not None):
        raise ValueError("only a response in a round answers for the round, and it must")
    if purpose == Response.Purpose.EXAMPLE:
        raise ValueError("an example is published from a finished assessment")
    token = token or token_new()
    # No savepoint when a participant's start runs inside participant_response_start: an error
    # rolls the whole start back anyway, and a savepoint costs two more round trips. (The
    # checks above come first, so a wrong call leaves the caller's transaction usable.)
    with transaction.atomic(savepoint=False):
        response = Response.objects.create(
            instrument_version=instrument_version,
            token_hash=token_hash(token),
            purpose=purpose,
            language=language,
            round=round,
            party=party,
        )
    return response, token


def response_page_save(
    *,
    response: Response,
    instrument: Instrument,
    page_number: int,
    answers: Mapping[str, int | str | None],
    resume_page: int,
) -> None:
    """Store the answers given on one page, replacing what that page held before.

    An item on the page that is left blank (None) loses its earlier answer, so going back and
    clearing a choice is kept. Saving the same page twice stores each answer once. A released
    text that is changed must be reviewed again before it is shown (its release is undone).
    Raises samson.instrument_spec.AnswerError (nothing is written) for an invalid value, and
    ValueError for the published example, which nobody may change.
    """
    if response.purpose == Response.Purpose.EXAMPLE:
        raise ValueError("the published example cannot be changed")
    page = instrument.pages[page_number - 1]
    page_item_ids = [item.id for item in page.items]
    if not set(answers) <= set(page_item_ids):
        raise ValueError(f"answers for items not on page {page_number}")
    given = {item_id: value for item_id, value in answers.items() if value not in (None, "")}
    valid = validate_answers(instrument, given)
    blank = [item_id for item_id in page_item_ids if item_id not in valid]
    now = timezone.now()
    _page_write(response_id=response.pk, valid=valid, blank=blank, resume_page=resume_page, now=now)
    response.resume_page = resume_page
    response.updated_at = now


# Saving a page is the answering flow's one write, made many thousand times per round
# (bench/answers, docs/performance.md), so it is hand-written SQL rather than the ORM's
# bulk_create(update_conflicts=True) and save(), whose statement building cost more than the
# statements. What it does is unchanged:
# - One INSERT ... ON CONFLICT DO UPDATE for the page's answers: a double submit, a retry after
#   a lost reply, or two requests with the same page at the same moment leave one row per item
#   (the unique constraint decides, not a read before the write). A released text whose words
#   change loses its release in the same statement (the CASE), so no read of the released
#   texts comes first.
# - A DELETE of the page's items left blank, when there are any.
# - The response's resume page and updated_at (the results' version reads updated_at).
# PostgreSQL runs all three as one statement (data-modifying WITH), which is atomic on its own
# and one round trip; SQLite, which has no data-modifying WITH, runs them in one transaction.
# No signal is sent for these rows, as bulk_create and update() sent none before.


def _page_write(
    *,
    response_id: int,
    valid: Mapping[str, int | str],
    blank: list[str],
    resume_page: int,
    now: datetime.datetime,
) -> None:
    answer, table = Answer._meta.db_table, Response._meta.db_table
    stamp = connection.ops.adapt_datetimefield_value(now)
    statements: list[tuple[str, list[Any]]] = []
    if blank:
        statements.append(
            (
                f"DELETE FROM {answer} WHERE response_id = %s "  # noqa: S608 - names from _meta
                f"AND item_id IN ({', '.join(['%s'] * len(blank))})",
                [response_id, *blank],
            )
        )
    if valid:
        rows: list[str] = []
        bound: list[Any] = []
        for item_id, value in valid.items():
            text = isinstance(value, str)
            rows.append("(%s, %s, %s, %s, %s, NULL)")
            bound += [response_id, item_id, None if text else value, value if text else "", stamp]
        statements.append(
            (
                f"INSERT INTO {answer} "  # noqa: S608 - names from _meta, values bound
                "(response_id, item_id, code, text, updated_at, released_at) "
                f"VALUES {', '.join(rows)} ON CONFLICT (response_id, item_id) DO UPDATE SET "
                "code = excluded.code, text = excluded.text, updated_at = excluded.updated_at, "
                f"released_at = CASE WHEN {answer}.text = excluded.text "
                f"THEN {answer}.released_at ELSE NULL END",
                bound,
            )
        )
    statements.append(
        (
            f"UPDATE {table} SET resume_page = %s, updated_at = %s WHERE id = %s",  # noqa: S608
            [resume_page, stamp, response_id],
        )
    )
    if connection.vendor == "postgresql":
        ctes = [f"w{n} AS ({sql})" for n, (sql, _params) in enumerate(statements[:-1])]
        sql = (f"WITH {', '.join(ctes)} " if ctes else "") + statements[-1][0]
        flat: list[Any] = [value for _sql, params in statements for value in params]
        with connection.cursor() as cursor:
            cursor.execute(sql, flat)
        return
    with transaction.atomic(), connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)


@transaction.atomic
def response_project_create(
    *, response: Response, owner: User, project_fields: dict[str, Any]
) -> Project:
    """Turn a solo assessment into a co-creation project that keeps it as its first answer.

    The project gets a first round, "Oppstart", pinned to the version the assessment answered;
    the assessment counts for the project's first party (the municipality when chosen).
    """
    project = project_services.project_create(
        owner=owner, instrument_key=response.instrument_version.key, **project_fields
    )
    round = project_services.round_create(
        project=project, label=gettext("Start-up"), version=response.instrument_version
    )
    party = (
        project.parties.filter(preset=Party.Preset.MUNICIPALITY).first() or project.parties.first()
    )
    locked = Response.objects.select_for_update().get(pk=response.pk)
    # Only a solo assessment: not the published example (everyone's to read, nobody's to
    # take), not a barometer unit's answer, not one that is in a project already.
    if locked.purpose != Response.Purpose.SOLO or locked.round_id is not None:
        raise ValueError("only a solo assessment can start a project")
    # From now on its link is a participant's: the round's pages and thanks page, not the
    # solo result (whose "start a project" would otherwise offer it a second time).
    locked.round, locked.party, locked.purpose = round, party, Response.Purpose.ROUND
    locked.save(update_fields=["round", "party", "purpose", "updated_at"])
    return project


def response_opened(*, response: Response) -> None:
    """Note that a page of the response has been shown (the first time only)."""
    if response.opened_at is None:
        response.opened_at = timezone.now()
        # One conditional update: two pages shown at once keep the first time.
        Response.objects.filter(pk=response.pk, opened_at__isnull=True).update(
            opened_at=response.opened_at
        )


@transaction.atomic
def response_fill(
    *, response: Response, instrument: Instrument, answers: Mapping[str, int | str | None]
) -> None:
    """Save `answers` page by page, as a respondent going through every page would, and
    finish the response: for made-up answers (the demo project, the published example)."""
    for number, page in enumerate(instrument.pages, start=1):
        response_page_save(
            response=response,
            instrument=instrument,
            page_number=number,
            answers={item.id: answers.get(item.id) for item in page.items},
            resume_page=number,
        )
    response_complete(response=response)


@transaction.atomic
def response_complete(*, response: Response, token: str = "") -> None:
    """Mark the response as finished; answers stay editable through the private link.

    The first time, `response_completed` is sent with the link's token: an invitation learns
    that it was answered without the response knowing about the invitation (samson.fieldwork).
    """
    if response.completed_at is None:
        response.completed_at = timezone.now()
        response.save(update_fields=["completed_at", "updated_at"])
        response_completed.send(sender=Response, response=response, token=token)


@transaction.atomic
def response_example_publish(*, response: Response) -> None:
    """Publish a finished solo assessment as the example result: from then on anyone with its
    link may read it, and nobody may change it or turn it into a project."""
    locked = Response.objects.select_for_update().get(pk=response.pk)
    if (
        locked.purpose != Response.Purpose.SOLO
        or locked.round_id is not None
        or locked.completed_at is None
    ):
        raise ValueError("only a finished solo assessment can be published as the example")
    locked.purpose = Response.Purpose.EXAMPLE
    locked.save(update_fields=["purpose", "updated_at"])
    response.purpose = locked.purpose


@transaction.atomic
def response_example_withdraw(*, response: Response) -> None:
    """Delete a published example (or a solo assessment made under the example's token) so
    the demo loader can publish it afresh. A response in a round is never deleted here."""
    if response.round_id is not None:
        raise ValueError("a project's answer is not the example's to delete")
    Response.objects.filter(
        pk=response.pk, purpose__in=[Response.Purpose.SOLO, Response.Purpose.EXAMPLE]
    ).delete()
