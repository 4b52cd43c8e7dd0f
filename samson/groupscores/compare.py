"""What changed between two rounds: Welch's two-sample comparison of respondents' scores.

The unit is the respondent: each respondent's score on a value (or field, or the whole grid)
is the mean of their 0-100 item scores there, "don't know" left out; a respondent with no
substantive answer there is left out of that comparison. See docs/anonymity.md §4.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from samson.groupscores.groups import Respondent, party_order
from samson.groupscores.suppression import Suppression, shown_groups
from samson.groupscores.tdist import t_quantile
from samson.instrument_spec import Instrument, validate_answers
from samson.scoring import item_score

DimensionKind = Literal["overall", "value", "field"]
ALL = ""  # the group key of all respondents together in a RoundComparison


@dataclass(frozen=True, slots=True)
class Change:
    """Round b minus round a, with a two-sided confidence interval from Welch's t.

    `low`, `high`, `df` and `t` are None when either round has fewer than two respondents with
    a score. When both rounds' scores have no spread at all (se = 0) the interval is the
    difference itself and `df` = n_a + n_b - 2. `beyond_spread` is true when the interval
    excludes 0: a change larger than the spread of answers would explain at this level.
    """

    n_a: int
    mean_a: float
    sd_a: float | None
    n_b: int
    mean_b: float
    sd_b: float | None
    difference: float
    se: float | None
    df: float | None
    t: float | None
    low: float | None
    high: float | None
    beyond_spread: bool


def _mean_sd(scores: Sequence[float]) -> tuple[float, float | None]:
    mean = math.fsum(scores) / len(scores)
    if len(scores) < 2:
        return mean, None
    variance = math.fsum((score - mean) ** 2 for score in scores) / (len(scores) - 1)
    return mean, math.sqrt(variance)


def welch(a: Sequence[float], b: Sequence[float], confidence: float = 0.95) -> Change | None:
    """Welch's two-sample comparison of the means of `b` and `a` (None if either is empty).

    se = sqrt(s_a^2/n_a + s_b^2/n_b); the Welch-Satterthwaite degrees of freedom
    df = se^4 / ((s_a^2/n_a)^2/(n_a-1) + (s_b^2/n_b)^2/(n_b-1)); interval
    (mean_b - mean_a) +/- t_{(1+confidence)/2, df} * se.
    """
    if not a or not b:
        return None
    mean_a, sd_a = _mean_sd(a)
    mean_b, sd_b = _mean_sd(b)
    difference = mean_b - mean_a
    if sd_a is None or sd_b is None:
        return Change(
            len(a), mean_a, sd_a, len(b), mean_b, sd_b, difference,
            None, None, None, None, None, False,
        )  # fmt: skip
    va, vb = sd_a**2 / len(a), sd_b**2 / len(b)
    se = math.sqrt(va + vb)
    if se == 0.0:
        return Change(
            len(a), mean_a, sd_a, len(b), mean_b, sd_b, difference,
            0.0, float(len(a) + len(b) - 2), None, difference, difference, difference != 0.0,
        )  # fmt: skip
    df = (va + vb) ** 2 / (va**2 / (len(a) - 1) + vb**2 / (len(b) - 1))
    quantile = t_quantile((1.0 + confidence) / 2.0, df)
    low, high = difference - quantile * se, difference + quantile * se
    return Change(
        len(a), mean_a, sd_a, len(b), mean_b, sd_b, difference,
        se, df, difference / se, low, high, low > 0.0 or high < 0.0,
    )  # fmt: skip


def respondent_score(
    instrument: Instrument, answers: Mapping[str, object], kind: DimensionKind, dim_id: str
) -> float | None:
    """One respondent's mean 0-100 item score on a value, a field or (kind 'overall') the
    whole values x fields grid; None when they gave no substantive answer there."""
    if kind == "overall":
        items = [
            item for item in instrument.items if item.dimension("value") or item.dimension("field")
        ]
    else:
        items = list(instrument.items_for(kind, dim_id))
    scores: list[float] = []
    for item in items:
        value = answers.get(item.id)
        scale = instrument.scale_for(item)
        if scale is None or scale.type != "likert" or not isinstance(value, int):
            continue
        score = item_score(scale, item, value)
        if score is not None:
            scores.append(score)
    return math.fsum(scores) / len(scores) if scores else None


@dataclass(frozen=True, slots=True)
class DimensionChange:
    kind: DimensionKind
    id: str  # "" for the overall score
    change: Change | None  # None when either round has no respondent with a score here


@dataclass(frozen=True, slots=True)
class GroupChange:
    group: str  # ALL, or a party id
    rows: tuple[DimensionChange, ...]


@dataclass(frozen=True, slots=True)
class RoundComparison:
    """Round a (before) against round b (after), only for groups shown in both rounds."""

    suppression_a: Suppression
    suppression_b: Suppression
    groups: tuple[GroupChange, ...]


def compare_rounds(
    instrument_a: Instrument,
    respondents_a: Sequence[Respondent],
    instrument_b: Instrument,
    respondents_b: Sequence[Respondent],
    min_size: int,
    parties: Sequence[str] = (),
    confidence: float = 0.95,
) -> RoundComparison:
    """Compare the overall score and every value and field both instruments have, for all
    respondents and for each party, never for a group suppressed in either round."""
    for instrument, respondents in ((instrument_a, respondents_a), (instrument_b, respondents_b)):
        for respondent in respondents:
            validate_answers(instrument, respondent.answers)
    order_a = party_order(respondents_a, parties)
    order = party_order(respondents_b, order_a)
    counts_a = {p: sum(1 for r in respondents_a if r.party == p) for p in order}
    counts_b = {p: sum(1 for r in respondents_b if r.party == p) for p in order}
    suppression_a = shown_groups(counts_a, min_size)
    suppression_b = shown_groups(counts_b, min_size)
    dimensions: list[tuple[DimensionKind, str]] = [("overall", "")]
    for kind in ("value", "field"):
        ids_a = {d.id for d in instrument_a.dimensions_of(kind)}
        dimensions += [
            ("value" if kind == "value" else "field", d.id)
            for d in instrument_b.dimensions_of(kind)
            if d.id in ids_a
        ]
    groups: list[tuple[str, list[Respondent], list[Respondent]]] = []
    if suppression_a.show_total and suppression_b.show_total:
        groups.append((ALL, list(respondents_a), list(respondents_b)))
    for party in order:
        if party in suppression_a.shown and party in suppression_b.shown:
            groups.append(
                (
                    party,
                    [r for r in respondents_a if r.party == party],
                    [r for r in respondents_b if r.party == party],
                )
            )
    out: list[GroupChange] = []
    for key, group_a, group_b in groups:
        rows = []
        for kind, dim_id in dimensions:
            a = _scores(instrument_a, group_a, kind, dim_id)
            b = _scores(instrument_b, group_b, kind, dim_id)
            rows.append(DimensionChange(kind, dim_id, welch(a, b, confidence)))
        out.append(GroupChange(key, tuple(rows)))
    return RoundComparison(suppression_a, suppression_b, tuple(out))


def _scores(
    instrument: Instrument, group: Sequence[Respondent], kind: DimensionKind, dim_id: str
) -> list[float]:
    scores = (respondent_score(instrument, r.answers, kind, dim_id) for r in group)
    return [score for score in scores if score is not None]
