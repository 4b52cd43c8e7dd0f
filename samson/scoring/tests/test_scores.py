"""Hand-computed scores: (x-min)/(max-min)*100, reversed (max-x)/(max-min)*100, don't know out."""

from __future__ import annotations

import pytest

from samson.instrument_spec import Instrument
from samson.scoring import Score, item_score, score, score_responses

HAND = {
    "TYP-UTF": 1,
    "TYP-LOS": 2,
    "TYP-GJF": 2,
    "LIK-DES-1": 5,  # 100
    "LIK-DES-2": 2,  # reversed: (5-2)/4*100 = 75
    "LIK-GJF-1": 4,  # 75
    "LIK-EVA-1": 4,  # 75
    "LAE-DES-1": 4,  # 75
    "LAE-GJF-1": 9,  # don't know: left out, never 0
    "LAE-EVA-1": 3,  # 50
    "FRI-BRA": "Bra",
}


def test_item_score(instrument: Instrument) -> None:
    agree5 = instrument.scale("agree5")
    normal, reversed_item = instrument.item("LIK-DES-1"), instrument.item("LIK-DES-2")
    assert [item_score(agree5, normal, x) for x in (1, 2, 3, 4, 5)] == [0, 25, 50, 75, 100]
    assert [item_score(agree5, reversed_item, x) for x in (1, 2, 3, 4, 5)] == [100, 75, 50, 25, 0]
    assert item_score(agree5, normal, 9) is None


def test_hand_computed_scores(instrument: Instrument) -> None:
    result = score(instrument, HAND)
    assert result.overall == Score(score=75.0, answered=6, dont_know=1, items=7)  # 450/6
    values = {entry.id: entry.score for entry in result.values}
    assert values["likeverd"] == Score(81.25, 4, 0, 4)  # (100+75+75+75)/4
    assert values["laering"] == Score(62.5, 2, 1, 3)  # (75+50)/2
    fields = {entry.id: entry.score for entry in result.fields}
    assert fields["design"].score == pytest.approx(250 / 3)  # (100+75+75)/3
    assert fields["gjennomforing"] == Score(75.0, 1, 1, 2)
    assert fields["evaluering"] == Score(62.5, 2, 0, 2)
    cells = {(cell.value, cell.field): cell.score for cell in result.cells}
    assert cells["likeverd", "design"] == Score(87.5, 2, 0, 2)
    assert cells["laering", "gjennomforing"] == Score(None, 0, 1, 1)  # only don't know
    assert [cell for cell in cells] == [
        ("likeverd", "design"),
        ("likeverd", "gjennomforing"),
        ("likeverd", "evaluering"),
        ("laering", "design"),
        ("laering", "gjennomforing"),
        ("laering", "evaluering"),
    ]
    items = {entry.item_id: entry.score.score for entry in result.items}
    assert items["LIK-DES-2"] == 75.0
    assert items["LAE-GJF-1"] is None
    assert "FRI-BRA" not in items  # free text is never scored


def test_dimension_with_only_dont_know_has_no_score(instrument: Instrument) -> None:
    answers = {**HAND, "LAE-DES-1": 9, "LAE-EVA-1": 9}
    values = {entry.id: entry.score for entry in score(instrument, answers).values}
    assert values["laering"] == Score(None, 0, 3, 3)
    assert values["likeverd"].score == 81.25


def test_nothing_substantive_gives_no_scores_and_no_level(instrument: Instrument) -> None:
    result = score(instrument, {"LIK-DES-1": 9, "TYP-UTF": 9})
    assert result.overall == Score(None, 0, 1, 7)
    assert result.maturity.level is None
    assert [reason.id for reason in result.maturity.reasons] == ["no_scores"]
    assert result.weakest_cells == () and result.strongest_cells == ()


def test_group_scores_pool_every_answer(instrument: Instrument) -> None:
    result = score_responses(
        instrument, [{"LIK-DES-1": 5, "LIK-DES-2": 9}, {"LIK-DES-1": 2}, {"LIK-DES-2": 1}]
    )
    assert result.respondents == 3
    cells = {(cell.value, cell.field): cell.score for cell in result.cells}
    assert cells["likeverd", "design"] == Score(75.0, 3, 1, 2)  # (100 + 25 + 100) / 3
