"""The vectorised round (samson.scoring.vectorised + group_scores_from_tallies) against the
reference (score_responses per group through group_scores) on random rounds: every number the
results page shows, for the whole round, each party, the other parties, every cell, the
disagreements, the typology and the suppression."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from samson.groupscores import (
    Group,
    GroupScores,
    Respondent,
    group_scores,
    group_scores_from_tallies,
    party_order,
)
from samson.instrument_spec import Instrument, load_instrument_data, load_instrument_file
from samson.instrument_spec.yaml_source import parse_yaml
from samson.scoring import Result, Score, score_responses
from samson.scoring.vectorised import (
    BLANK,
    code_matrix,
    layout,
    matrix_from_answers,
    result_from_tally,
    score_matrix,
    tallies,
    tally,
)

HERE = Path(__file__).resolve()
MINIMAL = HERE.parents[2] / "instrument_spec" / "tests" / "minimal-samson.yaml"
SHIPPED = HERE.parents[2] / "instruments" / "shipped"


def _seven_point() -> Instrument:
    """The minimal instrument on a 7-point scale: item scores like 16.666..., which a float
    cannot hold, so the reference's running sum and the exact mean may differ in the last bit."""
    data, problems = parse_yaml(MINIMAL.read_text(encoding="utf-8"), "seven-point")
    assert not problems
    scale = data["scales"][0]
    assert scale["id"] == "agree5"
    scale["max"] = 7
    for code in (6, 7):
        scale["labels"][str(code)] = {"nb": f"P{code}", "nn": f"P{code}", "en": f"P{code}"}
    data["key"] = "test-samson-7"
    return load_instrument_data(data, source="seven-point").spec


INSTRUMENTS = {
    "minimal": load_instrument_file(MINIMAL).spec,
    "samson-kort": load_instrument_file(SHIPPED / "samson-kort.yaml").spec,
    "samson": load_instrument_file(SHIPPED / "samson.yaml").spec,
    "seven-point": _seven_point(),
}
# A failure prints its round in full; shrinking answers item by item would take minutes.
NO_SHRINK = [Phase.explicit, Phase.reuse, Phase.generate]
SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]
EXACT = {"minimal", "samson-kort", "samson"}  # 5-point scales only: bit-for-bit equal


def assert_same(reference: object, vectorised: object, exact: bool, path: str = "") -> None:
    """Walk two results field by field (every field, `basis` included): floats equal, or within
    1e-12 when `exact` is false; everything else equal."""
    if isinstance(reference, float) and isinstance(vectorised, float):
        if exact:
            assert reference == vectorised, path
        else:
            assert math.isclose(reference, vectorised, rel_tol=1e-12, abs_tol=1e-12), path
        return
    if dataclasses.is_dataclass(reference) and not isinstance(reference, type):
        assert type(reference) is type(vectorised), path
        for field in dataclasses.fields(reference):
            if field.name == "instrument":
                assert getattr(vectorised, field.name) is getattr(reference, field.name)
                continue
            assert_same(
                getattr(reference, field.name),
                getattr(vectorised, field.name),
                exact,
                f"{path}.{field.name}",
            )
        return
    if isinstance(reference, Mapping):
        assert isinstance(vectorised, Mapping), path
        assert list(reference) == list(vectorised), path
        for key in reference:
            assert_same(reference[key], vectorised[key], exact, f"{path}[{key!r}]")
        return
    if isinstance(reference, tuple | list):
        assert isinstance(vectorised, tuple | list) and len(reference) == len(vectorised), path
        for index, (a, b) in enumerate(zip(reference, vectorised, strict=True)):
            assert_same(a, b, exact, f"{path}[{index}]")
        return
    assert reference == vectorised, path


def vectorised_round(
    instrument: Instrument, respondents: Sequence[Respondent], min_size: int, parties: list[str]
) -> GroupScores:
    """What the results page does: one matrix, one tally per party, groups summed."""
    grid = layout(instrument)
    matrix = code_matrix(grid, [r.answers for r in respondents])
    # The selector's way: answers as columns, respondents by id (here 10, 20, 30, ...), plus
    # answers of a respondent not in the round, which are left out.
    flat = [
        (10 * (row + 1), item_id, value)
        for row, respondent in enumerate(respondents)
        for item_id, value in respondent.answers.items()
        if isinstance(value, int)
    ] + [(5, "LIK-DES-1", 4), (10 * len(respondents) + 5, "LIK-DES-1", 4)]
    ids, items, codes = zip(*flat, strict=True)
    respondent_ids = [10 * (row + 1) for row in range(len(respondents))]
    assert np.array_equal(matrix_from_answers(grid, respondent_ids, ids, items, codes), matrix)
    seen: dict[str, int] = {}
    for respondent in respondents:
        seen.setdefault(respondent.party, len(seen))
    group = np.array([seen[r.party] for r in respondents], dtype=np.int64)
    counted = tallies(grid, matrix, group, len(seen))
    return group_scores_from_tallies(
        grid, {party: counted[index] for party, index in seen.items()}, min_size, parties
    )


@st.composite
def rounds(
    draw: st.DrawFn, name: str | None = None
) -> tuple[str, list[Respondent], int, list[str]]:
    name = name or draw(st.sampled_from(["minimal", "samson-kort", "seven-point"]))
    instrument = INSTRUMENTS[name]
    party_count = draw(st.integers(1, 5))
    parties = [f"p{n}" for n in range(party_count)]
    # How the answers lean: a round where everyone answers alike has many ties and equal scores.
    spread = draw(st.sampled_from(["uniform", "alike", "blank"]))
    n = draw(st.integers(0, 40))
    respondents = []
    for _ in range(n):
        party = draw(st.sampled_from([*parties, "late"]))  # "late": a party not in the list
        answers: dict[str, object] = {}
        for item in instrument.items:
            if draw(st.floats(0, 1)) < (0.6 if spread == "blank" else 0.15):
                continue
            if item.type == "text":
                answers[item.id] = draw(st.text(min_size=1, max_size=5))
                continue
            codes = instrument.codes(item)
            answers[item.id] = codes[0] if spread == "alike" else draw(st.sampled_from(codes))
        respondents.append(Respondent(party, answers))
    min_size = draw(st.integers(1, 6))
    return name, respondents, min_size, parties


def check(name: str, respondents: list[Respondent], min_size: int, parties: list[str]) -> None:
    instrument = INSTRUMENTS[name]
    reference = group_scores(instrument, respondents, min_size, parties=parties)
    vectorised = vectorised_round(instrument, respondents, min_size, parties)
    exact = name in EXACT
    if exact:
        assert_same(reference, vectorised, exact)
    else:
        # Scores equal to 1e-12; choices that rest on exact ties of scores (the weakest driver,
        # the weakest cells) may differ where the reference's running sum is off in the last
        # bit and the exact mean sees the tie, so only the numbers and the groups are compared.
        assert reference.suppression == vectorised.suppression
        for ref, vec in zip(_groups(reference), _groups(vectorised), strict=True):
            assert (ref is None) == (vec is None)
            if ref is not None and vec is not None:
                assert ref.n == vec.n
                assert_same(_scores(ref.result), _scores(vec.result), exact=False)
        return
    # The page's numbers: each group's to_dict (one decimal) and the disagreements.
    for ref, vec in zip(_groups(reference), _groups(vectorised), strict=True):
        assert (ref is None) == (vec is None)
        if ref is not None and vec is not None:
            assert ref.result.to_dict("nn") == vec.result.to_dict("nn")


def _groups(scores: GroupScores) -> list[Group | None]:
    return [scores.total, scores.other, *scores.parties]


def _scores(result: Result) -> list[Score]:
    """Every Score of a result, in a fixed order."""
    return [
        result.overall,
        *(entry.score for entry in result.items),
        *(entry.score for entry in (*result.values, *result.fields)),
        *(cell.score for cell in result.cells),
        *(pattern.score for pattern in result.antipatterns),
        *(e.score for e in (*result.factors.barriers, *result.factors.drivers)),
        *(e.score for e in result.factors.challenges),
    ]


@settings(max_examples=60, deadline=None, phases=NO_SHRINK, suppress_health_check=SLOW)
@given(rounds())
def test_vectorised_round_equals_the_reference(
    case: tuple[str, list[Respondent], int, list[str]],
) -> None:
    check(*case)


@pytest.mark.slow  # the full instrument, 100 rounds of up to 40 respondents: about a minute
@settings(max_examples=100, deadline=None, phases=NO_SHRINK, suppress_health_check=SLOW)
@given(rounds("samson"))
def test_full_instrument_rounds_equal_the_reference(
    case: tuple[str, list[Respondent], int, list[str]],
) -> None:
    check(*case)


def test_a_seven_point_mean_is_the_exact_one() -> None:
    """Three answers 2, 2, 3 on a 7-point item: item scores 100/6, 100/6 and 200/6, mean
    400/18 = 22.2..., the float nearest to the exact fraction; the reference agrees to 1e-12."""
    instrument = INSTRUMENTS["seven-point"]
    answers = [{"LIK-GJF-1": 2}, {"LIK-GJF-1": 2}, {"LIK-GJF-1": 3}]
    vectorised = score_matrix(instrument, answers)
    reference = score_responses(instrument, answers)
    cell = next(c for c in vectorised.cells if (c.value, c.field) == ("likeverd", "gjennomforing"))
    assert cell.score.score == float(Decimal(400) / Decimal(18))
    assert cell.score.answered == 3
    assert math.isclose(reference.overall.score or 0, vectorised.overall.score or 0, rel_tol=1e-12)


def test_party_order_follows_first_appearance() -> None:
    instrument = INSTRUMENTS["minimal"]
    respondents = [
        Respondent(party, {"LIK-DES-1": 4}) for party in ["b", "a", "b", "c", "a", "c", "a"]
    ]
    vectorised = vectorised_round(instrument, respondents, 1, ["c"])
    assert [group.key for group in vectorised.parties] == party_order(respondents, ["c"])
    assert [group.key for group in vectorised.parties] == ["c", "b", "a"]
    assert [group.n for group in vectorised.parties] == [2, 2, 3]


def test_answers_the_instrument_cannot_have_are_left_out() -> None:
    """Nothing is validated on reading: an unknown item, a code the scale lacks, text in a
    scale item and a boolean count as unanswered (the reference refuses them when saving)."""
    instrument = INSTRUMENTS["minimal"]
    grid = layout(instrument)
    odd = {"NOPE": 3, "LIK-DES-1": 7, "LIK-DES-2": "tekst", "LIK-GJF-1": True, "LAE-DES-1": 5}
    matrix = code_matrix(grid, [odd])
    # As columns of numbers: 3 for the unknown item, 7 and 8 that agree5 lacks, then True as
    # the number 1 it is (a real code of LIK-GJF-1) and 5.
    as_columns = matrix_from_answers(grid, [7], [7] * 5, list(odd), [3, 7, 8, 1, 5])
    assert (as_columns == BLANK).sum() == len(grid.items) - 2
    column = [item.id for item in grid.items].index("LAE-DES-1")
    assert (matrix == BLANK).sum() == len(grid.items) - 1
    result = result_from_tally(grid, tally(grid, matrix))
    assert result.overall.score == 100.0
    assert result.overall.answered == 1
    assert matrix[0, column] == instrument.codes("LAE-DES-1").index(5)


def test_an_empty_round_has_no_scores_and_no_respondents() -> None:
    instrument = INSTRUMENTS["minimal"]
    grid = layout(instrument)
    result = result_from_tally(grid, tally(grid, code_matrix(grid, [])))
    assert result.respondents == 0
    assert result.overall.score is None
    assert result.maturity.level is None
    assert result == score_responses(instrument, [])


def test_tallies_of_parties_add_up_to_the_round() -> None:
    instrument = INSTRUMENTS["minimal"]
    grid = layout(instrument)
    answers = [{"LIK-DES-1": c, "TYP-UTF": t} for c, t in [(1, 1), (5, 2), (9, 9), (3, 2)]]
    matrix = code_matrix(grid, answers)
    parts = tallies(grid, matrix, np.array([0, 1, 0, 1], dtype=np.int64), 2)
    whole = tally(grid, matrix)
    assert (parts[0] + parts[1]).respondents == whole.respondents == 4
    assert np.array_equal((parts[0] + parts[1]).counts, whole.counts)
    result = result_from_tally(grid, whole)
    assert result.overall.score == pytest.approx((0 + 100 + 50) / 3)
    assert result.overall.dont_know == 1
    utf = result.typology.answers[0]
    assert (utf.code, utf.status, dict(utf.counts), utf.dont_know) == (
        2,
        "answered",
        {1: 1, 2: 2},
        1,
    )


def test_layout_refuses_another_kind() -> None:
    barometer = load_instrument_file(SHIPPED / "barometer-enhet.yaml").spec
    with pytest.raises(ValueError, match="not 'samson'"):
        layout(barometer)
