"""Weakest and strongest cells: lowest / highest score, ties by grid order."""

from __future__ import annotations

from collections.abc import Callable

from samson.instrument_spec import Instrument
from samson.scoring import score

Make = Callable[..., dict[str, int | str]]


def test_ties_go_to_grid_order(instrument: Instrument, make_answers: Make) -> None:
    result = score(instrument, make_answers())  # every cell 75
    assert result.weakest_cells == (
        ("likeverd", "design"),
        ("likeverd", "gjennomforing"),
        ("likeverd", "evaluering"),
    )
    assert result.strongest_cells == (
        ("laering", "design"),
        ("laering", "gjennomforing"),
        ("laering", "evaluering"),
    )


def test_weakest_and_strongest_by_score(instrument: Instrument, make_answers: Make) -> None:
    answers = make_answers(LIK_DES_1=5, LIK_DES_2=1, LIK_GJF_1=2, LAE_DES_1=2, LAE_EVA_1=1)
    result = score(instrument, answers)
    # Cells: LIK-DES 100, LIK-GJF 25, LIK-EVA 75, LAE-DES 25, LAE-GJF 75, LAE-EVA 0.
    assert result.weakest_cells == (
        ("laering", "evaluering"),
        ("likeverd", "gjennomforing"),
        ("laering", "design"),
    )
    assert result.strongest_cells == (
        ("likeverd", "design"),
        ("likeverd", "evaluering"),
        ("laering", "gjennomforing"),
    )
    weakest = result.to_dict("nn")["weakest_cells"][0]
    assert (weakest["score"], weakest["advice"], weakest["dialogue"]) == (
        0.0,
        "Råd LAE-EVA",
        ["Spørsmål LAE-EVA"],
    )


def test_few_scored_cells_are_shared(instrument: Instrument) -> None:
    result = score(instrument, {"LIK-DES-1": 2, "LAE-DES-1": 4, "LIK-GJF-1": 9})
    assert result.weakest_cells == (("likeverd", "design"),)
    assert result.strongest_cells == (("laering", "design"),)
