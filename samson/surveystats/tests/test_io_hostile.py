"""Corrupt, crafted and oversized files are refused quickly with a FileRejected that names
the reason (issue 13): never another exception, never minutes of work."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat
import pytest

from samson.surveystats.io import (
    FileRejected,
    ReadLimits,
    category_column,
    numeric_column,
    read_table,
)

from . import hostile
from .hostile import write

QUICK = 1.0
"""Seconds: every refusal here takes milliseconds; this leaves room for a loaded machine."""


def _refused(path: Path, kind: str, limits: ReadLimits | None = None) -> FileRejected:
    started = time.perf_counter()
    with pytest.raises(FileRejected) as refused:
        if limits is None:
            read_table(path)
        else:
            read_table(path, limits)
    assert time.perf_counter() - started < QUICK
    assert refused.value.kind == kind, refused.value
    assert "\n" not in str(refused.value)
    return refused.value


@pytest.mark.parametrize(
    ("suffix", "kind"),
    [(".csv", "not_text"), (".txt", "not_text"), (".xlsx", "not_xlsx"), (".sav", "not_sav")],
)
def test_random_bytes_of_each_type_are_refused(tmp_path: Path, suffix: str, kind: str) -> None:
    error = _refused(write(tmp_path / f"d{suffix}", hostile.random_bytes()), kind)
    assert str(error).startswith(f"d{suffix} is not ")


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    bomb = hostile.xlsx_bomb()
    assert len(bomb) < 2_000_000
    assert hostile.first_megabyte_of_bomb() == hostile.expected_first_megabyte()
    error = _refused(write(tmp_path / "bomb.xlsx", bomb), "too_large")
    assert str(error) == (
        "bomb.xlsx unpacks to 1052 MB; at most 12 MB of XLSX can be read (save large data as CSV)"
    )
    assert error.params == {"megabytes": 12}


def test_a_part_compressed_beyond_any_spreadsheet_is_refused(tmp_path: Path) -> None:
    # Under the size limit, but 1,000 to 1: no worksheet compresses like that.
    dense = hostile.xlsx_bomb(megabytes=8)
    error = _refused(write(tmp_path / "dense.xlsx", dense), "too_compressed")
    assert error.params == {"ratio": 200}
    assert "compressed more than 200 to 1 (xl/worksheets/sheet1.xml)" in str(error)


def test_a_sheet_that_claims_to_be_huge_is_read_as_it_is(tmp_path: Path) -> None:
    # The stated size made openpyxl produce 1,048,576 rows of 16,384 empty cells.
    workbook = hostile.with_sheet(
        hostile.workbook_bytes([["a", "b"], [1, 2], [3, 4]]),
        {b'<dimension ref="A1:B3" />': b'<dimension ref="A1:XFD1048576" />'},
    )
    started = time.perf_counter()
    table = read_table(write(tmp_path / "claims.xlsx", workbook))
    assert time.perf_counter() - started < QUICK
    assert (table.n_rows, list(table.columns)) == (2, ["a", "b"])
    assert list(numeric_column(table, "b")) == [2.0, 4.0]


def test_a_value_in_the_last_cell_of_a_sheet_is_refused_quickly(tmp_path: Path) -> None:
    far = b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row></sheetData>'
    workbook = hostile.with_sheet(
        hostile.workbook_bytes([["a", "b"], [1, 2]]), {b"</sheetData>": far}
    )
    error = _refused(
        write(tmp_path / "far.xlsx", workbook), "too_many_values", ReadLimits(max_values=100_000)
    )
    assert error.params == {"limit": 100_000}


def test_a_value_beyond_the_header_is_named(tmp_path: Path) -> None:
    beyond = b'<row r="3"><c r="C3" t="n"><v>1</v></c></row></sheetData>'
    workbook = hostile.with_sheet(
        hostile.workbook_bytes([["a", "b"], [1, 2]]), {b"</sheetData>": beyond}
    )
    error = _refused(write(tmp_path / "wide.xlsx", workbook), "ragged_row")
    assert error.params == {"row": 3, "fields": 3, "header": 2}


def test_cells_far_right_of_the_header_are_not_read(tmp_path: Path) -> None:
    # Rows are cut one column past the header, so a crafted row cannot be 16,384 cells wide;
    # what lies further right is not read (docs/barometer.md says so).
    far = b'<row r="3"><c r="XFD3" t="n"><v>1</v></c></row></sheetData>'
    workbook = hostile.with_sheet(
        hostile.workbook_bytes([["a", "b"], [1, 2]]), {b"</sheetData>": far}
    )
    table = read_table(write(tmp_path / "far.xlsx", workbook))
    assert (table.n_rows, table.columns) == (1, {"a": [1.0], "b": [2.0]})


def test_a_workbook_with_a_broken_part_is_refused(tmp_path: Path) -> None:
    broken = hostile.with_sheet(
        hostile.workbook_bytes([["a"], [1]]), {b"</sheetData>": b"</sheetDat>"}
    )
    _refused(write(tmp_path / "broken.xlsx", broken), "not_xlsx")
    entity = hostile.with_sheet(
        hostile.workbook_bytes([["a"], [1]]),
        {b"<worksheet ": b'<!DOCTYPE w [<!ENTITY e "x">]><worksheet '},
    )
    _refused(write(tmp_path / "entity.xlsx", entity), "not_xlsx")


def test_a_truncated_sav_and_a_text_called_sav_are_refused(tmp_path: Path) -> None:
    frame = pd.DataFrame({"score": [1.0, 2.0, 3.0] * 100})
    pyreadstat.write_sav(frame, str(tmp_path / "whole.sav"))
    content = (tmp_path / "whole.sav").read_bytes()
    _refused(write(tmp_path / "half.sav", content[: len(content) // 2]), "not_sav")
    _refused(write(tmp_path / "text.sav", b"kommunenr,score\n301,1\n"), "not_sav")


def test_a_sav_with_too_many_values_is_refused(tmp_path: Path) -> None:
    frame = pd.DataFrame({"a": np.arange(100.0), "b": np.arange(100.0)})
    pyreadstat.write_sav(frame, str(tmp_path / "big.sav"))
    _refused(tmp_path / "big.sav", "too_many_values", ReadLimits(max_values=199))
    assert read_table(tmp_path / "big.sav", ReadLimits(max_values=200)).n_rows == 100


def test_a_compressed_sav_of_long_strings_is_refused_by_its_unpacked_size(tmp_path: Path) -> None:
    """A .zsav of long strings packs far more data than its size: bounded by cases times the
    stored width of a case, before the cases are read."""
    frame = pd.DataFrame({"tekst": ["x" * 10_000] * 200, "score": [1.0] * 200})
    pyreadstat.write_sav(frame, str(tmp_path / "strings.zsav.sav"), compress=True)
    assert (tmp_path / "strings.zsav.sav").stat().st_size < 100_000  # 2 MB of data inside
    refused = _refused(
        tmp_path / "strings.zsav.sav", "sav_too_large", ReadLimits(sav_max_bytes=2**20)
    )
    assert refused.params == {"megabytes": 1}
    assert (
        read_table(tmp_path / "strings.zsav.sav", ReadLimits(sav_max_bytes=4 * 2**20)).n_rows == 200
    )


@pytest.mark.parametrize(
    ("content", "kind", "params"),
    [
        (b"", "empty", {}),
        (b"a,,c\n1,2,3\n", "header_blank", {"position": 2}),
        (b"a,b,a\n1,2,3\n", "header_duplicate", {"column": "a"}),
        (b"a,b\n1,2\n1,2,3\n", "ragged_row", {"row": 3, "fields": 3, "header": 2}),
        (b"a,b\n1,\x002\n", "not_text", {}),
        (b'a\n"' + b"x" * 200_000 + b'"\n', "not_text", {}),
        (b"a;b\n\xff\xfe;1\n", "not_text", {}),
    ],
)
def test_malformed_csv_is_refused_with_its_reason(
    tmp_path: Path, content: bytes, kind: str, params: dict[str, object]
) -> None:
    assert _refused(write(tmp_path / "d.csv", content), kind).params == params


def test_csv_beyond_the_limits_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "d.csv", b"a,b\n" + b"1,2\n" * 50)
    _refused(path, "too_many_values", ReadLimits(max_values=99))
    assert read_table(path, ReadLimits(max_values=100)).n_rows == 50
    wide = write(tmp_path / "w.csv", b",".join(b"c%d" % i for i in range(5)))
    _refused(wide, "too_many_columns", ReadLimits(max_columns=4))


def test_unknown_type_is_a_file_rejection(tmp_path: Path) -> None:
    assert _refused(write(tmp_path / "d.exe", b"MZ"), "unknown_type").params == {"suffix": ".exe"}


def test_csv_cells_keep_their_meaning(tmp_path: Path) -> None:
    # Whole numbers are read as numbers once, everything else stays text as written.
    path = write(
        tmp_path / "d.csv",
        b"kommune;kode;vekt;navn\n0301;3;1,5;Oslo\n4203; 12 ;1.50;\n-0;-7;2;x\n\n\n",
    )
    table = read_table(path)
    assert table.n_rows == 3
    assert table.columns["kode"] == [3.0, 12.0, -7.0]
    assert [str(cell) for cell in table.columns["kode"]] == ["3", "12", "-7"]  # as written
    assert table.columns["kommune"] == ["0301", 4203.0, "-0"]
    assert category_column(table, "kommune") == ["0301", "4203", "-0"]
    assert table.columns["vekt"] == ["1,5", "1.50", 2.0]
    assert list(numeric_column(table, "vekt")) == [1.5, 1.5, 2.0]
    assert table.columns["navn"] == ["Oslo", None, "x"]


def test_a_csv_of_many_chunks_keeps_rows_and_their_numbers(tmp_path: Path) -> None:
    rows = [f"{i},{i % 7}" for i in range(25_000)]
    rows[12_000] = "short"
    path = write(tmp_path / "d.csv", ("id,code\n" + "\n".join(rows) + "\n").encode())
    table = read_table(path)
    assert table.n_rows == 25_000
    assert table.columns["id"][24_999] == 24_999.0
    assert (table.columns["id"][12_000], table.columns["code"][12_000]) == ("short", None)
    rows[15_000] = "1,2,3"
    path = write(tmp_path / "e.csv", ("id,code\n" + "\n".join(rows) + "\n").encode())
    assert _refused(path, "ragged_row").params == {"row": 15_002, "fields": 3, "header": 2}
