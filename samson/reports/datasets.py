"""The dataset builder: a round's or a whole project's answers and scores as one `Dataset`.

Rules that every export format inherits from here (docs/reports-and-exports.md,
docs/anonymity.md §6):

- one row per finished response of a round whose results may be shown at all; a round with
  fewer finished answers than the minimum group size contributes no rows (as on screen);
- the party is given only for parties the results page shows on their own; every other party
  is coded 0, "other parties", the same pool the page shows (samson.groupscores);
- rows are in a random order fixed for the data (`safety.fixed_order`, seeded from the server's
  secret and the data's identity), never in arrival order, and respondents are numbered after
  that order: someone who watched a party's count go from 0 to 1 cannot find that row by its
  place or its number;
- no token, name, e-mail, address, response id, language, date or time: a completion date
  gives away the arrival order as well as a position does (the one answer of a later day stands
  out), and the round already says when the answers were given;
- free text only when the facilitator asks for it, and then in its own table with the round
  and the question only (never the party or the respondent), in a random order of its own, so a
  text cannot be tied to a row of answers;
- each item of each instrument version is its own column, so answers to a changed wording
  never share a column with the old one;
- the scores table holds only the groups the results page shows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from samson.groupscores import GroupScores
from samson.instrument_spec import Instrument, Item, Scale
from samson.instruments.models import InstrumentVersion
from samson.instruments.selectors import instrument_spec
from samson.projects.models import Project, Round
from samson.projects.selectors import minimum_group_size
from samson.responses.models import Response
from samson.results import selectors as results_selectors

from .builders import report_meta
from .data import Cell, Dataset, Table, Variable
from .safety import data_fingerprint, fixed_order

OTHER_PARTY = 0


def _order_seed(purpose: str, project: Project, response_pks: Sequence[int]) -> bytes:
    """The seed of one table's row order: the server's secret and the data's identity.

    The identity is the project and every exported response, so the same data give the same
    order on every download and in every format, while one more answer, another round or
    another table (`purpose`) gives an unrelated order.
    """
    identity = data_fingerprint([purpose, project.pk, *sorted(response_pks)])
    return salted_hmac("samson.reports.datasets.order", identity, algorithm="sha256").digest()


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
        missing_codes=() if scale is None else _missing(scale),
        ordered=scale is not None and scale.type == "likert",
    )


def _missing(scale: Scale) -> tuple[int, ...]:
    extra = () if scale.not_relevant is None else (scale.not_relevant.code,)
    return (scale.dont_know.code, *extra)


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
    # Free-text questions are coded 1, 2, … in the free-text table, never columns of answers.
    text_codes: dict[tuple[int, str], int] = {}
    text_labels: dict[int, str] = {}
    for version in versions:
        instrument = specs[version.pk]
        for item in instrument.items:
            if item.type == "text":
                if free_text:
                    code = len(text_codes) + 1
                    text_codes[(version.pk, item.id)] = code
                    wording = item.text.get(lang)
                    text_labels[code] = (
                        f"{wording} ({version.key} v{version.version})" if prefixed else wording
                    )
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
    )

    rows: list[tuple[int, int, list[Cell]]] = []  # round code, response id, cells
    texts: list[tuple[int, tuple[int, str], tuple[Cell, ...]]] = []  # round, key, cells
    score_rows: list[tuple[Cell, ...]] = []
    notes: list[str] = [
        _(
            "One row per finished answer, in an order drawn at random for this data (the same "
            "on every download of the same answers), never the order the answers came in. "
            "Respondent numbers are made for this file only: no names, links, codes, dates or "
            "times are exported."
        ),
        _("Answer codes and their labels are in the codebook."),
    ]
    minimum = minimum_group_size(project)
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
        round_code = round_codes[round.pk]
        for response in responses:
            assert response.party_id is not None
            party = party_codes[response.party_id] if str(response.party_id) in shown else 0
            cells: list[Cell] = [None, round_code, f"{version.key} v{version.version}", party]
            values: list[Cell] = [None] * len(item_variables)
            for answer in response.answers.all():
                column = item_columns.get((version.pk, answer.item_id))
                if column is not None:
                    values[column] = answer.code if answer.code is not None else answer.text
                text_code = text_codes.get((version.pk, answer.item_id))
                if text_code is not None and answer.text.strip():
                    texts.append(
                        (
                            round_code,
                            (response.pk, answer.item_id),
                            (round_code, text_code, answer.text),
                        )
                    )
            rows.append((round_code, response.pk, cells + values))
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

    # Rounds stay together (a round's label says nothing about a respondent); within a round
    # the order is fixed_order's, and respondents are numbered only after it.
    response_pks = [pk for _round, pk, _cells in rows]
    order = fixed_order(response_pks, _order_seed("answers", project, response_pks))
    order.sort(key=lambda index: rows[index][0])
    numbered = tuple(
        tuple([number, *rows[index][2][1:]]) for number, index in enumerate(order, start=1)
    )
    # The free text gets an order of its own: in the answers' order, a text's place among the
    # texts would point to its respondent's place among the answers.
    text_order = fixed_order(
        [key for _round, key, _cells in texts], _order_seed("free-text", project, response_pks)
    )
    text_order.sort(key=lambda index: texts[index][0])
    text_rows = tuple(texts[index][2] for index in text_order)

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
            "Text that a spreadsheet would read as a formula (beginning with =, +, -, @, a tab "
            "or a carriage return) begins with an apostrophe ('), so opening the file runs "
            "nothing."
        )
    )
    if free_text:
        notes.append(
            _(
                "Free-text answers are in a table of their own with the round and the question "
                "only: without party or respondent number, in a random order of their own, so "
                "a text cannot be tied to a row of answers."
            )
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
        free_texts=Table(
            "free_text",
            _("Free-text answers"),
            (
                Variable(
                    "round",
                    _("Round"),
                    "integer",
                    value_labels={round_codes[round.pk]: round.label for round in rounds},
                ),
                Variable("question", _("Question"), "integer", value_labels=text_labels),
                Variable("text", _("Free-text answer"), "string"),
            ),
            text_rows,
        ),
        notes=tuple(notes),
        free_text=free_text,
        instruments=tuple(f"{v.key} v{v.version}" for v in versions),
    )
