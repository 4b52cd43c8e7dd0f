"""Maturity ladder: ikke_samskaping -> medvirkning -> tynn -> tykk (seed; research §1.1).

Each step above the bottom has conditions; the level is the highest step whose conditions,
and those of every step below it, all hold. The reasons list the conditions of every step up
to and including the first step not reached, so they say both why the result is where it is
and what keeps it from the next step.
"""

from __future__ import annotations

from collections.abc import Callable

from samson.scoring import thresholds as t
from samson.scoring.result import (
    AntiPattern,
    Condition,
    ConditionStatus,
    DimensionScore,
    Maturity,
    Reading,
    Score,
    Signal,
    Typology,
)

LADDER = ("ikke_samskaping", "medvirkning", "tynn", "tykk")

# Conditions that rule a level out when the answers show the problem; with no answers about
# it they cannot stand in the way (they are shown as not answered or not asked).
DISQUALIFIERS = frozenset({"not_municipality_alone", "antipattern_not_fired"})


def _status(met: bool | None, asked: bool) -> ConditionStatus:
    if met is None:
        return "not_answered" if asked else "not_asked"
    return "met" if met else "not_met"


def _at_least(
    level: str, cid: str, score: Score, threshold: float, subject: str | None = None
) -> Condition:
    met = None if score.score is None else score.score >= threshold
    status = _status(met, score.items > 0)
    return Condition(
        cid,
        level,
        status == "met",
        score.score,
        threshold,
        subject,
        status,
        "scores",
        score.basis,
        score.answered,
    )


def _from_signal(level: str, signal: Signal) -> Condition:
    """A condition that is the same question as a signal of the reading."""
    status = _status(signal.met, signal.asked)
    return Condition(
        signal.id,
        level,
        status == "met",
        signal.observed,
        signal.threshold,
        signal.subject,
        status,
        signal.evidence,
        signal.answers,
        signal.answered,
    )


def _lookup(scores: tuple[DimensionScore, ...], dim_id: str) -> DimensionScore | None:
    return next((entry for entry in scores if entry.id == dim_id), None)


class _Inputs:
    def __init__(
        self,
        overall: Score,
        values: tuple[DimensionScore, ...],
        fields: tuple[DimensionScore, ...],
        typology: Typology,
        reading: Reading,
        patterns: tuple[AntiPattern, ...],
    ) -> None:
        self.overall = overall
        self.values = values
        self.fields = fields
        self.typology = typology
        self.reading = reading
        self.patterns = {pattern.id: pattern for pattern in patterns}

    def typology_answers(self) -> tuple[tuple[str, ...], int]:
        """Ids of the typology items with a code, and how many answers gave those codes."""
        ids = tuple(a.item_id for a in self.typology.answers if a.code is not None and a.item_id)
        count = sum(sum(a.counts.values()) for a in self.typology.answers if a.code is not None)
        return ids, count

    def not_fired(self, level: str, pattern_id: str) -> list[Condition]:
        # An instrument without this anti-pattern cannot detect it: no condition then.
        pattern = self.patterns.get(pattern_id)
        if pattern is None:
            return []
        score = pattern.score
        if pattern.by_items:
            status: ConditionStatus = "not_met"
            evidence: str = "scores"
            answers, answered = score.basis, score.answered
        elif pattern.by_typology:
            status, evidence = "not_met", "typology"
            answers, answered = self.typology_answers()
        else:
            met = None if score.score is None else True
            status, evidence = _status(met, score.items > 0), "scores"
            answers, answered = score.basis, score.answered
        return [
            Condition(
                "antipattern_not_fired",
                level,
                status == "met",
                score.score,
                t.ANTIPATTERN_THRESHOLD,
                pattern_id,
                status,
                "typology" if evidence == "typology" else "scores",
                answers,
                answered,
            )
        ]

    def dimension_at_least(
        self, level: str, kind: str, dim_id: str, threshold: float
    ) -> list[Condition]:
        scores = self.values if kind == "value" else self.fields
        entry = _lookup(scores, dim_id)
        if entry is None:
            return []
        return [_at_least(level, f"{kind}_at_least", entry.score, threshold, dim_id)]

    def signal(self, signal_id: str) -> Signal:
        return next(signal for signal in self.reading.signals if signal.id == signal_id)


def _medvirkning(inputs: _Inputs) -> list[Condition]:
    level = "medvirkning"
    answers = [a for a in inputs.typology.answers if a.code is not None]
    codes = [a.code for a in answers]
    met: bool | None
    if any(code != t.MUNICIPALITY for code in codes):
        met = True  # someone else took part in at least one of the three
    elif len(codes) == len(inputs.typology.answers) == 3:
        met = False  # the municipality defined, designed and delivers alone
    else:
        met = None
    asked = any(a.status != "not_asked" for a in inputs.typology.answers)
    status = _status(met, asked)
    ids, answered = inputs.typology_answers()
    observed = "/".join(str(code) for code in codes) if codes else None
    return [
        _at_least(level, "overall_at_least", inputs.overall, t.MEDVIRKNING_MIN_OVERALL),
        Condition(
            "not_municipality_alone",
            level,
            status == "met",
            observed,
            None,
            None,
            status,
            "typology",
            ids if met is not None else (),
            answered if met is not None else 0,
        ),
        *inputs.not_fired(level, t.HEARING),
        *inputs.not_fired(level, t.COST_SHIFTING),
    ]


def _tynn(inputs: _Inputs) -> list[Condition]:
    level = "tynn"
    return [
        _from_signal(level, inputs.signal("design_shared")),
        _at_least(level, "overall_at_least", inputs.overall, t.TYNN_MIN_OVERALL),
        *inputs.dimension_at_least(level, "value", t.EQUALITY_VALUE, t.TYNN_MIN_EQUALITY),
        *inputs.not_fired(level, t.PREPROGRAMMED),
    ]


def _tykk(inputs: _Inputs) -> list[Condition]:
    level = "tykk"
    lowest = min(
        inputs.values,
        key=lambda entry: -1.0 if entry.score.score is None else entry.score.score,
        default=None,
    )
    conditions = [
        _from_signal(level, inputs.signal("production_shared")),
        _at_least(level, "overall_at_least", inputs.overall, t.TYKK_MIN_OVERALL),
    ]
    if lowest is not None:
        conditions.append(
            _at_least(level, "values_all_at_least", lowest.score, t.TYKK_MIN_EACH_VALUE, lowest.id)
        )
    conditions += inputs.dimension_at_least(
        level, "field", t.PRODUCTION_FIELD, t.TYKK_MIN_PRODUCTION_FIELD
    )
    conditions += inputs.dimension_at_least(
        level, "field", t.LASTING_FIELD, t.TYKK_MIN_LASTING_FIELD
    )
    return conditions


STEPS: tuple[Callable[[_Inputs], list[Condition]], ...] = (_medvirkning, _tynn, _tykk)


def _holds(condition: Condition) -> bool:
    if condition.status == "met":
        return True
    return condition.id in DISQUALIFIERS and condition.status in ("not_answered", "not_asked")


def maturity(
    overall: Score,
    values: tuple[DimensionScore, ...],
    fields: tuple[DimensionScore, ...],
    typology: Typology,
    reading: Reading,
    patterns: tuple[AntiPattern, ...],
) -> Maturity:
    """The maturity level with the conditions behind it (see docs/scoring.md)."""
    if overall.score is None:
        return Maturity(
            None, (Condition("no_scores", LADDER[1], False, None, status="not_answered"),)
        )
    inputs = _Inputs(overall, values, fields, typology, reading, patterns)
    reached = 0
    reasons: list[Condition] = []
    for step_index, step in enumerate(STEPS, start=1):
        conditions = step(inputs)
        reasons.extend(conditions)
        if not all(_holds(condition) for condition in conditions):
            break
        reached = step_index
    return Maturity(LADDER[reached], tuple(reasons))
