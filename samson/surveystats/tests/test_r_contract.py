"""samson.surveystats agrees with R's survey package (fixtures from tests/r/make_fixtures.R).

Contract: estimates to 1e-9 absolute, standard errors and design effects to 1e-6 relative,
weights to 1e-9 relative. R's NA and Inf design effects (no SRS variance to compare with) are
NaN here.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest

from samson.surveystats import Design, Estimate, mean, proportions
from samson.surveystats.estimation import DeffMethod

from .conftest import Sample, r_number

SCENARIOS = [
    "unweighted",
    "weighted",
    "strata_weighted",
    "poststrat_size",
    "poststrat_size_landsdel_strata",
    "rake_type_landsdel",
    "rake_strata_weighted_default",
]
NOVELTY_LEVELS = ["first", "adapted", "copied"]


def close_relative(ours: float, theirs: float, tolerance: float = 1e-6) -> bool:
    if math.isnan(theirs):
        return math.isnan(ours)
    return abs(ours - theirs) <= tolerance * abs(theirs) + 1e-15


def ours(
    sample: Sample, design: Design, var: str, level: str, by: str | None, method: str
) -> dict[object, Estimate]:
    groups = sample.column(by) if by else None
    deff: DeffMethod = "srswor" if method == "deff" else "srswr"
    if var == "novelty":
        result = proportions(
            design, sample.column("novelty"), groups=groups, levels=NOVELTY_LEVELS, deff=deff
        )
        return result[level]
    return mean(design, sample.numbers(var), groups=groups, deff=deff)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_estimates_match_r(
    scenario: str,
    sample: Sample,
    designs: dict[str, Design],
    r_estimates: list[dict[str, str]],
) -> None:
    rows = [row for row in r_estimates if row["scenario"] == scenario]
    assert len(rows) == 60
    checked: Counter[str] = Counter()
    for row in rows:
        by, _, group = row["group"].partition("=")
        key = group or None
        for method in ("deff", "deff_replace"):
            result = ours(sample, designs[scenario], row["var"], row["level"], by or None, method)
            estimate = result[key]
            assert close_relative(estimate.deff, r_number(row[method])), (row, method, estimate)
        assert abs(estimate.estimate - float(row["estimate"])) <= 1e-9, row
        assert close_relative(estimate.se, float(row["se"])), (row, estimate)
        assert estimate.n == int(row["n"])
        assert abs(estimate.weighted_n - float(row["weighted_n"])) <= 1e-9 * estimate.weighted_n
        checked[row["var"]] += 1
    assert checked == {"score": 12, "innovative": 12, "novelty": 36}


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_weights_match_r(
    scenario: str, designs: dict[str, Design], r_weights: list[dict[str, str]]
) -> None:
    theirs = np.array([float(row[scenario]) for row in r_weights])
    np.testing.assert_allclose(designs[scenario].weights, theirs, rtol=1e-9, atol=0)
