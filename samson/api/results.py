"""A round's results as numbers for the API: exactly what the results page shows, from the
same samson.groupscores decision, so no suppressed party's number is ever in the output."""

from typing import Any

from samson.groupscores import Group
from samson.projects.models import Round
from samson.results import selectors


def _group(group: Group, party: int | None, name: str, lang: str) -> dict[str, Any]:
    return {"party": party, "name": name, "n": group.n, "result": group.result.to_dict(lang)}


def round_results(round: Round, lang: str) -> dict[str, Any]:
    scores = selectors.round_group_scores(round)
    suppression = scores.suppression
    names = {str(party.pk): party.name for party in round.project.parties.all()}
    counts = []
    for key, name in names.items():
        status = suppression.status(key)
        counts.append(
            {
                "party": int(key),
                "name": name,
                "status": status,
                "n": suppression.counts[key] if status == "shown" else None,
            }
        )
    out: dict[str, Any] = {
        "min_group_size": scores.min_size,
        "counts": counts,
        "total_n": suppression.total_n if suppression.show_total else None,
        "other_n": suppression.other_n if suppression.show_other else None,
        "total": None,
        "parties": [],
        "other": None,
        "disagreements": [],
    }
    if scores.total is None:
        return out
    out["total"] = _group(scores.total, None, "", lang)
    out["parties"] = [
        _group(group, int(group.key), names[group.key], lang) for group in scores.parties
    ]
    if scores.other is not None:
        out["other"] = _group(scores.other, None, "", lang)
    out["disagreements"] = [
        {
            "kind": spot.kind,
            "value": spot.value,
            "field": spot.field,
            "range": spot.range,
            "level": spot.level,
            "scores": dict(spot.scores),
        }
        for spot in scores.disagreements
    ]
    return out
