"""The barometer edition report: EditionData's numbers and suppression, as HTML and tagged PDF."""

from __future__ import annotations

import io
from functools import partial

import pytest
from django.urls import reverse
from pypdf import PdfReader

from samson.accounts.models import Organisation
from samson.barometer import services
from samson.barometer.models import Edition
from samson.barometer.presenters import references_for
from samson.barometer.selectors import EditionData
from samson.reports import builders
from samson.reports.data import BarometerReport, IndicatorEstimate
from samson.reports.models import EditionPdf
from samson.surveystats import proportion_interval
from samson.testing.barometer import EDITION_ROLES, analyst_of, edition_people
from samson.testing.html import headings, inline_code, table, visible_text
from samson.testing.pdf import pdf_text, tagged_root
from samson.testing.permissions import LOGIN, Cell, Row, assert_cell, cells, log_in

from .conftest import edition_pdf_made

pytestmark = pytest.mark.django_db


@pytest.fixture
def synthetic(instruments: None) -> Edition:
    organisation = Organisation.objects.create(name="Bodø", kind="kommune")
    edition = services.edition_create(
        organisation=organisation, user=None, year=2020, title="Demo", sectors=[1, 2]
    )
    services.synthetic_load(edition=edition, n=400)
    return edition


def _indicator(report: BarometerReport, name: str) -> IndicatorEstimate:
    [found] = [i for theme in report.themes for i in theme.indicators if i.name == name]
    return found


def _url(name: str, edition: Edition, query: str = "") -> str:
    return reverse(name, kwargs={"pk": edition.pk}) + query


def test_the_report_holds_edition_datas_estimates(edition):
    report = builders.barometer_report(edition, "nb")
    assert report.meta.kind == "barometer"
    assert report.meta.title == "Rapport: Liten (2025)"
    assert report.meta.language == "nb"
    assert report.meta.label == ""
    assert (report.n, report.weighted, report.weighting_variables) == (6, True, ("enhetstype",))
    assert report.min_group_size == 5
    assert report.by is None
    assert [theme.key for theme in report.themes] == [
        "innovasjon",
        "nyeste",
        "aktorer",
        "fremmer",
        "verdi",
        "kultur",
    ]
    names = [i.name for theme in report.themes for i in theme.indicators]
    expected = EditionData(edition).estimate(names, None, 5)
    assert {i.name: list(i.cells) for t in report.themes for i in t.indicators} == expected
    innovative = _indicator(report, "I_INNOVATIV")
    [overall] = innovative.cells
    assert overall.estimate == pytest.approx(5 / 12, abs=1e-12)
    assert overall.n == 6 and overall.weighted_n == pytest.approx(400.0)
    assert overall.se is not None
    assert (overall.ci_low, overall.ci_high) == pytest.approx(
        proportion_interval(5 / 12, overall.se, method="logit", df=5), rel=1e-12
    )
    assert (overall.suppressed, overall.imprecise) == (False, True)
    [row] = innovative.rows
    assert (row.label, row.estimate, row.n) == ("Alle enheter", "41,7", 6)
    assert innovative.label == "Innovativ enhet (minst én type innovasjon)"
    assert innovative.chart.startswith("<svg")
    # The published KS/COI figures of the indicator, with their sources.
    published = references_for("I_INNOVATIV")
    assert published
    assert [(r.publisher, r.edition, r.url) for r in innovative.references] == [
        (r.publisher, r.edition, r.url) for r in published
    ]


def test_a_breakdown_suppresses_the_groups_as_the_page_does(client, edition):
    report = builders.barometer_report(edition, "nb", by="sektor")
    assert (report.by, report.by_label) == ("sektor", "Sektor")
    innovative = _indicator(report, "I_INNOVATIV")
    assert (
        list(innovative.cells)
        == EditionData(edition).estimate(["I_INNOVATIV"], "sektor", 5)["I_INNOVATIV"]
    )
    # Both sectors have 3 answers: hidden, with no numbers at all; the whole is shown.
    assert [(c.group, c.suppressed, c.estimate, c.n) for c in innovative.cells[1:]] == [
        (1, True, None, 3),
        (2, True, None, 3),
    ]
    assert [row.n for row in innovative.rows] == [6, None, None]
    # An unknown breakdown is ignored, as on the page.
    assert builders.barometer_report(edition, "nb", by="skostorrelse").by is None

    client.force_login(analyst_of(edition))
    caption = "Innovativ enhet (minst én type innovasjon)"
    page = client.get(_url("barometer:estimates", edition, "?etter=sektor")).content.decode()
    html = client.get(_url("barometer_reports:report", edition, "?etter=sektor")).content.decode()
    assert table(html, caption) == table(page, caption)
    rows = table(html, caption)
    assert rows[1] == ["Alle enheter", "41,7", "5,6–89,6", "6", "Usikkert: bredt intervall"]
    assert [row[1:] for row in rows[2:]] == [["–", "–", "–", "Skjult: færre enn 5 svar"]] * 2
    # The PDF link keeps the breakdown.
    assert _url("barometer_reports:report_pdf", edition, "?etter=sektor") in html


def test_the_html_report(client, edition):
    client.force_login(analyst_of(edition))
    html = client.get(_url("barometer_reports:report", edition)).content.decode()
    assert headings(html, "h1") == ["Rapport: Liten (2025)"]
    assert headings(html, "h2") == [
        "Om tallene",
        "Innovasjon de siste to årene",
        "Den nyeste innovasjonen",
        "Initiativtakere, samarbeidspartnere og roller",
        "Hva fremmet og hva hemmet",
        "Verdi, teknologi, evaluering og spredning",
        "Kulturen på arbeidsplassen",
    ]
    text = visible_text(html)
    assert "Enheter som har svart: 6." in text
    assert "Vektet: poststratifisert mot populasjonsrammen (enhetstype)." in text
    assert "SYNTETISKE DATA" not in text
    assert "Last ned rapporten som PDF" in text
    assert html.count("<svg") == len(headings(html, "h3")) == 88
    # Nothing the Content-Security-Policy would block.
    assert inline_code(html) == []
    # The estimates page links to both formats.
    page = client.get(_url("barometer:estimates", edition)).content.decode()
    assert f'href="{_url("barometer_reports:report", edition)}"' in page
    assert f'href="{_url("barometer_reports:report_pdf", edition)}"' in page


@pytest.mark.slow  # renders a PDF
def test_the_pdf_is_tagged_with_the_numbers(client, edition):
    client.force_login(analyst_of(edition))
    reply = edition_pdf_made(client, edition)
    assert reply.status_code == 200
    assert reply["Content-Type"] == "application/pdf"
    assert reply["Content-Disposition"] == (
        f'attachment; filename="samson-barometer-{edition.pk}.pdf"'
    )
    tagged_root(reply.content, language="nb", title="Rapport: Liten (2025) – SAMSON")
    text = pdf_text(reply.content)
    assert text.startswith("Rapport: Liten (2025) Utgave Liten Organisasjon Arendal Dato")
    assert "Innovativ enhet (minst én type innovasjon)" in text
    assert "Alle enheter 41,7 5,6–89,6 6 Usikkert: bredt intervall" in text
    assert "Publiserte tall: KS 2020: 74 %" in text
    assert "Kilde: https://www.ks.no/" in text
    assert "SYNTETISKE DATA" not in text


@pytest.mark.slow  # 2,000 synthetic respondents, HTML and PDF
def test_a_synthetic_edition_is_labelled_everywhere(client, synthetic):
    report = builders.barometer_report(synthetic, "nb", by="sektor")
    assert report.synthetic is True and report.meta.label == "SYNTETISKE DATA"
    names = [i.name for theme in report.themes for i in theme.indicators]
    expected = EditionData(synthetic).estimate(names, "sektor", 5)
    assert {i.name: list(i.cells) for t in report.themes for i in t.indicators} == expected
    innovative = _indicator(report, "I_INNOVATIV")
    overall = innovative.cells[0]
    assert overall.n == 400 and not overall.suppressed

    client.force_login(analyst_of(synthetic))
    html = client.get(_url("barometer_reports:report", synthetic, "?etter=sektor")).content
    assert "SYNTETISKE DATA" in visible_text(html.decode())
    reply = edition_pdf_made(client, synthetic, "?etter=sektor")
    reader = PdfReader(io.BytesIO(reply.content))
    assert reader.metadata is not None
    assert reader.metadata.title == "Rapport: Demo (2020) – SYNTETISKE DATA – SAMSON"
    text = pdf_text(reply.content)
    assert text.startswith("Rapport: Demo (2020)")
    # The label is in the running header of every page.
    for page in reader.pages:
        assert "SYNTETISKE DATA – Demo – " in " ".join((page.extract_text() or "").split())
    row = innovative.rows[0]
    assert f"Alle enheter {row.estimate} {row.ci_low}–{row.ci_high} 400" in text


# Answers per role: anonymous, analyst, admin, facilitator, another organisation's analyst.
EDITION_MATRIX = [
    Row("barometer_reports:report", "get", [LOGIN, 200, 200, 404, 404]),
    # The page that makes the PDF in the background, and asking for it.
    Row("barometer_reports:report_pdf", "get", [LOGIN, 200, 200, 404, 404]),
    Row("barometer_reports:report_pdf", "post", [LOGIN, 302, 302, 404, 404]),
]


@pytest.mark.parametrize("cell", cells(EDITION_MATRIX, roles=EDITION_ROLES))
def test_permissions(client, edition, cell: Cell):
    log_in(client, edition_people(edition), cell.role)
    url = _url(cell.row.name, edition)
    send = partial(getattr(client, cell.row.method), url)
    assert_cell(cell, send, url=url, snapshot=EditionPdf.objects.count)
