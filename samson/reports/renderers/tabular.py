"""Data export renderers: CSV, codebook CSV, XLSX, SPSS .sav and a Frictionless data package.

Each takes a `Dataset` (samson.reports.data) and only formats it.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from ..data import Cell, Dataset, Table, Variable


def _csv_value(value: Cell) -> str:
    if value is None:
        return ""
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


def _codes_text(variable: Variable) -> str:
    return "; ".join(f"{code} = {label}" for code, label in variable.value_labels.items())


def _codebook_rows(dataset: Dataset) -> list[list[str]]:
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
    for table in (dataset.responses, dataset.scores):
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


def codebook_csv(dataset: Dataset) -> bytes:
    """Every variable of the export with its label, type, source item and codes."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows(_codebook_rows(dataset))
    writer.writerow([])
    for note in dataset.notes:
        writer.writerow([note])
    return out.getvalue().encode("utf-8")


def _sheet_title(title: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", "", title)[:31]


def xlsx(dataset: Dataset) -> bytes:
    """A workbook: answers (typed cells, frozen header), scores, codebook and notes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    bold = Font(bold=True)
    first = True
    for table in (dataset.responses, dataset.scores):
        sheet = book.active if first else book.create_sheet()
        assert sheet is not None
        first = False
        sheet.title = _sheet_title(table.title)
        sheet.append([variable.name for variable in table.variables])
        for cell in sheet[1]:
            cell.font = bold
        for row in table.rows:
            sheet.append(list(row))
        for index, variable in enumerate(table.variables, start=1):
            if variable.type == "date":
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = "yyyy-mm-dd"
        sheet.freeze_panes = "A2"
    codebook = book.create_sheet(_sheet_title(_("Codebook")))
    for line in _codebook_rows(dataset):
        codebook.append(line)
    for cell in codebook[1]:
        cell.font = bold
    codebook.freeze_panes = "A2"
    about = book.create_sheet(_sheet_title(_("About")))
    about.append([dataset.meta.title])
    about["A1"].font = bold
    about.append([_("Made on %(date)s") % {"date": dataset.meta.created.isoformat()}])
    for note in dataset.notes:
        about.append([note])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sav(dataset: Dataset) -> bytes:
    """SPSS .sav of the answers with variable labels and value labels."""
    import pandas as pd
    import pyreadstat

    table = dataset.responses
    columns: dict[str, Any] = {}
    for index, variable in enumerate(table.variables):
        values = [row[index] for row in table.rows]
        if variable.type in ("integer", "number"):
            columns[variable.name] = pd.Series(values, dtype="float64")
        elif variable.type == "date":
            # Date objects in an object column become an SPSS DATE11 variable.
            columns[variable.name] = pd.Series(values, dtype="object")
        else:
            columns[variable.name] = pd.Series(
                ["" if value is None else str(value) for value in values], dtype="object"
            )
    frame = pd.DataFrame(columns)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data.sav"
        pyreadstat.write_sav(
            frame,
            str(path),
            file_label=dataset.meta.title[:64],
            column_labels={v.name: v.label[:255] for v in table.variables},
            variable_value_labels={
                v.name: {float(code): label[:120] for code, label in v.value_labels.items()}
                for v in table.variables
                if v.value_labels
            },
            variable_measure={
                v.name: "nominal" if v.value_labels and v.name != "party" else "scale"
                for v in table.variables
                if v.type in ("integer", "number")
            }
            | {"party": "nominal", "round": "nominal"},
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


def _resource(table: Table, path: str) -> dict[str, Any]:
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


def datapackage_descriptor(dataset: Dataset) -> dict[str, Any]:
    return {
        "profile": "tabular-data-package",
        "name": dataset.name,
        "title": dataset.meta.title,
        "description": " ".join(dataset.notes),
        "created": datetime.datetime.combine(
            dataset.meta.created, datetime.time(), tzinfo=datetime.UTC
        ).isoformat(),
        "keywords": ["samson", "co-creation"],
        "resources": [
            _resource(dataset.responses, "answers.csv"),
            _resource(dataset.scores, "scores.csv"),
        ],
    }


def datapackage_zip(dataset: Dataset) -> bytes:
    """A zip with datapackage.json (Table Schema for each CSV), answers.csv and scores.csv."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "datapackage.json",
            json.dumps(datapackage_descriptor(dataset), ensure_ascii=False, indent=2),
        )
        archive.writestr("answers.csv", table_csv(dataset.responses))
        archive.writestr("scores.csv", table_csv(dataset.scores))
    return out.getvalue()
