"""The scoring result: ids and numbers only; texts are added by `Result.to_dict(lang)`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from samson.instrument_spec import Instrument

if TYPE_CHECKING:
    from samson.scoring.profile import Profile

ReadingId = Literal["tykk", "tynn", "ingen"]
TypologyStatus = Literal["answered", "dont_know", "unanswered", "no_majority", "not_asked"]
# What a statement of the result can say: a finding (met / not_met, yes / no) only when the
# answers it rests on exist; otherwise that nobody answered, or that the instrument never asks.
ConditionStatus = Literal["met", "not_met", "not_answered", "not_asked"]
SignalStatus = Literal["yes", "no", "not_answered", "not_asked"]
Evidence = Literal["typology", "scores"]


@dataclass(frozen=True, slots=True)
class Score:
    """Mean of the 0-100 item scores belonging to something, with its counts.

    `score` is None when no substantive answer belongs to it (don't know is never 0).
    """

    score: float | None
    answered: int  # substantive answers used (respondent x item)
    dont_know: int  # "don't know / not relevant" answers, left out of the mean
    items: int  # items of the instrument that belong to it
    # Ids of the items with at least one substantive answer: the answers the score rests on.
    basis: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True, slots=True)
class ItemScore:
    item_id: str
    score: Score


@dataclass(frozen=True, slots=True)
class DimensionScore:
    kind: str
    id: str
    score: Score


@dataclass(frozen=True, slots=True)
class CellScore:
    value: str
    field: str
    score: Score


@dataclass(frozen=True, slots=True)
class TypologyAnswer:
    """The answer to one typology item (for a group: the code most respondents chose)."""

    typology_id: str  # challenge | solution | delivery
    item_id: str | None
    code: int | None  # 1 municipality, 2 together, 3 citizens/civil society
    status: TypologyStatus
    counts: Mapping[int, int]  # substantive code -> number of respondents
    dont_know: int


@dataclass(frozen=True, slots=True)
class Typology:
    answers: tuple[TypologyAnswer, ...]  # challenge, solution, delivery
    quadrant: str | None  # A-D
    quadrant_reason: str | None  # why no quadrant; None when placed
    design: int | None  # matrix column = solution code
    production: int | None  # matrix row = delivery code
    matrix_reason: str | None

    def code(self, typology_id: str) -> int | None:
        for answer in self.answers:
            if answer.typology_id == typology_id:
                return answer.code
        return None


@dataclass(frozen=True, slots=True)
class Signal:
    """One observation behind the thin/thick reading; `met` is None when it cannot be told.

    `evidence` says whether it comes from a typology answer or from scores, `answers` lists the
    ids of the answered items it rests on and `answered` how many answers those are.
    """

    id: str
    met: bool | None
    observed: float | int | None
    threshold: float | None = None
    subject: str | None = None
    evidence: Evidence | None = None
    answers: tuple[str, ...] = ()
    answered: int = 0
    asked: bool = True  # False when the instrument has no item that could tell

    @property
    def status(self) -> SignalStatus:
        if self.met is None:
            return "not_answered" if self.asked else "not_asked"
        return "yes" if self.met else "no"


@dataclass(frozen=True, slots=True)
class Reading:
    id: ReadingId | None
    basis: Literal["typology", "scores", "mixed"] | None
    signals: tuple[Signal, ...]


@dataclass(frozen=True, slots=True)
class Condition:
    """One requirement of a maturity level, with what was observed.

    `status` is met / not_met only when answers exist to judge it (`answers`: the ids of the
    answered items it rests on, `answered`: how many answers); otherwise not_answered, or
    not_asked when the instrument has no item about it. `met` is True only for met.
    """

    id: str
    level: str
    met: bool
    observed: float | int | str | None
    threshold: float | None = None
    subject: str | None = None  # the value, field or anti-pattern id the condition is about
    status: ConditionStatus = "not_met"
    evidence: Evidence | None = None
    answers: tuple[str, ...] = ()
    answered: int = 0


@dataclass(frozen=True, slots=True)
class Maturity:
    level: str | None  # None only when there is no substantive answer at all
    reasons: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class AntiPattern:
    id: str
    score: Score  # agreement with the pattern, 0-100
    by_items: bool
    by_typology: bool

    @property
    def fired(self) -> bool:
        return self.by_items or self.by_typology


@dataclass(frozen=True, slots=True)
class Factors:
    barriers: tuple[DimensionScore, ...]
    drivers: tuple[DimensionScore, ...]
    challenges: tuple[DimensionScore, ...]
    strongest_barrier: str | None
    strongest_driver: str | None
    weakest_driver: str | None
    main_challenge: str | None


@dataclass(frozen=True)
class Result:
    """The co-creation profile of one respondent or one pooled group of respondents."""

    instrument_key: str
    instrument_version: int
    respondents: int
    overall: Score
    items: tuple[ItemScore, ...]
    values: tuple[DimensionScore, ...]
    fields: tuple[DimensionScore, ...]
    cells: tuple[CellScore, ...]
    typology: Typology
    reading: Reading
    maturity: Maturity
    antipatterns: tuple[AntiPattern, ...]
    factors: Factors
    weakest_cells: tuple[tuple[str, str], ...]  # (value, field), weakest first
    strongest_cells: tuple[tuple[str, str], ...]  # (value, field), strongest first
    instrument: Instrument = field(repr=False, compare=False)

    @property
    def warnings(self) -> tuple[str, ...]:
        """Ids of the anti-patterns that fired."""
        return tuple(pattern.id for pattern in self.antipatterns if pattern.fired)

    def profile(self, lang: str | None = None) -> Profile:
        """The profile in `lang` (default nb) as typed view models (samson.scoring.profile)."""
        from samson.scoring.presenter import result_profile  # presenter imports this module

        return result_profile(self, lang)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """JSON-ready dict with ids, numbers (1 decimal) and labels in `lang` (default nb)."""
        from samson.scoring.presenter import result_to_dict  # presenter imports this module

        return result_to_dict(self, lang)
