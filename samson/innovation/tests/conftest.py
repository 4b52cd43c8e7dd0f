"""The package reads no app folder; its tests hand it the files SAMSON ships, as the barometer
does (`samson.barometer.shipped`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from samson.innovation.synthetic import Frame, load_frame
from samson.instrument_spec import Instrument, load_instrument_file

PACKAGE = Path(__file__).resolve().parents[2]
SHIPPED = PACKAGE / "instruments" / "shipped"
DATA = PACKAGE / "accounts" / "data"


@pytest.fixture(scope="session")
def frame() -> Frame:
    return load_frame(DATA / "kommuner-2024.csv", DATA / "fylker-2024.csv")


@pytest.fixture(scope="session")
def instruments() -> tuple[Instrument, ...]:
    return tuple(
        load_instrument_file(SHIPPED / name).spec
        for name in ("barometer-enhet.yaml", "barometer-leder.yaml")
    )
