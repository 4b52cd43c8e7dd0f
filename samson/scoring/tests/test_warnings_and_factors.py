"""Anti-pattern warnings, barriers, drivers and participation challenges."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from samson.instrument_spec import Instrument
from samson.scoring import score

from .conftest import agree

Make = Callable[..., dict[str, int | str]]


def test_warning_fires_at_agreement(instrument: Instrument, make_answers: Make) -> None:
    result = score(instrument, make_answers(ANT_HOR=4))
    hearing = result.antipatterns[0]
    assert (hearing.id, hearing.score.score, hearing.by_items, hearing.fired) == (
        "horing",
        75.0,
        True,
        True,
    )
    assert result.warnings == ("horing",)
    [shown] = [p for p in result.to_dict("en")["antipatterns"] if p["fired"]]
    assert (shown["fired_by"], shown["warning"]) == (["items"], "Hearing warning")


def test_warning_does_not_fire_below_agreement(instrument: Instrument, make_answers: Make) -> None:
    result = score(instrument, make_answers(ANT_HOR=3, ANT_FOR=agree("ANT-FOR", 3)))
    assert [(p.id, p.score.score, p.fired) for p in result.antipatterns] == [
        ("horing", 50.0, False),
        ("forprogrammert", 50.0, False),
        ("kostnadsflytting", 0.0, False),
    ]
    assert result.warnings == ()
    assert all(p["warning"] is None for p in result.to_dict()["antipatterns"])


def test_reversed_antipattern_item(instrument: Instrument, make_answers: Make) -> None:
    # ANT-FOR says "we could change the process": disagreeing is agreeing with the pattern.
    result = score(instrument, make_answers(ANT_FOR=1))
    assert result.antipatterns[1].score.score == 100.0
    assert result.warnings == ("forprogrammert",)


def test_dont_know_never_fires(instrument: Instrument, make_answers: Make) -> None:
    result = score(instrument, make_answers(ANT_HOR=9))
    assert (result.antipatterns[0].score.score, result.antipatterns[0].fired) == (None, False)


def test_typology_signals_nearly_finished_solution_for_hearing(
    instrument: Instrument, make_answers: Make
) -> None:
    result = score(instrument, make_answers(typology=(1, 1, 1)))
    hearing = result.antipatterns[0]
    assert (hearing.by_items, hearing.by_typology, hearing.fired) == (False, True, True)
    assert result.to_dict()["antipatterns"][0]["fired_by"] == ["typology"]
    # Citizens defining the challenge is not the hearing pattern, even if the municipality
    # designs and delivers.
    assert score(instrument, make_answers(typology=(3, 1, 1))).warnings == ()


def test_barriers_drivers_and_challenges(instrument: Instrument, make_answers: Make) -> None:
    answers = make_answers(BAR_FOR=4, BAR_ROL=4, DRV_APN=3, DRV_LED=2, MED_REP=5, MED_TRETT=9)
    factors = score(instrument, answers).factors
    assert [(b.id, b.score.score) for b in factors.barriers] == [
        ("forstaelse", 75.0),
        ("roller", 75.0),
    ]
    assert factors.strongest_barrier == "forstaelse"  # tie: first in file order
    assert [(d.id, d.score.score) for d in factors.drivers] == [
        ("apenhet", 50.0),
        ("ledelse", 25.0),
    ]
    assert factors.strongest_driver is None  # 50 is not above the midpoint
    assert factors.weakest_driver == "ledelse"
    assert [(c.id, c.score.score) for c in factors.challenges] == [
        ("representativitet", 100.0),
        ("tretthet", None),
    ]
    assert factors.main_challenge == "representativitet"


def test_no_factor_answers(instrument: Instrument, make_answers: Make) -> None:
    factors = score(instrument, make_answers()).factors
    assert (factors.strongest_barrier, factors.weakest_driver, factors.main_challenge) == (
        None,
        None,
        None,
    )


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        (
            "nb",
            "Varselet «Høring» er utløst: kommunen definerte utfordringen, utformet løsningen og "
            "gjennomfører den alene (svar på «Utfordringen»: Kommunen; «Løsningen»: Kommunen; "
            "«Gjennomføringen»: Kommunen).",
        ),
        (
            "nn",
            "Varselet «Høyring» er utløyst: kommunen definerte utfordringa, utforma løysinga og "
            "gjennomfører henne åleine (svar på «Utfordringa»: Kommunen; «Løysinga»: Kommunen; "
            "«Gjennomføringa»: Kommunen).",
        ),
        (
            "en",
            "The warning \u201cHearing\u201d has fired: the municipality defined the challenge, "
            "designed the solution and carries it out on its own (answer to \u201cThe "
            "challenge\u201d: The municipality; \u201cThe solution\u201d: The municipality; "
            "\u201cDelivery\u201d: The municipality).",
        ),
    ],
)
def test_a_warning_fired_by_the_typology_is_named_by_its_label(
    instrument: Instrument, make_answers: Make, lang: str, text: str
) -> None:
    # No anti-pattern item answered (as in the short instrument, which asks none): only the
    # typology fires the hearing warning, and the maturity condition names it in `lang`.
    answers = make_answers(typology=(1, 1, 1))
    for item_id in ("ANT-HOR", "ANT-FOR", "ANT-KOST"):
        del answers[item_id]
    reasons = score(instrument, answers).to_dict(lang)["maturity"]["reasons"]
    (condition,) = [
        reason
        for reason in reasons
        if reason["id"] == "antipattern_not_fired" and reason["evidence"] == "typology"
    ]
    assert (condition["subject"], condition["status"]) == ("horing", "not_met")
    assert condition["text"] == text
