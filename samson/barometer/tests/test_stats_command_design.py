"""`samson stats estimate` with clusters, fpc, intervals for shares, contrasts and tests,
end to end against R (fixtures from samson/surveystats/tests/r/make_cluster_fixtures.R)."""

from __future__ import annotations

import json
import math
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from samson.surveystats.tests.conftest import read_csv

FIXTURES = Path(__file__).parents[2] / "surveystats" / "tests" / "fixtures"
SAMPLE = str(FIXTURES / "cluster_sample.csv")
# R: svydesign(ids = ~kommune, strata = ~region, weights = ~w, fpc = ~N, nest = TRUE)
FPC_DESIGN = ("--strata", "region", "--cluster", "kommune", "--fpc", "N", "--weight-col", "w")


def run(*args: str) -> list[dict[str, Any]]:
    out = StringIO()
    call_command("stats", "estimate", "--data", SAMPLE, *args, "--json", stdout=out)
    rows: list[dict[str, Any]] = json.loads(out.getvalue())
    return rows


def r_rows(name: str, scenario: str) -> list[dict[str, str]]:
    return [row for row in read_csv(name) if row["scenario"] == scenario]


def number(value: object) -> float:
    assert isinstance(value, int | float)
    return float(value)


def close(ours: object, theirs: str, rel: float = 1e-6) -> bool:
    return math.isclose(number(ours), float(theirs), rel_tol=rel, abs_tol=1e-15)


@pytest.mark.parametrize(
    ("scenario", "args"),
    [
        ("cluster", ("--cluster", "kommunenr")),
        ("cluster_strata_fpc", FPC_DESIGN),
        ("cluster_strata_fpc_unweighted", ("--strata", "region", "--cluster", "kommune",
                                           "--fpc", "N")),
        ("strata_fpc", ("--strata", "region", "--fpc", "N_units", "--weight-col", "w")),
        ("cluster_fpc_poststrat", (*FPC_DESIGN, "--poststrat", "size", "--population",
                                   str(FIXTURES / "cluster_pop_size.csv"))),
        ("cluster_rake", ("--strata", "region", "--cluster", "kommune", "--weight-col", "w",
                          "--rake", "size,sektor", "--population",
                          str(FIXTURES / "cluster_pop_margins.csv"))),
    ],
)  # fmt: skip
def test_estimates_and_default_logit_intervals_match_r(
    scenario: str, args: tuple[str, ...]
) -> None:
    rows = run("--var", "innovative", "--var", "score", "--by", "sektor", *args)
    assert [(row["var"], row["group"]) for row in rows] == [
        (var, group)
        for var in ("innovative", "score")
        for group in (None, "Helse", "Kultur", "Oppvekst", "Teknisk")
    ]
    estimates = {
        (row["var"], row["group"].partition("=")[2] or None): row
        for row in r_rows("cluster_estimates.csv", scenario)
    }
    logit = {
        row["group"].partition("=")[2] or None: row
        for row in r_rows("cluster_ciprop.csv", scenario)
        if row["var"] == "innovative" and row["method"] == "logit"
    }
    for row in rows:
        expected = estimates[(row["var"], row["group"])]
        assert row["kind"] == "estimate"
        assert abs(number(row["estimate"]) - float(expected["estimate"])) <= 1e-9
        assert close(row["se"], expected["se"])
        assert row["n"] == int(expected["n"])
        assert row["df"] == int(expected["df"])
        if row["var"] == "innovative":  # a share: R's svyciprop(method = "logit")
            assert row["ci_method"] == "logit"
            assert close(row["ci_low"], logit[row["group"]]["ci_low"])
            assert close(row["ci_high"], logit[row["group"]]["ci_high"])
        else:  # a mean of a 1-6 score: the normal interval, as before
            assert row["ci_method"] == "wald"
            assert row["ci_low"] == pytest.approx(
                number(row["estimate"]) - 1.959963984540054 * number(row["se"]), rel=1e-12
            )


@pytest.mark.parametrize(("option", "method"), [("beta", "beta"), ("wald-t", "mean")])
def test_beta_and_t_intervals_match_svyciprop(option: str, method: str) -> None:
    rows = run("--var", "rare", "--by", "sektor", *FPC_DESIGN, "--ci-method", option)
    theirs = {
        row["group"].partition("=")[2] or None: row
        for row in r_rows("cluster_ciprop.csv", "cluster_strata_fpc")
        if row["var"] == "rare" and row["method"] == method
    }
    assert len(rows) == len(theirs) == 5
    for row in rows:
        assert row["ci_method"] == option
        assert close(row["ci_low"], theirs[row["group"]]["ci_low"])
        assert close(row["ci_high"], theirs[row["group"]]["ci_high"])


def test_wald_intervals_are_as_before_and_can_leave_zero_to_one() -> None:
    args = ("--var", "rare", "--by", "sektor", "--cluster", "kommunenr")
    wald = next(row for row in run(*args, "--ci-method", "wald") if row["group"] == "Teknisk")
    assert wald["ci_method"] == "wald"
    assert wald["ci_low"] == pytest.approx(
        number(wald["estimate"]) - 1.959963984540054 * number(wald["se"]), rel=1e-12
    )
    # 4 of 51 units: the t interval on 32 degrees of freedom goes below 0 (as R's
    # svyciprop(method = "mean")); the default logit interval does not.
    wald_t = next(row for row in run(*args, "--ci-method", "wald-t") if row["group"] == "Teknisk")
    assert (wald_t["n"], wald_t["df"]) == (51, 32)
    assert number(wald_t["ci_low"]) == pytest.approx(-5.8793987818842042e-05, rel=1e-6)
    logit = next(row for row in run(*args) if row["group"] == "Teknisk")
    assert number(logit["ci_low"]) == pytest.approx(0.027928734671482477, rel=1e-6)


def test_contrasts_match_svycontrast() -> None:
    contrast_args = ("--contrast", "sektor:Kultur,Helse", "--contrast", "sektor:Oppvekst,Teknisk")
    rows = run("--var", "innovative", "--var", "score", *FPC_DESIGN, *contrast_args)
    contrasts = [row for row in rows if row["kind"] == "contrast"]
    assert [(row["var"], row["first"], row["second"]) for row in contrasts] == [
        ("innovative", "Kultur", "Helse"),
        ("score", "Kultur", "Helse"),
        ("innovative", "Oppvekst", "Teknisk"),
        ("score", "Oppvekst", "Teknisk"),
    ]
    theirs = {
        (row["var"], row["first"], row["second"]): row
        for row in r_rows("cluster_contrasts.csv", "cluster_strata_fpc")
    }
    for row in contrasts:
        expected = theirs[(row["var"], row["first"], row["second"])]
        assert set(row) == {
            "kind", "var", "by", "first", "second", "estimate", "se", "ci_low", "ci_high",
            "p_value", "n_first", "n_second", "suppressed",
        }  # fmt: skip
        assert abs(number(row["estimate"]) - float(expected["estimate"])) <= 1e-9
        for field in ("se", "ci_low", "ci_high", "p_value"):
            assert close(row[field], expected[field]), field


def test_contrast_of_every_pair_in_sorted_order() -> None:
    rows = run("--var", "innovative", *FPC_DESIGN, "--contrast", "sektor")
    pairs = [(row["first"], row["second"]) for row in rows if row["kind"] == "contrast"]
    assert pairs == [
        ("Helse", "Kultur"), ("Helse", "Oppvekst"), ("Helse", "Teknisk"),
        ("Kultur", "Oppvekst"), ("Kultur", "Teknisk"), ("Oppvekst", "Teknisk"),
    ]  # fmt: skip
    helse_kultur = next(row for row in rows if row.get("first") == "Helse")
    theirs = next(
        row
        for row in r_rows("cluster_contrasts.csv", "cluster_strata_fpc")
        if (row["var"], row["first"], row["second"]) == ("innovative", "Kultur", "Helse")
    )
    assert abs(number(helse_kultur["estimate"]) + float(theirs["estimate"])) <= 1e-9
    assert close(helse_kultur["se"], theirs["se"])


def test_rao_scott_tests_match_svychisq() -> None:
    rows = run("--var", "innovative", "--var", "rare", *FPC_DESIGN, "--test", "sektor")
    tests = [row for row in rows if row["kind"] == "test"]
    theirs = {row["var"]: row for row in r_rows("cluster_chisq.csv", "cluster_strata_fpc")}
    assert [row["var"] for row in tests] == ["innovative", "rare"]
    for row in tests:
        assert (row["by"], row["statistic"]) == ("sektor", "F")
        for field in ("f", "ndf", "ddf", "p_value", "chisq"):
            assert close(row[field], theirs[str(row["var"])][field]), field


def test_small_groups_suppress_the_contrast(tmp_path: Path) -> None:
    data = tmp_path / "d.csv"
    data.write_text(
        "y,g\n" + "".join(f"{i % 2},{'a' if i < 10 else 'b'}\n" for i in range(13)),
        encoding="utf-8",
    )
    out = StringIO()
    call_command("stats", "estimate", "--data", str(data), "--var", "y", "--contrast", "g:a,b",
                 "--json", stdout=out)  # fmt: skip
    row = json.loads(out.getvalue())[-1]
    assert (row["kind"], row["n_first"], row["n_second"], row["suppressed"]) == (
        "contrast", 10, 3, True
    )  # fmt: skip
    assert (row["estimate"], row["se"], row["p_value"]) == (None, None, None)


def test_table_output_lists_contrasts_and_tests() -> None:
    out = StringIO()
    call_command("stats", "estimate", "--data", SAMPLE, "--var", "innovative", *FPC_DESIGN,
                 "--contrast", "sektor:Kultur,Helse", "--test", "sektor", stdout=out)  # fmt: skip
    blocks = out.getvalue().split("\n\n")
    assert len(blocks) == 3
    assert blocks[1].splitlines()[0].split() == [
        "var", "by", "contrast", "difference", "se", "ci_low", "ci_high", "p", "n"
    ]  # fmt: skip
    assert blocks[1].splitlines()[1].startswith("innovative  sektor  Kultur - Helse  0.0783")
    assert blocks[2].splitlines()[0].split() == ["var", "by", "F", "ndf", "ddf", "p", "n"]


def write(tmp_path: Path, text: str) -> str:
    data = tmp_path / "d.csv"
    data.write_text(text, encoding="utf-8")
    return str(data)


@pytest.mark.parametrize(
    ("text", "args", "message"),
    [
        (
            "y,s,c,N\n1,a,1,10\n0,a,2,\n",
            ("--strata", "s", "--cluster", "c", "--fpc", "N"),
            "column 'N', row 3: no value; the finite population correction needs the "
            "population count of primary units in each respondent's stratum",
        ),
        (
            "y,s,c,N\n1,a,1,10\n0,a,2,12\n",
            ("--strata", "s", "--cluster", "c", "--fpc", "N"),
            "the population count (fpc) differs within stratum a: 10 and 12",
        ),
        (
            "y,s,c,N\n1,a,1,2\n0,a,2,2\n1,a,3,2\n",
            ("--strata", "s", "--cluster", "c", "--fpc", "N"),
            "the population count (fpc) 2 in stratum a is smaller than the 3 primary units "
            "sampled there (give counts, not sampling fractions)",
        ),
        (
            "y,s,c\n1,a,1\n0,a,1\n1,b,1\n0,b,2\n",
            ("--strata", "s", "--cluster", "c"),
            "stratum a has only one primary unit (cluster); a variance needs two or more",
        ),
        (
            "y,s,c\n1,a,1\n0,a,\n",
            ("--cluster", "c"),
            "column 'c', row 3: no value; every respondent needs one for clustering",
        ),
        (
            "y,g\n1,a\n0,b\n",
            ("--contrast", "g:a,c"),
            "contrast of y by g: group c does not occur (groups: a, b)",
        ),
        (
            "y,g\n1,a\n1,b\n",
            ("--test", "g"),
            "test of y by g: a test of association needs at least two values of each variable",
        ),
        (
            "y,g\n1,a\n1,b\n",
            ("--contrast", ":a,b"),
            "Error: argument --contrast: ':a,b': name a column; use BY:A,B",
        ),
    ],
)
def test_bad_design_input_is_a_command_error(
    tmp_path: Path, text: str, args: tuple[str, ...], message: str
) -> None:
    with pytest.raises(CommandError) as caught:
        call_command("stats", "estimate", "--data", write(tmp_path, text), "--var", "y", *args)
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(
    ("scenario", "args"),
    [
        ("cluster_linear", ("--strata", "region", "--cluster", "kommune", "--weight-col", "w",
                            "--calibrate", "size,sektor", "--population",
                            str(FIXTURES / "cluster_pop_margins.csv"))),
        ("cluster_fpc_linear_negative", (*FPC_DESIGN, "--calibrate", "size,sektor",
                                         "--population",
                                         str(FIXTURES / "linear_pop_margins.csv"))),
    ],
)  # fmt: skip
def test_linear_calibration_matches_r(scenario: str, args: tuple[str, ...]) -> None:
    # R: calibrate(design, ~size + sektor, population = totals, calfun = "linear")
    # (make_linear_fixtures.R); the second scenario's weights are partly negative.
    rows = run("--var", "innovative", "--var", "score", "--by", "sektor", *args,
               "--ci-method", "wald", "--contrast", "sektor:Kultur,Helse")  # fmt: skip
    estimates = {
        (row["var"], row["group"].partition("=")[2] or None): row
        for row in r_rows("linear_estimates.csv", scenario)
    }
    checked = [row for row in rows if row["kind"] == "estimate"]
    assert len(checked) == 10
    assert set(checked[0]) == {
        "var", "group", "estimate", "se", "ci_low", "ci_high", "n", "weighted_n", "deff",
        "effective_n", "suppressed", "kind", "df", "ci_method",
    }  # fmt: skip
    for row in checked:
        expected = estimates[(row["var"], row["group"])]
        assert abs(number(row["estimate"]) - float(expected["estimate"])) <= 1e-9
        assert close(row["se"], expected["se"])
        assert close(row["deff"], expected["deff"])
        assert close(row["weighted_n"], expected["weighted_n"], rel=1e-9)
        assert (row["n"], row["df"]) == (int(expected["n"]), int(expected["df"]))
    theirs = {
        (row["var"], row["first"], row["second"]): row
        for row in r_rows("linear_contrasts.csv", scenario)
    }
    contrasts = [row for row in rows if row["kind"] == "contrast"]
    assert len(contrasts) == 2
    for row in contrasts:
        expected = theirs[(row["var"], row["first"], row["second"])]
        assert abs(number(row["estimate"]) - float(expected["estimate"])) <= 1e-9
        for field in ("se", "p_value"):
            assert close(row[field], expected[field]), field


def test_only_one_weighting_adjustment() -> None:
    margins = str(FIXTURES / "cluster_pop_margins.csv")
    with pytest.raises(CommandError) as caught:
        call_command("stats", "estimate", "--data", SAMPLE, "--var", "score", "--rake", "size",
                     "--calibrate", "sektor", "--population", margins)  # fmt: skip
    assert "not allowed with argument --rake" in str(caught.value)
