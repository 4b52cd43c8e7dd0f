"""Exports as an attacker meets them: formula text in every format, the row order of a round
whose arrival was watched, free text that must not point to its respondent."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Any

import pyreadstat
import pytest
from django.test import override_settings
from openpyxl import load_workbook

from samson.projects import services
from samson.projects.models import Party, Round
from samson.testing.rounds import answer, grid_answers, parties_of, spec

from .conftest import ATTACKS, round_url

NEUTRALISED = ["'" + text for text in ATTACKS]
PARTY = '=HYPERLINK("http://evil.example/","Kommunen")'


def _csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8"))))


def _get(client, round, fmt, **params) -> bytes:
    reply = client.get(round_url("reports:round_export_file", round, fmt=fmt), params)
    assert reply.status_code == 200
    return bytes(reply.content)


@pytest.fixture
def attacked(world: dict[str, Any]) -> Round:
    """Six municipality answers, each with one attack as free text; the municipality's name and
    the project's title are attacks too (a co-facilitator can set them)."""
    round: Round = world["round_a"]
    project = round.project
    project.title = "@SUM(A1)"
    project.save()
    party = parties_of(round)["kommunen"]
    party.name = PARTY
    party.save()
    for text in ATTACKS:
        answer(round, party, grid_answers(spec(round), FRI_BRA=text))
    return round


def test_formula_text_is_neutralised_in_csv_and_the_data_package(client, world, attacked):
    client.force_login(world["owner_a"])
    rows = _csv(_get(client, attacked, "fritekst", free_text="on"))
    assert rows[0] == ["round", "question", "text"]
    assert sorted(row[2] for row in rows[1:]) == sorted(NEUTRALISED)
    with zipfile.ZipFile(io.BytesIO(_get(client, attacked, "datapakke", free_text="on"))) as z:
        package = _csv(z.read("free-text.csv"))
        scores = _csv(z.read("scores.csv"))
    assert package == rows  # the same file, the same order
    assert [row[1] for row in scores[1:]] == ["Alle deltakere", "'" + PARTY]
    codebook = _csv(_get(client, attacked, "kodebok", free_text="on"))
    party_codes = next(row for row in codebook if row[:2] == ["responses", "party"])[6]
    assert party_codes == f"0 = Andre parter; 1 = {PARTY}; 2 = Innbyggere og brukere"
    every_cell = [cell for file in (rows, scores, codebook) for row in file for cell in row]
    assert not [cell for cell in every_cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_formula_text_is_a_neutralised_string_in_xlsx(client, world, attacked):
    client.force_login(world["owner_a"])
    book = load_workbook(io.BytesIO(_get(client, attacked, "xlsx", free_text="on")))
    assert book.sheetnames == ["Svar", "Skårer", "Fritekstsvar", "Kodebok", "Om filen"]
    formulas = [
        (sheet.title, cell.coordinate)
        for sheet in book
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert formulas == []
    texts = [row[2] for row in book["Fritekstsvar"].iter_rows(min_row=2, values_only=True)]
    # XML reads the carriage return back as a line feed; the quote is still first.
    assert sorted(texts) == sorted([*NEUTRALISED[:5], "'\n=1"])
    assert book["Skårer"]["B3"].value == "'" + PARTY
    assert book["Skårer"]["B3"].data_type == "s"
    assert book["Om filen"]["A1"].value == "'@SUM(A1): Oppstart"
    # Numbers stay numbers.
    assert all(
        isinstance(value, int)
        for row in book["Svar"].iter_rows(min_row=2, max_col=2, values_only=True)
        for value in row
    )


def test_formula_text_is_neutralised_in_spss_labels(client, world, attacked, tmp_path: Path):
    client.force_login(world["owner_a"])
    path = tmp_path / "svar.sav"
    path.write_bytes(_get(client, attacked, "sav", free_text="on"))
    frame, meta = pyreadstat.read_sav(str(path))
    assert meta.variable_value_labels["party"][1.0] == "'" + PARTY
    assert meta.file_label == "'@SUM(A1): Oppstart"
    assert set(frame["instrument"]) == {"samson v2"}
    assert not any(name.startswith("FRI_") for name in frame.columns)  # free text has its file


# ----------------------------------------------------------------------------- row order

N = 12


def _fill(round: Round, n: int = N, start: int = 0) -> tuple[str, str]:
    """`n` answers arriving in a known order, alternating between two parties; each answer's
    arrival number i is written into two statements (i // 5 + 1 and i % 5 + 1) and its free
    text ("svar i"). Returns the two statements' column names."""
    instrument = spec(round)
    first, second = [item.id for item in instrument.items if item.dimension("value")][:2]
    parties = parties_of(round)
    for i in range(start, start + n):
        answers = grid_answers(instrument)
        answers[first], answers[second] = i // 5 + 1, i % 5 + 1
        answers["FRI-BRA"] = f"svar {i}"
        answer(round, parties["kommunen" if i % 2 == 0 else "innbyggere"], answers)
    return first.replace("-", "_"), second.replace("-", "_")


def _arrivals(rows: list[list[Any]], columns: tuple[str, str]) -> list[int]:
    """The arrival number of each row of an answers table, in the file's order."""
    header, body = rows[0], rows[1:]
    a, b = header.index(columns[0]), header.index(columns[1])
    return [(int(row[a]) - 1) * 5 + int(row[b]) - 1 for row in body]


def test_rows_are_in_a_fixed_random_order_never_the_arrival_order(client, world):
    round = world["round_a"]
    columns = _fill(round)
    client.force_login(world["owner_a"])
    rows = _csv(_get(client, round, "csv"))
    order = _arrivals(rows, columns)
    assert sorted(order) == list(range(N))
    assert order != list(range(N)) and order != list(range(N - 1, -1, -1))
    # Respondents are numbered after the shuffle: 1…n down the file, no database ids.
    assert [row[0] for row in rows[1:]] == [str(n) for n in range(1, N + 1)]
    assert "completed_on" not in rows[0]
    # The same data give the same order: on a second download and in every format.
    assert _csv(_get(client, round, "csv")) == rows
    with zipfile.ZipFile(io.BytesIO(_get(client, round, "datapakke"))) as archive:
        assert _csv(archive.read("answers.csv")) == rows
    book = load_workbook(io.BytesIO(_get(client, round, "xlsx")))
    sheet_rows = [[str(v) for v in row] for row in book["Svar"].iter_rows(values_only=True)]
    assert _arrivals(sheet_rows, columns) == order


def test_the_order_depends_on_the_secret_and_the_data(client, world):
    """Two rounds with the same arrival get unrelated orders; another secret gives another
    order; one more answer reorders the rest, so positions cannot be compared between
    downloads either."""
    round = world["round_a"]
    other = services.round_create(project=round.project, label="Underveis")
    columns = _fill(round)
    _fill(other)
    client.force_login(world["owner_a"])
    order = _arrivals(_csv(_get(client, round, "csv")), columns)
    assert _arrivals(_csv(_get(client, other, "csv")), columns) != order
    with override_settings(SECRET_KEY="another secret of at least fifty characters, for tests"):
        client.force_login(world["owner_a"])  # the session is signed with the secret too
        assert _arrivals(_csv(_get(client, round, "csv")), columns) != order
    client.force_login(world["owner_a"])
    _fill(round, 1, start=N)
    grown = [i for i in _arrivals(_csv(_get(client, round, "csv")), columns) if i < N]
    assert grown != order


def test_the_watched_last_answer_has_no_telling_place(client, world):
    """A facilitator who saw a small party's count go from 0 to 1 knows that answer arrived
    last. Its row is pooled into "other parties", and where it lands depends on the round's
    data and the server's secret, not on its arrival: in four rounds answered in the same
    order it lands in different places (in one of them it may well be last, as any row may)."""
    project = world["round_a"].project
    business = Party.objects.create(project=project, name="Næringsliv", position=9)
    client.force_login(world["owner_a"])
    places = []
    for label in ("Oppstart", "Underveis", "Avslutning", "Etterpå"):
        round = (
            world["round_a"]
            if label == "Oppstart"
            else services.round_create(project=project, label=label)
        )
        columns = _fill(round)
        instrument = spec(round)
        lone = grid_answers(instrument)
        first, second = [item.id for item in instrument.items if item.dimension("value")][:2]
        lone[first], lone[second] = N // 5 + 1, N % 5 + 1
        answer(round, business, lone)
        rows = _csv(_get(client, round, "csv"))
        place = _arrivals(rows, columns).index(N)
        assert rows[1 + place][3] == "0"  # pooled, as on the results page
        places.append(place)
    assert len(set(places)) > 1


def test_free_text_has_no_party_and_an_order_of_its_own(client, world):
    round = world["round_a"]
    columns = _fill(round)
    client.force_login(world["owner_a"])
    answers = _arrivals(_csv(_get(client, round, "csv", free_text="on")), columns)
    texts = _csv(_get(client, round, "fritekst", free_text="on"))
    assert texts[0] == ["round", "question", "text"]
    order = [int(row[2].removeprefix("svar ")) for row in texts[1:]]
    assert sorted(order) == list(range(N))
    assert order != list(range(N))
    assert order != answers  # a text's place does not point to its respondent's row
    assert _csv(_get(client, round, "fritekst", free_text="on")) == texts
