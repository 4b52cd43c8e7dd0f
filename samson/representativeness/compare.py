"""Respondents per group against the population per group: the representation ratio.

For a group g with n_g of the N respondents who answered the question, and P_g of the P people
in the population groups we have figures for:

    sample share s_g = n_g / N,  population share p_g = P_g / P,  ratio r_g = s_g / p_g

r_g below 0.8 flags the group as under-represented, above 1.25 as over-represented (the limits
are each other's inverse, so "a fifth too few" and "a quarter too many" are equally far from
even). Groups are suppressed by samson.groupscores.shown_groups, exactly as the parties of a
round's results: see docs/representativeness.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from samson.groupscores import shown_groups

Flag = Literal["under", "even", "over", "unknown"]

UNDER = 0.8
OVER = 1.25


@dataclass(frozen=True, slots=True)
class GroupShare:
    """One row of the comparison. `key` is the group, or "" for the other groups together."""

    key: str
    n: int
    share: float
    population_share: float | None
    ratio: float | None
    flag: Flag


@dataclass(frozen=True, slots=True)
class Representation:
    """The comparison for one background question.

    Nothing is shown when fewer than `min_size` answered (`shown` false). `rows` are the groups
    shown on their own, including groups nobody answered (n 0); `other` pools the `pooled`
    groups, which are too small to show (or could be worked out from the total otherwise).
    """

    min_size: int
    shown: bool
    total: int
    rows: tuple[GroupShare, ...]
    other: GroupShare | None
    pooled: tuple[str, ...]
    has_population: bool


def flag_of(ratio: float | None) -> Flag:
    if ratio is None:
        return "unknown"
    if ratio < UNDER:
        return "under"
    if ratio > OVER:
        return "over"
    return "even"


def representation(
    counts: Mapping[str, int], population: Mapping[str, int], min_size: int
) -> Representation:
    """Compare respondents per group (`counts`, in display order, only those who answered)
    with the population per group (`population`: the groups that have a figure; may be empty).
    """
    base = sum(population.values())
    pop_share = {key: people / base for key, people in population.items()} if base else {}
    suppression = shown_groups(counts, min_size)
    total = suppression.total_n
    if not suppression.show_total:
        return Representation(min_size, False, total, (), None, (), bool(pop_share))

    def row(key: str, n: int, share_of_population: float | None) -> GroupShare:
        share = n / total
        ratio = share / share_of_population if share_of_population else None
        return GroupShare(key, n, share, share_of_population, ratio, flag_of(ratio))

    rows = tuple(
        row(key, counts[key], pop_share.get(key))
        for key in counts
        if key in suppression.shown or counts[key] == 0
    )
    pooled = suppression.suppressed
    other = None
    if pooled:
        known = all(key in pop_share for key in pooled)
        other = row("", suppression.other_n, sum(pop_share[k] for k in pooled) if known else None)
    return Representation(min_size, True, total, rows, other, pooled, bool(pop_share))
