"""Rate limits on Innovasjonstesten submissions (samson.core.ratelimit).

A submission only waits in the edition's queue until an analyst accepts or discards it, so a
flood cannot move an estimate; the limits keep the queue reviewable. Each client (a salted
hash of its address, never the address; behind a trusted proxy the address
`samson.core.ratelimit.client_address` reads) may send SUBMISSIONS_PER_CLIENT per window, and
an edition takes SUBMISSIONS_PER_EDITION per window from all clients together. The per-edition
cap can be used up by someone with many addresses; that only delays honest units' answers
(their comparison is still shown), and it bounds what an analyst has to look through.
"""

from django.http import HttpRequest

from samson.core.ratelimit import Limit, client_key, take

WINDOW = 60 * 60
SUBMISSIONS_PER_CLIENT = 3
SUBMISSIONS_PER_EDITION = 60


def _limits(request: HttpRequest, edition_id: int) -> list[Limit]:
    # The client's limit first: a client over its own budget uses none of the edition's.
    return [
        Limit(f"innovation-test:client:{client_key(request)}", SUBMISSIONS_PER_CLIENT, WINDOW),
        Limit(f"innovation-test:edition:{edition_id}", SUBMISSIONS_PER_EDITION, WINDOW),
    ]


def submission_take(request: HttpRequest, *, edition_id: int) -> bool:
    """Count one submission to the edition; False (nothing counted) when over a limit."""
    return take(_limits(request, edition_id))
