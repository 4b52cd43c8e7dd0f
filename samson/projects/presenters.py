"""The results of a round as plain data for templates: per party, suppressed where small."""

from typing import Any

from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samson import charts, groupscores
from samson.instrument_spec import Instrument
from samson.instruments.selectors import instrument_spec
from samson.scoring import score_responses

from .models import Round


def _answers_by_party(round: Round) -> dict[int, list[dict[str, int | str]]]:
    by_party: dict[int, list[dict[str, int | str]]] = {}
    responses = round.responses.filter(completed_at__isnull=False).prefetch_related("answers")
    for response in responses:
        answers = {answer.item_id: answer.value for answer in response.answers.all()}
        by_party.setdefault(response.party_id or 0, []).append(answers)
    return by_party


def round_results(round: Round, lang: str) -> dict[str, Any]:
    """Counts, the pooled profile, per-party profiles and disagreements, never showing a
    group under the project's minimum size (docs/anonymity.md)."""
    instrument = instrument_spec(round.instrument_version)
    parties = list(round.project.parties.all())
    by_party = _answers_by_party(round)
    counts = {str(party.pk): len(by_party.get(party.pk, [])) for party in parties}
    minimum = round.project.min_group_size
    shown = groupscores.shown_groups(counts, minimum)
    names = {str(party.pk): party.name for party in parties}

    rows = []
    for party in parties:
        key = str(party.pk)
        rows.append(
            {
                "name": party.name,
                "n": counts[key],
                "shown": key in shown.shown,
                "too_few": key in shown.suppressed,
            }
        )
    results = {key: score_responses(instrument, by_party[int(key)]) for key in shown.shown}
    everyone = [answers for group in by_party.values() for answers in group]
    total = score_responses(instrument, everyone).to_dict(lang) if shown.show_total else None
    party_dicts = {key: result.to_dict(lang) for key, result in results.items()}
    spots = [
        spot
        for spot in groupscores.disagreements(instrument, results)
        if spot.range >= groupscores.NOTABLE
    ]
    typology_spots = groupscores.typology_disagreements(results)
    out: dict[str, Any] = {
        "minimum": minimum,
        "counts": rows,
        "total_n": len(everyone),
        "show_total": shown.show_total,
        "total": total,
        "parties": [{"name": names[key], "result": party_dicts[key]} for key in shown.shown],
        "disagreements": [_spot(spot, instrument, names, lang) for spot in spots],
        "typology_disagreements": [
            _typology_spot(spot, instrument, names, lang) for spot in typology_spots
        ],
    }
    if total is not None:
        values, fields = total["values"], total["fields"]
        by_cell = {(c["value"], c["field"]): c["score"] for c in total["cells"]}
        grid = [[by_cell[(v["id"], f["id"])] for f in fields] for v in values]
        out["heatmap_svg"] = mark_safe(  # noqa: S308 - charts escapes every text
            charts.heatmap(
                _("Scores per value and field of action, all parties"),
                _("Values as rows and fields of action as columns, scores from 0 to 100."),
                [v["label"] for v in values],
                [f["label"] for f in fields],
                grid,
                chart_id="round-heatmap",
                missing_label=_("No answer"),
            )
        )
        out["value_rows"] = [
            {
                "label": value["label"],
                "total": value["score"],
                "parties": [party["result"]["values"][index]["score"] for party in out["parties"]],
            }
            for index, value in enumerate(values)
        ]
        out["field_rows"] = [
            {
                "label": field["label"],
                "total": field["score"],
                "parties": [party["result"]["fields"][index]["score"] for party in out["parties"]],
            }
            for index, field in enumerate(fields)
        ]
    return out


LEVELS = {
    "small": gettext_lazy("small difference"),
    "notable": gettext_lazy("notable difference"),
    "large": gettext_lazy("large difference"),
}


def _spot(
    spot: groupscores.Spot, instrument: Instrument, names: dict[str, str], lang: str
) -> dict[str, Any]:
    parts = []
    if spot.value is not None:
        parts.append(instrument.dimension("value", spot.value).label.get(lang))
    if spot.field is not None:
        parts.append(instrument.dimension("field", spot.field).label.get(lang))
    dialogue: list[str] = []
    if spot.kind == "cell" and spot.value is not None and spot.field is not None:
        dialogue = [q.get(lang) for q in instrument.cell(spot.value, spot.field).dialogue]
    summary = "; ".join(
        _("%(party)s: %(score)s") % {"party": names[party], "score": number_format(score, 1)}
        for party, score in spot.scores.items()
    )
    return {
        "title": " – ".join(parts),
        "range": number_format(spot.range, 1),
        "level": spot.level,
        "level_label": str(LEVELS[spot.level]),
        "summary": summary,
        "dialogue": dialogue,
    }


def _typology_spot(
    spot: groupscores.TypologySpot, instrument: Instrument, names: dict[str, str], lang: str
) -> dict[str, Any]:
    label = instrument.dimension("typology", spot.typology_id).label.get(lang)
    item = instrument.items_for("typology", spot.typology_id)[0]
    scale = instrument.scale_for(item)
    answers = []
    for party, code in spot.codes.items():
        option = scale.label(code) if scale else None
        answers.append(
            _("%(party)s: %(answer)s")
            % {"party": names[party], "answer": option.get(lang) if option else code}
        )
    return {"title": label, "summary": "; ".join(answers)}


def _respondents(round: Round) -> list[groupscores.Respondent]:
    return [
        groupscores.Respondent(party=str(party), answers=answers)
        for party, group in _answers_by_party(round).items()
        for answers in group
    ]


def round_comparison(first: Round, second: Round, lang: str) -> dict[str, Any]:
    """Change from `first` to `second` per value, field and party, with Welch intervals;
    only groups shown in both rounds (docs/anonymity.md)."""
    instrument_a = instrument_spec(first.instrument_version)
    instrument_b = instrument_spec(second.instrument_version)
    parties = list(first.project.parties.all())
    names = {groupscores.ALL: _("All parties"), **{str(p.pk): p.name for p in parties}}
    comparison = groupscores.compare_rounds(
        instrument_a,
        _respondents(first),
        instrument_b,
        _respondents(second),
        first.project.min_group_size,
        parties=[str(p.pk) for p in parties],
    )

    def label(kind: str, dim_id: str) -> str:
        if kind == "overall":
            return _("Overall score")
        return instrument_b.dimension(kind, dim_id).label.get(lang)

    def fmt(number: float | None) -> str:
        return "–" if number is None else number_format(number, 1)

    groups = []
    for group in comparison.groups:
        rows = []
        for row in group.rows:
            change = row.change
            rows.append(
                {
                    "label": label(row.kind, row.id),
                    "a": fmt(change.mean_a if change else None),
                    "b": fmt(change.mean_b if change else None),
                    "difference": fmt(change.difference if change else None),
                    "interval": (
                        f"{fmt(change.low)} – {fmt(change.high)}"
                        if change and change.low is not None
                        else "–"
                    ),
                    "beyond": bool(change and change.beyond_spread),
                }
            )
        groups.append({"name": names.get(group.group, group.group), "rows": rows})
    return {"groups": groups}
