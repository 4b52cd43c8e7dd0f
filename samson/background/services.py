"""Writes: a project's background questions, a participant's answers, SSB population imports."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from samson.accounts.services import DATA_DIR
from samson.audit.services import audit_record
from samson.projects.models import Project, Round
from samson.representativeness import PopulationTable, parse_population
from samson.responses.models import Response

from .models import Area, BackgroundAnswer, BackgroundSettings, PopulationCount


class RoundNotOpen(Exception):
    """Answering in the response's round has ended; nothing was saved."""


@transaction.atomic
def background_settings_save(
    *,
    project: Project,
    ask_age: bool,
    ask_gender: bool,
    ask_area: bool,
    areas: Sequence[tuple[str, int | None]],
) -> BackgroundSettings:
    """Choose the questions and set the parts of the municipality, in the order given.

    A part no longer in the list is deleted, or made inactive when someone has chosen it.
    """
    settings, _created = BackgroundSettings.objects.update_or_create(
        project=project,
        defaults={"ask_age": ask_age, "ask_gender": ask_gender, "ask_area": ask_area},
    )
    existing = {area.name: area for area in Area.objects.filter(project=project)}
    names = [name for name, _population in areas]
    for position, (name, population) in enumerate(areas):
        area = existing.get(name) or Area(project=project, name=name)
        area.population = population
        area.position = position
        area.active = True
        area.save()
    for name, area in existing.items():
        if name in names:
            continue
        if area.answers.exists():
            area.active = False
            area.save(update_fields=["active"])
        else:
            area.delete()
    audit_record(
        action="project.background_set",
        target=project,
        details={"age": ask_age, "gender": ask_gender, "area": ask_area, "areas": len(areas)},
    )
    return settings


@transaction.atomic
def background_answer_save(
    *, response: Response, age_band: str, gender: str, area: Area | None
) -> BackgroundAnswer:
    """Store (or replace) the answers; an empty value means "did not answer"."""
    if response.round_id is None:
        raise ValueError("background questions belong to a response in a round")
    round = Round.objects.select_for_update().get(pk=response.round_id)
    if round.state != Round.State.OPEN:
        raise RoundNotOpen
    if area is not None and area.project_id != round.project_id:
        raise ValueError("the part of the municipality belongs to another project")
    answer, _created = BackgroundAnswer.objects.update_or_create(
        response=response, defaults={"age_band": age_band, "gender": gender, "area": area}
    )
    return answer


@dataclass(frozen=True)
class PopulationImport:
    counts: int
    municipalities: tuple[str, ...]
    years: tuple[int, ...]


def known_municipalities(path: Path = DATA_DIR / "kommuner-2024.csv") -> set[str]:
    """The municipality numbers of the bundled 2024 code list."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["kommunenummer"] for row in csv.DictReader(handle)}


def population_import(*, data: bytes, name: str) -> PopulationImport:
    """Read an SSB population table (JSON-stat 2.0 or CSV) and store its counts, replacing the
    counts stored before for the same municipalities and years. A broken file raises
    PopulationFileError before anything is written; the writing is one transaction."""
    table = parse_population(data, municipalities=known_municipalities(), name=name)
    return _store(table)


@transaction.atomic
def _store(table: PopulationTable) -> PopulationImport:
    for municipality in table.municipalities:
        PopulationCount.objects.filter(
            municipality_number=municipality, year__in=table.years
        ).delete()
    PopulationCount.objects.bulk_create(
        PopulationCount(
            municipality_number=count.municipality,
            year=count.year,
            sex=count.sex,
            age_band=count.age_band,
            count=count.count,
        )
        for count in table.counts
    )
    return PopulationImport(len(table.counts), table.municipalities, table.years)
