"""Quadrants A-D and the 3x3 design x production matrix (seed: Hulgård 2016; the seed's matrix)."""

from __future__ import annotations

from collections.abc import Callable
from itertools import product

import pytest

from samson.instrument_spec import Instrument
from samson.scoring import quadrant_for, score, score_responses

# Every combination of (challenge, solution, delivery); 1 municipality, 2 together, 3 citizens.
EXPECTED: dict[tuple[int, int, int], tuple[str | None, str | None]] = {}
for c, s, d in product((1, 2, 3), repeat=3):
    if d == 1:
        expected: tuple[str | None, str | None] = (None, "municipality_delivers_alone")
    elif c == 1 and s == 1:
        expected = ("A", None) if d == 2 else ("B", None)
    elif c in (1, 2) and s in (2, 3):
        expected = ("C", None)
    elif c == 2:
        expected = (None, "shared_challenge_municipality_solution")
    elif s == 1:
        expected = (None, "citizens_challenge_municipality_solution")
    elif d == 3:
        expected = ("D", None)
    else:
        expected = (None, "citizens_challenge_shared_delivery")
    EXPECTED[c, s, d] = expected


def test_mapping_table_is_total_and_as_documented() -> None:
    assert len(EXPECTED) == 27
    for combination, expected in EXPECTED.items():
        assert quadrant_for(*combination) == expected, combination
    # The seed's own definitions, spelled out:
    assert quadrant_for(1, 1, 2) == ("A", None)  # styrt: citizens help carry out
    assert quadrant_for(1, 1, 3) == ("B", None)  # ansvarliggjørende: citizens central
    assert quadrant_for(1, 2, 3) == ("C", None)  # likeverdig: solution and delivery open
    assert quadrant_for(3, 3, 3) == ("D", None)  # fasiliterende: citizens define and deliver
    assert quadrant_for(None, 1, 2) == (None, "typology_incomplete")


@pytest.mark.parametrize(
    ("typology", "quadrant", "label"),
    [
        ((1, 1, 2), "A", "Styrt samskaping"),
        ((1, 1, 3), "B", "Ansvarliggjørende samskaping"),
        ((1, 2, 2), "C", "Likeverdig samskaping"),
        ((3, 2, 3), "D", "Fasiliterende samskaping"),
    ],
)
def test_every_quadrant(
    instrument: Instrument,
    make_answers: Callable[..., dict[str, int | str]],
    typology: tuple[int, int, int],
    quadrant: str,
    label: str,
) -> None:
    result = score(instrument, make_answers(typology=typology))
    assert (result.typology.quadrant, result.typology.quadrant_reason) == (quadrant, None)
    assert result.to_dict("nb")["typology"]["quadrant"]["label"] == label


@pytest.mark.parametrize(
    ("design", "production", "name"),
    [
        (1, 1, "Vi fikser det!"),
        (2, 1, "Tynn samskaping"),
        (3, 1, "Slik vi bygget velferdssamfunnet"),
        (1, 2, "Vi må ha litt assistanse her!"),
        (2, 2, "CO-PRODUCTION (tykk samskaping)"),
        (3, 2, "Sivilsamfunnet viser fram behovene"),
        (1, 3, "Vi lyser det ut!"),
        (2, 3, "Tynn samskaping (sivilsamfunnet leverer)"),
        (3, 3, "Renskåren frivillighet / autonom SE"),
    ],
)
def test_every_matrix_cell(
    instrument: Instrument,
    make_answers: Callable[..., dict[str, int | str]],
    design: int,
    production: int,
    name: str,
) -> None:
    result = score(instrument, make_answers(typology=(2, design, production)))
    assert (result.typology.design, result.typology.production) == (design, production)
    matrix = result.to_dict("nb")["typology"]["matrix"]
    assert (matrix["design"], matrix["production"], matrix["name"]) == (design, production, name)


def test_dont_know_gives_no_placement(
    instrument: Instrument, make_answers: Callable[..., dict[str, int | str]]
) -> None:
    typology = score(instrument, make_answers(typology=(1, 9, 2))).typology
    assert typology.quadrant is None and typology.quadrant_reason == "typology_incomplete"
    assert typology.design is None and typology.matrix_reason == "typology_incomplete"
    assert [a.status for a in typology.answers] == ["answered", "dont_know", "answered"]


def test_group_without_a_majority_is_not_placed(instrument: Instrument) -> None:
    typology = score_responses(
        instrument,
        [
            {"TYP-UTF": 1, "TYP-LOS": 1, "TYP-GJF": 2},
            {"TYP-UTF": 1, "TYP-LOS": 2, "TYP-GJF": 2},
            {"TYP-UTF": 3, "TYP-LOS": 9},
        ],
    ).typology
    challenge, solution, delivery = typology.answers
    assert (challenge.code, challenge.status, dict(challenge.counts)) == (
        1,
        "answered",
        {1: 2, 3: 1},
    )
    assert (solution.code, solution.status, dict(solution.counts)) == (
        None,
        "no_majority",
        {1: 1, 2: 1},
    )
    assert solution.dont_know == 1
    assert delivery.code == 2
    assert typology.quadrant_reason == "typology_incomplete"
