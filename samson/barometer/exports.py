"""Exports of an edition: estimates and microdata as CSV, XLSX (numbers as numbers, a frozen
header, a codebook and an "about" sheet) and SPSS .sav (variable and value labels, don't know and
not relevant declared user-missing, measure levels, whole-number formats); the codebook as
Markdown. Municipality and county numbers keep their leading zeros in every format (0301).
The microdata carry two weights: `vekt`, the population weight the estimates use, and
`analysevekt`, the same scaled to mean 1.

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
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from samson.innovation.codebook import render_codebook
from samson.innovation.export import (
    ZERO_PADDED,
    measure_levels,
    missing_codes,
    value_labels,
    variable_labels,
    write_sav,
)
from samson.instrument_spec import Instrument
from samson.projects.selectors import minimum_group_size
from samson.reports.safety import data_fingerprint, fixed_order, spreadsheet_cell, xlsx_append

from . import importing, selectors, shipped
from .models import Edition

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SAV = "application/x-spss-sav"
WEIGHTS = ("vekt", "analysevekt")
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
    names = [i.name for i in selectors.edition_indicators(edition)]
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
    """Columns in codebook order (only those with data), then the weights: `vekt`, the weight
    every estimate uses (base weights from an imported `vekt` column, or 1, then weighted to the
    frame; it sums to the population), and `analysevekt`, the same scaled to mean 1."""
    instrument = selectors.edition_instrument(edition)
    data = selectors.EditionData(edition)
    raw = {k: v for k, v in data.data.items() if not k.startswith("I_")}
    order = ["synthetic", *(v.name for v in importing.codebook_variables(instrument))]
    names = [n for n in order if n in raw and n not in WEIGHTS]
    columns = {n: raw[n] for n in names}
    weights = data.weighting.design.weights.astype(np.float64)
    columns["vekt"] = weights
    columns["analysevekt"] = weights * (len(weights) / weights.sum()) if len(weights) else weights
    # Rows come from the database in the order the units answered (or were imported); the file
    # gets an order seeded by the server's secret and the data themselves, the same on every
    # download of the same data and unrelated to arrival.
    identity = data_fingerprint(
        ["microdata", edition.pk, *names, *(columns[n].tobytes() for n in [*names, "vekt"])]
    )
    seed = salted_hmac("samson.barometer.exports.order", identity, algorithm="sha256").digest()
    n = len(columns["vekt"])
    permutation = np.array(fixed_order(list(range(n)), seed), dtype=np.intp)
    return [*names, *WEIGHTS], {name: values[permutation] for name, values in columns.items()}


def notes(edition: Edition) -> list[str]:
    """What every microdata file says about its weights and missing codes, in the active
    language (the XLSX "about" sheet, the .sav file's documents)."""
    out = [
        _(
            "vekt is the population weight every estimate uses: base weights (an imported vekt "
            "column, otherwise 1) weighted to the population frame when the edition has one. "
            "It sums to the number of units the edition stands for. analysevekt is the same "
            "weight scaled to a mean of 1; it sums to the number of responding units."
        ),
        _(
            "Standard errors and confidence intervals that take the survey's design into "
            "account come from SAMSON (the estimates page, samson stats estimate) or from R's "
            "survey package. SPSS's WEIGHT BY treats a weight as a number of cases: with vekt "
            "it counts every unit of the population as an answer, and its standard errors and "
            "tests are then far too small. Use analysevekt for point estimates in SPSS only."
        ),
        _(
            "Don't know (9) and not relevant (8) are codes in the data; the SPSS file declares "
            "them user-missing, so SPSS and PSPP leave them out of means. An empty cell means "
            "the question was not asked or not answered."
        ),
        _("Municipality and county numbers are text with their leading zeros (0301 is Oslo)."),
    ]
    if edition.synthetic:
        out.insert(0, "SYNTHETIC DATA - NOT REAL SURVEY RESPONSES")
    return out


def _text_rows(names: list[str], columns: dict[str, np.ndarray]) -> list[list[Any]]:
    """The rows of the microdata for CSV and XLSX: codes as numbers, identifiers as text with
    their leading zeros, None for missing."""
    n = len(next(iter(columns.values()))) if columns else 0
    rows: list[list[Any]] = [[] for _row in range(n)]
    for name in names:
        values = columns[name]
        width = ZERO_PADDED.get(name)
        for i in range(n):
            value = float(values[i])
            if math.isnan(value):
                rows[i].append(None)
            elif width is not None:
                rows[i].append(f"{int(value):0{width}d}")
            else:
                rows[i].append(value)
    return rows


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


def _codebook_rows(
    instrument: Instrument, names: list[str], lang: str, edition: Edition
) -> list[list[str]]:
    labels = variable_labels(instrument, lang)
    labels["vekt"] = _("Population weight (sums to the number of units in the population)")
    codes = value_labels(instrument, lang)
    missing = missing_codes(instrument)
    levels = measure_levels(instrument)
    level_names = {
        "nominal": pgettext("SPSS measure level", "nominal"),
        "ordinal": pgettext("SPSS measure level", "ordinal"),
        "scale": pgettext("SPSS measure level", "scale"),
    }
    rows = [[_("Variable"), _("Label"), _("Codes"), _("Declared missing"), _("Measure level")]]
    for name in names:
        listing = "; ".join(f"{k} = {v}" for k, v in codes.get(name, {}).items())
        declared = ", ".join(str(code) for code in missing.get(name, ()))
        level = level_names.get(levels.get(name, ""), "")
        rows.append([name, labels.get(name, ""), listing, declared, level])
    for indicator in selectors.edition_indicators(edition):
        rows.append(
            [indicator.name, indicator.definition, f"population: {indicator.population}", "", ""]
        )
    return rows


def _xlsx(
    header: list[str],
    rows: list[list[Any]],
    instrument: Instrument,
    names: list[str],
    edition: Edition,
    data_title: str,
    lang: str = "nb",
) -> bytes:
    """A workbook as finished as a round's: the data with a bold, frozen header, the codebook
    (frozen header) and an "about" sheet with the title and the notes; sheet names in the
    export's language."""
    import openpyxl
    from openpyxl.styles import Font

    bold = Font(bold=True)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = data_title
    xlsx_append(sheet, header)
    for row in rows:
        xlsx_append(sheet, [_plain(v) for v in row])
    book = workbook.create_sheet(_("Codebook"))
    for line in _codebook_rows(instrument, names, lang, edition):
        xlsx_append(book, line)
    about = workbook.create_sheet(_("About"))
    if edition.synthetic:
        xlsx_append(about, ["SYNTHETIC DATA - NOT REAL SURVEY RESPONSES"])
    xlsx_append(about, [f"{edition.title} ({edition.year})"])
    for note in notes(edition):
        if not note.startswith("SYNTHETIC"):
            xlsx_append(about, [note])
    for page in (sheet, book):
        for cell in page[1]:
            cell.font = bold
        page.freeze_panes = "A2"
    about["A1"].font = bold
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
        xlsx = _xlsx(ESTIMATE_HEADER, rows, instrument, [], edition, _("Estimates"), lang)
        return xlsx, XLSX
    if what == "mikrodata" and fmt in ("csv", "xlsx", "sav"):
        names, columns = microdata(edition)
        if fmt == "sav":
            with tempfile.TemporaryDirectory() as directory:
                path = Path(directory) / "data.sav"
                write_sav(
                    columns,
                    instrument,
                    path,
                    lang=lang if lang in ("nb", "nn", "en") else "nb",
                    notes=notes(edition),
                )
                return path.read_bytes(), SAV
        rows = _text_rows(names, columns)
        if fmt == "csv":
            return _csv(names, rows), CSV
        return _xlsx(names, rows, instrument, names, edition, _("Microdata"), lang), XLSX
    raise KeyError(f"{what}.{fmt}")
