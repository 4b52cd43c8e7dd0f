"""Fixtures shared by the Django apps' tests."""

from functools import cache

import pytest

from samson.instrument_spec import Instrument, LoadedInstrument, load_instrument_file
from samson.instruments.selectors import instrument_spec, instrument_version_get
from samson.instruments.services import instrument_store, shipped_instrument_paths


@cache
def _shipped() -> tuple[LoadedInstrument, ...]:
    # Parsing and validating the YAML is the slow part; do it once per test session.
    return tuple(load_instrument_file(path) for path in shipped_instrument_paths())


@pytest.fixture
def instruments(db: None) -> None:
    """The shipped instruments, stored as `samson instrument import` stores them."""
    for loaded in _shipped():
        instrument_store(loaded=loaded)


@pytest.fixture
def kort(instruments: None) -> Instrument:
    return instrument_spec(instrument_version_get(key="samson-kort"))
