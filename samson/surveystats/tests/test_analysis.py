"""estimate_file: from a data file to the rows `samson stats estimate` prints."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from samson.surveystats import DataError, WeightingError
from samson.surveystats.analysis import EstimationRequest, estimate_file

from .conftest import FIXTURES, r_number, read_csv


def r_rows(scenario: str, var: str) -> dict[str | None, dict[str, str]]:
    return {
        row["group"].partition("=")[2] or None: row
        for row in read_csv("estimates.csv")
        if row["scenario"] == scenario
        and row["var"] == var
        and row["group"].partition("=")[0] in ("", "unit_type")
    }


@pytest.mark.parametrize(
    ("scenario", "options"),
    [
        ("poststrat_size", {"poststrat": ("size",), "population": FIXTURES / "pop_size.csv"}),
        (
            "rake_type_landsdel",
            {"rake": ("unit_type", "landsdel"), "population": FIXTURES / "pop_margins.csv"},
        ),
        ("strata_weighted", {"strata": "sector", "weight": "w"}),
    ],
)
def test_file_estimates_match_r(scenario: str, options: dict[str, Any]) -> None:
    request = EstimationRequest(
        data=FIXTURES / "sample.csv", variables=("innovative",), by="unit_type", **options
    )
    rows = estimate_file(request)
    theirs = r_rows(scenario, "innovative")
    assert [row.group for row in rows] == [
        None, "admin", "annet", "barnehage", "helse", "skole", "teknisk"
    ]  # fmt: skip
    for row in rows:
        expected = theirs[row.group]
        assert row.n == int(expected["n"])
        if row.group == "annet":  # 3 respondents: below the minimum group size of 5
            assert row.suppressed
            assert (row.estimate, row.se, row.ci_low, row.ci_high, row.deff) == (None,) * 5
            continue
        assert row.estimate is not None and row.se is not None and row.deff is not None
        assert abs(row.estimate - float(expected["estimate"])) <= 1e-9
        assert row.se == pytest.approx(float(expected["se"]), rel=1e-6)
        assert row.deff == pytest.approx(r_number(expected["deff"]), rel=1e-6)
        assert row.ci_low == pytest.approx(row.estimate - 1.959963984540054 * row.se)


def test_missing_weight_names_the_row(tmp_path: Path) -> None:
    data = tmp_path / "d.csv"
    data.write_text("y,w\n1,2\n0,\n", encoding="utf-8")
    with pytest.raises(DataError, match="^column 'w', row 3: no value; weights must be positive$"):
        estimate_file(EstimationRequest(data=data, variables=("y",), weight="w"))


def test_population_cell_without_respondents(tmp_path: Path) -> None:
    data = tmp_path / "d.csv"
    data.write_text("y,size\n1,small\n0,small\n", encoding="utf-8")
    request = EstimationRequest(
        data=data, variables=("y",), poststrat=("size",), population=FIXTURES / "pop_size.csv"
    )
    with pytest.raises(WeightingError, match="^population cell size=medium has no respondents$"):
        estimate_file(request)


def test_poststratification_needs_every_value(tmp_path: Path) -> None:
    data = tmp_path / "d.csv"
    data.write_text("y,size\n1,small\n0,\n", encoding="utf-8")
    request = EstimationRequest(
        data=data, variables=("y",), poststrat=("size",), population=FIXTURES / "pop_size.csv"
    )
    with pytest.raises(DataError, match="^column 'size', row 3: no value; every respondent"):
        estimate_file(request)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"rake": ("size",), "calibrate": ("size",), "population": FIXTURES / "pop_size.csv"},
            "choose one of post-stratification, raking and linear calibration",
        ),
        (
            {"calibrate": ("size",)},
            "post-stratification, raking and linear calibration need a population file",
        ),
        (
            {"population": FIXTURES / "pop_size.csv"},
            "a population file is only used with post-stratification, raking or linear calibration",
        ),
    ],
)
def test_one_weighting_adjustment_with_its_population(
    options: dict[str, Any], message: str
) -> None:
    request = EstimationRequest(data=FIXTURES / "sample.csv", variables=("score",), **options)
    with pytest.raises(DataError) as caught:
        estimate_file(request)
    assert str(caught.value) == message
