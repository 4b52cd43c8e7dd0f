"""Score one respondent or a pooled group against a kind-'samson' instrument."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from samson.instrument_spec import Instrument, Item, validate_answers
from samson.scoring.aggregate import Observations, dimension_score, observe, pooled_score
from samson.scoring.cells import cell_scores, weakest_and_strongest
from samson.scoring.factors import antipatterns, factors
from samson.scoring.maturity import maturity
from samson.scoring.result import (
    AntiPattern,
    CellScore,
    DimensionScore,
    Factors,
    ItemScore,
    Result,
    Score,
    Typology,
)
from samson.scoring.typology import place, read_thin_thick

# The scorecard grid: the overall score is the mean over items in these kinds.
GRID_KINDS = ("value", "field")


def _dimension_scores(
    instrument: Instrument, seen: Observations, kind: str
) -> tuple[DimensionScore, ...]:
    return tuple(
        DimensionScore(kind, dimension.id, dimension_score(instrument, seen, kind, dimension.id))
        for dimension in instrument.dimensions_of(kind)
    )


def score_responses(instrument: Instrument, responses: Sequence[Mapping[str, object]]) -> Result:
    """The pooled profile of several respondents (e.g. one party in one round).

    Every response is checked with validate_answers (AnswerError on bad input). Scores pool
    every substantive (respondent, item) score; typology uses each item's most chosen code.
    Raises ValueError for an instrument that is not of kind 'samson'.
    """
    if instrument.kind != "samson":
        raise ValueError(
            f"instrument '{instrument.key}' is of kind '{instrument.kind}', not 'samson'"
        )
    valid = [validate_answers(instrument, answers) for answers in responses]
    seen = observe(instrument, valid)
    grid_items = [
        item for item in instrument.items if any(item.dimension(kind) for kind in GRID_KINDS)
    ]
    overall = pooled_score(seen, grid_items)
    values = _dimension_scores(instrument, seen, "value")
    fields = _dimension_scores(instrument, seen, "field")
    typology = place(instrument, seen)
    return assemble(
        instrument,
        respondents=len(valid),
        overall=overall,
        item_score=lambda item: pooled_score(seen, [item]),
        values=values,
        fields=fields,
        cells=cell_scores(instrument, seen),
        typology=typology,
        patterns=antipatterns(instrument, seen, typology),
        factors=factors(instrument, seen),
    )


def assemble(
    instrument: Instrument,
    *,
    respondents: int,
    overall: Score,
    item_score: Callable[[Item], Score],
    values: tuple[DimensionScore, ...],
    fields: tuple[DimensionScore, ...],
    cells: tuple[CellScore, ...],
    typology: Typology,
    patterns: tuple[AntiPattern, ...],
    factors: Factors,
) -> Result:
    """The Result of scores already worked out, by either engine (this one or
    `samson.scoring.vectorised`): the reading, the maturity level and the weakest and strongest
    cells are derived from them here, the one way both engines share."""
    reading = read_thin_thick(typology, values, fields)
    weakest, strongest = weakest_and_strongest(cells)
    return Result(
        instrument_key=instrument.key,
        instrument_version=instrument.version,
        respondents=respondents,
        overall=overall,
        items=tuple(
            ItemScore(item.id, item_score(item))
            for item in instrument.items
            if item.type == "scale"
        ),
        values=values,
        fields=fields,
        cells=cells,
        typology=typology,
        reading=reading,
        maturity=maturity(overall, values, fields, typology, reading, patterns),
        antipatterns=patterns,
        factors=factors,
        weakest_cells=weakest,
        strongest_cells=strongest,
        instrument=instrument,
    )


def score(instrument: Instrument, answers: Mapping[str, object]) -> Result:
    """The profile of one respondent's answers ({item_id: code or text})."""
    return score_responses(instrument, [answers])
