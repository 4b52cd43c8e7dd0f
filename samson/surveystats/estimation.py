"""Design-based means and proportions with Taylor-linearisation standard errors.

The arithmetic follows R's `survey` package (`svymean`, `svyby`, `svyrecvar`) step by step so
that results agree with it; `docs/statistics.md` states the formulas.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
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
# Group values per unit: a list (None = no group) or a numeric numpy array (read from a file).
Groups = Sequence[Hashable | None] | npt.NDArray[np.generic]
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
    """Column sums of x within each group: shape (n_groups, columns)."""
    columns = x.shape[1]
    if n_groups == 1:
        total: FloatArray = x.sum(axis=0, keepdims=True)
        return total
    # One bincount over (group, column) pairs: much faster than np.add.at.
    flat = (codes[:, None] * columns + np.arange(columns)).ravel()
    sums = np.bincount(flat, weights=x.ravel(), minlength=n_groups * columns)
    return np.asarray(sums, dtype=np.float64).reshape(n_groups, columns)


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


@dataclass(frozen=True, eq=False)
class _Parts:
    """Per-domain sums from which the estimates are built (arrays, one entry per domain)."""

    mean: FloatArray
    n: FloatArray
    total: FloatArray
    variance: FloatArray
    weighted_ss: FloatArray  # Σ d w (y - mean)², for the design effect


def _dense_parts(design: Design, y: FloatArray, members: BoolArray) -> _Parts:
    """Any design and any (overlapping) domains: one column per domain, every unit a row."""
    members = members & ~np.isnan(y)[:, None]
    y0 = np.where(np.isnan(y), 0.0, y)[:, None]
    wm = design.weights[:, None] * members
    total = wm.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (wm * y0).sum(axis=0) / total
        z = wm * (y0 - mean) / total
        z = np.where(members, z, 0.0)
        variance = _stratified_variance(design, _calibration_residuals(design, z))
    return _Parts(
        mean=mean,
        n=members.sum(axis=0).astype(np.float64),
        total=total,
        variance=variance,
        weighted_ss=(wm * (y0 - mean) ** 2).sum(axis=0),
    )


def _has_closed_form(design: Design) -> bool:
    """No calibration, or a single post-stratification step: `_disjoint_parts` applies."""
    steps = design.calibration
    return len(steps) == 0 or (len(steps) == 1 and isinstance(steps[0], PostStratification))


def _bincount(codes: IntArray, weights: FloatArray, size: int) -> FloatArray:
    return np.asarray(np.bincount(codes, weights=weights, minlength=size), dtype=np.float64)


@dataclass(frozen=True, eq=False)
class _Classes:
    """What `_disjoint_parts` needs that depends only on the design and the groups: each
    unit's class (group x post-stratification cell x stratum) and the design's weights.

    Built once per call of `mean`, `means` or `proportions` and shared by every variable.
    """

    key: IntArray  # class of each unit: (group, cell, stratum), group n_groups = no group
    key3: IntArray  # 3 x key + 1, for the 0/1 shortcut of `_class_sums`
    n_groups: int
    n_cells: int
    n_strata: int
    weights: FloatArray
    weights_sq: FloatArray
    step: PostStratification | None
    strata_sizes: FloatArray
    cell_totals: tuple[FloatArray, FloatArray, FloatArray] | None  # see `_cell_totals`

    @property
    def shape(self) -> tuple[int, int, int]:
        return (self.n_groups + 1, self.n_cells, self.n_strata)


def _classes(design: Design, codes: IntArray, n_groups: int) -> _Classes:
    step = design.calibration[0] if design.calibration else None
    assert step is None or isinstance(step, PostStratification)
    n_cells = 1 if step is None else step.n_cells
    n_strata, strata = design.n_strata, design.strata
    key = np.where(codes >= 0, codes, n_groups) * (n_cells * n_strata) + strata
    if step is not None:
        key += step.cells * n_strata
    return _Classes(
        key=key,
        key3=key * 3 + 1,
        n_groups=n_groups,
        n_cells=n_cells,
        n_strata=n_strata,
        weights=design.weights,
        weights_sq=design.weights * design.weights,
        step=step,
        strata_sizes=np.bincount(strata, minlength=n_strata).astype(np.float64),
        cell_totals=None if step is None else _cell_totals(step, design),
    )


def _class_sums(classes: _Classes, y: FloatArray) -> dict[str, FloatArray]:
    """Sums over each class of has, w, w y, w y², w², w² y, w² y², w0, w0 y (has: y is not
    missing; y0: y with 0 for missing), shape `classes.shape` each.

    A 0/1 variable (every share the barometer reports) takes a shortcut: with y² = y the nine
    sums come from four counts over (class, missing/0/1), one pass over the data each.
    """
    missing = np.isnan(y)
    y0 = np.where(missing, 0.0, y)
    size = classes.shape[0] * classes.n_cells * classes.n_strata
    w, w2, step = classes.weights, classes.weights_sq, classes.step
    if not np.any(y0 * (y0 - 1.0)):  # every value is 0 or 1
        # 0 = missing, 1 = a 0, 2 = a 1; then the class (key3 = 3 x the class).
        code = np.where(missing, -1.0, y0).astype(np.intp) + classes.key3

        def split(weights: FloatArray | None) -> tuple[FloatArray, FloatArray]:
            sums = np.asarray(
                np.bincount(code, weights=weights, minlength=size * 3), dtype=np.float64
            ).reshape(*classes.shape, 3)
            return sums[..., 1] + sums[..., 2], sums[..., 2]  # (all with a value, y = 1)

        count, _ = split(None)
        s_w, s_wy = split(w)
        q0, q1 = split(w2)
        sums = {"count": count, "s_w": s_w, "s_wy": s_wy, "s_wyy": s_wy}
        sums |= {"q0": q0, "q1": q1, "q2": q1}
        if step is not None:
            sums["r0"], sums["r1"] = split(step.old_weights)
        return sums

    key = classes.key

    def total(weights: FloatArray) -> FloatArray:
        sums = np.bincount(key, weights=weights, minlength=size)
        return np.asarray(sums, dtype=np.float64).reshape(classes.shape)

    has = (~missing).astype(np.float64)
    wy, w2y = w * y0, w2 * y0
    sums = {"count": total(has), "s_w": total(w * has), "s_wy": total(wy)}
    sums |= {"s_wyy": total(wy * y0), "q0": total(w2 * has), "q1": total(w2y)}
    sums["q2"] = total(w2y * y0)
    if step is not None:
        sums["r0"], sums["r1"] = total(step.old_weights * has), total(step.old_weights * y0)
    return sums


def _disjoint_parts(classes: _Classes, y: FloatArray) -> _Parts:
    """The same numbers as `_dense_parts` for the whole sample followed by `n_groups` disjoint
    groups (unit i in group codes[i], -1 = none), for designs `_has_closed_form` accepts,
    without units x domains matrices.

    The influence of unit i in domain d is z_i = w_i (y_i - m_d) / W_d. With one
    post-stratification step (cells c, weights w0 before and w after) the calibrated influence
    for domain d is z_i[d] - w_i A[d, c(i)], where A[d, c] = Σ_{j in c and d} z_j w0_j / w_j /
    Σ_{j in c} w0_j. The stratum sums and sums of squares of these expand into a few weighted
    sums of y and y² over (group, cell, stratum) classes, taken in one pass each; the whole
    sample's sums are the groups' sums added up. The variance is then
    Σ_h n_h / (n_h - 1) (Σ z'² - (Σ z')² / n_h), as R's svyrecvar computes it.
    """
    n_groups = classes.n_groups
    by_class = _class_sums(classes, y)

    def total(name: str) -> FloatArray:
        sums = by_class[name]
        # Row 0: the whole sample (every class); then the groups (the last row: no group).
        return np.concatenate([sums.sum(axis=0, keepdims=True), sums[:n_groups]])

    count, s_w, s_wy, s_wyy = total("count"), total("s_w"), total("s_wy"), total("s_wyy")
    q0, q1, q2 = total("q0"), total("q1"), total("q2")
    n = count.sum(axis=(1, 2))
    big = s_w.sum(axis=(1, 2))
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = s_wy.sum(axis=(1, 2)) / big
        m, big_w = mean[:, None, None], big[:, None, None]
        sum_z = ((s_wy - m * s_w) / big_w).sum(axis=1)
        sum_zz = ((q2 - 2.0 * m * q1 + m * m * q0) / (big_w * big_w)).sum(axis=1)
        if classes.cell_totals is not None:
            cell_w0, cell_w, cell_wsq = classes.cell_totals
            r0, r1 = total("r0").sum(axis=2), total("r1").sum(axis=2)
            a = (r1 - mean[:, None] * r0) / big[:, None] / cell_w0
            z_w = (q1 - m * q0) / big_w  # Σ z w by (domain, cell, stratum)
            sum_zz = sum_zz - 2.0 * np.einsum("dc,dch->dh", a, z_w) + (a * a) @ cell_wsq
            sum_z = sum_z - a @ cell_w
        sizes = classes.strata_sizes
        per_stratum = sizes / (sizes - 1.0) * (sum_zz - sum_z * sum_z / sizes)
        variance = np.maximum(per_stratum.sum(axis=1), 0.0)
        weighted_ss = (s_wyy - 2.0 * m * s_wy + m * m * s_w).sum(axis=(1, 2))
    return _Parts(mean=mean, n=n, total=big, variance=variance, weighted_ss=weighted_ss)


def _cell_totals(
    step: PostStratification, design: Design
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Σ w0 per cell, and Σ w, Σ w² per (cell, stratum); the same for every estimate."""
    n_strata = design.n_strata
    ch = step.cells * n_strata + design.strata
    size = step.n_cells * n_strata
    return (
        _bincount(step.cells, step.old_weights, step.n_cells),
        _bincount(ch, step.weights, size).reshape(step.n_cells, n_strata),
        _bincount(ch, step.weights * step.weights, size).reshape(step.n_cells, n_strata),
    )


def _estimates(parts: _Parts, deff: DeffMethod) -> list[Estimate]:
    n, total, mean, variance = parts.n, parts.total, parts.mean, parts.variance
    with np.errstate(invalid="ignore", divide="ignore"):
        unit_variance = n / (n - 1.0) * parts.weighted_ss / total
        if deff == "srswor":
            srs = unit_variance * (total - n) / (total * n)
            srs = np.where(total - n > 1e-9 * total, srs, np.nan)
        else:
            srs = unit_variance / n
        design_effect = variance / srs
    se = np.sqrt(variance)
    results = []
    for k in range(mean.shape[0]):
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


class _Estimator:
    """Means of any number of variables over one design and one set of domains."""

    def __init__(self, design: Design, domains: _Domains, deff: DeffMethod) -> None:
        self.design, self.domains, self.deff = design, domains, deff
        self.classes: _Classes | None = None
        self.members: BoolArray | None = None
        if _has_closed_form(design):
            codes = domains.codes
            codes = np.full(design.n, -1, dtype=np.intp) if codes is None else codes
            self.classes = _classes(design, codes, len(domains.keys) - 1)
        else:
            columns = [np.ones(design.n, dtype=np.bool_)]
            if domains.codes is not None:
                columns += [domains.codes == k for k in range(len(domains.keys) - 1)]
            self.members = np.column_stack(columns)

    def __call__(self, y: FloatArray) -> dict[Hashable | None, Estimate]:
        """Estimates of the mean of y for the whole sample (key None), then each group."""
        if self.classes is not None:
            parts = _disjoint_parts(self.classes, y)
        else:
            assert self.members is not None
            parts = _dense_parts(self.design, y, self.members)
        return dict(zip(self.domains.keys, _estimates(parts, self.deff), strict=True))


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


@dataclass(frozen=True, eq=False)
class _Domains:
    """The whole sample (key None), then each group in sorted order; `codes` gives each
    unit's group index (-1 = no group), None when there are no groups."""

    keys: list[Hashable | None]
    codes: IntArray | None


def _domains(design: Design, groups: Groups | None) -> _Domains:
    if groups is None:
        return _Domains([None], None)
    if len(groups) != design.n:
        raise DataError(f"expected {design.n} group values, got {len(groups)}")
    codes, levels = encode(groups)
    order = sorted(range(len(levels)), key=lambda code: sort_key(levels[code]))
    position = np.empty(len(levels) + 1, dtype=np.intp)
    position[order] = np.arange(len(levels))
    position[-1] = -1  # code -1 (no group) stays -1
    return _Domains([None, *(levels[code] for code in order)], position[codes])


def mean(
    design: Design,
    values: npt.ArrayLike,
    *,
    groups: Groups | None = None,
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
    return _Estimator(design, _domains(design, groups), deff)(y)


def means(
    design: Design,
    variables: Mapping[str, npt.ArrayLike],
    *,
    groups: Groups | None = None,
    deff: DeffMethod = "srswor",
) -> dict[str, dict[Hashable | None, Estimate]]:
    """`mean` of several variables over the same design and groups: {name: {group: Estimate}}.

    The same numbers as calling `mean` once per variable, but the groups and the design's
    classes are prepared once, which is what makes a table of many indicators fast.
    """
    checked = {name: _as_values(design, values) for name, values in variables.items()}
    estimator = _Estimator(design, _domains(design, groups), deff)
    return {name: estimator(y) for name, y in checked.items()}


def proportions(
    design: Design,
    categories: Sequence[Hashable | None],
    *,
    groups: Groups | None = None,
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
    estimator = _Estimator(design, _domains(design, groups), deff)
    index = {level: code for code, level in enumerate(seen)}
    result: dict[Hashable, dict[Hashable | None, Estimate]] = {}
    for level in levels:
        indicator = np.where(codes < 0, np.nan, (codes == index.get(level, -2)).astype(np.float64))
        result[level] = estimator(indicator)
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
