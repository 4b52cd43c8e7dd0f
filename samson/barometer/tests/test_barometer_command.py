from io import StringIO
from pathlib import Path

import pyreadstat
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from samson.barometer.shipped import codebook

REPO = Path(__file__).resolve().parents[3]


def _run(*args: str) -> list[str]:
    out = StringIO()
    call_command("barometer", *args, stdout=out)
    return out.getvalue().splitlines()


def test_synthetic_writes_data_population_readme_and_codebook(tmp_path: Path) -> None:
    lines = _run("synthetic", "--n", "300", "--seed", "5", "--out", str(tmp_path / "syn.csv"))
    assert lines == [
        str(tmp_path / "syn.csv"),
        str(tmp_path / "syn-population.csv"),
        str(tmp_path / "syn.README.txt"),
        str(tmp_path / "syn.codebook.md"),
        "300 SYNTHETIC respondents (seed 5)",
    ]
    assert len((tmp_path / "syn.csv").read_text("utf-8").splitlines()) == 301
    assert (tmp_path / "syn.codebook.md").read_text("utf-8") == codebook()


def test_synthetic_sav_has_variable_and_value_labels(tmp_path: Path) -> None:
    _run("synthetic", "--n", "300", "--seed", "5", "--out", str(tmp_path / "syn.sav"))
    frame, meta = pyreadstat.read_sav(str(tmp_path / "syn.sav"))
    assert frame.shape == (300, 91)
    assert meta.file_label == "SYNTHETIC DATA - NOT REAL SURVEY RESPONSES"
    assert meta.column_names_to_labels["B3_KJERNE"] == (
        "Den nyeste innovasjonen: "
        "Henger den nyeste innovasjonen direkte sammen med arbeidsplassens kjerneoppgaver?"
    )
    assert meta.column_names_to_labels["B2_PRODUKT"] == "Den nyeste innovasjonen: Et produkt"
    assert meta.variable_value_labels["B8_OKONOMI"][8.0] == "Ikke relevant"
    assert meta.variable_value_labels["B1_PRODUKT"] == {1.0: "Ja", 0.0: "Nei", 9.0: "Vet ikke"}
    assert meta.variable_value_labels["landsdel"][6.0] == "Nord-Norge"
    assert frame["kommunenr"].str.len().eq(4).all()
    csv_path = tmp_path / "syn.csv"
    _run("synthetic", "--n", "300", "--seed", "5", "--out", str(csv_path))
    first_csv_row = csv_path.read_text("utf-8").splitlines()[1].split(",")
    assert first_csv_row[2] == frame["kommunenr"][0]


def test_synthetic_refuses_too_small_n(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as error:
        call_command("barometer", "synthetic", "--n", "10", "--out", str(tmp_path / "s.csv"))
    assert str(error.value) == "n must be at least 156 (two per weighting cell)"


def test_synthetic_needs_a_csv_or_sav_name(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as error:
        call_command("barometer", "synthetic", "--n", "300", "--out", str(tmp_path / "s.xlsx"))
    assert str(error.value) == f"--out must name a .csv or .sav file, not {tmp_path / 's.xlsx'}"


def test_the_committed_codebook_is_the_generated_one() -> None:
    committed = (REPO / "docs" / "barometer-codebook.md").read_text("utf-8")
    assert committed == codebook(), (
        "docs/barometer-codebook.md is out of date: run "
        "`samson barometer codebook --out docs/barometer-codebook.md`"
    )


def test_codebook_prints_or_writes(tmp_path: Path) -> None:
    out = StringIO()
    call_command("barometer", "codebook", stdout=out)
    assert out.getvalue() == codebook()
    assert _run("codebook", "--out", str(tmp_path / "c.md")) == [str(tmp_path / "c.md")]
    assert (tmp_path / "c.md").read_text("utf-8") == codebook()


def _estimate(data: Path, population: Path) -> str:
    out = StringIO()
    call_command(
        "stats", "estimate", "--data", str(data), "--var", "B1_PROSESS", "--var", "B4_NYHET",
        "--by", "sektor", "--poststrat", "enhetstype,landsdel", "--population", str(population),
        "--json", stdout=out,
    )  # fmt: skip
    return out.getvalue()


def test_labelled_sav_and_csv_estimate_alike(tmp_path: Path) -> None:
    # The value labels of the .sav file do not change the codes the statistics read; its
    # declared user-missing codes (don't know 9, not relevant 8) are missing, as in SPSS: the
    # same as a CSV with those cells empty.
    _run("synthetic", "--n", "400", "--seed", "9", "--out", str(tmp_path / "syn.sav"))
    _run("synthetic", "--n", "400", "--seed", "9", "--out", str(tmp_path / "syn.csv"))
    lines = (tmp_path / "syn.csv").read_text("utf-8").splitlines()
    header = lines[0].split(",")
    items = {header.index(name) for name in ("B1_PROSESS", "B4_NYHET")}
    blanked = [
        ",".join("" if i in items and v in ("8", "9") else v for i, v in enumerate(line.split(",")))
        for line in lines[1:]
    ]
    assert sum(line.count(",,") for line in blanked) > sum(line.count(",,") for line in lines)
    (tmp_path / "blank.csv").write_text("\n".join([lines[0], *blanked]) + "\n", "utf-8")
    from_sav = _estimate(tmp_path / "syn.sav", tmp_path / "syn-population.csv")
    assert from_sav == _estimate(tmp_path / "blank.csv", tmp_path / "syn-population.csv")
    assert from_sav != _estimate(tmp_path / "syn.csv", tmp_path / "syn-population.csv")
    assert '"group": "5"' in from_sav  # sector codes, not their labels


def test_sav_errors_name_the_column_and_case(tmp_path: Path) -> None:
    _run("synthetic", "--n", "300", "--seed", "5", "--out", str(tmp_path / "syn.sav"))
    with pytest.raises(CommandError) as error:
        call_command("stats", "estimate", "--data", str(tmp_path / "syn.sav"), "--var", "B99")
    assert str(error.value).startswith("column 'B99' is not in syn.sav (columns: id, synthetic,")
    frame, meta = pyreadstat.read_sav(str(tmp_path / "syn.sav"))
    frame.loc[2, "kommunenr"] = "Oslo"
    pyreadstat.write_sav(frame, str(tmp_path / "bad.sav"))
    with pytest.raises(CommandError) as error:
        call_command("stats", "estimate", "--data", str(tmp_path / "bad.sav"), "--var", "kommunenr")
    assert str(error.value) == "column 'kommunenr', case 3: 'Oslo' is not a number"


def test_synthetic_without_n_writes_the_demo_editions_size(tmp_path: Path) -> None:
    """The README's `samson barometer synthetic --out data.csv` works as written."""
    lines = _run("synthetic", "--out", str(tmp_path / "data.csv"))
    assert lines[-1] == "2000 SYNTHETIC respondents (seed 2020)"
    assert len((tmp_path / "data.csv").read_text("utf-8").splitlines()) == 2001
