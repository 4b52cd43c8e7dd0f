"""The barometer's exports as an attacker meets them: microdata never in the order the units
answered (the same order in every format and on every download), no formula cells, text
neutralised, numbers kept as numbers, and no caching."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pyreadstat
import pytest
from django.test import Client
from django.urls import reverse

from samson.accounts.models import Membership, Organisation, User
from samson.barometer import exports, selectors, services
from samson.barometer.models import Edition, Respondent

pytestmark = pytest.mark.django_db

N = 12
NO = {"B1_PRODUKT": 0, "B1_TJENESTE": 0, "B1_PROSESS": 0, "B1_KOMMUNIKASJON": 0}


def _edition(title: str) -> Edition:
    """`N` units arriving in a known order: unit i has municipality number 1101 + i."""
    organisation, _made = Organisation.objects.get_or_create(name="Arendal", kind="kommune")
    edition = services.edition_create(
        organisation=organisation, user=None, year=2025, title=title, sectors=[1, 2]
    )
    for i in range(N):  # one by one, so the database ids follow the arrival
        Respondent.objects.create(
            edition=edition,
            source=Respondent.Source.IMPORT,
            values={
                "kommunenr": 1101 + i,
                "enhetstype": 11 if i % 2 else 21,
                "landsdel": 1,
                "sektor": 1 if i % 2 else 2,
                **NO,
                "B1_PRODUKT": i % 3 == 0,
            },
        )
    return edition


@pytest.fixture
def analyst(instruments: None) -> Client:
    organisation, _made = Organisation.objects.get_or_create(name="Arendal", kind="kommune")
    user = User.objects.create_user(username="a@example.no", email="a@example.no", password="x")
    Membership.objects.create(user=user, organisation=organisation, role=Membership.Role.ANALYST)
    client = Client()
    client.force_login(user)
    return client


def _get(client: Client, edition: Edition, what: str, fmt: str) -> bytes:
    reply = client.get(reverse("barometer:export", args=[edition.pk, what, fmt]))
    assert reply.status_code == 200
    assert "no-store" in [part.strip() for part in reply["Cache-Control"].split(",")]
    return reply.content


def _arrivals_csv(content: bytes) -> list[int]:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8"))))
    column = rows[0].index("kommunenr")
    return [int(row[column]) - 1101 for row in rows[1:]]


def test_microdata_are_in_a_fixed_order_that_is_not_arrival(
    analyst: Client, tmp_path: Path
) -> None:
    edition = _edition("Liten")
    order = _arrivals_csv(_get(analyst, edition, "mikrodata", "csv"))
    assert sorted(order) == list(range(N))
    assert order != list(range(N)) and order != list(range(N - 1, -1, -1))
    assert _arrivals_csv(_get(analyst, edition, "mikrodata", "csv")) == order
    # XLSX and SPSS have the same order, with each unit's weight still beside it.
    book = openpyxl.load_workbook(io.BytesIO(_get(analyst, edition, "mikrodata", "xlsx")))
    sheet = list(book["Mikrodata"].iter_rows(values_only=True))
    column = sheet[0].index("kommunenr")
    assert [int(row[column]) - 1101 for row in sheet[1:]] == order
    path = tmp_path / "data.sav"
    path.write_bytes(_get(analyst, edition, "mikrodata", "sav"))
    frame, _meta = pyreadstat.read_sav(str(path))
    assert [int(value) - 1101 for value in frame["kommunenr"]] == order
    # The derived columns travel with their row: unit i answered B1_PRODUKT = (i % 3 == 0).
    produkt = sheet[0].index("B1_PRODUKT")
    assert [row[produkt] for row in sheet[1:]] == [int(i % 3 == 0) for i in order]


def test_two_editions_with_the_same_arrival_get_unrelated_orders(analyst: Client) -> None:
    first = _arrivals_csv(_get(analyst, _edition("Første"), "mikrodata", "csv"))
    second = _arrivals_csv(_get(analyst, _edition("Andre"), "mikrodata", "csv"))
    assert first != second


def test_no_export_has_a_formula_cell(analyst: Client) -> None:
    edition = _edition("Liten")
    for what in ("mikrodata", "estimater"):
        book = openpyxl.load_workbook(io.BytesIO(_get(analyst, edition, what, "xlsx")))
        cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
        assert cells
        assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
        text = [cell.value for cell in cells if isinstance(cell.value, str)]
        assert not [value for value in text if value[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_text_cells_go_through_the_one_neutralising_rule(instruments: None) -> None:
    """The estimates and codebook hold only our own text; should a label or a group ever start
    like a formula, the project exports' rule applies here too, and numbers stay numbers."""
    attack = '=HYPERLINK("http://evil.example/")'
    rows = [[attack, "@x", "-2+3", -0.5, None]]
    header = ["indicator", "breakdown", "group", "estimate", "se"]
    content = exports._csv(header, rows)
    parsed = list(csv.reader(io.StringIO(content.decode("utf-8"))))
    assert parsed[1] == ["'" + attack, "'@x", "'-2+3", "-0.5", ""]
    edition = _edition("Liten")
    instrument = selectors.edition_instrument(edition)
    content = exports._xlsx(header, rows, instrument, [], edition, "data")
    book = openpyxl.load_workbook(io.BytesIO(content))
    cells = list(book["data"].iter_rows(min_row=2, values_only=True))[0]
    assert cells == ("'" + attack, "'@x", "'-2+3", -0.5, None)
    assert [cell.data_type for cell in book["data"][2]][:4] == ["s", "s", "s", "n"]
