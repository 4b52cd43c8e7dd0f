"""Reads of responses and answers."""

from collections.abc import Collection

from .models import Response
from .tokens import token_hash

DEMO_TOKEN = "eksempel-pa-resultat"


def response_by_token(token: str, *, purposes: Collection[Response.Purpose]) -> Response | None:
    """The response whose private link holds `token`, if it serves one of `purposes`.

    Every route that takes a token names the purposes it serves, so a token made for another
    purpose (a barometer invitation on the solo pages, a solo token on a round's thanks page)
    finds nothing and the route answers 404 before it reads or writes anything.
    """
    # The version's spec (the whole instrument as JSON) is parsed once per process by
    # instrument_spec(); loading it with every page would decode it on every request.
    # get(), not first(): the hash is unique, and first()'s ordering costs a third of the lookup.
    try:
        return (
            Response.objects.select_related("instrument_version", "round")
            .defer("instrument_version__spec")
            .get(token_hash=token_hash(token), purpose__in=list(purposes))
        )
    except Response.DoesNotExist:
        return None


def response_answers(response: Response) -> dict[str, int | str]:
    return {
        item_id: code if code is not None else text
        for item_id, code, text in response.answers.values_list("item_id", "code", "text")
    }


def demo_response_token() -> str | None:
    """The token of the published example result, when the demo loader has published it.

    Only a response published as the example counts, so the home page's link leads to a result
    that nobody can change or take over."""
    published = Response.objects.filter(
        token_hash=token_hash(DEMO_TOKEN),
        purpose=Response.Purpose.EXAMPLE,
        completed_at__isnull=False,
    ).exists()
    return DEMO_TOKEN if published else None


def demo_response() -> Response | None:
    """Whatever response holds the example's public token, published or not (for the loader)."""
    return Response.objects.filter(token_hash=token_hash(DEMO_TOKEN)).first()
