"""Where the parties of a round see their collaboration differently (docs/anonymity.md).

The measure is the range of the shown parties' scores: the highest party's score minus the
lowest, in points on the 0-100 scale, over the parties that have a score there. It is easy to
read aloud in a workshop ("30 points apart") and does not depend on how many parties there are.
Scores are first rounded to one decimal as the pages show them, so the range a reader computes
from the page is the range reported, and the level always agrees with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from samson.instrument_spec import Instrument, Text
from samson.scoring import Result
from samson.scoring.result import TypologyStatus

Level = Literal["small", "notable", "large"]
SpotKind = Literal["value", "field", "cell"]
NOTABLE = 15.0  # points apart from which a difference is worth a conversation
LARGE = 30.0  # points apart from which the parties see the project clearly differently


def round1(score: float) -> Decimal:
    """One decimal, halves up (81.25 -> 81.3), exactly as samson.scoring presents scores."""
    return Decimal(repr(score)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def level_of(points: float) -> Level:
    """small below 15 points, notable from 15 up to (not including) 30, large from 30."""
    if points >= LARGE:
        return "large"
    if points >= NOTABLE:
        return "notable"
    return "small"


@dataclass(frozen=True, slots=True)
class Spot:
    """One value, field or value x field cell and how far apart the parties are on it.

    `scores` are the parties' scores rounded to one decimal (party -> score), for the parties
    with a score there. `dialogue` holds the instrument's dialogue questions of `dialogue_cell`:
    the cell itself, or for a value or a field the cell in its row or column where the parties
    are furthest apart (None when no cell there has two parties' scores).
    """

    kind: SpotKind
    value: str | None
    field: str | None
    range: float
    level: Level
    scores: Mapping[str, float]
    dialogue_cell: tuple[str, str] | None = None
    dialogue: tuple[Text, ...] = ()


@dataclass(frozen=True, slots=True)
class PartyChoice:
    """One party's answers to one typology question."""

    code: int | None  # the most-chosen code; None on a tie for first place or with no answer
    status: TypologyStatus
    counts: Mapping[int, int]  # every substantive code of the scale -> respondents choosing it
    shares: Mapping[int, float]  # the same as a percentage of the substantive answers (0-100)
    dont_know: int


@dataclass(frozen=True, slots=True)
class TypologyQuestion:
    """Who defined the challenge, designed the solution or delivers: each shown party's answer.

    `differ` is true when at least two parties have a most-chosen code and those codes are not
    all the same. A party whose answers tie for first place has no code and does not count.
    """

    typology_id: str
    options: tuple[int, ...]  # the substantive codes of the question's scale, in scale order
    parties: Mapping[str, PartyChoice]
    differ: bool

    @property
    def codes(self) -> dict[str, int]:
        """party -> most-chosen code, for the parties that have one."""
        return {party: c.code for party, c in self.parties.items() if c.code is not None}


# The name the first version of this package used for a typology question that differs.
TypologySpot = TypologyQuestion


def _present(scores: Mapping[str, float | None]) -> dict[str, Decimal]:
    return {party: round1(score) for party, score in scores.items() if score is not None}


def _range(present: Mapping[str, Decimal]) -> float:
    return float(max(present.values()) - min(present.values()))


def disagreements(instrument: Instrument, results: Mapping[str, Result]) -> list[Spot]:
    """Every value, field and cell where at least two parties have a score, largest range
    first; ties in grid order (values, then fields, then cells row by row).

    `results` must hold only parties that may be shown (see `shown_groups`).
    """
    values = [d.id for d in instrument.dimensions_of("value")]
    fields = [d.id for d in instrument.dimensions_of("field")]
    cell_present: dict[tuple[str, str], dict[str, Decimal]] = {}
    for value in values:
        for field in fields:
            cell_present[(value, field)] = _present(
                {p: _cell(r, value, field) for p, r in results.items()}
            )

    def widest(cells: list[tuple[str, str]]) -> tuple[str, str] | None:
        candidates = [cell for cell in cells if len(cell_present[cell]) >= 2]
        if not candidates:
            return None
        return max(candidates, key=lambda cell: (_range(cell_present[cell]), -cells.index(cell)))

    spots: list[Spot] = []

    def add(
        kind: SpotKind,
        value: str | None,
        field: str | None,
        present: dict[str, Decimal],
        cell: tuple[str, str] | None,
    ) -> None:
        if len(present) < 2:
            return
        points = _range(present)
        dialogue = instrument.cell(*cell).dialogue if cell and _has_cell(instrument, cell) else ()
        scores = {party: float(score) for party, score in present.items()}
        spots.append(Spot(kind, value, field, points, level_of(points), scores, cell, dialogue))

    for value in values:
        present = _present({p: _dimension(r, "value", value) for p, r in results.items()})
        add("value", value, None, present, widest([(value, f) for f in fields]))
    for field in fields:
        present = _present({p: _dimension(r, "field", field) for p, r in results.items()})
        add("field", None, field, present, widest([(v, field) for v in values]))
    for value in values:
        for field in fields:
            add("cell", value, field, cell_present[(value, field)], (value, field))
    return sorted(spots, key=lambda spot: -spot.range)  # sorted() is stable: grid order on ties


def typology_by_party(
    instrument: Instrument, results: Mapping[str, Result]
) -> list[TypologyQuestion]:
    """Each typology question the instrument asks, with every given party's answers."""
    questions: list[TypologyQuestion] = []
    for dimension in instrument.dimensions_of("typology"):
        items = instrument.items_for("typology", dimension.id)
        if not items:
            continue
        scale = instrument.scale_for(items[0])
        options = scale.substantive_codes if scale is not None else ()
        parties: dict[str, PartyChoice] = {}
        for party, result in results.items():
            answer = next(a for a in result.typology.answers if a.typology_id == dimension.id)
            counts = {code: answer.counts.get(code, 0) for code in options}
            answered = sum(counts.values())
            shares = {
                code: (count / answered * 100 if answered else 0.0)
                for code, count in counts.items()
            }
            parties[party] = PartyChoice(
                answer.code, answer.status, counts, shares, answer.dont_know
            )
        codes = {choice.code for choice in parties.values() if choice.code is not None}
        questions.append(TypologyQuestion(dimension.id, tuple(options), parties, len(codes) > 1))
    return questions


def typology_disagreements(
    results: Mapping[str, Result], instrument: Instrument | None = None
) -> list[TypologyQuestion]:
    """The typology questions where the parties' most-chosen answers differ."""
    if instrument is None:
        instrument = next(iter(results.values())).instrument if results else None
    if instrument is None:
        return []
    return [question for question in typology_by_party(instrument, results) if question.differ]


def _has_cell(instrument: Instrument, cell: tuple[str, str]) -> bool:
    return any(c.value == cell[0] and c.field == cell[1] for c in instrument.cells)


def _dimension(result: Result, kind: str, dim_id: str) -> float | None:
    entries = result.values if kind == "value" else result.fields
    for entry in entries:
        if entry.id == dim_id:
            return entry.score.score
    return None


def _cell(result: Result, value: str, field: str) -> float | None:
    for cell in result.cells:
        if cell.value == value and cell.field == field:
            return cell.score.score
    return None
