"""Which groups of a round may be shown without revealing a small group (docs/anonymity.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

CountStatus = Literal["shown", "too_few", "merged", "none"]


@dataclass(frozen=True, slots=True)
class Suppression:
    """What of a round may be shown, decided from the respondents per party alone.

    `shown` parties are shown on their own (scores, typology, exact count). `too_few` parties
    have 1 to min_size - 1 respondents. `merged` parties have at least min_size respondents
    but are hidden as well, so that a `too_few` party cannot be computed as the total minus
    the shown parties. `suppressed` is `too_few` and `merged` together, in display order.
    `other` is the pool of every suppressed party: shown (as "other parties") only when
    `show_other` is true.
    """

    min_size: int
    counts: Mapping[str, int]
    shown: tuple[str, ...]
    suppressed: tuple[str, ...]
    too_few: tuple[str, ...]
    merged: tuple[str, ...]
    show_total: bool
    show_other: bool

    @property
    def total_n(self) -> int:
        return sum(self.counts.values())

    @property
    def other_n(self) -> int:
        return sum(self.counts[party] for party in self.suppressed)

    def status(self, party: str) -> CountStatus:
        if party in self.shown:
            return "shown"
        if party in self.too_few:
            return "too_few"
        if party in self.merged:
            return "merged"
        return "none"


def shown_groups(counts: Mapping[str, int], min_size: int) -> Suppression:
    """Decide what may be shown, given respondents per party (in display order).

    1. Nothing is shown when the round has fewer than `min_size` respondents in all.
    2. Otherwise the total is shown, and every party with at least `min_size` respondents.
    3. The rest R (the total minus the shown parties) can be computed by subtraction, so it
       must itself be empty or have at least `min_size` respondents. When 0 < R < min_size,
       the smallest shown party (the later one in display order on a tie) is hidden too and
       joins R. Since that party alone has at least `min_size`, one step always suffices.
    4. R is shown as "other parties" when it has at least `min_size` respondents and at least
       one party is shown on its own (otherwise it would only repeat the total).

    Parties with no respondents are neither shown nor suppressed (status "none").
    Raises ValueError for a minimum below 1 or a negative count.
    """
    if min_size < 1:
        raise ValueError(f"min_size must be at least 1, not {min_size}")
    if any(n < 0 for n in counts.values()):
        raise ValueError("a party cannot have a negative number of respondents")
    order = list(counts)
    total = sum(counts.values())
    if total < min_size:
        small = tuple(party for party in order if counts[party] > 0)
        return Suppression(min_size, dict(counts), (), small, small, (), False, False)
    shown = [party for party in order if counts[party] >= min_size]
    too_few = [party for party in order if 0 < counts[party] < min_size]
    merged: list[str] = []
    rest = total - sum(counts[party] for party in shown)
    if 0 < rest < min_size:
        smallest = min(reversed(shown), key=lambda party: counts[party])
        shown.remove(smallest)
        merged.append(smallest)
        rest += counts[smallest]
    suppressed = tuple(party for party in order if party in too_few or party in merged)
    return Suppression(
        min_size=min_size,
        counts=dict(counts),
        shown=tuple(shown),
        suppressed=suppressed,
        too_few=tuple(too_few),
        merged=tuple(merged),
        show_total=True,
        show_other=rest >= min_size and bool(shown),
    )
