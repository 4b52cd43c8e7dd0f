from __future__ import annotations

from pathlib import Path

import pytest

from samson.instrument_spec import Instrument, load_instrument_file

FIXTURE = Path(__file__).resolve().parents[2] / "instrument_spec" / "tests" / "minimal-samson.yaml"

# The minimal instrument's grid: 2 values x 3 fields; LIK-DES-2 is reverse-scored.
GRID = ("LIK-DES-1", "LIK-DES-2", "LIK-GJF-1", "LIK-EVA-1", "LAE-DES-1", "LAE-GJF-1", "LAE-EVA-1")


@pytest.fixture(scope="session")
def instrument() -> Instrument:
    return load_instrument_file(FIXTURE).spec


def answers(typology: tuple[int, int, int] = (1, 2, 2), **grid: int) -> dict[str, object]:
    """Every grid item at code 4 (score 75) unless given: LIK_DES_1=2. Codes, not scores."""
    out: dict[str, object] = {item: 4 for item in GRID}
    out["LIK-DES-2"] = 2  # reversed: code 2 scores 75 too
    out.update(zip(("TYP-UTF", "TYP-LOS", "TYP-GJF"), typology, strict=True))
    out.update({key.replace("_", "-"): code for key, code in grid.items()})
    return out
