"""The JSON shape behind `samson score`: fixed keys, ids plus labels in the chosen language."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from samson.instrument_spec import Instrument
from samson.scoring import score
from samson.scoring.profile import Profile, extended, profile_dict

Make = Callable[..., dict[str, int | str]]

TOP_LEVEL_KEYS = [
    "instrument",
    "lang",
    "respondents",
    "overall",
    "maturity",
    "values",
    "fields",
    "cells",
    "weakest_cells",
    "strongest_cells",
    "typology",
    "reading",
    "warnings",
    "antipatterns",
    "warnings_summary",
    "barriers",
    "drivers",
    "challenges",
    "strongest_barrier",
    "strongest_driver",
    "weakest_driver",
    "main_challenge",
    "items",
]


def test_keys_are_stable_even_without_answers(instrument: Instrument, make_answers: Make) -> None:
    full = score(instrument, make_answers()).to_dict()
    empty = score(instrument, {}).to_dict()
    assert list(full) == TOP_LEVEL_KEYS
    assert list(empty) == TOP_LEVEL_KEYS
    assert empty["maturity"]["level"] is None
    assert empty["typology"]["quadrant"] is None
    assert empty["typology"]["quadrant_reason"]["id"] == "typology_incomplete"
    json.dumps(full)  # JSON-ready: no dataclasses, tuples are lists, keys are strings


@pytest.mark.parametrize(
    ("lang", "title", "level", "value", "text"),
    [
        (
            None,
            "Testinstrument",
            "Tynn samskaping",
            "Likeverd",
            "Samlet skår er 62,5 fra 6 svar; trinnet krever minst 40.",
        ),
        (
            "nn",
            "Testinstrument",
            "Tynn samskaping",
            "Likeverd",
            "Samla skår er 62,5 frå 6 svar; steget krev minst 40.",
        ),
        (
            "en",
            "Test instrument",
            "Thin co-creation",
            "Equality",
            "The overall score is 62.5 from 6 answers; this level needs at least 40.",
        ),
    ],
)
def test_labels_follow_the_language(
    instrument: Instrument,
    make_answers: Make,
    lang: str | None,
    title: str,
    level: str,
    value: str,
    text: str,
) -> None:
    # 75, 75, 75 (likeverd) and 50, 50, 50 (laering): 375 / 6 = 62.5, level tynn
    answers = make_answers(grid=4, LIK_DES_2=9, LAE_DES_1=3, LAE_GJF_1=3, LAE_EVA_1=3)
    data = score(instrument, answers).to_dict(lang)
    assert data["lang"] == (lang or "nb")
    assert data["instrument"] == {"key": "test-samson", "version": 1, "title": title}
    assert data["overall"] == {"score": 62.5, "answered": 6, "dont_know": 1, "items": 7}
    assert data["maturity"]["level"]["label"] == level
    assert data["values"][0]["id"] == "likeverd" and data["values"][0]["label"] == value
    assert data["maturity"]["reasons"][0]["text"] == text


def test_scores_are_rounded_half_up_to_one_decimal(instrument: Instrument) -> None:
    answers = {"LIK-DES-1": 5, "LIK-DES-2": 2, "LIK-GJF-1": 4, "LIK-EVA-1": 4}
    data = score(instrument, answers).to_dict("nb")
    assert data["values"][0]["score"] == 81.3  # 81.25
    assert data["fields"][0]["score"] == 87.5


def test_typology_answers_carry_codes_and_labels(
    instrument: Instrument, make_answers: Make
) -> None:
    data = score(instrument, make_answers(typology=(3, 2, 9))).to_dict("en")
    assert data["typology"]["answers"] == [
        {
            "id": "challenge",
            "label": "The challenge",
            "item": "TYP-UTF",
            "code": 3,
            "code_label": "Citizens",
            "status": "answered",
            "counts": {"3": 1},
            "dont_know": 0,
        },
        {
            "id": "solution",
            "label": "The solution",
            "item": "TYP-LOS",
            "code": 2,
            "code_label": "Together",
            "status": "answered",
            "counts": {"2": 1},
            "dont_know": 0,
        },
        {
            "id": "delivery",
            "label": "Delivery",
            "item": "TYP-GJF",
            "code": None,
            "code_label": None,
            "status": "dont_know",
            "counts": {},
            "dont_know": 1,
        },
    ]
    assert data["typology"]["matrix"] is None
    # who designed: the typology answer; who delivers: don't know, so the delivery field scores
    assert data["reading"]["basis"] == "mixed"


def test_the_typed_profile_is_what_the_dict_writes_out(
    instrument: Instrument, make_answers: Make
) -> None:
    answers = make_answers(grid=4, LIK_DES_2=9, LAE_DES_1=3, LAE_GJF_1=3, LAE_EVA_1=3)
    result = score(instrument, answers)
    profile = result.profile("en")
    data = result.to_dict("en")
    assert profile_dict(profile) == data
    assert (profile.overall.score, profile.overall.answered, profile.overall.items) == (62.5, 6, 7)
    assert profile.maturity.level is not None
    assert profile.maturity.level.label == "Thin co-creation"
    assert profile.values[0].label == "Equality" == data["values"][0]["label"]
    # Advice only where the dict has it: on the factors and the highlighted cells.
    assert "advice" not in data["values"][0] and not hasattr(profile.values[0], "advice")
    assert list(data["barriers"][0])[-1] == "advice"
    assert list(data["weakest_cells"][0])[-2:] == ["advice", "dialogue"]
    assert isinstance(data["weakest_cells"][0]["dialogue"], list)


def test_a_page_extends_the_profile_without_touching_it(
    instrument: Instrument, make_answers: Make
) -> None:
    @dataclass(frozen=True, slots=True)
    class Page(Profile):
        note: str

    profile = score(instrument, make_answers()).profile("nb")
    page = extended(profile, Page, note="ekstra", lang="nn")
    assert (page.note, page.lang, profile.lang) == ("ekstra", "nn", "nb")
    assert page.maturity is profile.maturity and page.items is profile.items
