"""Reading a contact list (CSV or XLSX) into checked rows: all rows or none, with every problem
named by row and column."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext

from samson.accounts.models import Organisation
from samson.barometer.models import Edition
from samson.barometer.services import read_upload
from samson.core.numbers import parse_int
from samson.innovation import codelists
from samson.projects.models import Party
from samson.surveystats.io import Cell, Table

# Column names a list may use, in any case: Norwegian or English.
COLUMNS = {
    "email": ("e-post", "epost", "e-postadresse", "email", "e-mail"),
    "name": ("navn", "name"),
    "party": ("part", "party"),
    "language": ("språk", "sprak", "målform", "language"),
    "unit": ("enhet", "enhetsnavn", "unit"),
}
# The frame variables an edition's contact may carry (codebook names, docs/barometer-codebook.md),
# in the order the pages show them. Those with a code list are checked against it.
BACKGROUND = ("kommunenr", "sektor", "enhetstype", "landsdel", "storrelse", "sentralitet")
BACKGROUND_CODES: dict[str, frozenset[int]] = {
    "sektor": frozenset(codelists.SECTORS),
    "enhetstype": frozenset(codelists.UNIT_TYPES),
    "landsdel": frozenset(codelists.LANDSDELER),
    "storrelse": frozenset(codelists.SIZE_CLASSES),
    "sentralitet": frozenset(range(1, 7)),
}
LANGUAGES = {"nb": "nb", "bokmål": "nb", "nn": "nn", "nynorsk": "nn", "en": "en", "english": "en"}


@dataclass(frozen=True)
class ContactRow:
    email: str
    name: str
    party: Party
    language: str


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    message: str


class ContactListInvalid(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else str(cell)
    return str(cell).strip()


def _find_columns(table: Table) -> dict[str, str]:
    found: dict[str, str] = {}
    for header in table.columns:
        for key, names in COLUMNS.items():
            if header.strip().lower() in names and key not in found:
                found[key] = header
    return found


def _address_problem(
    problems: list[Problem],
    email: str,
    key: str,
    number: int,
    column: str,
    seen: dict[str, int],
    existing: set[str],
    same_unit: bool = False,
) -> None:
    """Add the problem with a row's address, if any: not an address, already on an earlier
    row (under the same key: the address, or address and unit), or already on the list."""
    try:
        validate_email(email)
    except ValidationError:
        problems.append(
            Problem(
                number,
                column,
                gettext("“%(value)s” is not a valid e-mail address.") % {"value": email}
                if email
                else gettext("The e-mail address is missing."),
            )
        )
        return
    first = seen.setdefault(key, number)
    if first != number:
        message = (
            gettext("%(email)s is already on row %(row)s for the same unit.")
            if same_unit
            else gettext("%(email)s is already on row %(row)s.")
        )
        problems.append(Problem(number, column, message % {"email": email, "row": first}))
    elif key in existing:
        problems.append(
            Problem(
                number,
                column,
                gettext("%(email)s is already on the contact list.") % {"email": email},
            )
        )


def _language(problems: list[Problem], text: str, number: int, column: str) -> str:
    """A row's language code (bokmål when the cell is empty), or "" with a problem added."""
    language = LANGUAGES.get(text.lower(), "") if text else "nb"
    if not language:
        problems.append(
            Problem(
                number,
                column,
                gettext("“%(value)s” is not a language we write in (nb, nn or en).")
                % {"value": text},
            )
        )
    return language


def contact_rows(table: Table, parties: list[Party], *, existing: set[str]) -> list[ContactRow]:
    """The rows of a contact list, or ContactListInvalid with every problem found.

    `existing` holds the addresses already on the list (lower case): a list may be imported in
    parts, but nobody is on it twice."""
    columns = _find_columns(table)
    problems: list[Problem] = []
    if "email" not in columns:
        problems.append(
            Problem(1, "e-post", gettext("The list needs a column named “e-post” (or “email”)."))
        )
    if "party" not in columns:
        problems.append(
            Problem(1, "part", gettext("The list needs a column named “part” (or “party”)."))
        )
    if problems:
        raise ContactListInvalid(problems)
    by_name = {party.name.strip().lower(): party for party in parties}
    by_name.update({party.preset: party for party in parties if party.preset})
    party_list = ", ".join(party.name for party in parties)
    seen: dict[str, int] = {}
    rows: list[ContactRow] = []
    for index in range(table.n_rows):
        number = index + table.first_row

        def cell(key: str, index: int = index) -> str:
            return _text(table.columns[columns[key]][index]) if key in columns else ""

        email, party_text, language_text = cell("email"), cell("party"), cell("language")
        if not (email or party_text or cell("name")):
            continue  # an empty line
        normal = email.lower()
        _address_problem(problems, email, normal, number, columns["email"], seen, existing)
        party = by_name.get(party_text.lower())
        if party is None:
            problems.append(
                Problem(
                    number,
                    columns["party"],
                    gettext("“%(value)s” is not a party of this project (%(parties)s).")
                    % {"value": party_text, "parties": party_list},
                )
            )
        language = _language(problems, language_text, number, columns.get("language", ""))
        if party is not None and language:
            rows.append(ContactRow(normal, cell("name")[:200], party, language))
    if problems:
        raise ContactListInvalid(problems)
    if not rows:
        raise ContactListInvalid([Problem(2, "", gettext("The list has no contacts."))])
    return rows


@dataclass(frozen=True)
class UnitRow:
    """One unit of a barometer edition: the address its link goes to and its background."""

    email: str
    name: str
    language: str
    background: dict[str, int]
    unit: str = ""


def _find_background(table: Table) -> dict[str, str]:
    found: dict[str, str] = {}
    for header in table.columns:
        name = header.strip().lower()
        if name in BACKGROUND and name not in found:
            found[name] = header
    return found


def _municipality_numbers() -> set[str]:
    """The municipality numbers the site knows (`samson organisations import`); empty when
    none are loaded, and then any four digits are accepted."""
    return set(
        Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)
        .exclude(municipality_number="")
        .values_list("municipality_number", flat=True)
    )


def unit_rows(
    table: Table, edition: Edition, *, existing: set[str], central: bool
) -> list[UnitRow]:
    """The units of an edition's contact list, or ContactListInvalid with every problem.

    Codes are checked against the code lists, the edition's sectors and its population frame:
    when the frame has cells, a unit must name every frame variable the cells use, with a
    combination the frame has. In central-mailbox mode (`central`) an address may appear
    once per unit, each row naming its unit; `existing` then holds "address|unit" keys."""
    columns = _find_columns(table)
    background_columns = _find_background(table)
    problems: list[Problem] = []
    if "email" not in columns:
        problems.append(
            Problem(1, "e-post", gettext("The list needs a column named “e-post” (or “email”)."))
        )
    if central and "unit" not in columns:
        problems.append(
            Problem(
                1,
                "enhet",
                gettext("A list for central mailboxes needs a column named “enhet” (or “unit”)."),
            )
        )
    cells = [dict(cell.values) for cell in edition.population_cells.all()]
    frame_names = sorted({name for values in cells for name in values})
    frame_keys = {tuple(values.get(name) for name in frame_names) for values in cells}
    for name in frame_names:
        if name not in background_columns and not (
            name == "sektor" and "enhetstype" in background_columns
        ):
            problems.append(
                Problem(
                    1,
                    name,
                    gettext(
                        "The edition's population frame uses “%(name)s”: the list needs a "
                        "column with that name."
                    )
                    % {"name": name},
                )
            )
    if problems:
        raise ContactListInvalid(problems)
    municipalities = _municipality_numbers() if "kommunenr" in background_columns else set()
    sectors = set(edition.sectors)
    seen: dict[str, int] = {}
    rows: list[UnitRow] = []
    for index in range(table.n_rows):
        number = index + table.first_row

        def cell(key: str, index: int = index) -> str:
            return _text(table.columns[columns[key]][index]) if key in columns else ""

        def value(name: str, index: int = index) -> str:
            header = background_columns.get(name)
            return _text(table.columns[header][index]) if header else ""

        email, language_text, unit = cell("email"), cell("language"), cell("unit")[:200]
        if not (email or cell("name") or unit or any(value(n) for n in BACKGROUND)):
            continue  # an empty line
        before = len(problems)
        normal = email.lower()
        key = f"{normal}|{unit.lower()}" if central else normal
        _address_problem(
            problems, email, key, number, columns["email"], seen, existing, same_unit=central
        )
        if central and not unit:
            problems.append(
                Problem(number, columns["unit"], gettext("The unit's name is missing."))
            )
        language = _language(problems, language_text, number, columns.get("language", ""))
        background: dict[str, int] = {}
        for name in BACKGROUND:
            text = value(name)
            if not text:
                continue
            header = background_columns[name]
            if name == "kommunenr":
                code = text.zfill(4) if text.isascii() and text.isdigit() else ""
                if len(code) != 4 or (municipalities and code not in municipalities):
                    problems.append(
                        Problem(
                            number,
                            header,
                            gettext("“%(value)s” is not a municipality number.") % {"value": text},
                        )
                    )
                else:
                    background[name] = int(code)
                continue
            parsed = parse_int(text)
            if parsed is None or parsed not in BACKGROUND_CODES[name]:
                problems.append(
                    Problem(
                        number,
                        header,
                        gettext("“%(value)s” is not a code of %(name)s (valid codes: %(codes)s).")
                        % {
                            "value": text,
                            "name": name,
                            "codes": ", ".join(str(c) for c in sorted(BACKGROUND_CODES[name])),
                        },
                    )
                )
            else:
                background[name] = parsed
        if "enhetstype" in background:
            # A unit type's first digit is its sector (11 nursing home: 1 health and care).
            implied = background["enhetstype"] // 10
            if background.setdefault("sektor", implied) != implied:
                problems.append(
                    Problem(
                        number,
                        background_columns["enhetstype"],
                        gettext("Unit type %(unit_type)s does not belong to sector %(sector)s.")
                        % {"unit_type": background["enhetstype"], "sector": background["sektor"]},
                    )
                )
        if sectors and "sektor" in background and background["sektor"] not in sectors:
            problems.append(
                Problem(
                    number,
                    background_columns.get("sektor", background_columns.get("enhetstype", "")),
                    gettext("Sector %(sector)s is not one of this edition's sectors.")
                    % {"sector": background["sektor"]},
                )
            )
        if frame_keys and len(problems) == before:
            missing = [n for n in frame_names if n not in background]
            if missing:
                problems.append(
                    Problem(
                        number,
                        missing[0],
                        gettext("The value of %(name)s is missing.") % {"name": missing[0]},
                    )
                )
            elif tuple(background[n] for n in frame_names) not in frame_keys:
                problems.append(
                    Problem(
                        number,
                        background_columns.get(frame_names[0], frame_names[0]),
                        gettext("The edition's population frame has no cell %(cell)s.")
                        % {"cell": ", ".join(f"{n} {background[n]}" for n in frame_names)},
                    )
                )
        if len(problems) == before:
            rows.append(UnitRow(normal, cell("name")[:200], language, background, unit))
    if problems:
        raise ContactListInvalid(problems)
    if not rows:
        raise ContactListInvalid([Problem(2, "", gettext("The list has no contacts."))])
    return rows


def read_contact_file(filename: str, content: bytes) -> Table:
    """The table of an uploaded CSV or XLSX file (DataError when it cannot be read)."""
    return read_upload(filename, content)
