"""Writes for participants: starting an anonymous response in an open round."""

from django.db import transaction

from samson.projects.models import Party, Round
from samson.responses.models import Response
from samson.responses.services import response_start


class RoundNotOpen(Exception):
    pass


@transaction.atomic
def participant_response_start(
    *, round: Round, party: Party, language: str
) -> tuple[Response, str]:
    """A new anonymous response for one party in an open round, with its private token."""
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
    return response_start(
        instrument_version=locked.instrument_version, language=language, round=locked, party=party
    )
