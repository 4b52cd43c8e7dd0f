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

from .design import (
    Design,
    FloatArray,
    IntArray,
    LinearCalibration,
    PostStratification,
    Raking,
    encode,
)
from .distributions import beta_quantile, t_quantile
from .errors import DataError

Z_975 = NormalDist().inv_cdf(0.975)
"""The 97.5% standard normal quantile: 95% intervals are estimate ± Z_975 · SE."""

DeffMethod = Literal["srswor", "srswr"]
IntervalMethod = Literal["wald", "wald-t", "logit", "beta"]
INTERVAL_METHODS: tuple[IntervalMethod, ...] = ("wald", "wald-t", "logit", "beta")
# Group values per unit: a list (None = no group) or a numeric numpy array (read from a file).
Groups = Sequence[Hashable | None] | npt.NDArray[np.generic]
BoolArray = npt.NDArray[np.bool_]

# R's svyrecvar backfits raking margins a fixed ten times when linearising.
_RAKING_BACKFIT_ITERATIONS = 10


@dataclass(frozen=True)
class Estimate:
    """A mean (a share, for a 0/1 variable) with its precision.

    `n` counts respondents with a value; `weighted_n` sums their weights. `deff` and
    `effective_n` are NaN where undefined (see `docs/statistics.md`). `df` is the design's
    degrees of freedom in the domain (R's `degf` of the domain's design); `interval` names the
    method of `ci_low`–`ci_high` (see `proportion_interval`).
    """

    estimate: float
    se: float
    ci_low: float
    ci_high: float
    n: int
    weighted_n: float
    deff: float
    effective_n: float
    df: float = math.inf
    interval: IntervalMethod = "wald"


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
    """Replace influence values by residuals within post-strata, or, after linear calibration,
    by residuals of the regression on the calibration variables weighted by the weights before
    it (R's svyrecvar: `qr.resid(qr, z / w) * w` with the weights of `calibrate`)."""
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
        elif isinstance(step, LinearCalibration):
            # z / g with g = w / w0; a unit whose weight calibrated to 0 has z = 0 already.
            ratio = np.divide(
                step.old_weights,
                step.weights,
                out=np.zeros_like(step.weights),
                where=step.weights != 0,
            )
            x = step.model
            beta = step.gram_inverse @ (x.T @ (z * ratio[:, None]))
            z = z - step.weights[:, None] * (x @ beta)
    return z


def _psu_totals(design: Design, z: FloatArray) -> tuple[FloatArray, IntArray]:
    """Totals of z's columns over each primary unit, and each primary unit's stratum."""
    if design.clusters is None:
        return z, design.strata
    return _group_sums(design.clusters, design.n_clusters, z), design.psu_strata


def _stratified_variance(design: Design, z: FloatArray) -> FloatArray:
    """Σ_h (1 - f_h) n_h/(n_h-1) Σ_j (t_hj - mean_h t)², t_hj the total of z over primary unit
    j of stratum h; one value per column of z (R's `svyrecvar`, one stage)."""
    totals, strata = _psu_totals(design, z)
    sizes = design.psu_counts
    means = _group_sums(strata, design.n_strata, totals) / sizes[:, None]
    deviations = totals - means[strata]
    squares = _group_sums(strata, design.n_strata, deviations**2)
    result: FloatArray = (design.stratum_scale[:, None] * squares).sum(axis=0)
    return result


def _stratified_covariance(design: Design, z: FloatArray) -> FloatArray:
    """The covariance matrix of the columns of z, as `_stratified_variance` for one column."""
    totals, strata = _psu_totals(design, z)
    sizes = design.psu_counts
    means = _group_sums(strata, design.n_strata, totals) / sizes[:, None]
    deviations = totals - means[strata]
    result: FloatArray = (deviations * design.stratum_scale[strata][:, None]).T @ deviations
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
    """No calibration or a single post-stratification step: `_disjoint_parts` (respondents as
    primary units) or `_clustered_parts` (clusters) applies."""
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
    strata_scale: FloatArray  # (1 - f_h) n_h / (n_h - 1)
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
        strata_scale=design.stratum_scale,
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
    Σ_h (1 - f_h) n_h / (n_h - 1) (Σ z'² - (Σ z')² / n_h), as R's svyrecvar computes it.
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
        per_stratum = classes.strata_scale * (sum_zz - sum_z * sum_z / sizes)
        variance = np.maximum(per_stratum.sum(axis=1), 0.0)
        weighted_ss = (s_wyy - 2.0 * m * s_wy + m * m * s_w).sum(axis=(1, 2))
    return _Parts(mean=mean, n=n, total=big, variance=variance, weighted_ss=weighted_ss)


@dataclass(frozen=True, eq=False)
class _Clustered:
    """What `_clustered_parts` needs that depends only on the design and the groups."""

    group: IntArray  # each unit's group, n_groups = no group
    key: IntArray  # group x primary unit
    n_groups: int
    n_psu: int
    strata_key: IntArray  # domain x stratum of each primary unit, for the (domains, psu) array
    psu_counts: FloatArray
    scale: FloatArray
    weights: FloatArray
    step: PostStratification | None
    cell_key: IntArray | None  # group x post-stratification cell
    cell_w0: FloatArray | None  # Σ w0 per cell
    psu_cell_w: FloatArray | None  # Σ w per (primary unit, cell)


def _clustered(design: Design, codes: IntArray, n_groups: int) -> _Clustered:
    assert design.clusters is not None
    step = design.calibration[0] if design.calibration else None
    assert step is None or isinstance(step, PostStratification)
    group = np.where(codes >= 0, codes, n_groups)
    n_psu, n_strata = design.n_clusters, design.n_strata
    domains = n_groups + 1
    strata_key = (np.arange(domains)[:, None] * n_strata + design.psu_strata[None, :]).ravel()
    cell_key = cell_w0 = psu_cell_w = None
    if step is not None:
        cell_key = group * step.n_cells + step.cells
        cell_w0 = _bincount(step.cells, step.old_weights, step.n_cells)
        size = n_psu * step.n_cells
        psu_cell = design.clusters * step.n_cells + step.cells
        psu_cell_w = _bincount(psu_cell, step.weights, size).reshape(n_psu, step.n_cells)
    return _Clustered(
        group=group,
        key=group * n_psu + design.clusters,
        n_groups=n_groups,
        n_psu=n_psu,
        strata_key=strata_key,
        psu_counts=design.psu_counts,
        scale=design.stratum_scale,
        weights=design.weights,
        step=step,
        cell_key=cell_key,
        cell_w0=cell_w0,
        psu_cell_w=psu_cell_w,
    )


def _clustered_parts(c: _Clustered, y: FloatArray) -> _Parts:
    """`_disjoint_parts` for clustered designs: the calibrated influence values are added up
    per (domain, primary unit) from a few weighted sums, without a units x domains matrix.

    With T[d, j] = Σ_{i in j, d} w_i (y_i - m_d) / W_d - Σ_c A[d, c] Σ_{i in j, c} w_i (A as
    in `_disjoint_parts`), the variance is Σ_h (1 - f_h) n_h/(n_h - 1) (Σ_j T² - (Σ_j T)²/n_h).
    """
    missing = np.isnan(y)
    y0 = np.where(missing, 0.0, y)
    w = np.where(missing, 0.0, c.weights)
    wy = w * y0
    groups = c.n_groups + 1

    def domains(sums: FloatArray) -> FloatArray:
        # Row 0: the whole sample (every group, and no group); then the groups.
        return np.concatenate([sums.sum(axis=0, keepdims=True), sums[: c.n_groups]])

    def by_group(weights: FloatArray) -> FloatArray:
        return domains(_bincount(c.group, weights, groups))

    n = by_group((~missing).astype(np.float64))
    big, s_wy, s_wyy = by_group(w), by_group(wy), by_group(wy * y0)
    s_w_psu = domains(_bincount(c.key, w, groups * c.n_psu).reshape(groups, c.n_psu))
    s_wy_psu = domains(_bincount(c.key, wy, groups * c.n_psu).reshape(groups, c.n_psu))
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = s_wy / big
        totals = (s_wy_psu - mean[:, None] * s_w_psu) / big[:, None]
        if c.step is not None:
            assert c.cell_key is not None and c.cell_w0 is not None and c.psu_cell_w is not None
            n_cells = c.step.n_cells
            w0 = np.where(missing, 0.0, c.step.old_weights)
            shape = (groups, n_cells)
            r0 = domains(_bincount(c.cell_key, w0, groups * n_cells).reshape(shape))
            r1 = domains(_bincount(c.cell_key, w0 * y0, groups * n_cells).reshape(shape))
            a = (r1 - mean[:, None] * r0) / big[:, None] / c.cell_w0
            totals = totals - a @ c.psu_cell_w.T
        n_strata = c.scale.shape[0]
        size = groups * n_strata
        flat = np.nan_to_num(totals).ravel()
        sum_t = _bincount(c.strata_key, flat, size).reshape(groups, n_strata)
        sum_tt = _bincount(c.strata_key, flat * flat, size).reshape(groups, n_strata)
        sizes = c.psu_counts
        variance = (c.scale * (sum_tt - sum_t * sum_t / sizes)).sum(axis=1)
        variance = np.where(big > 0, np.maximum(variance, 0.0), np.nan)
        weighted_ss = s_wyy - 2.0 * mean * s_wy + mean * mean * big
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


def proportion_interval(
    estimate: float,
    se: float,
    *,
    method: IntervalMethod,
    df: float = math.inf,
    n: int = 0,
    rows: int = 0,
    level: float = 0.95,
) -> tuple[float, float]:
    """A confidence interval for a mean or share with standard error `se`.

    - "wald": estimate ± z se (R's `confint(svymean(...))`);
    - "wald-t": estimate ± t_df se (R's `svyciprop(..., method = "mean")`);
    - "logit": the Wald interval of logit(p), t_df quantile, transformed back (R's
      `svyciprop(..., method = "logit")`, its default); inside 0–1;
    - "beta": Korn and Graubard's Clopper–Pearson interval on the effective sample size
      p(1-p)/se², scaled by (t_{rows-1} / t_df)² (R's `svyciprop(..., method = "beta")`, where
      `rows` is R's `nrow(design)`); inside 0–1.

    `df` is the design's degrees of freedom (R's `degf`). For "logit" and "beta", a share of
    exactly 0 or 1 (or a standard error of 0) gives the Clopper–Pearson interval for `n`
    respondents, where R's methods have no answer.
    """
    alpha = 1.0 - level
    if math.isnan(estimate) or math.isnan(se):
        return (math.nan, math.nan)
    if method in ("wald", "wald-t"):
        tail = 1 - alpha / 2
        q = NormalDist().inv_cdf(tail) if method == "wald" else t_quantile(tail, df)
        return (estimate - q * se, estimate + q * se)
    if se <= 0 or estimate <= 0 or estimate >= 1:
        return _clopper_pearson(estimate * n, n, alpha)
    if method == "logit":
        q = t_quantile(1 - alpha / 2, df)
        centre = math.log(estimate / (1 - estimate))
        half = q * se / (estimate * (1 - estimate))
        return (_expit(centre - half), _expit(centre + half))
    n_eff = estimate * (1 - estimate) / (se * se)
    n_eff *= (t_quantile(alpha / 2, rows - 1) / t_quantile(alpha / 2, df)) ** 2
    return (
        beta_quantile(alpha / 2, n_eff * estimate, n_eff * (1 - estimate) + 1),
        beta_quantile(1 - alpha / 2, n_eff * estimate + 1, n_eff * (1 - estimate)),
    )


def _expit(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


def _clopper_pearson(x: float, n: int, alpha: float) -> tuple[float, float]:
    if n < 1:
        return (math.nan, math.nan)
    low = 0.0 if x <= 0 else beta_quantile(alpha / 2, x, n - x + 1)
    high = 1.0 if x >= n else beta_quantile(1 - alpha / 2, x + 1, n - x)
    return (low, high)


@dataclass(frozen=True, eq=False)
class _DomainDesign:
    """What the intervals need about each domain (whole sample first, then the groups)."""

    df: FloatArray  # R's degf of the domain's design
    rows: FloatArray  # R's nrow of the domain's design (all rows once calibrated)


def _domain_design(design: Design, codes: IntArray | None, n_groups: int) -> _DomainDesign:
    df = np.empty(n_groups + 1)
    rows = np.empty(n_groups + 1)
    df[0], rows[0] = design.df, design.n
    if codes is not None and n_groups:
        keep = codes >= 0
        members = codes[keep]

        def distinct(values: IntArray, size: int) -> FloatArray:
            pairs = np.unique(members * size + values[keep])
            return np.bincount(pairs // size, minlength=n_groups).astype(np.float64)

        if design.clusters is None:  # every respondent its own primary unit
            psus = np.bincount(members, minlength=n_groups).astype(np.float64)
        else:
            psus = distinct(design.clusters, design.n_clusters)
        df[1:] = psus - distinct(design.strata, design.n_strata)
        if design.calibration:
            rows[1:] = design.n  # R keeps a calibrated design's rows, with zero weight
        else:
            rows[1:] = np.bincount(members, minlength=n_groups)
    return _DomainDesign(df=df, rows=rows)


def _estimates(
    parts: _Parts,
    deff: DeffMethod,
    domain: _DomainDesign,
    interval: IntervalMethod,
) -> list[Estimate]:
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
        if interval == "wald":  # the common case, kept as it always was
            ci = (float(mean[k] - Z_975 * se[k]), float(mean[k] + Z_975 * se[k]))
        else:
            ci = proportion_interval(
                float(mean[k]),
                float(se[k]),
                method=interval,
                df=float(domain.df[k]),
                n=int(n[k]),
                rows=int(domain.rows[k]),
            )
        results.append(
            Estimate(
                estimate=float(mean[k]),
                se=float(se[k]),
                ci_low=ci[0],
                ci_high=ci[1],
                n=int(n[k]),
                weighted_n=float(total[k]),
                deff=d,
                effective_n=n[k] / d if d > 0 else math.nan,
                df=float(domain.df[k]),
                interval=interval,
            )
        )
    return results


def _is_binary(y: FloatArray) -> bool:
    values = y[~np.isnan(y)]
    return bool(np.all((values == 0.0) | (values == 1.0)))


class _Estimator:
    """Means of any number of variables over one design and one set of domains."""

    def __init__(
        self,
        design: Design,
        domains: _Domains,
        deff: DeffMethod,
        interval: IntervalMethod = "wald",
    ) -> None:
        if interval not in INTERVAL_METHODS:
            raise DataError(
                f"unknown interval method '{interval}' (choose {', '.join(INTERVAL_METHODS)})"
            )
        self.design, self.domains, self.deff, self.interval = design, domains, deff, interval
        self.classes: _Classes | None = None
        self.clustered: _Clustered | None = None
        self.members: BoolArray | None = None
        n_groups = len(domains.keys) - 1
        self.domain = _domain_design(design, domains.codes, n_groups)
        if _has_closed_form(design):
            codes = domains.codes
            codes = np.full(design.n, -1, dtype=np.intp) if codes is None else codes
            if design.clusters is None:
                self.classes = _classes(design, codes, n_groups)
            else:
                self.clustered = _clustered(design, codes, n_groups)
        else:
            columns = [np.ones(design.n, dtype=np.bool_)]
            if domains.codes is not None:
                columns += [domains.codes == k for k in range(n_groups)]
            self.members = np.column_stack(columns)

    def __call__(self, y: FloatArray) -> dict[Hashable | None, Estimate]:
        """Estimates of the mean of y for the whole sample (key None), then each group."""
        if self.classes is not None:
            parts = _disjoint_parts(self.classes, y)
        elif self.clustered is not None:
            parts = _clustered_parts(self.clustered, y)
        else:
            assert self.members is not None
            parts = _dense_parts(self.design, y, self.members)
        interval = self.interval
        if interval in ("logit", "beta") and not _is_binary(y):
            interval = "wald"  # a mean that is not a share: the intervals for shares do not apply
        estimates = _estimates(parts, self.deff, self.domain, interval)
        return dict(zip(self.domains.keys, estimates, strict=True))


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
    interval: IntervalMethod = "wald",
) -> dict[Hashable | None, Estimate]:
    """Weighted mean of `values` (NaN = missing) overall (key None) and by group.

    Missing values are handled as domain estimation, like R's `svymean(..., na.rm = TRUE)`
    and `svyby(..., svymean, na.rm = TRUE)`: a unit without a value keeps its place in the
    design with an influence of zero. Units whose group is None belong to no group but count
    towards the whole sample. `deff` is "srswor" (R's `deff = TRUE`) or "srswr"
    (R's `deff = "replace"`). `interval` chooses the confidence interval (see
    `proportion_interval`); "logit" and "beta" apply to 0/1 variables only, and a variable with
    other values gets "wald" instead (the `interval` field of each Estimate says which).
    """
    y = _as_values(design, values)
    return _Estimator(design, _domains(design, groups), deff, interval)(y)


def means(
    design: Design,
    variables: Mapping[str, npt.ArrayLike],
    *,
    groups: Groups | None = None,
    deff: DeffMethod = "srswor",
    interval: IntervalMethod = "wald",
) -> dict[str, dict[Hashable | None, Estimate]]:
    """`mean` of several variables over the same design and groups: {name: {group: Estimate}}.

    The same numbers as calling `mean` once per variable, but the groups and the design's
    classes are prepared once, which is what makes a table of many indicators fast.
    """
    checked = {name: _as_values(design, values) for name, values in variables.items()}
    estimator = _Estimator(design, _domains(design, groups), deff, interval)
    return {name: estimator(y) for name, y in checked.items()}


def proportions(
    design: Design,
    categories: Sequence[Hashable | None],
    *,
    groups: Groups | None = None,
    levels: Sequence[Hashable] | None = None,
    deff: DeffMethod = "srswor",
    interval: IntervalMethod = "wald",
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
    estimator = _Estimator(design, _domains(design, groups), deff, interval)
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
