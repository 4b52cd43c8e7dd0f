"""The guided check's classification: hand-checked cases, rules over every combination, and
docs/guided-check.md kept equal to the code."""

from __future__ import annotations

from pathlib import Path

import pytest

from samson.knowledge.guided import Answers, Check, all_answers, classify, table_markdown

# Each of these by itself keeps a process below co-creation.
DECISIVE = {"municipality_decides", "decides_after_input", "solution_finished", "settled_all"}

DOC = Path(__file__).resolve().parents[3] / "docs" / "guided-check.md"


def test_the_documented_table_is_the_code_s_table():
    doc = DOC.read_text(encoding="utf-8")
    marker = "| problem | solution |"
    assert doc[doc.index(marker) :] == table_markdown()
    assert len(all_answers()) == 729


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (
            Answers("kommune", "ferdig", "kommune", "kommune", "engang", "alt"),
            Check(
                "informasjon",
                None,
                "municipality_delivers_alone",
                1,
                1,
                (),
                ("kl-5-12",),
                (
                    "municipality_decides",
                    "solution_finished",
                    "settled_all",
                    "problem_set",
                    "delivers_alone",
                    "one_off",
                ),
            ),
        ),
        (
            Answers("kommune", "ferdig", "etter_innspill", "kommune", "engang", "alt"),
            Check(
                "horing",
                None,
                "municipality_delivers_alone",
                1,
                1,
                ("horing", "forprogrammert"),
                ("kl-5-12",),
                (
                    "decides_after_input",
                    "solution_finished",
                    "settled_all",
                    "problem_set",
                    "delivers_alone",
                    "one_off",
                ),
            ),
        ),
        (
            Answers("kommune", "rammer", "etter_innspill", "kommune", "prosjekt", "rammer"),
            Check(
                "medvirkning",
                None,
                "municipality_delivers_alone",
                1,
                1,
                (),
                ("kl-5-12",),
                ("decides_after_input", "problem_set", "delivers_alone"),
            ),
        ),
        (
            Answers("kommune", "ferdig", "kommune", "andre", "varig", "rammer"),
            Check(
                "informasjon",
                "B",
                None,
                1,
                3,
                ("kostnadsflytting",),
                ("kl-5-12",),
                ("municipality_decides", "solution_finished", "problem_set"),
            ),
        ),
        (
            Answers("kommune", "apen", "sammen", "sammen", "prosjekt", "rammer"),
            Check("tynn", "C", None, 2, 2, (), ("kl-5-12",)),
        ),
        (
            Answers("sammen", "apen", "sammen", "sammen", "varig", "lite"),
            Check("tykk", "C", None, 2, 2, (), ("kl-5-12",)),
        ),
        (
            Answers("innbyggere", "apen", "sammen", "andre", "varig", "lite"),
            Check("tynn", "D", None, 2, 3, (), ("kl-5-12",)),
        ),
        (
            Answers("kommune", "ferdig", "sammen", "sammen", "varig", "lite", "kommuneplan"),
            Check(
                "medvirkning",
                "A",
                None,
                1,
                2,
                ("horing",),
                ("kl-5-12", "pbl-5-1", "pbl-3-3", "pbl-4-1", "pbl-11-12", "pbl-5-2"),
                ("solution_finished", "problem_set"),
            ),
        ),
        (
            Answers("kommune", "apen", "sammen", "sammen", "varig", "alt", "reguleringsplan"),
            Check(
                "medvirkning",
                "A",
                None,
                1,
                2,
                ("forprogrammert",),
                ("kl-5-12", "pbl-5-1", "pbl-3-3", "pbl-4-1-stor", "pbl-12-8", "pbl-5-2"),
                ("settled_all", "problem_set"),
            ),
        ),
    ],
)
def test_hand_checked_cases(answers: Answers, expected: Check):
    assert classify(answers) == expected


def test_rules_hold_for_every_combination():
    for answers in all_answers():
        check = classify(answers)
        co_creation = check.level in ("tynn", "tykk")
        # co-creation needs a joint decision on a solution that is still open
        assert co_creation == (
            answers.decides == "sammen"
            and answers.solution != "ferdig"
            and answers.settled != "alt"
        ), answers
        assert (check.level == "tykk") == (
            co_creation and answers.delivers == "sammen" and answers.duration == "varig"
        )
        assert (check.level == "informasjon") == (answers.decides == "kommune")
        assert (check.design == 2) == co_creation
        assert co_creation <= (check.antipatterns == ())
        assert (check.quadrant is None) == (check.quadrant_reason is not None)
        # below co-creation there is always a concrete sign, and never one for co-creation
        assert bool(check.signs) == (not co_creation), answers
        assert set(check.signs) & DECISIVE or co_creation, answers


def test_bad_answer_is_refused():
    with pytest.raises(ValueError, match="problem must be one of"):
        Answers("ordfører", "apen", "sammen", "sammen", "varig", "lite")
