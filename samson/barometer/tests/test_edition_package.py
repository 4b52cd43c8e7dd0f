"""An edition's data package, opened and read back: every member, the exact rows, identifiers
with their leading zeros, both weights, the design and the synthetic flag in the descriptor,
formula-safe text, and who may download it."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from functools import partial
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from frictionless import validate

from samson.barometer.models import Edition
from samson.testing.barometer import EDITION_ROLES, analyst_of, edition_people, small_edition
from samson.testing.permissions import LOGIN, Cell, Row, assert_cell, cells, log_in

pytestmark = pytest.mark.django_db

MEMBERS = [
    "codebook.csv",
    "datapackage.json",
    "estimates.csv",
    "frame.csv",
    "indicators.csv",
    "microdata.csv",
]


@pytest.fixture
def edition(instruments: None) -> Edition:
    """The small edition (six units, frame 100 + 300) with municipality and county numbers:
    Oslo (0301, county 03) for the first unit, Bergen (4601, county 46) for the others."""
    edition = small_edition()
    for index, unit in enumerate(edition.respondents.order_by("pk")):
        unit.values = {**unit.values, "kommunenr": 301 if index == 0 else 4601}
        unit.values["fylkesnr"] = 3 if index == 0 else 46
        unit.save(update_fields=["values"])
    return edition


@pytest.fixture
def analyst(edition: Edition) -> Client:
    client = Client()
    client.force_login(analyst_of(edition))
    return client


def _url(edition: Edition) -> str:
    return reverse("barometer_reports:datapackage", kwargs={"pk": edition.pk})


def _package(client: Client, edition: Edition, tmp_path: Path) -> dict[str, bytes]:
    reply = client.get(_url(edition))
    assert reply.status_code == 200
    assert reply["Content-Type"] == "application/zip"
    assert reply["Content-Disposition"] == (
        f'attachment; filename="barometer-{edition.pk}-datapakke.zip"'
    )
    assert "no-store" in [part.strip() for part in reply["Cache-Control"].split(",")]
    with zipfile.ZipFile(io.BytesIO(reply.content)) as archive:
        assert sorted(archive.namelist()) == MEMBERS
        archive.extractall(tmp_path)
        return {name: archive.read(name) for name in MEMBERS}


def _csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8"))))


def _export(client: Client, edition: Edition, what: str) -> bytes:
    reply = client.get(reverse("barometer:export", args=[edition.pk, what, "csv"]))
    assert reply.status_code == 200
    return reply.content


def test_every_member_of_the_package(analyst: Client, edition: Edition, tmp_path: Path) -> None:
    files = _package(analyst, edition, tmp_path)

    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])

    # The microdata: six units, the same file as the microdata download, byte for byte.
    microdata = _csv(files["microdata.csv"])
    header, body = microdata[0], microdata[1:]
    assert len(body) == 6
    assert files["microdata.csv"] == _export(analyst, edition, "mikrodata")
    assert header[-2:] == ["vekt", "analysevekt"]
    kommune, fylke = header.index("kommunenr"), header.index("fylkesnr")
    assert sorted(row[kommune] for row in body) == ["0301", *["4601"] * 5]
    assert sorted(row[fylke] for row in body) == ["03", *["46"] * 5]
    # Unit type 11 stands for 100 units with 3 answers, type 21 for 300 with 3 answers.
    unit_type, vekt, analysevekt = (header.index(n) for n in ("enhetstype", "vekt", "analysevekt"))
    weights = sorted((row[unit_type], float(row[vekt]), float(row[analysevekt])) for row in body)
    assert [(t, round(v, 9), round(a, 9)) for t, v, a in weights] == [
        *[("11", 33.333333333, 0.5)] * 3,
        *[("21", 100.0, 1.5)] * 3,
    ]
    assert sum(float(row[vekt]) for row in body) == pytest.approx(400)

    # The estimates: the estimates download, byte for byte.
    estimates = _csv(files["estimates.csv"])
    assert files["estimates.csv"] == _export(analyst, edition, "estimater")
    innovative = next(row for row in estimates[1:] if row[:3] == ["I_INNOVATIV", "", ""])
    assert float(innovative[3]) == pytest.approx(5 / 12)

    # The population frame, cell by cell.
    assert _csv(files["frame.csv"]) == [["enhetstype", "count"], ["11", "100"], ["21", "300"]]
    assert _csv(files["indicators.csv"])[0] == ["name", "population", "definition"]

    # The codebook: every variable of every file, and the missing codes of the items.
    codebook = _csv(files["codebook.csv"])
    assert codebook[0] == [
        "Tabell",
        "Variabel",
        "Etikett",
        "Type",
        "Spørreskjema",
        "Spørsmål",
        "Koder",
        "Beskrivelse",
    ]
    listed = {(row[0], row[1]): row for row in codebook[1:] if len(row) == 8}
    for name in header:
        assert ("microdata", name) in listed
    assert ("frame", "count") in listed and ("estimates", "ci_high") in listed
    assert listed[("microdata", "kommunenr")][3] == "string"
    assert listed[("microdata", "vekt")][3] == "number"
    assert listed[("microdata", "B1_PRODUKT")][3:] == [
        "integer",
        "",
        "",
        "1 = Ja; 0 = Nei; 9 = Vet ikke",
        "Deklarert manglende (brukerdefinert manglende i SPSS): 9.",
    ]
    assert ["Liten (2025)"] in codebook

    descriptor = json.loads(files["datapackage.json"])
    assert descriptor["name"] == f"samson-barometer-{edition.pk}"
    assert descriptor["title"] == "Liten (2025)"
    assert descriptor["synthetic"] is False
    assert "synthetic-data" not in descriptor["keywords"]
    # The design as the edition states it (edition_design) and how it was weighted.
    design = {
        "cluster": "",
        "strata": "",
        "interval": "logit",
        "collapse_below": 1,
        "weighted": True,
        "weighting_variables": ["enhetstype"],
        "base_weights": False,
    }
    assert {key: descriptor["design"][key] for key in design} == design
    resources = {r["name"]: r for r in descriptor["resources"]}
    assert [r["path"] for r in descriptor["resources"]] == [
        "microdata.csv",
        "estimates.csv",
        "frame.csv",
        "indicators.csv",
    ]
    assert descriptor["codebook"] == "codebook.csv"
    fields = {f["name"]: f for f in resources["microdata"]["schema"]["fields"]}
    assert fields["kommunenr"]["type"] == "string"
    assert fields["vekt"]["type"] == "number"
    assert fields["analysevekt"]["type"] == "number"
    assert "0301" in descriptor["description"]


def test_a_synthetic_edition_says_so(analyst: Client, edition: Edition, tmp_path: Path) -> None:
    edition.synthetic = True
    edition.save(update_fields=["synthetic"])
    files = _package(analyst, edition, tmp_path)
    descriptor = json.loads(files["datapackage.json"])
    assert descriptor["synthetic"] is True
    assert "synthetic-data" in descriptor["keywords"]
    assert descriptor["description"].startswith("SYNTHETIC DATA - NOT REAL SURVEY RESPONSES ")
    notes = [row for row in _csv(files["codebook.csv"]) if len(row) == 1]
    assert notes[0] == ["SYNTHETIC DATA - NOT REAL SURVEY RESPONSES"]


def test_text_that_looks_like_a_formula_is_neutralised(
    analyst: Client, edition: Edition, tmp_path: Path
) -> None:
    """The edition's title is typed by an analyst; in the codebook's notes it is a cell."""
    attack = '=HYPERLINK("http://evil.example/","x")'
    edition.title = attack
    edition.save(update_fields=["title"])
    files = _package(analyst, edition, tmp_path)
    codebook = _csv(files["codebook.csv"])
    assert [f"'{attack} (2025)"] in codebook
    for name in MEMBERS:
        if name.endswith(".csv"):
            for row in _csv(files[name]):
                assert not [cell for cell in row if cell[:1] in ("=", "+", "@", "\t", "\r")]
    # The descriptor is JSON, not a spreadsheet: the title stays as typed.
    assert json.loads(files["datapackage.json"])["title"] == f"{attack} (2025)"


def test_links_on_the_edition_and_estimates_pages(analyst: Client, edition: Edition) -> None:
    link = f'href="{_url(edition)}"'
    for page in ("barometer:edition", "barometer:estimates"):
        reply = analyst.get(reverse(page, kwargs={"pk": edition.pk}))
        assert reply.status_code == 200
        assert link in reply.content.decode()


def test_another_organisations_edition_is_not_found(
    analyst: Client, edition: Edition, instruments: None
) -> None:
    other = small_edition()  # a second "Arendal" organisation of its own
    assert analyst.get(_url(other)).status_code == 404
    assert (
        analyst.get(reverse("barometer_reports:datapackage", kwargs={"pk": 999999})).status_code
        == 404
    )


# Answers per role: anonymous, analyst, admin, facilitator, another organisation's analyst.
MATRIX = [
    Row("barometer_reports:datapackage", "get", [LOGIN, 200, 200, 404, 404]),
    Row("barometer_reports:datapackage", "post", [LOGIN, 405, 405, 405, 405]),
]


@pytest.mark.parametrize("cell", cells(MATRIX, roles=EDITION_ROLES))
def test_permissions(client: Client, edition: Edition, cell: Cell) -> None:
    log_in(client, edition_people(edition), cell.role)
    url = _url(edition)
    send = partial(getattr(client, cell.row.method), url)
    assert_cell(cell, send, url=url)
