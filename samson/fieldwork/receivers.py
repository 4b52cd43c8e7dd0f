"""What fieldwork hears from the answering flow."""

from typing import Any

from django.dispatch import receiver

from samson.responses.models import Response
from samson.responses.signals import response_completed

from .services import invitee_finished


@receiver(response_completed, dispatch_uid="samson.fieldwork.invitee_finished")
def _response_completed(sender: Any, response: Response, token: str, **kwargs: Any) -> None:
    if token and response.purpose == Response.Purpose.ROUND:
        invitee_finished(answer_token=token)
