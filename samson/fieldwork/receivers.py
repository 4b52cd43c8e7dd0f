"""What fieldwork hears from projects (a new round) and the answering flow (a finished answer)."""

from typing import Any

from django.dispatch import receiver

from samson.projects.models import Round
from samson.projects.signals import round_created
from samson.responses.models import Response
from samson.responses.signals import response_completed

from .services import fieldwork_for_round, invitee_finished


@receiver(round_created, dispatch_uid="samson.fieldwork.round_mode")
def _round_created(sender: Any, round: Round, **kwargs: Any) -> None:
    # Every new round gets its join mode at once, by `round_mode_default` unless the route
    # that made it chooses another (`round_create_with_mode`).
    fieldwork_for_round(round=round)


@receiver(response_completed, dispatch_uid="samson.fieldwork.invitee_finished")
def _response_completed(sender: Any, response: Response, token: str, **kwargs: Any) -> None:
    # A round's answer, or a barometer unit's answer through an edition's link.
    if token and response.purpose in (Response.Purpose.ROUND, Response.Purpose.BAROMETER):
        invitee_finished(answer_token=token)
