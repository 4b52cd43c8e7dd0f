"""Conditions over earlier answers: when a page is shown (`show_if`) and named `filters`.

The language is deliberately small (see docs/instrument-format.md, "Filters"):

    {item: B1_PRODUKT, in: [1]}        the item is answered with one of the codes
    {item: B1_PRODUKT, not_in: [1]}    the item is answered with a code not listed
    {all: [cond, ...]}                 every condition holds
    {any: [cond, ...]}                 at least one condition holds
    {not: cond}                        the condition does not hold
    {filter: innovators}               the named filter holds

An unanswered item (or an item on a page that was not shown) satisfies neither `in` nor
`not_in`, so `{not: {item: X, in: [1]}}` and `{item: X, not_in: [1]}` differ exactly on
unanswered items. Evaluation is two-valued and never raises for missing answers.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # model.py imports this module for Page.show_if
    from samson.instrument_spec.model import Text


@dataclass(frozen=True, slots=True)
class ItemIn:
    """The item is answered, and its code is (`negate` False) or is not (True) in `codes`."""

    item: str
    codes: tuple[int, ...]
    negate: bool = False


@dataclass(frozen=True, slots=True)
class AllOf:
    conditions: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class AnyOf:
    conditions: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class Not:
    condition: Condition


@dataclass(frozen=True, slots=True)
class FilterRef:
    filter: str


Condition = ItemIn | AllOf | AnyOf | Not | FilterRef


@dataclass(frozen=True, slots=True)
class Filter:
    """A named condition: the population a page (and its items) is asked of."""

    id: str
    label: Text
    when: Condition


def holds(
    condition: Condition, answers: Mapping[str, object], filters: Mapping[str, Filter]
) -> bool:
    """Whether `condition` holds for one respondent's answers ({item_id: code})."""
    if isinstance(condition, ItemIn):
        value = answers.get(condition.item)
        if not isinstance(value, int) or isinstance(value, bool):
            return False
        return (value in condition.codes) != condition.negate
    if isinstance(condition, AllOf):
        return all(holds(part, answers, filters) for part in condition.conditions)
    if isinstance(condition, AnyOf):
        return any(holds(part, answers, filters) for part in condition.conditions)
    if isinstance(condition, Not):
        return not holds(condition.condition, answers, filters)
    return holds(filters[condition.filter].when, answers, filters)


def referenced_items(condition: Condition, filters: Mapping[str, Filter]) -> Iterator[str]:
    """Every item id the condition reads, through named filters too (may repeat)."""
    if isinstance(condition, ItemIn):
        yield condition.item
    elif isinstance(condition, AllOf | AnyOf):
        for part in condition.conditions:
            yield from referenced_items(part, filters)
    elif isinstance(condition, Not):
        yield from referenced_items(condition.condition, filters)
    elif condition.filter in filters:
        yield from referenced_items(filters[condition.filter].when, filters)
