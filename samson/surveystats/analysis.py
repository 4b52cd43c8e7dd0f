"""From a data file to a list of estimates: what `samson stats estimate` prints."""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import asdict, dataclass
from pathlib import Path

from .design import Design, make_design, poststratify, rake
from .errors import DataError
from .estimation import Estimate, mean
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
class EstimationRequest:
    """What to estimate from which file, with which weights.

    Without `weight`, every respondent has base weight 1. `poststrat` or `rake` (not both)
    adjusts the base weights to the counts in `population`.
    """

    data: Path
    variables: tuple[str, ...]
    by: str | None = None
    strata: str | None = None
    weight: str | None = None
    poststrat: tuple[str, ...] = ()
    rake: tuple[str, ...] = ()
    population: Path | None = None
    min_group_size: int = MIN_GROUP_SIZE


@dataclass(frozen=True)
class ResultRow:
    """One variable in one domain (`group` None for the whole sample); None where suppressed."""

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

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


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
    )


def build_design(table: Table, request: EstimationRequest) -> Design:
    """The design the request describes, validated against the table."""
    if request.poststrat and request.rake:
        raise DataError("choose post-stratification or raking, not both")
    if (request.poststrat or request.rake) and request.population is None:
        raise DataError("post-stratification and raking need a population file")
    if request.population is not None and not (request.poststrat or request.rake):
        raise DataError("a population file is only used with post-stratification or raking")
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
    design = make_design(table.n_rows, weights=weights, strata=strata)
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
    return design


def estimate_file(request: EstimationRequest) -> list[ResultRow]:
    """Means (shares, for 0/1 variables) of each variable, overall and by `request.by`."""
    if not request.variables:
        raise DataError("name at least one variable to estimate")
    table = read_table(request.data)
    values = {var: numeric_column(table, var) for var in request.variables}
    groups = category_column(table, request.by) if request.by is not None else None
    design = build_design(table, request)
    rows: list[ResultRow] = []
    for var in request.variables:
        for group, result in mean(design, values[var], groups=groups).items():
            rows.append(_row(var, group, result, request.min_group_size))
    return rows
