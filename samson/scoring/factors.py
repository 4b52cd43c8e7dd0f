"""Anti-pattern warnings, barriers, drivers and participation challenges (seed)."""

from __future__ import annotations

from samson.instrument_spec import Instrument
from samson.scoring import thresholds as t
from samson.scoring.aggregate import Observations, dimension_score
from samson.scoring.result import AntiPattern, DimensionScore, Factors, Typology


def hearing_signalled_by_typology(typology: Typology) -> bool:
    """The municipality defined the challenge, designed the solution and delivers it alone.

    Any involvement of the other parties can then only have been comment on a (nearly)
    finished solution: the seed's "sender nesten ferdige løsninger på høring".
    """
    codes = (typology.code("challenge"), typology.code("solution"), typology.code("delivery"))
    return codes == (t.MUNICIPALITY, t.MUNICIPALITY, t.MUNICIPALITY)


def antipatterns(
    instrument: Instrument, seen: Observations, typology: Typology
) -> tuple[AntiPattern, ...]:
    """One entry per anti-pattern of the instrument; a pattern fires on agreement >= threshold."""
    found = []
    for dimension in instrument.dimensions_of("antipattern"):
        score = dimension_score(instrument, seen, "antipattern", dimension.id)
        by_items = score.score is not None and score.score >= t.ANTIPATTERN_THRESHOLD
        by_typology = dimension.id == t.HEARING and hearing_signalled_by_typology(typology)
        found.append(AntiPattern(dimension.id, score, by_items, by_typology))
    return tuple(found)


def _scores(instrument: Instrument, seen: Observations, kind: str) -> tuple[DimensionScore, ...]:
    return tuple(
        DimensionScore(kind, dimension.id, dimension_score(instrument, seen, kind, dimension.id))
        for dimension in instrument.dimensions_of(kind)
    )


def _pick(scores: tuple[DimensionScore, ...], *, highest: bool) -> str | None:
    """Highest (or lowest) score above (or below) the midpoint; ties go to file order."""
    candidates = [
        (index, entry)
        for index, entry in enumerate(scores)
        if entry.score.score is not None
        and (
            entry.score.score > t.FACTOR_PRESENT_ABOVE
            if highest
            else entry.score.score < t.FACTOR_PRESENT_ABOVE
        )
    ]
    if not candidates:
        return None
    sign = -1 if highest else 1

    def key(pair: tuple[int, DimensionScore]) -> tuple[float, int]:
        index, entry = pair
        assert entry.score.score is not None
        return (sign * entry.score.score, index)

    return min(candidates, key=key)[1].id


def factors(instrument: Instrument, seen: Observations) -> Factors:
    return factors_from_scores(
        _scores(instrument, seen, "barrier"),
        _scores(instrument, seen, "driver"),
        _scores(instrument, seen, "challenge"),
    )


def factors_from_scores(
    barriers: tuple[DimensionScore, ...],
    drivers: tuple[DimensionScore, ...],
    challenges: tuple[DimensionScore, ...],
) -> Factors:
    """The factors with their highlights, from their scores (shared with the vectorised path)."""
    return Factors(
        barriers=barriers,
        drivers=drivers,
        challenges=challenges,
        strongest_barrier=_pick(barriers, highest=True),
        strongest_driver=_pick(drivers, highest=True),
        weakest_driver=_pick(drivers, highest=False),
        main_challenge=_pick(challenges, highest=True),
    )
