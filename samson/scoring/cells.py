"""Scores per value x field cell and the weakest / strongest cells to talk about."""

from __future__ import annotations

from samson.instrument_spec import Instrument
from samson.scoring import thresholds as t
from samson.scoring.aggregate import Observations, pooled_score
from samson.scoring.result import CellScore


def cell_scores(instrument: Instrument, seen: Observations) -> tuple[CellScore, ...]:
    """Every value x field cell in grid order: values as listed, then fields as listed."""
    scores = []
    for value in instrument.dimensions_of("value"):
        for field in instrument.dimensions_of("field"):
            items = [
                item
                for item in instrument.items
                if item.dimension("value") == value.id and item.dimension("field") == field.id
            ]
            scores.append(CellScore(value.id, field.id, pooled_score(seen, items)))
    return tuple(scores)


def weakest_and_strongest(
    cells: tuple[CellScore, ...], count: int = t.HIGHLIGHT_CELLS
) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """Up to `count` lowest-scoring cells, then up to `count` highest among the rest.

    With fewer than 2 x `count` scored cells the two lists share them, the weakest list
    taking the odd one.

    Ties go to the cell that comes first in grid order, for both lists, so the same answers
    always give the same advice. Cells without a score take no part.
    """
    scored = [(index, cell) for index, cell in enumerate(cells) if cell.score.score is not None]

    def ascending(pair: tuple[int, CellScore]) -> tuple[float, int]:
        index, cell = pair
        assert cell.score.score is not None
        return (cell.score.score, index)

    def descending(pair: tuple[int, CellScore]) -> tuple[float, int]:
        index, cell = pair
        assert cell.score.score is not None
        return (-cell.score.score, index)

    weakest_count = min(count, (len(scored) + 1) // 2)
    strongest_count = min(count, len(scored) - weakest_count)
    weakest = sorted(scored, key=ascending)[:weakest_count]
    taken = {index for index, _cell in weakest}
    strongest = sorted((pair for pair in scored if pair[0] not in taken), key=descending)[
        :strongest_count
    ]
    return (
        tuple((cell.value, cell.field) for _index, cell in weakest),
        tuple((cell.value, cell.field) for _index, cell in strongest),
    )
