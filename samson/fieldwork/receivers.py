"""What fieldwork hears from the answering flow."""

from typing import Any

from django.dispatch import receiver

from samson.responses.models import Response
from samson.responses.signals import response_completed

from .services import invitee_finished


@receiver(response_completed, dispatch_uid="samson.fieldwork.invitee_finished")
def _response_completed(sender: Any, response: Response, token: str, **kwargs: Any) -> None:
    # A round's answer, or a barometer unit's answer through an edition's link.
    if token and response.purpose in (Response.Purpose.ROUND, Response.Purpose.BAROMETER):
        invitee_finished(answer_token=token)
