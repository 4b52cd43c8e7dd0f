"""The results of rounds as plain data and heat-map grids for templates. Only what
samson.groupscores lets through is ever put in here: no number of a suppressed party reaches a
template.

Every page's data is a frozen dataclass (a view model), typed from the pure packages' results
to the template; templates read it by attribute. The whole round's profile is the scoring
package's (`Result.profile`, samson.scoring.profile) with the page's heat map added."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samson.charts import HeatmapGrid
from samson.groupscores import (
    ALL,
    Change,
    GroupScores,
    RoundComparison,
    Spot,
    Suppression,
    TypologyQuestion,
    compare_rounds,
    round1,
    typology_by_party,
)
from samson.instrument_spec import Instrument
from samson.projects.models import Project, Round
from samson.projects.selectors import minimum_group_size
from samson.responses.models import Answer
from samson.responses.presenters import Points, dimension_labels, heatmap_grid, points
from samson.scoring import Result
from samson.scoring.profile import HighlightedCell, Profile, extended

from . import selectors

LEVELS = {
    "small": gettext_lazy("small difference"),
    "notable": gettext_lazy("notable difference"),
    "large": gettext_lazy("large difference"),
}
STEPS = {
    Round.Reveal.NOTHING: gettext_lazy("Nothing is shown yet"),
    Round.Reveal.OVERALL: gettext_lazy("The profile of all participants"),
    Round.Reveal.PARTIES: gettext_lazy("Each party's scores"),
    Round.Reveal.DISAGREEMENTS: gettext_lazy("Where the parties see it differently"),
    Round.Reveal.TYPOLOGY: gettext_lazy("Who defined, designed and delivers"),
}


@dataclass(frozen=True, slots=True)
class CountRow:
    """One party's respondents as the counts table words them (`status` from Suppression)."""

    key: str
    name: str
    status: str
    text: str


@dataclass(frozen=True, slots=True)
class CountTable:
    """Respondents per party; `other` is the other parties' count where that row is shown."""

    minimum: int
    rows: tuple[CountRow, ...]
    other: str | None
    total_text: str


@dataclass(frozen=True, slots=True)
class PartyGrid:
    """A party shown on its own, with its heat map."""

    key: str
    name: str
    n: int
    grid: HeatmapGrid


@dataclass(frozen=True, slots=True)
class Column:
    """A column of the score tables: all participants, a party, or the other parties."""

    name: str
    n: int


@dataclass(frozen=True, slots=True)
class ScoreRow:
    """A value or field of action: all participants' score and each column's, as text."""

    label: str
    total: str
    scores: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PartyScore:
    name: str
    score: str


@dataclass(frozen=True, slots=True)
class SpotView:
    """A place where the parties' scores lie apart (`samson.groupscores.Spot`), worded."""

    title: str
    kind: str
    range: str
    level: str
    level_label: str
    scores: tuple[PartyScore, ...]
    dialogue: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TypologyOption:
    """An option of a typology question with its share among all and in each party."""

    label: str
    shares: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PartyAnswer:
    name: str
    answer: str


@dataclass(frozen=True, slots=True)
class TypologyTable:
    """One typology question: the options' shares and the answer most chosen per column."""

    id: str
    label: str
    question: str
    differ: bool
    options: tuple[TypologyOption, ...]
    most_chosen: tuple[str, ...]
    answers: tuple[PartyAnswer, ...]


@dataclass(frozen=True, slots=True)
class TypologyDisagreement:
    """A typology question the parties answer differently, with each party's answer."""

    label: str
    question: str
    answers: tuple[PartyAnswer, ...]


@dataclass(frozen=True, slots=True)
class ScoredCell(HighlightedCell):
    """A weakest or strongest cell with its score as the results page prints it."""

    score_text: str


@dataclass(frozen=True, slots=True)
class RoundProfile(Profile):
    """The whole round's profile with its heat map; its highlighted cells are ScoredCells."""

    grid: HeatmapGrid
    overall_text: str


@dataclass(frozen=True, slots=True)
class RoundResults:
    """Everything the results page, the workshop view and the round report show of a round.

    When `shown` is false only the counts are filled in."""

    minimum: int
    counts: CountTable
    shown: bool
    total: RoundProfile | None = None
    parties: tuple[PartyGrid, ...] = ()
    other: Column | None = None
    columns: tuple[Column, ...] = ()
    value_rows: tuple[ScoreRow, ...] = ()
    field_rows: tuple[ScoreRow, ...] = ()
    disagreements: tuple[SpotView, ...] = ()
    small_disagreements: int = 0
    typology: tuple[TypologyTable, ...] = ()
    typology_disagreements: tuple[TypologyDisagreement, ...] = ()


@dataclass(frozen=True, slots=True)
class ComparisonRow:
    """The overall score, a value or a field of action in both rounds, and the change."""

    label: str
    a: str
    b: str
    change: str
    interval: str
    beyond: bool
    verdict: str


@dataclass(frozen=True, slots=True)
class ComparisonGroup:
    id: str
    name: str
    rows: tuple[ComparisonRow, ...]


@dataclass(frozen=True, slots=True)
class Comparison:
    """Round a against round b; `not_compared` names each party left out and why."""

    groups: tuple[ComparisonGroup, ...]
    not_compared: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class WorkshopStep:
    number: int
    label: str
    current: bool


@dataclass(frozen=True, slots=True)
class FreeTextQuestion:
    """A question's text with the free-text answers given to it."""

    text: str
    answers: tuple[Answer, ...]


def party_names(project: Project) -> dict[str, str]:
    return {str(party.pk): party.name for party in project.parties.all()}


def count_rows(suppression: Suppression, names: dict[str, str]) -> CountTable:
    """Respondents per party, worded so that no count below the minimum can be read off."""
    minimum = suppression.min_size
    rows = []
    for key, name in names.items():
        status = suppression.status(key)
        if status == "shown":
            text = str(suppression.counts[key])
        elif status == "too_few":
            text = _("fewer than %(minimum)s") % {"minimum": minimum}
        elif status == "merged" and suppression.show_other:
            text = _("counted in other parties")
        elif status == "merged":
            # No "other parties" row to point to: the answers count in the total alone.
            text = _("counted only in all participants")
        else:
            text = _("no answers")
        rows.append(CountRow(key=key, name=name, status=status, text=text))
    total = suppression.total_n
    if suppression.show_total:
        total_text = str(total)
    elif total:
        total_text = _("fewer than %(minimum)s") % {"minimum": minimum}
    else:
        total_text = _("no answers")
    return CountTable(
        minimum=minimum,
        rows=tuple(rows),
        other=str(suppression.other_n) if suppression.show_other else None,
        total_text=total_text,
    )


def live_counts(round: Round) -> CountTable:
    """The round's respondents so far, per party, with the results' suppression: what the
    round page, its closing page and the workshop view show while answers come in."""
    return count_rows(selectors.round_live_counts(round), party_names(round.project))


def _spot(
    spot: Spot,
    instrument: Instrument,
    names: dict[str, str],
    lang: str,
    number: Callable[[float | None], str] = points,
) -> SpotView:
    parts = []
    if spot.value is not None:
        parts.append(instrument.dimension("value", spot.value).label.get(lang))
    if spot.field is not None:
        parts.append(instrument.dimension("field", spot.field).label.get(lang))
    if spot.kind == "value":
        kind = _("Value")
    elif spot.kind == "field":
        kind = _("Field of action")
    else:
        kind = _("Value and field of action")
    return SpotView(
        title=" – ".join(parts),
        kind=kind,
        range=number(spot.range),
        level=spot.level,
        level_label=str(LEVELS[spot.level]),
        scores=tuple(
            PartyScore(name=names[party], score=number(score))
            for party, score in spot.scores.items()
        ),
        dialogue=tuple(question.get(lang) for question in spot.dialogue),
    )


def _typology_table(
    questions: list[TypologyQuestion],
    totals: list[TypologyQuestion],
    instrument: Instrument,
    names: dict[str, str],
    lang: str,
    number: Callable[[float | None], str] = points,
) -> tuple[TypologyTable, ...]:
    """Per question: for each option, the share choosing it among all and in each party."""
    out = []
    for question, total in zip(questions, totals, strict=True):
        items = instrument.items_for("typology", question.typology_id)
        scale = instrument.scale_for(items[0])
        assert scale is not None

        def label(code: int | None, scale: Any = scale) -> str:
            if code is None:
                return _("no single answer")
            text = scale.label(code)
            return text.get(lang) if text else str(code)

        columns = [total.parties[ALL], *question.parties.values()]
        out.append(
            TypologyTable(
                id=question.typology_id,
                label=instrument.dimension("typology", question.typology_id).label.get(lang),
                question=items[0].text.get(lang),
                differ=question.differ,
                options=tuple(
                    TypologyOption(
                        label=label(code),
                        shares=tuple(
                            _("%(share)s %%") % {"share": number(choice.shares[code])}
                            for choice in columns
                        ),
                    )
                    for code in question.options
                ),
                most_chosen=tuple(label(choice.code) for choice in columns),
                answers=tuple(
                    PartyAnswer(name=names[party], answer=label(choice.code))
                    for party, choice in question.parties.items()
                ),
            )
        )
    return tuple(out)


def round_results(round: Round, lang: str, scores: GroupScores | None = None) -> RoundResults:
    """Everything the results page and the workshop view show for a round.

    Only the whole round is turned into a full profile (its maturity, warnings and advice
    are shown); the parties and the other parties show their heat maps and scores only, so
    those are read straight off their Results, with each label looked up once.
    """
    scores = scores or selectors.round_group_scores(round)
    instrument = scores.instrument
    names = party_names(round.project)
    counts = count_rows(scores.suppression, names)
    if scores.total is None:
        return RoundResults(minimum=scores.min_size, counts=counts, shown=False)
    number = Points()
    labels = dimension_labels(instrument, lang)
    description = _(
        "A grid with the values as rows and the fields of action as columns. Each cell "
        "shows a score from 0 to 100; a dash means no answer."
    )
    profile = scores.total.result.profile(lang)
    grid = heatmap_grid(
        scores.total.result,
        labels,
        title=_("Scores per value and field of action, all participants"),
        description=description,
        caption=_("Scores per value (rows) and field of action (columns), all participants"),
        chart_id="heatmap-all",
        table_id="total-grid-caption",
        number=number,
    )
    total = extended(
        profile,
        RoundProfile,
        weakest_cells=tuple(
            extended(cell, ScoredCell, score_text=number(cell.score))
            for cell in profile.weakest_cells
        ),
        strongest_cells=tuple(
            extended(cell, ScoredCell, score_text=number(cell.score))
            for cell in profile.strongest_cells
        ),
        grid=grid,
        overall_text=grid.overall.label,
    )
    parties: list[PartyGrid] = []
    for group in scores.parties:
        name = names[group.key]
        grid = heatmap_grid(
            group.result,
            labels,
            title=_("Scores per value and field of action: %(party)s") % {"party": name},
            description=description,
            caption=_("Scores per value (rows) and field of action (columns): %(party)s")
            % {"party": name},
            chart_id=f"heatmap-party-{group.key}",
            table_id=f"party-grid-caption-{group.key}",
            number=number,
        )
        parties.append(PartyGrid(key=group.key, name=name, n=group.n, grid=grid))
    columns: list[tuple[str, int, Result]] = [
        (names[group.key], group.n, group.result) for group in scores.parties
    ]
    other: Column | None = None
    if scores.other is not None:
        other = Column(name=_("Other parties together"), n=scores.other.n)
        columns.append((other.name, scores.other.n, scores.other.result))
    total_result = scores.total.result
    typology = _typology_table(
        list(scores.typology),
        typology_by_party(instrument, {ALL: scores.total.result}),
        instrument,
        names,
        lang,
        number,
    )
    return RoundResults(
        minimum=scores.min_size,
        counts=counts,
        shown=True,
        total=total,
        parties=tuple(parties),
        other=other,
        columns=tuple(Column(name=name, n=n) for name, n, _result in columns),
        value_rows=tuple(
            ScoreRow(
                label=labels[("value", value.id)],
                total=number(value.score.score),
                scores=tuple(number(result.values[i].score.score) for *_, result in columns),
            )
            for i, value in enumerate(total_result.values)
        ),
        field_rows=tuple(
            ScoreRow(
                label=labels[("field", field.id)],
                total=number(field.score.score),
                scores=tuple(number(result.fields[i].score.score) for *_, result in columns),
            )
            for i, field in enumerate(total_result.fields)
        ),
        disagreements=tuple(
            _spot(spot, instrument, names, lang, number)
            for spot in scores.disagreements
            if spot.level != "small"
        ),
        small_disagreements=sum(1 for s in scores.disagreements if s.level == "small"),
        typology=typology,
        typology_disagreements=tuple(
            TypologyDisagreement(
                label=question.label, question=question.question, answers=question.answers
            )
            for question in typology
            if question.differ
        ),
    )


def _verdict(change: Change | None) -> str:
    if change is None or change.low is None:
        return _("too few answers to tell")
    if change.beyond_spread:
        return _("larger than the spread of answers explains")
    return _("within the spread of answers")


def comparison(project: Project, round_a: Round, round_b: Round, lang: str) -> Comparison:
    """Round a against round b for everyone and each party shown in both rounds."""
    instrument_a = selectors.round_instrument(round_a)
    instrument_b = selectors.round_instrument(round_b)
    result: RoundComparison = compare_rounds(
        instrument_a,
        selectors.round_respondents(round_a),
        instrument_b,
        selectors.round_respondents(round_b),
        minimum_group_size(project),
        parties=selectors.party_keys(project),
    )
    names = party_names(project)
    groups = []
    for group in result.groups:
        rows = []
        for row in group.rows:
            if row.kind == "overall":
                label = _("Overall score")
            else:
                label = instrument_b.dimension(row.kind, row.id).label.get(lang)
            change = row.change
            rows.append(
                ComparisonRow(
                    label=label,
                    a=points(change.mean_a) if change else "–",
                    b=points(change.mean_b) if change else "–",
                    change=_signed(change.difference) if change else "–",
                    interval=_("%(low)s to %(high)s")
                    % {"low": _signed(change.low), "high": _signed(change.high)}
                    if change and change.low is not None and change.high is not None
                    else "–",
                    beyond=bool(change and change.beyond_spread),
                    verdict=_verdict(change),
                )
            )
        groups.append(
            ComparisonGroup(
                id=f"group-{group.group or 'all'}",
                name=_("All participants") if group.group == ALL else names[group.group],
                rows=tuple(rows),
            )
        )
    compared = {group.group for group in result.groups}
    not_compared = tuple(
        _("%(party)s (%(reasons)s)")
        % {
            "party": name,
            "reasons": "; ".join(
                _why_not_shown(suppression.status(key), label, suppression.min_size)
                for suppression, label in (
                    (result.suppression_a, round_a.label),
                    (result.suppression_b, round_b.label),
                )
                if suppression.status(key) != "shown"
            ),
        }
        for key, name in names.items()
        if key not in compared
    )
    return Comparison(groups=tuple(groups), not_compared=not_compared)


def _why_not_shown(status: str, round_label: str, minimum: int) -> str:
    """Why a party is not shown on its own in a round: the results page's rule, in words."""
    if status == "too_few":
        return _("fewer than %(minimum)s answers in %(round)s") % {
            "minimum": minimum,
            "round": round_label,
        }
    if status == "merged":
        return _(
            "hidden in %(round)s, although it has enough answers, so that a smaller party "
            "cannot be worked out from the total"
        ) % {"round": round_label}
    return _("no answers in %(round)s") % {"round": round_label}


def _signed(value: float | None) -> str:
    if value is None:
        return "–"
    text = points(value)
    return text if text.startswith("-") or round1(value) == 0 else f"+{text}"


def workshop_steps(revealed: int) -> tuple[WorkshopStep, ...]:
    return tuple(
        WorkshopStep(number=int(step), label=str(label), current=int(step) == revealed)
        for step, label in STEPS.items()
    )


def free_text_questions(
    answers: Iterable[Answer], instrument: Instrument, lang: str
) -> tuple[FreeTextQuestion, ...]:
    """The free-text answers grouped by question, in the order the answers come, each
    question named by its text (or its id, where the instrument no longer has it)."""
    grouped: dict[str, list[Answer]] = {}
    for answer in answers:
        grouped.setdefault(answer.item_id, []).append(answer)
    return tuple(
        FreeTextQuestion(
            text=instrument.item(item_id).text.get(lang)
            if instrument.has_item(item_id)
            else item_id,
            answers=tuple(given),
        )
        for item_id, given in grouped.items()
    )
