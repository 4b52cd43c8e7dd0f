"""Reading a contact list (CSV or XLSX) into checked rows: all rows or none, with every problem
named by row and column."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext

from samson.barometer.services import read_upload
from samson.projects.models import Party
from samson.surveystats.io import Cell, Table

# Column names a list may use, in any case: Norwegian or English.
COLUMNS = {
    "email": ("e-post", "epost", "e-postadresse", "email", "e-mail"),
    "name": ("navn", "name"),
    "party": ("part", "party"),
    "language": ("språk", "sprak", "målform", "language"),
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
        try:
            validate_email(email)
        except ValidationError:
            problems.append(
                Problem(
                    number,
                    columns["email"],
                    gettext("“%(value)s” is not a valid e-mail address.") % {"value": email}
                    if email
                    else gettext("The e-mail address is missing."),
                )
            )
        else:
            if normal in seen:
                problems.append(
                    Problem(
                        number,
                        columns["email"],
                        gettext("%(email)s is already on row %(row)s.")
                        % {"email": email, "row": seen[normal]},
                    )
                )
            elif normal in existing:
                problems.append(
                    Problem(
                        number,
                        columns["email"],
                        gettext("%(email)s is already on the contact list.") % {"email": email},
                    )
                )
            seen.setdefault(normal, number)
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
        language = LANGUAGES.get(language_text.lower(), "") if language_text else "nb"
        if not language:
            problems.append(
                Problem(
                    number,
                    columns["language"],
                    gettext("“%(value)s” is not a language we write in (nb, nn or en).")
                    % {"value": language_text},
                )
            )
        if party is not None and language:
            rows.append(ContactRow(normal, cell("name")[:200], party, language))
    if problems:
        raise ContactListInvalid(problems)
    if not rows:
        raise ContactListInvalid([Problem(2, "", gettext("The list has no contacts."))])
    return rows


def read_contact_file(filename: str, content: bytes) -> Table:
    """The table of an uploaded CSV or XLSX file (DataError when it cannot be read)."""
    return read_upload(filename, content)
