"""Design-based means and proportions with Taylor-linearisation standard errors.

The arithmetic follows R's `survey` package (`svymean`, `svyby`, `svyrecvar`) step by step so
that results agree with it; `docs/statistics.md` states the formulas.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from statistics import NormalDist
from typing import Literal

import numpy as np
import numpy.typing as npt

from .design import Design, FloatArray, IntArray, PostStratification, Raking, encode
from .errors import DataError

Z_975 = NormalDist().inv_cdf(0.975)
"""The 97.5% standard normal quantile: 95% intervals are estimate ± Z_975 · SE."""

DeffMethod = Literal["srswor", "srswr"]
BoolArray = npt.NDArray[np.bool_]

# R's svyrecvar backfits raking margins a fixed ten times when linearising.
_RAKING_BACKFIT_ITERATIONS = 10


@dataclass(frozen=True)
class Estimate:
    """A mean (a share, for a 0/1 variable) with its precision.

    `n` counts respondents with a value; `weighted_n` sums their weights. `deff` and
    `effective_n` are NaN where undefined (see `docs/statistics.md`).
    """

    estimate: float
    se: float
    ci_low: float
    ci_high: float
    n: int
    weighted_n: float
    deff: float
    effective_n: float


def _group_sums(codes: IntArray, n_groups: int, x: FloatArray) -> FloatArray:
    sums = np.zeros((n_groups, x.shape[1]), dtype=np.float64)
    np.add.at(sums, codes, x)
    return sums


def _calibration_residuals(design: Design, z: FloatArray) -> FloatArray:
    """Replace influence values by residuals within post-strata (R's svyrecvar)."""
    for step in design.calibration:
        if isinstance(step, PostStratification):
            # Residuals from the post-stratum means, weighted by the weights before this step.
            ratio = (step.old_weights / step.weights)[:, None]
            sums = _group_sums(step.cells, step.n_cells, z * ratio)
            totals = np.bincount(step.cells, weights=step.old_weights, minlength=step.n_cells)
            z = z - (sums / totals[:, None])[step.cells] * step.weights[:, None]
        elif isinstance(step, Raking):
            for _ in range(_RAKING_BACKFIT_ITERATIONS):
                for margin in step.margins:
                    counts = np.bincount(margin.cells, minlength=margin.n_cells)
                    means = _group_sums(margin.cells, margin.n_cells, z / margin.weights[:, None])
                    means /= counts[:, None]
                    z = z - margin.weights[:, None] * means[margin.cells]
    return z


def _stratified_variance(design: Design, z: FloatArray) -> FloatArray:
    """Sum over strata of n_h/(n_h-1) · Σ (z_hi - mean_h z)², one value per column of z."""
    sizes = np.bincount(design.strata, minlength=design.n_strata).astype(np.float64)
    means = _group_sums(design.strata, design.n_strata, z) / sizes[:, None]
    deviations = z - means[design.strata]
    squares = _group_sums(design.strata, design.n_strata, deviations**2)
    result: FloatArray = ((sizes / (sizes - 1.0))[:, None] * squares).sum(axis=0)
    return result


def _means(design: Design, y: FloatArray, members: BoolArray, deff: DeffMethod) -> list[Estimate]:
    """Estimates of the mean of y in each domain (a column of `members`), vectorised."""
    members = members & ~np.isnan(y)[:, None]
    y0 = np.where(np.isnan(y), 0.0, y)[:, None]
    wm = design.weights[:, None] * members
    n = members.sum(axis=0)
    total = wm.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (wm * y0).sum(axis=0) / total
        z = wm * (y0 - mean) / total
        z = np.where(members, z, 0.0)
        variance = _stratified_variance(design, _calibration_residuals(design, z))
        unit_variance = n / (n - 1.0) * (wm * (y0 - mean) ** 2).sum(axis=0) / total
        if deff == "srswor":
            srs = unit_variance * (total - n) / (total * n)
            srs = np.where(total - n > 1e-9 * total, srs, np.nan)
        else:
            srs = unit_variance / n
        design_effect = variance / srs
    se = np.sqrt(variance)
    results = []
    for k in range(members.shape[1]):
        d = float(design_effect[k])
        d = d if math.isfinite(d) else math.nan
        results.append(
            Estimate(
                estimate=float(mean[k]),
                se=float(se[k]),
                ci_low=float(mean[k] - Z_975 * se[k]),
                ci_high=float(mean[k] + Z_975 * se[k]),
                n=int(n[k]),
                weighted_n=float(total[k]),
                deff=d,
                effective_n=n[k] / d if d > 0 else math.nan,
            )
        )
    return results


def _as_values(design: Design, values: npt.ArrayLike) -> FloatArray:
    y = np.asarray(values, dtype=np.float64)
    if y.shape != (design.n,):
        raise DataError(f"expected {design.n} values, got {y.shape}")
    if np.isinf(y).any():
        raise DataError(f"unit {int(np.argmax(np.isinf(y))) + 1} has an infinite value")
    return y


def sort_key(value: Hashable) -> tuple[int, float, str]:
    """Order numbers numerically and before text, text alphabetically."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (0, float(value), "")
    return (1, 0.0, str(value))


def _domains(
    design: Design, groups: Sequence[Hashable | None] | None
) -> tuple[list[Hashable | None], BoolArray]:
    """The whole sample (key None), then each group in sorted order, as a member matrix."""
    keys: list[Hashable | None] = [None]
    columns = [np.ones(design.n, dtype=np.bool_)]
    if groups is not None:
        if len(groups) != design.n:
            raise DataError(f"expected {design.n} group values, got {len(groups)}")
        codes, levels = encode(groups)
        for code, level in sorted(enumerate(levels), key=lambda item: sort_key(item[1])):
            keys.append(level)
            columns.append(codes == code)
    return keys, np.column_stack(columns)


def mean(
    design: Design,
    values: npt.ArrayLike,
    *,
    groups: Sequence[Hashable | None] | None = None,
    deff: DeffMethod = "srswor",
) -> dict[Hashable | None, Estimate]:
    """Weighted mean of `values` (NaN = missing) overall (key None) and by group.

    Missing values are handled as domain estimation, like R's `svymean(..., na.rm = TRUE)`
    and `svyby(..., svymean, na.rm = TRUE)`: a unit without a value keeps its place in the
    design with an influence of zero. Units whose group is None belong to no group but count
    towards the whole sample. `deff` is "srswor" (R's `deff = TRUE`) or "srswr"
    (R's `deff = "replace"`).
    """
    y = _as_values(design, values)
    keys, members = _domains(design, groups)
    return dict(zip(keys, _means(design, y, members, deff), strict=True))


def proportions(
    design: Design,
    categories: Sequence[Hashable | None],
    *,
    groups: Sequence[Hashable | None] | None = None,
    levels: Sequence[Hashable] | None = None,
    deff: DeffMethod = "srswor",
) -> dict[Hashable, dict[Hashable | None, Estimate]]:
    """The share of each level of a categorical variable (None = missing), overall and by group.

    Like R's `svymean(~factor, ..., na.rm = TRUE)`: one 0/1 indicator per level, missing where
    the variable is missing. `levels` fixes which levels are reported and in what order
    (default: the levels seen, sorted).
    """
    if len(categories) != design.n:
        raise DataError(f"expected {design.n} values, got {len(categories)}")
    codes, seen = encode(categories)
    if levels is None:
        levels = sorted(seen, key=sort_key)
    keys, members = _domains(design, groups)
    index = {level: code for code, level in enumerate(seen)}
    result: dict[Hashable, dict[Hashable | None, Estimate]] = {}
    for level in levels:
        indicator = np.where(codes < 0, np.nan, (codes == index.get(level, -2)).astype(np.float64))
        result[level] = dict(zip(keys, _means(design, indicator, members, deff), strict=True))
    return result


@dataclass(frozen=True)
class WeightSummary:
    """The effect of the weights alone (Kish): deff_w = n Σw² / (Σw)², n_eff = (Σw)² / Σw²."""

    n: int
    sum_weights: float
    deff: float
    effective_n: float


def weight_summary(design: Design) -> WeightSummary:
    """Kish's design effect due to unequal weights, and the matching effective sample size."""
    w = design.weights
    effective = float(w.sum() ** 2 / (w**2).sum())
    return WeightSummary(
        n=design.n, sum_weights=float(w.sum()), deff=design.n / effective, effective_n=effective
    )
