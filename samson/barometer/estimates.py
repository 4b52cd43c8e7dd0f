"""Estimates of an edition: weights from the population frame, indicators by domain, flags.

Pure Python and numpy (no Django): rows of codebook values in, plain dataclasses out, so the
rules below are tested against hand-computed numbers. See docs/barometer.md and
docs/statistics.md ("Suppression and imprecise estimates").
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from samson.groupscores import shown_groups
from samson.innovation import INDICATORS, derive
from samson.surveystats import Design, Estimate, SurveyStatsError, make_design, means, poststratify

FloatArray = npt.NDArray[np.float64]

MAX_HALF_WIDTH = 0.10
"""An estimate whose 95% interval is wider than ± 10 percentage points is flagged imprecise."""
MAX_RELATIVE_SE = 0.30
"""An estimate whose standard error exceeds 30% of the estimate is flagged imprecise."""

BREAKDOWNS: tuple[str, ...] = (
    "sektor",
    "enhetstype",
    "landsdel",
    "storrelse",
    "sentralitet",
    "kostragruppe",
    "B14_ANSATTE",
)
"""Background variables the pages break estimates down by (those the data hold)."""


@dataclass(frozen=True)
class Cell:
    """One indicator in one group (`group` None = everyone); numbers None where suppressed."""

    group: Hashable | None
    n: int
    weighted_n: float
    estimate: float | None
    se: float | None
    ci_low: float | None
    ci_high: float | None
    suppressed: bool
    imprecise: bool


@dataclass(frozen=True)
class Weighting:
    """The design of an edition and whether it is weighted: `variables` are the frame's
    variables it was post-stratified to (empty when it was not), `base_weights` says whether
    every unit's base weight came from an imported `vekt` column (otherwise each weighs 1)."""

    design: Design
    weighted: bool
    variables: tuple[str, ...]
    # Why the frame could not be used: a code the page words in its own language
    # ("mixed_cells", "missing_column" with the column in `detail`, "cells"), never an
    # English sentence.
    problem: str | None = None
    detail: str = ""
    base_weights: bool = False


@dataclass(frozen=True)
class Change:
    """The difference between two editions' estimates (independent samples)."""

    difference: float
    se: float
    ci_low: float
    ci_high: float
    significant: bool


def columns(rows: Sequence[Mapping[str, object]]) -> dict[str, FloatArray]:
    """Rows of {variable: number or None} as float columns (NaN = missing)."""
    names: dict[str, None] = {}
    for row in rows:
        names.update(dict.fromkeys(row))
    out: dict[str, FloatArray] = {}
    for name in names:
        values = [row.get(name) for row in rows]
        out[name] = np.array(
            [float(v) if isinstance(v, int | float) else np.nan for v in values], dtype=np.float64
        )
    return out


def with_indicators(data: Mapping[str, FloatArray]) -> dict[str, FloatArray]:
    """The data with every derived indicator added (docs/barometer-codebook.md)."""
    return {**data, **derive(data)}


BASE_WEIGHT = "vekt"
"""The codebook variable an import may carry each unit's base (design) weight in."""


def base_design(data: Mapping[str, FloatArray], n: int) -> tuple[Design, bool]:
    """The design before weighting to the frame: each unit's imported `vekt` as its base
    weight when every unit has a positive one (the import checks they are positive),
    otherwise equal weights; and whether the base weights were used."""
    weights = data.get(BASE_WEIGHT)
    if n and weights is not None and len(weights) == n:
        column = np.asarray(weights, dtype=np.float64)
        if bool(np.all(np.isfinite(column) & (column > 0))):
            return make_design(n, weights=column), True
    return make_design(n), False


def weighting(
    data: Mapping[str, FloatArray],
    n: int,
    frame: Sequence[tuple[Mapping[str, int], int]],
) -> Weighting:
    """Base weights (`base_design`), then post-stratified to the frame's cells when there is a
    frame and every cell can be used; otherwise the base weights alone, with the reason in
    `problem`. The edition is weighted when either step changed the equal weights."""
    base, imported = base_design(data, n)

    def unusable(problem: str | None, tried: tuple[str, ...] = (), detail: str = "") -> Weighting:
        # `variables` names what was post-stratified to once weighted; unweighted, the frame's.
        return Weighting(base, imported, () if imported else tried, problem, detail, imported)

    if not frame or n == 0:
        return unusable(None)
    variables = tuple(frame[0][0])
    if any(tuple(values) != variables for values, _count in frame):
        return unusable("mixed_cells")
    missing = [name for name in variables if name not in data]
    if missing:
        return unusable("missing_column", variables, missing[0])
    cells: dict[str, list[int | None]] = {}
    for name in variables:
        column = data[name]
        cells[name] = [None if math.isnan(v) else int(v) for v in column]
    population: dict[tuple[int, ...], float] = {
        tuple(int(values[v]) for v in variables): float(count) for values, count in frame
    }
    try:
        design = poststratify(base, cells, population)
    except SurveyStatsError as error:
        return unusable("cells", variables, str(error))
    return Weighting(design, weighted=True, variables=variables, base_weights=imported)


def is_imprecise(estimate: float, se: float, ci_low: float, ci_high: float) -> bool:
    """The documented rule: interval half-width over 10 points or relative SE over 30%."""
    if not (math.isfinite(se) and math.isfinite(ci_low) and math.isfinite(ci_high)):
        return True
    half_width = (ci_high - ci_low) / 2
    relative = se / estimate if estimate > 0 else (0.0 if se == 0 else math.inf)
    return half_width > MAX_HALF_WIDTH or relative > MAX_RELATIVE_SE


def _cell(group: Hashable | None, result: Estimate, suppressed: bool) -> Cell:
    if suppressed:
        return Cell(group, result.n, result.weighted_n, None, None, None, None, True, False)
    return Cell(
        group=group,
        n=result.n,
        weighted_n=result.weighted_n,
        estimate=result.estimate,
        se=result.se,
        ci_low=result.ci_low,
        ci_high=result.ci_high,
        suppressed=False,
        imprecise=is_imprecise(result.estimate, result.se, result.ci_low, result.ci_high),
    )


def estimate(
    data: Mapping[str, FloatArray],
    design: Design,
    names: Sequence[str],
    *,
    by: str | None = None,
    min_group_size: int = 5,
) -> dict[str, list[Cell]]:
    """{indicator: [overall cell, then one cell per group]} for each name in `names`."""
    n = design.n
    groups = None
    if by is not None:
        column = data.get(by, np.full(n, np.nan))
        groups = [None if math.isnan(v) else int(v) for v in column]
    variables = {name: data.get(name, np.full(n, np.nan)) for name in names}
    results = means(design, variables, groups=groups) if n else {}
    out: dict[str, list[Cell]] = {}
    for name in names:
        by_group = results.get(name, {})
        hidden = _hidden(by_group, min_group_size)
        out[name] = [_cell(group, result, group in hidden) for group, result in by_group.items()]
    return out


_NO_GROUP = "\0no group"


def _hidden(by_group: Mapping[Hashable | None, Estimate], min_group_size: int) -> set[Hashable]:
    """The groups (None = everyone) whose numbers may not be shown: by samson.groupscores'
    rule, a group under the minimum, and one more group where the total minus the shown groups
    would reveal a small group by subtraction. Respondents without a value for the breakdown
    count as one group that is never shown."""
    overall = by_group.get(None)
    if overall is None:
        return set()
    groups = {key: result.n for key, result in by_group.items() if key is not None}
    counts = {str(key): n for key, n in groups.items()}
    counts[_NO_GROUP] = overall.n - sum(groups.values())
    decision = shown_groups(counts, min_group_size)
    hidden: set[Hashable] = {key for key in groups if str(key) not in decision.shown}
    if not decision.show_total:
        hidden.add(None)
    return hidden


def change(first: Cell, second: Cell, z: float = 1.959963984540054) -> Change | None:
    """second - first with SE sqrt(se1² + se2²) (independent samples); None if either is
    suppressed or lacks a standard error."""
    if first.estimate is None or second.estimate is None or first.se is None or second.se is None:
        return None
    difference = second.estimate - first.estimate
    se = math.sqrt(first.se**2 + second.se**2)
    low, high = difference - z * se, difference + z * se
    return Change(difference, se, low, high, significant=low > 0 or high < 0)


INDICATOR_NAMES: tuple[str, ...] = tuple(indicator.name for indicator in INDICATORS)
