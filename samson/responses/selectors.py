"""Reads of responses and answers."""

from .models import Response
from .tokens import token_hash

DEMO_TOKEN = "eksempel-pa-resultat"


def response_by_token(token: str) -> Response | None:
    # The version's spec (the whole instrument as JSON) is parsed once per process by
    # instrument_spec(); loading it with every page would decode it on every request.
    return (
        Response.objects.select_related("instrument_version", "round")
        .defer("instrument_version__spec")
        .filter(token_hash=token_hash(token))
        .first()
    )


def response_answers(response: Response) -> dict[str, int | str]:
    return {answer.item_id: answer.value for answer in response.answers.all()}


def demo_response_token() -> str | None:
    """The token of the demo result when demo content is loaded."""
    return (
        DEMO_TOKEN if Response.objects.filter(token_hash=token_hash(DEMO_TOKEN)).exists() else None
    )
