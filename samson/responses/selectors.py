"""Reads of responses and answers."""

from .models import Response
from .tokens import token_hash

DEMO_TOKEN = "eksempel-pa-resultat"


def response_by_token(token: str) -> Response | None:
    # The version's spec (the whole instrument as JSON) is parsed once per process by
    # instrument_spec(); loading it with every page would decode it on every request.
    # get(), not first(): the hash is unique, and first()'s ordering costs a third of the lookup.
    try:
        return (
            Response.objects.select_related("instrument_version", "round")
            .defer("instrument_version__spec")
            .get(token_hash=token_hash(token))
        )
    except Response.DoesNotExist:
        return None


def response_answers(response: Response) -> dict[str, int | str]:
    return {
        item_id: code if code is not None else text
        for item_id, code, text in response.answers.values_list("item_id", "code", "text")
    }


def demo_response_token() -> str | None:
    """The token of the demo result when demo content is loaded."""
    return (
        DEMO_TOKEN if Response.objects.filter(token_hash=token_hash(DEMO_TOKEN)).exists() else None
    )
