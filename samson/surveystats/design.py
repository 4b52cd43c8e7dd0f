"""The sampling design: primary units (one respondent each, or clusters of respondents),
optional strata, a finite population correction, weights.

Weights are given, or made from given (or equal) base weights by post-stratification, raking
or linear (GREG) calibration. Each calibration step is kept on the design because the standard
errors depend on it: the linearisation uses residuals within post-strata, or from the weighted
regression on the calibration variables (see `estimation._calibration_residuals`).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from .errors import ConvergenceError, DesignError, WeightingError

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True, eq=False)
class PostStratification:
    """One post-stratification step: each unit's cell and its weights before and after."""

    cells: IntArray
    n_cells: int
    weights: FloatArray
    old_weights: FloatArray


@dataclass(frozen=True, eq=False)
class Raking:
    """Raking: the post-stratification steps of the last sweep, one per margin."""

    margins: tuple[PostStratification, ...]
    sweeps: int


@dataclass(frozen=True, eq=False)
class LinearCalibration:
    """Linear (GREG) calibration: the calibration variables' model matrix, the weights before
    and after, and the pseudo-inverse of X' W0 X (W0 the weights before), which the residuals
    of the weighted regression on X need."""

    model: FloatArray
    weights: FloatArray
    old_weights: FloatArray
    gram_inverse: FloatArray


@dataclass(frozen=True, eq=False)
class Design:
    """A design as R's `svydesign(ids = ~cluster, strata = ~s, fpc = ~N, nest = TRUE, ...)`.

    Without clusters every respondent is its own primary unit (R: `ids = ~1`). `clusters`
    numbers the primary units 0..n_clusters-1, nested in the strata (a cluster never spans two
    strata). `fpc` holds, per stratum, the population count of primary units; without it the
    primary units are taken as drawn with replacement.
    """

    weights: FloatArray
    strata: IntArray
    n_strata: int
    calibration: tuple[PostStratification | Raking | LinearCalibration, ...] = ()
    clusters: IntArray | None = None
    n_clusters: int = 0
    fpc: FloatArray | None = None

    @property
    def n(self) -> int:
        return int(self.weights.shape[0])

    @property
    def psu(self) -> IntArray:
        """The primary unit of each respondent, 0..n_psu-1."""
        if self.clusters is None:
            return np.arange(self.n, dtype=np.intp)
        return self.clusters

    @property
    def n_psu(self) -> int:
        return self.n if self.clusters is None else self.n_clusters

    @property
    def psu_strata(self) -> IntArray:
        """The stratum of each primary unit."""
        if self.clusters is None:
            return self.strata
        result = np.zeros(self.n_clusters, dtype=np.intp)
        result[self.clusters] = self.strata
        return result

    @property
    def psu_counts(self) -> FloatArray:
        """The number of sampled primary units in each stratum."""
        return np.bincount(self.psu_strata, minlength=self.n_strata).astype(np.float64)

    @property
    def stratum_scale(self) -> FloatArray:
        """(1 - n_h / N_h) · n_h / (n_h - 1) per stratum: what multiplies the sum of squares of
        the primary units' totals about their stratum mean (R's `onestrat`). 0 for a stratum
        sampled completely."""
        counts = self.psu_counts
        f = np.ones(self.n_strata) if self.fpc is None else (self.fpc - counts) / self.fpc
        with np.errstate(divide="ignore", invalid="ignore"):
            scale = f * counts / (counts - 1.0)
        return np.where(f < 1e-7, 0.0, scale)

    @property
    def df(self) -> int:
        """Design degrees of freedom (R's `degf`): primary units minus strata."""
        return self.n_psu - self.n_strata


def _encode_numeric(values: npt.NDArray[np.generic]) -> tuple[IntArray, list[Hashable]]:
    """`encode` for a numeric numpy array without NaN, vectorised; levels in ascending order."""
    as_int = values.astype(np.int64)
    if values.dtype.kind in "iu" or np.array_equal(as_int, values):
        low = int(as_int.min())
        shifted = as_int - low
        span = int(shifted.max()) + 1
        if span <= 4 * values.shape[0] + 1024:  # small integer codes: a bincount, no sort
            present = np.flatnonzero(np.bincount(shifted, minlength=span))
            mapping = np.full(span, -1, dtype=np.intp)
            mapping[present] = np.arange(present.shape[0])
            kind = values.dtype.type
            return mapping[shifted], [kind(level + low).item() for level in present]
    levels, inverse = np.unique(values, return_inverse=True)
    return inverse.reshape(-1).astype(np.intp), [level.item() for level in levels]


def encode(
    values: Sequence[Hashable | None] | npt.NDArray[np.generic],
) -> tuple[IntArray, list[Hashable]]:
    """Codes 0..k-1 for the distinct non-missing values (in first-seen order), -1 for None.

    A numeric numpy array without NaN takes a vectorised path whose levels come in ascending
    order instead; no caller depends on the order of the levels.
    """
    if (
        isinstance(values, np.ndarray)
        and values.ndim == 1
        and values.dtype.kind in "iuf"
        and not (values.dtype.kind == "f" and np.isnan(values).any())
    ):
        # The common case of numeric categories (codes read from a data file): no Python loop.
        return _encode_numeric(values)
    index: dict[Hashable, int] = {}
    codes = np.empty(len(values), dtype=np.intp)
    for i, value in enumerate(values):
        if value is None:
            codes[i] = -1
        else:
            codes[i] = index.setdefault(value, len(index))
    return codes, list(index)


def make_design(
    n: int,
    *,
    weights: npt.ArrayLike | None = None,
    strata: Sequence[Hashable] | None = None,
    clusters: Sequence[Hashable] | npt.NDArray[np.generic] | None = None,
    fpc: npt.ArrayLike | None = None,
) -> Design:
    """A design for n respondents.

    `clusters` gives each respondent's primary unit (R's `ids = ~cluster`), nested in the
    strata as R's `nest = TRUE`: the same value in two strata is two units. `fpc` gives, for
    each respondent, the population count of primary units in its stratum (R's `fpc = ~N`);
    it must be the same within a stratum and at least the number of sampled primary units.

    Weights must be finite and positive. Without weights every respondent weighs 1, or, with
    an fpc, N_h / n_h (the population count of primary units over the sampled count in the
    stratum), as R derives them. Every stratum needs at least two primary units, as R's
    default `options(survey.lonely.psu = "fail")` demands, unless it is sampled completely.
    """
    if weights is not None:
        w = np.asarray(weights, dtype=np.float64)
        if w.shape != (n,):
            raise DesignError(f"expected {n} weights, got {w.shape[0]}")
        bad = np.flatnonzero(~np.isfinite(w) | (w <= 0))
        if bad.size:
            raise DesignError(
                f"weights must be positive numbers; unit {bad[0] + 1} has weight {w[bad[0]]}"
            )
    levels: list[Hashable]
    if strata is None:
        codes, levels = np.zeros(n, dtype=np.intp), [None]
    else:
        if len(strata) != n:
            raise DesignError(f"expected {n} stratum values, got {len(strata)}")
        codes, levels = encode(strata)
        if (codes < 0).any():
            raise DesignError(f"unit {int(np.argmax(codes < 0)) + 1} has no stratum")
    design = Design(weights=np.ones(n), strata=codes, n_strata=len(levels))
    if clusters is not None:
        if len(clusters) != n:
            raise DesignError(f"expected {n} cluster values, got {len(clusters)}")
        if isinstance(clusters, np.ndarray) and clusters.dtype.kind == "f":
            gaps = np.flatnonzero(np.isnan(clusters))
            if gaps.size:
                raise DesignError(f"unit {gaps[0] + 1} has no cluster")
        own, _ = encode(clusters)
        if (own < 0).any():
            raise DesignError(f"unit {int(np.argmax(own < 0)) + 1} has no cluster")
        # Nested in the strata: a cluster is a (stratum, cluster value) pair.
        psu, psu_levels = _encode_numeric(codes.astype(np.int64) * (int(own.max()) + 1) + own)
        design = replace(design, clusters=psu, n_clusters=len(psu_levels))
    counts = design.psu_counts
    population = None
    if fpc is not None:
        population = _stratum_fpc(np.asarray(fpc, dtype=np.float64), design, levels, counts)
        design = replace(design, fpc=population)
    if weights is None:
        w = np.ones(n) if population is None else (population / counts)[codes]
    lonely = np.flatnonzero((counts < 2) & (design.stratum_scale > 0))
    if lonely.size and (strata is not None or clusters is not None):
        where = "the design" if strata is None else f"stratum {levels[lonely[0]]}"
        unit = "unit" if clusters is None else "primary unit (cluster)"
        raise DesignError(f"{where} has only one {unit}; a variance needs two or more")
    return replace(design, weights=w)


def _stratum_fpc(
    values: FloatArray, design: Design, levels: Sequence[Hashable], counts: FloatArray
) -> FloatArray:
    """The population count of primary units per stratum, checked."""
    if values.shape != (design.n,):
        raise DesignError(f"expected {design.n} fpc values, got {values.shape[0]}")
    bad = np.flatnonzero(~np.isfinite(values))
    if bad.size:
        raise DesignError(f"unit {bad[0] + 1} has no population count (fpc)")
    _, first = np.unique(design.strata, return_index=True)
    population = values[first]  # the first unit's count in each stratum
    differs = np.flatnonzero(values != population[design.strata])
    if differs.size:
        unit = int(differs[0])
        h = int(design.strata[unit])
        raise DesignError(
            f"the population count (fpc) differs within stratum {levels[h]}: "
            f"{population[h]:g} and {values[unit]:g}"
        )
    small = np.flatnonzero(population < counts)
    if small.size:
        h = int(small[0])
        where = "" if design.n_strata == 1 and levels[0] is None else f" in stratum {levels[h]}"
        raise DesignError(
            f"the population count (fpc) {population[h]:g}{where} is smaller than the "
            f"{int(counts[h])} primary units sampled there (give counts, not sampling fractions)"
        )
    return population


def _cell_codes(
    variables: Mapping[str, Sequence[K | None]], n: int
) -> tuple[IntArray, list[tuple[K, ...]]]:
    names = list(variables)
    if not names:
        raise WeightingError("no weighting variables given")
    if all(_is_numeric_array(variables[name]) for name in names):
        return _numeric_cell_codes(variables, n)
    for name, column in variables.items():
        if len(column) != n:
            raise WeightingError(f"variable {name}: expected {n} values, got {len(column)}")
        missing = [i for i, v in enumerate(column) if v is None]
        if missing:
            raise WeightingError(f"variable {name}: unit {missing[0] + 1} has no value")
    keys = list(zip(*(variables[name] for name in names), strict=True))
    codes, levels = encode(keys)
    return codes, [tuple(level) for level in levels]  # type: ignore[arg-type]


def _is_numeric_array(values: object) -> bool:
    return isinstance(values, np.ndarray) and values.ndim == 1 and values.dtype.kind in "iuf"


def _numeric_cell_codes(
    variables: Mapping[str, Sequence[K | None]], n: int
) -> tuple[IntArray, list[tuple[K, ...]]]:
    """`_cell_codes` for numeric numpy columns (NaN = missing), vectorised: the cell of a unit
    is its codes in each variable read as one mixed-radix number."""
    combined = np.zeros(n, dtype=np.int64)
    parts: list[list[Hashable]] = []
    for name, column in variables.items():
        values = np.asarray(column)
        if values.shape[0] != n:
            raise WeightingError(f"variable {name}: expected {n} values, got {values.shape[0]}")
        if values.dtype.kind == "f" and np.isnan(values).any():
            unit = int(np.argmax(np.isnan(values))) + 1
            raise WeightingError(f"variable {name}: unit {unit} has no value")
        codes, levels = encode(values)
        combined = combined * len(levels) + codes
        parts.append(levels)
    cell_codes, cells = _encode_numeric(combined)
    decoded: list[tuple[K, ...]] = []
    for cell in cells:
        rest, key = int(cell), []  # type: ignore[call-overload]
        for levels in reversed(parts):
            rest, code = divmod(rest, len(levels))
            key.append(levels[code])
        decoded.append(tuple(reversed(key)))
    return cell_codes, decoded


def _describe(names: Sequence[str], cell: tuple[Hashable, ...]) -> str:
    return ", ".join(f"{name}={value}" for name, value in zip(names, cell, strict=True))


def _targets(
    names: Sequence[str],
    levels: Sequence[tuple[K, ...]],
    counts: FloatArray,
    population: Mapping[tuple[K, ...], float],
) -> FloatArray:
    """Population count per sample cell, checked like R's postStratify (partial = FALSE)."""
    present = set(levels)
    for cell, count in population.items():
        if cell not in present and count > 0:
            raise WeightingError(f"population cell {_describe(names, cell)} has no respondents")
    targets = np.empty(len(levels), dtype=np.float64)
    for k, cell in enumerate(levels):
        if cell not in population:
            raise WeightingError(
                f"cell {_describe(names, cell)} has {int(counts[k])} respondents "
                "but no population count"
            )
        count = population[cell]
        if not np.isfinite(count) or count <= 0:
            raise WeightingError(
                f"cell {_describe(names, cell)} has {int(counts[k])} respondents "
                f"but population count {count}"
            )
        targets[k] = count
    return targets


def _poststratify_step(w: FloatArray, cells: IntArray, targets: FloatArray) -> PostStratification:
    totals = np.bincount(cells, weights=w, minlength=targets.shape[0])
    new = w * (targets / totals)[cells]
    return PostStratification(cells=cells, n_cells=targets.shape[0], weights=new, old_weights=w)


def poststratify(
    design: Design,
    variables: Mapping[str, Sequence[K | None]],
    population: Mapping[tuple[K, ...], float],
) -> Design:
    """Post-stratify to population counts of the cells crossed from `variables`.

    `population` maps a tuple of values, in the order of `variables`, to its count. Each
    unit's weight is multiplied by N_c / (sum of weights in its cell c), as R's `postStratify`.
    A population cell with a positive count and no respondents, or respondents in a cell
    without a positive population count, is an error.
    """
    names = list(variables)
    cells, levels = _cell_codes(variables, design.n)
    counts = np.bincount(cells, minlength=len(levels)).astype(np.float64)
    targets = _targets(names, levels, counts, population)
    step = _poststratify_step(design.weights, cells, targets)
    return replace(design, weights=step.weights, calibration=(*design.calibration, step))


def _check_margins(
    names: Sequence[str],
    cells: Sequence[IntArray],
    targets: Sequence[FloatArray],
    weights: FloatArray,
    tolerance: float,
) -> None:
    """R's stopping rule only sees the weights stop changing; an infeasible problem can cycle
    through the same weights every sweep. Demand that every margin is met (within 1%)."""
    for name, codes, target in zip(names, cells, targets, strict=True):
        totals = np.bincount(codes, weights=weights, minlength=target.shape[0])
        off = np.abs(totals - target) > tolerance + 0.01 * target
        if off.any():
            raise ConvergenceError(
                f"raking cannot meet the margin of {name}: a category has weighted count "
                f"{totals[np.argmax(off)]:g} where the population count is "
                f"{target[np.argmax(off)]:g} (the margins are inconsistent with the "
                "respondents' cells)"
            )


def _margin_cells(
    design: Design,
    variables: Mapping[str, Sequence[K | None]],
    margins: Mapping[str, Mapping[K, float]],
    method: str,
) -> tuple[list[IntArray], list[FloatArray]]:
    """Each unit's category in each margin's variable and the population count of each
    category, checked: the same variables in both, margins with one total, every category of
    the sample counted in the population (and no counted category without respondents)."""
    names = list(variables)
    if not names:
        raise WeightingError("no weighting variables given")
    if set(names) != set(margins):
        raise WeightingError(
            f"{method} variables ({', '.join(names)}) and population margins "
            f"({', '.join(margins)}) differ"
        )
    totals = {name: float(sum(margins[name].values())) for name in names}
    first = names[0]
    for name in names[1:]:
        if not np.isclose(totals[name], totals[first], rtol=1e-9, atol=0.0):
            raise WeightingError(
                f"population margins do not sum to the same total: {first} sums to "
                f"{totals[first]:g}, {name} to {totals[name]:g}"
            )
    all_cells: list[IntArray] = []
    all_targets: list[FloatArray] = []
    for name in names:
        cells, levels = _cell_codes({name: variables[name]}, design.n)
        counts = np.bincount(cells, minlength=len(levels)).astype(np.float64)
        population: dict[tuple[K, ...], float] = {
            (value,): count for value, count in margins[name].items()
        }
        all_cells.append(cells)
        all_targets.append(_targets([name], levels, counts, population))
    return all_cells, all_targets


def rake(
    design: Design,
    variables: Mapping[str, Sequence[K | None]],
    margins: Mapping[str, Mapping[K, float]],
    *,
    max_sweeps: int = 100,
    epsilon: float = 1e-10,
) -> Design:
    """Rake (iterative proportional fitting) to population margins, as R's `rake`.

    A sweep post-stratifies on each margin in turn. After each sweep the weighted table of all
    the raking variables crossed is compared with the table before it; raking has converged
    when no cell changed by `epsilon` or more (`epsilon` < 1 is read as a fraction of the sum
    of the base weights, as in R). Raises ConvergenceError after `max_sweeps` sweeps without
    convergence. R's defaults are max_sweeps = 10, epsilon = 1.
    """
    names = list(variables)
    steps_cells, steps_targets = _margin_cells(design, variables, margins, "raking")
    joint, joint_levels = encode(
        list(zip(*(steps_cells[k].tolist() for k in range(len(names))), strict=True))
    )
    n_joint = len(joint_levels)
    tolerance = epsilon * float(design.weights.sum()) if epsilon < 1 else epsilon
    w = design.weights
    old_table = np.bincount(joint, weights=w, minlength=n_joint)
    for sweep in range(1, max_sweeps + 1):
        steps = []
        for cells, targets in zip(steps_cells, steps_targets, strict=True):
            step = _poststratify_step(w, cells, targets)
            steps.append(step)
            w = step.weights
        new_table = np.bincount(joint, weights=w, minlength=n_joint)
        if float(np.max(np.abs(new_table - old_table))) < tolerance:
            _check_margins(names, steps_cells, steps_targets, w, tolerance)
            return replace(
                design,
                weights=w,
                calibration=(*design.calibration, Raking(margins=tuple(steps), sweeps=sweep)),
            )
        old_table = new_table
    raise ConvergenceError(
        f"raking on {', '.join(names)} did not converge in {max_sweeps} sweeps "
        "(the margins may be inconsistent with the respondents' cells)"
    )


def calibrate_linear(
    design: Design,
    variables: Mapping[str, Sequence[K | None]],
    margins: Mapping[str, Mapping[K, float]],
) -> Design:
    """Linear (GREG) calibration to population margins, as R's `calibrate(design, ~a + b,
    population = totals, calfun = "linear")` with its default bounds (none).

    The margins are those `rake` takes. The new weights are w0 g with g = 1 + x' λ, x a unit's
    row of the model matrix of `~a + b` (an intercept and an indicator for every category but
    one of each variable) and λ solving Σ w0 x x' λ = T - Σ w0 x, T the population totals: the
    weights closest to w0 in chi-square distance that meet every margin exactly, in one step.
    Nothing keeps g positive, so weights may be zero or negative, as in R; they are not
    trimmed or bounded. Where the variables' categories are collinear in the sample (where R's
    `solve` stops), the minimum-norm λ is taken; the margins are then checked, and margins that
    cannot all be met are an error. The margins must share one total, and every category of the
    sample needs a positive population count (the same checks as `rake`).
    """
    names = list(variables)
    cells, targets = _margin_cells(design, variables, margins, "calibration")
    w0 = design.weights
    columns = [np.ones(design.n)]
    population = [float(targets[0].sum())]
    for codes, target in zip(cells, targets, strict=True):
        for level in range(1, target.shape[0]):
            columns.append((codes == level).astype(np.float64))
            population.append(float(target[level]))
    x = np.column_stack(columns)
    gram = (x * w0[:, None]).T @ x
    gram_inverse = np.asarray(np.linalg.pinv(gram, hermitian=True), dtype=np.float64)
    lam = gram_inverse @ (np.array(population) - w0 @ x)
    w = w0 * (1.0 + x @ lam)
    for name, codes, target in zip(names, cells, targets, strict=True):
        totals = np.bincount(codes, weights=w, minlength=target.shape[0])
        off = np.abs(totals - target) > 1e-7 * (1.0 + np.abs(target))
        if off.any():
            raise WeightingError(
                f"linear calibration cannot meet the margin of {name}: a category has "
                f"weighted count {totals[np.argmax(off)]:g} where the population count is "
                f"{target[np.argmax(off)]:g} (the margins are inconsistent with the "
                "respondents' categories)"
            )
    step = LinearCalibration(model=x, weights=w, old_weights=w0, gram_inverse=gram_inverse)
    return replace(design, weights=w, calibration=(*design.calibration, step))
