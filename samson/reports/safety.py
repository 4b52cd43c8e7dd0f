"""Two rules every export of SAMSON follows, in one place (docs/reports-and-exports.md).

1. **Cells a spreadsheet cannot run.** A text cell that begins with a character a spreadsheet
   reads as the start of a formula gets a leading single quote, as OWASP's CSV-injection guidance
   says (https://owasp.org/www-community/attacks/CSV_Injection). Numbers stay numbers: -2 is a
   number, "-2+3" typed by a participant is text and is neutralised.
2. **Rows in no telling order.** Rows about respondents are put in an order that is random but
   fixed for the data (`fixed_order`): the same data exported twice come out in the same order,
   other data (another round, one more answer) in an unrelated one, and nobody without the
   server's secret can tell the arrival order from it.

Pure: no Django, so the barometer's exports and the project exports share it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Hashable, Iterable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")

# OWASP's list (=, +, -, @, tab, carriage return) and the null character that OWASP ASVS 5.0
# (requirement 1.2.10) adds.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")

# Characters XML 1.0, and therefore an XLSX file, cannot hold (tab, LF and CR it can).
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def spreadsheet_text(text: str) -> str:
    """`text` as a cell no spreadsheet evaluates: a single quote before a formula start."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def spreadsheet_cell(value: Any) -> Any:
    """A cell ready for CSV, XLSX or SPSS: text neutralised, numbers and dates unchanged."""
    if isinstance(value, str):
        return spreadsheet_text(value)
    return value


def xlsx_text(text: str) -> str:
    r"""Neutralised text as an XLSX cell holds it.

    Neutralised first, so "\r=1" becomes "'\r=1". Then the control characters an XLSX file
    cannot hold are replaced by U+FFFD (participants' free text could hold them, and openpyxl
    would refuse the whole workbook), and a carriage return becomes a line feed, as XML's
    end-of-line handling turns it anyway when the file is read: the value written is the value
    read back.
    """
    text = _XML_ILLEGAL.sub("\ufffd", spreadsheet_text(text))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def xlsx_append(sheet: Any, values: Iterable[Any]) -> None:
    """Append a row to an openpyxl worksheet with every text cell written as a string.

    openpyxl turns a str that starts with "=" into a formula cell. Neutralised text never starts
    with "=", and each text cell's type is set to string as well, so no cell of a SAMSON
    workbook is a formula whatever it holds.
    """
    row = [xlsx_text(value) if isinstance(value, str) else value for value in values]
    sheet.append(row)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def fixed_order(keys: Sequence[Hashable], seed: bytes) -> list[int]:
    """The positions 0…n−1 of `keys` in a random order fixed by `seed`.

    Each position is ranked by HMAC-SHA256(seed, key): a pseudo-random function, so without the
    seed (derived from the server's secret and the data's identity) the order says nothing about
    the keys' own order, and the same seed and keys always give the same order. Keys must be
    distinct (database ids, or the positions themselves).
    """

    def rank(index: int) -> bytes:
        return hmac.new(seed, repr(keys[index]).encode("utf-8"), hashlib.sha256).digest()

    return sorted(range(len(keys)), key=rank)


def data_fingerprint(parts: Iterable[object]) -> str:
    """A SHA-256 over the parts' text: the identity of the data an export is made of."""
    digest = hashlib.sha256()
    for part in parts:
        if isinstance(part, bytes):
            digest.update(part)
        else:
            digest.update(repr(part).encode("utf-8"))
        digest.update(b"\x1f")
    return digest.hexdigest()
