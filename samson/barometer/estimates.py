"""Estimates of an edition: weights from the population frame, indicators by domain, flags.

Pure Python and numpy (no Django): rows of codebook values in, plain dataclasses out, so the
rules below are tested against hand-computed numbers. See docs/barometer.md and
docs/statistics.md ("Suppression and imprecise estimates").
"""

from __future__ import annotations

import itertools
import math
import operator
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from samson.groupscores import shown_groups
from samson.innovation import INDICATORS, Indicator, derive, leder
from samson.surveystats import (
    AssociationTest,
    Contrast,
    ConvergenceError,
    Design,
    Estimate,
    IntervalMethod,
    Raking,
    SurveyStatsError,
    association_test,
    calibrate_linear,
    contrast,
    make_design,
    means,
    poststratify,
    rake,
)

FloatArray = npt.NDArray[np.float64]

MAX_HALF_WIDTH = 0.10
"""An estimate whose 95% interval is wider than ± 10 percentage points is flagged imprecise."""
MAX_RELATIVE_SE = 0.30
"""An estimate whose standard error exceeds 30% of the estimate is flagged imprecise."""

BREAKDOWNS: tuple[str, ...] = (
    "organtype",
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
class DesignChoice:
    """How the edition's survey was run, as its analyst states it (the edition's design
    fields): the variable naming each unit's primary sampling unit (`cluster`, by default the
    municipality; "" for none), the strata it is nested in (`strata`, "" for none), the method
    of the intervals of shares, and the cell-collapsing threshold of the weighting: a frame cell
    with fewer respondents than `collapse_below` is merged with its neighbours
    (`collapsed_cells`)."""

    cluster: str = "kommunenr"
    strata: str = ""
    interval: IntervalMethod = "logit"
    collapse_below: int = 5
    fpc: bool = False
    method: WeightingMethod = "poststratify"


WeightingMethod = Literal["poststratify", "rake", "linear"]

RAKE_MAX_SWEEPS = 100
"""Raking stops with a problem after this many sweeps without converging."""
RAKE_EPSILON = 1e-10
"""Raking has converged when a sweep changes no weighted cell of the raking variables crossed
by as much as this fraction of the sum of the base weights (R's `rake` with `control =
list(maxit = 100, epsilon = 1e-10)`)."""


@dataclass(frozen=True)
class PopulationUnits:
    """The population count of primary units (municipalities) per stratum value (the key None
    when there are no strata), for the finite population correction; `counts` None when they
    cannot be known, with the reason in `problem` (a code the page words) and `detail`."""

    counts: Mapping[int | None, int] | None
    problem: str | None = None
    detail: str = ""


@dataclass(frozen=True)
class Weighting:
    """The design of an edition and whether it is weighted: `variables` are the frame's
    variables it was post-stratified to (empty when it was not), `base_weights` says whether
    every unit's base weight came from an imported `vekt` column (otherwise each weighs 1).

    `clusters` and `strata` count the primary units and strata the design has (0 when the
    choice names none or its variable could not be used, with the reason in `design_problem`);
    `cells` counts the frame's cells and `merged` those merged into a neighbour."""

    design: Design
    weighted: bool
    variables: tuple[str, ...]
    # Why the frame could not be used: a code the page words in its own language
    # ("mixed_cells", "missing_column" with the column in `detail`, "cells"), never an
    # English sentence.
    problem: str | None = None
    detail: str = ""
    base_weights: bool = False
    choice: DesignChoice = DesignChoice()
    clusters: int = 0
    strata: int = 0
    # Why the clusters or strata could not be used: "cluster_missing" or "strata_missing"
    # (the variable is absent or some unit lacks it) or "lonely" (a stratum with one primary
    # unit), with the variable in `design_detail`.
    design_problem: str | None = None
    design_detail: str = ""
    cells: int = 0
    merged: int = 0
    # The finite population correction: whether it was applied, and if it was asked for but
    # not applied, why ("fpc_cluster", "fpc_strata", "fpc_no_list", "fpc_unknown",
    # "fpc_mismatch", "fpc_census", "fpc_small", or a design problem above).
    fpc: bool = False
    fpc_problem: str | None = None
    fpc_detail: str = ""
    # How the frame was met ("poststratify", "rake" or "linear": linear calibration) and,
    # raked, in how many sweeps.
    method: WeightingMethod = "poststratify"
    sweeps: int = 0


@dataclass(frozen=True)
class Change:
    """The difference between two editions' estimates (independent samples)."""

    difference: float
    se: float
    ci_low: float
    ci_high: float
    significant: bool


_PLAIN_TYPES = frozenset({float, int, bool, type(None)})


def columns(rows: Sequence[Mapping[str, object]]) -> dict[str, FloatArray]:
    """Rows of {variable: number or None} as float columns (NaN = missing, as is any value
    that is not a number), in the order the variables first appear."""
    first = list(rows[0]) if rows else []
    table: list[tuple[object, ...]] | None = None
    if len(first) > 1 and all(len(row) == len(first) for row in rows):
        # Every row has the first row's variables (the usual case): one C-level lookup per row.
        get = operator.itemgetter(*first)
        try:
            table = [get(row) for row in rows]
        except KeyError:
            table = None
    if table is None:
        names: dict[str, None] = {}
        for row in rows:
            names.update(dict.fromkeys(row))
        first = list(names)
        table = [tuple(row.get(name) for name in first) for row in rows]
    if not first:
        return {}
    if set(map(type, itertools.chain.from_iterable(table))) <= _PLAIN_TYPES:
        matrix = np.array(table, dtype=np.float64).reshape(len(rows), len(first))
    else:
        matrix = np.array(
            [[float(v) if isinstance(v, int | float) else np.nan for v in row] for row in table],
            dtype=np.float64,
        ).reshape(len(rows), len(first))
    return {name: np.ascontiguousarray(matrix[:, j]) for j, name in enumerate(first)}


UNIT_SURVEY = "barometer-enhet"
LEADER_SURVEY = leder.INSTRUMENT_KEY


def indicators_for(instrument_key: str) -> tuple[Indicator, ...]:
    """The derived indicators of the survey answered with this instrument."""
    return leder.INDICATORS if instrument_key == LEADER_SURVEY else INDICATORS


def with_indicators(
    data: Mapping[str, FloatArray], instrument_key: str = UNIT_SURVEY
) -> dict[str, FloatArray]:
    """The data with every derived indicator of the survey added (docs/barometer-codebook.md).
    The chief-executive survey also gets its kind of organisation (`organtype`), from the
    background variable or else the answer to L8_ORGAN."""
    if instrument_key != LEADER_SURVEY:
        return {**data, **derive(data)}
    out = {**data, **leder.derive(data)}
    kind = leder.organ_type(data)
    if kind is not None:
        out[leder.ORGAN_TYPE] = kind
    return out


BASE_WEIGHT = "vekt"
"""The codebook variable an import may carry each unit's base (design) weight in."""


@dataclass(frozen=True)
class _Base:
    design: Design
    imported: bool
    clusters: int
    strata: int
    problem: str | None
    detail: str
    fpc: bool = False
    fpc_problem: str | None = None
    fpc_detail: str = ""


def _codes(data: Mapping[str, FloatArray], name: str, n: int) -> list[int] | None:
    """The variable's values as whole numbers, or None when it is absent or a unit lacks it."""
    column = data.get(name)
    if column is None or len(column) != n or bool(np.isnan(column).any()):
        return None
    return [int(v) for v in column]


def base_design(
    data: Mapping[str, FloatArray],
    n: int,
    choice: DesignChoice = DesignChoice(),
    units: PopulationUnits | None = None,
) -> _Base:
    """The design before weighting to the frame: each unit's imported `vekt` as its base
    weight when every unit has a positive one (the import checks they are positive),
    otherwise equal weights; the primary units (`choice.cluster`) nested in the strata
    (`choice.strata`) when every unit has both. A variable some unit lacks, or a stratum with a
    single primary unit, leaves that part out, with the reason, rather than the whole design.

    With `choice.fpc`, the finite population correction from `units` (the population count of
    primary units per stratum) when it can be applied, otherwise the design without it and the
    reason in `fpc_problem`. It is refused where a stratum's primary units were all sampled:
    the one-stage correction would then give that stratum no variance at all, although the
    units within the municipalities were themselves sampled (or answered or not)."""
    weights = data.get(BASE_WEIGHT)
    column: FloatArray | None = None
    if n and weights is not None and len(weights) == n:
        candidate = np.asarray(weights, dtype=np.float64)
        if bool(np.all(np.isfinite(candidate) & (candidate > 0))):
            column = candidate
    problem, detail = None, ""
    strata = _codes(data, choice.strata, n) if choice.strata and n else None
    if choice.strata and n and strata is None:
        problem, detail = "strata_missing", choice.strata
    clusters = _codes(data, choice.cluster, n) if choice.cluster and n else None
    if choice.cluster and n and clusters is None and problem is None:
        problem, detail = "cluster_missing", choice.cluster
    if n and (strata is not None or clusters is not None):
        try:
            design = make_design(n, weights=column, strata=strata, clusters=clusters)
        except SurveyStatsError:
            problem, detail = "lonely", choice.strata or choice.cluster
        else:
            fpc, fpc_problem, fpc_detail = False, None, ""
            if choice.fpc:
                fpc_problem, fpc_detail = _fpc_problem(choice, clusters, strata, units)
                if fpc_problem is None and units is not None and units.counts is not None:
                    counts = units.counts
                    keys = strata if strata is not None else [None] * n
                    try:
                        design = make_design(
                            n,
                            weights=column if column is not None else np.ones(n),
                            strata=strata,
                            clusters=clusters,
                            fpc=[float(counts[key]) for key in keys],
                        )
                    except SurveyStatsError:
                        fpc_problem = "fpc_small"
                    else:
                        fpc = True
            counted = design.n_clusters if clusters is not None else 0
            return _Base(
                design,
                column is not None,
                counted,
                design.n_strata if strata else 0,
                problem,
                detail,
                fpc,
                fpc_problem,
                fpc_detail,
            )
    fpc_problem = (problem or "fpc_cluster") if choice.fpc else None
    return _Base(
        make_design(n, weights=column),
        column is not None,
        0,
        0,
        problem,
        detail,
        False,
        fpc_problem,
        detail if choice.fpc else "",
    )


def _fpc_problem(
    choice: DesignChoice,
    clusters: list[int] | None,
    strata: list[int] | None,
    units: PopulationUnits | None,
) -> tuple[str | None, str]:
    """Why the finite population correction cannot be applied to this design, or None."""
    if clusters is None or choice.cluster != "kommunenr":
        return "fpc_cluster", ""
    if units is None or units.counts is None:
        return (units.problem if units else None) or "fpc_no_list", units.detail if units else ""
    keys: list[int | None] = list(strata) if strata is not None else [None] * len(clusters)
    sampled: dict[int | None, set[int]] = {}
    for key, cluster in zip(keys, clusters, strict=True):
        sampled.setdefault(key, set()).add(cluster)
    for key in sorted(sampled, key=lambda k: -1 if k is None else k):
        if key not in units.counts:
            return "fpc_strata", choice.strata
        if len(sampled[key]) >= units.counts[key]:
            return "fpc_census", "" if key is None else str(key)
    return None, ""


Cell_ = tuple[int, ...]


def collapsed_cells(
    population: Mapping[Cell_, float], sample: Mapping[Cell_, int], below: int
) -> list[list[Cell_]]:
    """The frame's cells merged so that each merged cell has at least `below` respondents.

    The rule, documented in docs/barometer.md ("Weighting"): take the cells in the order of
    their codes. First, within each combination of the other variables, walk along the last
    variable and merge runs of neighbouring cells until a run has `below` respondents; a short
    run left at the end joins the run before it. Where a whole combination still has too few,
    do the same one variable further up, merging whole combinations, and so on. At worst the
    frame becomes one cell (weighting to the population total), never no weighting at all.
    """
    groups: list[list[Cell_]] = [[cell] for cell in sorted(population)]
    if not groups:
        return []

    def count(group: Sequence[Cell_]) -> int:
        return sum(sample.get(cell, 0) for cell in group)

    for depth in range(len(groups[0][0]) - 1, -1, -1):
        if all(count(group) >= below for group in groups):
            break
        by_prefix: dict[Cell_, list[list[Cell_]]] = {}
        for group in groups:
            by_prefix.setdefault(group[0][:depth], []).append(group)
        merged: list[list[Cell_]] = []
        for members in by_prefix.values():
            runs: list[list[Cell_]] = []
            run: list[Cell_] = []
            for group in members:
                run = run + group
                if count(run) >= below:
                    runs.append(run)
                    run = []
            if run:
                if runs:
                    runs[-1] = runs[-1] + run
                else:
                    runs.append(run)
            merged.extend(runs)
        groups = merged
    return groups


def weighting(
    data: Mapping[str, FloatArray],
    n: int,
    frame: Sequence[tuple[Mapping[str, int], int]],
    choice: DesignChoice = DesignChoice(),
    units: PopulationUnits | None = None,
) -> Weighting:
    """The base design (`base_design`), then weighted to the frame when there is one every
    unit fits: post-stratified to its cells, collapsed where a cell has too few respondents
    (`collapsed_cells`), or with `choice.method` "rake" raked to its margins, with "linear"
    calibrated linearly (GREG) to them (`_to_margins`).
    Otherwise the base design alone, with the reason in `problem`. The edition is weighted
    when either step changed the equal weights."""
    base = base_design(data, n, choice, units)

    def made(design: Design, weighted: bool, variables: tuple[str, ...], **extra: Any) -> Weighting:
        return Weighting(
            design,
            weighted,
            variables,
            base_weights=base.imported,
            choice=choice,
            clusters=base.clusters,
            strata=base.strata,
            design_problem=base.problem,
            design_detail=base.detail,
            fpc=base.fpc,
            fpc_problem=base.fpc_problem,
            fpc_detail=base.fpc_detail,
            method=choice.method,
            **extra,
        )

    def unusable(problem: str | None, tried: tuple[str, ...] = (), detail: str = "") -> Weighting:
        # `variables` names what was post-stratified to once weighted; unweighted, the frame's.
        return made(
            base.design,
            base.imported,
            () if base.imported else tried,
            problem=problem,
            detail=detail,
        )

    if not frame or n == 0:
        return unusable(None)
    if choice.method in ("rake", "linear"):
        return _to_margins(data, n, frame, base.design, choice.method, made, unusable)
    variables = tuple(frame[0][0])
    if any(tuple(values) != variables for values, _count in frame):
        return unusable("mixed_cells")
    missing = [name for name in variables if name not in data]
    if missing:
        return unusable("missing_column", variables, missing[0])
    units_: list[Cell_ | None] = []
    columns_ = [data[name] for name in variables]
    for i in range(n):
        values = [column[i] for column in columns_]
        units_.append(None if any(math.isnan(v) for v in values) else tuple(int(v) for v in values))
    population: dict[Cell_, float] = {
        tuple(int(values[v]) for v in variables): float(count) for values, count in frame
    }
    sample: dict[Cell_, int] = {}
    for unit in units_:
        if unit is not None:
            sample[unit] = sample.get(unit, 0) + 1
    lacking = next((i for i, unit in enumerate(units_) if unit is None), None)
    if lacking is not None:
        name = next(v for v in variables if math.isnan(data[v][lacking]))
        return unusable("cells", variables, f"unit {lacking + 1} has no value of {name}")
    outside = [cell for cell in sample if cell not in population]
    if outside:
        first = ", ".join(f"{v}={c}" for v, c in zip(variables, min(outside), strict=True))
        count = sum(sample[cell] for cell in outside)
        return unusable(
            "cells",
            variables,
            f"{count} respondents are in cells the frame does not count ({first})",
        )
    groups = collapsed_cells(population, sample, max(choice.collapse_below, 1))
    merged_into = {cell: number for number, group in enumerate(groups) for cell in group}
    targets: dict[Cell_, float] = {
        (number,): float(sum(population[c] for c in group)) for number, group in enumerate(groups)
    }
    try:
        design = poststratify(
            base.design, {"cell": [merged_into[u] for u in units_ if u is not None]}, targets
        )
    except SurveyStatsError as error:
        return unusable("cells", variables, str(error))
    return made(
        design, True, variables, cells=len(population), merged=len(population) - len(groups)
    )


def frame_margins(
    frame: Sequence[tuple[Mapping[str, int], int]],
) -> dict[str, dict[int, float]] | None:
    """The population count of each category of each of the frame's variables: summed over the
    cells when every cell names the same variables (a cross table), taken as they are when
    every cell names a single variable (a frame of margins); None for any other mixture."""
    variables = tuple(frame[0][0]) if frame else ()
    margins: dict[str, dict[int, float]] = {}
    if all(tuple(values) == variables for values, _count in frame):
        for values, count in frame:
            for name in variables:
                code = int(values[name])
                margins.setdefault(name, {})[code] = margins.get(name, {}).get(code, 0.0) + count
        return margins
    if all(len(values) == 1 for values, _count in frame):
        for values, count in frame:
            [(name, code)] = values.items()
            margins.setdefault(name, {})[int(code)] = (
                margins.get(name, {}).get(int(code), 0.0) + count
            )
        return margins
    return None


def _to_margins(
    data: Mapping[str, FloatArray],
    n: int,
    frame: Sequence[tuple[Mapping[str, int], int]],
    design: Design,
    method: WeightingMethod,
    made: Callable[..., Weighting],
    unusable: Callable[..., Weighting],
) -> Weighting:
    """Weight the base design to the frame's margins (`frame_margins`): with `method` "rake",
    R's `rake` with at most `RAKE_MAX_SWEEPS` sweeps and `RAKE_EPSILON`; with "linear", R's
    `calibrate(..., calfun = "linear")` (`calibrate_linear`: one step, no bounds, so weights
    may be negative). Margin categories with no population (count 0) are dropped; a unit
    without a value, or with one the margins do not count, raking that does not converge and
    margins that cannot be met leave the edition unweighted."""
    margins = frame_margins(frame)
    if margins is None:
        return unusable("mixed_cells")
    variables = tuple(margins)
    missing = [name for name in variables if name not in data]
    if missing:
        return unusable("missing_column", variables, missing[0])
    codes: dict[str, list[int | None]] = {}
    for name in variables:
        column = data[name]
        lacking = np.flatnonzero(np.isnan(column))
        if lacking.size:
            return unusable("cells", variables, f"unit {lacking[0] + 1} has no value of {name}")
        codes[name] = [int(v) for v in column]
    targets = {
        name: {code: count for code, count in margins[name].items() if count > 0}
        for name in variables
    }
    try:
        if method == "linear":
            adjusted = calibrate_linear(design, codes, targets)
        else:
            adjusted = rake(
                design,
                codes,
                targets,
                max_sweeps=RAKE_MAX_SWEEPS,
                epsilon=RAKE_EPSILON,
            )
    except ConvergenceError as error:
        return unusable("no_convergence", variables, str(error))
    except SurveyStatsError as error:
        return unusable("cells", variables, str(error))
    step = adjusted.calibration[-1]
    sweeps = step.sweeps if isinstance(step, Raking) else 0
    cells = sum(len(margin) for margin in targets.values())
    return made(adjusted, True, variables, cells=cells, sweeps=sweeps)


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
    interval: IntervalMethod = "logit",
) -> dict[str, list[Cell]]:
    """{indicator: [overall cell, then one cell per group]} for each name in `names`, with
    intervals by `interval` (R's `svyciprop` method "logit" by default: inside 0–100 %)."""
    n = design.n
    groups = None
    if by is not None:
        column = data.get(by, np.full(n, np.nan))
        groups = [None if math.isnan(v) else int(v) for v in column]
    variables = {name: data.get(name, np.full(n, np.nan)) for name in names}
    results = means(design, variables, groups=groups, interval=interval) if n else {}
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


def groups_differ(
    data: Mapping[str, FloatArray], design: Design, name: str, by: str, shown: set[Hashable]
) -> AssociationTest | None:
    """The Rao–Scott test (R's `svychisq`) of whether indicator `name` differs between the
    shown groups of `by`; units of hidden groups take no part (so a hidden group cannot be
    read from the test), and None where fewer than two groups or values remain."""
    n = design.n
    if name not in data or by not in data:
        return None
    groups = [None if math.isnan(v) or int(v) not in shown else int(v) for v in data[by]]
    values = [None if math.isnan(v) else int(v) for v in data[name]]
    if len({g for g in groups if g is not None}) < 2 or len(set(values) - {None}) < 2:
        return None
    try:
        return association_test(design, values, groups) if n else None
    except SurveyStatsError:
        return None


def comparable_groups(data: Mapping[str, FloatArray], by: str, min_group_size: int) -> list[int]:
    """The groups of `by` that may be chosen for a contrast: those shown by samson.groupscores'
    rule on the whole data (units without a value count as one group never shown), in the
    order of their codes. Per indicator a group may still be hidden (`contrasts`)."""
    column = data.get(by)
    if column is None:
        return []
    values, sizes = np.unique(column[~np.isnan(column)].astype(np.int64), return_counts=True)
    codes = {str(int(v)): int(v) for v in values}
    # In the order `_hidden` uses (the groups by code, then the units without a value), so
    # a tie is broken the same way.
    counts = {str(int(v)): int(n) for v, n in zip(values, sizes, strict=True)}
    counts[_NO_GROUP] = int(np.isnan(column).sum())
    decision = shown_groups(counts, min_group_size)
    return sorted(code for key, code in codes.items() if key in decision.shown)


def contrasts(
    data: Mapping[str, FloatArray],
    design: Design,
    cells: Mapping[str, Sequence[Cell]],
    by: str,
    first: int,
    second: int,
) -> dict[str, Contrast | None]:
    """{indicator: mean(first) − mean(second)} with its design-based standard error (R's
    `svycontrast` on `svyby`), for each indicator of `cells` (as `estimate` gives them) in
    which both groups are shown; None where either is hidden or has no value."""
    out: dict[str, Contrast | None] = {}
    column = data.get(by)
    if column is None or first == second:
        return dict.fromkeys(cells)
    groups = [None if math.isnan(v) else int(v) for v in column]
    for name, rows in cells.items():
        shown = {c.group for c in rows if not c.suppressed and c.group is not None}
        values = data.get(name)
        if values is None or first not in shown or second not in shown:
            out[name] = None
            continue
        try:
            out[name] = contrast(design, values, groups=groups, first=first, second=second)
        except SurveyStatsError:
            out[name] = None
    return out


def change_cells(first: Sequence[Cell], second: Sequence[Cell]) -> list[tuple[Cell, Cell]]:
    """The overall cells and the groups shown in both editions, paired in the order of the
    groups' codes: a group hidden in either edition is left out of the comparison (so its
    numbers cannot be read from the change either)."""
    older = {c.group: c for c in first}
    newer = {c.group: c for c in second}
    keys = [key for key in newer if key in older]
    keys.sort(key=lambda k: (k is not None, k if isinstance(k, int) else 0))
    return [
        (older[key], newer[key])
        for key in keys
        if key is None or not (older[key].suppressed or newer[key].suppressed)
    ]
