"""Build the typed Instrument from JSON data that has passed every check."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from samson.instrument_spec.conditions import (
    AllOf,
    AnyOf,
    Condition,
    Filter,
    FilterRef,
    ItemIn,
    Not,
)
from samson.instrument_spec.model import (
    Cell,
    ChoiceLimit,
    Dimension,
    Instrument,
    Item,
    MatrixCell,
    MaturityLevel,
    Option,
    Page,
    Quadrant,
    Scale,
    Text,
)


def _text(data: dict[str, Any]) -> Text:
    return Text(nb=data["nb"], nn=data["nn"], en=data["en"])


def _optional_text(data: dict[str, Any] | None) -> Text | None:
    return None if data is None else _text(data)


def _option(data: dict[str, Any]) -> Option:
    return Option(code=data["code"], label=_text(data["label"]))


def _scale(data: dict[str, Any]) -> Scale:
    if data["type"] == "likert":
        low, high = data["min"], data["max"]
        points = tuple(
            Option(code, _text(data["labels"][str(code)])) for code in range(low, high + 1)
        )
        return Scale(
            data["id"],
            "likert",
            points,
            _option(data["dont_know"]),
            low,
            high,
            not_relevant=_optional_option(data.get("not_relevant")),
        )
    options = tuple(_option(option) for option in data["options"])
    return Scale(
        data["id"],
        "choice",
        options,
        _option(data["dont_know"]),
        not_relevant=_optional_option(data.get("not_relevant")),
    )


def _optional_option(data: dict[str, Any] | None) -> Option | None:
    return None if data is None else _option(data)


def condition(data: dict[str, Any]) -> Condition:
    """The typed condition for checked condition data (a page's show_if, a filter's when)."""
    if "item" in data:
        if "in" in data:
            return ItemIn(data["item"], tuple(data["in"]))
        return ItemIn(data["item"], tuple(data["not_in"]), negate=True)
    if "all" in data:
        return AllOf(tuple(condition(part) for part in data["all"]))
    if "any" in data:
        return AnyOf(tuple(condition(part) for part in data["any"]))
    if "not" in data:
        return Not(condition(data["not"]))
    return FilterRef(data["filter"])


def _dimension(kind: str, data: dict[str, Any]) -> Dimension:
    return Dimension(
        kind=kind,
        id=data["id"],
        label=_text(data["label"]),
        description=_text(data["description"]),
        warning=_optional_text(data.get("warning")),
        advice=_optional_text(data.get("advice")),
    )


def _item(data: dict[str, Any]) -> Item:
    return Item(
        id=data["id"],
        type=data["type"],
        text=_text(data["text"]),
        concept=data["concept"],
        source=data["source"],
        dimensions=MappingProxyType(dict(data["dimensions"])),
        scale=data.get("scale"),
        help=_optional_text(data.get("help")),
        reverse=bool(data.get("reverse", False)),
        required=bool(data.get("required", False)),
    )


def _page(data: dict[str, Any]) -> Page:
    return Page(
        id=data["id"],
        title=_text(data["title"]),
        items=tuple(_item(item) for item in data["items"]),
        intro=_optional_text(data.get("intro")),
        show_if=None if "show_if" not in data else condition(data["show_if"]),
        limit=None if "limit" not in data else ChoiceLimit(**data["limit"]),
    )


def build_instrument(data: dict[str, Any]) -> Instrument:
    """The Instrument for valid data (call only after schema and rules report no problem)."""
    typology = data.get("typology", {})
    return Instrument(
        key=data["key"],
        version=data["version"],
        kind=data["kind"],
        title=_text(data["title"]),
        description=_text(data["description"]),
        minutes=data["minutes"],
        scales=tuple(_scale(scale) for scale in data["scales"]),
        dimensions=MappingProxyType(
            {
                kind: tuple(_dimension(kind, entry) for entry in entries)
                for kind, entries in data["dimensions"].items()
            }
        ),
        pages=tuple(_page(page) for page in data["pages"]),
        cells=tuple(
            Cell(
                value=cell["value"],
                field=cell["field"],
                advice=_text(cell["advice"]),
                dialogue=tuple(_text(question) for question in cell["dialogue"]),
            )
            for cell in data.get("cells", [])
        ),
        quadrants=tuple(
            Quadrant(q["id"], _text(q["label"]), _text(q["description"]))
            for q in typology.get("quadrants", [])
        ),
        matrix=tuple(
            MatrixCell(m["design"], m["production"], _text(m["name"]), _text(m["description"]))
            for m in typology.get("matrix", [])
        ),
        maturity=tuple(
            MaturityLevel(level["id"], _text(level["label"]), _text(level["description"]))
            for level in data.get("maturity", [])
        ),
        filters=tuple(
            Filter(entry["id"], _text(entry["label"]), condition(entry["when"]))
            for entry in data.get("filters", [])
        ),
    )
