"""The codebook's variables and the validation of an imported file against them.

Pure Python (no Django): a `samson.surveystats` table and a column mapping in; rows of
{variable: number} or a validation report out. docs/barometer.md describes the rules.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from samson.innovation import codelists
from samson.instrument_spec import Instrument
from samson.surveystats.io import Table

MAX_REPORTED = 200
"""The validation report lists at most this many problems (and says how many there were)."""


@dataclass(frozen=True)
class Variable:
    """A codebook variable: its name, the codes it may take (None = any number), whether it
    must be a whole number, and its non-substantive codes (don't know, not relevant)."""

    name: str
    codes: frozenset[int] | None
    integer: bool = True
    positive: bool = False
    missing_codes: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Problem:
    """One failing value: the row as the file names it, the file column, the value, and why
    (`kind`: unknown_variable, no_column, not_number, not_positive, not_whole, not_code,
    too_many, and no_id or id_too_long in an id column; for not_code, `detail` lists the
    valid codes; for too_many, the columns are the row's chosen ones, the value how many they
    are and `detail` how many may be; for id_too_long, `detail` is the longest allowed)."""

    row: str
    column: str
    value: str
    kind: str
    detail: str = ""


@dataclass(frozen=True)
class Limit:
    """At most `at_most` of these variables may have `code` in one row (a page's limit)."""

    names: tuple[str, ...]
    code: int
    at_most: int


@dataclass(frozen=True)
class Report:
    rows: list[dict[str, float | None]]
    problems: list[Problem]
    total_problems: int

    @property
    def ok(self) -> bool:
        return self.total_problems == 0


def frame_variables() -> list[Variable]:
    """The background (frame) variables of the codebook, in codebook order."""
    return [
        Variable("kommunenr", None),
        Variable("fylkesnr", None),
        Variable("landsdel", frozenset(codelists.LANDSDELER)),
        Variable("storrelse", frozenset(codelists.SIZE_CLASSES)),
        Variable("sentralitet", frozenset(range(1, 7))),
        Variable("kostragruppe", frozenset(range(1, 17))),
        Variable("sektor", frozenset(codelists.SECTORS)),
        Variable("enhetstype", frozenset(codelists.UNIT_TYPES)),
        Variable("vekt", None, integer=False, positive=True),
    ]


ORGAN_TYPE = Variable("organtype", frozenset(codelists.ORGAN_TYPES))
"""The kind of organisation (1 municipality, 2 county authority): a background variable of the
chief-executive survey only."""
LEADER_SURVEY = "barometer-leder"


def background_variables(instrument_key: str) -> list[Variable]:
    """The frame variables of the survey answered with this instrument, in codebook order."""
    out = frame_variables()
    if instrument_key == LEADER_SURVEY:
        out.insert(2, ORGAN_TYPE)
    return out


def codebook_variables(instrument: Instrument) -> list[Variable]:
    """Frame variables, then every item of the instrument with its scale's codes."""
    out = background_variables(instrument.key)
    for item in instrument.items:
        scale = instrument.scale_for(item)
        if scale is not None:
            extra = () if scale.not_relevant is None else (scale.not_relevant.code,)
            missing = frozenset((scale.dont_know.code, *extra))
            out.append(Variable(item.id, frozenset(scale.codes), missing_codes=missing))
    return out


def codebook_limits(instrument: Instrument) -> list[Limit]:
    """The instrument's "choose up to three" rules as limits on variables."""
    return [
        Limit(tuple(item.id for item in page.items), page.limit.code, page.limit.at_most)
        for page in instrument.pages
        if page.limit is not None
    ]


def _number(cell: str | float | None) -> float | None:
    if cell is None:
        return None
    if isinstance(cell, float):
        return cell
    text = cell.strip().replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return math.nan


def _check(variable: Variable, value: float) -> tuple[str, str] | None:
    if math.isnan(value) or math.isinf(value):
        return "not_number", ""
    if variable.positive and value <= 0:
        return "not_positive", ""
    if variable.integer and value != int(value):
        return "not_whole", ""
    if variable.codes is not None and int(value) not in variable.codes:
        return "not_code", ", ".join(str(code) for code in sorted(variable.codes))
    return None


def _read_as_missing(
    value: float, ranges: Sequence[tuple[float, float]], variable: Variable
) -> bool:
    """Whether a value the file declares user-missing becomes an empty cell: yes, unless it
    is one of the variable's own don't-know or not-relevant codes."""
    if not any(low <= value <= high for low, high in ranges):
        return False
    whole = math.isfinite(value) and value == int(value)
    return not (whole and int(value) in variable.missing_codes)


def validate(
    table: Table,
    mapping: Mapping[str, str],
    variables: list[Variable],
    limits: Sequence[Limit] = (),
) -> Report:
    """Every mapped column checked against its variable, and every row against the limits;
    rows only when nothing fails.

    `mapping` is codebook variable -> file column. An empty cell is a missing value. A value
    the file declares user-missing (`table.user_missing`, from a .sav) keeps its code when the
    code is the variable's don't know or not relevant (the codebook's 9 and 8, which the
    indicators treat as the codebook says), and is otherwise a missing value, as SPSS treats
    it: a .sav that declares 9 missing on a yes/no item and a CSV with 9 give the same
    estimates, and 99 declared missing is read as an empty cell.
    """
    known = {variable.name: variable for variable in variables}
    problems: list[Problem] = []
    total = 0
    for name, column in mapping.items():
        if name not in known:
            problems.append(Problem("–", column, name, "unknown_variable"))
            total += 1
        elif column not in table.columns:
            problems.append(Problem("–", column, "", "no_column"))
            total += 1
    if total:
        return Report([], problems, total)
    rows: list[dict[str, float | None]] = [{} for _ in range(table.n_rows)]
    for name, column in mapping.items():
        variable = known[name]
        declared = table.user_missing.get(column, ())
        for index, cell in enumerate(table.columns[column]):
            value = _number(cell)
            if value is not None and declared and _read_as_missing(value, declared, variable):
                value = None
            if value is not None:
                failure = _check(variable, value)
                if failure is not None:
                    total += 1
                    if len(problems) < MAX_REPORTED:
                        problems.append(Problem(table.row(index), column, str(cell), *failure))
                    continue
            rows[index][name] = value
    for limit in limits:
        for index, row in enumerate(rows):
            chosen = [name for name in limit.names if row.get(name) == limit.code]
            if len(chosen) > limit.at_most:
                total += 1
                if len(problems) < MAX_REPORTED:
                    columns = ", ".join(mapping[name] for name in chosen)
                    problem = Problem(
                        table.row(index), columns, str(len(chosen)), "too_many", str(limit.at_most)
                    )
                    problems.append(problem)
    return Report([] if total else rows, problems, total)


# ----------------------------------------------------------------------------- duplicates

ID_MAX_LENGTH = 100
"""An id longer than this is refused (it is stored beside the unit's answers)."""
SYNTHETIC_COLUMN = "synthetic"
"""The column the synthetic generator (samson.innovation.synthetic) sets to 1 on every row."""

Key = str | tuple[float | None, ...]


@dataclass(frozen=True)
class Duplicate:
    """A row of the file that repeats another: `row` as the file names it, the unit's id
    (empty when rows are compared by their values), and what it repeats: an earlier row of the
    same file (`kind` "in_file", `other` that row) or a unit already in the edition (`kind`
    "existing", `other` the unit's number there)."""

    row: str
    id: str
    kind: str
    other: str


def unit_id(cell: str | float | None) -> str:
    """An id cell as text: whole numbers without ".0" (a spreadsheet's 17.0 is the CSV's 17),
    other text stripped and in Unicode's composed form, so one id is written one way."""
    if cell is None:
        return ""
    if isinstance(cell, float):
        if math.isfinite(cell) and cell == int(cell):
            return str(int(cell))
        return repr(cell)
    return unicodedata.normalize("NFC", cell.strip())


def unit_ids(table: Table, column: str) -> tuple[list[str], list[Problem]]:
    """The id of every row in `column`, and a problem for each row with none or a too long one."""
    ids = [unit_id(cell) for cell in table.columns[column]]
    problems = []
    for index, value in enumerate(ids):
        if not value:
            problems.append(Problem(table.row(index), column, "", "no_id"))
        elif len(value) > ID_MAX_LENGTH:
            problems.append(
                Problem(table.row(index), column, value[:40], "id_too_long", str(ID_MAX_LENGTH))
            )
    return ids, problems


def row_key(row: Mapping[str, float | None], names: Sequence[str]) -> tuple[float | None, ...]:
    """What two rows must share to be identical: their value of every mapped variable."""
    return tuple(row.get(name) for name in names)


def duplicates(
    keys: Sequence[Key],
    labels: Sequence[str],
    ids: Sequence[str],
    existing: Mapping[Key, str],
) -> list[Duplicate]:
    """Every row whose key an earlier row of the file has, or a unit already in the edition has
    (`existing`: key -> that unit's number), in the file's order."""
    first: dict[Key, str] = {}
    found = []
    for key, label, unit in zip(keys, labels, ids, strict=True):
        if key in first:
            found.append(Duplicate(label, unit, "in_file", first[key]))
            continue
        first[key] = label
        if key in existing:
            found.append(Duplicate(label, unit, "existing", existing[key]))
    return found


def synthetic_flags(table: Table) -> list[bool]:
    """Which rows carry the synthetic generator's mark: 1 in a column named `synthetic` (any
    case), as `samson barometer synthetic` writes on every row of its CSV and .sav files."""
    column = next((c for c in table.columns if c.strip().lower() == SYNTHETIC_COLUMN), None)
    if column is None:
        return [False] * table.n_rows
    return [_number(cell) == 1 for cell in table.columns[column]]
