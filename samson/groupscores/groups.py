"""The results of a round for all respondents, each party and the other parties together."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from samson.groupscores.disagreement import (
    Spot,
    TypologyQuestion,
    disagreements,
    typology_by_party,
)
from samson.groupscores.suppression import Suppression, shown_groups
from samson.instrument_spec import Instrument
from samson.scoring import Result, score_responses
from samson.scoring.vectorised import Layout, Tally, pooled, result_from_tally


@dataclass(frozen=True, slots=True)
class Respondent:
    """One finished response: the party its respondent chose and their answers."""

    party: str
    answers: Mapping[str, object]


@dataclass(frozen=True, slots=True)
class Group:
    """A shown group: a party, all respondents, or the other parties pooled."""

    key: str
    n: int
    result: Result


@dataclass(frozen=True, slots=True)
class GroupScores:
    """Everything a round's results page may show; nothing of a suppressed party on its own.

    `parties` are the shown parties in display order; `other` pools every suppressed party and
    is present only when that cannot reveal a small party (docs/anonymity.md). `disagreements`
    and `typology` are computed over the shown parties only, never over `other`.
    """

    instrument: Instrument
    suppression: Suppression
    total: Group | None
    parties: tuple[Group, ...]
    other: Group | None
    disagreements: tuple[Spot, ...]
    typology: tuple[TypologyQuestion, ...]

    @property
    def min_size(self) -> int:
        return self.suppression.min_size

    def party(self, key: str) -> Group | None:
        return next((group for group in self.parties if group.key == key), None)


def party_order(respondents: Sequence[Respondent], parties: Sequence[str] = ()) -> list[str]:
    """`parties` first (also those nobody answered for), then others in order of appearance."""
    order = list(dict.fromkeys(parties))
    seen = set(order)
    for respondent in respondents:
        if respondent.party not in seen:
            seen.add(respondent.party)
            order.append(respondent.party)
    return order


def group_scores(
    instrument: Instrument,
    respondents: Sequence[Respondent],
    min_size: int,
    parties: Sequence[str] = (),
) -> GroupScores:
    """Score a round: the pooled profile of everyone and of each party that may be shown.

    `parties` gives the display order (and parties with no respondents); `min_size` is the
    project's minimum group size. Answers are validated by `score_responses` (AnswerError).
    """
    order = party_order(respondents, parties)
    by_party: dict[str, list[Mapping[str, object]]] = {party: [] for party in order}
    for respondent in respondents:
        by_party[respondent.party].append(respondent.answers)
    suppression = shown_groups({party: len(by_party[party]) for party in order}, min_size)
    total = None
    if suppression.show_total:
        everyone = [answers for party in order for answers in by_party[party]]
        total = Group("", len(everyone), score_responses(instrument, everyone))
    shown = tuple(
        Group(party, len(by_party[party]), score_responses(instrument, by_party[party]))
        for party in suppression.shown
    )
    other = None
    if suppression.show_other:
        pooled = [answers for party in suppression.suppressed for answers in by_party[party]]
        other = Group("", len(pooled), score_responses(instrument, pooled))
    return _assembled(instrument, suppression, total, shown, other)


def group_scores_from_tallies(
    grid: Layout, tallies: Mapping[str, Tally], min_size: int, parties: Sequence[str] = ()
) -> GroupScores:
    """`group_scores` from each party's tally (samson.scoring.vectorised): the same GroupScores.

    `tallies` holds every party with respondents (and may hold empty ones); `parties` gives the
    display order as in `group_scores`, parties only in `tallies` follow in their order there.
    The total and the other parties are the sums of the parties' tallies, so the answers are
    counted once, not once per group.
    """
    order = list(dict.fromkeys([*parties, *tallies]))
    counts = {party: tallies[party].respondents if party in tallies else 0 for party in order}
    suppression = shown_groups(counts, min_size)
    instrument = grid.instrument

    def result(keys: Sequence[str]) -> Group:
        summed = pooled(grid, (tallies[key] for key in keys if key in tallies))
        return Group("", summed.respondents, result_from_tally(grid, summed))

    total = result(order) if suppression.show_total else None
    shown = tuple(
        Group(party, counts[party], result([party]).result) for party in suppression.shown
    )
    other = result(suppression.suppressed) if suppression.show_other else None
    return _assembled(instrument, suppression, total, shown, other)


def _assembled(
    instrument: Instrument,
    suppression: Suppression,
    total: Group | None,
    shown: tuple[Group, ...],
    other: Group | None,
) -> GroupScores:
    """The groups with the disagreements and typology between the parties shown."""
    results: dict[str, Result] = {group.key: group.result for group in shown}
    return GroupScores(
        instrument=instrument,
        suppression=suppression,
        total=total,
        parties=shown,
        other=other,
        disagreements=tuple(disagreements(instrument, results)),
        typology=tuple(typology_by_party(instrument, results)),
    )
