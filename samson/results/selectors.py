"""Reads for the results of rounds: respondents, group scores, live counts and free text."""

from django.db.models import Count, QuerySet

from samson.groupscores import GroupScores, Respondent, Suppression, group_scores, shown_groups
from samson.instrument_spec import Instrument
from samson.instruments.selectors import instrument_spec
from samson.projects.models import Project, Round
from samson.projects.selectors import minimum_group_size
from samson.responses.models import Answer


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


def round_group_scores(round: Round) -> GroupScores:
    """The round's results as samson.groupscores computes them, suppression applied."""
    return group_scores(
        round_instrument(round),
        round_respondents(round),
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
