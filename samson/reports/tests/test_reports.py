"""The round, comparison and solo reports: the same numbers and suppression as the pages, as
HTML and as a tagged PDF with vector charts."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import formats, timezone
from pypdf import PdfReader

from samson.projects import services
from samson.reports import builders
from samson.responses.services import response_complete, response_start
from samson.testing.html import headings, table, visible_text
from samson.testing.pdf import pdf_text, tagged_root
from samson.testing.rounds import answer, grid_answers, parties_of, spec

from .conftest import round_url

COUNTS = [
    ["Kommunen", "6"],
    ["Innbyggere og brukere", "6"],
    ["Frivillig sektor", "telt med i andre parter"],
    ["Næringsliv", "færre enn 5"],
    ["Andre parter samlet", "7"],
    ["Alle deltakere", "19"],
]
SUMMARY = [
    "Ferdige svar: 19.",
    "Samlet skår for alle deltakerne: 51,0 av 100.",
    "Modenhetsnivå: Tynn samskaping.",
    "Parter som vises for seg: 2 av 4 (minste gruppestørrelse 5).",
    "Steder der partene ser det ulikt: 9.",
]


def _today() -> str:
    return str(formats.date_format(timezone.localdate(), "DATE_FORMAT"))


def test_round_report_data_is_the_results_pages_data(four_parties):
    report = builders.round_report(four_parties, "nb")
    assert report.meta.title == "Resultater fra Oppstart"
    assert report.meta.project == "Fire parter"
    assert report.meta.language == "nb"
    assert list(report.summary) == SUMMARY
    assert [column.name for column in report.results.columns] == [
        "Kommunen",
        "Innbyggere og brukere",
        "Andre parter samlet",
    ]
    # The disagreements come first in the dialogue, then the weakest places of everyone.
    assert report.dialogue[0].title == "Likeverd"
    assert report.dialogue[0].reason == "Partenes skår ligger 100,0 poeng fra hverandre."
    assert report.dialogue[-1].reason.startswith("Et av de svakeste stedene for alle deltakerne:")
    assert report.follow_up == ""


def test_round_report_html_matches_the_results_page(client, world, four_parties):
    client.force_login(world["owner_a"])
    page = client.get(round_url("results:round", four_parties)).content.decode()
    html = client.get(round_url("reports:round", four_parties)).content.decode()
    assert headings(html, "h1") == ["Resultater fra Oppstart"]
    assert headings(html, "h2") == [
        "Oppsummering",
        "Der partene ser det ulikt",
        "Spørsmål til dialogen",
        "Alle deltakerne samlet",
        "Hver part",
        "Hvem definerte, utformet og leverer – per part",
        "Hvem som svarte",
        "Dette gjorde vi med innspillene dine",
    ]
    for caption in (
        "Ferdige svar per part",
        "Skår per verdi, for alle deltakere",
        "Skår per handlingsfelt, for alle deltakere",
        "Skår per verdi (rader) og handlingsfelt (kolonner), alle deltakere",
    ):
        assert table(html, caption) == table(page, caption), caption
    assert table(html, "Ferdige svar per part")[1:] == COUNTS
    values = table(html, "Skår per verdi, for alle")
    assert values[1] == ["Likeverd", "53,9", "100,0", "0,0", "60,7"]
    text = visible_text(html)
    for line in SUMMARY:
        assert line in text
    # The suppressed parties are named once, in the table of counts, never beside a score.
    assert html.count("Frivillig sektor") == 1
    assert html.count("Næringsliv") == 1
    assert "Last ned rapporten som PDF" in text


def test_round_report_shows_the_follow_up(client, world, four_parties):
    services.round_follow_up_publish(round=four_parties, text="Vi flyttet møtene til kvelden.")
    client.force_login(world["owner_a"])
    html = client.get(round_url("reports:round", four_parties)).content.decode()
    assert "Vi flyttet møtene til kvelden." in visible_text(html)


def _structure_types(node: Any, found: set[str], depth: int = 0) -> None:
    if depth > 60:
        return
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, list):
        for child in node:
            _structure_types(child, found, depth + 1)
        return
    if not hasattr(node, "get"):
        return
    if "/S" in node:
        found.add(str(node["/S"]))
    if "/K" in node:
        _structure_types(node["/K"], found, depth + 1)


def _images(reader: PdfReader) -> int:
    count = 0
    for page in reader.pages:
        resources: Any = page.get("/Resources")
        xobjects = resources.get_object().get("/XObject") if resources else None
        for ref in (xobjects or {}).values():
            if ref.get_object().get("/Subtype") == "/Image":
                count += 1
    return count


@pytest.mark.slow  # renders a PDF
def test_round_report_pdf_is_tagged_with_the_same_numbers(client, world, four_parties):
    client.force_login(world["owner_a"])
    reply = client.get(round_url("reports:round_pdf", four_parties))
    assert reply.status_code == 200
    assert reply["Content-Type"] == "application/pdf"
    assert reply["Content-Disposition"].startswith('attachment; filename="samson-rapport-')
    root = tagged_root(
        reply.content, language="nb", title="Resultater fra Oppstart – Fire parter – SAMSON"
    )
    reader = PdfReader(io.BytesIO(reply.content))
    types: set[str] = set()
    _structure_types(root["/StructTreeRoot"], types)
    assert {"/H1", "/H2", "/H3", "/Table", "/TH", "/TD", "/L", "/P"} <= types
    # Charts are vector graphics (inline SVG), not pictures.
    assert _images(reader) == 0
    pages = len(reader.pages)
    text = pdf_text(reply.content)
    assert text.startswith("Resultater fra Oppstart Prosjekt Fire parter Organisasjon")
    for line in SUMMARY:
        assert line in text
    # Every page carries the project and the date at the top and its number at the bottom.
    for number, page in enumerate(reader.pages, start=1):
        page_text = " ".join((page.extract_text() or "").split())
        assert f"Fire parter – {_today()}" in page_text
        assert f"{number} / {pages}" in page_text
    assert "Næringsliv færre enn 5" in text
    assert "Frivillig sektor telt med i andre parter" in text
    assert "Andre parter samlet 7" in text
    assert "Likeverd 53,9 100,0 0,0 60,7" in text
    assert text.count("Næringsliv") == 1
    assert text.count("Frivillig sektor") == 1


@pytest.mark.slow  # renders a PDF
def test_a_round_under_the_minimum_shows_nothing_in_either_format(client, world):
    round = world["round_a"]
    parties = parties_of(round)
    answer(round, parties["kommunen"], grid_answers(spec(round)), 3)
    client.force_login(world["owner_a"])
    html = client.get(round_url("reports:round", round)).content.decode()
    text = visible_text(html)
    expected = "Denne målingen har færre enn 5 ferdige svar, så ingen resultater vises ennå."
    assert expected in text
    assert table(html, "Ferdige svar per part")[1:] == [
        ["Kommunen", "færre enn 5"],
        ["Innbyggere og brukere", "ingen svar"],
        ["Alle deltakere", "færre enn 5"],
    ]
    assert "Hver part" not in headings(html, "h2")
    pdf = pdf_text(client.get(round_url("reports:round_pdf", round)).content)
    assert expected in pdf
    assert "Kommunen færre enn 5" in pdf
    assert "Samlet skår" not in pdf


@pytest.mark.slow  # renders a PDF
def test_comparison_report_html_and_pdf(client, world, four_parties):
    later = services.round_create(project=four_parties.project, label="Underveis")
    parties = parties_of(later)
    answer(later, parties["kommunen"], grid_answers(spec(later), {"likeverd": 4}), 6)
    client.force_login(world["owner_a"])
    query = f"?a={four_parties.pk}&b={later.pk}"
    base = reverse("reports:comparison", kwargs={"project_pk": four_parties.project_id})
    page = client.get(
        reverse("results:compare", kwargs={"project_pk": four_parties.project_id}) + query
    ).content.decode()
    html = client.get(base + query).content.decode()
    assert headings(html, "h1") == ["Fra Oppstart til Underveis"]
    assert table(html, "Alle deltakere") == table(page, "Alle deltakere")
    assert table(html, "Kommunen") == table(page, "Kommunen")
    pdf = client.get(
        reverse("reports:comparison_pdf", kwargs={"project_pk": four_parties.project_id}) + query
    )
    assert pdf.status_code == 200
    text = pdf_text(pdf.content)
    assert text.startswith("Fra Oppstart til Underveis")
    row = " ".join(table(page, "Alle deltakere")[1])
    assert row in text


def test_comparison_report_needs_two_rounds(client, world):
    client.force_login(world["owner_a"])
    url = reverse("reports:comparison", kwargs={"project_pk": world["project_a"].pk})
    assert client.get(url).status_code == 404
    assert client.get(f"{url}?a={world['round_a'].pk}&b={world['round_a'].pk}").status_code == 404


@pytest.fixture
def solo(instruments, kort):
    from samson.instruments.selectors import instrument_version_get
    from samson.responses.models import Answer

    version = instrument_version_get(key="samson-kort")
    response, token = response_start(instrument_version=version, language="nb")
    for item in kort.items:
        if item.type == "choice":
            Answer.objects.create(response=response, item_id=item.id, code=2)
        elif item.type == "scale":
            Answer.objects.create(response=response, item_id=item.id, code=2 if item.reverse else 4)
    response_complete(response=response)
    return token


@pytest.mark.slow  # renders a PDF
def test_solo_report_matches_the_result_page(client, solo):
    page = client.get(reverse("responses:result", kwargs={"token": solo})).content.decode()
    html = client.get(reverse("solo_reports:report", kwargs={"token": solo})).content.decode()
    caption = "Skår per verdi (rader) og handlingsfelt (kolonner)"
    assert table(html, caption) == table(page, caption)
    assert headings(html, "h1") == ["Din samskapingsprofil"]
    pdf = client.get(reverse("solo_reports:report_pdf", kwargs={"token": solo}))
    assert "no-store" in pdf["Cache-Control"].split(", ")
    text = pdf_text(pdf.content)
    assert text.startswith("Din samskapingsprofil Dato")
    values = " ".join(table(page, caption)[1])
    assert values in text
    assert re.search(r"1 / \d+", text)


def test_round_report_in_nynorsk(client, world, four_parties):
    client.force_login(world["owner_a"])
    html = client.get(
        round_url("reports:round", four_parties), HTTP_ACCEPT_LANGUAGE="nn"
    ).content.decode()
    assert headings(html, "h1") == ["Resultat frå Oppstart"]
    assert "Samla skår for alle deltakarane: 51,0 av 100." in visible_text(html)
