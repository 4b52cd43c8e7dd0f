"""The whole builder: pooled profiles for the total, shown parties and the other parties."""

import pytest

from samson.groupscores import Respondent, group_scores
from samson.instrument_spec import Instrument

from .conftest import answers


def test_everything_shown(instrument: Instrument) -> None:
    respondents = [Respondent("k", answers()) for _ in range(5)]
    respondents += [Respondent("i", answers(LIK_DES_1=1)) for _ in range(5)]
    scores = group_scores(instrument, respondents, 5, parties=["k", "i", "f"])
    assert scores.total is not None and scores.total.n == 10
    assert [(g.key, g.n) for g in scores.parties] == [("k", 5), ("i", 5)]
    assert scores.other is None
    assert scores.suppression.status("f") == "none"
    # LIK-DES-1 scores 75 for k and 0 for i; the cell pools it with LIK-DES-2 (75).
    cell = next(s for s in scores.disagreements if s.kind == "cell")
    assert (cell.value, cell.field, cell.scores, cell.level) == (
        "likeverd",
        "design",
        {"k": 75.0, "i": 37.5},
        "large",
    )
    assert scores.total.result.overall.score == pytest.approx(
        65 * 75 / 70
    )  # 70 answers, five of them 0


def test_a_small_party_is_never_scored_alone(instrument: Instrument) -> None:
    respondents = [Respondent("k", answers()) for _ in range(6)]
    respondents += [Respondent("i", answers()) for _ in range(5)]
    respondents += [Respondent("f", answers(LIK_DES_1=1)) for _ in range(2)]
    scores = group_scores(instrument, respondents, 5, parties=["k", "i", "f"])
    assert [g.key for g in scores.parties] == ["k"]
    assert scores.suppression.merged == ("i",) and scores.suppression.too_few == ("f",)
    assert scores.other is not None and scores.other.n == 7
    assert scores.party("f") is None and scores.party("i") is None
    # One shown party: nothing to disagree about, and the typology is k's alone.
    assert scores.disagreements == ()
    assert [list(q.parties) for q in scores.typology] == [["k"], ["k"], ["k"]]


def test_nothing_under_the_minimum(instrument: Instrument) -> None:
    scores = group_scores(instrument, [Respondent("k", answers())] * 4, 5)
    assert (scores.total, scores.parties, scores.other) == (None, (), None)
    assert scores.suppression.too_few == ("k",)
