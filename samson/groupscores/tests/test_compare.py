"""Welch's comparison of two rounds, checked against numbers worked out by hand
(docs/anonymity.md §4 has the first example written out)."""

import math

import pytest

from samson.groupscores import ALL, Respondent, compare_rounds, respondent_score, t_quantile, welch
from samson.instrument_spec import Instrument

from .conftest import answers


def test_worked_example_change_within_the_spread() -> None:
    # a: mean 75, s^2 = 625; b: mean 50, s^2 = 1250/3.
    # se^2 = 625/3 + 625/6 = 625/2; df = (1/4) / ((1/9)/2 + (1/36)/3) = 27/7.
    change = welch([50, 75, 100], [25, 50, 50, 75])
    assert change is not None
    assert (change.n_a, change.mean_a, change.n_b, change.mean_b) == (3, 75.0, 4, 50.0)
    assert change.sd_a == 25.0
    assert change.sd_b == pytest.approx(math.sqrt(1250 / 3), rel=1e-15)
    assert change.difference == -25.0
    assert change.se == pytest.approx(math.sqrt(625 / 2), rel=1e-15)
    assert change.df == pytest.approx(27 / 7, rel=1e-14)
    assert change.t == pytest.approx(-math.sqrt(2), rel=1e-14)
    q = t_quantile(0.975, 27 / 7)
    assert q == pytest.approx(2.8175, abs=1e-4)  # between the table's 3.182 (df 3) and 2.776 (4)
    assert change.low == pytest.approx(-25 - q * math.sqrt(625 / 2), rel=1e-14)
    assert change.high == pytest.approx(-25 + q * math.sqrt(625 / 2), rel=1e-14)
    assert change.low is not None and change.high is not None
    assert (round(change.low, 1), round(change.high, 1)) == (-74.8, 24.8)
    assert change.beyond_spread is False


def test_change_beyond_the_spread() -> None:
    # a: mean 25, s^2 = 1250/3; b: mean 87.5, s^2 = 625/3; se = 12.5; df = 432/80 = 5.4; t = 5.
    change = welch([0, 25, 25, 50], [75, 100, 100, 75])
    assert change is not None
    assert change.difference == 62.5
    assert change.se == pytest.approx(12.5, rel=1e-15)
    assert change.df == pytest.approx(5.4, rel=1e-14)
    assert change.t == pytest.approx(5.0, rel=1e-14)
    assert change.low == pytest.approx(62.5 - t_quantile(0.975, 5.4) * 12.5, rel=1e-14)
    assert change.beyond_spread is True


def test_no_spread_at_all() -> None:
    change = welch([50, 50, 50], [75, 75, 75])
    assert change is not None
    assert (change.se, change.df, change.low, change.high) == (0.0, 4.0, 25.0, 25.0)
    assert change.beyond_spread is True
    same = welch([50, 50], [50, 50, 50])
    assert same is not None and same.beyond_spread is False


def test_too_few_for_an_interval() -> None:
    change = welch([50], [75, 100])
    assert change is not None
    assert (change.difference, change.low, change.high, change.df) == (37.5, None, None, None)
    assert change.beyond_spread is False
    assert welch([], [1.0]) is None


def test_respondent_scores_leave_out_dont_know(instrument: Instrument) -> None:
    one = answers(LIK_DES_1=5, LIK_DES_2=9, LIK_GJF_1=1)  # 100, -, 0; LIK-EVA-1 75
    assert respondent_score(instrument, one, "value", "likeverd") == pytest.approx(175 / 3)
    assert respondent_score(instrument, one, "field", "design") == pytest.approx(175 / 2)
    # Overall: 100 + 0 + 75 (LIK) + 75 + 75 + 75 (LAE) over 6 substantive answers.
    assert respondent_score(instrument, one, "overall", "") == pytest.approx(400 / 6)
    none = answers(LIK_DES_1=9, LIK_DES_2=9, LAE_DES_1=9)
    assert respondent_score(instrument, none, "field", "design") is None


def test_compare_rounds_only_groups_shown_in_both(instrument: Instrument) -> None:
    # Minimum 3. Round a: x 3, y 3 (both shown). Round b: x 4, y 3, z 1: the rest would be
    # z alone, so y (the smallest shown) is merged in b; only x and everyone are compared.
    a = [Respondent("x", answers(LIK_DES_1=code)) for code in (3, 4, 5)]
    a += [Respondent("y", answers()) for _ in range(3)]
    b = [Respondent("x", answers(LIK_DES_1=code)) for code in (5, 5, 5, 4)]
    b += [Respondent("y", answers()) for _ in range(3)] + [Respondent("z", answers())]
    comparison = compare_rounds(instrument, a, instrument, b, 3, parties=["x", "y", "z"])
    assert comparison.suppression_b.merged == ("y",)
    assert [group.group for group in comparison.groups] == [ALL, "x"]
    x = comparison.groups[1]
    assert [(row.kind, row.id) for row in x.rows] == [
        ("overall", ""),
        ("value", "likeverd"),
        ("value", "laering"),
        ("field", "design"),
        ("field", "gjennomforing"),
        ("field", "evaluering"),
    ]
    design = x.rows[3].change
    assert design is not None
    # x in a: LIK-DES-1 50, 75, 100 with LIK-DES-2 and LAE-DES-1 at 75: (50+150)/3 ... per
    # respondent: 200/3, 225/3, 250/3; in b: 250/3, 250/3, 250/3, 225/3.
    assert design.mean_a == pytest.approx(75.0)
    assert design.mean_b == pytest.approx((3 * 250 + 225) / 12)
    laering = x.rows[2].change
    assert laering is not None and laering.difference == 0.0 and laering.beyond_spread is False


def test_compare_nothing_when_a_round_is_too_small(instrument: Instrument) -> None:
    a = [Respondent("x", answers()) for _ in range(2)]
    b = [Respondent("x", answers()) for _ in range(5)]
    assert compare_rounds(instrument, a, instrument, b, 3).groups == ()
