"""Page conditions (`show_if`), named `filters`, `not_relevant` and the kind barometer rules."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from samson.instrument_spec import (
    InstrumentError,
    load_instrument_data,
    load_instrument_file,
    missing_required,
)
from samson.instrument_spec.conditions import AllOf, AnyOf, FilterRef, ItemIn, Not

SHIPPED = Path(__file__).resolve().parents[2] / "instruments" / "shipped"


def _text(word: str) -> dict[str, str]:
    return {"nb": word, "nn": word, "en": word}


def _item(item_id: str, scale: str = "janei", kind: str = "choice") -> dict[str, Any]:
    return {
        "id": item_id,
        "type": kind,
        "scale": scale,
        "text": _text(item_id),
        "dimensions": {},
        "concept": "c",
        "source": "s",
    }


BASE: dict[str, Any] = {
    "key": "test-barometer",
    "version": 1,
    "kind": "barometer",
    "title": _text("T"),
    "description": _text("D"),
    "minutes": 5,
    "scales": [
        {
            "id": "janei",
            "type": "choice",
            "options": [{"code": 1, "label": _text("Ja")}, {"code": 0, "label": _text("Nei")}],
            "dont_know": {"code": 9, "label": _text("Vet ikke")},
        },
        {
            "id": "effekt6",
            "type": "likert",
            "min": 1,
            "max": 6,
            "labels": {str(code): _text(str(code)) for code in range(1, 7)},
            "dont_know": {"code": 9, "label": _text("Vet ikke")},
            "not_relevant": {"code": 8, "label": _text("Ikke relevant")},
        },
    ],
    "dimensions": {},
    "filters": [
        {
            "id": "innovators",
            "label": _text("Innovatører"),
            "when": {"any": [{"item": "A_1", "in": [1]}, {"item": "A_2", "in": [1]}]},
        },
        {
            "id": "quiet",
            "label": _text("Ikke-innovatører"),
            "when": {"all": [{"item": "A_1", "not_in": [1]}, {"item": "A_2", "not_in": [1]}]},
        },
    ],
    "pages": [
        {"id": "a", "title": _text("A"), "items": [_item("A_1"), _item("A_2")]},
        {
            "id": "b",
            "title": _text("B"),
            "show_if": {"filter": "innovators"},
            "items": [_item("B_1", "effekt6", "scale")],
        },
        {
            "id": "c",
            "title": _text("C"),
            "show_if": {"all": [{"filter": "quiet"}, {"not": {"item": "A_1", "in": [9]}}]},
            "items": [_item("C_1")],
        },
        {
            "id": "d",
            "title": _text("D"),
            "show_if": {"item": "B_1", "in": [5, 6]},
            "items": [_item("D_1")],
        },
    ],
}

Change = Callable[[dict[str, Any]], None]


def _problems(change: Change) -> list[str]:
    data = copy.deepcopy(BASE)
    change(data)
    with pytest.raises(InstrumentError) as error:
        load_instrument_data(data, "b.yaml")
    return [f"{p.path}: {p.message}" for p in error.value.problems]


def test_base_loads_with_typed_conditions() -> None:
    spec = load_instrument_data(copy.deepcopy(BASE)).spec
    assert spec.filter("innovators").when == AnyOf((ItemIn("A_1", (1,)), ItemIn("A_2", (1,))))
    assert spec.page("c").show_if == AllOf((FilterRef("quiet"), Not(ItemIn("A_1", (9,)))))
    assert spec.page("a").show_if is None
    assert spec.codes("B_1") == (1, 2, 3, 4, 5, 6, 9, 8)
    scale = spec.scale("effekt6")
    assert scale.not_relevant is not None and scale.label(8) == scale.not_relevant.label
    assert scale.substantive_codes == (1, 2, 3, 4, 5, 6)


@pytest.mark.parametrize(
    ("answers", "shown"),
    [
        ({}, ["A_1", "A_2"]),
        ({"A_1": 1}, ["A_1", "A_2", "B_1"]),
        ({"A_1": 1, "B_1": 6}, ["A_1", "A_2", "B_1", "D_1"]),
        ({"A_1": 0, "A_2": 0}, ["A_1", "A_2", "C_1"]),
        ({"A_1": 9, "A_2": 0}, ["A_1", "A_2"]),
        # An answer to a hidden page does not open the pages after it.
        ({"A_1": 0, "A_2": 0, "B_1": 6}, ["A_1", "A_2", "C_1"]),
        # not_in needs an answer: A_2 unanswered, so "quiet" does not hold.
        ({"A_1": 0}, ["A_1", "A_2"]),
    ],
)
def test_shown_items(answers: dict[str, int], shown: list[str]) -> None:
    spec = load_instrument_data(copy.deepcopy(BASE)).spec
    assert [item.id for item in spec.shown_items(answers)] == shown


def test_holds_ignores_non_integer_answers() -> None:
    spec = load_instrument_data(copy.deepcopy(BASE)).spec
    assert spec.holds(ItemIn("A_1", (1,)), {"A_1": True}) is False
    assert spec.page_shown("b", {"A_2": 1}) is True


def _set(path: list[Any], value: Any) -> Change:
    def change(data: dict[str, Any]) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            _set(["pages", 1, "show_if"], {"item": "Z_9", "in": [1]}),
            "pages/1/show_if/item: unknown item 'Z_9'",
        ),
        (
            _set(["pages", 1, "show_if"], {"item": "A_1", "in": [7]}),
            "pages/1/show_if/in/0: 7 is not a code of item 'A_1' (1, 0, 9)",
        ),
        (
            _set(["pages", 1, "show_if"], {"item": "A_1"}),
            "pages/1/show_if: an item condition needs exactly one of 'in' and 'not_in'",
        ),
        (
            _set(["pages", 1, "show_if"], {"item": "A_1", "in": [1], "not": {"filter": "quiet"}}),
            "pages/1/show_if: a condition needs exactly one of item, all, any, not, filter; "
            "found item, not",
        ),
        (
            _set(["pages", 1, "show_if"], {"any": [{"filter": "x"}], "in": [1]}),
            "pages/1/show_if/in: 'in' belongs with 'item', not with 'any'",
        ),
        (
            _set(["pages", 1, "show_if"], {"item": "B_1", "in": [1]}),
            "pages/1/show_if: the condition reads item 'B_1', which is not on an earlier page",
        ),
        (
            _set(["pages", 0, "show_if"], {"filter": "innovators"}),
            "pages/0/show_if: the condition reads item 'A_1', which is not on an earlier page",
        ),
        (
            _set(["pages", 1, "show_if"], {"filter": "nobody"}),
            "pages/1/show_if/filter: unknown filter 'nobody'",
        ),
        (
            _set(["filters", 0, "when"], {"filter": "quiet"}),
            "filters/0/when/filter: filter 'quiet' is defined later; "
            "a filter may only use filters before it",
        ),
        (
            _set(["filters", 1, "id"], "innovators"),
            "filters/1/id: duplicate filter id 'innovators'",
        ),
        (
            _set(["scales", 1, "not_relevant", "code"], 9),
            "scales/1/not_relevant/code: not_relevant code 9 is also the dont_know code",
        ),
        (
            _set(["scales", 1, "not_relevant", "code"], 6),
            "scales/1/not_relevant/code: not_relevant code 6 is also a code of the scale",
        ),
        (
            _set(["pages", 0, "items", 0, "id"], "A-1"),
            "pages/0/items/0/id: 'A-1' is not a variable name; barometer item ids use A-Z, 0-9 "
            "and _",
        ),
        (
            _set(["pages", 3, "items", 0, "id"], "D" * 33),
            f"pages/3/items/0/id: '{'D' * 33}' is longer than 32 characters",
        ),
        (_set(["maturity"], []), "maturity: kind barometer has no 'maturity'"),
        (
            _set(["pages", 1, "show_if"], {"all": []}),
            "pages/1/show_if/all: expected at least 1 entry, found 0",
        ),
    ],
)
def test_condition_and_barometer_rules(change: Change, expected: str) -> None:
    assert expected in _problems(change)


def test_text_items_cannot_be_read_by_conditions() -> None:
    def change(data: dict[str, Any]) -> None:
        data["pages"][0]["items"].append(
            {
                "id": "A_TXT",
                "type": "text",
                "text": _text("x"),
                "dimensions": {},
                "concept": "c",
                "source": "s",
            }
        )
        data["pages"][1]["show_if"] = {"item": "A_TXT", "in": [1]}

    assert "pages/1/show_if/item: item 'A_TXT' is a text item; conditions need codes" in (
        _problems(change)
    )


def test_not_relevant_is_refused_in_kind_samson() -> None:
    def change(data: dict[str, Any]) -> None:
        data["kind"] = "samson"

    assert "scales/1/not_relevant: 'not_relevant' is only allowed in kind barometer" in (
        _problems(change)
    )


@pytest.mark.parametrize(
    ("name", "items", "filters"),
    [
        (
            "barometer-enhet.yaml",
            81,
            ["innovators", "non_innovators", "developing", "adopters", "collaborators"],
        ),
        ("barometer-leder.yaml", 31, ["without_strategy"]),
    ],
)
def test_shipped_barometers_validate(name: str, items: int, filters: list[str]) -> None:
    spec = load_instrument_file(SHIPPED / name).spec
    assert spec.kind == "barometer"
    assert len(spec.items) == items
    assert [f.id for f in spec.filters] == filters


def test_unit_leader_routing() -> None:
    spec = load_instrument_file(SHIPPED / "barometer-enhet.yaml").spec
    none = {"B1_PRODUKT": 0, "B1_TJENESTE": 0, "B1_PROSESS": 0, "B1_KOMMUNIKASJON": 9}
    pages = [p.id for p in spec.pages if spec.page_shown(p, none)]
    assert pages == ["innovasjon", "utviklingsarbeid", "kultur", "bakgrunn"]
    developing = {**none, "B1B_UNDERVEIS": 1}
    pages = [p.id for p in spec.pages if spec.page_shown(p, developing)]
    assert pages == [
        "innovasjon",
        "utviklingsarbeid",
        "utviklingsarbeid-type",
        "fremme-hemme",
        "kultur",
        "bakgrunn",
    ]
    innovator = {**none, "B1_PROSESS": 1, "B4_NYHET": 2, "B6_INGEN": 1}
    pages = [p.id for p in spec.pages if spec.page_shown(p, innovator)]
    assert "inspirasjon" in pages and "samarbeid-fase" not in pages
    assert "utviklingsarbeid" not in pages
    assert spec.page_shown("samarbeid-fase", {**innovator, "B6_PRIVAT": 1})


def test_page_shown_and_visible_answers_ignore_answers_on_skipped_pages() -> None:
    spec = load_instrument_data(copy.deepcopy(BASE)).spec
    # B_1 = 6 was answered while A_1 was 1; A_1 is now 0, so page b is skipped and its answer
    # must not open page d.
    stale = {"A_1": 0, "A_2": 0, "B_1": 6}
    assert spec.page_shown("d", stale) is False
    assert [page.id for page in spec.shown_pages(stale)] == ["a", "c"]
    assert spec.visible_answers(stale) == {"A_1": 0, "A_2": 0}
    assert spec.visible_answers({"A_1": 1, "B_1": 6, "D_1": 0}) == {
        "A_1": 1,
        "B_1": 6,
        "D_1": 0,
    }


def test_missing_required_counts_only_shown_pages() -> None:
    def require_b(data: dict[str, Any]) -> None:
        data["pages"][1]["items"][0]["required"] = True

    data = copy.deepcopy(BASE)
    require_b(data)
    spec = load_instrument_data(data).spec
    assert missing_required(spec, {"A_1": 0, "A_2": 0}) == []
    assert missing_required(spec, {"A_1": 1, "A_2": 0}) == ["B_1"]
    assert missing_required(spec, {"A_1": 1, "A_2": 0, "B_1": 5}) == []


def test_unit_leader_required_items_follow_the_routing() -> None:
    spec = load_instrument_file(SHIPPED / "barometer-enhet.yaml").spec
    assert missing_required(spec, {}) == [
        "B1_PRODUKT",
        "B1_TJENESTE",
        "B1_PROSESS",
        "B1_KOMMUNIKASJON",
    ]
    everyone_no = {"B1_PRODUKT": 0, "B1_TJENESTE": 0, "B1_PROSESS": 0, "B1_KOMMUNIKASJON": 0}
    assert missing_required(spec, everyone_no) == []
