"""The builder of a barometer edition's data package: its microdata, estimates, population frame
and indicators as `Table`s with a codebook, so the shared renderers (`renderers/tabular.py`)
write it as they write a round's.

The numbers are the barometer's own exports' (`samson.barometer.exports`): the same microdata
in the same fixed random order with the same two weights, and the same estimates table, so a
file of the package and the edition's CSV download never disagree.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np
from django.utils.translation import gettext as _

from samson.barometer import exports, selectors
from samson.barometer.models import Edition
from samson.innovation.export import (
    POPULATION_WEIGHT,
    ZERO_PADDED,
    measure_levels,
    missing_codes,
    value_labels,
    variable_labels,
)

from .builders import report_meta
from .data import Cell, EditionDataset, Table, Variable

SYNTHETIC = "SYNTHETIC DATA - NOT REAL SURVEY RESPONSES"


def _whole(values: np.ndarray) -> bool:
    present = values[~np.isnan(values)]
    return bool(np.all(present == np.round(present)))


def _cell(value: float, width: int | None, whole: bool) -> Cell:
    if math.isnan(value):
        return None
    if width is not None:
        return f"{int(value):0{width}d}"  # 0301, never 301
    return int(value) if whole else value


def _microdata(edition: Edition, lang: str) -> Table:
    instrument = selectors.edition_instrument(edition)
    names, columns = exports.microdata(edition)
    labels = variable_labels(instrument, lang)
    labels["vekt"] = POPULATION_WEIGHT.get(lang)
    labels["synthetic"] = _("Synthetic unit (1) or real answer (0)")
    codes = value_labels(instrument, lang)
    missing = missing_codes(instrument)
    levels = measure_levels(instrument)
    variables: list[Variable] = []
    kinds: list[tuple[int | None, bool]] = []
    for name in names:
        width = ZERO_PADDED.get(name)
        whole = name not in exports.WEIGHTS and _whole(columns[name])
        kinds.append((width, whole))
        if width is not None:
            variables.append(
                Variable(
                    name,
                    labels.get(name, name),
                    "string",
                    _("An identifier of %(width)s digits, as text with its leading zeros.")
                    % {"width": width},
                )
            )
            continue
        declared = missing.get(name, ())
        variables.append(
            Variable(
                name,
                labels.get(name, name),
                "integer" if whole else "number",
                _("Declared missing (user-missing in SPSS): %(codes)s.")
                % {"codes": ", ".join(str(code) for code in declared)}
                if declared
                else "",
                value_labels=codes.get(name, {}) if whole else {},
                missing_codes=declared,
                ordered=levels.get(name) == "ordinal",
            )
        )
    n = len(columns["vekt"])
    rows = tuple(
        tuple(
            _cell(float(columns[name][i]), width, whole)
            for name, (width, whole) in zip(names, kinds, strict=True)
        )
        for i in range(n)
    )
    return Table("microdata", _("Microdata"), tuple(variables), rows)


def _estimates(edition: Edition) -> Table:
    flag = _("1 = yes, 0 = no.")
    yes_no = {0: _("No"), 1: _("Yes")}
    variables = (
        Variable("indicator", _("Indicator"), "string"),
        Variable("breakdown", _("Break down by"), "string", _("Empty for all units.")),
        Variable("group", _("Group"), "string", _("The group's code; empty for all units.")),
        Variable("estimate", _("Estimate"), "number"),
        Variable("se", _("Standard error"), "number"),
        Variable("ci_low", _("Lower limit of the 95% interval"), "number"),
        Variable("ci_high", _("Upper limit of the 95% interval"), "number"),
        Variable("n", _("Responding units"), "integer", _("Empty where the group is hidden.")),
        Variable("weighted_n", _("Weighted number of units"), "number"),
        Variable("weighted", _("Weighted"), "integer", flag, value_labels=yes_no),
        Variable("suppressed", _("Hidden (too few answers)"), "integer", flag, value_labels=yes_no),
        Variable("imprecise", _("Uncertain"), "integer", flag, value_labels=yes_no),
    )
    assert [v.name for v in variables] == exports.ESTIMATE_HEADER
    rows = []
    for row in exports.estimate_rows(edition):
        group = row[2]
        if isinstance(group, float) and group.is_integer():
            group = int(group)
        rows.append((row[0], row[1], str(group), *row[3:]))
    return Table("estimates", _("Estimates"), variables, tuple(rows))


def _frame(edition: Edition, lang: str) -> Table:
    instrument = selectors.edition_instrument(edition)
    labels = variable_labels(instrument, lang)
    codes = value_labels(instrument, lang)
    names = selectors.edition_frame_variables(edition)
    variables = [
        Variable(name, labels.get(name, name), "string")
        if name in ZERO_PADDED
        else Variable(name, labels.get(name, name), "integer", value_labels=codes.get(name, {}))
        for name in names
    ]
    variables.append(
        Variable("count", _("Units in the population"), "integer", _("The cell's count."))
    )
    rows = []
    for values, count in selectors.edition_frame(edition):
        cells: list[Cell] = []
        for name in names:
            value = values.get(name)
            width = ZERO_PADDED.get(name)
            cells.append(
                None if value is None else f"{int(value):0{width}d}" if width else int(value)
            )
        rows.append((*cells, count))
    return Table("frame", _("Population frame"), tuple(variables), tuple(rows))


def _indicators(edition: Edition) -> Table:
    variables = (
        Variable("name", _("Indicator"), "string"),
        Variable("population", _("Population"), "string"),
        Variable("definition", _("Definition"), "string"),
    )
    rows = tuple(
        (i.name, i.population, i.definition) for i in selectors.edition_indicators(edition)
    )
    return Table("indicators", _("Indicators"), variables, rows)


def _design(edition: Edition) -> dict[str, Any]:
    """The design the estimates use, as the edition states it, and how they were weighted."""
    data = selectors.EditionData(edition)
    weighting = data.weighting
    return {
        **dataclasses.asdict(selectors.edition_design(edition)),
        "weighted": weighting.weighted,
        "weighting_variables": list(weighting.variables),
        "base_weights": weighting.base_weights,
    }


def edition_dataset(edition: Edition, lang: str) -> EditionDataset:
    """The data package of `edition` in the language `lang`."""
    title = f"{edition.title} ({edition.year})"
    notes = [title, *exports.notes(edition)]
    if edition.synthetic:  # the warning first, before the title
        notes.remove(SYNTHETIC)
        notes.insert(0, SYNTHETIC)
    notes.append(
        _(
            "The codebook lists every variable of every file with its codes and the codes "
            "declared missing; the design is in datapackage.json."
        )
    )
    return EditionDataset(
        meta=report_meta("barometer", title, lang),
        name=f"samson-barometer-{edition.pk}",
        synthetic=edition.synthetic,
        microdata=_microdata(edition, lang),
        estimates=_estimates(edition),
        frame=_frame(edition, lang),
        indicators=_indicators(edition),
        design=_design(edition),
        notes=tuple(notes),
    )
