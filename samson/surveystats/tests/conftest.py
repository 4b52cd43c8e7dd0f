"""The R fixtures (made by tests/r/make_fixtures.R) and the designs they describe."""

from __future__ import annotations

import csv
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from samson.surveystats import Design, make_design, poststratify, rake
from samson.surveystats.design import FloatArray

FIXTURES = Path(__file__).parent / "fixtures"


def read_csv(name: str) -> list[dict[str, str]]:
    with (FIXTURES / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def r_number(text: str) -> float:
    """R's numbers as written by make_fixtures.R; NA and Inf become NaN (undefined)."""
    return math.nan if text in ("NA", "Inf", "-Inf", "NaN") else float(text)


@dataclass(frozen=True)
class Sample:
    rows: list[dict[str, str]]

    def column(self, name: str) -> list[str | None]:
        return [row[name] or None for row in self.rows]

    def numbers(self, name: str) -> FloatArray:
        return np.array([float(row[name]) if row[name] else np.nan for row in self.rows])

    @property
    def n(self) -> int:
        return len(self.rows)


@pytest.fixture(scope="session")
def sample() -> Sample:
    return Sample(read_csv("sample.csv"))


def population_margins() -> dict[str, dict[str, float]]:
    margins: dict[str, dict[str, float]] = {}
    for row in read_csv("pop_margins.csv"):
        margins.setdefault(row["variable"], {})[row["value"]] = float(row["count"])
    return margins


def build_designs(sample: Sample) -> dict[str, Design]:
    """The scenarios of make_fixtures.R, built with samson.surveystats."""
    unweighted = make_design(sample.n)
    weighted = make_design(sample.n, weights=sample.numbers("w"))
    strata_weighted = make_design(
        sample.n, weights=sample.numbers("w"), strata=sample.column("sector")
    )
    pop_size: dict[tuple[str, ...], float] = {
        (row["size"],): float(row["count"]) for row in read_csv("pop_size.csv")
    }
    pop_cross: dict[tuple[str, ...], float] = {
        (row["size"], row["landsdel"]): float(row["count"])
        for row in read_csv("pop_size_landsdel.csv")
    }
    margins = population_margins()
    rake_vars = {"unit_type": sample.column("unit_type"), "landsdel": sample.column("landsdel")}
    return {
        "unweighted": unweighted,
        "weighted": weighted,
        "strata_weighted": strata_weighted,
        "poststrat_size": poststratify(unweighted, {"size": sample.column("size")}, pop_size),
        "poststrat_size_landsdel_strata": poststratify(
            strata_weighted,
            {"size": sample.column("size"), "landsdel": sample.column("landsdel")},
            pop_cross,
        ),
        "rake_type_landsdel": rake(unweighted, rake_vars, margins, max_sweeps=100, epsilon=1e-10),
        "rake_strata_weighted_default": rake(
            strata_weighted, rake_vars, margins, max_sweeps=10, epsilon=1
        ),
    }


@pytest.fixture(scope="session")
def designs(sample: Sample) -> dict[str, Design]:
    return build_designs(sample)


@pytest.fixture(scope="session")
def r_estimates() -> list[dict[str, str]]:
    return read_csv("estimates.csv")


@pytest.fixture(scope="session")
def r_weights() -> list[dict[str, str]]:
    return read_csv("weights.csv")


Approx = Callable[[float, float], bool]
