"""Comparisons within one design: the difference between two domains' means with its standard
error (R's `svycontrast` on `svyby(..., covmat = TRUE)`), and the Rao–Scott test of association
between two categorical variables (R's `svychisq`, statistic "F").

Both use the same linearisation as `estimation`: influence values, calibration residuals, then
the stratified variance of primary units' totals; `docs/statistics.md` states the formulas.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .design import Design, encode
from .distributions import f_sf, normal_sf
from .errors import DataError
from .estimation import (
    Z_975,
    Groups,
    _as_values,
    _calibration_residuals,
    _stratified_covariance,
    _stratified_variance,
)


@dataclass(frozen=True)
class Contrast:
    """mean(first) − mean(second), two domains of the same design.

    The standard error takes the covariance of the two means into account (they share primary
    units, strata and calibration). The interval and the two-sided p-value are normal-based,
    as R's `confint(svycontrast(...))`.
    """

    first: Hashable
    second: Hashable
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    p_value: float
    n_first: int
    n_second: int


def contrast(
    design: Design,
    values: npt.ArrayLike,
    *,
    groups: Groups,
    first: Hashable,
    second: Hashable,
) -> Contrast:
    """The difference between the mean of `values` (NaN = missing) in group `first` and in
    group `second` of `groups`, with its design-based standard error."""
    y = _as_values(design, values)
    if len(groups) != design.n:
        raise DataError(f"expected {design.n} group values, got {len(groups)}")
    if first == second:
        raise DataError(f"a contrast needs two different groups, not {first} twice")
    codes, levels = encode(groups)
    index = {level: code for code, level in enumerate(levels)}
    for group in (first, second):
        if group not in index:
            shown = ", ".join(sorted(str(level) for level in levels))
            raise DataError(f"group {group} does not occur (groups: {shown})")
    has = ~np.isnan(y)
    members = np.column_stack([codes == index[first], codes == index[second]]) & has[:, None]
    counts = members.sum(axis=0)
    for group, count in zip((first, second), counts, strict=True):
        if count == 0:
            raise DataError(f"group {group} has no respondents with a value")
    y0 = np.where(has, y, 0.0)[:, None]
    wm = design.weights[:, None] * members
    totals = wm.sum(axis=0)
    means = (wm * y0).sum(axis=0) / totals
    z = np.where(members, wm * (y0 - means) / totals, 0.0)
    z = _calibration_residuals(design, z)
    difference = z[:, :1] - z[:, 1:]
    se = math.sqrt(max(float(_stratified_variance(design, difference)[0]), 0.0))
    estimate = float(means[0] - means[1])
    # A difference with no sampling variance: certain, unless there is no difference at all.
    no_variance = math.nan if estimate == 0 else 0.0
    p_value = 2.0 * normal_sf(abs(estimate) / se) if se > 0 else no_variance
    return Contrast(
        first=first,
        second=second,
        estimate=estimate,
        se=se,
        ci_low=estimate - Z_975 * se,
        ci_high=estimate + Z_975 * se,
        p_value=p_value,
        n_first=int(counts[0]),
        n_second=int(counts[1]),
    )


@dataclass(frozen=True)
class AssociationTest:
    """The Rao–Scott second-order corrected test of independence of a two-way table.

    `f` = X² / trace(Δ) is referred to F(ndf, ddf) with ndf = trace(Δ)² / trace(Δ²) and
    ddf = ndf · (design degrees of freedom); `chisq` is Pearson's X² of the weighted table
    scaled to the number of rows in the design, as R's `svychisq(..., statistic = "F")`.
    """

    f: float
    ndf: float
    ddf: float
    p_value: float
    chisq: float
    n: int
    rows: int
    columns: int


def _categories(values: Sequence[Hashable | None] | npt.NDArray[np.generic]) -> list[Hashable]:
    """The values as categories; NaN (as in a numeric column read from a file) is missing."""
    items = values.tolist() if isinstance(values, np.ndarray) else list(values)
    return [None if isinstance(v, float) and math.isnan(v) else v for v in items]


def association_test(
    design: Design,
    rows: Sequence[Hashable | None] | npt.NDArray[np.generic],
    columns: Sequence[Hashable | None] | npt.NDArray[np.generic],
) -> AssociationTest:
    """Test whether two categorical variables (None or NaN = missing) are associated.

    Respondents missing either variable take no part in the table but stay in the design
    (domain estimation), as R's `svychisq(~a + b, design)` with its default `na.rm = TRUE`.
    """
    n = design.n
    if len(rows) != n or len(columns) != n:
        raise DataError(f"expected {n} values, got {len(rows)} and {len(columns)}")
    row_codes, row_levels = encode(_categories(rows))
    col_codes, col_levels = encode(_categories(columns))
    nr, nc = len(row_levels), len(col_levels)
    if nr < 2 or nc < 2:
        raise DataError("a test of association needs at least two values of each variable")
    complete = (row_codes >= 0) & (col_codes >= 0)
    if not complete.any():
        raise DataError("no respondent has a value of both variables")
    cells = nr * nc
    cell = np.where(complete, row_codes + nr * col_codes, 0)  # rows vary fastest, as R
    w = design.weights * complete
    total = float(w.sum())
    p = np.bincount(cell, weights=w, minlength=cells) / total
    indicator = np.zeros((n, cells))
    indicator[np.arange(n), cell] = 1.0
    z = w[:, None] * (indicator - p) / total
    z[~complete] = 0.0
    variance = _stratified_covariance(design, _calibration_residuals(design, z))
    row_of, col_of = np.tile(np.arange(nr), nc), np.repeat(np.arange(nc), nr)
    main = np.column_stack(
        [np.ones(cells)]
        + [(row_of == i).astype(float) for i in range(1, nr)]
        + [(col_of == j).astype(float) for j in range(1, nc)]
    )
    interaction = np.column_stack(
        [((row_of == i) & (col_of == j)).astype(float) for j in range(1, nc) for i in range(1, nr)]
    )
    # The interaction contrasts, made orthogonal to the main effects (R: qr.resid).
    c = interaction - main @ np.linalg.lstsq(main, interaction, rcond=None)[0]
    with np.errstate(divide="ignore"):
        inverse = np.where(p == 0, 0.0, 1.0 / p)
    denominator = c.T @ (inverse[:, None] * c) / n
    numerator = c.T @ (inverse[:, None] * variance * inverse[None, :]) @ c
    delta = np.linalg.solve(denominator, numerator)
    trace = float(np.trace(delta))
    ndf = trace * trace / float(np.trace(delta @ delta))
    table = p.reshape(nc, nr).T * n
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / n
    with np.errstate(divide="ignore", invalid="ignore"):
        chisq = float(((table - expected) ** 2 / expected).sum())
    f = chisq / trace
    ddf = ndf * design.df
    return AssociationTest(
        f=f,
        ndf=ndf,
        ddf=ddf,
        p_value=f_sf(f, ndf, ddf),
        chisq=chisq,
        n=int(complete.sum()),
        rows=nr,
        columns=nc,
    )
