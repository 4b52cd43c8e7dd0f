from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from samson.instrument_spec import LoadedInstrument, load_instrument_file

FIXTURE = Path(__file__).with_name("minimal-samson.yaml")


@pytest.fixture(scope="session")
def fixture_data() -> dict[str, Any]:
    """The minimal instrument as parsed YAML (copy before changing it)."""
    data: dict[str, Any] = yaml.safe_load(FIXTURE.read_text("utf-8"))
    return data


@pytest.fixture(scope="session")
def loaded() -> LoadedInstrument:
    return load_instrument_file(FIXTURE)


@pytest.fixture
def write_variant(
    tmp_path: Path, fixture_data: dict[str, Any]
) -> Callable[[Callable[[dict[str, Any]], None]], Path]:
    """Write a changed copy of the fixture to broken.yaml and return its path."""

    def write(change: Callable[[dict[str, Any]], None]) -> Path:
        data = copy.deepcopy(fixture_data)
        change(data)
        path = tmp_path / "broken.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        return path

    return write
