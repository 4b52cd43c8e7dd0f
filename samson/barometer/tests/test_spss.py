"""SPSS files an analyst can trust, and identifiers and weights that survive every format.

The exported `.sav` declares don't know (9) and not relevant (8) user-missing, sets measure
levels and whole-number formats, keeps each label's question prefix and gives identifiers a
fixed width; read back with pyreadstat and, when GNU PSPP is installed, by PSPP itself. An
imported `.sav`'s declared missing values give the same estimates as the same data in CSV; an
imported weight is the base weight of every estimate and is exported as it came in.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pyreadstat
import pytest
from django.test import Client
from django.urls import reverse

from samson.accounts.models import Membership, Organisation, User
from samson.barometer import selectors, services
from samson.barometer.models import Edition, Respondent
from samson.innovation.export import spss_label, variable_labels, write_sav
from samson.instrument_spec import load_instrument_file

SHIPPED = Path(__file__).resolve().parents[2] / "instruments" / "shipped"
B1 = ("B1_PRODUKT", "B1_TJENESTE", "B1_PROSESS", "B1_KOMMUNIKASJON")
# A 1–4 item whose ten real answers have the mean 2.90; three more units said don't know (9)
# or not relevant (8), which averaged as answers would give (29 + 9 + 9 + 8) / 13 = 4.23.
SAMARBEID = [1, 2, 3, 4, 4, 3, 2, 3, 4, 3, 9, 9, 8]


def _unit_leaders() -> Any:
    return load_instrument_file(SHIPPED / "barometer-enhet.yaml").spec


# ----------------------------------------------------------------------------- the writer


def test_sav_declares_missing_codes_measure_levels_formats_and_fixed_widths(
    tmp_path: Path,
) -> None:
    instrument = _unit_leaders()
    columns = {
        "kommunenr": np.array([301.0, 1101.0, np.nan]),
        "fylkesnr": np.array([3.0, 11.0, np.nan]),
        "storrelse": np.array([5.0, 3.0, 1.0]),
        "kostragruppe": np.array([1.0, 16.0, np.nan]),
        "B1_PRODUKT": np.array([1.0, 0.0, 9.0]),
        "B13_SAMARBEID": np.array([4.0, 8.0, 9.0]),
        "B14_ANSATTE": np.array([1.0, 5.0, 9.0]),
        "vekt": np.array([1.5, 2.0, 3.25]),
    }
    path = tmp_path / "x.sav"
    write_sav(columns, instrument, path, notes=["vekt is the population weight."])
    frame, meta = pyreadstat.read_sav(str(path), user_missing=True)
    assert meta.missing_ranges == {
        "B1_PRODUKT": [{"lo": 9.0, "hi": 9.0}],
        "B13_SAMARBEID": [{"lo": 9.0, "hi": 9.0}, {"lo": 8.0, "hi": 8.0}],
        "B14_ANSATTE": [{"lo": 9.0, "hi": 9.0}],
    }
    assert meta.variable_measure == {
        "kommunenr": "nominal",
        "fylkesnr": "nominal",
        "storrelse": "ordinal",
        "kostragruppe": "nominal",
        "B1_PRODUKT": "nominal",
        "B13_SAMARBEID": "ordinal",
        "B14_ANSATTE": "ordinal",
        "vekt": "scale",
    }
    assert meta.original_variable_types == {
        "kommunenr": "A4",
        "fylkesnr": "A2",
        "storrelse": "F1.0",
        "kostragruppe": "F2.0",
        "B1_PRODUKT": "F1.0",
        "B13_SAMARBEID": "F1.0",
        "B14_ANSATTE": "F1.0",
        "vekt": "F12.6",
    }
    assert meta.variable_storage_width["kommunenr"] == 4
    assert meta.variable_storage_width["fylkesnr"] == 2
    # Leading zeros kept; an unknown municipality is an empty text, not a dropped column.
    assert frame["kommunenr"].tolist() == ["0301", "1101", ""]
    assert frame["fylkesnr"].tolist() == ["03", "11", ""]
    # The codes stay in the file (with their labels); a plain read makes them missing.
    assert frame["B13_SAMARBEID"].tolist() == [4.0, 8.0, 9.0]
    assert meta.variable_value_labels["B13_SAMARBEID"][9.0] == "Vet ikke"
    plain, _meta = pyreadstat.read_sav(str(path))
    assert plain["B13_SAMARBEID"].isna().tolist() == [False, True, True]
    assert meta.notes == ["vekt is the population weight."]

    # The width holds when no unit has a value.
    empty = tmp_path / "empty.sav"
    write_sav({"kommunenr": np.array([np.nan, np.nan])}, instrument, empty)
    frame, meta = pyreadstat.read_sav(str(empty))
    assert meta.original_variable_types == {"kommunenr": "A4"}
    assert meta.variable_storage_width == {"kommunenr": 4}
    assert frame["kommunenr"].tolist() == ["", ""]


def test_every_option_of_a_question_keeps_the_question_as_its_prefix() -> None:
    labels = variable_labels(_unit_leaders(), "nb")
    # Long options lost their question before: "Private virksomheter (for eksempel …)".
    assert labels["B6_PRIVAT"] == (
        "Samarbeid: Private virksomheter (for eksempel leverandører eller konsulenter)"
    )
    assert labels["B6_STAT"] == "Samarbeid: Statlige virksomheter"
    assert labels["B8_POLITIKK"].startswith("Hva fremmet og hva hemmet?: Politiske vedtak")
    # A question alone on its page is its own label.
    assert labels["B1B_UNDERVEIS"] == (
        "Har arbeidsplassen din satt i gang arbeid med en innovasjon som ennå ikke er tatt i bruk?"
    )
    # Questions that share a page all carry it, long or short.
    assert labels["B12_SPREDT"].startswith("Teknologi, evaluering og spredning: Har dere")
    english = variable_labels(_unit_leaders(), "en")
    assert english["B6_PRIVAT"].startswith("Collaboration: ")


def test_labels_are_cut_by_bytes_never_inside_a_character() -> None:
    text = "Kulturen på arbeidsplassen: " + "ø" * 200  # 28 + 400 bytes
    cut = spss_label(text)
    assert len(cut.encode("utf-8")) <= 255
    assert cut.startswith("Kulturen på arbeidsplassen: ø")
    assert cut.endswith("ø...")
    assert spss_label("kort") == "kort"


# ----------------------------------------------------------------------------- an edition


@pytest.fixture
def analyst(instruments: None) -> Client:
    organisation, _made = Organisation.objects.get_or_create(name="Oslo", kind="kommune")
    user = User.objects.create_user(username="a@example.no", email="a@example.no", password="x")
    Membership.objects.create(user=user, organisation=organisation, role=Membership.Role.ANALYST)
    client = Client()
    client.force_login(user)
    return client


def _edition(title: str = "2026") -> Edition:
    organisation, _made = Organisation.objects.get_or_create(name="Oslo", kind="kommune")
    return services.edition_create(
        organisation=organisation, user=None, year=2026, title=title, sectors=[1, 2]
    )


def _culture_edition() -> Edition:
    edition = _edition()
    for i, code in enumerate(SAMARBEID):
        Respondent.objects.create(
            edition=edition,
            source=Respondent.Source.IMPORT,
            values={
                "kommunenr": 301 if i % 2 else 1101,
                "fylkesnr": 3 if i % 2 else 11,
                "sektor": 1,
                **dict.fromkeys(B1, 1),
                "B13_SAMARBEID": code,
            },
        )
    return edition


def _get(client: Client, edition: Edition, what: str, fmt: str) -> bytes:
    reply = client.get(reverse("barometer:export", args=[edition.pk, what, fmt]))
    assert reply.status_code == 200
    return reply.content


@pytest.mark.django_db
def test_edition_sav_leaves_dont_know_and_not_relevant_out_of_the_mean(
    analyst: Client, tmp_path: Path
) -> None:
    edition = _culture_edition()
    path = tmp_path / "edition.sav"
    path.write_bytes(_get(analyst, edition, "mikrodata", "sav"))
    frame, meta = pyreadstat.read_sav(str(path), user_missing=True)
    assert meta.missing_ranges["B13_SAMARBEID"] == [{"lo": 9.0, "hi": 9.0}, {"lo": 8.0, "hi": 8.0}]
    assert meta.variable_measure["B13_SAMARBEID"] == "ordinal"
    assert meta.original_variable_types["B13_SAMARBEID"] == "F1.0"
    assert meta.original_variable_types["kommunenr"] == "A4"
    assert sorted(frame["kommunenr"]) == ["0301"] * 6 + ["1101"] * 7
    assert sorted(frame["B13_SAMARBEID"]) == sorted(float(code) for code in SAMARBEID)
    # As SPSS computes a mean: declared missing values left out.
    plain, _meta = pyreadstat.read_sav(str(path))
    assert plain["B13_SAMARBEID"].count() == 10
    assert round(float(plain["B13_SAMARBEID"].mean()), 2) == 2.90
    # The weights: equal weights without a frame, both summing as documented.
    assert frame["vekt"].tolist() == [1.0] * 13
    assert frame["analysevekt"].tolist() == [1.0] * 13
    assert "WEIGHT BY" in " ".join(meta.notes)


@pytest.mark.slow  # starts GNU PSPP
@pytest.mark.django_db
def test_gnu_pspp_gives_the_true_mean_of_an_edition_item(analyst: Client, tmp_path: Path) -> None:
    pspp = shutil.which("pspp")
    assert pspp is not None, "GNU PSPP is not installed (apt-get install pspp; .ci/run does)"
    edition = _culture_edition()
    path = tmp_path / "edition.sav"
    path.write_bytes(_get(analyst, edition, "mikrodata", "sav"))
    syntax = tmp_path / "mean.sps"
    syntax.write_text(
        f"GET FILE='{path}'.\n"
        "DESCRIPTIVES VARIABLES=B13_SAMARBEID /STATISTICS=MEAN.\n"
        "DISPLAY DICTIONARY /VARIABLES=kommunenr B13_SAMARBEID vekt analysevekt.\n",
        encoding="utf-8",
    )
    run = subprocess.run(
        [pspp, "-O", "format=csv", "-o", "-", str(syntax)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    rows = list(csv.reader(io.StringIO(run.stdout)))
    descriptive = next(row for row in rows if row and row[0].startswith("Kulturen"))
    assert descriptive[1:] == ["10", "2.90"]  # N and mean: 9 and 8 are not answers
    variables = {row[0]: row for row in rows if row and row[0] in ("kommunenr", "B13_SAMARBEID")}
    # Name, Position, Label, Measurement Level, Role, Width, Alignment, Print, Write, Missing
    assert variables["B13_SAMARBEID"][3] == "Ordinal"
    assert variables["B13_SAMARBEID"][7:] == ["F1.0", "F1.0", "9; 8"]
    assert variables["kommunenr"][7:9] == ["A4", "A4"]


@pytest.mark.django_db
def test_identifiers_keep_their_leading_zeros_in_csv_and_xlsx(analyst: Client) -> None:
    edition = _culture_edition()
    rows = list(csv.reader(io.StringIO(_get(analyst, edition, "mikrodata", "csv").decode())))
    kommune, fylke = rows[0].index("kommunenr"), rows[0].index("fylkesnr")
    assert sorted(row[kommune] for row in rows[1:]) == ["0301"] * 6 + ["1101"] * 7
    assert sorted(row[fylke] for row in rows[1:]) == ["03"] * 6 + ["11"] * 7
    book = openpyxl.load_workbook(io.BytesIO(_get(analyst, edition, "mikrodata", "xlsx")))
    assert book.sheetnames == ["Mikrodata", "Kodebok", "Om filen"]
    sheet = book["Mikrodata"]
    header = [cell.value for cell in sheet[1]]
    cells = [row[header.index("kommunenr")] for row in sheet.iter_rows(min_row=2)]
    assert sorted(cell.value for cell in cells) == ["0301"] * 6 + ["1101"] * 7
    assert {cell.data_type for cell in cells} == {"s"}
    # Codes stay numbers; the header is bold and frozen, as in a round's workbook.
    codes = [row[header.index("B13_SAMARBEID")] for row in sheet.iter_rows(min_row=2)]
    assert {cell.data_type for cell in codes} == {"n"}
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    assert book["Kodebok"].freeze_panes == "A2"
    codebook = {row[0]: row for row in book["Kodebok"].iter_rows(values_only=True)}
    assert codebook["Variabel"] == ("Variabel", "Etikett", "Koder", "Erklært manglende", "Målenivå")
    assert codebook["B13_SAMARBEID"][3:] == ("9, 8", "ordinal")
    assert codebook["analysevekt"][4] == "skala"
    about = [row[0] for row in book["Om filen"].iter_rows(values_only=True)]
    assert about[0] == "2026 (2026)"
    assert any("WEIGHT BY" in text for text in about)


# ----------------------------------------------------------------------------- imports


def _innovation_units() -> pd.DataFrame:
    """The finding's 300 units: 231 innovative, 60 with no on every type, 9 who do not know."""
    values = [1] * 231 + [0] * 60 + [9] * 9
    frame = pd.DataFrame({name: np.array(values, dtype=np.float64) for name in B1})
    frame.insert(0, "kommunenr", ["0301"] * 300)
    frame.insert(1, "sektor", np.ones(300))
    return frame


def _import(edition: Edition, filename: str, content: bytes) -> None:
    pending = services.import_upload(edition=edition, filename=filename, content=content)
    mapping = services.suggested_mapping(pending.columns, selectors.edition_instrument(edition))
    # Units that answered alike and no id column: no duplicate check.
    services.import_commit(pending=pending, mapping=mapping, user=None, key="ingen")


def _innovative(edition: Edition) -> tuple[float, int]:
    data = selectors.EditionData(edition)
    (cell,) = data.estimate(["I_INNOVATIV"], None, 5)["I_INNOVATIV"]
    assert cell.estimate is not None
    return round(cell.estimate * 100, 1), cell.n


def _csv_bytes(frame: pd.DataFrame) -> bytes:
    return str(frame.to_csv(index=False, float_format="%g")).encode("utf-8")


def _sav_bytes(frame: pd.DataFrame, tmp_path: Path, missing: dict[str, list[Any]]) -> bytes:
    path = tmp_path / "upload.sav"
    pyreadstat.write_sav(frame, str(path), missing_ranges=missing)
    return path.read_bytes()


@pytest.mark.django_db
def test_a_sav_with_dont_know_declared_missing_gives_the_csv_estimate(
    instruments: None, tmp_path: Path
) -> None:
    """9 is the codebook's don't know: declared missing in SPSS, it still says "don't know",
    and the innovative share counts it as the CSV does (77.0 %, n = 300), not 79.4 %."""
    units = _innovation_units()
    from_csv = _edition("CSV")
    _import(from_csv, "units.csv", _csv_bytes(units))
    from_sav = _edition("SAV")
    _import(from_sav, "units.sav", _sav_bytes(units, tmp_path, dict.fromkeys(B1, [9])))
    assert _innovative(from_csv) == (77.0, 300)
    assert _innovative(from_sav) == (77.0, 300)
    stored = [row["B1_PRODUKT"] for row in from_sav.respondents.values_list("values", flat=True)]
    assert sorted(set(stored)) == [0, 1, 9]


@pytest.mark.django_db
def test_other_declared_missing_values_are_empty_as_in_spss(
    instruments: None, tmp_path: Path
) -> None:
    """A code outside the codebook declared missing (99 "no answer", here on the nine units
    that did not know) is an empty cell: the same estimate as the CSV with those cells blank,
    where without the declaration the import would refuse 99."""
    units = _innovation_units().replace(9.0, 99.0)
    blank = _innovation_units().replace(9.0, np.nan)
    from_csv = _edition("CSV")
    _import(from_csv, "units.csv", _csv_bytes(blank))
    from_sav = _edition("SAV")
    ranges = {name: [{"lo": 90.0, "hi": 99.0}] for name in B1}
    _import(from_sav, "units.sav", _sav_bytes(units, tmp_path, ranges))
    assert _innovative(from_csv) == (79.4, 291)
    assert _innovative(from_sav) == (79.4, 291)
    undeclared = _edition("Udeklarert")
    with pytest.raises(services.ImportRejected) as refused:
        _import(undeclared, "units.sav", _sav_bytes(units, tmp_path, {}))
    assert refused.value.report.total_problems == 9 * 4
    assert refused.value.report.problems[0].kind == "not_code"


@pytest.mark.django_db
def test_an_exported_sav_imports_back_to_the_same_estimates(
    analyst: Client, tmp_path: Path
) -> None:
    edition = _culture_edition()
    content = _get(analyst, edition, "mikrodata", "sav")
    again = _edition("Igjen")
    _import(again, "edition.sav", content)
    key = ("kommunenr", "B13_SAMARBEID")

    def rows(e: Edition) -> list[tuple[Any, ...]]:
        return sorted(
            tuple(v.get(k) for k in key) for v in e.respondents.values_list("values", flat=True)
        )

    assert rows(again) == rows(edition)
    assert rows(again)[:2] == [(301, 2), (301, 3)]
    assert (301, 9) in rows(again) and (1101, 8) in rows(again)


# ----------------------------------------------------------------------------- weights


WEIGHTED = (
    "kommunenr,enhetstype,landsdel,B1_PRODUKT,B1_TJENESTE,B1_PROSESS,B1_KOMMUNIKASJON,vekt\n"
    "0301,11,1,1,0,0,0,10\n"
    "0301,11,1,0,0,0,0,30\n"
    "1101,11,1,0,0,0,0,20\n"
    "1101,21,1,1,1,0,0,5\n"
    "4601,21,1,0,0,0,0,15\n"
)


@pytest.mark.django_db
def test_an_imported_weight_is_the_base_weight_and_is_exported_as_it_came(
    analyst: Client,
) -> None:
    edition = _edition()
    _import(edition, "weighted.csv", WEIGHTED.encode())
    data = selectors.EditionData(edition)
    assert data.weighting.base_weights and data.weighting.weighted
    assert data.weighting.variables == ()
    (cell,) = data.estimate(["I_INNOVATIV"], None, 1)["I_INNOVATIV"]
    # Weighted share innovative: (10 + 5) / (10 + 30 + 20 + 5 + 15) = 15 / 80; unweighted 2/5.
    assert cell.estimate == pytest.approx(15 / 80, rel=1e-12)
    assert cell.weighted_n == pytest.approx(80.0, rel=1e-12)
    rows = list(csv.reader(io.StringIO(_get(analyst, edition, "mikrodata", "csv").decode())))
    header = rows[0]
    assert header[-2:] == ["vekt", "analysevekt"]
    by_unit = sorted(
        (row[header.index("kommunenr")], row[header.index("enhetstype")], row[-2], row[-1])
        for row in rows[1:]
    )
    assert by_unit == [
        ("0301", "11", "10", "0.625"),
        ("0301", "11", "30", "1.875"),
        ("1101", "11", "20", "1.25"),
        ("1101", "21", "5", "0.3125"),
        ("4601", "21", "15", "0.9375"),
    ]


@pytest.mark.django_db
def test_base_weights_are_then_post_stratified_to_the_frame(instruments: None) -> None:
    edition = _edition()
    _import(edition, "weighted.csv", WEIGHTED.encode())
    services.frame_replace(
        edition=edition, cells=[({"enhetstype": 11}, 120), ({"enhetstype": 21}, 40)]
    )
    data = selectors.EditionData(edition)
    assert data.weighting.base_weights and data.weighting.variables == ("enhetstype",)
    # Within a cell the base weights keep their ratios and sum to the cell's count:
    # type 11: 10, 30, 20 of 60 -> 20, 60, 40; type 21: 5, 15 of 20 -> 10, 30.
    expected = {10.0: 20.0, 30.0: 60.0, 20.0: 40.0, 5.0: 10.0, 15.0: 30.0}
    weights = data.weighting.design.weights.tolist()
    bases = [row["vekt"] for row in selectors.edition_rows(edition)]
    assert weights == pytest.approx([expected[base] for base in bases if base], rel=1e-12)
    (cell,) = data.estimate(["I_INNOVATIV"], None, 1)["I_INNOVATIV"]
    assert cell.estimate == pytest.approx((20 + 10) / 160, rel=1e-12)


@pytest.mark.django_db
def test_units_without_a_weight_leave_every_unit_at_equal_base_weights(
    instruments: None,
) -> None:
    edition = _edition()
    _import(edition, "weighted.csv", WEIGHTED.encode())
    Respondent.objects.create(
        edition=edition, source=Respondent.Source.TEST, values=dict.fromkeys(B1, 0)
    )
    data = selectors.EditionData(edition)
    assert not data.weighting.base_weights and not data.weighting.weighted
    assert data.weighting.design.weights.tolist() == [1.0] * 6
