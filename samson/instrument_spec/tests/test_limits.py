"""A page's `limit` ("choose up to three"): loading, its rules, and answers that break it."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from samson.instrument_spec import (
    AnswerError,
    ChoiceLimit,
    InstrumentError,
    load_instrument_data,
    load_instrument_file,
    validate_answers,
)
from samson.instrument_spec.tests.test_conditions import BASE, SHIPPED, _item, _text

OPTIONS = ("V_1", "V_2", "V_3", "V_4", "V_5")


def _with_limit(limit: dict[str, Any], items: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    data["pages"].append(
        {
            "id": "velg",
            "title": _text("Velg"),
            "limit": limit,
            "items": items if items is not None else [_item(option) for option in OPTIONS],
        }
    )
    return data


def _problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(InstrumentError) as error:
        load_instrument_data(data, "b.yaml")
    return [f"{p.path}: {p.message}" for p in error.value.problems]


def test_a_limit_loads_as_a_choice_limit() -> None:
    spec = load_instrument_data(_with_limit({"code": 1, "at_most": 3}), "b.yaml").spec
    assert spec.pages[-1].limit == ChoiceLimit(code=1, at_most=3)
    assert spec.pages[0].limit is None


def test_answers_over_the_limit_are_refused_and_up_to_it_kept() -> None:
    spec = load_instrument_data(_with_limit({"code": 1, "at_most": 3}), "b.yaml").spec
    three = {"V_1": 1, "V_2": 1, "V_3": 1, "V_4": 0, "V_5": 9}
    assert validate_answers(spec, three) == three
    with pytest.raises(AnswerError) as caught:
        validate_answers(spec, {**three, "V_5": 1, "A_1": 7})
    assert caught.value.messages == [
        "item 'A_1': 7 is not one of the codes 1, 0, 9",
        "page 'velg': 4 items answered 1, at most 3 may be",
    ]
    assert spec.pages[-1].limit is not None
    assert spec.pages[-1].limit.exceeded(spec.pages[-1], {**three, "V_4": 1}) == 4
    assert spec.pages[-1].limit.exceeded(spec.pages[-1], three) is None


def test_the_limit_rules() -> None:
    assert _problems(
        _with_limit({"code": 2, "at_most": 1}, [_item("V_1"), _item("V_2", "effekt6", "scale")])
    ) == [
        "pages/4/items/0: the page's limit counts code 2, which this item's scale lacks",
        "pages/4/items/1: a page with a limit has only choice items",
    ]
    assert _problems(_with_limit({"code": 1, "at_most": 5})) == [
        "pages/4/limit/at_most: at_most (5) must be less than the number of items on the page "
        "(5), or the limit never applies"
    ]
    assert _problems(_with_limit({"code": 1, "at_most": 0, "of": 3})) == [
        "pages/4/limit: Additional properties are not allowed ('of' was unexpected)",
        "pages/4/limit/at_most: 0 is less than the minimum of 1",
    ]


def test_the_shipped_barometers_allow_three_initiators_and_three_reasons() -> None:
    for name, page_id, first, last in (
        ("barometer-enhet.yaml", "initiativ", "B5_LEDER", "B5_ANNET"),
        ("barometer-leder.yaml", "grunner", "L5_OKONOMI", "L5_ANNET"),
    ):
        spec = load_instrument_file(SHIPPED / name).spec
        assert spec.version == 2
        limited = [page for page in spec.pages if page.limit is not None]
        assert [(page.id, page.limit) for page in limited] == [(page_id, ChoiceLimit(1, 3))]
        assert (limited[0].items[0].id, limited[0].items[-1].id) == (first, last)
