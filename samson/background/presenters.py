"""Turn a round's representation into rows of text for the page (numbers in the active
language's format)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from samson.representativeness import GroupShare

from .selectors import RoundRepresentation, Variable


@dataclass(frozen=True)
class Row:
    name: str
    n: int
    share: str
    population_share: str
    ratio: str
    flag: str
    flag_key: str


@dataclass(frozen=True)
class VariableView:
    key: str
    title: str
    shown: bool
    total: int
    total_share: str
    declined: int
    rows: tuple[Row, ...]
    other: Row | None
    pooled: str
    has_population: bool
    population_year: int | None


def _number(value: float, places: int) -> str:
    """Rounded half up (Django's number_format alone would cut the digits off)."""
    rounded = Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return number_format(rounded, decimal_pos=places)


def percent_ratio(value: float) -> str:
    return _number(value, 2 if round(value, 1) != value else 1)


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{_number(100 * value, 1)} %"


def _flag(key: str) -> str:
    return {
        "under": _("Under-represented"),
        "over": _("Over-represented"),
        "even": _("About as in the population"),
        "unknown": _("No population figure"),
    }[key]


def _row(group: GroupShare, name: str) -> Row:
    return Row(
        name=name,
        n=group.n,
        share=_percent(group.share),
        population_share=_percent(group.population_share),
        ratio="–" if group.ratio is None else _number(group.ratio, 2),
        flag=_flag(group.flag),
        flag_key=group.flag,
    )


def _other_row(group: GroupShare, *, all_pooled: bool) -> Row:
    """The pooled groups' row. When every group that answered is pooled, the pool is all the
    respondents, and comparing it with the population says nothing about who took part."""
    row = _row(group, _("Other groups together"))
    if not all_pooled:
        return row
    return Row(
        name=_("All groups together"),
        n=row.n,
        share=row.share,
        population_share=row.population_share,
        ratio="–",
        flag=_("Not assessed: no group has enough answers to be shown on its own"),
        flag_key="not_assessed",
    )


def variables_view(data: RoundRepresentation) -> list[VariableView]:
    views = []
    for variable in data.variables:
        views.append(_variable(variable))
    return views


def _variable(variable: Variable) -> VariableView:
    result = variable.result
    titles = {"age": _("Age"), "gender": _("Gender"), "area": _("Part of the municipality")}
    return VariableView(
        key=variable.key,
        title=titles[variable.key],
        shown=result.shown,
        total=result.total,
        total_share=_percent(1.0),
        declined=variable.declined,
        rows=tuple(_row(group, variable.labels[group.key]) for group in result.rows),
        other=_other_row(result.other, all_pooled=not any(row.n for row in result.rows))
        if result.other
        else None,
        pooled=", ".join(variable.labels[key] for key in result.pooled),
        has_population=result.has_population,
        population_year=variable.population_year,
    )
