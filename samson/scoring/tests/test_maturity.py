"""The maturity ladder ikke_samskaping -> medvirkning -> tynn -> tykk, with its reasons."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from samson.instrument_spec import Instrument
from samson.scoring import Condition, score

from .conftest import agree

Make = Callable[..., dict[str, int | str]]


def unmet(conditions: tuple[Condition, ...]) -> list[tuple[str, str, str | None]]:
    return [(c.level, c.id, c.subject) for c in conditions if not c.met]


def test_tykk_when_everything_holds(instrument: Instrument, make_answers: Make) -> None:
    maturity = score(instrument, make_answers(typology=(1, 2, 2))).maturity
    assert maturity.level == "tykk"
    assert unmet(maturity.reasons) == []
    assert [(c.level, c.id, c.subject, c.observed, c.threshold) for c in maturity.reasons] == [
        ("medvirkning", "overall_at_least", None, 75.0, 40.0),
        ("medvirkning", "not_municipality_alone", None, "1/2/2", None),
        ("medvirkning", "antipattern_not_fired", "horing", 0.0, 75.0),
        ("medvirkning", "antipattern_not_fired", "kostnadsflytting", 0.0, 75.0),
        ("tynn", "design_shared", "solution", 2, None),
        ("tynn", "overall_at_least", None, 75.0, 50.0),
        ("tynn", "value_at_least", "likeverd", 75.0, 50.0),
        ("tynn", "antipattern_not_fired", "forprogrammert", 0.0, 75.0),
        ("tykk", "production_shared", "delivery", 2, None),
        ("tykk", "overall_at_least", None, 75.0, 65.0),
        ("tykk", "values_all_at_least", "likeverd", 75.0, 50.0),
        ("tykk", "field_at_least", "gjennomforing", 75.0, 50.0),
        ("tykk", "field_at_least", "evaluering", 75.0, 50.0),
    ]
    grid = ("LIK-DES-1", "LIK-DES-2", "LIK-GJF-1", "LIK-EVA-1", "LAE-DES-1", "LAE-GJF-1")
    assert [(c.status, c.evidence, c.answers) for c in maturity.reasons] == [
        ("met", "scores", (*grid, "LAE-EVA-1")),
        ("met", "typology", ("TYP-UTF", "TYP-LOS", "TYP-GJF")),
        ("met", "scores", ("ANT-HOR",)),
        ("met", "scores", ("ANT-KOST",)),
        ("met", "typology", ("TYP-LOS",)),
        ("met", "scores", (*grid, "LAE-EVA-1")),
        ("met", "scores", ("LIK-DES-1", "LIK-DES-2", "LIK-GJF-1", "LIK-EVA-1")),
        ("met", "scores", ("ANT-FOR",)),
        ("met", "typology", ("TYP-GJF",)),
        ("met", "scores", (*grid, "LAE-EVA-1")),
        ("met", "scores", ("LIK-DES-1", "LIK-DES-2", "LIK-GJF-1", "LIK-EVA-1")),
        ("met", "scores", ("LIK-GJF-1", "LAE-GJF-1")),
        ("met", "scores", ("LIK-EVA-1", "LAE-EVA-1")),
    ]


@pytest.mark.parametrize("typology", [(1, 2, 1), (1, 2, 3), (3, 2, 3)])
def test_tynn_when_collaboration_stops_at_design(
    instrument: Instrument, make_answers: Make, typology: tuple[int, int, int]
) -> None:
    maturity = score(instrument, make_answers(typology=typology)).maturity
    assert maturity.level == "tynn"
    assert unmet(maturity.reasons) == [("tykk", "production_shared", "delivery")]


def test_tynn_when_a_value_is_weak(instrument: Instrument, make_answers: Make) -> None:
    answers = make_answers(grid=5, LAE_DES_1=2, LAE_GJF_1=2, LAE_EVA_1=2)
    result = score(instrument, answers)
    assert result.overall.score == pytest.approx(475 / 7)  # (4 x 100 + 3 x 25) / 7 = 67.9
    assert result.maturity.level == "tynn"
    assert unmet(result.maturity.reasons) == [("tykk", "values_all_at_least", "laering")]
    [condition] = [c for c in result.maturity.reasons if not c.met]
    assert condition.observed == 25.0


def test_tynn_when_not_lasting(instrument: Instrument, make_answers: Make) -> None:
    answers = make_answers(grid=5, LIK_EVA_1=2, LAE_EVA_1=2)
    maturity = score(instrument, answers).maturity
    assert maturity.level == "tynn"
    assert unmet(maturity.reasons) == [("tykk", "field_at_least", "evaluering")]


def test_medvirkning_when_the_municipality_designed_the_solution(
    instrument: Instrument, make_answers: Make
) -> None:
    maturity = score(instrument, make_answers(typology=(1, 1, 2))).maturity
    assert maturity.level == "medvirkning"
    assert unmet(maturity.reasons) == [("tynn", "design_shared", "solution")]
    assert {c.level for c in maturity.reasons} == {"medvirkning", "tynn"}


def test_medvirkning_when_the_process_was_preprogrammed(
    instrument: Instrument, make_answers: Make
) -> None:
    answers = make_answers(ANT_FOR=agree("ANT-FOR", 5))
    maturity = score(instrument, answers).maturity
    assert maturity.level == "medvirkning"
    assert unmet(maturity.reasons) == [("tynn", "antipattern_not_fired", "forprogrammert")]


def test_ikke_samskaping_when_the_municipality_did_everything(
    instrument: Instrument, make_answers: Make
) -> None:
    maturity = score(instrument, make_answers(typology=(1, 1, 1))).maturity
    assert maturity.level == "ikke_samskaping"
    assert unmet(maturity.reasons) == [
        ("medvirkning", "not_municipality_alone", None),
        ("medvirkning", "antipattern_not_fired", "horing"),
    ]


def test_ikke_samskaping_when_scores_are_low(instrument: Instrument, make_answers: Make) -> None:
    maturity = score(instrument, make_answers(grid=2)).maturity
    assert maturity.level == "ikke_samskaping"
    assert unmet(maturity.reasons) == [("medvirkning", "overall_at_least", None)]


def test_ikke_samskaping_when_tasks_were_moved_to_save_money(
    instrument: Instrument, make_answers: Make
) -> None:
    maturity = score(instrument, make_answers(ANT_KOST=4)).maturity
    assert maturity.level == "ikke_samskaping"
    assert unmet(maturity.reasons) == [("medvirkning", "antipattern_not_fired", "kostnadsflytting")]


def test_unknown_typology_falls_back_to_field_scores(
    instrument: Instrument, make_answers: Make
) -> None:
    result = score(instrument, make_answers(typology=(9, 9, 9)))
    assert (result.reading.id, result.reading.basis) == ("tykk", "scores")
    assert result.maturity.level == "tykk"
    low_design = make_answers(typology=(9, 9, 9), LIK_DES_1=3, LIK_DES_2=3, LAE_DES_1=3)
    assert score(instrument, low_design).reading.id == "ingen"
