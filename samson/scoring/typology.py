"""Typology placement (seed): quadrant A-D, the 3x3 design x production cell, thin/thick."""

from __future__ import annotations

from collections import Counter
from typing import Literal

from samson.instrument_spec import Instrument
from samson.scoring import thresholds as t
from samson.scoring.aggregate import Observations
from samson.scoring.result import (
    DimensionScore,
    Reading,
    ReadingId,
    Signal,
    Typology,
    TypologyAnswer,
    TypologyStatus,
)

TYPOLOGY_ORDER = ("challenge", "solution", "delivery")


def _answer(instrument: Instrument, seen: Observations, typology_id: str) -> TypologyAnswer:
    items = instrument.items_for("typology", typology_id)
    if not items:
        return TypologyAnswer(typology_id, None, None, "not_asked", {}, 0)
    item_id = items[0].id  # the loader allows one item per typology id
    counts = Counter(seen.codes.get(item_id, []))
    dont_know = seen.dont_know.get(item_id, 0)
    ordered = {code: counts[code] for code in sorted(counts)}
    if not counts:
        status: TypologyStatus = "dont_know" if dont_know else "unanswered"
        return TypologyAnswer(typology_id, item_id, None, status, ordered, dont_know)
    # A group placement needs one code chosen more often than any other; a tie is itself a
    # finding (the parties disagree about who did what) and is reported, not resolved.
    (top_code, top_count), *rest = counts.most_common()
    if rest and rest[0][1] == top_count:
        return TypologyAnswer(typology_id, item_id, None, "no_majority", ordered, dont_know)
    return TypologyAnswer(typology_id, item_id, top_code, "answered", ordered, dont_know)


def quadrant_for(
    challenge: int | None, solution: int | None, delivery: int | None
) -> tuple[str | None, str | None]:
    """(quadrant, None) or (None, reason) for every combination; see docs/scoring.md."""
    if challenge is None or solution is None or delivery is None:
        return None, "typology_incomplete"
    open_solution = solution in (t.TOGETHER, t.CITIZENS)
    if delivery == t.MUNICIPALITY:
        return None, "municipality_delivers_alone"
    if challenge == t.MUNICIPALITY and solution == t.MUNICIPALITY:
        return ("A", None) if delivery == t.TOGETHER else ("B", None)
    if challenge in (t.MUNICIPALITY, t.TOGETHER) and open_solution:
        return "C", None
    if challenge == t.TOGETHER:
        return None, "shared_challenge_municipality_solution"
    if not open_solution:
        return None, "citizens_challenge_municipality_solution"
    if delivery == t.CITIZENS:
        return "D", None
    return None, "citizens_challenge_shared_delivery"


def place(instrument: Instrument, seen: Observations) -> Typology:
    answers = tuple(_answer(instrument, seen, typology_id) for typology_id in TYPOLOGY_ORDER)
    challenge, solution, delivery = (answer.code for answer in answers)
    quadrant, quadrant_reason = quadrant_for(challenge, solution, delivery)
    matrix_known = solution is not None and delivery is not None
    return Typology(
        answers=answers,
        quadrant=quadrant,
        quadrant_reason=quadrant_reason,
        design=solution if matrix_known else None,
        production=delivery if matrix_known else None,
        matrix_reason=None if matrix_known else "typology_incomplete",
    )


def _score_of(scores: tuple[DimensionScore, ...], dim_id: str) -> float | None:
    for entry in scores:
        if entry.id == dim_id:
            return entry.score.score
    return None


def _at_least(score: float | None, threshold: float) -> bool | None:
    return None if score is None else score >= threshold


def read_thin_thick(
    typology: Typology, values: tuple[DimensionScore, ...], fields: tuple[DimensionScore, ...]
) -> Reading:
    """Thin stops at design; thick carries the collaboration into production (seed).

    The typology decides when the solution and delivery items are answered; otherwise the
    design and production field scores stand in for them.
    """
    design_score = _score_of(fields, t.DESIGN_FIELD)
    production_score = _score_of(fields, t.PRODUCTION_FIELD)
    lasting_score = _score_of(fields, t.LASTING_FIELD)
    equality_score = _score_of(values, t.EQUALITY_VALUE)
    reading: ReadingId | None
    basis: Literal["typology", "scores"] | None
    if typology.design is not None and typology.production is not None:
        basis = "typology"
        design_shared: bool | None = typology.design == t.TOGETHER
        production_shared: bool | None = typology.production == t.TOGETHER
        shared_signals = (
            Signal("design_shared", design_shared, typology.design),
            Signal("production_shared", production_shared, typology.production),
        )
    else:
        basis = "scores"
        design_shared = _at_least(design_score, t.READING_FIELD_THRESHOLD)
        production_shared = _at_least(production_score, t.READING_FIELD_THRESHOLD)
        shared_signals = (
            Signal(
                "design_shared",
                design_shared,
                design_score,
                t.READING_FIELD_THRESHOLD,
                t.DESIGN_FIELD,
            ),
            Signal(
                "production_shared",
                production_shared,
                production_score,
                t.READING_FIELD_THRESHOLD,
                t.PRODUCTION_FIELD,
            ),
        )
    if design_shared is None:
        reading, basis = None, None
    elif not design_shared:
        reading = "ingen"
    elif production_shared:
        reading = "tykk"
    else:
        reading = "tynn"
    signals = (
        *shared_signals,
        Signal(
            "in_production",
            _at_least(production_score, t.SIGNAL_THRESHOLD),
            production_score,
            t.SIGNAL_THRESHOLD,
            t.PRODUCTION_FIELD,
        ),
        Signal(
            "lasting",
            _at_least(lasting_score, t.SIGNAL_THRESHOLD),
            lasting_score,
            t.SIGNAL_THRESHOLD,
            t.LASTING_FIELD,
        ),
        Signal(
            "addresses_power",
            _at_least(equality_score, t.SIGNAL_THRESHOLD),
            equality_score,
            t.SIGNAL_THRESHOLD,
            t.EQUALITY_VALUE,
        ),
    )
    return Reading(reading, basis, signals)
