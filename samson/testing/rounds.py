"""Rounds filled with finished answers per party, and the URLs of their results pages."""

from __future__ import annotations

import secrets
from typing import Any

from django.urls import reverse
from django.utils import timezone

from samson.instrument_spec import Instrument
from samson.instruments.selectors import instrument_spec
from samson.projects import services
from samson.projects.models import Party, Round
from samson.projects.tests.factories import project_with_parties
from samson.responses.models import Answer, Response


def grid_answers(
    instrument: Instrument,
    values: dict[str, int] | None = None,
    default: int = 3,
    typology: tuple[int, int, int] = (2, 2, 2),
    **extra: int | str,
) -> dict[str, int | str]:
    """Every values x fields statement at `default` (or the code given for its value), as
    agreement: reverse-worded statements get the mirrored code so they score the same."""
    answers: dict[str, int | str] = {}
    for item in instrument.items:
        value = item.dimension("value")
        if value is None:
            continue
        code = (values or {}).get(value, default)
        answers[item.id] = 6 - code if item.reverse and code != 9 else code
    answers.update(zip(("TYP-UTF", "TYP-LOS", "TYP-GJF"), typology, strict=True))
    answers.update({key.replace("_", "-"): code for key, code in extra.items()})
    return answers


def answer(
    round: Round, party: Party, answers: dict[str, int | str], n: int = 1, finished: bool = True
) -> list[Response]:
    """`n` responses of `party` in `round`, each with `answers`."""
    made = []
    for _ in range(n):
        response = Response.objects.create(
            instrument_version=round.instrument_version,
            round=round,
            party=party,
            token_hash=secrets.token_hex(32),
            language="nb",
            completed_at=timezone.now() if finished else None,
        )
        Answer.objects.bulk_create(
            Answer(
                response=response,
                item_id=item_id,
                code=value if isinstance(value, int) else None,
                text=value if isinstance(value, str) else "",
            )
            for item_id, value in answers.items()
        )
        made.append(response)
    return made


def parties_of(round: Round) -> dict[str, Party]:
    """The round's parties by preset (`kommunen`, `innbyggere`, …)."""
    return {party.preset: party for party in round.project.parties.all()}


def spec(round: Round) -> Instrument:
    """The instrument the round is answered with."""
    return instrument_spec(round.instrument_version)


def url(name: str, round: Round, **kwargs: Any) -> str:
    """The results page `name` of the round (of its project, for the comparison)."""
    if name == "results:compare":
        return reverse(name, kwargs={"project_pk": round.project_id})
    return reverse(name, kwargs={"project_pk": round.project_id, "round_pk": round.pk})


def four_party_round(world: dict[str, Any], free_text: str = "") -> Round:
    """Kommunen 6 and citizens 6 are shown; the voluntary sector's 5 are merged with business's
    2 into "other parties" (7), so business cannot be worked out as the total minus the others;
    one unfinished business answer is not counted. With `free_text`, one of the municipality's
    answers holds it."""
    project = project_with_parties(
        world["owner_a"],
        world["project_a"].organisation,
        presets=("kommunen", "innbyggere", "frivillige", "naeringsliv"),
        title="Fire parter",
    )
    round = services.round_create(project=project, label="Oppstart")
    parties = parties_of(round)
    instrument = spec(round)
    answer(round, parties["kommunen"], grid_answers(instrument, {"likeverd": 5}), 5)
    last = grid_answers(instrument, {"likeverd": 5})
    if free_text:
        last["FRI-BRA"] = free_text
    answer(round, parties["kommunen"], last, 1)
    answer(round, parties["innbyggere"], grid_answers(instrument, {"likeverd": 1}), 6)
    answer(
        round,
        parties["frivillige"],
        grid_answers(instrument, {"likeverd": 4}, typology=(3, 3, 3)),
        5,
    )
    answer(
        round,
        parties["naeringsliv"],
        grid_answers(instrument, {"likeverd": 2}, typology=(3, 3, 3)),
        2,
    )
    answer(
        round, parties["naeringsliv"], grid_answers(instrument, {"likeverd": 5}), 1, finished=False
    )
    return round
