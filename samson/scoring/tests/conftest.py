from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from samson.instrument_spec import Instrument, load_instrument_file

FIXTURE = Path(__file__).resolve().parents[2] / "instrument_spec" / "tests" / "minimal-samson.yaml"

GRID = ("LIK-DES-1", "LIK-DES-2", "LIK-GJF-1", "LIK-EVA-1", "LAE-DES-1", "LAE-GJF-1", "LAE-EVA-1")
REVERSED = {"LIK-DES-2", "ANT-FOR"}

Answers = dict[str, int | str]


@pytest.fixture(scope="session")
def instrument() -> Instrument:
    return load_instrument_file(FIXTURE).spec


def agree(item_id: str, point: int) -> int:
    """The answer that gives `item_id` the same item score as `point` on a normal item."""
    return 6 - point if item_id in REVERSED and point != 9 else point


@pytest.fixture
def make_answers() -> Callable[..., Answers]:
    """Answers with every grid item at `grid` (reverse items adjusted), no anti-pattern.

    Keyword overrides use item ids with '_' for '-': TYP_UTF=1.
    """

    def make(
        grid: int = 4, typology: tuple[int, int, int] = (1, 2, 2), **overrides: int
    ) -> Answers:
        answers: Answers = {item_id: agree(item_id, grid) for item_id in GRID}
        answers.update(zip(("TYP-UTF", "TYP-LOS", "TYP-GJF"), typology, strict=True))
        answers.update({"ANT-HOR": 1, "ANT-FOR": agree("ANT-FOR", 1), "ANT-KOST": 1})
        answers.update({key.replace("_", "-"): value for key, value in overrides.items()})
        return answers

    return make
