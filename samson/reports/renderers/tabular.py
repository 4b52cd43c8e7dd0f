"""Data export renderers: CSV, codebook CSV, XLSX, SPSS .sav and a Frictionless data package.

Each takes a `Dataset` (samson.reports.data) and only formats it. Every text cell of every
format passes `samson.reports.safety` (formula neutralisation; in XLSX also a string cell type),
so no file can run anything in the spreadsheet of whoever opens it.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from samson.innovation.export import SPSS_VALUE_LABEL_LIMIT, spss_label

from ..data import Cell, Dataset, EditionDataset, Table, Variable
from ..safety import spreadsheet_text, xlsx_append


def _csv_value(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return spreadsheet_text(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 51, as the results page writes it, not 51.0
    return str(value)


def table_csv(table: Table) -> bytes:
    """UTF-8 CSV, comma-separated, a header of variable names, empty cells for no answer."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([variable.name for variable in table.variables])
    for row in table.rows:
        writer.writerow([_csv_value(value) for value in row])
    return out.getvalue().encode("utf-8")


def free_text_csv(dataset: Dataset) -> bytes:
    """The free-text table as CSV: round, question, text; only a header unless it was chosen."""
    return table_csv(dataset.free_texts)


def _tables(dataset: Dataset) -> tuple[Table, ...]:
    """The tables of the export: answers and scores, and the free text when it was chosen."""
    if dataset.free_text:
        return (dataset.responses, dataset.scores, dataset.free_texts)
    return (dataset.responses, dataset.scores)


def _codes_text(variable: Variable) -> str:
    return "; ".join(f"{code} = {label}" for code, label in variable.value_labels.items())


def codebook_rows(tables: Sequence[Table]) -> list[list[str]]:
    """The codebook of `tables`: a header, then one row per variable of each table."""
    rows = [
        [
            _("Table"),
            _("Variable"),
            _("Label"),
            _("Type"),
            _("Instrument"),
            _("Item"),
            _("Codes"),
            _("Description"),
        ]
    ]
    for table in tables:
        for variable in table.variables:
            rows.append(
                [
                    table.name,
                    variable.name,
                    variable.label,
                    variable.type,
                    variable.instrument,
                    variable.item_id,
                    _codes_text(variable),
                    variable.description,
                ]
            )
    return rows


def tables_codebook_csv(tables: Sequence[Table], notes: Sequence[str]) -> bytes:
    """Every variable of `tables` with its label, type, source item and codes, then `notes`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in codebook_rows(tables):
        writer.writerow([spreadsheet_text(text) for text in row])
    writer.writerow([])
    for note in notes:
        writer.writerow([spreadsheet_text(note)])
    return out.getvalue().encode("utf-8")


def codebook_csv(dataset: Dataset) -> bytes:
    """Every variable of the export with its label, type, source item and codes."""
    return tables_codebook_csv(_tables(dataset), dataset.notes)


def _sheet_title(title: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", "", title)[:31]


def xlsx(dataset: Dataset) -> bytes:
    """A workbook: answers (typed cells, frozen header), scores, free text when chosen,
    codebook and notes; text cells are strings, never formulas (safety.xlsx_append)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    bold = Font(bold=True)
    first = True
    for table in _tables(dataset):
        sheet = book.active if first else book.create_sheet()
        assert sheet is not None
        first = False
        sheet.title = _sheet_title(table.title)
        xlsx_append(sheet, [variable.name for variable in table.variables])
        for cell in sheet[1]:
            cell.font = bold
        for row in table.rows:
            xlsx_append(sheet, row)
        for index, variable in enumerate(table.variables, start=1):
            if variable.type == "date":
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = "yyyy-mm-dd"
        sheet.freeze_panes = "A2"
    codebook = book.create_sheet(_sheet_title(_("Codebook")))
    for line in codebook_rows(_tables(dataset)):
        xlsx_append(codebook, line)
    for cell in codebook[1]:
        cell.font = bold
    codebook.freeze_panes = "A2"
    about = book.create_sheet(_sheet_title(_("About")))
    xlsx_append(about, [dataset.meta.title])
    about["A1"].font = bold
    xlsx_append(about, [_("Made on %(date)s") % {"date": dataset.meta.created.isoformat()}])
    for note in dataset.notes:
        xlsx_append(about, [note])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sav_format(variable: Variable, values: list[Cell]) -> str | None:
    """Whole-number codes shown as whole numbers (F1.0, F2.0, …); text of the width of its
    longest value (A9); decimals and dates as pyreadstat writes them."""
    if variable.type == "integer":
        largest = max((abs(int(v)) for v in values if isinstance(v, int | float)), default=0)
        return f"F{len(str(largest))}.0"
    if variable.type == "string":
        widest = max((len(str(v).encode("utf-8")) for v in values if v is not None), default=1)
        return f"A{max(1, widest)}"
    return None


def _sav_measure(variable: Variable) -> str:
    if variable.type == "string":
        return "nominal"
    if variable.value_labels or variable.name == "respondent":
        return "ordinal" if variable.ordered else "nominal"
    return "scale"


def sav(dataset: Dataset) -> bytes:
    """SPSS .sav of the answers with variable labels and value labels.

    Don't know is declared user-missing (SPSS and PSPP leave it out of means, the code stays),
    Likert items are ordinal, codes are shown as whole numbers, text has a fixed width, and
    labels are cut to SPSS's limits in bytes as the barometer's files are
    (`samson.innovation.export.spss_label`). One .sav holds one table, so the free text (its
    own table) is not in it; string values and labels are neutralised as in the other
    formats, for when SPSS saves them as CSV.
    """
    import pandas as pd
    import pyreadstat

    table = dataset.responses
    columns: dict[str, Any] = {}
    formats: dict[str, str] = {}
    for index, variable in enumerate(table.variables):
        values = [row[index] for row in table.rows]
        if variable.type in ("integer", "number"):
            columns[variable.name] = pd.Series(values, dtype="float64")
        elif variable.type == "date":
            # Date objects in an object column become an SPSS DATE11 variable.
            columns[variable.name] = pd.Series(values, dtype="object")
        else:
            values = ["" if value is None else spreadsheet_text(str(value)) for value in values]
            columns[variable.name] = pd.Series(values, dtype="object")
        fmt = _sav_format(variable, values)
        if fmt is not None:
            formats[variable.name] = fmt
    frame = pd.DataFrame(columns)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data.sav"
        pyreadstat.write_sav(
            frame,
            str(path),
            file_label=spss_label(spreadsheet_text(dataset.meta.title), 64),
            column_labels={v.name: spss_label(spreadsheet_text(v.label)) for v in table.variables},
            variable_value_labels={
                v.name: {
                    float(code): spss_label(spreadsheet_text(label), SPSS_VALUE_LABEL_LIMIT)
                    for code, label in v.value_labels.items()
                }
                for v in table.variables
                if v.value_labels
            },
            missing_ranges={
                v.name: [float(code) for code in v.missing_codes]
                for v in table.variables
                if v.missing_codes
            },
            variable_measure={v.name: _sav_measure(v) for v in table.variables if v.type != "date"},
            variable_format=formats,
        )
        return path.read_bytes()


def _field(variable: Variable) -> dict[str, Any]:
    field: dict[str, Any] = {
        "name": variable.name,
        "title": variable.label,
        "type": variable.type,
    }
    description = variable.description
    if variable.value_labels:
        field["constraints"] = {"enum": list(variable.value_labels)}
        codes = _codes_text(variable)
        description = f"{description} {codes}".strip()
    if variable.instrument:
        description = f"{variable.instrument}, {variable.item_id}. {description}".strip()
    if description:
        field["description"] = description
    if variable.type == "date":
        field["format"] = "default"
    return field


def table_resource(table: Table, path: str) -> dict[str, Any]:
    """The Table Schema resource of `table`, stored as the CSV `path` of a data package."""
    return {
        "name": table.name,
        "title": table.title,
        "path": path,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {
            "fields": [_field(variable) for variable in table.variables],
            "missingValues": [""],
        },
    }


_PACKAGE_FILES = {"responses": "answers.csv", "scores": "scores.csv", "free_text": "free-text.csv"}


def datapackage_descriptor(dataset: Dataset) -> dict[str, Any]:
    return package_descriptor(
        name=dataset.name,
        title=dataset.meta.title,
        notes=dataset.notes,
        created=dataset.meta.created,
        keywords=["samson", "co-creation"],
        resources=[table_resource(t, _PACKAGE_FILES[t.name]) for t in _tables(dataset)],
    )


def package_descriptor(
    *,
    name: str,
    title: str,
    notes: Sequence[str],
    created: datetime.date,
    keywords: Sequence[str],
    resources: Sequence[dict[str, Any]],
) -> dict[str, Any]:
    """A Tabular Data Package descriptor (https://specs.frictionlessdata.io/data-package/)."""
    return {
        "profile": "tabular-data-package",
        "name": name,
        "title": title,
        "description": " ".join(notes),
        "created": datetime.datetime.combine(
            created, datetime.time(), tzinfo=datetime.UTC
        ).isoformat(),
        "keywords": list(keywords),
        "resources": list(resources),
    }


def package_zip(descriptor: dict[str, Any], members: Sequence[tuple[str, bytes]]) -> bytes:
    """A zip of `descriptor` as datapackage.json and the files `members` (name, content)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", json.dumps(descriptor, ensure_ascii=False, indent=2))
        for name, content in members:
            archive.writestr(name, content)
    return out.getvalue()


def datapackage_zip(dataset: Dataset) -> bytes:
    """A zip with datapackage.json (Table Schema for each CSV), answers.csv and scores.csv, and
    free-text.csv when the free text was chosen."""
    members = [(_PACKAGE_FILES[table.name], table_csv(table)) for table in _tables(dataset)]
    return package_zip(datapackage_descriptor(dataset), members)


_EDITION_FILES = {
    "microdata": "microdata.csv",
    "estimates": "estimates.csv",
    "frame": "frame.csv",
    "indicators": "indicators.csv",
}


def _edition_tables(dataset: EditionDataset) -> tuple[Table, ...]:
    return (dataset.microdata, dataset.estimates, dataset.frame, dataset.indicators)


def edition_descriptor(dataset: EditionDataset) -> dict[str, Any]:
    """The descriptor of an edition's package: a resource per table, the codebook's file
    (`codebook`), the survey design (`design`) and whether the data are synthetic
    (`synthetic`, also a keyword)."""
    keywords = ["samson", "innovation-barometer"]
    if dataset.synthetic:
        keywords.append("synthetic-data")
    descriptor = package_descriptor(
        name=dataset.name,
        title=dataset.meta.title,
        notes=dataset.notes,
        created=dataset.meta.created,
        keywords=keywords,
        resources=[
            table_resource(table, _EDITION_FILES[table.name]) for table in _edition_tables(dataset)
        ],
    )
    # The codebook holds notes below its table, so it is a file of the package, not a
    # tabular resource.
    descriptor["codebook"] = "codebook.csv"
    descriptor["synthetic"] = dataset.synthetic
    descriptor["design"] = dict(dataset.design)
    return descriptor


def edition_package_zip(dataset: EditionDataset) -> bytes:
    """A zip with datapackage.json, the edition's microdata, estimates, population frame and
    indicators as CSV (a Table Schema for each), and codebook.csv of every variable."""
    tables = _edition_tables(dataset)
    members = [(_EDITION_FILES[table.name], table_csv(table)) for table in tables]
    members.append(("codebook.csv", tables_codebook_csv(tables, dataset.notes)))
    return package_zip(edition_descriptor(dataset), members)
