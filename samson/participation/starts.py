"""Starts of a round per client, for the facilitator's "possible duplicates" figure.

A start that makes a new response is counted under the round and a salted hash of the client's
address (samson.core.ratelimit.client_key), for a day. A start from a client that already
started one in the round adds one to the round's figure. The counts are kept where the limits
keep theirs (samson.core.ratelimit: Redis, or the `core_throttlecount` table), never with a
response: the figure says how many, never which (docs/anonymity.md §5).
"""

from django.http import HttpRequest

from samson.core.ratelimit import Limit, client_key, counts, take

# Padding a party takes minutes; a day also catches someone who comes back after lunch, and
# is as long as the salted address is kept.
ADDRESS_WINDOW = 60 * 60 * 24
# The figure names no one; it is kept for longer than a round is usually open.
FIGURE_KEEP = 60 * 60 * 24 * 180
# The figure is a count, not a limit: no start is ever refused for it.
UNLIMITED = 2**31 - 1


def _figure(round_id: int) -> Limit:
    return Limit(f"round-dup:{round_id}", UNLIMITED, FIGURE_KEEP)


def start_count(request: HttpRequest, *, round_id: int) -> None:
    """Count one new response started in the round by the client of `request`."""
    # A budget of one start per client and round: the first is taken, a later one is refused
    # (and given back), and that refusal is a duplicate. Counted atomically, so two starts at
    # the same moment are one first and one duplicate.
    first = take([Limit(f"round-start:{round_id}:{client_key(request)}", 1, ADDRESS_WINDOW)])
    if not first:
        take([_figure(round_id)])


def possible_duplicates(round_id: int) -> int:
    """Starts in the round beyond the first from the same client address (participants behind
    one shared address, NAT, raise it too)."""
    figure = _figure(round_id)
    return counts([figure]).get(figure.key, 0)
