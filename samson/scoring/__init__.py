"""Scoring of SAMSON co-creation assessments. Pure Python: no Django (see docs/scoring.md)."""

from samson.scoring.aggregate import item_score
from samson.scoring.engine import score, score_responses
from samson.scoring.presenter import result_to_dict
from samson.scoring.result import (
    AntiPattern,
    CellScore,
    Condition,
    DimensionScore,
    Factors,
    ItemScore,
    Maturity,
    Reading,
    Result,
    Score,
    Signal,
    Typology,
    TypologyAnswer,
)
from samson.scoring.typology import quadrant_for

__all__ = [
    "AntiPattern",
    "CellScore",
    "Condition",
    "DimensionScore",
    "Factors",
    "ItemScore",
    "Maturity",
    "Reading",
    "Result",
    "Score",
    "Signal",
    "Typology",
    "TypologyAnswer",
    "item_score",
    "quadrant_for",
    "result_to_dict",
    "score",
    "score_responses",
]
