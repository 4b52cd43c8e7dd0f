"""`samson stats estimate`: JSON out, CommandError with a clear message on bad input."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import openpyxl
import pandas as pd
import pyreadstat
import pytest
from django.core.management import CommandError, call_command

FIXTURES = Path(__file__).parents[2] / "surveystats" / "tests" / "fixtures"
SAMPLE = str(FIXTURES / "sample.csv")


def run(*args: str) -> str:
    out = StringIO()
    call_command("stats", "estimate", *args, stdout=out)
    return out.getvalue()


def r_row(scenario: str, var: str, group: str) -> dict[str, str]:
    frame = pd.read_csv(FIXTURES / "estimates.csv", dtype=str, keep_default_na=False)
    rows = frame[(frame.scenario == scenario) & (frame["var"] == var) & (frame.group == group)]
    assert len(rows) == 1
    return dict(rows.iloc[0])


def test_poststratified_json_matches_r() -> None:
    population = str(FIXTURES / "pop_size.csv")
    rows = json.loads(
        run("--data", SAMPLE, "--var", "score", "--by", "landsdel", "--poststrat", "size",
            "--population", population, "--json")
    )  # fmt: skip
    assert [row["group"] for row in rows] == [None, "midt", "nord", "ost", "sor", "vest"]
    assert list(rows[0]) == [
        "var", "group", "estimate", "se", "ci_low", "ci_high", "n", "weighted_n", "deff",
        "effective_n", "suppressed",  # the fields from before clusters, then the new ones:
        "kind", "df", "ci_method",
    ]  # fmt: skip
    assert (rows[0]["kind"], rows[0]["df"], rows[0]["ci_method"]) == ("estimate", 239, "wald")
    for row in rows:
        expected = r_row(
            "poststrat_size", "score", f"landsdel={row['group']}" if row["group"] else ""
        )
        assert row["n"] == int(expected["n"])
        assert row["estimate"] == pytest.approx(float(expected["estimate"]), abs=1e-9)
        assert row["se"] == pytest.approx(float(expected["se"]), rel=1e-6)
        assert row["deff"] == pytest.approx(float(expected["deff"]), rel=1e-6)
        assert row["suppressed"] is False


def test_raked_with_strata_and_base_weights_and_suppression() -> None:
    rows = json.loads(
        run("--data", SAMPLE, "--var", "innovative", "--var", "score", "--by", "unit_type",
            "--strata", "sector", "--weight-col", "w", "--rake", "unit_type,landsdel",
            "--population", str(FIXTURES / "pop_margins.csv"), "--json")
    )  # fmt: skip
    assert len(rows) == 14
    annet = [row for row in rows if row["group"] == "annet"]
    assert [(row["var"], row["n"], row["suppressed"], row["estimate"]) for row in annet] == [
        ("innovative", 3, True, None),
        ("score", 3, True, None),
    ]
    assert sum(row["weighted_n"] for row in rows[1:7]) == pytest.approx(rows[0]["weighted_n"])


def test_table_output_without_json() -> None:
    text = run("--data", SAMPLE, "--var", "innovative", "--weight-col", "w")
    assert text.splitlines()[0].split() == [
        "var", "group", "estimate", "se", "ci_low", "ci_high", "n", "weighted_n", "deff"
    ]  # fmt: skip
    assert text.splitlines()[1].startswith("innovative  (all)")


def test_xlsx_and_sav_give_the_same_numbers_as_csv(tmp_path: Path) -> None:
    frame = pd.read_csv(SAMPLE)[["score", "size", "w"]]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(frame.columns))
    for record in frame.itertuples(index=False):
        sheet.append([None if pd.isna(value) else value for value in record])
    workbook.save(tmp_path / "sample.xlsx")
    pyreadstat.write_sav(frame, str(tmp_path / "sample.sav"))
    args = ("--var", "score", "--by", "size", "--weight-col", "w", "--json")
    expected = run("--data", SAMPLE, *args)
    assert run("--data", str(tmp_path / "sample.xlsx"), *args) == expected
    assert run("--data", str(tmp_path / "sample.sav"), *args) == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--var", "nope"), "column 'nope' is not in sample.csv (columns: id, sector, "),
        (("--var", "unit_type"), "column 'unit_type', row 2: 'teknisk' is not a number"),
        (
            ("--var", "score", "--poststrat", "size"),
            "post-stratification, raking and linear calibration need a population file",
        ),
        (
            ("--var", "score", "--poststrat", "landsdel", "--population",
             str(FIXTURES / "pop_size.csv")),
            "column 'landsdel' is not in pop_size.csv (columns: size, count)",
        ),
        (
            ("--var", "score", "--rake", "unit_type", "--population",
             str(FIXTURES / "pop_size.csv")),
            "pop_size.csv: expected columns variable, value, count",
        ),
    ],
)  # fmt: skip
def test_bad_input_is_a_command_error(args: tuple[str, ...], message: str) -> None:
    with pytest.raises(CommandError) as caught:
        run("--data", SAMPLE, *args)
    assert str(caught.value).startswith(message)


def test_population_cell_without_respondents(tmp_path: Path) -> None:
    population = tmp_path / "population.csv"
    population.write_text("size,count\nsmall,10\nmedium,10\nlarge,10\nhuge,3\n", encoding="utf-8")
    with pytest.raises(CommandError, match="^population cell size=huge has no respondents$"):
        run(
            "--data",
            SAMPLE,
            "--var",
            "score",
            "--poststrat",
            "size",
            "--population",
            str(population),
        )


def test_raking_that_does_not_converge(tmp_path: Path) -> None:
    data = tmp_path / "d.csv"
    data.write_text("y,a,b\n1,a1,b1\n0,a1,b1\n1,a2,b2\n0,a2,b2\n", encoding="utf-8")
    margins = tmp_path / "margins.csv"
    margins.write_text(
        "variable,value,count\na,a1,30\na,a2,70\nb,b1,50\nb,b2,50\n", encoding="utf-8"
    )
    with pytest.raises(CommandError, match="^raking cannot meet the margin of a"):
        call_command("stats", "estimate", "--data", str(data), "--var", "y", "--rake", "a,b",
                     "--population", str(margins))  # fmt: skip
