"""From a data file to estimates, contrasts and tests: what `samson stats estimate` prints."""

from __future__ import annotations

import itertools
import math
from collections.abc import Hashable
from dataclasses import asdict, dataclass
from pathlib import Path

from .comparison import association_test, contrast
from .design import Design, FloatArray, calibrate_linear, make_design, poststratify, rake
from .errors import DataError
from .estimation import INTERVAL_METHODS, Estimate, IntervalMethod, mean, sort_key
from .io import (
    Table,
    category_column,
    complete_category_column,
    numeric_column,
    read_margins,
    read_population,
    read_table,
)

MIN_GROUP_SIZE = 5
"""Estimates from fewer respondents than this are suppressed."""


@dataclass(frozen=True)
class ContrastRequest:
    """Compare the groups of column `by`: `first` − `second`, or every pair when both are None."""

    by: str
    first: str | None = None
    second: str | None = None


@dataclass(frozen=True)
class EstimationRequest:
    """What to estimate from which file, with which design.

    Without `weight`, every respondent has base weight 1 (or, with `fpc`, N_h / n_h).
    `poststrat`, `rake` or `calibrate` (linear calibration; one of the three) adjusts the base
    weights to the counts in `population`: a cell count file for `poststrat`, a margins file
    for the other two.
    `cluster` names the primary units (nested in `strata`), `fpc` the column with the
    population count of primary units in each respondent's stratum. `ci_method` chooses the
    intervals (see `estimation.proportion_interval`); "wald" is what this module gave before
    the other methods existed, so it stays the default here; the command defaults to "logit".
    `contrasts` and `tests` (breakdown columns) add comparisons of groups.
    """

    data: Path
    variables: tuple[str, ...]
    by: str | None = None
    strata: str | None = None
    weight: str | None = None
    poststrat: tuple[str, ...] = ()
    rake: tuple[str, ...] = ()
    calibrate: tuple[str, ...] = ()
    population: Path | None = None
    min_group_size: int = MIN_GROUP_SIZE
    cluster: str | None = None
    fpc: str | None = None
    ci_method: IntervalMethod = "wald"
    contrasts: tuple[ContrastRequest, ...] = ()
    tests: tuple[str, ...] = ()


@dataclass(frozen=True)
class ResultRow:
    """One variable in one domain (`group` None for the whole sample); None where suppressed.

    `df` is the design's degrees of freedom in the domain; `ci_method` the method of the
    interval (the requested one, or "wald" for a variable that is not 0/1).
    """

    var: str
    group: str | None
    estimate: float | None
    se: float | None
    ci_low: float | None
    ci_high: float | None
    n: int
    weighted_n: float
    deff: float | None
    effective_n: float | None
    suppressed: bool
    kind: str = "estimate"
    df: int | None = None
    ci_method: str = "wald"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class ContrastRow:
    """mean(first) − mean(second) of `var` between two groups of `by`; None where either
    group has fewer respondents with a value than the minimum group size."""

    var: str
    by: str
    first: str
    second: str
    estimate: float | None
    se: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    n_first: int
    n_second: int
    suppressed: bool
    kind: str = "contrast"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class AssociationRow:
    """The Rao–Scott test of association between `var` (its values as categories) and `by`."""

    var: str
    by: str
    statistic: str
    f: float | None
    ndf: float | None
    ddf: float | None
    p_value: float | None
    chisq: float | None
    n: int
    kind: str = "test"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class Analysis:
    """Everything a request asked for: estimates first, then contrasts, then tests."""

    estimates: list[ResultRow]
    contrasts: list[ContrastRow]
    tests: list[AssociationRow]

    def as_list(self) -> list[dict[str, object]]:
        rows: list[ResultRow | ContrastRow | AssociationRow] = [
            *self.estimates,
            *self.contrasts,
            *self.tests,
        ]
        return [row.as_dict() for row in rows]


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


def _row(var: str, group: Hashable | None, result: Estimate, min_group_size: int) -> ResultRow:
    suppressed = result.n < min_group_size
    return ResultRow(
        var=var,
        group=None if group is None else str(group),
        estimate=None if suppressed else _finite(result.estimate),
        se=None if suppressed else _finite(result.se),
        ci_low=None if suppressed else _finite(result.ci_low),
        ci_high=None if suppressed else _finite(result.ci_high),
        n=result.n,
        weighted_n=result.weighted_n,
        deff=None if suppressed else _finite(result.deff),
        effective_n=None if suppressed else _finite(result.effective_n),
        suppressed=suppressed,
        df=int(result.df) if math.isfinite(result.df) else None,
        ci_method=result.interval,
    )


def build_design(table: Table, request: EstimationRequest) -> Design:
    """The design the request describes, validated against the table."""
    adjustments = [bool(request.poststrat), bool(request.rake), bool(request.calibrate)]
    if sum(adjustments) > 1:
        raise DataError("choose one of post-stratification, raking and linear calibration")
    if any(adjustments) and request.population is None:
        raise DataError("post-stratification, raking and linear calibration need a population file")
    if request.population is not None and not any(adjustments):
        raise DataError(
            "a population file is only used with post-stratification, raking or linear calibration"
        )
    weights = None
    if request.weight is not None:
        weights = numeric_column(table, request.weight)
        for index, w in enumerate(weights):
            if not (w > 0):
                shown = "no value" if math.isnan(w) else f"weight {w:g}"
                raise DataError(
                    f"column '{request.weight}', {table.row(index)}: {shown}; "
                    "weights must be positive"
                )
    strata = None
    if request.strata is not None:
        strata = complete_category_column(table, request.strata, "stratification")
    clusters = None
    if request.cluster is not None:
        clusters = complete_category_column(table, request.cluster, "clustering")
    fpc = None
    if request.fpc is not None:
        fpc = numeric_column(table, request.fpc)
        for index, count in enumerate(fpc):
            if not (count > 0):
                shown = "no value" if math.isnan(count) else f"{count:g}"
                raise DataError(
                    f"column '{request.fpc}', {table.row(index)}: {shown}; the finite "
                    "population correction needs the population count of primary units "
                    "in each respondent's stratum"
                )
    design = make_design(table.n_rows, weights=weights, strata=strata, clusters=clusters, fpc=fpc)
    if request.poststrat:
        assert request.population is not None
        variables = {
            name: complete_category_column(table, name, "post-stratification")
            for name in request.poststrat
        }
        population = read_population(request.population, request.poststrat)
        return poststratify(design, variables, population)
    if request.rake:
        assert request.population is not None
        variables = {name: complete_category_column(table, name, "raking") for name in request.rake}
        margins = read_margins(request.population, request.rake)
        return rake(design, variables, margins)
    if request.calibrate:
        assert request.population is not None
        variables = {
            name: complete_category_column(table, name, "calibration") for name in request.calibrate
        }
        margins = read_margins(request.population, request.calibrate)
        return calibrate_linear(design, variables, margins)
    return design


def _contrast_rows(
    design: Design,
    table: Table,
    values: dict[str, FloatArray],
    request: EstimationRequest,
) -> list[ContrastRow]:
    rows: list[ContrastRow] = []
    for wanted in request.contrasts:
        groups = category_column(table, wanted.by)
        if wanted.first is not None and wanted.second is not None:
            pairs = [(wanted.first, wanted.second)]
        else:
            seen = sorted({group for group in groups if group is not None}, key=sort_key)
            pairs = list(itertools.combinations(seen, 2))
        for var in request.variables:
            for first, second in pairs:
                try:
                    result = contrast(
                        design, values[var], groups=groups, first=first, second=second
                    )
                except DataError as error:
                    raise DataError(f"contrast of {var} by {wanted.by}: {error}") from error
                small = min(result.n_first, result.n_second) < request.min_group_size
                rows.append(
                    ContrastRow(
                        var=var,
                        by=wanted.by,
                        first=first,
                        second=second,
                        estimate=None if small else result.estimate,
                        se=None if small else _finite(result.se),
                        ci_low=None if small else _finite(result.ci_low),
                        ci_high=None if small else _finite(result.ci_high),
                        p_value=None if small else _finite(result.p_value),
                        n_first=result.n_first,
                        n_second=result.n_second,
                        suppressed=small,
                    )
                )
    return rows


def _test_rows(
    design: Design,
    table: Table,
    values: dict[str, FloatArray],
    request: EstimationRequest,
) -> list[AssociationRow]:
    rows: list[AssociationRow] = []
    for by in request.tests:
        groups = category_column(table, by)
        for var in request.variables:
            try:
                result = association_test(design, values[var], groups)
            except DataError as error:
                raise DataError(f"test of {var} by {by}: {error}") from error
            rows.append(
                AssociationRow(
                    var=var,
                    by=by,
                    statistic="F",
                    f=_finite(result.f),
                    ndf=_finite(result.ndf),
                    ddf=_finite(result.ddf),
                    p_value=_finite(result.p_value),
                    chisq=_finite(result.chisq),
                    n=result.n,
                )
            )
    return rows


def analyse_file(request: EstimationRequest) -> Analysis:
    """Means (shares, for 0/1 variables) of each variable, overall and by `request.by`; then
    the requested contrasts between groups and tests of association."""
    if not request.variables:
        raise DataError("name at least one variable to estimate")
    if request.ci_method not in INTERVAL_METHODS:
        raise DataError(
            f"unknown interval method '{request.ci_method}' (choose {', '.join(INTERVAL_METHODS)})"
        )
    table = read_table(request.data)
    values = {var: numeric_column(table, var) for var in request.variables}
    groups = category_column(table, request.by) if request.by is not None else None
    design = build_design(table, request)
    rows: list[ResultRow] = []
    for var in request.variables:
        estimates = mean(design, values[var], groups=groups, interval=request.ci_method)
        for group, result in estimates.items():
            rows.append(_row(var, group, result, request.min_group_size))
    return Analysis(
        estimates=rows,
        contrasts=_contrast_rows(design, table, values, request),
        tests=_test_rows(design, table, values, request),
    )


def estimate_file(request: EstimationRequest) -> list[ResultRow]:
    """Means (shares, for 0/1 variables) of each variable, overall and by `request.by`."""
    return analyse_file(request).estimates
