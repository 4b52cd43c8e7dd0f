"""Writes for participants: starting an anonymous response in an open round."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from samson.background.models import BackgroundAnswer
from samson.projects.models import Party, Round
from samson.responses.models import Response
from samson.responses.services import response_start
from samson.responses.tokens import token_for_start, token_hash

# How long the same start form still reaches the response it made: a retry comes within it.
RETRY_WINDOW = timedelta(minutes=10)


class RoundNotOpen(Exception):
    pass


@dataclass(frozen=True)
class Start:
    """What a participant's start led to: a response, its private token, and whether it is new
    (False when an earlier start of the same browser or the same form is taken up again)."""

    response: Response
    token: str
    created: bool


def _untouched(response: Response) -> bool:
    """Made a moment ago, never shown and nothing answered: a retry may take it over."""
    return (
        response.created_at >= timezone.now() - RETRY_WINDOW
        and response.opened_at is None
        and response.completed_at is None
        and not response.answers.exists()
        and not BackgroundAnswer.objects.filter(response=response).exists()
    )


@transaction.atomic
def participant_response_start(
    *, round: Round, party: Party, language: str, start_key: str = "", browser_token: str = ""
) -> Start:
    """A new anonymous response for one party in an open round, with its private token.

    `browser_token` is the token of the response this browser started in the round before
    (from its signed cookie): that response is taken up again, whatever party is chosen now,
    so one browser makes one response and cannot pad a small party to the minimum size
    (docs/anonymity.md §5). Without it, the start form's one-time key makes the same form sent
    again return the response it made the first time (the round's row lock makes two at once
    wait for each other)."""
    # The version comes along without its spec: decoding the whole instrument's JSON here would
    # cost more than the rest of the request.
    locked = (
        Round.objects.select_for_update(of=("self",))
        .select_related("instrument_version")
        .defer("instrument_version__spec")
        .get(pk=round.pk)
    )
    if locked.state != Round.State.OPEN or party.project_id != locked.project_id:
        raise RoundNotOpen
    if browser_token:
        try:
            mine = Response.objects.get(token_hash=token_hash(browser_token), round=locked)
        except Response.DoesNotExist:
            pass  # a response since deleted, or a cookie of another round: start afresh
        else:
            return Start(mine, browser_token, created=False)
    token = token_for_start(start_key, locked.pk, party.pk) if start_key else None
    if token is not None:
        try:
            earlier = Response.objects.get(token_hash=token_hash(token))
        except Response.DoesNotExist:
            pass
        else:
            if _untouched(earlier):
                return Start(earlier, token, created=False)
            # The same form again after someone saw its pages (a shared tablet, the back
            # button): that response stays theirs, and this is a new one.
            token = None
    response, token = response_start(
        instrument_version=locked.instrument_version,
        language=language,
        round=locked,
        party=party,
        token=token,
    )
    return Start(response, token, created=True)
