"""The t quantile against published tables and an independent numerical integration."""

import math

import pytest

from samson.groupscores import betainc, t_quantile, t_two_sided_p

# t_{0.975, df} from standard tables (e.g. NIST/SEMATECH e-Handbook, table 1.3.6.7.2).
TABLE = {
    1: 12.706204736174707,
    2: 4.302652729749464,
    3: 3.182446305284263,
    4: 2.776445105197799,
    5: 2.570581835636314,
    10: 2.228138851986274,
    30: 2.042272456301238,
    100: 1.983971518523552,
}


@pytest.mark.parametrize(("df", "expected"), TABLE.items())
def test_975_quantiles(df: int, expected: float) -> None:
    assert t_quantile(0.975, df) == pytest.approx(expected, rel=1e-11)


def test_closed_forms() -> None:
    # df 1 is the Cauchy distribution; df 2 and df 4 have closed-form distribution functions.
    for p in (0.6, 0.9, 0.975, 0.995):
        assert t_quantile(p, 1) == pytest.approx(math.tan(math.pi * (p - 0.5)), rel=1e-12)
        assert t_quantile(p, 2) == pytest.approx(
            (2 * p - 1) / math.sqrt(2 * p * (1 - p)), rel=1e-12
        )
        q = t_quantile(p, 4)
        s = 1 + q * q / 4
        assert 0.5 + 3 / 8 * q / math.sqrt(s) * (1 - q * q / (12 * s)) == pytest.approx(
            p, abs=1e-14
        )


def test_other_probabilities_and_symmetry() -> None:
    assert t_quantile(0.95, 10) == pytest.approx(1.812461122811676, rel=1e-11)
    assert t_quantile(0.025, 10) == -t_quantile(0.975, 10)
    assert t_quantile(0.5, 3) == 0.0


@pytest.mark.parametrize("df", [1e3, 1e4, 1e6])
def test_large_df_follows_the_cornish_fisher_expansion(df: float) -> None:
    z = 1.959963984540054  # the normal 0.975 quantile
    expected = (
        z
        + (z**3 + z) / (4 * df)
        + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)
        + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * df**3)
    )
    assert t_quantile(0.975, df) == pytest.approx(expected, rel=1e-9)


def _density(t: float, df: float) -> float:
    log_c = math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)
    return math.exp(log_c - (df + 1) / 2 * math.log1p(t * t / df))


def test_fractional_df_by_simpson_integration() -> None:
    """Welch gives fractional df: check that the density integrates to 0.475 from 0 to q."""
    for df in (27 / 7, 5.4, 12.25):
        q = t_quantile(0.975, df)
        steps = 20_000
        h = q / steps
        total = _density(0, df) + _density(q, df)
        total += sum((4 if i % 2 else 2) * _density(i * h, df) for i in range(1, steps))
        assert total * h / 3 == pytest.approx(0.475, abs=1e-12)


def test_p_value_and_incomplete_beta() -> None:
    assert t_two_sided_p(t_quantile(0.975, 7.5), 7.5) == pytest.approx(0.05, rel=1e-12)
    assert betainc(1, 1, 0.3) == pytest.approx(0.3, rel=1e-14)  # uniform
    assert betainc(2, 3, 0.4) == pytest.approx(0.5248, rel=1e-12)  # 1 - sum of binomials
    with pytest.raises(ValueError, match="p must lie strictly between 0 and 1"):
        t_quantile(1.0, 3)
    with pytest.raises(ValueError, match="degrees of freedom must be positive"):
        t_quantile(0.9, 0)
