"""The scored profile in one language, as typed view models: what `Result.profile(lang)`
gives pages and reports, and what `Result.to_dict(lang)` writes out as JSON (`profile_dict`).

Every class holds ids, numbers rounded to one decimal and texts ready to print. The field order
is the key order of the JSON, and a class has a field only where the JSON has that key:
advice is on `AdvisedDimension` and `HighlightedCell` only, as before.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass
from typing import Any, TypeVar


@dataclass(frozen=True, slots=True)
class InstrumentView:
    key: str
    version: int
    title: str | None


@dataclass(frozen=True, slots=True)
class ScoreView:
    """A score (None: nothing answered) with how many answered it, said "don't know", and
    how many items it has."""

    score: float | None
    answered: int
    dont_know: int
    items: int


@dataclass(frozen=True, slots=True)
class Dimension:
    """A value, field of action, barrier, driver or challenge with its score."""

    id: str
    label: str | None
    score: float | None
    answered: int
    dont_know: int
    items: int


@dataclass(frozen=True, slots=True)
class AdvisedDimension(Dimension):
    """A dimension shown with the instrument's advice for it (the factors)."""

    advice: str | None


@dataclass(frozen=True, slots=True)
class CellView:
    """A cell of the grid: a value in a field of action."""

    value: str
    field: str
    value_label: str | None
    field_label: str | None
    score: float | None
    answered: int
    dont_know: int
    items: int


@dataclass(frozen=True, slots=True)
class HighlightedCell(CellView):
    """One of the weakest or strongest cells, with its advice and questions for dialogue."""

    advice: str | None
    dialogue: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ItemView:
    id: str
    text: str | None
    score: float | None
    answered: int
    dont_know: int
    items: int


@dataclass(frozen=True, slots=True)
class TypologyAnswerView:
    id: str
    label: str | None
    item: str | None
    code: int | None
    code_label: str | None
    status: str
    counts: dict[str, int]
    dont_know: int


@dataclass(frozen=True, slots=True)
class Named:
    """A quadrant or maturity level: id, label and description."""

    id: str
    label: str | None
    description: str | None


@dataclass(frozen=True, slots=True)
class MatrixView:
    design: int
    production: int
    name: str | None
    description: str | None


@dataclass(frozen=True, slots=True)
class ReasonView:
    id: str
    text: str | None


@dataclass(frozen=True, slots=True)
class TypologyView:
    answers: tuple[TypologyAnswerView, ...]
    quadrant: Named | None
    quadrant_reason: ReasonView | None
    matrix: MatrixView | None
    matrix_reason: ReasonView | None


@dataclass(frozen=True, slots=True)
class SignalView:
    """A signal of the thin/thick reading, with its sentence."""

    id: str
    met: bool | None
    status: str
    status_label: str
    observed: float | int | str | None
    threshold: float | None
    subject: str | None
    evidence: str | None
    answers: tuple[str, ...]
    text: str


@dataclass(frozen=True, slots=True)
class ConditionView:
    """A condition of a maturity level, with its sentence."""

    id: str
    level: str
    met: bool | None
    status: str
    status_label: str
    observed: float | int | str | None
    threshold: float | None
    subject: str | None
    evidence: str | None
    answers: tuple[str, ...]
    text: str


@dataclass(frozen=True, slots=True)
class MaturityStep:
    id: str
    label: str
    reached: bool
    heading: str
    conditions: tuple[ConditionView, ...]


@dataclass(frozen=True, slots=True)
class MaturityView:
    level: Named | None
    reasons: tuple[ConditionView, ...]
    steps: tuple[MaturityStep, ...]


@dataclass(frozen=True, slots=True)
class ReadingView:
    id: str | None
    text: str | None
    basis: str | None
    signals: tuple[SignalView, ...]


@dataclass(frozen=True, slots=True)
class AntiPatternView:
    id: str
    label: str | None
    score: float | None
    answered: int
    dont_know: int
    items: int
    fired: bool
    fired_by: tuple[str, ...]
    warning: str | None
    status: str
    status_label: str
    text: str


@dataclass(frozen=True, slots=True)
class Profile:
    """A scored Result in one language (see docs/scoring.md for what each part means)."""

    instrument: InstrumentView
    lang: str
    respondents: int
    overall: ScoreView
    maturity: MaturityView
    values: tuple[Dimension, ...]
    fields: tuple[Dimension, ...]
    cells: tuple[CellView, ...]
    weakest_cells: tuple[HighlightedCell, ...]
    strongest_cells: tuple[HighlightedCell, ...]
    typology: TypologyView
    reading: ReadingView
    warnings: tuple[str, ...]
    antipatterns: tuple[AntiPatternView, ...]
    warnings_summary: str
    barriers: tuple[AdvisedDimension, ...]
    drivers: tuple[AdvisedDimension, ...]
    challenges: tuple[AdvisedDimension, ...]
    strongest_barrier: AdvisedDimension | None
    strongest_driver: AdvisedDimension | None
    weakest_driver: AdvisedDimension | None
    main_challenge: AdvisedDimension | None
    items: tuple[ItemView, ...]


def profile_dict(value: Any) -> Any:
    """A view model of this module as JSON-ready data: dicts in field order, lists for
    tuples."""
    if is_dataclass(value) and not isinstance(value, type):
        return {entry.name: profile_dict(getattr(value, entry.name)) for entry in fields(value)}
    if isinstance(value, (tuple, list)):
        return [profile_dict(entry) for entry in value]
    if isinstance(value, dict):
        return {key: profile_dict(entry) for key, entry in value.items()}
    return value


View = TypeVar("View")


def extended(view: Any, cls: type[View], **extra: Any) -> View:
    """`view` (a view model of this module) as `cls`, a subclass of its class that adds what
    one page shows: the fields of `view`, those in `extra` added or put in their place."""
    data = {entry.name: getattr(view, entry.name) for entry in fields(view)}
    data.update(extra)
    return cls(**data)
