"""Reads for the results of rounds: respondents, group scores, live counts and free text."""

import gc
import hashlib
from dataclasses import dataclass

import numpy as np
from django.core.cache import cache
from django.db.models import Count, Max, QuerySet, Sum

from samson.groupscores import (
    GroupScores,
    Respondent,
    Suppression,
    group_scores_from_tallies,
    shown_groups,
)
from samson.instrument_spec import Instrument
from samson.instruments.selectors import instrument_spec
from samson.projects.models import Project, Round
from samson.projects.selectors import minimum_group_size
from samson.responses.models import Answer
from samson.scoring.vectorised import Layout, Tally, layout, matrix_from_answers, tallies


def round_instrument(round: Round) -> Instrument:
    return instrument_spec(round.instrument_version)


def party_keys(project: Project) -> list[str]:
    return [str(pk) for pk in project.parties.values_list("pk", flat=True)]


def round_respondents(round: Round) -> list[Respondent]:
    """Every finished response of the round with its party and answers (text included)."""
    finished = round.responses.filter(completed_at__isnull=False, party__isnull=False)
    # Plain tuples, not Answer objects: a round of 1,000 respondents has 50,000 answers, and
    # making a model instance of each took most of the results page's time (bench/results).
    answers: dict[int, dict[str, int | str]] = {}
    for response_id, item_id, code, text in Answer.objects.filter(
        response__in=finished
    ).values_list("response_id", "item_id", "code", "text"):
        answers.setdefault(response_id, {})[item_id] = code if code is not None else text
    return [
        Respondent(str(party_id), answers.get(pk, {}))
        for pk, party_id in finished.order_by("pk").values_list("pk", "party_id")
    ]


@dataclass(frozen=True)
class RoundTallies:
    """Each party's answers counted (samson.scoring.vectorised): all the results page needs.

    `parties` maps each party key that has finished responses to its tally, in order of the
    party's first response, as `samson.groupscores.party_order` meets them.
    """

    parties: dict[str, Tally]


def _round_tallies(round: Round, grid: Layout) -> RoundTallies:
    """Read the round's finished answers once into a (respondent x item) code matrix and count
    them per party. Answers were validated when they were saved; they are not checked again."""
    finished = round.responses.filter(completed_at__isnull=False, party__isnull=False)
    respondents = list(finished.order_by("pk").values_list("pk", "party_id"))
    party_index: dict[int, int] = {}
    group = np.fromiter(
        (party_index.setdefault(party, len(party_index)) for _pk, party in respondents),
        dtype=np.int64,
        count=len(respondents),
    )
    # One query, plain tuples (bench/results), then columns of numbers: no Python work per
    # answer but its item's column. The collector is paused until the tuples are gone again:
    # 50,000 fresh tuples (a million at 20,000 respondents) hold no cycles, and scanning them
    # as they are made took a third of the time; once they are freed they leave no work
    # behind, where turning the collector on while they live made its next pass walk them all.
    collecting = gc.isenabled()
    gc.disable()
    try:
        rows = list(
            Answer.objects.filter(
                response__round=round,
                response__completed_at__isnull=False,
                response__party__isnull=False,
            ).values_list("response_id", "item_id", "code")
        )
        response_ids, item_ids, codes = zip(*rows, strict=True) if rows else ((), (), ())
        del rows
        matrix = matrix_from_answers(
            grid, [pk for pk, _party in respondents], response_ids, item_ids, codes
        )
        del response_ids, item_ids, codes
    finally:
        if collecting:
            gc.enable()
    counted = tallies(grid, matrix, group, len(party_index))
    return RoundTallies({str(party): counted[index] for party, index in party_index.items()})


def results_version(round: Round) -> str:
    """A fingerprint of everything a round's results rest on, read in one cheap query.

    It changes when the round's state, instrument version or closing time changes, when a
    response is added, deleted, finished, moved to another party or saved (every save of
    answers through the services touches its response), when the project's parties or their
    order change, and when the minimum group size changes.
    """
    responses = round.responses.aggregate(
        n=Count("pk"),
        finished=Count("completed_at"),
        changed=Max("updated_at"),
        ids=Sum("pk"),
        parties=Sum("party_id"),
    )
    parts = (
        round.pk,
        round.state,
        round.instrument_version_id,
        round.closed_at,
        minimum_group_size(round.project),
        party_keys(round.project),
        sorted(responses.items()),
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def results_cache_key(round_pk: int) -> str:
    return f"samson:results:round:{round_pk}"


def round_tallies(round: Round, grid: Layout | None = None) -> RoundTallies:
    """The round's tallies; a closed round's are kept in the cache until its data change.

    The entry is checked against `results_version` on every read, so a change that slips
    past the signal handlers (results/apps.py) still never shows stale results.
    """
    grid = grid or layout(round_instrument(round))
    if round.state != Round.State.CLOSED:
        return _round_tallies(round, grid)
    key = results_cache_key(round.pk)
    version = results_version(round)  # before reading the answers: a later write changes it
    cached = cache.get(key)
    if isinstance(cached, tuple) and len(cached) == 2 and cached[0] == version:
        found: RoundTallies = cached[1]
        return found
    counted = _round_tallies(round, grid)
    cache.set(key, (version, counted), timeout=None)
    return counted


def round_group_scores(round: Round) -> GroupScores:
    """The round's results as samson.groupscores computes them, suppression applied: each
    answer counted once, the total and the other parties summed from the parties' tallies."""
    grid = layout(round_instrument(round))
    return group_scores_from_tallies(
        grid,
        round_tallies(round, grid).parties,
        minimum_group_size(round.project),
        parties=party_keys(round.project),
    )


def round_live_counts(round: Round) -> Suppression:
    """Finished responses per party, with the same suppression as the results."""
    counts = dict(
        round.responses.filter(completed_at__isnull=False, party__isnull=False)
        .values("party")
        .annotate(n=Count("pk"))
        .values_list("party", "n")
    )
    return shown_groups(
        {key: counts.get(int(key), 0) for key in party_keys(round.project)},
        minimum_group_size(round.project),
    )


def round_free_text(round: Round) -> QuerySet[Answer]:
    """Free-text answers of finished responses, by question and then alphabetically, so the
    order says nothing about who answered when."""
    return (
        Answer.objects.filter(
            response__round=round, response__completed_at__isnull=False, code__isnull=True
        )
        .exclude(text="")
        .order_by("item_id", "text", "pk")
    )
