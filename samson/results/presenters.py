"""The results of rounds as plain data and heat-map grids for templates. Only what
samson.groupscores lets through is ever put in here: no number of a suppressed party reaches a
template."""

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
from samson.responses.presenters import Points, dimension_labels, heatmap_grid, points
from samson.scoring import Result

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


def party_names(project: Project) -> dict[str, str]:
    return {str(party.pk): party.name for party in project.parties.all()}


def count_rows(suppression: Suppression, names: dict[str, str]) -> dict[str, Any]:
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
        rows.append({"key": key, "name": name, "status": status, "text": text})
    total = suppression.total_n
    if suppression.show_total:
        total_text = str(total)
    elif total:
        total_text = _("fewer than %(minimum)s") % {"minimum": minimum}
    else:
        total_text = _("no answers")
    return {
        "minimum": minimum,
        "rows": rows,
        "other": str(suppression.other_n) if suppression.show_other else None,
        "total_text": total_text,
    }


def _spot(
    spot: Spot,
    instrument: Instrument,
    names: dict[str, str],
    lang: str,
    number: Callable[[float | None], str] = points,
) -> dict[str, Any]:
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
    return {
        "title": " – ".join(parts),
        "kind": kind,
        "range": number(spot.range),
        "level": spot.level,
        "level_label": str(LEVELS[spot.level]),
        "scores": [
            {"name": names[party], "score": number(score)} for party, score in spot.scores.items()
        ],
        "dialogue": [question.get(lang) for question in spot.dialogue],
    }


def _typology_table(
    questions: list[TypologyQuestion],
    totals: list[TypologyQuestion],
    instrument: Instrument,
    lang: str,
    number: Callable[[float | None], str] = points,
) -> list[dict[str, Any]]:
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
            {
                "id": question.typology_id,
                "label": instrument.dimension("typology", question.typology_id).label.get(lang),
                "question": items[0].text.get(lang),
                "differ": question.differ,
                "options": [
                    {
                        "label": label(code),
                        "shares": [
                            _("%(share)s %%") % {"share": number(choice.shares[code])}
                            for choice in columns
                        ],
                    }
                    for code in question.options
                ],
                "most_chosen": [label(choice.code) for choice in columns],
                "answers": {
                    party: label(choice.code) for party, choice in question.parties.items()
                },
            }
        )
    return out


def round_results(round: Round, lang: str, scores: GroupScores | None = None) -> dict[str, Any]:
    """Everything the results page and the workshop view show for a round.

    Only the whole round is turned into a full result dict (its maturity, warnings and advice
    are shown); the parties and the other parties show their heat maps and scores only, so
    those are read straight off their Results, with each label looked up once.
    """
    scores = scores or selectors.round_group_scores(round)
    instrument = scores.instrument
    names = party_names(round.project)
    out: dict[str, Any] = {
        "minimum": scores.min_size,
        "counts": count_rows(scores.suppression, names),
        "shown": scores.total is not None,
    }
    if scores.total is None:
        return out
    number = Points()
    labels = dimension_labels(instrument, lang)
    description = _(
        "A grid with the values as rows and the fields of action as columns. Each cell "
        "shows a score from 0 to 100; a dash means no answer."
    )
    total = scores.total.result.to_dict(lang)
    total["grid"] = heatmap_grid(
        scores.total.result,
        labels,
        title=_("Scores per value and field of action, all participants"),
        description=description,
        caption=_("Scores per value (rows) and field of action (columns), all participants"),
        chart_id="heatmap-all",
        table_id="total-grid-caption",
        number=number,
    )
    total["overall_text"] = total["grid"].overall.label
    for cell in (*total["weakest_cells"], *total["strongest_cells"]):
        cell["score_text"] = number(cell["score"])
    parties: list[dict[str, Any]] = []
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
        parties.append({"key": group.key, "name": name, "n": group.n, "grid": grid})
    columns: list[tuple[str, int, Result]] = [
        (names[group.key], group.n, group.result) for group in scores.parties
    ]
    other: dict[str, Any] | None = None
    if scores.other is not None:
        other = {"name": _("Other parties together"), "n": scores.other.n}
        columns.append((other["name"], scores.other.n, scores.other.result))
    total_result = scores.total.result
    out.update(
        {
            "total": total,
            "parties": parties,
            "other": other,
            "columns": [{"name": name, "n": n} for name, n, _result in columns],
            "value_rows": [
                {
                    "label": labels[("value", value.id)],
                    "total": number(value.score.score),
                    "scores": [number(result.values[i].score.score) for *_, result in columns],
                }
                for i, value in enumerate(total_result.values)
            ],
            "field_rows": [
                {
                    "label": labels[("field", field.id)],
                    "total": number(field.score.score),
                    "scores": [number(result.fields[i].score.score) for *_, result in columns],
                }
                for i, field in enumerate(total_result.fields)
            ],
            "disagreements": [
                _spot(spot, instrument, names, lang, number)
                for spot in scores.disagreements
                if spot.level != "small"
            ],
            "small_disagreements": sum(1 for s in scores.disagreements if s.level == "small"),
            "typology": _typology_table(
                list(scores.typology),
                typology_by_party(instrument, {ALL: scores.total.result}),
                instrument,
                lang,
                number,
            ),
        }
    )
    out["typology_disagreements"] = [
        {
            "label": question["label"],
            "question": question["question"],
            "answers": [
                {"name": names[party], "answer": answer}
                for party, answer in question["answers"].items()
            ],
        }
        for question in out["typology"]
        if question["differ"]
    ]
    return out


def _verdict(change: Change | None) -> str:
    if change is None or change.low is None:
        return _("too few answers to tell")
    if change.beyond_spread:
        return _("larger than the spread of answers explains")
    return _("within the spread of answers")


def comparison(project: Project, round_a: Round, round_b: Round, lang: str) -> dict[str, Any]:
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
                {
                    "label": label,
                    "a": points(change.mean_a) if change else "–",
                    "b": points(change.mean_b) if change else "–",
                    "change": _signed(change.difference) if change else "–",
                    "interval": _("%(low)s to %(high)s")
                    % {"low": _signed(change.low), "high": _signed(change.high)}
                    if change and change.low is not None and change.high is not None
                    else "–",
                    "beyond": bool(change and change.beyond_spread),
                    "verdict": _verdict(change),
                }
            )
        groups.append(
            {
                "id": f"group-{group.group or 'all'}",
                "name": _("All participants") if group.group == ALL else names[group.group],
                "rows": rows,
            }
        )
    compared = {group.group for group in result.groups}
    not_compared = [
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
    ]
    return {"groups": groups, "not_compared": not_compared}


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


def workshop_steps(revealed: int) -> list[dict[str, Any]]:
    return [
        {"number": int(step), "label": str(label), "current": int(step) == revealed}
        for step, label in STEPS.items()
    ]
