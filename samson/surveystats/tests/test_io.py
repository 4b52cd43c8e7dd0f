"""Reading CSV, XLSX and SPSS files and population counts, and the errors on bad input."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pyreadstat
import pytest

from samson.surveystats import DataError
from samson.surveystats.io import (
    category_column,
    numeric_column,
    read_margins,
    read_population,
    read_table,
)

FIXTURES = Path(__file__).parent / "fixtures"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_with_semicolons_and_decimal_commas(tmp_path: Path) -> None:
    table = read_table(write(tmp_path / "d.csv", "\ufeffid;score;unit\n1;3,5;skole\n2;;helse\n"))
    assert numeric_column(table, "score")[0] == 3.5
    assert math.isnan(numeric_column(table, "score")[1])
    assert category_column(table, "unit") == ["skole", "helse"]


def test_xlsx_is_read_from_the_first_sheet(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in (["id", "score", "size"], [1, 4.5, 2], [2, None, 3]):
        sheet.append(row)
    workbook.save(tmp_path / "d.xlsx")
    table = read_table(tmp_path / "d.xlsx")
    assert table.n_rows == 2
    assert numeric_column(table, "score")[0] == 4.5
    assert category_column(table, "size") == ["2", "3"]


def test_sav_numbers_cases_from_one(tmp_path: Path) -> None:
    frame = pd.DataFrame({"score": [1.0, np.nan, 3.0], "name": ["a", "b", "x"]})
    pyreadstat.write_sav(frame, str(tmp_path / "d.sav"))
    table = read_table(tmp_path / "d.sav")
    assert np.isnan(numeric_column(table, "score")[1])
    with pytest.raises(DataError, match="^column 'name', case 1: 'a' is not a number$"):
        numeric_column(table, "name")


def test_missing_column_names_the_file_and_its_columns(tmp_path: Path) -> None:
    table = read_table(write(tmp_path / "d.csv", "a,b\n1,2\n"))
    with pytest.raises(DataError, match=r"^column 'c' is not in d.csv \(columns: a, b\)$"):
        numeric_column(table, "c")


def test_non_numeric_value_names_the_row(tmp_path: Path) -> None:
    table = read_table(write(tmp_path / "d.csv", "a\n1\n2\nabc\n"))
    with pytest.raises(DataError, match="^column 'a', row 4: 'abc' is not a number$"):
        numeric_column(table, "a")


def test_unknown_file_type(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"unknown file type '.json'"):
        read_table(write(tmp_path / "d.json", "{}"))


def test_population_cells_and_duplicates(tmp_path: Path) -> None:
    assert read_population(FIXTURES / "pop_size.csv", ["size"]) == {
        ("small",): 1800.0,
        ("medium",): 1400.0,
        ("large",): 900.0,
    }
    path = write(tmp_path / "p.csv", "size,count\nsmall,1\nsmall,2\n")
    with pytest.raises(DataError, match="^p.csv, row 3: cell size=small appears twice$"):
        read_population(path, ["size"])


def test_margins_long_and_wide_layouts() -> None:
    long = read_margins(FIXTURES / "pop_margins.csv", ["landsdel"])
    assert long == {"landsdel": {"nord": 400, "midt": 500, "vest": 900, "sor": 800, "ost": 1500}}
    wide = read_margins(FIXTURES / "pop_size_landsdel.csv", ["size", "landsdel"])
    assert wide["size"] == {"small": 660.0, "medium": 570.0, "large": 370.0}
    assert sum(wide["landsdel"].values()) == 1600.0
