"""`samson population import` on corrupt and crafted files: one line, nothing imported, and
quickly (issue 13). The reader is samson.representativeness.ssb."""

from __future__ import annotations

import copy
import io
import json
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from samson.background.models import PopulationCount

from .conftest import CSV, JSONSTAT

pytestmark = pytest.mark.django_db


def _refused(path: Path) -> str:
    started = time.perf_counter()
    with pytest.raises(CommandError) as raised:
        call_command("population", "import", str(path), stdout=io.StringIO())
    assert time.perf_counter() - started < 2.0
    message = str(raised.value)
    assert "\n" not in message and message.endswith(". Nothing was imported.")
    assert PopulationCount.objects.count() == 0
    return message


def _doc() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(JSONSTAT.read_text(encoding="utf-8"))
    return doc


def _huge_sparse(doc: dict[str, Any]) -> None:
    # 4 × 4,000 × 4,000 cells claimed by dimensions listed in a few kilobytes, one value given.
    for dim in ("Kjonn", "Alder", "Tid"):
        if dim in doc["dimension"]:
            codes = [str(i) for i in range(4000)]
            doc["dimension"][dim]["category"] = {"index": codes}
            doc["size"][doc["id"].index(dim)] = 4000
    doc["value"] = {"0": 1}


def _role_is_a_list(doc: dict[str, Any]) -> None:
    # The region found only through "role", which is a list instead of an object.
    doc["id"][0] = "Sted"
    doc["dimension"]["Sted"] = doc["dimension"].pop("Region")
    doc["role"] = ["Sted"]


def _unhashable_id(doc: dict[str, Any]) -> None:
    doc["id"][0] = ["Region"]


def _superscript_key(doc: dict[str, Any]) -> None:
    doc["value"] = {"²": 1}


CRAFTED: dict[str, Callable[[dict[str, Any]], None]] = {
    "huge sparse table": _huge_sparse,
    "role as a list": _role_is_a_list,
    "a list as a dimension id": _unhashable_id,
    "a superscript digit as a cell": _superscript_key,
}


@pytest.mark.parametrize("name", sorted(CRAFTED))
def test_crafted_jsonstat_is_refused_in_one_line(tmp_path: Path, name: str) -> None:
    doc = copy.deepcopy(_doc())
    CRAFTED[name](doc)
    path = tmp_path / "07459.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    message = _refused(path)
    assert message.startswith("07459.json")


def test_the_huge_table_is_refused_by_its_size(tmp_path: Path) -> None:
    doc = _doc()
    _huge_sparse(doc)
    path = tmp_path / "07459.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert "cells; at most 2000000 can be read" in _refused(path)


def test_json_nested_past_pythons_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    assert _refused(path) == (
        "deep.json is not shaped like SSB's table (RecursionError). Nothing was imported."
    )


@pytest.mark.parametrize(
    ("prefix", "starts"),
    [
        (b"{", "random.bin is not valid JSON (line 1): "),
        (b"", "random.bin is not SSB's semicolon-separated CSV ("),
    ],
)
def test_random_bytes_are_refused(tmp_path: Path, prefix: bytes, starts: str) -> None:
    path = tmp_path / "random.bin"
    path.write_bytes(prefix + random.Random(7).randbytes(4096).replace(b"{", b"x"))
    assert _refused(path).startswith(starts)


def test_a_csv_line_too_long_for_the_reader_is_refused(tmp_path: Path) -> None:
    text = CSV.read_text(encoding="utf-8")
    path = tmp_path / "07459.csv"
    path.write_text(text + '"' + "x" * 200_000 + '"\n', encoding="utf-8")
    assert _refused(path) == (
        "07459.csv is not SSB's semicolon-separated CSV (field larger than field limit "
        "(131072)). Nothing was imported."
    )
