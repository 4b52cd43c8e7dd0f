"""Fixtures for background questions: an open round of Arendal's project, and helpers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache

from samson.background.models import Area, BackgroundAnswer, BackgroundSettings
from samson.projects import services
from samson.projects.models import Round
from samson.responses.models import Response
from samson.testing.rounds import answer, parties_of

FIXTURES = Path(__file__).resolve().parents[2] / "representativeness" / "tests" / "fixtures"
JSONSTAT = FIXTURES / "07459-arendal-askvoll.json"
CSV = FIXTURES / "07459-askvoll-sogndal.csv"


@pytest.fixture(autouse=True)
def _clear_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def open_round(world: dict[str, Any]) -> Round:
    """Project A belongs to Arendal (4203) and its first round is open."""
    organisation = world["project_a"].organisation
    organisation.name, organisation.municipality_number = "Arendal", "4203"
    organisation.save()
    return services.round_transition(round=world["round_a"], to="apen")


def ask_all(project: Any, areas: tuple[tuple[str, int | None], ...] = ()) -> list[Area]:
    BackgroundSettings.objects.create(project=project, ask_age=True, ask_gender=True, ask_area=True)
    return [
        Area.objects.create(project=project, name=name, population=population, position=position)
        for position, (name, population) in enumerate(areas)
    ]


def respondents(
    round: Round,
    n: int,
    *,
    age_band: str = "",
    gender: str = "",
    area: Area | None = None,
    finished: bool = True,
) -> list[Response]:
    """`n` responses of the municipality party with these background answers."""
    made = answer(round, parties_of(round)["kommunen"], {}, n=n, finished=finished)
    for response in made:
        BackgroundAnswer.objects.create(
            response=response, age_band=age_band, gender=gender, area=area
        )
    return made
