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

ReportKind = Literal["solo", "round", "comparison"]
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
    results: Mapping[str, Any]
    dialogue: tuple[DialogueTopic, ...]
    follow_up: str
    follow_up_published: datetime.date | None


@dataclass(frozen=True, slots=True)
class SoloReport:
    """One solo assessment: `result` is what the solo result page shows."""

    meta: ReportMeta
    result: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class ComparisonReport:
    """Two rounds of a project side by side, as the comparison page shows them."""

    meta: ReportMeta
    round_a: str
    round_b: str
    comparison: Mapping[str, Any]


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

    `responses` has one row per finished response that may be exported; `scores` holds the
    aggregates of the groups the results pages show (never a group under the minimum size).
    `notes` explains, in the export's language, what was left out and why.
    """

    meta: ReportMeta
    name: str
    responses: Table
    scores: Table
    notes: tuple[str, ...]
    free_text: bool
    instruments: Sequence[str] = ()
