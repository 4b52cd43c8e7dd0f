"""Fixtures shared by the participation tests."""

import pytest
from django.core.cache import cache

from samson.projects import services


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Nothing counted or memoised by one test reaches the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def open_round(world):
    return services.round_transition(round=world["round_a"], to="apen")
