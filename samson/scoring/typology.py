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
    return placement(
        tuple(_answer(instrument, seen, typology_id) for typology_id in TYPOLOGY_ORDER)
    )


def placement(answers: tuple[TypologyAnswer, ...]) -> Typology:
    """Quadrant and matrix cell from the challenge, solution and delivery answers, in order."""
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


def _entry(scores: tuple[DimensionScore, ...], dim_id: str) -> DimensionScore | None:
    return next((entry for entry in scores if entry.id == dim_id), None)


def _at_least(score: float | None, threshold: float) -> bool | None:
    return None if score is None else score >= threshold


def _answer_of(typology: Typology, typology_id: str) -> TypologyAnswer | None:
    return next((a for a in typology.answers if a.typology_id == typology_id), None)


def _score_signal(
    signal_id: str, scores: tuple[DimensionScore, ...], dim_id: str, threshold: float
) -> Signal:
    entry = _entry(scores, dim_id)
    if entry is None:
        return Signal(signal_id, None, None, threshold, dim_id, "scores", asked=False)
    score = entry.score
    return Signal(
        signal_id,
        _at_least(score.score, threshold),
        score.score,
        threshold,
        dim_id,
        "scores",
        score.basis,
        score.answered,
        asked=score.items > 0,
    )


def _shared_signal(
    signal_id: str,
    typology: Typology,
    typology_id: str,
    fields: tuple[DimensionScore, ...],
    field_id: str,
) -> Signal:
    """Together (code 2) by the typology answer; the field score stands in only when that
    question has no code (unanswered, don't know, not asked, or no majority in a group)."""
    answer = _answer_of(typology, typology_id)
    if answer is not None and answer.code is not None and answer.item_id is not None:
        answered = sum(answer.counts.values())
        return Signal(
            signal_id,
            answer.code == t.TOGETHER,
            answer.code,
            None,
            typology_id,
            "typology",
            (answer.item_id,),
            answered,
        )
    fallback = _score_signal(signal_id, fields, field_id, t.READING_FIELD_THRESHOLD)
    if fallback.met is None and answer is not None and answer.status != "not_asked":
        # Asked but unanswered: say so, whatever the field items say.
        return Signal(signal_id, None, None, None, typology_id, "typology", asked=True)
    return fallback


def read_thin_thick(
    typology: Typology, values: tuple[DimensionScore, ...], fields: tuple[DimensionScore, ...]
) -> Reading:
    """Thin stops at design; thick carries the collaboration into production (seed).

    Who designed and who delivers come from the typology answers where they have a code; a
    question without one is stood in for by the design or implementation field score. The
    reading is None when nothing tells whether the solution was designed together.
    """
    design = _shared_signal("design_shared", typology, "solution", fields, t.DESIGN_FIELD)
    production = _shared_signal(
        "production_shared", typology, "delivery", fields, t.PRODUCTION_FIELD
    )
    reading: ReadingId | None
    if design.met is None:
        reading = None
    elif not design.met:
        reading = "ingen"
    elif production.met:
        reading = "tykk"
    else:
        reading = "tynn"  # also when delivery is unknown: at least thin, shown as such
    basis: Literal["typology", "scores", "mixed"] | None
    if reading is None:
        basis = None
    else:
        used = {signal.evidence for signal in (design, production) if signal.met is not None}
        basis = "mixed" if len(used) > 1 else ("typology" if "typology" in used else "scores")
    signals = (
        design,
        production,
        _score_signal("in_production", fields, t.PRODUCTION_FIELD, t.SIGNAL_THRESHOLD),
        _score_signal("lasting", fields, t.LASTING_FIELD, t.SIGNAL_THRESHOLD),
        _score_signal("addresses_power", values, t.EQUALITY_VALUE, t.SIGNAL_THRESHOLD),
    )
    return Reading(reading, basis, signals)
