"""Writes of responses and answers. Every write is one transaction."""

from collections.abc import Mapping
from typing import Any

from django.db import transaction
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


@transaction.atomic
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
    clearing a choice is kept. Saving the same page twice stores each answer once.
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
    # The common case, every item answered with a choice, needs neither the delete nor the read.
    blank = [item_id for item_id in page_item_ids if item_id not in valid]
    if blank:
        Answer.objects.filter(response=response, item_id__in=blank).delete()
    texts = [item_id for item_id, value in valid.items() if isinstance(value, str)]
    released_texts = (
        dict(
            Answer.objects.filter(
                response=response, item_id__in=texts, released_at__isnull=False
            ).values_list("item_id", "text")
        )
        if texts
        else {}
    )
    # One INSERT ... ON CONFLICT DO UPDATE for the whole page: a double submit, a retry after a
    # lost reply, or two requests with the same page at the same moment leave one row per item
    # (the unique constraint decides, not a read before the write).
    now = timezone.now()
    Answer.objects.bulk_create(
        [
            Answer(
                response=response,
                item_id=item_id,
                code=None if isinstance(value, str) else value,
                text=value if isinstance(value, str) else "",
                updated_at=now,
            )
            for item_id, value in valid.items()
        ],
        update_conflicts=True,
        unique_fields=["response", "item_id"],
        update_fields=["code", "text", "updated_at"],
    )
    # A released text that is changed must be reviewed again before it is shown.
    changed = [item_id for item_id, text in released_texts.items() if valid[item_id] != text]
    if changed:
        Answer.objects.filter(response=response, item_id__in=changed).update(released_at=None)
    response.resume_page = resume_page
    response.save(update_fields=["resume_page", "updated_at"])


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
    party = project.parties.filter(preset="kommunen").first() or project.parties.first()
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
