"""Scoring many respondents at once, as arrays over (respondent x item) codes (docs/scoring.md §12).

`score_responses` (the reference) validates and walks every answer of every respondent for each
group it scores. A round's results page needs the whole round, each party and the other parties
pooled, from the same answers. Here the answers become one matrix of code positions, read
once; a group's `Tally` counts, per item, how many of its respondents chose each code; tallies
of groups add up to the tally of their union; and `result_from_tally` builds from a tally the
same `Result` as `score_responses` gives for those respondents.

No validation happens here: answers are checked when they are saved. An answer to an item the
instrument does not have, a code the item's scale does not have, or text where a code belongs is
left out (the reference would raise AnswerError instead).

Means are exact: each item's points are summed as integers over a common denominator of the
scales' spans, and the mean is one correctly rounded division. Where every item score is a
whole number of points that a float holds exactly (the 5-point scales: 0, 25, 50, 75, 100) this
is bit for bit the reference's mean; otherwise the two differ by at most a rounding error.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import Any

import numpy as np
import numpy.typing as npt

from samson.instrument_spec import Instrument, Item
from samson.scoring import thresholds as t
from samson.scoring.engine import GRID_KINDS, assemble
from samson.scoring.factors import factors_from_scores, hearing_signalled_by_typology
from samson.scoring.result import (
    AntiPattern,
    CellScore,
    DimensionScore,
    Result,
    Score,
    TypologyAnswer,
    TypologyStatus,
)
from samson.scoring.typology import TYPOLOGY_ORDER, placement

Counts = npt.NDArray[np.int64]
BLANK = -1  # the position in the code matrix of an item left unanswered (or answered in text)
FACTOR_KINDS = ("barrier", "driver", "challenge")


@dataclass(frozen=True, slots=True)
class Layout:
    """Where each item and code of an instrument sits in the arrays.

    Column `c` is `items[c]`; position `s` of an item is `codes[c][s]` (its scale's codes in
    order: substantive, don't know, not relevant). `points[c, s]` is the item score of that
    code times `denominator / 100`, a whole number (0 for don't know, choice and text items).
    """

    instrument: Instrument
    items: tuple[Item, ...]
    codes: tuple[tuple[int, ...], ...]
    width: int  # the longest scale: positions per item
    denominator: int
    points: Counts  # (items, width)
    likert: npt.NDArray[np.bool_]  # (items, width): a substantive answer to a likert item
    choice: npt.NDArray[np.bool_]  # (items, width): a substantive answer to a choice item
    dont_know: npt.NDArray[np.bool_]  # (items, width)
    position: Mapping[tuple[str, int], tuple[int, int]]  # (item id, code) -> (column, position)
    column: Mapping[str, int]  # item id -> column
    # slot_of[c, code - lowest] is the position of `code` in item c, or BLANK.
    slot_of: npt.NDArray[np.int8]
    lowest: int
    # Items by (dimension kind, id) and by (value, field) cell, in page order, found once: a
    # round's page builds six Results, and searching every item for each dimension again
    # came to thousands of lookups a page (bench/results).
    members: Mapping[tuple[str, str], tuple[Item, ...]]
    cell_members: Mapping[tuple[str, str], tuple[Item, ...]]
    grid_items: tuple[Item, ...]  # items in a value or a field of action (the overall score)


def _members(items: tuple[Item, ...]) -> dict[str, Any]:
    members: dict[tuple[str, str], list[Item]] = {}
    cells: dict[tuple[str, str], list[Item]] = {}
    for item in items:
        for kind, dimension_id in item.dimensions.items():
            members.setdefault((kind, dimension_id), []).append(item)
        value, field = item.dimension("value"), item.dimension("field")
        if value is not None and field is not None:
            cells.setdefault((value, field), []).append(item)
    return {
        "members": {key: tuple(found) for key, found in members.items()},
        "cell_members": {key: tuple(found) for key, found in cells.items()},
        "grid_items": tuple(
            item for item in items if any(item.dimension(kind) for kind in GRID_KINDS)
        ),
    }


def layout(instrument: Instrument) -> Layout:
    """The arrays' layout for `instrument` (ValueError unless it is of kind 'samson')."""
    if instrument.kind != "samson":
        raise ValueError(
            f"instrument '{instrument.key}' is of kind '{instrument.kind}', not 'samson'"
        )
    items = instrument.items
    codes: list[tuple[int, ...]] = []
    spans: list[int] = []
    for item in items:
        scale = instrument.scale_for(item)
        codes.append(() if scale is None else scale.codes)
        if scale is not None and scale.type == "likert":
            assert scale.min is not None and scale.max is not None
            spans.append(scale.max - scale.min)
    denominator = math.lcm(*spans) if spans else 1
    width = max((len(c) for c in codes), default=0) or 1
    shape = (len(items), width)
    points = np.zeros(shape, dtype=np.int64)
    likert = np.zeros(shape, dtype=np.bool_)
    choice = np.zeros(shape, dtype=np.bool_)
    dont_know = np.zeros(shape, dtype=np.bool_)
    position: dict[tuple[str, int], tuple[int, int]] = {}
    every_code = [code for item_codes in codes for code in item_codes]
    lowest, highest = (min(every_code), max(every_code)) if every_code else (0, 0)
    slot_of = np.full((len(items), highest - lowest + 1), BLANK, dtype=np.int8)
    for column, item in enumerate(items):
        scale = instrument.scale_for(item)
        if scale is None:
            continue
        for slot, code in enumerate(codes[column]):
            position[(item.id, code)] = (column, slot)
            slot_of[column, code - lowest] = slot
            if code == scale.dont_know.code:
                dont_know[column, slot] = True
            elif scale.type == "likert":
                # As the reference scores it (samson.scoring.aggregate.item_score).
                assert scale.min is not None and scale.max is not None
                span = scale.max - scale.min
                distance = scale.max - code if item.reverse else code - scale.min
                points[column, slot] = distance * (denominator // span)
                likert[column, slot] = True
            else:
                choice[column, slot] = True
    return Layout(
        instrument=instrument,
        items=items,
        codes=tuple(codes),
        width=width,
        denominator=denominator,
        points=points,
        likert=likert,
        choice=choice,
        dont_know=dont_know,
        position=position,
        column={item.id: index for index, item in enumerate(items)},
        slot_of=slot_of,
        lowest=lowest,
        **_members(items),
    )


def code_matrix(grid: Layout, responses: Sequence[Mapping[str, object]]) -> npt.NDArray[np.int8]:
    """(respondent x item) code positions of `responses` ({item id: code or text}); BLANK
    where an item is unanswered, answered in text, or answered with a code it does not have."""
    rows: list[int] = []
    columns: list[int] = []
    slots: list[int] = []
    position = grid.position
    for row, answers in enumerate(responses):
        for item_id, value in answers.items():
            if isinstance(value, bool) or not isinstance(value, int):
                continue
            found = position.get((item_id, value))
            if found is not None:
                rows.append(row)
                columns.append(found[0])
                slots.append(found[1])
    return matrix_from_positions(grid, len(responses), rows, columns, slots)


def matrix_from_positions(
    grid: Layout,
    respondents: int,
    rows: Sequence[int] | npt.NDArray[np.int64],
    columns: Sequence[int] | npt.NDArray[np.int64],
    slots: Sequence[int] | npt.NDArray[np.int64],
) -> npt.NDArray[np.int8]:
    """The code matrix with `slots[k]` at (`rows[k]`, `columns[k]`) and BLANK elsewhere."""
    matrix = np.full((respondents, len(grid.items)), BLANK, dtype=np.int8)
    matrix[np.asarray(rows, dtype=np.int64), np.asarray(columns, dtype=np.int64)] = slots
    return matrix


def matrix_from_answers(
    grid: Layout,
    respondents: Sequence[int],
    response_ids: Sequence[int],
    item_ids: Sequence[str],
    codes: Sequence[int | None],
) -> npt.NDArray[np.int8]:
    """The code matrix of answers given as columns: answer k is `codes[k]` to item
    `item_ids[k]` by the respondent whose id is `response_ids[k]`; row r of the matrix is the
    respondent `respondents[r]`. Answers of other respondents, to items the instrument lacks,
    without a code (free text: None) or with codes the item does not have are left out.
    Vectorised: no Python work per answer beyond looking up its item's column."""
    order = np.argsort(np.asarray(respondents, dtype=np.int64), kind="stable")
    ids = np.asarray(respondents, dtype=np.int64)[order]
    answer_ids = np.asarray(response_ids, dtype=np.int64)
    found = np.searchsorted(ids, answer_ids)
    found = np.minimum(found, max(len(ids) - 1, 0))
    known_respondent = ids[found] == answer_ids if len(ids) else np.zeros(len(answer_ids), bool)
    rows = order[found] if len(ids) else found
    get = grid.column.get
    # map() over a bound dict.get runs in C: no Python frame per answer.
    columns = np.fromiter(map(get, item_ids, repeat(-1)), dtype=np.int64, count=len(item_ids))
    numbers = np.asarray(codes, dtype=np.float64)  # None becomes NaN
    coded = np.isfinite(numbers)
    offsets = np.where(coded, numbers, grid.lowest - 1).astype(np.int64) - grid.lowest
    keep = (
        known_respondent
        & coded
        & (columns >= 0)
        & (offsets >= 0)
        & (offsets < grid.slot_of.shape[1])
    )
    slots = np.full(len(item_ids), BLANK, dtype=np.int64)
    slots[keep] = grid.slot_of[columns[keep], offsets[keep]]
    keep &= slots >= 0
    return matrix_from_positions(grid, len(respondents), rows[keep], columns[keep], slots[keep])


@dataclass(frozen=True, slots=True)
class Tally:
    """A group's answers counted: `counts[c, s]` respondents chose position `s` of item `c`.

    Everything a Result says about a group follows from its tally; the tally of a union of
    disjoint groups is the sum of theirs.
    """

    respondents: int
    counts: Counts  # (items, width)

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.respondents + other.respondents, self.counts + other.counts)


def empty_tally(grid: Layout) -> Tally:
    return Tally(0, np.zeros((len(grid.items), grid.width), dtype=np.int64))


def pooled(grid: Layout, tallies: Iterable[Tally]) -> Tally:
    """The tally of several disjoint groups together."""
    total = empty_tally(grid)
    for tally in tallies:
        total = total + tally
    return total


def tallies(
    grid: Layout, matrix: npt.NDArray[np.int8], group: npt.NDArray[np.int64], groups: int
) -> list[Tally]:
    """One tally per group 0..groups-1; `group[r]` is the group of the matrix's row r."""
    respondents, width = matrix.shape[0], grid.width
    columns = len(grid.items)
    sizes = np.bincount(group, minlength=groups) if respondents else np.zeros(groups, np.int64)
    answered = matrix >= 0
    row_index, column_index = np.nonzero(answered)
    flat = (group[row_index] * columns + column_index) * width + matrix[answered]
    counts = np.bincount(flat, minlength=groups * columns * width).astype(np.int64)
    counts = counts.reshape(groups, columns, width)
    return [Tally(int(sizes[g]), counts[g]) for g in range(groups)]


def tally(grid: Layout, matrix: npt.NDArray[np.int8]) -> Tally:
    """The tally of every row of the matrix together."""
    return tallies(grid, matrix, np.zeros(matrix.shape[0], dtype=np.int64), 1)[0]


class _Sums:
    """A tally reduced per item: substantive likert answers, their points, don't knows."""

    def __init__(self, grid: Layout, counts: Counts) -> None:
        self.grid = grid
        self.column = {item.id: index for index, item in enumerate(grid.items)}
        self.answered: list[int] = (counts * grid.likert).sum(axis=1).tolist()
        self.points: list[int] = (counts * grid.points).sum(axis=1).tolist()
        self.dont_know: list[int] = (counts * grid.dont_know).sum(axis=1).tolist()
        self.counts = counts

    def score(self, items: Iterable[Item]) -> Score:
        """As samson.scoring.aggregate.pooled_score: the mean over every answer of `items`."""
        answered = points = dont_know = count = 0
        basis: list[str] = []
        for item in items:
            count += 1
            column = self.column[item.id]
            n = self.answered[column]
            if n:
                answered += n
                points += self.points[column]
                basis.append(item.id)
            dont_know += self.dont_know[column]
        # Integers divided once: the exact mean, correctly rounded.
        mean = points * 100 / (self.grid.denominator * answered) if answered else None
        return Score(
            score=mean, answered=answered, dont_know=dont_know, items=count, basis=tuple(basis)
        )

    def dimension(self, kind: str, dim_id: str) -> Score:
        return self.score(self.grid.members.get((kind, dim_id), ()))

    def typology_answer(self, typology_id: str) -> TypologyAnswer:
        """As samson.scoring.typology._answer: the most chosen code, or why there is none."""
        items = self.grid.members.get(("typology", typology_id), ())
        if not items:
            return TypologyAnswer(typology_id, None, None, "not_asked", {}, 0)
        item_id = items[0].id
        column = self.column[item_id]
        chosen = self.grid.choice[column]
        row = self.counts[column].tolist()
        counts = {
            code: row[slot]
            for slot, code in enumerate(self.grid.codes[column])
            if chosen[slot] and row[slot]
        }
        ordered = {code: counts[code] for code in sorted(counts)}
        dont_know = self.dont_know[column]
        if not counts:
            status: TypologyStatus = "dont_know" if dont_know else "unanswered"
            return TypologyAnswer(typology_id, item_id, None, status, ordered, dont_know)
        top = max(counts.values())
        leaders = [code for code, count in counts.items() if count == top]
        if len(leaders) > 1:
            return TypologyAnswer(typology_id, item_id, None, "no_majority", ordered, dont_know)
        return TypologyAnswer(typology_id, item_id, leaders[0], "answered", ordered, dont_know)

    def dimension_scores(self, kind: str) -> tuple[DimensionScore, ...]:
        return tuple(
            DimensionScore(kind, dimension.id, self.dimension(kind, dimension.id))
            for dimension in self.grid.instrument.dimensions_of(kind)
        )


def result_from_tally(grid: Layout, tally: Tally) -> Result:
    """The Result `score_responses` gives for the respondents counted in `tally`."""
    instrument = grid.instrument
    sums = _Sums(grid, tally.counts)
    overall = sums.score(grid.grid_items)
    values = sums.dimension_scores("value")
    fields = sums.dimension_scores("field")
    cells = tuple(
        CellScore(
            value.id,
            field.id,
            sums.score(grid.cell_members.get((value.id, field.id), ())),
        )
        for value in instrument.dimensions_of("value")
        for field in instrument.dimensions_of("field")
    )
    typology = placement(tuple(sums.typology_answer(tid) for tid in TYPOLOGY_ORDER))
    patterns = []
    for dimension in instrument.dimensions_of("antipattern"):
        score = sums.dimension("antipattern", dimension.id)
        by_items = score.score is not None and score.score >= t.ANTIPATTERN_THRESHOLD
        by_typology = dimension.id == t.HEARING and hearing_signalled_by_typology(typology)
        patterns.append(AntiPattern(dimension.id, score, by_items, by_typology))
    return assemble(
        instrument,
        respondents=tally.respondents,
        overall=overall,
        item_score=lambda item: sums.score([item]),
        values=values,
        fields=fields,
        cells=cells,
        typology=typology,
        patterns=tuple(patterns),
        factors=factors_from_scores(*(sums.dimension_scores(kind) for kind in FACTOR_KINDS)),
    )


def score_matrix(instrument: Instrument, responses: Sequence[Mapping[str, object]]) -> Result:
    """The pooled profile of `responses` through the arrays (unvalidated answers; see above)."""
    grid = layout(instrument)
    return result_from_tally(grid, tally(grid, code_matrix(grid, responses)))
