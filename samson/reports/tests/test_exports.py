"""Data exports: CSV, codebook, XLSX, SPSS and the open-data package, read back and checked;
suppression and the protection of respondents in every format; an instrument change."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import zipfile
from collections import Counter
from pathlib import Path

import pyreadstat
import pytest
from django.utils import timezone
from frictionless import validate
from openpyxl import load_workbook

from samson.projects import services
from samson.testing.rounds import answer, grid_answers, parties_of, spec

from .conftest import FREE_TEXT, round_url, samson_v3

FIXED = ["respondent", "round", "instrument", "party"]
PARTY_LABELS = {
    0: "Andre parter",
    1: "Kommunen",
    2: "Innbyggere og brukere",
    3: "Frivillig sektor",
    4: "Næringsliv",
}
# The results page's numbers for the four-party round: all, the two shown parties, the pool.
SCORES = [
    (1, "Alle deltakere", 19, 51, 53.9),
    (1, "Kommunen", 6, 62.5, 100),
    (1, "Innbyggere og brukere", 6, 37.5, 0),
    (1, "Andre parter samlet", 7, 52.7, 60.7),
]


def _get(client, round, fmt, **params):
    reply = client.get(round_url("reports:round_export_file", round, fmt=fmt), params)
    assert reply.status_code == 200
    assert "no-store" in reply["Cache-Control"].split(", ")
    return reply


def _csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8"))))


@pytest.fixture
def owner(client, world):
    client.force_login(world["owner_a"])
    return client


def test_csv_has_one_row_per_answer_and_no_identifying_data(owner, four_parties):
    reply = _get(owner, four_parties, "csv")
    assert reply["Content-Type"] == "text/csv; charset=utf-8"
    name = f"samson-prosjekt-{four_parties.project_id}-maling-1.csv"
    assert reply["Content-Disposition"] == f'attachment; filename="{name}"'
    rows = _csv(reply.content)
    header, body = rows[0], rows[1:]
    assert header[:4] == FIXED
    assert header[4:7] == ["TYP_UTF", "TYP_LOS", "TYP_GJF"]
    assert "LIK_PRB_1" in header
    assert not any(name.startswith("FRI_") for name in header)  # free text not ticked
    assert len(body) == 19  # finished answers only
    assert [row[0] for row in body] == [str(n) for n in range(1, 20)]
    # Business (2) and the voluntary sector (5, merged) are pooled as 0, as on the page.
    assert Counter(row[3] for row in body) == {"0": 7, "1": 6, "2": 6}
    assert {row[2] for row in body} == {"samson v2"}
    text = reply.content.decode()
    assert not re.search(r"\d{2}:\d{2}", text)
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)  # no date either
    assert timezone.localdate().isoformat() not in text
    assert FREE_TEXT not in text
    for response in four_parties.responses.all():
        assert response.token_hash not in text


def test_free_text_only_when_ticked_and_then_in_its_own_file(owner, four_parties):
    answers = _csv(_get(owner, four_parties, "csv", free_text="on").content)
    assert not any(name.startswith("FRI_") for name in answers[0])
    assert FREE_TEXT not in str(answers)
    reply = _get(owner, four_parties, "fritekst", free_text="on")
    name = f"samson-prosjekt-{four_parties.project_id}-maling-1-fritekst.csv"
    assert reply["Content-Disposition"] == f'attachment; filename="{name}"'
    # Round and question only: no party, no respondent number.
    assert _csv(reply.content) == [["round", "question", "text"], ["1", "1", FREE_TEXT]]
    unticked = _get(owner, four_parties, "fritekst")
    assert _csv(unticked.content) == [["round", "question", "text"]]


def test_codebook_documents_every_code(owner, four_parties):
    rows = _csv(_get(owner, four_parties, "kodebok").content)
    assert rows[0] == [
        "Tabell",
        "Variabel",
        "Etikett",
        "Type",
        "Spørreskjema",
        "Spørsmål",
        "Koder",
        "Beskrivelse",
    ]
    by_name = {(row[0], row[1]): row for row in rows[1:] if len(row) == 8}
    assert by_name[("responses", "party")][6] == (
        "0 = Andre parter; 1 = Kommunen; 2 = Innbyggere og brukere; 3 = Frivillig sektor; "
        "4 = Næringsliv"
    )
    likert = by_name[("responses", "LIK_PRB_1")]
    assert likert[3:6] == ["integer", "samson v2", "LIK-PRB-1"]
    assert likert[6] == (
        "1 = Helt uenig; 2 = Litt uenig; 3 = Verken enig eller uenig; 4 = Litt enig; "
        "5 = Helt enig; 9 = Vet ikke / ikke relevant"
    )
    assert likert[7] == "«Vet ikke» har koden 9."
    assert ["Fritekstsvar er utelatt."] in rows


def test_xlsx_has_typed_cells_a_codebook_and_a_frozen_header(owner, four_parties):
    book = load_workbook(io.BytesIO(_get(owner, four_parties, "xlsx").content))
    assert book.sheetnames == ["Svar", "Skårer", "Kodebok", "Om filen"]
    answers = book["Svar"]
    assert answers.freeze_panes == "A2"
    assert [cell.value for cell in answers[1]][:4] == FIXED
    first = [cell.value for cell in answers[2]]
    assert first[:3] == [1, 1, "samson v2"]
    assert first[3] in (0, 1, 2)
    assert not any(isinstance(value, datetime.date) for row in answers.values for value in row)
    answered = [value for value in first[4:] if value is not None]
    assert len(answered) == 35  # the 32 statements of the grid and 3 typology questions
    assert all(isinstance(value, int) for value in answered)
    assert answers.max_row == 20
    scores = [row[:5] for row in book["Skårer"].iter_rows(min_row=2, values_only=True)]
    assert scores == SCORES
    assert book["Skårer"].freeze_panes == "A2"
    codebook = {row[1]: row for row in book["Kodebok"].iter_rows(min_row=2, values_only=True)}
    assert codebook["party"][6].startswith("0 = Andre parter; 1 = Kommunen")
    assert book["Kodebok"].freeze_panes == "A2"


def test_sav_has_variable_and_value_labels(owner, four_parties, tmp_path: Path):
    path = tmp_path / "svar.sav"
    path.write_bytes(_get(owner, four_parties, "sav").content)
    frame, meta = pyreadstat.read_sav(str(path))
    assert list(frame.columns[:4]) == FIXED
    assert frame.shape[0] == 19
    labels = meta.column_names_to_labels
    assert labels["party"] == "Part"
    assert labels["LIK_PRB_1"] == spec(four_parties).item("LIK-PRB-1").text.nb
    assert meta.variable_value_labels["party"] == {float(k): v for k, v in PARTY_LABELS.items()}
    assert meta.variable_value_labels["LIK_PRB_1"][9.0] == "Vet ikke / ikke relevant"
    assert meta.variable_value_labels["round"] == {1.0: "Oppstart"}
    assert Counter(frame["party"]) == {0.0: 7, 1.0: 6, 2.0: 6}
    assert "completed_on" not in meta.original_variable_types


def test_sav_declares_dont_know_missing_with_measure_levels_and_formats(
    owner, four_parties, tmp_path: Path
):
    path = tmp_path / "svar.sav"
    path.write_bytes(_get(owner, four_parties, "sav").content)
    frame, meta = pyreadstat.read_sav(str(path), user_missing=True)
    items = [name for name in frame.columns if name not in FIXED]
    assert items and all(meta.missing_ranges[name] == [{"lo": 9.0, "hi": 9.0}] for name in items)
    assert set(meta.missing_ranges) == set(items)
    # Likert items are ordered; "who defined, designs, delivers" (TYP_*) are not.
    levels = {name: meta.variable_measure[name] for name in items}
    assert {level for name, level in levels.items() if name.startswith("LIK_")} == {"ordinal"}
    assert {level for name, level in levels.items() if name.startswith("TYP_")} == {"nominal"}
    assert {meta.original_variable_types[name] for name in items} == {"F1.0"}
    assert [meta.variable_measure[name] for name in FIXED] == ["nominal"] * 4
    assert meta.original_variable_types["party"] == "F1.0"
    assert meta.original_variable_types["respondent"] == "F2.0"  # 19 answers
    assert meta.original_variable_types["instrument"] == "A9"  # "samson v2"
    # The don't-know codes stay in the file; SPSS leaves them out of a mean.
    answered_nine = int((frame[items] == 9).sum().sum())
    plain, _meta = pyreadstat.read_sav(str(path))
    assert int(plain[items].isna().sum().sum()) == answered_nine + int(
        frame[items].isna().sum().sum()
    )


def test_datapackage_validates_with_frictionless(owner, four_parties, tmp_path: Path):
    content = _get(owner, four_parties, "datapakke", free_text="on").content
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert sorted(archive.namelist()) == [
            "answers.csv",
            "datapackage.json",
            "free-text.csv",
            "scores.csv",
        ]
        archive.extractall(tmp_path)
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads((tmp_path / "datapackage.json").read_text("utf-8"))
    answers, scores, free_text = descriptor["resources"]
    fields = {field["name"]: field for field in answers["schema"]["fields"]}
    assert fields["party"]["type"] == "integer"
    assert fields["party"]["constraints"] == {"enum": [0, 1, 2, 3, 4]}
    assert "completed_on" not in fields
    assert not any(name.startswith("FRI_") for name in fields)
    assert fields["LIK_PRB_1"]["constraints"] == {"enum": [1, 2, 3, 4, 5, 9]}
    assert free_text["path"] == "free-text.csv"
    assert [field["name"] for field in free_text["schema"]["fields"]] == [
        "round",
        "question",
        "text",
    ]
    assert _csv((tmp_path / "free-text.csv").read_bytes()) == [
        ["round", "question", "text"],
        ["1", "1", FREE_TEXT],
    ]
    rows = _csv((tmp_path / "scores.csv").read_bytes())
    assert [tuple(row[:5]) for row in rows[1:]] == [
        tuple(str(value) for value in row) for row in SCORES
    ]
    assert "Fritekstsvar er tatt med, slik tilretteleggeren valgte." in descriptor["description"]


def test_a_round_under_the_minimum_exports_no_answers_and_no_scores(client, world, tmp_path):
    round = world["round_a"]
    answer(round, parties_of(round)["kommunen"], grid_answers(spec(round)), 4)
    client.force_login(world["owner_a"])
    assert len(_csv(_get(client, round, "csv").content)) == 1  # the header only
    book = load_workbook(io.BytesIO(_get(client, round, "xlsx").content))
    assert book["Svar"].max_row == 1
    assert book["Skårer"].max_row == 1
    notes = [row[0] for row in book["Om filen"].iter_rows(values_only=True)]
    assert "Oppstart: færre enn 5 ferdige svar, så svarene er utelatt." in notes
    path = tmp_path / "tom.sav"
    path.write_bytes(_get(client, round, "sav").content)
    frame, _meta = pyreadstat.read_sav(str(path))
    assert frame.shape[0] == 0
    content = _get(client, round, "datapakke").content
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        archive.extractall(tmp_path)
    assert validate(str(tmp_path / "datapackage.json")).valid


def test_project_export_across_an_instrument_change(client, world, four_parties, tmp_path):
    project = four_parties.project
    v3 = samson_v3()
    later = services.round_create(project=project, label="Underveis", version=v3)
    answer(later, parties_of(later)["kommunen"], grid_answers(spec(later), {"likeverd": 4}), 5)
    client.force_login(world["owner_a"])
    from django.urls import reverse

    url = reverse("reports:project_export_file", kwargs={"project_pk": project.pk, "fmt": "csv"})
    reply = client.get(url)
    name = f"samson-prosjekt-{project.pk}.csv"
    assert reply["Content-Disposition"] == f'attachment; filename="{name}"'
    rows = _csv(reply.content)
    header, body = rows[0], rows[1:]
    assert header[:4] == FIXED
    assert "LIK_PRB_1" not in header
    old_column, new_column = header.index("v2_LIK_PRB_1"), header.index("v3_LIK_PRB_1")
    assert header.index("v2_TYP_UTF") < header.index("v3_TYP_UTF")
    assert len(body) == 24
    first, second = body[:19], body[19:]
    assert {row[1] for row in first} == {"1"} and {row[1] for row in second} == {"2"}
    assert {row[2] for row in second} == {"samson v3"}
    assert all(row[old_column] and not row[new_column] for row in first)
    assert [(row[old_column], row[new_column]) for row in second] == [("", "4")] * 5
    # Round 2: the municipality's 5 answers are the whole round, so its party is shown.
    assert {row[3] for row in second} == {"1"}

    codebook = _csv(
        client.get(
            reverse(
                "reports:project_export_file", kwargs={"project_pk": project.pk, "fmt": "kodebok"}
            )
        ).content
    )
    labels = {row[1]: row for row in codebook[1:] if len(row) == 8}
    assert labels["v2_LIK_PRB_1"][2:6] == [
        spec(four_parties).item("LIK-PRB-1").text.nb,
        "integer",
        "samson v2",
        "LIK-PRB-1",
    ]
    assert labels["v3_LIK_PRB_1"][2:6] == [
        "Alle parter fikk like mye plass da problemet ble beskrevet.",
        "integer",
        "samson v3",
        "LIK-PRB-1",
    ]
    assert any(
        row
        and row[0].startswith("Spørreskjemaet ble endret mellom målingene (samson v2, samson v3)")
        for row in codebook
    )

    sav = tmp_path / "prosjekt.sav"
    sav.write_bytes(
        client.get(
            reverse("reports:project_export_file", kwargs={"project_pk": project.pk, "fmt": "sav"})
        ).content
    )
    frame, meta = pyreadstat.read_sav(str(sav))
    assert frame.shape[0] == 24
    assert meta.column_names_to_labels["v3_LIK_PRB_1"] == (
        "Alle parter fikk like mye plass da problemet ble beskrevet."
    )
    assert meta.variable_value_labels["round"] == {1.0: "Oppstart", 2.0: "Underveis"}

    content = client.get(
        reverse(
            "reports:project_export_file", kwargs={"project_pk": project.pk, "fmt": "datapakke"}
        )
    ).content
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        archive.extractall(tmp_path)
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    scores = _csv((tmp_path / "scores.csv").read_bytes())
    assert [row[:3] for row in scores[1:]] == [
        *[[str(v) for v in row[:3]] for row in SCORES],
        ["2", "Alle deltakere", "5"],
        ["2", "Kommunen", "5"],
    ]


def test_unknown_format_is_not_found(owner, four_parties):
    assert (
        owner.get(round_url("reports:round_export_file", four_parties, fmt="pdf")).status_code
        == 404
    )


def test_export_page_offers_every_format_and_the_free_text_box(owner, four_parties):
    from samson.testing.html import headings, visible_text

    html = owner.get(round_url("reports:round_export", four_parties)).content.decode()
    assert headings(html, "h1") == ["Eksporter data: Oppstart"]
    assert 'type="checkbox" name="free_text"' in html
    for fmt in ("csv", "kodebok", "fritekst", "xlsx", "sav", "datapakke"):
        assert (
            f'formaction="{round_url("reports:round_export_file", four_parties, fmt=fmt)}"' in html
        )
    text = visible_text(html)
    assert "Ta med fritekstsvar" in text
    assert "minste gruppestørrelse 5" in text
