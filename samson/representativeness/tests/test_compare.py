"""The representation ratio on a hand-computed example, and suppression of small groups."""

from __future__ import annotations

import pytest

from samson.representativeness import GroupShare, flag_of, representation

POPULATION = {"15-24": 150, "25-39": 250, "40-54": 250, "55-69": 200, "70+": 150}


def test_hand_computed_example() -> None:
    # 24 respondents. 15-24 has 2 (< 5): suppressed. The rest would then be 2, which could be
    # worked out from the total, so the smallest shown group (25-39, 6) joins it: other = 8.
    counts = {"15-24": 2, "25-39": 6, "40-54": 9, "55-69": 7, "70+": 0}
    result = representation(counts, POPULATION, min_size=5)
    assert result.shown and result.has_population
    assert result.total == 24
    assert result.pooled == ("15-24", "25-39")
    assert result.rows == (
        # 9/24 = 0.375 against 250/1000 = 0.25: ratio 1.5, over-represented
        GroupShare("40-54", 9, 0.375, 0.25, 1.5, "over"),
        # 7/24 against 200/1000 = 0.2: ratio 7/24 / 0.2 = 1.4583…
        GroupShare("55-69", 7, 7 / 24, 0.2, (7 / 24) / 0.2, "over"),
        # nobody aged 70+ answered: ratio 0, under-represented
        GroupShare("70+", 0, 0.0, 0.15, 0.0, "under"),
    )
    assert round(result.rows[1].ratio or 0, 4) == 1.4583
    # other: 8/24 = 1/3 against (150 + 250)/1000 = 0.4: ratio 0.8333, within 0.8-1.25
    assert result.other == GroupShare("", 8, 8 / 24, 0.4, (8 / 24) / 0.4, "even")
    assert round(result.other.ratio or 0, 4) == 0.8333


def test_nothing_is_shown_below_the_minimum() -> None:
    result = representation({"female": 2, "male": 2}, {"female": 5, "male": 5}, min_size=5)
    assert not result.shown
    assert result.rows == () and result.other is None
    assert result.total == 4


def test_groups_without_a_population_figure_have_no_ratio() -> None:
    counts = {"female": 7, "male": 6, "other": 1}
    result = representation(counts, {"female": 510, "male": 490}, min_size=5)
    # "other" (1) is too few; male (6) joins it so that it cannot be worked out.
    assert [row.key for row in result.rows] == ["female"]
    assert result.rows[0] == GroupShare("female", 7, 0.5, 0.51, 0.5 / 0.51, "even")
    assert result.pooled == ("male", "other")
    assert result.other == GroupShare("", 7, 0.5, None, None, "unknown")


def test_without_population_only_the_respondents_are_compared() -> None:
    result = representation({"a": 5, "b": 5}, {}, min_size=5)
    assert not result.has_population
    assert result.rows == (
        GroupShare("a", 5, 0.5, None, None, "unknown"),
        GroupShare("b", 5, 0.5, None, None, "unknown"),
    )


@pytest.mark.parametrize(
    ("ratio", "flag"),
    [
        (None, "unknown"),
        (0.0, "under"),
        (0.7999, "under"),
        (0.8, "even"),
        (1.25, "even"),
        (1.2501, "over"),
    ],
)
def test_flag_limits(ratio: float | None, flag: str) -> None:
    assert flag_of(ratio) == flag
