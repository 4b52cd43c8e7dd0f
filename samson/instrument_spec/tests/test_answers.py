from __future__ import annotations

import pytest

from samson.instrument_spec import (
    AnswerError,
    LoadedInstrument,
    dont_know_code,
    is_dont_know,
    missing_required,
    validate_answers,
)


def test_valid_answers_come_back_in_item_order(loaded: LoadedInstrument) -> None:
    answers = {"FRI-BRA": "Godt samarbeid", "LIK-DES-1": 9, "TYP-UTF": 3}
    assert list(validate_answers(loaded.spec, answers).items()) == [
        ("TYP-UTF", 3),
        ("LIK-DES-1", 9),
        ("FRI-BRA", "Godt samarbeid"),
    ]


def test_every_problem_is_reported(loaded: LoadedInstrument) -> None:
    answers: dict[str, object] = {
        "NOPE": 1,
        "LIK-DES-1": 6,
        "LIK-DES-2": True,
        "LIK-GJF-1": 4.0,
        "TYP-UTF": 0,
        "TYP-LOS": "2",
        "FRI-BRA": 3,
        "LAE-DES-1": None,
    }
    with pytest.raises(AnswerError) as caught:
        validate_answers(loaded.spec, answers)
    assert caught.value.messages == [
        "item 'FRI-BRA': expected a string, got an integer",
        "item 'LAE-DES-1': expected an integer code, got null",
        "item 'LIK-DES-1': 6 is not one of the codes 1, 2, 3, 4, 5, 9",
        "item 'LIK-DES-2': expected an integer code, got a boolean",
        "item 'LIK-GJF-1': expected an integer code, got a number",
        "unknown item 'NOPE'",
        "item 'TYP-LOS': expected an integer code, got a string",
        "item 'TYP-UTF': 0 is not one of the codes 1, 2, 3, 9",
    ]


def test_text_length_limit(loaded: LoadedInstrument) -> None:
    with pytest.raises(AnswerError) as caught:
        validate_answers(loaded.spec, {"FRI-BRA": "x" * 5001})
    assert caught.value.messages == ["item 'FRI-BRA': text is longer than 5000 characters"]


def test_dont_know_helpers(loaded: LoadedInstrument) -> None:
    spec = loaded.spec
    assert dont_know_code(spec, "LIK-DES-1") == 9
    assert dont_know_code(spec, "FRI-BRA") is None
    assert is_dont_know(spec, "TYP-UTF", 9) is True
    assert is_dont_know(spec, "TYP-UTF", 3) is False
    assert is_dont_know(spec, "FRI-BRA", "9") is False


def test_missing_required(loaded: LoadedInstrument) -> None:
    assert missing_required(loaded.spec, {}) == ["LAE-EVA-1"]
    assert missing_required(loaded.spec, {"LAE-EVA-1": 9}) == []
