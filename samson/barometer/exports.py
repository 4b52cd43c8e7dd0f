"""Exports of an edition: estimates and microdata as CSV, XLSX (numbers as numbers, with a
codebook sheet) and SPSS .sav with variable and value labels; the codebook as Markdown.

They follow the project exports' rules (`samson.reports.safety`, docs/reports-and-exports.md):
microdata rows in a random order fixed for the data, never the order the units answered, and
every text cell neutralised so no spreadsheet runs it (XLSX text cells are strings, never
formulas).
"""

from __future__ import annotations

import csv
import io
import math
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
from django.utils.crypto import salted_hmac

from samson.innovation import INDICATORS
from samson.innovation.codebook import render_codebook
from samson.innovation.export import value_labels, variable_labels, write_sav
from samson.instrument_spec import Instrument
from samson.projects.selectors import minimum_group_size
from samson.reports.safety import data_fingerprint, fixed_order, spreadsheet_cell, xlsx_append

from . import importing, selectors, shipped
from .models import Edition

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SAV = "application/x-spss-sav"
ESTIMATE_HEADER = [
    "indicator",
    "breakdown",
    "group",
    "estimate",
    "se",
    "ci_low",
    "ci_high",
    "n",
    "weighted_n",
    "weighted",
    "suppressed",
    "imprecise",
]


def estimate_rows(edition: Edition) -> list[list[Any]]:
    """Every indicator overall and by every background variable (None where suppressed)."""
    data = selectors.EditionData(edition)
    names = [i.name for i in INDICATORS]
    minimum = minimum_group_size()
    rows: list[list[Any]] = []
    for by in [None, *data.breakdowns()]:
        results = data.estimate(names, by, minimum)
        for name in names:
            for cell in results[name]:
                if by is not None and cell.group is None:
                    continue  # the overall row is written once
                rows.append(
                    [
                        name,
                        by or "",
                        "" if cell.group is None else cell.group,
                        cell.estimate,
                        cell.se,
                        cell.ci_low,
                        cell.ci_high,
                        None if cell.suppressed else cell.n,
                        None if cell.suppressed else cell.weighted_n,
                        int(data.weighting.weighted),
                        int(cell.suppressed),
                        int(cell.imprecise),
                    ]
                )
    return rows


def microdata(edition: Edition) -> tuple[list[str], dict[str, np.ndarray]]:
    """Columns in codebook order (only those with data) plus the weight `vekt` used."""
    instrument = selectors.edition_instrument(edition)
    data = selectors.EditionData(edition)
    raw = {k: v for k, v in data.data.items() if not k.startswith("I_")}
    order = ["synthetic", *(v.name for v in importing.codebook_variables(instrument))]
    names = [n for n in order if n in raw and n != "vekt"]
    columns = {n: raw[n] for n in names}
    columns["vekt"] = data.weighting.design.weights.astype(np.float64)
    # Rows come from the database in the order the units answered (or were imported); the file
    # gets an order seeded by the server's secret and the data themselves, the same on every
    # download of the same data and unrelated to arrival.
    identity = data_fingerprint(
        ["microdata", edition.pk, *names, *(columns[n].tobytes() for n in [*names, "vekt"])]
    )
    seed = salted_hmac("samson.barometer.exports.order", identity, algorithm="sha256").digest()
    n = len(columns["vekt"])
    permutation = np.array(fixed_order(list(range(n)), seed), dtype=np.intp)
    return [*names, "vekt"], {name: values[permutation] for name, values in columns.items()}


def _csv(header: list[str], rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([spreadsheet_cell(name) for name in header])
    for row in rows:
        writer.writerow(["" if v is None else spreadsheet_cell(_plain(v)) for v in row])
    return out.getvalue().encode("utf-8")


def _plain(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _codebook_rows(instrument: Instrument, names: list[str], lang: str) -> list[list[str]]:
    labels = variable_labels(instrument, lang)
    codes = value_labels(instrument, lang)
    rows = [["variable", "label", "codes"]]
    for name in names:
        listing = "; ".join(f"{k} = {v}" for k, v in codes.get(name, {}).items())
        rows.append([name, labels.get(name, ""), listing])
    for indicator in INDICATORS:
        rows.append([indicator.name, indicator.definition, f"population: {indicator.population}"])
    return rows


def _xlsx(
    header: list[str],
    rows: list[list[Any]],
    instrument: Instrument,
    names: list[str],
    synthetic: bool,
    lang: str = "nb",
) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "data"
    xlsx_append(sheet, header)
    for row in rows:
        xlsx_append(sheet, [_plain(v) for v in row])
    book = workbook.create_sheet("codebook")
    if synthetic:
        xlsx_append(book, ["SYNTHETIC DATA - NOT REAL SURVEY RESPONSES"])
    for line in _codebook_rows(instrument, names, lang):
        xlsx_append(book, line)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def render(edition: Edition, what: str, fmt: str, lang: str = "nb") -> tuple[bytes, str]:
    """(content, content type) of one export; KeyError for an unknown kind or format."""
    instrument = selectors.edition_instrument(edition)
    if what == "kodebok" and fmt == "md":
        text = render_codebook((instrument,), shipped.national_frame())
        if edition.synthetic:
            text = "SYNTHETIC DATA - NOT REAL SURVEY RESPONSES\n\n" + text
        return text.encode("utf-8"), "text/markdown; charset=utf-8"
    if what == "estimater" and fmt in ("csv", "xlsx"):
        rows = estimate_rows(edition)
        if fmt == "csv":
            return _csv(ESTIMATE_HEADER, rows), CSV
        return _xlsx(ESTIMATE_HEADER, rows, instrument, [], edition.synthetic, lang), XLSX
    if what == "mikrodata" and fmt in ("csv", "xlsx", "sav"):
        names, columns = microdata(edition)
        if fmt == "sav":
            # write_sav zero-pads municipality and county numbers, so they must be complete.
            for padded in ("kommunenr", "fylkesnr"):
                if padded in columns and bool(np.isnan(columns[padded]).any()):
                    del columns[padded]
            with tempfile.TemporaryDirectory() as directory:
                path = Path(directory) / "data.sav"
                write_sav(
                    columns, instrument, path, lang=lang if lang in ("nb", "nn", "en") else "nb"
                )
                return path.read_bytes(), SAV
        n = len(next(iter(columns.values()))) if columns else 0
        rows = [
            [None if math.isnan(float(columns[c][i])) else float(columns[c][i]) for c in names]
            for i in range(n)
        ]
        if fmt == "csv":
            return _csv(names, rows), CSV
        return _xlsx(names, rows, instrument, names, edition.synthetic, lang), XLSX
    raise KeyError(f"{what}.{fmt}")
