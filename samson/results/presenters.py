"""The results of rounds as plain data for templates. Only what samson.groupscores lets through
is ever put in here: no number of a suppressed party reaches a template."""

from typing import Any

from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samson import charts
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


def points(value: float | None) -> str:
    """A score or a difference in points as people read it: always one decimal (44,0 beside
    47,5, as the solo result shows them), localised."""
    if value is None:
        return "–"
    rounded = round1(value) + 0  # + 0 turns -0.0 into 0.0
    return str(number_format(rounded, 1))


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


def _heatmap(result: dict[str, Any], title: str, chart_id: str) -> SafeString:
    values, fields = result["values"], result["fields"]
    by_cell = {(cell["value"], cell["field"]): cell["score"] for cell in result["cells"]}
    grid = [[by_cell[(v["id"], f["id"])] for f in fields] for v in values]
    return mark_safe(  # noqa: S308 - charts escapes every text it prints
        charts.heatmap(
            title,
            _(
                "A grid with the values as rows and the fields of action as columns. Each cell "
                "shows a score from 0 to 100; a dash means no answer."
            ),
            [v["label"] for v in values],
            [f["label"] for f in fields],
            grid,
            chart_id=chart_id,
            missing_label=_("No answer"),
        )
    )


def _grid(result: dict[str, Any]) -> None:
    """Add the heat map's data table to a result dict, every score as displayed text."""
    by_cell = {(cell["value"], cell["field"]): cell["score"] for cell in result["cells"]}
    result["heatmap_rows"] = [
        {
            "label": value["label"],
            "scores": [points(by_cell[(value["id"], field["id"])]) for field in result["fields"]],
            "score": points(value["score"]),
        }
        for value in result["values"]
    ]
    result["field_scores"] = [points(field["score"]) for field in result["fields"]]
    result["overall_text"] = points(result["overall"]["score"])
    for cell in (*result["weakest_cells"], *result["strongest_cells"]):
        cell["score_text"] = points(cell["score"])


def _spot(spot: Spot, instrument: Instrument, names: dict[str, str], lang: str) -> dict[str, Any]:
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
        "range": points(spot.range),
        "level": spot.level,
        "level_label": str(LEVELS[spot.level]),
        "scores": [
            {"name": names[party], "score": points(score)} for party, score in spot.scores.items()
        ],
        "dialogue": [question.get(lang) for question in spot.dialogue],
    }


def _typology_table(
    questions: list[TypologyQuestion],
    totals: list[TypologyQuestion],
    instrument: Instrument,
    lang: str,
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
                            _("%(share)s %%") % {"share": points(choice.shares[code])}
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
    """Everything the results page and the workshop view show for a round."""
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
    total = scores.total.result.to_dict(lang)
    total["heatmap_svg"] = _heatmap(
        total, _("Scores per value and field of action, all participants"), "heatmap-all"
    )
    _grid(total)
    parties = []
    for group in scores.parties:
        result = group.result.to_dict(lang)
        result["heatmap_svg"] = _heatmap(
            result,
            _("Scores per value and field of action: %(party)s") % {"party": names[group.key]},
            f"heatmap-party-{group.key}",
        )
        _grid(result)
        parties.append({"key": group.key, "name": names[group.key], "n": group.n, "result": result})
    other: dict[str, Any] | None = None
    if scores.other is not None:
        other = {
            "name": _("Other parties together"),
            "n": scores.other.n,
            "result": scores.other.result.to_dict(lang),
        }
    columns = [*parties, *([other] if other else [])]
    out.update(
        {
            "total": total,
            "parties": parties,
            "other": other,
            "columns": [{"name": column["name"], "n": column["n"]} for column in columns],
            "value_rows": [
                {
                    "label": value["label"],
                    "total": points(value["score"]),
                    "scores": [points(c["result"]["values"][i]["score"]) for c in columns],
                }
                for i, value in enumerate(total["values"])
            ],
            "field_rows": [
                {
                    "label": field["label"],
                    "total": points(field["score"]),
                    "scores": [points(c["result"]["fields"][i]["score"]) for c in columns],
                }
                for i, field in enumerate(total["fields"])
            ],
            "disagreements": [
                _spot(spot, instrument, names, lang)
                for spot in scores.disagreements
                if spot.level != "small"
            ],
            "small_disagreements": sum(1 for s in scores.disagreements if s.level == "small"),
            "typology": _typology_table(
                list(scores.typology),
                typology_by_party(instrument, {ALL: scores.total.result}),
                instrument,
                lang,
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
