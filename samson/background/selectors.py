"""Reads: the questions a project asks, and the comparison of a round with the population."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Sum

from samson.projects.models import Project, Round
from samson.projects.selectors import minimum_group_size
from samson.representativeness import Representation, representation

from .models import AgeBand, Area, BackgroundAnswer, BackgroundSettings, Gender, PopulationCount


def background_settings(project: Project) -> BackgroundSettings | None:
    return BackgroundSettings.objects.filter(project=project).first()


def asks_questions(project: Project) -> bool:
    settings = background_settings(project)
    return settings is not None and settings.asks_any


def active_areas(project: Project) -> list[Area]:
    return list(Area.objects.filter(project=project, active=True))


@dataclass(frozen=True)
class Variable:
    """The comparison for one background question of a round.

    `labels` name the groups (keys of `result`); `declined` counts finished responses without
    an answer to this question. `population_year` is None when there are no population figures.
    """

    key: str
    labels: dict[str, str]
    result: Representation
    declined: int
    population_year: int | None


@dataclass(frozen=True)
class RoundRepresentation:
    variables: tuple[Variable, ...]
    municipality_number: str
    finished: int


def _latest_year(municipality: str) -> int | None:
    if not municipality:
        return None
    found = (
        PopulationCount.objects.filter(municipality_number=municipality)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    return found


def _population(municipality: str, year: int | None, field: str) -> dict[str, int]:
    if year is None:
        return {}
    rows = (
        PopulationCount.objects.filter(municipality_number=municipality, year=year)
        .values(field)
        .annotate(people=Sum("count"))
    )
    return {row[field]: row["people"] for row in rows}


def round_representation(round: Round) -> RoundRepresentation:
    """For each question the project asks (or that has answers in the round), the finished
    respondents per group against the municipality's population (docs/representativeness.md).
    """
    project = round.project
    settings = background_settings(project)
    municipality = project.organisation.municipality_number
    answers = list(
        BackgroundAnswer.objects.filter(
            response__round=round, response__completed_at__isnull=False
        ).select_related("area")
    )
    finished = round.responses.filter(completed_at__isnull=False).count()
    min_size = minimum_group_size(project)
    year = _latest_year(municipality)
    variables = []

    def variable(
        key: str, labels: dict[str, str], values: list[str], population: dict[str, int]
    ) -> Variable:
        counts = {group: 0 for group in labels}
        for value in values:
            if value in counts:
                counts[value] += 1
        answered = sum(counts.values())
        return Variable(
            key=key,
            labels=labels,
            result=representation(counts, population, min_size),
            declined=finished - answered,
            population_year=year if population else None,
        )

    if (settings and settings.ask_age) or any(a.age_band for a in answers):
        variables.append(
            variable(
                "age",
                {str(value): str(label) for value, label in AgeBand.choices},
                [a.age_band for a in answers],
                _population(municipality, year, "age_band"),
            )
        )
    if (settings and settings.ask_gender) or any(a.gender for a in answers):
        variables.append(
            variable(
                "gender",
                {str(value): str(label) for value, label in Gender.choices},
                [a.gender for a in answers],
                _population(municipality, year, "sex"),
            )
        )
    if (settings and settings.ask_area) or any(a.area_id for a in answers):
        areas = list(Area.objects.filter(project=project))
        complete = bool(areas) and all(area.population is not None for area in areas)
        area_population = (
            {str(area.pk): area.population for area in areas if area.population is not None}
            if complete
            else {}
        )
        variables.append(
            Variable(
                key="area",
                labels={str(area.pk): area.name for area in areas},
                result=representation(
                    {
                        str(area.pk): sum(1 for a in answers if a.area_id == area.pk)
                        for area in areas
                    },
                    area_population,
                    min_size,
                ),
                declined=finished - sum(1 for a in answers if a.area_id is not None),
                population_year=None,
            )
        )
    return RoundRepresentation(tuple(variables), municipality, finished)
