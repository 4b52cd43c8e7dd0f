"""The package imports no Django, and small cases agree with hand-computed values."""

from __future__ import annotations

import math

import numpy as np
import pytest

from samson.surveystats import (
    Z_975,
    ConvergenceError,
    Design,
    DesignError,
    WeightingError,
    make_design,
    mean,
    means,
    poststratify,
    proportions,
    rake,
    weight_summary,
)

from .conftest import Sample, population_margins


def test_z_is_the_975_normal_quantile() -> None:
    assert pytest.approx(1.959963984540054, abs=1e-15) == Z_975


def test_unweighted_mean_by_hand() -> None:
    # ybar = 2.5; v = n/(n-1) * sum(((y - ybar)/n)^2) = 4/3 * 5/16 = 5/12.
    result = mean(make_design(4), [1.0, 2.0, 3.0, 4.0])[None]
    assert result.estimate == 2.5
    assert result.se == pytest.approx(math.sqrt(5 / 12), rel=1e-15)
    assert result.ci_low == pytest.approx(2.5 - Z_975 * math.sqrt(5 / 12), rel=1e-15)
    assert result.n == 4
    assert result.weighted_n == 4.0
    assert math.isnan(result.deff)  # sum of weights = n: no SRSWOR variance to compare with


def test_missing_value_is_a_domain() -> None:
    # The unit without a value keeps its place: v = 4/3 * ((1-2)^2 + 0 + (3-2)^2 + 0) / 9.
    result = mean(make_design(4), [1.0, 2.0, 3.0, np.nan])[None]
    assert result.estimate == 2.0
    assert result.n == 3
    assert result.se == pytest.approx(math.sqrt(4 / 3 * 2 / 9), rel=1e-15)


def test_weighted_mean_and_kish_effect() -> None:
    design = make_design(4, weights=[1.0, 1.0, 2.0, 4.0])
    assert mean(design, [0.0, 1.0, 1.0, 0.0])[None].estimate == 3 / 8
    summary = weight_summary(design)
    assert summary.effective_n == pytest.approx(64 / 22, rel=1e-15)
    assert summary.deff == pytest.approx(4 * 22 / 64, rel=1e-15)


def test_groups_are_sorted_and_missing_groups_only_count_overall() -> None:
    result = mean(make_design(5), [1.0, 2.0, 3.0, 4.0, 5.0], groups=["b", "a", "b", None, "a"])
    assert list(result) == [None, "a", "b"]
    assert result["a"].estimate == 3.5
    assert result[None].n == 5


def test_proportions_report_absent_levels_as_zero() -> None:
    result = proportions(make_design(4), ["x", "y", None, "x"], levels=["x", "y", "z"])
    assert result["x"][None].estimate == pytest.approx(2 / 3)
    assert result["z"][None].estimate == 0.0
    assert result["z"][None].se == 0.0


def test_lonely_stratum_is_an_error() -> None:
    with pytest.raises(DesignError, match="stratum b has only one unit"):
        make_design(3, strata=["a", "a", "b"])


def test_non_positive_weight_is_an_error() -> None:
    with pytest.raises(DesignError, match="unit 2 has weight 0.0"):
        make_design(3, weights=[1.0, 0.0, 2.0])


def test_poststratification_errors_name_the_cell() -> None:
    design = make_design(4)
    sizes = ["s", "s", "m", "m"]
    with pytest.raises(WeightingError, match="^population cell size=l has no respondents$"):
        poststratify(design, {"size": sizes}, {("s",): 10, ("m",): 10, ("l",): 5})
    with pytest.raises(
        WeightingError, match="^cell size=m has 2 respondents but no population count$"
    ):
        poststratify(design, {"size": sizes}, {("s",): 10})
    weighted = poststratify(design, {"size": sizes}, {("s",): 10, ("m",): 30, ("l",): 0})
    assert weighted.weights.tolist() == [5.0, 5.0, 15.0, 15.0]


def test_raking_that_cannot_converge_is_an_error() -> None:
    # Respondents only in cells (a1, b1) and (a2, b2): margins a 30/70 and b 50/50 conflict.
    design = make_design(4)
    variables = {"a": ["a1", "a1", "a2", "a2"], "b": ["b1", "b1", "b2", "b2"]}
    margins = {"a": {"a1": 30.0, "a2": 70.0}, "b": {"b1": 50.0, "b2": 50.0}}
    with pytest.raises(
        ConvergenceError,
        match="^raking cannot meet the margin of a: a category has weighted count 50 where the "
        r"population count is 30 \(",
    ):
        rake(design, variables, margins)


def test_raking_that_needs_more_sweeps_is_an_error(sample: Sample) -> None:
    variables = {"unit_type": sample.column("unit_type"), "landsdel": sample.column("landsdel")}
    with pytest.raises(
        ConvergenceError, match="^raking on unit_type, landsdel did not converge in 3 sweeps"
    ):
        rake(make_design(sample.n), variables, population_margins(), max_sweeps=3)


def test_raking_margins_must_share_a_total() -> None:
    design = make_design(4)
    variables = {"a": ["a1", "a2", "a1", "a2"], "b": ["b1", "b1", "b2", "b2"]}
    margins = {"a": {"a1": 30.0, "a2": 70.0}, "b": {"b1": 50.0, "b2": 60.0}}
    with pytest.raises(WeightingError, match="a sums to 100, b to 110"):
        rake(design, variables, margins)


def test_raking_meets_the_margins() -> None:
    design = make_design(6)
    variables = {"a": ["x", "x", "y", "y", "x", "y"], "b": ["p", "q", "p", "q", "q", "p"]}
    margins = {"a": {"x": 40.0, "y": 60.0}, "b": {"p": 55.0, "q": 45.0}}
    w = rake(design, variables, margins).weights
    a = np.array(variables["a"])
    b = np.array(variables["b"])
    assert w[a == "x"].sum() == pytest.approx(40.0, rel=1e-9)
    assert w[b == "p"].sum() == pytest.approx(55.0, rel=1e-9)


def _poststratified_design(n: int, seed: int) -> tuple[Design, list[int]]:
    rng = np.random.default_rng(seed)
    cells = rng.integers(0, 4, n)
    design = make_design(n, weights=rng.uniform(0.5, 3.0, n), strata=list(rng.integers(0, 2, n)))
    design = poststratify(design, {"c": list(cells)}, {(k,): 100.0 + 10 * k for k in range(4)})
    return design, [int(g) for g in rng.integers(0, 3, n)]


def test_zero_one_shortcut_equals_the_general_formula() -> None:
    # A 0/1 variable takes the shortcut; 2y (values 0 and 2) takes the general path. The mean
    # and SE of 2y are exactly twice those of y, so both paths must agree.
    design, groups = _poststratified_design(400, seed=11)
    rng = np.random.default_rng(12)
    y = np.where(rng.random(400) < 0.1, np.nan, (rng.random(400) < 0.3).astype(float))
    ones = mean(design, y, groups=groups)
    twos = mean(design, 2 * y, groups=groups)
    for key, estimate in ones.items():
        assert twos[key].estimate == pytest.approx(2 * estimate.estimate, rel=1e-12)
        assert twos[key].se == pytest.approx(2 * estimate.se, rel=1e-10)
        assert twos[key].deff == pytest.approx(estimate.deff, rel=1e-10)
        assert twos[key].n == estimate.n


def test_means_equals_mean_for_each_variable() -> None:
    design, groups = _poststratified_design(300, seed=5)
    rng = np.random.default_rng(6)
    variables = {
        "share": (rng.random(300) < 0.4).astype(float),
        "score": np.where(rng.random(300) < 0.2, np.nan, rng.normal(3.0, 1.0, 300)),
    }
    together = means(design, variables, groups=groups)
    assert list(together) == ["share", "score"]
    for name, values in variables.items():
        assert together[name] == mean(design, values, groups=groups)


def test_numeric_weighting_columns_give_the_same_cells_as_lists() -> None:
    rng = np.random.default_rng(3)
    a, b = rng.integers(1, 4, 200).astype(float), rng.integers(10, 12, 200).astype(float)
    population: dict[tuple[float, ...], float] = {
        (float(x), float(y)): 50.0 + x + y for x in (1, 2, 3) for y in (10, 11)
    }
    design = make_design(200, weights=rng.uniform(1, 2, 200))
    from_arrays = poststratify(design, {"a": a, "b": b}, population)  # type: ignore[dict-item]
    from_lists = poststratify(design, {"a": a.tolist(), "b": b.tolist()}, population)
    np.testing.assert_array_equal(from_arrays.weights, from_lists.weights)
    a[7] = np.nan
    with pytest.raises(WeightingError, match="^variable a: unit 8 has no value$"):
        poststratify(design, {"a": a, "b": b}, population)  # type: ignore[dict-item]
