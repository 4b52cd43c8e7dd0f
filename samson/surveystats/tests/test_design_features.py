"""Clusters, fpc, degrees of freedom, intervals, contrasts and tests on small hand-computed
cases, and the distribution functions against values printed by R."""

from __future__ import annotations

import math

import numpy as np
import pytest

from samson.surveystats import (
    Z_975,
    DataError,
    DesignError,
    IntervalMethod,
    association_test,
    contrast,
    make_design,
    mean,
    poststratify,
    proportion_interval,
)
from samson.surveystats.distributions import beta_quantile, f_sf, t_quantile, t_sf
from samson.surveystats.estimation import _dense_parts, _domains

Y = [1.0, 0.0, 1.0, 1.0]


def test_clusters_add_up_their_units_before_the_variance() -> None:
    # m = 3/4; z = (y - m)/4 = (1/16, -3/16, 1/16, 1/16); cluster totals -1/8 and 1/8;
    # v = 2/(2-1) · (1/64 + 1/64) = 1/16.
    design = make_design(4, clusters=["a", "a", "b", "b"])
    result = mean(design, Y)[None]
    assert result.estimate == 0.75
    assert result.se == pytest.approx(0.25, rel=1e-15)
    assert result.df == 1.0
    assert (design.n_psu, design.df) == (2, 1)


def test_fpc_scales_the_variance_and_gives_the_weights() -> None:
    # N = 4 clusters, 2 sampled: f = 1/2 halves the variance; weights N/n = 2.
    design = make_design(4, clusters=["a", "a", "b", "b"], fpc=[4, 4, 4, 4])
    assert design.weights.tolist() == [2.0, 2.0, 2.0, 2.0]
    result = mean(design, Y)[None]
    assert result.se == pytest.approx(math.sqrt(1 / 32), rel=1e-15)
    assert result.weighted_n == 8.0


def test_clusters_are_nested_in_strata() -> None:
    # Cluster 1 of stratum s and cluster 1 of stratum t are two clusters (R's nest = TRUE).
    # Stratum s: totals 1/16, -3/16 about -1/16: 2 · (1/64 + 1/64) = 1/16; stratum t: 0.
    design = make_design(4, strata=["s", "s", "t", "t"], clusters=[1, 2, 1, 2])
    assert (design.n_psu, design.n_strata, design.df) == (4, 2, 2)
    result = mean(design, Y)[None]
    assert result.se == pytest.approx(0.25, rel=1e-15)
    assert result.df == 2.0


def test_a_stratum_sampled_completely_may_have_one_unit() -> None:
    design = make_design(3, strata=["s", "s", "t"], fpc=[10, 10, 1])
    assert design.stratum_scale.tolist() == [0.8 * 2, 0.0]
    with pytest.raises(DesignError, match="^stratum t has only one unit; a variance needs two"):
        make_design(3, strata=["s", "s", "t"], fpc=[10, 10, 2])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"strata": ["s", "s", "t", "t"], "clusters": [1, 1, 1, 2]},
            "stratum s has only one primary unit (cluster); a variance needs two or more",
        ),
        ({"clusters": [1, 1, 1, 1]}, "the design has only one primary unit (cluster)"),
        ({"clusters": [1, None, 2, 2]}, "unit 2 has no cluster"),
        ({"clusters": np.array([1.0, 1.0, np.nan, 2.0])}, "unit 3 has no cluster"),
        ({"clusters": [1, 2]}, "expected 4 cluster values, got 2"),
        ({"fpc": [4, 4, 4, math.nan]}, "unit 4 has no population count (fpc)"),
        ({"fpc": [4, 4, 4, 5]}, "the population count (fpc) differs within stratum None"),
        (
            {"fpc": [0.5] * 4},
            "the population count (fpc) 0.5 is smaller than the 4 primary units sampled there",
        ),
    ],
)
def test_bad_designs(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(DesignError) as caught:
        make_design(4, **kwargs)  # type: ignore[arg-type]
    assert str(caught.value).startswith(message)


def test_degrees_of_freedom_of_a_domain_count_its_clusters_and_strata() -> None:
    design = make_design(
        6, strata=["s", "s", "s", "t", "t", "t"], clusters=[1, 2, 3, 1, 2, 2]
    )  # 5 clusters, 2 strata
    result = mean(design, [1.0, 0.0, 1.0, 0.0, 1.0, 1.0], groups=["a", "a", "b", "a", "b", "b"])
    assert result[None].df == 3.0
    assert result["a"].df == 3.0 - 2.0  # clusters s1, s2, t1 in strata s and t
    assert result["b"].df == 2.0 - 2.0  # clusters s3 and t2


def test_wald_is_still_the_default_interval() -> None:
    result = mean(make_design(4), Y)[None]
    assert result.interval == "wald"
    assert result.ci_low == result.estimate - Z_975 * result.se


def test_logit_and_beta_apply_to_shares_only() -> None:
    scores = mean(make_design(4), [1.0, 2.5, 3.0, 4.0], interval="logit")[None]
    assert scores.interval == "wald"
    assert scores.ci_low == scores.estimate - Z_975 * scores.se
    assert mean(make_design(4), Y, interval="beta")[None].interval == "beta"
    with pytest.raises(DataError, match="^unknown interval method 'exact' \\(choose wald, "):
        mean(make_design(4), Y, interval="exact")  # type: ignore[arg-type]


def expit(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def test_proportion_intervals_by_hand() -> None:
    half = Z_975 * 0.05 / (0.2 * 0.8)
    low, high = proportion_interval(0.2, 0.05, method="logit")
    assert low == pytest.approx(expit(math.log(0.25) - half), rel=1e-14)
    assert high == pytest.approx(expit(math.log(0.25) + half), rel=1e-14)
    # qt(0.975, 10) = 2.2281388519862739 in R.
    low, high = proportion_interval(0.2, 0.05, method="wald-t", df=10)
    assert low == pytest.approx(0.2 - 2.2281388519862739 * 0.05, rel=1e-14)
    # rows - 1 = df: no correction; n_eff = 0.16 / 0.0025 = 64. R:
    # qbeta(0.025, 12.8, 52.2) = 0.11040742669899216, qbeta(0.975, 13.8, 51.2) = 0.3187533116116481.
    low, high = proportion_interval(0.2, 0.05, method="beta", df=30, rows=31)
    assert low == pytest.approx(0.11040742669899216, rel=1e-12)
    assert high == pytest.approx(0.3187533116116481, rel=1e-12)


@pytest.mark.parametrize("method", ["logit", "beta"])
def test_a_share_of_zero_or_one_gets_the_clopper_pearson_interval(method: IntervalMethod) -> None:
    low, high = proportion_interval(0.0, 0.0, method=method, df=9, n=10)
    assert low == 0.0
    assert high == pytest.approx(1 - 0.025 ** (1 / 10), rel=1e-12)
    low, high = proportion_interval(1.0, 0.0, method=method, df=9, n=10)
    assert low == pytest.approx(0.025 ** (1 / 10), rel=1e-12)
    assert high == 1.0


def test_distributions_agree_with_r() -> None:
    # R: qt(0.975, c(1, 5, 51, 2.5)); qbeta(0.025, 3.2, 10.1); pf(0.7, 2.76, 140.8, lower = F);
    # pt(-2.5, 7.3).
    assert t_quantile(0.975, 1) == pytest.approx(12.706204736174694, rel=1e-13)
    assert t_quantile(0.975, 5) == pytest.approx(2.5705818356363137, rel=1e-13)
    assert t_quantile(0.975, 51) == pytest.approx(2.007583770315836, rel=1e-13)
    assert t_quantile(0.025, 2.5) == pytest.approx(-3.574654842003692, rel=1e-13)
    assert t_quantile(0.975, math.inf) == Z_975
    assert math.isnan(t_quantile(0.975, 0))
    assert beta_quantile(0.025, 3.2, 10.1) == pytest.approx(0.061361053665389650, rel=1e-13)
    assert f_sf(0.7, 2.76, 140.8) == pytest.approx(0.5421545852104117, rel=1e-12)
    assert 1 - t_sf(-2.5, 7.3) == pytest.approx(0.019825117332800228, rel=1e-12)


def test_contrast_by_hand() -> None:
    # Means 1/2 and 1; z of the difference (1/4, -1/4, 0, 0); v = 4/3 · 1/8 = 1/6.
    result = contrast(make_design(4), Y, groups=["a", "a", "b", "b"], first="a", second="b")
    assert result.estimate == -0.5
    assert result.se == pytest.approx(math.sqrt(1 / 6), rel=1e-15)
    assert result.ci_high == pytest.approx(-0.5 + Z_975 * math.sqrt(1 / 6), rel=1e-15)
    assert result.p_value == pytest.approx(math.erfc(0.5 / math.sqrt(1 / 6) / math.sqrt(2)))
    assert (result.n_first, result.n_second) == (2, 2)


@pytest.mark.parametrize(
    ("first", "second", "values", "message"),
    [
        ("a", "c", Y, "group c does not occur (groups: a, b)"),
        ("a", "a", Y, "a contrast needs two different groups, not a twice"),
        ("a", "b", [1.0, 0.0, np.nan, np.nan], "group b has no respondents with a value"),
    ],
)
def test_bad_contrasts(first: str, second: str, values: list[float], message: str) -> None:
    with pytest.raises(DataError) as caught:
        contrast(make_design(4), values, groups=["a", "a", "b", "b"], first=first, second=second)
    assert str(caught.value) == message


def test_association_needs_two_values_of_each_variable() -> None:
    with pytest.raises(DataError, match="^a test of association needs at least two values"):
        association_test(make_design(4), [1.0, 1.0, 1.0, np.nan], ["a", "a", "b", "b"])


def test_association_of_independent_variables_is_zero() -> None:
    # The same split of y in both groups: Pearson's X² = 0, so F = 0 and p = 1.
    result = association_test(
        make_design(8), [1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0], list("aaaabbbb")
    )
    assert (result.chisq, result.f, result.p_value) == (0.0, 0.0, 1.0)
    assert (result.n, result.rows, result.columns) == (8, 2, 2)


@pytest.mark.parametrize("poststratified", [False, True])
def test_clustered_shortcut_equals_the_general_formula(poststratified: bool) -> None:
    # The R fixtures hold both paths to R; this holds them to each other on other data, with
    # an fpc, empty groups in some clusters, missing values and units outside every group.
    rng = np.random.default_rng(21)
    n = 500
    cluster = rng.integers(0, 40, n)
    strata = (cluster % 4).tolist()
    design = make_design(
        n,
        weights=rng.uniform(1, 5, n),
        strata=strata,
        clusters=cluster.tolist(),
        fpc=[60 + 10 * h for h in strata],
    )
    if poststratified:
        cells = rng.integers(0, 3, n).tolist()
        design = poststratify(design, {"c": cells}, {(0,): 900.0, (1,): 700.0, (2,): 400.0})
    groups: list[object] = [None if g == 4 else g for g in rng.integers(0, 5, n).tolist()]
    y = np.where(rng.random(n) < 0.1, np.nan, rng.normal(3.0, 1.0, n))
    shortcut = mean(design, y, groups=groups)
    domains = _domains(design, groups)
    assert domains.codes is not None
    members = np.column_stack(
        [np.ones(n, dtype=bool)] + [domains.codes == k for k in range(len(domains.keys) - 1)]
    )
    general = _dense_parts(design, y, members)
    for k, key in enumerate(domains.keys):
        assert shortcut[key].estimate == pytest.approx(general.mean[k], rel=1e-12)
        assert shortcut[key].se == pytest.approx(math.sqrt(general.variance[k]), rel=1e-9)
        assert shortcut[key].n == general.n[k]
