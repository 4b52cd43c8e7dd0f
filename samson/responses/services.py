"""Writes of responses and answers. Every write is one transaction."""

from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from samson.instrument_spec import Instrument, validate_answers
from samson.instruments.models import InstrumentVersion
from samson.projects.models import Party, Round

from .models import Answer, Response
from .tokens import token_hash, token_new


@transaction.atomic
def response_start(
    *,
    instrument_version: InstrumentVersion,
    language: str,
    token: str | None = None,
    round: Round | None = None,
    party: Party | None = None,
) -> tuple[Response, str]:
    """Create an empty response; returns it with the private token for its link."""
    token = token or token_new()
    response = Response.objects.create(
        instrument_version=instrument_version,
        token_hash=token_hash(token),
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
    Raises samson.instrument_spec.AnswerError (nothing is written) for an invalid value.
    """
    page = instrument.pages[page_number - 1]
    page_item_ids = [item.id for item in page.items]
    if not set(answers) <= set(page_item_ids):
        raise ValueError(f"answers for items not on page {page_number}")
    given = {item_id: value for item_id, value in answers.items() if value not in (None, "")}
    valid = validate_answers(instrument, given)
    Answer.objects.filter(response=response, item_id__in=page_item_ids).exclude(
        item_id__in=list(valid)
    ).delete()
    released_texts = dict(
        Answer.objects.filter(response=response, released_at__isnull=False).values_list(
            "item_id", "text"
        )
    )
    for item_id, value in valid.items():
        defaults: dict[str, object]
        if isinstance(value, str):
            defaults = {"code": None, "text": value}
            if item_id in released_texts and released_texts[item_id] != value:
                # A released text that is changed must be reviewed again before it is shown.
                defaults["released_at"] = None
        else:
            defaults = {"code": value, "text": ""}
        Answer.objects.update_or_create(response=response, item_id=item_id, defaults=defaults)
    response.resume_page = resume_page
    response.save(update_fields=["resume_page", "updated_at"])


@transaction.atomic
def response_complete(*, response: Response) -> None:
    """Mark the response as finished; answers stay editable through the private link."""
    if response.completed_at is None:
        response.completed_at = timezone.now()
        response.save(update_fields=["completed_at", "updated_at"])
