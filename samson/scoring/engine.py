"""Score one respondent or a pooled group against a kind-'samson' instrument."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from samson.instrument_spec import Instrument, validate_answers
from samson.scoring.aggregate import Observations, dimension_score, observe, pooled_score
from samson.scoring.cells import cell_scores, weakest_and_strongest
from samson.scoring.factors import antipatterns, factors
from samson.scoring.maturity import maturity
from samson.scoring.result import DimensionScore, ItemScore, Result
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
    cells = cell_scores(instrument, seen)
    typology = place(instrument, seen)
    reading = read_thin_thick(typology, values, fields)
    patterns = antipatterns(instrument, seen, typology)
    weakest, strongest = weakest_and_strongest(cells)
    return Result(
        instrument_key=instrument.key,
        instrument_version=instrument.version,
        respondents=len(valid),
        overall=overall,
        items=tuple(
            ItemScore(item.id, pooled_score(seen, [item]))
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
        factors=factors(instrument, seen),
        weakest_cells=weakest,
        strongest_cells=strongest,
        instrument=instrument,
    )


def score(instrument: Instrument, answers: Mapping[str, object]) -> Result:
    """The profile of one respondent's answers ({item_id: code or text})."""
    return score_responses(instrument, [answers])
