"""Reading respondent data (CSV, XLSX, SPSS .sav) and population counts, with validation.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first respondent row 2.
SPSS files have no header row, so their records are numbered as cases from 1.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .design import FloatArray
from .errors import DataError

Cell = str | float | None

_DELIMITERS = ",;\t"


@dataclass(frozen=True)
class Table:
    """Columns of raw cells, text or number, None where empty."""

    name: str
    columns: dict[str, list[Cell]]
    n_rows: int
    first_row: int = 2
    row_word: str = "row"

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


def _from_rows(name: str, header: Sequence[object], rows: Sequence[Sequence[object]]) -> Table:
    names = [str(h).strip() if h is not None else "" for h in header]
    for position, column in enumerate(names, start=1):
        if not column:
            raise DataError(f"{name}: column {position} of the header has no name")
        if names.count(column) > 1:
            raise DataError(f"{name}: column '{column}' appears more than once in the header")
    columns: dict[str, list[Cell]] = {column: [] for column in names}
    for index, row in enumerate(rows):
        if len(row) > len(names) and any(_cell(v) is not None for v in row[len(names) :]):
            raise DataError(
                f"{name}, row {index + 2}: {len(row)} fields, but the header has {len(names)}"
            )
        for position, column in enumerate(names):
            columns[column].append(_cell(row[position]) if position < len(row) else None)
    return Table(name=name, columns=columns, n_rows=len(rows))


def _read_csv(path: Path) -> Table:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        text = handle.read()
    first_line = text.split("\n", 1)[0]
    delimiter = max(_DELIMITERS, key=first_line.count)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    if not rows:
        raise DataError(f"{path.name} is empty")
    body = rows[1:]
    while body and not any(field.strip() for field in body[-1]):
        body.pop()
    return _from_rows(path.name, rows[0], body)


def _read_xlsx(path: Path) -> Table:
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    while rows and all(_cell(v) is None for v in rows[-1]):
        rows.pop()
    if not rows:
        raise DataError(f"{path.name} is empty")
    header = list(rows[0])
    while header and header[-1] is None:
        header.pop()
    return _from_rows(path.name, header, rows[1:])


def _read_sav(path: Path) -> Table:
    import pyreadstat

    frame, _meta = pyreadstat.read_sav(str(path))
    columns = {
        str(name): [_cell(value) for value in frame[name].tolist()] for name in frame.columns
    }
    return Table(name=path.name, columns=columns, n_rows=len(frame), first_row=1, row_word="case")


def read_table(path: str | Path) -> Table:
    """Read a CSV (comma, semicolon or tab separated, UTF-8), XLSX (first sheet) or .sav file."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"file not found: {path}")
    suffix = path.suffix.lower()
    try:
        if suffix in (".csv", ".txt"):
            return _read_csv(path)
        if suffix == ".xlsx":
            return _read_xlsx(path)
        if suffix == ".sav":
            return _read_sav(path)
    except DataError:
        raise
    except (OSError, ValueError, KeyError) as error:
        raise DataError(f"cannot read {path.name}: {error}") from error
    raise DataError(f"{path.name}: unknown file type '{suffix}' (use .csv, .xlsx or .sav)")


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
    """Population margins for raking, in either of two layouts.

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
