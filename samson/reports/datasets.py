"""The dataset builder: a round's or a whole project's answers and scores as one `Dataset`.

Rules that every export format inherits from here (docs/reports-and-exports.md):

- one row per finished response of a round whose results may be shown at all; a round with
  fewer finished answers than the minimum group size contributes no rows (as on screen);
- the party is given only for parties the results page shows on their own; every other party
  is coded 0, "other parties", the same pool the page shows (samson.groupscores);
- no token, name, e-mail, address, response id or time of day: respondents are numbered for the
  file, and only the date an answer was finished is given;
- free text only when the facilitator asks for it;
- each item of each instrument version is its own column, so answers to a changed wording
  never share a column with the old one;
- the scores table holds only the groups the results page shows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from samson.groupscores import GroupScores
from samson.instrument_spec import Instrument, Item
from samson.instruments.models import InstrumentVersion
from samson.instruments.selectors import instrument_spec
from samson.projects.models import Project, Round
from samson.responses.models import Response
from samson.results import selectors as results_selectors

from .builders import report_meta
from .data import Cell, Dataset, Table, Variable

OTHER_PARTY = 0


def _column_name(item_id: str, version: InstrumentVersion, prefixed: bool) -> str:
    name = re.sub(r"[^A-Za-z0-9_]", "_", item_id)
    return f"v{version.version}_{name}" if prefixed else name


def _item_variable(
    item: Item, instrument: Instrument, version: InstrumentVersion, prefixed: bool, lang: str
) -> Variable:
    source = f"{version.key} v{version.version}"
    if item.type == "text":
        return Variable(
            name=_column_name(item.id, version, prefixed),
            label=item.text.get(lang),
            type="string",
            description=_("Free text."),
            item_id=item.id,
            instrument=source,
        )
    scale = instrument.scale_for(item)
    labels: dict[int, str] = {}
    if scale is not None:
        for code in scale.codes:
            text = scale.label(code)
            labels[code] = text.get(lang) if text else str(code)
    description = ""
    if scale is not None:
        description = _("Don't know is coded %(code)s.") % {"code": scale.dont_know.code}
        if item.reverse:
            description += " " + _(
                "Reverse-worded: the code is the answer as given, not turned around."
            )
    return Variable(
        name=_column_name(item.id, version, prefixed),
        label=item.text.get(lang),
        type="integer",
        description=description,
        item_id=item.id,
        instrument=source,
        value_labels=labels,
    )


def _versions(rounds: Sequence[Round]) -> list[InstrumentVersion]:
    seen: dict[int, InstrumentVersion] = {}
    for round in rounds:
        seen.setdefault(round.instrument_version_id, round.instrument_version)
    return sorted(seen.values(), key=lambda version: (version.key, version.version))


def dataset(
    project: Project,
    rounds: Sequence[Round],
    lang: str,
    *,
    free_text: bool = False,
    whole_project: bool = False,
) -> Dataset:
    """The export of `rounds` of `project`: one round, or all of them (`whole_project`)."""
    all_rounds = list(project.rounds.all())
    round_codes = {round.pk: all_rounds.index(round) + 1 for round in rounds}
    parties = list(project.parties.all())
    party_codes = {party.pk: index for index, party in enumerate(parties, start=1)}
    versions = _versions(rounds)
    prefixed = len(versions) > 1
    specs = {version.pk: instrument_spec(version) for version in versions}

    item_columns: dict[tuple[int, str], int] = {}
    item_variables: list[Variable] = []
    for version in versions:
        instrument = specs[version.pk]
        for item in instrument.items:
            if item.type == "text" and not free_text:
                continue
            item_columns[(version.pk, item.id)] = len(item_variables)
            item_variables.append(_item_variable(item, instrument, version, prefixed, lang))

    fixed = (
        Variable(
            "respondent",
            _("Respondent number"),
            "integer",
            _("Numbers the rows of this file; it is not stored and links to nothing."),
        ),
        Variable(
            "round",
            _("Round"),
            "integer",
            value_labels={round_codes[round.pk]: round.label for round in rounds},
        ),
        Variable("instrument", _("Instrument version"), "string"),
        Variable(
            "party",
            _("Party"),
            "integer",
            _(
                "0 means a party with too few answers to be shown on its own, pooled with the "
                "other hidden parties, as on the results page."
            ),
            value_labels={
                OTHER_PARTY: _("Other parties"),
                **{party_codes[party.pk]: party.name for party in parties},
            },
        ),
        Variable("completed_on", _("Date the answers were finished"), "date"),
    )

    rows: list[tuple[tuple[int, int, int], list[Cell]]] = []
    score_rows: list[tuple[Cell, ...]] = []
    notes: list[str] = [
        _(
            "One row per finished answer. Respondent numbers are made for this file only: no "
            "names, links, codes or times of day are exported, only the date."
        ),
        _("Answer codes and their labels are in the codebook."),
    ]
    minimum = results_selectors.min_group_size(project)
    dimension_keys: list[tuple[str, str, str]] = []  # kind, id, label
    group_results: list[tuple[Round, str, int, dict[str, Any]]] = []
    for round in rounds:
        scores: GroupScores = results_selectors.round_group_scores(round)
        suppression = scores.suppression
        if not suppression.show_total:
            notes.append(
                _(
                    "%(round)s: fewer than %(minimum)s finished answers, so its answers are "
                    "left out."
                )
                % {"round": round.label, "minimum": minimum}
            )
            continue
        shown = set(suppression.shown)
        version = round.instrument_version
        responses = (
            Response.objects.filter(round=round, completed_at__isnull=False, party__isnull=False)
            .prefetch_related("answers")
            .order_by("pk")
        )
        for response in responses:
            assert response.completed_at is not None and response.party_id is not None
            party = party_codes[response.party_id] if str(response.party_id) in shown else 0
            cells: list[Cell] = [
                None,
                round_codes[round.pk],
                f"{version.key} v{version.version}",
                party,
                timezone.localdate(response.completed_at),
            ]
            values: list[Cell] = [None] * len(item_variables)
            for answer in response.answers.all():
                column = item_columns.get((version.pk, answer.item_id))
                if column is not None:
                    values[column] = answer.code if answer.code is not None else answer.text
            rows.append(((round_codes[round.pk], party, response.pk), cells + values))
        names = {str(party.pk): party.name for party in parties}
        groups = []
        if scores.total is not None:
            groups.append((_("All participants"), scores.total))
        groups += [(names[group.key], group) for group in scores.parties]
        if scores.other is not None:
            groups.append((_("Other parties together"), scores.other))
        for name, group in groups:
            result = group.result.to_dict(lang)
            for kind, key in (("value", "values"), ("field", "fields")):
                for entry in result[key]:
                    if (kind, entry["id"]) not in {(k, i) for k, i, _label in dimension_keys}:
                        dimension_keys.append((kind, entry["id"], entry["label"]))
            group_results.append((round, name, group.n, result))

    rows.sort(key=lambda row: row[0])
    numbered = tuple(
        tuple([number, *cells[1:]]) for number, (_key, cells) in enumerate(rows, start=1)
    )

    score_variables = (
        Variable(
            "round",
            _("Round"),
            "integer",
            value_labels={round_codes[round.pk]: round.label for round in rounds},
        ),
        Variable("group", _("Group"), "string"),
        Variable("n", _("Finished answers"), "integer"),
        Variable("overall", _("Overall score"), "number", _("Score from 0 to 100.")),
        *(
            Variable(
                f"{kind}_{re.sub(r'[^A-Za-z0-9_]', '_', dim_id)}",
                label,
                "number",
                _("Score from 0 to 100."),
            )
            for kind, dim_id, label in dimension_keys
        ),
    )
    for round, name, n, result in group_results:
        by_key = {("value", e["id"]): e["score"] for e in result["values"]}
        by_key.update({("field", e["id"]): e["score"] for e in result["fields"]})
        score_rows.append(
            (
                round_codes[round.pk],
                name,
                n,
                result["overall"]["score"],
                *(by_key.get((kind, dim_id)) for kind, dim_id, _label in dimension_keys),
            )
        )

    if whole_project:
        title = project.title
        name = f"samson-prosjekt-{project.pk}"
    else:
        title = f"{project.title}: {rounds[0].label}"
        name = f"samson-prosjekt-{project.pk}-maling-{round_codes[rounds[0].pk]}"
    if prefixed:
        notes.append(
            _(
                "The instrument changed between the rounds (%(versions)s). Each version's items "
                "have their own columns, named v<version>_<item>; a row has answers only in the "
                "columns of the version it answered."
            )
            % {"versions": ", ".join(f"{v.key} v{v.version}" for v in versions)}
        )
    notes.append(
        _("Free-text answers are included, as the facilitator chose.")
        if free_text
        else _("Free-text answers are left out.")
    )
    notes.append(
        _(
            "The scores table holds only the groups the results page shows: every party with at "
            "least %(minimum)s answers, and the other parties pooled when that reveals no small "
            "party."
        )
        % {"minimum": minimum}
    )
    return Dataset(
        meta=report_meta("round", title, lang, project),
        name=name,
        responses=Table("responses", _("Answers"), fixed + tuple(item_variables), numbered),
        scores=Table("scores", _("Scores"), score_variables, tuple(score_rows)),
        notes=tuple(notes),
        free_text=free_text,
        instruments=tuple(f"{v.key} v{v.version}" for v in versions),
    )
