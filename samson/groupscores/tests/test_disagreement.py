"""Disagreement between parties, computed by hand (docs/anonymity.md §3)."""

import pytest

from samson.groupscores import (
    disagreements,
    level_of,
    round1,
    typology_by_party,
    typology_disagreements,
)
from samson.instrument_spec import Instrument
from samson.scoring import Result, score_responses

from .conftest import answers


def test_levels_and_their_boundaries() -> None:
    assert [level_of(p) for p in (0, 14.9, 15, 29.9, 30, 100)] == [
        "small",
        "small",
        "notable",
        "notable",
        "large",
        "large",
    ]


def test_rounding_is_half_up_to_one_decimal() -> None:
    assert [str(round1(x)) for x in (81.25, 40.625, 54.1666, 0.05)] == [
        "81.3",
        "40.6",
        "54.2",
        "0.1",
    ]


@pytest.fixture
def two_parties(instrument: Instrument) -> dict[str, Result]:
    # A: one respondent, every grid item 75.
    a = score_responses(instrument, [answers()])
    # B: two respondents; item scores in comments (LIK-DES-2 is reversed: code 4 -> 25).
    b1 = answers(
        (1, 1, 2),
        LIK_DES_1=2,  # 25
        LIK_DES_2=4,  # 25
        LIK_GJF_1=3,  # 50
        LIK_EVA_1=4,  # 75
        LAE_DES_1=4,  # 75
        LAE_GJF_1=5,  # 100
        LAE_EVA_1=1,  # 0
    )
    b2 = answers(
        (1, 1, 3), LIK_DES_1=2, LIK_DES_2=4, LIK_GJF_1=3, LIK_EVA_1=3, LAE_DES_1=4, LAE_GJF_1=4,
        LAE_EVA_1=1,
    )  # fmt: skip
    b = score_responses(instrument, [b1, b2])
    return {"A": a, "B": b}


def test_spots_sorted_by_range_with_hand_computed_numbers(instrument, two_parties) -> None:
    spots = disagreements(instrument, two_parties)
    assert [(s.kind, s.value, s.field, s.range, s.level) for s in spots] == [
        ("cell", "laering", "evaluering", 75.0, "large"),  # 75 vs 0
        ("cell", "likeverd", "design", 50.0, "large"),  # 75 vs 25
        ("field", None, "evaluering", 43.7, "large"),  # 75 vs (75+50+0+0)/4 = 31.25 -> 31.3
        ("value", "likeverd", None, 34.4, "large"),  # 75 vs 325/8 = 40.625 -> 40.6
        ("field", None, "design", 33.3, "large"),  # 75 vs 250/6 = 41.67 -> 41.7
        ("cell", "likeverd", "gjennomforing", 25.0, "notable"),  # 75 vs 50
        ("value", "laering", None, 20.8, "notable"),  # 75 vs 325/6 = 54.17 -> 54.2
        ("cell", "likeverd", "evaluering", 12.5, "small"),  # 75 vs 62.5
        ("cell", "laering", "gjennomforing", 12.5, "small"),  # 75 vs 87.5 (grid order on tie)
        ("field", None, "gjennomforing", 6.2, "small"),  # 75 vs 275/4 = 68.75 -> 68.8
        ("cell", "laering", "design", 0.0, "small"),
    ]
    assert spots[3].scores == {"A": 75.0, "B": 40.6}


def test_dialogue_questions_come_from_the_cell_or_the_widest_cell(instrument, two_parties):
    spots = {(s.kind, s.value, s.field): s for s in disagreements(instrument, two_parties)}
    cell = spots[("cell", "laering", "design")]
    assert cell.dialogue_cell == ("laering", "design")
    assert [q.en for q in cell.dialogue] == ["Question LAE-DES", "Question 2"]
    value = spots[("value", "likeverd", None)]
    assert value.dialogue_cell == ("likeverd", "design")  # 50 apart, the widest in its row
    assert [q.en for q in value.dialogue] == ["Question LIK-DES"]
    field = spots[("field", None, "evaluering")]
    assert field.dialogue_cell == ("laering", "evaluering")
    assert [q.nb for q in field.dialogue] == ["Spørsmål LAE-EVA"]


def test_range_over_three_parties_skips_a_party_without_a_score(instrument, two_parties):
    # C answers "don't know" on every likeverd item: it has no likeverd score at all.
    c = score_responses(
        instrument,
        [answers(LIK_DES_1=9, LIK_DES_2=9, LIK_GJF_1=9, LIK_EVA_1=9, LAE_DES_1=5)],
    )
    spots = {
        (s.kind, s.value, s.field): s for s in disagreements(instrument, {**two_parties, "C": c})
    }
    assert spots[("value", "likeverd", None)].scores == {"A": 75.0, "B": 40.6}
    assert spots[("cell", "laering", "design")].range == 25.0  # 100 (C) - 75 (A and B)
    assert spots[("value", "laering", None)].range == pytest.approx(83.3 - 54.2)  # C: (100+75+75)/3


def test_a_spot_needs_two_parties_with_a_score(instrument, two_parties) -> None:
    assert disagreements(instrument, {"A": two_parties["A"]}) == []


def test_typology_shares_and_disagreement(instrument, two_parties) -> None:
    questions = {q.typology_id: q for q in typology_by_party(instrument, two_parties)}
    assert list(questions) == ["challenge", "solution", "delivery"]
    challenge, solution, delivery = questions.values()
    assert challenge.codes == {"A": 1, "B": 1} and not challenge.differ
    assert solution.codes == {"A": 2, "B": 1} and solution.differ
    # B ties 2 against 3 on delivery: no most-chosen code, so no disagreement is claimed.
    assert delivery.parties["B"].status == "no_majority"
    assert delivery.parties["B"].shares == {1: 0.0, 2: 50.0, 3: 50.0}
    assert delivery.codes == {"A": 2} and not delivery.differ
    assert solution.options == (1, 2, 3)
    assert solution.parties["A"].counts == {1: 0, 2: 1, 3: 0}
    assert [q.typology_id for q in typology_disagreements(two_parties)] == ["solution"]


def test_typology_shares_leave_out_dont_know(instrument) -> None:
    result = score_responses(
        instrument, [answers((9, 2, 2)), answers((1, 2, 2)), answers((3, 2, 2))]
    )
    challenge = typology_by_party(instrument, {"X": result})[0]
    assert challenge.parties["X"].shares == {1: 50.0, 2: 0.0, 3: 50.0}
    assert challenge.parties["X"].dont_know == 1
