"""Fixtures of the results tests."""

import pytest

from samson.testing.rounds import four_party_round


@pytest.fixture
def four_parties(world):
    """`samson.testing.rounds.four_party_round`: two parties shown, two merged as other parties."""
    return four_party_round(world)
