"""`samson demo` gives the first round background answers and Arendal's population."""

import pytest

from samson.accounts.services import organisations_import
from samson.background.selectors import round_representation
from samson.participation.demo import DEMO_TITLE, demo_project_load
from samson.projects.models import Project

pytestmark = pytest.mark.django_db


def test_the_demo_round_compares_with_arendals_population(instruments):
    organisations_import()
    assert demo_project_load()
    round = Project.objects.get(title=DEMO_TITLE).rounds.get(label="Oppstart")
    variables = {v.key: v for v in round_representation(round).variables}
    assert list(variables) == ["age", "gender", "area"]
    age = variables["age"]
    assert age.population_year == 2024 and age.result.has_population
    assert age.declined == 1
    assert [(row.key, row.n) for row in age.result.rows] == [
        ("13-14", 0),
        ("15-24", 7),
        ("40-54", 5),
        ("70+", 0),
    ]
    assert age.result.other is not None
    assert (age.result.pooled, age.result.other.n) == (("25-39", "55-69"), 5)
    assert variables["area"].result.has_population
