"""The plain data every report and export is made of.

Builders (`builders.py`, `datasets.py`) fill these dataclasses; renderers (`renderers/`) only
format them. Nothing in here is computed again by a renderer: a number that is not in the data
structure cannot reach a report or a file.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from samson.barometer.estimates import Cell as EstimateCell
from samson.barometer.presenters import EstimateRow
from samson.responses.presenters import SoloResult
from samson.results.presenters import Comparison, RoundResults

ReportKind = Literal["solo", "round", "comparison", "barometer"]
VariableType = Literal["integer", "number", "string", "date"]
Cell = int | float | str | datetime.date | None


@dataclass(frozen=True, slots=True)
class ReportMeta:
    """What every report says about itself: its title, whose it is, when and in which language."""

    kind: ReportKind
    title: str
    language: str
    created: datetime.date
    project: str = ""
    organisation: str = ""
    label: str = ""
    """A warning every page of the PDF repeats beside the project (e.g. synthetic data)."""


@dataclass(frozen=True, slots=True)
class DialogueTopic:
    """A place to talk about in the workshop, why, and the instrument's questions for it."""

    title: str
    reason: str
    questions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RoundReport:
    """A round for the workshop: summary, profiles, disagreements, dialogue, follow-up.

    `results` is exactly what `samson.results.presenters.round_results` gives the results page,
    so the report shows the same numbers with the same suppression.
    """

    meta: ReportMeta
    round_label: str
    round_state: str
    summary: tuple[str, ...]
    results: RoundResults
    dialogue: tuple[DialogueTopic, ...]
    follow_up: str
    follow_up_published: datetime.date | None


@dataclass(frozen=True, slots=True)
class SoloReport:
    """One solo assessment: `result` is what the solo result page shows."""

    meta: ReportMeta
    result: SoloResult


@dataclass(frozen=True, slots=True)
class ComparisonReport:
    """Two rounds of a project side by side, as the comparison page shows them."""

    meta: ReportMeta
    round_a: str
    round_b: str
    comparison: Comparison


@dataclass(frozen=True, slots=True)
class PublishedFigure:
    """A published KS or COI figure for an indicator, with its source."""

    publisher: str
    edition: int
    published: str
    note: str
    url: str


@dataclass(frozen=True, slots=True)
class IndicatorEstimate:
    """One indicator of a barometer edition, overall and (optionally) by one background variable.

    `cells` are exactly what `samson.barometer.selectors.EditionData.estimate` gives (overall
    first, then one per group; suppressed groups carry no numbers); `rows` are the estimates
    page's formatted table rows of those cells (`samson.barometer.presenters.EstimateRow`), and
    `chart` is the page's SVG bar chart of them.
    """

    name: str
    label: str
    population: str
    cells: tuple[EstimateCell, ...]
    rows: tuple[EstimateRow, ...]
    chart: str
    references: tuple[PublishedFigure, ...]


@dataclass(frozen=True, slots=True)
class ThemeEstimates:
    """One theme of the estimates page with all its indicators."""

    key: str
    title: str
    indicators: tuple[IndicatorEstimate, ...]


@dataclass(frozen=True, slots=True)
class BarometerReport:
    """A barometer edition: every theme and indicator, weighted or not, as the estimates page."""

    meta: ReportMeta
    edition: str
    year: int
    synthetic: bool
    n: int
    weighted: bool
    weighting_variables: tuple[str, ...]
    weighting_problem: str
    base_weights: bool
    """The base weights came from an imported `vekt` column (else every unit weighs 1)."""
    weighting_method: str
    """How the weights meet the frame: "poststratify", "rake" or "linear" (as on the estimates
    page)."""
    min_group_size: int
    by: str | None
    by_label: str
    breakdowns: tuple[tuple[str, str], ...]
    themes: tuple[ThemeEstimates, ...]


@dataclass(frozen=True, slots=True)
class Variable:
    """One column of a data export with everything its codebook says about it."""

    name: str
    label: str
    type: VariableType
    description: str = ""
    item_id: str = ""
    instrument: str = ""
    value_labels: Mapping[int, str] = field(default_factory=dict)
    missing_codes: tuple[int, ...] = ()
    """Codes that are not answers (don't know): user-missing in SPSS, kept in the data."""
    ordered: bool = False
    """The codes are ordered (a Likert scale): SPSS measure level ordinal, not nominal."""


@dataclass(frozen=True, slots=True)
class Table:
    """A rectangular table: variables (columns) and rows of typed cells."""

    name: str
    title: str
    variables: tuple[Variable, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True, slots=True)
class Dataset:
    """A data export of a round or a whole project.

    `responses` has one row per finished response that may be exported, in a random order
    fixed for the data; `scores` holds the aggregates of the groups the results pages show
    (never a group under the minimum size); `free_texts` holds the free-text answers (only when
    `free_text`) with round and question but no party, in an order of their own.
    `notes` explains, in the export's language, what was left out and why.
    """

    meta: ReportMeta
    name: str
    responses: Table
    scores: Table
    free_texts: Table
    notes: tuple[str, ...]
    free_text: bool
    instruments: Sequence[str] = ()


@dataclass(frozen=True, slots=True)
class EditionDataset:
    """A barometer edition's data package: its microdata (in a random order fixed for the
    data, with both weights), its estimates (as the estimates export), its population frame and
    the indicators' definitions; `design` is the survey design the estimates use and how they
    were weighted; `notes` explain the weights, the missing codes and the identifiers, in the
    export's language, and say first when the data are synthetic."""

    meta: ReportMeta
    name: str
    synthetic: bool
    microdata: Table
    estimates: Table
    frame: Table
    indicators: Table
    design: Mapping[str, Any]
    notes: tuple[str, ...]
