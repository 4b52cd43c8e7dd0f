"""`samson population import FILE`: exact counts, replacing, and broken files import nothing."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from samson.background.models import PopulationCount

from .conftest import CSV, JSONSTAT

pytestmark = pytest.mark.django_db


def _run(path: object) -> str:
    out = io.StringIO()
    call_command("population", "import", str(path), stdout=out)
    return out.getvalue()


def _counts() -> dict[tuple[str, int, str, str], int]:
    return {
        (row.municipality_number, row.year, row.sex, row.age_band): row.count
        for row in PopulationCount.objects.all()
    }


def test_jsonstat_import_stores_exact_counts() -> None:
    assert _run(JSONSTAT) == (
        "population: 20 counts for 2 municipalities (4203, 4645), year 2024\n"
    )
    counts = _counts()
    assert len(counts) == 20
    assert counts["4203", 2024, "female", "15-24"] == 1425 + 1298
    assert counts["4203", 2024, "male", "70+"] == 975 + 797 + 502 + 303 + 150
    assert counts["4645", 2024, "female", "55-69"] == 105 + 90 + 84


def test_csv_import_and_a_second_import_replaces_instead_of_adding() -> None:
    assert _run(CSV) == "population: 20 counts for 2 municipalities (4640, 4645), year 2024\n"
    assert _counts()["4645", 2024, "male", "15-24"] == 14 + 23 + 17
    _run(JSONSTAT)  # Askvoll again, now from the five-year groups
    counts = _counts()
    assert len(counts) == 30  # Sogndal 10 (CSV) + Arendal 10 + Askvoll 10 (JSON-stat)
    assert counts["4645", 2024, "male", "15-24"] == 89 + 83
    assert counts["4640", 2024, "male", "15-24"] == 75 + 76 + 93


def test_a_broken_file_is_a_clear_error_and_imports_nothing(tmp_path) -> None:
    _run(JSONSTAT)
    before = _counts()
    doc = json.loads(JSONSTAT.read_text(encoding="utf-8"))
    doc["value"][0] = 999999  # a change that would show if anything were written
    doc["value"][-1] = "x"
    broken = tmp_path / "07459.json"
    broken.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        _run(broken)
    assert str(raised.value) == (
        "07459.json, value 76 (Askvoll, Kvinner, 90 år eller eldre, Personer, 2024): the value "
        'is "x", not a whole number of people. Nothing was imported.'
    )
    assert _counts() == before


def test_an_unknown_municipality_in_a_csv_imports_nothing(tmp_path) -> None:
    lines = CSV.read_text(encoding="utf-8").splitlines()
    lines[-1] = lines[-1].replace("4640 Sogndal", "4699 Finnes ikke")
    broken = tmp_path / "07459.csv"
    broken.write_text("\r\n".join(lines), encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        _run(broken)
    assert str(raised.value) == (
        f'07459.csv, line {len(lines)}: "4699 Finnes ikke" is not a municipality we know (the '
        "2024 municipality numbers); download the table for municipalities only. "
        "Nothing was imported."
    )
    assert PopulationCount.objects.count() == 0


def test_a_failure_while_writing_rolls_everything_back(monkeypatch) -> None:
    _run(CSV)
    before = _counts()

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(PopulationCount.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        _run(CSV)
    assert _counts() == before


def test_a_missing_file_is_named(tmp_path) -> None:
    with pytest.raises(CommandError) as raised:
        _run(tmp_path / "finnes-ikke.json")
    assert str(raised.value) == (
        f"cannot read {tmp_path / 'finnes-ikke.json'}: No such file or directory"
    )
