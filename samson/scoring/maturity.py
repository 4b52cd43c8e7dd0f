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
    DimensionScore,
    Maturity,
    Reading,
    Score,
    Typology,
)

LADDER = ("ikke_samskaping", "medvirkning", "tynn", "tykk")


def _at_least(
    level: str, cid: str, observed: float | None, threshold: float, subject: str | None = None
) -> Condition:
    met = observed is not None and observed >= threshold
    return Condition(cid, level, met, observed, threshold, subject)


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

    def not_fired(self, level: str, pattern_id: str) -> list[Condition]:
        # An instrument without this anti-pattern cannot detect it: no condition then.
        pattern = self.patterns.get(pattern_id)
        if pattern is None:
            return []
        return [
            Condition(
                "antipattern_not_fired",
                level,
                not pattern.fired,
                pattern.score.score,
                t.ANTIPATTERN_THRESHOLD,
                pattern_id,
            )
        ]

    def dimension_at_least(
        self, level: str, kind: str, dim_id: str, threshold: float
    ) -> list[Condition]:
        scores = self.values if kind == "value" else self.fields
        entry = _lookup(scores, dim_id)
        if entry is None:
            return []
        return [_at_least(level, f"{kind}_at_least", entry.score.score, threshold, dim_id)]


def _medvirkning(inputs: _Inputs) -> list[Condition]:
    level = "medvirkning"
    codes = [
        inputs.typology.code(typology_id) for typology_id in ("challenge", "solution", "delivery")
    ]
    alone = codes == [t.MUNICIPALITY] * 3
    observed = None if None in codes else "/".join(str(code) for code in codes)
    return [
        _at_least(level, "overall_at_least", inputs.overall.score, t.MEDVIRKNING_MIN_OVERALL),
        Condition("not_municipality_alone", level, not alone, observed),
        *inputs.not_fired(level, t.HEARING),
        *inputs.not_fired(level, t.COST_SHIFTING),
    ]


def _tynn(inputs: _Inputs) -> list[Condition]:
    level = "tynn"
    reading = inputs.reading.id
    return [
        Condition("design_shared", level, reading in ("tynn", "tykk"), reading),
        _at_least(level, "overall_at_least", inputs.overall.score, t.TYNN_MIN_OVERALL),
        *inputs.dimension_at_least(level, "value", t.EQUALITY_VALUE, t.TYNN_MIN_EQUALITY),
        *inputs.not_fired(level, t.PREPROGRAMMED),
    ]


def _tykk(inputs: _Inputs) -> list[Condition]:
    level = "tykk"
    reading = inputs.reading.id
    lowest = min(
        inputs.values,
        key=lambda entry: -1.0 if entry.score.score is None else entry.score.score,
        default=None,
    )
    conditions = [
        Condition("production_shared", level, reading == "tykk", reading),
        _at_least(level, "overall_at_least", inputs.overall.score, t.TYKK_MIN_OVERALL),
    ]
    if lowest is not None:
        conditions.append(
            _at_least(
                level, "values_all_at_least", lowest.score.score, t.TYKK_MIN_EACH_VALUE, lowest.id
            )
        )
    conditions += inputs.dimension_at_least(
        level, "field", t.PRODUCTION_FIELD, t.TYKK_MIN_PRODUCTION_FIELD
    )
    conditions += inputs.dimension_at_least(
        level, "field", t.LASTING_FIELD, t.TYKK_MIN_LASTING_FIELD
    )
    return conditions


STEPS: tuple[Callable[[_Inputs], list[Condition]], ...] = (_medvirkning, _tynn, _tykk)


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
        return Maturity(None, (Condition("no_scores", LADDER[1], False, None),))
    inputs = _Inputs(overall, values, fields, typology, reading, patterns)
    reached = 0
    reasons: list[Condition] = []
    for step_index, step in enumerate(STEPS, start=1):
        conditions = step(inputs)
        reasons.extend(conditions)
        if not all(condition.met for condition in conditions):
            break
        reached = step_index
    return Maturity(LADDER[reached], tuple(reasons))
