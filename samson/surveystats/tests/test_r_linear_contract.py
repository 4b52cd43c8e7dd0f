"""Linear (GREG) calibration agrees with R's survey package: `calibrate(design, ~size +
sektor, population = totals, calfun = "linear")` on the clustered, stratified sample of
make_cluster_fixtures.R (fixtures from tests/r/make_linear_fixtures.R).

Contract: estimates to 1e-9 absolute; standard errors, design effects, interval limits and
p-values to 1e-6 relative; weights to 1e-9 relative. One scenario has negative weights.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from samson.surveystats import (
    Design,
    LinearCalibration,
    WeightingError,
    calibrate_linear,
    contrast,
    make_design,
    mean,
    proportions,
)
from samson.surveystats.estimation import DeffMethod

from .conftest import Sample, r_number, read_csv
from .test_r_contract import close_relative

SCENARIOS = ["cluster_linear", "cluster_fpc_linear_negative"]
NOVELTY_LEVELS = ["first", "adapted", "copied"]


def _margins(name: str) -> dict[str, dict[str | None, float]]:
    margins: dict[str, dict[str | None, float]] = {}
    for row in read_csv(name):
        margins.setdefault(row["variable"], {})[row["value"]] = float(row["count"])
    return margins


@pytest.fixture(scope="module")
def sample() -> Sample:
    return Sample(read_csv("cluster_sample.csv"))


@pytest.fixture(scope="module")
def designs(sample: Sample) -> dict[str, Design]:
    n, w, region = sample.n, sample.numbers("w"), sample.column("region")
    kommune = sample.column("kommune")
    variables = {"size": sample.column("size"), "sektor": sample.column("sektor")}
    strata_weighted = make_design(n, weights=w, strata=region, clusters=kommune)
    strata_fpc = make_design(n, weights=w, strata=region, clusters=kommune, fpc=sample.numbers("N"))
    return {
        "cluster_linear": calibrate_linear(
            strata_weighted, variables, _margins("cluster_pop_margins.csv")
        ),
        "cluster_fpc_linear_negative": calibrate_linear(
            strata_fpc, variables, _margins("linear_pop_margins.csv")
        ),
    }


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_weights_match_r(scenario: str, designs: dict[str, Design]) -> None:
    theirs = np.array([float(row[scenario]) for row in read_csv("linear_weights.csv")])
    np.testing.assert_allclose(designs[scenario].weights, theirs, rtol=1e-9, atol=0)
    assert isinstance(designs[scenario].calibration[-1], LinearCalibration)
    negative = int((designs[scenario].weights < 0).sum())
    assert negative == (28 if scenario == "cluster_fpc_linear_negative" else 0)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_estimates_and_degrees_of_freedom_match_r(
    scenario: str, sample: Sample, designs: dict[str, Design]
) -> None:
    design = designs[scenario]
    rows = [row for row in read_csv("linear_estimates.csv") if row["scenario"] == scenario]
    assert len(rows) == 25
    checked: Counter[str] = Counter()
    for row in rows:
        by, _, group = row["group"].partition("=")
        groups = sample.column(by) if by else None
        for method, column in (("srswor", "deff"), ("srswr", "deff_replace")):
            deff: DeffMethod = "srswor" if method == "srswor" else "srswr"
            if row["var"] == "novelty":
                result = proportions(
                    design,
                    sample.column("novelty"),
                    groups=groups,
                    levels=NOVELTY_LEVELS,
                    deff=deff,
                )[row["level"]]
            else:
                result = mean(design, sample.numbers(row["var"]), groups=groups, deff=deff)
            estimate = result[group or None]
            assert close_relative(estimate.deff, r_number(row[column])), (row, estimate)
        assert abs(estimate.estimate - float(row["estimate"])) <= 1e-9, row
        assert close_relative(estimate.se, float(row["se"])), (row, estimate)
        assert estimate.n == int(row["n"])
        assert estimate.weighted_n == pytest.approx(float(row["weighted_n"]), rel=1e-9)
        assert estimate.df == float(row["df"]), row
        checked[row["var"]] += 1
    assert checked == {"score": 5, "innovative": 5, "novelty": 15}


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_contrasts_match_r(scenario: str, sample: Sample, designs: dict[str, Design]) -> None:
    rows = [row for row in read_csv("linear_contrasts.csv") if row["scenario"] == scenario]
    assert len(rows) == 6
    for row in rows:
        result = contrast(
            designs[scenario],
            sample.numbers(row["var"]),
            groups=sample.column(row["by"]),
            first=row["first"],
            second=row["second"],
        )
        assert abs(result.estimate - float(row["estimate"])) <= 1e-9, row
        for field in ("se", "ci_low", "ci_high", "p_value"):
            assert close_relative(getattr(result, field), float(row[field])), (row, field)


def test_linear_calibration_by_hand() -> None:
    # One variable: linear calibration is post-stratification (g constant within a category).
    design = make_design(5, weights=[1.0, 2.0, 1.0, 1.0, 3.0])
    calibrated = calibrate_linear(
        design, {"a": ["x", "x", "y", "y", "y"]}, {"a": {"x": 6.0, "y": 10.0}}
    )
    np.testing.assert_allclose(calibrated.weights, [2.0, 4.0, 2.0, 2.0, 6.0], rtol=1e-12)


def test_linear_calibration_meets_the_margins_with_collinear_categories() -> None:
    # b duplicates a's split: R's solve stops; the minimum-norm solution meets both margins.
    design = make_design(4, weights=[1.0, 1.0, 2.0, 2.0])
    variables = {"a": ["x", "x", "y", "y"], "b": ["p", "p", "q", "q"]}
    margins = {"a": {"x": 30.0, "y": 70.0}, "b": {"p": 30.0, "q": 70.0}}
    w = calibrate_linear(design, variables, margins).weights
    np.testing.assert_allclose(w, [15.0, 15.0, 35.0, 35.0], rtol=1e-12)


def test_linear_calibration_to_inconsistent_margins_is_an_error() -> None:
    design = make_design(4)
    variables = {"a": ["x", "x", "y", "y"], "b": ["p", "p", "q", "q"]}
    margins = {"a": {"x": 30.0, "y": 70.0}, "b": {"p": 50.0, "q": 50.0}}
    with pytest.raises(
        WeightingError,
        match="^linear calibration cannot meet the margin of a: a category has weighted "
        r"count 40 where the population count is 30 \(",
    ):
        calibrate_linear(design, variables, margins)


def test_linear_calibration_margins_must_share_a_total() -> None:
    variables = {"a": ["x", "y", "x", "y"], "b": ["p", "p", "q", "q"]}
    margins = {"a": {"x": 30.0, "y": 70.0}, "b": {"p": 50.0, "q": 60.0}}
    with pytest.raises(WeightingError, match="a sums to 100, b to 110"):
        calibrate_linear(make_design(4), variables, margins)
