"""Read SSB's population table 07459 (population by region, sex, age and year) as downloaded
from SSB's statistics bank, in JSON-stat 2.0 or in SSB's semicolon-separated CSV, and add the
people up per municipality × year × sex × age band (samson.representativeness.bands).

Any problem is a PopulationFileError whose message names it; nothing is returned then, so a
caller that stores the result stores all of a file or none of it.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .bands import AgeBandError, Sex, age_band_for


class PopulationFileError(ValueError):
    """The file cannot be read as an SSB population table; the message says why."""


MAX_CELLS = 2_000_000
"""Cells of a JSON-stat table we read; its dimensions can claim any number, sparse values fill
the rest with nothing, and every cell is looked at."""


@dataclass(frozen=True, slots=True)
class PopulationCount:
    municipality: str
    year: int
    sex: Sex
    age_band: str
    count: int


@dataclass(frozen=True, slots=True)
class PopulationTable:
    """People per municipality, year, sex and age band, sorted; ages below 15 are left out."""

    counts: tuple[PopulationCount, ...]

    @property
    def municipalities(self) -> tuple[str, ...]:
        return tuple(sorted({count.municipality for count in self.counts}))

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({count.year for count in self.counts}))

    def get(self, municipality: str, year: int, sex: Sex, age_band: str) -> int:
        for count in self.counts:
            if (count.municipality, count.year, count.sex, count.age_band) == (
                municipality,
                year,
                sex,
                age_band,
            ):
                return count.count
        raise KeyError((municipality, year, sex, age_band))


_SEX_CODES: dict[str, Sex] = {"1": "male", "2": "female"}
_SEX_LABELS: dict[str, Sex] = {
    "menn": "male",
    "mann": "male",
    "males": "male",
    "kvinner": "female",
    "kvinne": "female",
    "females": "female",
}
_REGION = re.compile(r"^(?:K-)?(\d{4})(?:\s+.*)?$")
_SINGLE_CODE = re.compile(r"^(\d{3})$")
_OPEN_CODE = re.compile(r"^F?(\d{1,3})(?:\+|G)$")
_RANGE_CODE = re.compile(r"^F?(\d{1,3})-(\d{1,3})$")
_SINGLE_LABEL = re.compile(r"^(\d{1,3}) år$")
_OPEN_LABEL = re.compile(r"^(\d{1,3}) år eller eldre$|^(\d{1,3}) years or older$")
_RANGE_LABEL = re.compile(r"^(\d{1,3}) ?[-–] ?(\d{1,3}) år$|^(\d{1,3}) ?[-–] ?(\d{1,3}) years$")
_SINGLE_EN = re.compile(r"^(\d{1,3}) years?$")


def parse_population(
    data: bytes, *, municipalities: Collection[str], name: str = "the file"
) -> PopulationTable:
    """Read `data` (JSON-stat 2.0 when it starts with "{", SSB's CSV otherwise).

    `municipalities` are the municipality numbers we know; a region outside them is an error,
    as are a missing dimension, a value that is not a whole number of people, and an age group
    that does not fit our age bands.
    """
    text = _decode(data, name)
    is_json = text.lstrip().startswith("{")
    cells = _jsonstat_cells(text, name) if is_json else _csv_cells(text, name)
    try:
        return _aggregate(cells, municipalities, name)
    except PopulationFileError:
        raise
    except csv.Error as error:  # a NUL byte, a field longer than the reader takes
        raise PopulationFileError(
            f"{name} is not SSB's semicolon-separated CSV ({error})"
        ) from None
    except (LookupError, TypeError, AttributeError, ValueError, RecursionError) as error:
        # A crafted file can put a list where a name belongs, nest JSON past Python's limit or
        # hold a line too long for the CSV reader: its shape is not SSB's, whatever the detail.
        raise PopulationFileError(
            f"{name} is not shaped like SSB's table ({type(error).__name__})"
        ) from None


@dataclass(frozen=True, slots=True)
class _Cell:
    """One value of the table: region, sex and age as the file has them (code and label)."""

    region: tuple[str, str]
    sex: tuple[str, str]
    age: tuple[str, str]
    year: str
    value: object
    where: str


def _decode(data: bytes, name: str) -> str:
    if not data.strip():
        raise PopulationFileError(f"{name} is empty")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older downloads from the statistics bank are in Windows-1252.
        return data.decode("cp1252", errors="replace")


# JSON-stat 2.0 ------------------------------------------------------------------------------

_DIMENSIONS = {
    "region": ("region",),
    "sex": ("kjonn", "kjønn", "sex"),
    "age": ("alder", "age"),
    "year": ("tid", "år", "year", "time"),
    "contents": ("contentscode", "statistikkvariabel", "contents"),
}


def _jsonstat_cells(text: str, name: str) -> Iterator[_Cell]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as error:
        raise PopulationFileError(
            f"{name} is not valid JSON (line {error.lineno}): {error.msg}"
        ) from None
    if not isinstance(doc, dict) or doc.get("class") != "dataset" or "dimension" not in doc:
        raise PopulationFileError(
            f'{name} is not a JSON-stat 2.0 dataset (it needs "class": "dataset", "id", '
            '"size", "dimension" and "value")'
        )
    ids, sizes, dimensions = doc.get("id"), doc.get("size"), doc.get("dimension")
    if (
        not isinstance(ids, list)
        or not isinstance(sizes, list)
        or not isinstance(dimensions, dict)
        or len(ids) != len(sizes)
        or not all(isinstance(size, int) and size >= 0 for size in sizes)
    ):
        raise PopulationFileError(
            f'{name}: "id" and "size" must be lists of the same length, with a whole number '
            "for each dimension"
        )
    categories: dict[str, list[tuple[str, str]]] = {}
    for dim_id, size in zip(ids, sizes, strict=True):
        codes = _jsonstat_categories(dimensions.get(dim_id), str(dim_id), name)
        if len(codes) != size:
            raise PopulationFileError(
                f'{name}: the dimension "{dim_id}" has {len(codes)} categories but its size '
                f"is {size}"
            )
        categories[str(dim_id)] = codes
    role = {}
    for kind, aliases in _DIMENSIONS.items():
        found = [dim for dim in categories if dim.lower() in aliases]
        if not found and kind == "region":
            found = list((doc.get("role") or {}).get("geo") or [])
        if not found and kind == "year":
            found = list((doc.get("role") or {}).get("time") or [])
        if not found:
            if kind == "contents":
                continue
            raise PopulationFileError(
                f"{name} has no {_KIND_NAMES[kind]} dimension (expected one of the ids "
                f"{', '.join(_DIMENSIONS[kind])}); table 07459 has region, sex, age and year"
            )
        role[kind] = str(found[0])
    for dim, codes in categories.items():
        if dim not in role.values() and len(codes) != 1:
            raise PopulationFileError(
                f'{name}: the dimension "{dim}" has {len(codes)} categories; choose one of them '
                "when downloading (only region, sex, age and year may have several)"
            )
    contents = role.get("contents")
    if contents is not None and len(categories[contents]) != 1:
        raise PopulationFileError(
            f"{name} has {len(categories[contents])} statistics variables; download only "
            '"Personer" (persons)'
        )
    total = math.prod(len(categories[dim]) for dim in categories)
    if total > MAX_CELLS:
        raise PopulationFileError(
            f"{name} has {total} cells; at most {MAX_CELLS} can be read (table 07459 for every "
            "municipality, sex and age in one year has about 76,000)"
        )
    values = _jsonstat_values(doc.get("value"), total, name)
    order = list(categories)
    strides = []
    for position in range(len(order)):
        strides.append(math.prod(len(categories[dim]) for dim in order[position + 1 :]))
    for flat in range(total):
        picked = {
            dim: categories[dim][(flat // strides[position]) % len(categories[dim])]
            for position, dim in enumerate(order)
        }
        yield _Cell(
            region=picked[role["region"]],
            sex=picked[role["sex"]],
            age=picked[role["age"]],
            year=picked[role["year"]][0],
            value=values[flat],
            where=f"value {flat + 1} ({', '.join(label for _code, label in picked.values())})",
        )


_KIND_NAMES = {
    "region": "region",
    "sex": "sex (kjønn)",
    "age": "age (alder)",
    "year": "year (tid)",
    "contents": "statistics variable",
}


def _jsonstat_categories(dimension: object, dim_id: str, name: str) -> list[tuple[str, str]]:
    """(code, label) of each category of a dimension, in index order."""
    category = dimension.get("category") if isinstance(dimension, dict) else None
    if not isinstance(category, dict):
        raise PopulationFileError(f'{name}: the dimension "{dim_id}" has no "category"')
    index = category.get("index")
    labels = category.get("label") or {}
    if isinstance(index, list):
        codes = [str(code) for code in index]
    elif isinstance(index, dict):
        if sorted(index.values()) != list(range(len(index))):
            raise PopulationFileError(
                f'{name}: the index of the dimension "{dim_id}" must number its categories '
                "0, 1, 2, …"
            )
        codes = [str(code) for code, _position in sorted(index.items(), key=lambda kv: kv[1])]
    elif isinstance(labels, dict) and len(labels) == 1:
        codes = [str(code) for code in labels]
    else:
        raise PopulationFileError(f'{name}: the dimension "{dim_id}" has no category index')
    if not isinstance(labels, dict):
        labels = {}
    return [(code, str(labels.get(code, code))) for code in codes]


def _jsonstat_values(value: object, total: int, name: str) -> Sequence[object]:
    if isinstance(value, list):
        if len(value) != total:
            raise PopulationFileError(
                f"{name} has {len(value)} values, but its dimensions make {total} cells"
            )
        return value
    if isinstance(value, dict):
        dense: list[object] = [None] * total
        for key, item in value.items():
            if not re.fullmatch(r"[0-9]{1,10}", str(key)) or int(key) >= total:
                raise PopulationFileError(f'{name}: "{key}" is not a cell of the table')
            dense[int(key)] = item
        return dense
    raise PopulationFileError(f'{name} has no "value" list')


# CSV ----------------------------------------------------------------------------------------

_CSV_COLUMNS = {
    "region": ("region",),
    "sex": ("kjønn", "kjonn", "sex"),
    "age": ("alder", "age"),
    "year": ("år", "tid", "year"),
    "contents": ("statistikkvariabel", "contents"),
}


_MAX_FIELD = 131_072
"""Characters in one cell: the csv module's default limit, checked here because that limit is
process-wide and other libraries raise it (frictionless does on import)."""


def _csv_cells(text: str, name: str) -> Iterator[_Cell]:
    rows = list(csv.reader(io.StringIO(text), delimiter=";", quotechar='"'))
    if max((len(field) for row in rows for field in row), default=0) > _MAX_FIELD:
        raise csv.Error(f"field larger than field limit ({_MAX_FIELD})")
    header_at = next(
        (
            number
            for number, row in enumerate(rows)
            if any(cell.strip().lower() == "region" for cell in row)
        ),
        None,
    )
    if header_at is None:
        raise PopulationFileError(
            f'{name} has no header row with a "region" column; expected SSB\'s semicolon-'
            'separated CSV with the columns "region";"kjønn";"alder";"år";'
            '"statistikkvariabel" and the table\'s value column'
        )
    header = [cell.strip().lower() for cell in rows[header_at]]
    columns: dict[str, int] = {}
    for kind, aliases in _CSV_COLUMNS.items():
        found = [position for position, cell in enumerate(header) if cell in aliases]
        if found:
            columns[kind] = found[0]
        elif kind != "contents":
            raise PopulationFileError(
                f'{name} has no "{aliases[0]}" column ({_KIND_NAMES[kind]}); the header is '
                f"{';'.join(rows[header_at])}"
            )
    value_column = len(header) - 1
    if value_column in columns.values():
        raise PopulationFileError(
            f"{name}: the last column of the header must hold the numbers (for example "
            '"07459: Befolkning, …")'
        )
    contents: set[str] = set()
    for number, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise PopulationFileError(
                f"{name}, line {number}: {len(row)} columns, but the header has {len(header)}"
            )
        if "contents" in columns:
            contents.add(row[columns["contents"]].strip())
            if len(contents) > 1:
                raise PopulationFileError(
                    f"{name} has more than one statistics variable "
                    f'({", ".join(sorted(contents))}); download only "Personer" (persons)'
                )

        def code_label(kind: str, row: list[str] = row) -> tuple[str, str]:
            cell = row[columns[kind]].strip()
            return (cell, cell)

        yield _Cell(
            region=code_label("region"),
            sex=code_label("sex"),
            age=code_label("age"),
            year=row[columns["year"]].strip(),
            value=row[value_column].strip(),
            where=f"line {number}",
        )


# Adding up ----------------------------------------------------------------------------------


def _aggregate(
    cells: Iterator[_Cell], municipalities: Collection[str], name: str
) -> PopulationTable:
    known = set(municipalities)
    totals: dict[tuple[str, int, Sex, str], int] = {}
    seen = 0
    for cell in cells:
        seen += 1
        where = f"{name}, {cell.where}"
        municipality = _municipality(cell.region, known, where)
        year = _year(cell.year, where)
        sex = _sex(cell.sex, where)
        band = _age_band(cell.age, where)
        count = _count(cell.value, where)
        if band is None:
            continue
        key = (municipality, year, sex, band)
        totals[key] = totals.get(key, 0) + count
    if not seen:
        raise PopulationFileError(f"{name} holds no numbers")
    return PopulationTable(
        tuple(PopulationCount(*key, count) for key, count in sorted(totals.items()))
    )


def _municipality(region: tuple[str, str], known: set[str], where: str) -> str:
    code, label = region
    for text in (code, label):
        match = _REGION.match(text)
        if match and match.group(1) in known:
            return match.group(1)
    shown = code if code == label else f"{code} {label}"
    raise PopulationFileError(
        f'{where}: "{shown}" is not a municipality we know (the 2024 municipality numbers); '
        "download the table for municipalities only"
    )


def _year(text: str, where: str) -> int:
    if not re.fullmatch(r"\d{4}", text):
        raise PopulationFileError(f'{where}: "{text}" is not a year')
    return int(text)


def _sex(sex: tuple[str, str], where: str) -> Sex:
    code, label = sex
    if code in _SEX_CODES and code != label:
        return _SEX_CODES[code]
    found = _SEX_LABELS.get(label.lower().split(" ", 1)[-1]) or _SEX_LABELS.get(label.lower())
    if found is None:
        raise PopulationFileError(
            f'{where}: "{label}" is not a sex we can use (expected Menn or Kvinner, not the '
            "total of both)"
        )
    return found


def _age_band(age: tuple[str, str], where: str) -> str | None:
    code, label = age
    ages = _ages(code) or _ages(label.lower())
    if ages is None:
        raise PopulationFileError(
            f'{where}: "{label}" is not an age or an age group (expected single years such '
            'as "17 år" or groups such as "15-19 år", not the total of all ages)'
        )
    try:
        return age_band_for(*ages)
    except AgeBandError as error:
        raise PopulationFileError(f"{where}: {error}") from None


def _ages(text: str) -> tuple[int, int | None] | None:
    ages = _ages_of(text)
    # A code such as "999" is a total, not an age: nobody in SSB's tables is older than 125.
    if ages is None or ages[0] > _OLDEST or (ages[1] is not None and ages[1] > _OLDEST):
        return None
    return ages


_OLDEST = 125


def _ages_of(text: str) -> tuple[int, int | None] | None:
    if match := _SINGLE_CODE.match(text):
        return int(match.group(1)), int(match.group(1))
    if match := _OPEN_CODE.match(text):
        return int(match.group(1)), None
    if match := _RANGE_CODE.match(text):
        return int(match.group(1)), int(match.group(2))
    if match := _SINGLE_LABEL.match(text) or _SINGLE_EN.match(text):
        return int(match.group(1)), int(match.group(1))
    if match := _OPEN_LABEL.match(text):
        return int(match.group(1) or match.group(2)), None
    if match := _RANGE_LABEL.match(text):
        low = match.group(1) or match.group(3)
        high = match.group(2) or match.group(4)
        return int(low), int(high)
    return None


def _count(value: object, where: str) -> int:
    if isinstance(value, bool):
        number: Any = None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and re.fullmatch(r"\d+", value.replace(" ", "")):
        number = int(value.replace(" ", ""))
    else:
        number = None
    if number is None or number < 0:
        shown = "empty (null)" if value is None or value == "" else f'"{value}"'
        raise PopulationFileError(f"{where}: the value is {shown}, not a whole number of people")
    return int(number)


__all__ = [
    "PopulationCount",
    "PopulationFileError",
    "PopulationTable",
    "parse_population",
]
