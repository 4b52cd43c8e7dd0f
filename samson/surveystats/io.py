"""Reading respondent data (CSV, XLSX, SPSS .sav) and population counts, with validation.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first respondent row 2.
SPSS files have no header row, so their records are numbered as cases from 1.

Files come from strangers (uploads on the web), so reading is bounded: a file that is corrupt,
of the wrong kind or too large to read safely raises FileRejected (a DataError) before it costs
much time or memory. `ReadLimits` holds the bounds; docs/barometer.md says what they are and why.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import operator
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .design import FloatArray
from .errors import DataError

Cell = str | float | None

_DELIMITERS = ",;\t"
# Text that float() reads back to exactly the same category and number: no leading zeros (a
# municipality number such as 0301 stays text), no sign on zero, no more digits than a float
# holds exactly. Turning such cells into numbers while reading makes later checks cheap.
_WHOLE_NUMBER = re.compile(r"0|-?[1-9][0-9]{0,14}")
_MEMO_SIZE = 100_000
_MAX_FIELD = 131_072  # characters in one cell: the csv module's default limit
_CHUNK_ROWS = 10_000


@dataclass(frozen=True)
class ReadLimits:
    """How much a file may hold before it is refused unread (or as soon as it is seen)."""

    max_values: int = 12_000_000
    """Rows times columns. A 19 MB CSV of one-digit answers holds about 10 million."""
    max_columns: int = 2_000
    xlsx_max_bytes: int = 12 * 1024 * 1024
    """The sum of the uncompressed sizes of an XLSX file's parts. openpyxl's safe XML parser
    (defusedxml) reads about 1.5–3 MB of sheet XML a second here, and twice over a sheet that
    does not state its size, so this keeps a read well under the server's timeout: about
    4,500 units of the 90-variable codebook. Larger data sets are imported as CSV."""
    xlsx_max_ratio: int = 200
    """Uncompressed / compressed size of any part over 1 MB; spreadsheets reach about 10–20."""
    sav_max_bytes: int = 200 * 1024 * 1024
    """Cases times the stored width of a case in a .sav file. A compressed (.zsav) file of long
    strings can hold gigabytes in a few megabytes; the 90-variable codebook takes 720 bytes a
    case, so this still allows about 290,000 units."""


DEFAULT_LIMITS = ReadLimits()


class FileRejected(DataError):
    """The file cannot be read, or not safely. `kind` names the reason and `params` its
    numbers, so that a caller can say it in the reader's language; the message is English.

    Kinds: unknown_type, empty, not_text, not_xlsx, not_sav, too_large, sav_too_large,
    too_compressed, too_many_values, too_many_columns, header_blank, header_duplicate,
    ragged_row.
    """

    def __init__(self, message: str, *, kind: str, **params: int | str) -> None:
        super().__init__(message)
        self.kind = kind
        self.params = params


@dataclass(frozen=True)
class Table:
    """Columns of raw cells, text or number, None where empty."""

    name: str
    columns: dict[str, list[Cell]]
    n_rows: int
    first_row: int = 2
    row_word: str = "row"
    user_missing: dict[str, tuple[tuple[float, float], ...]] = field(default_factory=dict)
    """The values a .sav file declares user-missing, per column, as (low, high) ranges (a
    single value has low = high); only filled when read with `keep_user_missing`."""

    def row(self, index: int) -> str:
        """How a person looking at the file would name the record at 0-based `index`."""
        return f"{self.row_word} {index + self.first_row}"

    def column(self, name: str) -> list[Cell]:
        if name not in self.columns:
            raise DataError(
                f"column '{name}' is not in {self.name} (columns: {', '.join(self.columns)})"
            )
        return self.columns[name]


def _cell(value: object) -> Cell:
    if value is None:
        return None
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        return None if math.isnan(value) else float(value)
    text = str(value).strip()
    return text or None


class WholeNumber(float):
    """A whole number read from text, shown as it was written ("7", not "7.0") in messages and
    validation reports; a float in every other respect."""

    __slots__ = ()

    def __str__(self) -> str:
        return str(int(self))


def _text_cell(text: str) -> Cell:
    text = text.strip()
    if _WHOLE_NUMBER.fullmatch(text):
        return WholeNumber(text)
    return text or None


class _Memo(dict[str, Cell]):
    """Cells by their text. Survey files repeat a few codes millions of times, so most cells
    are one dictionary look-up, done in C by map(); the memo stops growing at _MEMO_SIZE."""

    def __missing__(self, text: str) -> Cell:
        cell = _text_cell(text)
        if len(self) < _MEMO_SIZE:
            self[text] = cell
        return cell


def _header(name: str, header: Sequence[object], limits: ReadLimits) -> list[str]:
    names = [str(h).strip() if h is not None else "" for h in header]
    if len(names) > limits.max_columns:
        raise FileRejected(
            f"{name} has {len(names)} columns; at most {limits.max_columns} can be read",
            kind="too_many_columns",
            limit=limits.max_columns,
        )
    seen: set[str] = set()
    for position, column in enumerate(names, start=1):
        if not column:
            raise FileRejected(
                f"{name}: column {position} of the header has no name",
                kind="header_blank",
                position=position,
            )
        if column in seen:
            raise FileRejected(
                f"{name}: column '{column}' appears more than once in the header",
                kind="header_duplicate",
                column=column,
            )
        seen.add(column)
    return names


def _ragged(name: str, number: int, fields: int, width: int) -> FileRejected:
    return FileRejected(
        f"{name}, row {number}: {fields} fields, but the header has {width}",
        kind="ragged_row",
        row=number,
        fields=fields,
        header=width,
    )


def _too_many_values(name: str, limits: ReadLimits) -> FileRejected:
    return FileRejected(
        f"{name} holds more than {limits.max_values} values (rows × columns), more than can "
        "be read at once",
        kind="too_many_values",
        limit=limits.max_values,
    )


def _max_rows(width: int, limits: ReadLimits) -> int:
    return limits.max_values // max(width, 1)


def _drop_trailing_empty(columns: dict[str, list[Cell]], n_rows: int) -> int:
    lists = list(columns.values())
    while n_rows and all(values[n_rows - 1] is None for values in lists):
        n_rows -= 1
        for values in lists:
            values.pop()
    return n_rows


def _from_rows(
    name: str, header: Sequence[object], rows: Iterable[Sequence[object]], limits: ReadLimits
) -> Table:
    """A table from rows of values as a spreadsheet reader gives them (trailing empty rows
    dropped), refused as soon as it grows past the limits."""
    names = _header(name, header, limits)
    width = len(names)
    max_rows = _max_rows(width, limits)
    columns: dict[str, list[Cell]] = {column: [] for column in names}
    appenders = [values.append for values in columns.values()]
    n_rows = 0
    for index, row in enumerate(rows):
        if index >= max_rows:
            raise _too_many_values(name, limits)
        if len(row) > width and any(_cell(v) is not None for v in row[width:]):
            raise _ragged(name, index + 2, len(row), width)
        for position, append in enumerate(appenders):
            append(_cell(row[position]) if position < len(row) else None)
        n_rows += 1
    n_rows = _drop_trailing_empty(columns, n_rows)
    return Table(name=name, columns=columns, n_rows=n_rows)


def _read_csv(path: Path, limits: ReadLimits) -> Table:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            text = handle.read()
    except UnicodeDecodeError as error:
        raise FileRejected(
            f"{path.name} is not UTF-8 text (byte {error.start + 1})", kind="not_text"
        ) from None
    if "\x00" in text:
        raise FileRejected(f"{path.name} is not text: it holds NUL bytes", kind="not_text")
    first_line = text.split("\n", 1)[0]
    delimiter = max(_DELIMITERS, key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
        if header is None:
            raise FileRejected(f"{path.name} is empty", kind="empty")
        names = _header(path.name, header, limits)
        width = len(names)
        max_rows = _max_rows(width, limits)
        columns: dict[str, list[Cell]] = {column: [] for column in names}
        lists = list(columns.values())
        memo = _Memo()
        n_rows = 0
        # Rows come in chunks that are turned into columns by C-level loops (map over an
        # itemgetter and the memo), not one Python call per cell: 19 MB in seconds.
        while chunk := list(itertools.islice(reader, _CHUNK_ROWS)):
            if n_rows + len(chunk) > max_rows:
                raise _too_many_values(path.name, limits)
            # The csv module's own field limit is process-wide and other libraries raise it
            # (frictionless does on import), so the bound is checked here.
            if max(map(len, itertools.chain.from_iterable(chunk)), default=0) > _MAX_FIELD:
                raise csv.Error(f"field larger than field limit ({_MAX_FIELD})")
            for offset, row in enumerate(chunk):
                if len(row) != width:
                    if len(row) > width and any(field.strip() for field in row[width:]):
                        raise _ragged(path.name, n_rows + offset + 2, len(row), width)
                    chunk[offset] = (row + [""] * width)[:width]
            for position, values in enumerate(lists):
                values.extend(map(memo.__getitem__, map(operator.itemgetter(position), chunk)))
            n_rows += len(chunk)
    except csv.Error as error:
        raise FileRejected(
            f"{path.name} cannot be read as CSV (line {reader.line_num}): {error}",
            kind="not_text",
        ) from None
    n_rows = _drop_trailing_empty(columns, n_rows)
    return Table(name=path.name, columns=columns, n_rows=n_rows)


def _check_xlsx_archive(path: Path, limits: ReadLimits) -> None:
    """Refuse a zip bomb from the archive's directory alone, before anything is inflated.

    Python's zipfile never inflates a part past the size its directory entry states (it stops
    there and the CRC check fails), so the stated sizes bound what openpyxl can be made to read.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise FileRejected(
            f"{path.name} is not an Excel workbook (.xlsx)", kind="not_xlsx"
        ) from None
    total = sum(part.file_size for part in parts)
    if total > limits.xlsx_max_bytes:
        raise FileRejected(
            f"{path.name} unpacks to {total // 1_000_000} MB; at most "
            f"{limits.xlsx_max_bytes // (1024 * 1024)} MB of XLSX can be read (save large data "
            "as CSV)",
            kind="too_large",
            megabytes=limits.xlsx_max_bytes // (1024 * 1024),
        )
    for part in parts:
        if part.file_size > 1024 * 1024 and (
            part.file_size > limits.xlsx_max_ratio * max(part.compress_size, 1)
        ):
            raise FileRejected(
                f"{path.name} is compressed more than {limits.xlsx_max_ratio} to 1 "
                f"({part.filename}); it is not read",
                kind="too_compressed",
                ratio=limits.xlsx_max_ratio,
            )


def _read_xlsx(path: Path, limits: ReadLimits) -> Table:
    import openpyxl

    _check_xlsx_archive(path, limits)
    not_xlsx = FileRejected(f"{path.name} is not an Excel workbook (.xlsx)", kind="not_xlsx")
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises whatever its parts raise on a broken file
        raise not_xlsx from None
    try:
        sheets = workbook.worksheets
        sheet = sheets[0] if sheets else None
        if sheet is None or not hasattr(sheet, "reset_dimensions"):
            raise not_xlsx
        # The size a sheet states for itself can be a lie ("A1:XFD1048576") that openpyxl
        # would fill with empty cells; without it, rows are as wide as their last cell, and
        # max_col cuts every row to the header (and one more cell, to find values beyond it).
        sheet.reset_dimensions()
        first = list(
            sheet.iter_rows(min_row=1, max_row=1, max_col=limits.max_columns + 1, values_only=True)
        )
        if not first:
            raise FileRejected(f"{path.name} is empty", kind="empty")
        header = list(first[0])
        while header and _cell(header[-1]) is None:
            header.pop()
        if not header:
            raise FileRejected(
                f"{path.name}: the first row (the header) is empty", kind="header_blank", position=1
            )
        _header(path.name, header, limits)
        rows = sheet.iter_rows(min_row=2, max_col=len(header) + 1, values_only=True)
        return _from_rows(path.name, header, rows, limits)
    except DataError:
        raise
    except Exception:  # a part that breaks only while the sheet is read
        raise not_xlsx from None
    finally:
        workbook.close()


def _sav_cells(values: list[Any], is_float: bool) -> list[Cell]:
    if is_float:
        # NaN is the only value not equal to itself: a missing value.
        return [None if v != v else v for v in values]
    return [_cell(value) for value in values]


def _missing_ranges(meta: Any) -> dict[str, tuple[tuple[float, float], ...]]:
    out: dict[str, tuple[tuple[float, float], ...]] = {}
    for name, ranges in (getattr(meta, "missing_ranges", None) or {}).items():
        numeric = tuple(
            (float(r["lo"]), float(r["hi"]))
            for r in ranges
            if isinstance(r.get("lo"), int | float) and isinstance(r.get("hi"), int | float)
        )
        if numeric:
            out[str(name)] = numeric
    return out


def _read_sav(path: Path, limits: ReadLimits, keep_user_missing: bool = False) -> Table:
    import pyreadstat

    not_sav = FileRejected(f"{path.name} is not an SPSS data file (.sav)", kind="not_sav")
    try:
        _empty, meta = pyreadstat.read_sav(str(path), metadataonly=True)
    except Exception:  # pyreadstat's own errors and whatever a broken file makes it raise
        raise not_sav from None
    n_columns = len(meta.column_names)
    if n_columns > limits.max_columns:
        raise FileRejected(
            f"{path.name} has {n_columns} columns; at most {limits.max_columns} can be read",
            kind="too_many_columns",
            limit=limits.max_columns,
        )
    max_rows = _max_rows(n_columns, limits)
    # The stated number of cases can be missing (-1) or a lie: the read stops after the limit.
    if (meta.number_rows or 0) > max_rows:
        raise _too_many_values(path.name, limits)
    # The bytes a case takes as stored (a long string many thousands), so that a compressed file
    # cannot unpack to more memory than the limit, whatever number of cases it states.
    case_bytes = max(1, sum(int(width or 8) for width in meta.variable_storage_width.values()))
    max_cases = limits.sav_max_bytes // case_bytes
    sav_too_large = FileRejected(
        f"{path.name} holds more than {limits.sav_max_bytes // 2**20} MB of data",
        kind="sav_too_large",
        megabytes=limits.sav_max_bytes // 2**20,
    )
    if (meta.number_rows or 0) > max_cases:
        raise sav_too_large
    try:
        frame, meta = pyreadstat.read_sav(
            str(path), row_limit=min(max_rows, max_cases) + 1, user_missing=keep_user_missing
        )
    except Exception:
        raise not_sav from None
    if len(frame) > max_cases:
        raise sav_too_large
    if len(frame) > max_rows:
        raise _too_many_values(path.name, limits)
    columns = {
        str(name): _sav_cells(frame[name].tolist(), frame[name].dtype == np.float64)
        for name in frame.columns
    }
    return Table(
        name=path.name,
        columns=columns,
        n_rows=len(frame),
        first_row=1,
        row_word="case",
        user_missing=_missing_ranges(meta) if keep_user_missing else {},
    )


def read_table(
    path: str | Path, limits: ReadLimits = DEFAULT_LIMITS, *, keep_user_missing: bool = False
) -> Table:
    """Read a CSV (comma, semicolon or tab separated, UTF-8), XLSX (first sheet) or .sav file.

    Values a .sav file declares user-missing are empty, as SPSS leaves them out of every
    analysis; with `keep_user_missing` they keep their codes and `Table.user_missing` lists the
    declared values per column, so that the caller decides (the barometer's import keeps its
    codebook's don't-know and not-relevant codes and empties the rest).

    Raises FileRejected for a file that is corrupt, of another kind than its name says, or
    larger than `limits`, and DataError for other problems; never anything else for a bad file.
    """
    path = Path(path)
    if not path.is_file():
        raise DataError(f"file not found: {path}")
    suffix = path.suffix.lower()
    try:
        if suffix in (".csv", ".txt"):
            return _read_csv(path, limits)
        if suffix == ".xlsx":
            return _read_xlsx(path, limits)
        if suffix == ".sav":
            return _read_sav(path, limits, keep_user_missing)
    except DataError:
        raise
    except (OSError, ValueError, KeyError) as error:
        raise DataError(f"cannot read {path.name}: {error}") from error
    raise FileRejected(
        f"{path.name}: unknown file type '{suffix}' (use .csv, .xlsx or .sav)",
        kind="unknown_type",
        suffix=suffix,
    )


def _number(text: str, decimal_comma: bool) -> float:
    try:
        return float(text)
    except ValueError:
        if decimal_comma and text.count(",") == 1 and "." not in text:
            return float(text.replace(",", "."))
        raise


def numeric_column(table: Table, name: str) -> FloatArray:
    """The column as floats, NaN where empty; a non-numeric value is an error naming its row."""
    values = np.empty(table.n_rows, dtype=np.float64)
    for index, cell in enumerate(table.column(name)):
        if cell is None:
            values[index] = np.nan
        elif isinstance(cell, float):
            values[index] = cell
        else:
            try:
                values[index] = _number(cell, decimal_comma=True)
            except ValueError:
                raise DataError(
                    f"column '{name}', {table.row(index)}: '{cell}' is not a number"
                ) from None
            if not math.isfinite(values[index]):
                raise DataError(
                    f"column '{name}', {table.row(index)}: '{cell}' is not a finite number"
                )
    return values


def category(cell: Cell) -> str | None:
    """A category's key as text: 3.0 and "3" are the same category."""
    if cell is None:
        return None
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else repr(cell)
    return cell


def category_column(table: Table, name: str) -> list[str | None]:
    return [category(cell) for cell in table.column(name)]


def complete_category_column(table: Table, name: str, purpose: str) -> list[str]:
    """A category column in which every row has a value (needed for strata and weighting)."""
    values = category_column(table, name)
    result: list[str] = []
    for index, value in enumerate(values):
        if value is None:
            raise DataError(
                f"column '{name}', {table.row(index)}: no value; every respondent needs "
                f"one for {purpose}"
            )
        result.append(value)
    return result


def _counts(table: Table) -> list[float]:
    counts = numeric_column(table, "count")
    for index, count in enumerate(counts):
        if math.isnan(count) or count < 0:
            raise DataError(
                f"{table.name}, {table.row(index)}: count must be a number of at least 0"
            )
    return [float(c) for c in counts]


def read_population(path: str | Path, variables: Sequence[str]) -> dict[tuple[str, ...], float]:
    """Population cells for post-stratification: a column per variable and a `count` column.

    One row per cell of the crossed variables; columns other than these are ignored.
    """
    table = read_table(path)
    keys = [complete_category_column(table, name, "a population cell") for name in variables]
    counts = _counts(table)
    population: dict[tuple[str, ...], float] = {}
    for index, cell in enumerate(zip(*keys, strict=True)):
        if cell in population:
            described = ", ".join(f"{n}={v}" for n, v in zip(variables, cell, strict=True))
            raise DataError(f"{table.name}, {table.row(index)}: cell {described} appears twice")
        population[cell] = counts[index]
    return population


def read_margins(path: str | Path, variables: Sequence[str]) -> dict[str, dict[str, float]]:
    """Population margins for raking and linear calibration, in either of two layouts.

    Long: columns `variable`, `value`, `count`, one row per category of each margin (rows of
    other variables are ignored). Wide: a column per raking variable and `count`, one row per
    cell of the crossed variables; each margin is the sum of the counts over the others.
    """
    table = read_table(path)
    if {"variable", "value", "count"} <= set(table.columns):
        names = complete_category_column(table, "variable", "a margin")
        values = complete_category_column(table, "value", "a margin")
        counts = _counts(table)
        margins: dict[str, dict[str, float]] = {name: {} for name in variables}
        for index, (name, value) in enumerate(zip(names, values, strict=True)):
            if name not in margins:
                continue
            if value in margins[name]:
                raise DataError(f"{table.name}, {table.row(index)}: {name}={value} appears twice")
            margins[name][value] = counts[index]
        for name, margin in margins.items():
            if not margin:
                raise DataError(f"{table.name} has no rows for variable '{name}'")
        return margins
    if "count" not in table.columns or not set(variables) <= set(table.columns):
        raise DataError(
            f"{table.name}: expected columns variable, value, count (one row per category of "
            f"each margin) or {', '.join(variables)}, count (one row per cell)"
        )
    cells = read_population(path, variables)
    margins = {name: {} for name in variables}
    for cell, count in cells.items():
        for name, value in zip(variables, cell, strict=True):
            margins[name][value] = margins[name].get(value, 0.0) + count
    return margins
