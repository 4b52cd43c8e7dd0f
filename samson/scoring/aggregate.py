"""Item scores 0-100 and their pooled means (seed/research: values x fields scorecard)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from samson.instrument_spec import Answer, Instrument, Item, Scale
from samson.scoring.result import Score


def item_score(scale: Scale, item: Item, value: int) -> float | None:
    """0-100 for a likert answer; None for don't know. Reversed items count disagreement."""
    if value == scale.dont_know.code:
        return None
    assert scale.min is not None and scale.max is not None  # likert scales always have both
    span = scale.max - scale.min
    distance = scale.max - value if item.reverse else value - scale.min
    return distance / span * 100


@dataclass
class Observations:
    """Every respondent's answers, grouped per item."""

    scores: dict[str, list[float]] = field(default_factory=dict)  # likert items
    codes: dict[str, list[int]] = field(default_factory=dict)  # substantive choice codes
    dont_know: dict[str, int] = field(default_factory=dict)


def observe(instrument: Instrument, responses: Sequence[Mapping[str, Answer]]) -> Observations:
    """Group validated answers by item; don't-know answers are only counted."""
    seen = Observations()
    for answers in responses:
        for item_id, value in answers.items():
            item = instrument.item(item_id)
            scale = instrument.scale_for(item)
            if scale is None or isinstance(value, str):
                continue  # free text is not scored
            if value == scale.dont_know.code:
                seen.dont_know[item_id] = seen.dont_know.get(item_id, 0) + 1
            elif scale.type == "likert":
                score = item_score(scale, item, value)
                assert score is not None
                seen.scores.setdefault(item_id, []).append(score)
            else:
                seen.codes.setdefault(item_id, []).append(value)
    return seen


def pooled_score(seen: Observations, items: Iterable[Item]) -> Score:
    """Mean of every substantive item score (respondent x item) of `items`."""
    values: list[float] = []
    basis: list[str] = []
    dont_know = 0
    count = 0
    for item in items:
        count += 1
        found = seen.scores.get(item.id, [])
        values.extend(found)
        if found:
            basis.append(item.id)
        dont_know += seen.dont_know.get(item.id, 0)
    mean = sum(values) / len(values) if values else None
    return Score(
        score=mean, answered=len(values), dont_know=dont_know, items=count, basis=tuple(basis)
    )


def dimension_score(instrument: Instrument, seen: Observations, kind: str, dim_id: str) -> Score:
    return pooled_score(seen, instrument.items_for(kind, dim_id))
