"""The suppression rule in every case (docs/anonymity.md §2), with a minimum of 5 unless named."""

from itertools import product

import pytest

from samson.groupscores import shown_groups


def test_a_round_under_the_minimum_shows_nothing() -> None:
    s = shown_groups({"a": 3, "b": 1, "c": 0}, 5)
    assert (s.show_total, s.shown, s.show_other) == (False, (), False)
    assert s.too_few == ("a", "b")
    assert s.suppressed == ("a", "b")
    assert [s.status(p) for p in "abc"] == ["too_few", "too_few", "none"]


def test_one_party_at_the_minimum() -> None:
    s = shown_groups({"a": 5}, 5)
    assert (s.show_total, s.shown, s.suppressed, s.show_other) == (True, ("a",), (), False)


def test_two_parties_both_shown() -> None:
    s = shown_groups({"a": 6, "b": 5}, 5)
    assert (s.shown, s.suppressed, s.show_total, s.show_other) == (("a", "b"), (), True, False)
    assert s.total_n == 11


def test_two_parties_one_small_hides_the_other_too() -> None:
    # Total 9 minus a's 6 would give b's 3: so a is hidden as well; only the total is shown.
    s = shown_groups({"a": 6, "b": 3}, 5)
    assert (s.shown, s.too_few, s.merged) == ((), ("b",), ("a",))
    assert s.suppressed == ("a", "b")
    assert (s.show_total, s.show_other) == (True, False)
    assert [s.status(p) for p in "ab"] == ["merged", "too_few"]


def test_three_parties_one_small_merges_the_smallest_shown() -> None:
    s = shown_groups({"a": 10, "b": 6, "c": 2}, 5)
    assert (s.shown, s.too_few, s.merged) == (("a",), ("c",), ("b",))
    assert s.suppressed == ("b", "c")
    assert (s.show_total, s.show_other, s.other_n) == (True, True, 8)


def test_a_tie_for_smallest_merges_the_later_party() -> None:
    s = shown_groups({"a": 6, "b": 6, "c": 1}, 5)
    assert (s.shown, s.merged, s.too_few) == (("a",), ("b",), ("c",))


def test_three_parties_two_small_that_reach_the_minimum_together() -> None:
    s = shown_groups({"a": 10, "b": 3, "c": 2}, 5)
    assert (s.shown, s.too_few, s.merged) == (("a",), ("b", "c"), ())
    assert (s.show_other, s.other_n) == (True, 5)


def test_three_parties_two_small_below_the_minimum_together() -> None:
    s = shown_groups({"a": 10, "b": 2, "c": 2}, 5)
    assert (s.shown, s.too_few, s.merged) == ((), ("b", "c"), ("a",))
    assert (s.show_total, s.show_other) == (True, False)


def test_four_parties_one_small() -> None:
    s = shown_groups({"a": 8, "b": 7, "c": 5, "d": 4}, 5)
    assert (s.shown, s.merged, s.too_few) == (("a", "b"), ("c",), ("d",))
    assert (s.show_other, s.other_n) == (True, 9)


def test_four_parties_one_without_answers() -> None:
    s = shown_groups({"a": 8, "b": 7, "c": 5, "d": 0}, 5)
    assert (s.shown, s.suppressed, s.show_other) == (("a", "b", "c"), (), False)
    assert s.status("d") == "none"


def test_four_parties_all_small_but_the_total_is_enough() -> None:
    s = shown_groups({"a": 1, "b": 2, "c": 3, "d": 4}, 5)
    assert (s.show_total, s.shown, s.show_other) == (True, (), False)
    assert s.too_few == ("a", "b", "c", "d")


def test_minimum_of_three() -> None:
    s = shown_groups({"a": 3, "b": 2}, 3)
    assert (s.shown, s.merged, s.too_few, s.show_total) == ((), ("a",), ("b",), True)


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="min_size must be at least 1, not 0"):
        shown_groups({"a": 3}, 0)
    with pytest.raises(ValueError, match="negative"):
        shown_groups({"a": -1}, 3)


@pytest.mark.parametrize("parties", [2, 3, 4])
@pytest.mark.parametrize("minimum", [3, 5])
def test_no_small_group_can_be_computed_by_subtraction(parties: int, minimum: int) -> None:
    """Every count vector with 0-7 respondents per party: whatever is shown, the part of the
    total not shown on its own is empty or at least the minimum, and at most one party of
    sufficient size is hidden to achieve that."""
    names = "abcd"[:parties]
    for ns in product(range(8), repeat=parties):
        counts = dict(zip(names, ns, strict=True))
        s = shown_groups(counts, minimum)
        total = sum(ns)
        assert s.show_total == (total >= minimum)
        assert all(counts[p] >= minimum for p in s.shown)
        assert set(s.too_few) == {p for p in names if 0 < counts[p] < minimum}
        assert len(s.merged) <= 1
        if s.show_total:
            rest = total - sum(counts[p] for p in s.shown)
            assert rest == 0 or rest >= minimum, counts
            assert rest == s.other_n
            assert s.show_other == (rest >= minimum and bool(s.shown))
        else:
            assert s.shown == () and not s.show_other
