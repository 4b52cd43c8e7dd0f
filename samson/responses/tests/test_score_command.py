"""The `samson score` contract: answers in, the whole profile out as JSON, clear errors."""

import io
import json
import os
import subprocess
import sys
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from samson.instrument_spec import Instrument


def _score(*args: str, stdin: str | None = None) -> dict[str, Any]:
    out = io.StringIO()
    if stdin is not None:
        sys.stdin, saved = io.StringIO(stdin), sys.stdin
    try:
        call_command("score", *args, stdout=out)
    finally:
        if stdin is not None:
            sys.stdin = saved
    return json.loads(out.getvalue())


def _grid_answers(kort: Instrument, code: int) -> dict[str, int]:
    return {item.id: code for item in kort.items if {"value", "field"} <= set(item.dimensions)}


def test_scores_a_file_and_prints_the_profile(kort, tmp_path):
    answers = _grid_answers(kort, 4)
    reversed_ids = [item_id for item_id in answers if kort.item(item_id).reverse]
    answers.update({"TYP-UTF": 1, "TYP-LOS": 1, "TYP-GJF": 2})
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers), encoding="utf-8")

    result = _score("--instrument", "samson-kort", "--answers", str(path))

    # 16 grid items at "Litt enig" (4): 75 each, but 25 for the negatively worded ones.
    expected = (75 * (16 - len(reversed_ids)) + 25 * len(reversed_ids)) / 16
    assert len(reversed_ids) == 4
    assert result["instrument"] == {
        "key": "samson-kort",
        "version": 2,
        "title": "SAMSON – rask vurdering",
    }
    assert result["overall"] == {"score": expected, "answered": 16, "dont_know": 0, "items": 16}
    assert result["typology"]["quadrant"]["id"] == "A"
    assert result["typology"]["matrix"]["name"] == "Vi må ha litt assistanse her!"
    assert [value["id"] for value in result["values"]] == [
        "likeverd",
        "utveksling",
        "laering",
        "ledelse",
    ]
    assert all(value["score"] == 62.5 for value in result["values"])


def test_reads_answers_from_stdin_and_dont_know_is_never_zero(kort):
    answers = {item_id: 9 for item_id in _grid_answers(kort, 9)}
    result = _score("--instrument", "samson-kort", "--answers", "-", stdin=json.dumps(answers))
    assert result["overall"] == {"score": None, "answered": 0, "dont_know": 16, "items": 16}
    assert result["maturity"]["level"] is None


def test_english_labels_on_request(kort):
    result = _score("--instrument", "samson-kort", "--answers", "-", "--language", "en", stdin="{}")
    assert result["lang"] == "en"
    assert result["values"][0]["label"] == kort.dimension("value", "likeverd").label.en


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ('{"NOPE": 3}', "unknown item 'NOPE'"),
        ('{"TYP-UTF": 7}', "item 'TYP-UTF': 7 is not one of the codes 1, 2, 3, 9"),
        ('{"TYP-UTF": "2"}', "item 'TYP-UTF': expected an integer code, got a string"),
        ("[1, 2]", "stdin: the answers must be a JSON object {item_id: value}"),
        ('{"a": ', "stdin: not valid JSON (line 1, column 7: Expecting value)"),
    ],
)
def test_bad_answers_are_clear_errors(kort, answers, message):
    with pytest.raises(CommandError) as error:
        _score("--instrument", "samson-kort", "--answers", "-", stdin=answers)
    assert str(error.value) == message


def test_unknown_instrument_and_missing_file(instruments, tmp_path):
    with pytest.raises(CommandError) as error:
        _score("--instrument", "ukjent", "--answers", "-", stdin="{}")
    assert str(error.value) == "no instrument ukjent is imported"
    with pytest.raises(CommandError) as error:
        _score("--instrument", "samson-kort", "--answers", str(tmp_path / "nope.json"))
    assert str(error.value) == (
        f"{tmp_path / 'nope.json'}: cannot read the answers file (No such file or directory)"
    )


def test_command_line_error_exits_non_zero_without_traceback(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "samson.config.settings.test"}
    done = subprocess.run(
        [sys.executable, "-m", "samson", "score", "--instrument", "samson", "--answers", str(path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == (
        f"CommandError: {path}: not valid JSON "
        "(line 1, column 2: Expecting property name enclosed in double quotes)\n"
    )
