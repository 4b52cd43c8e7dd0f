"""The report and export pages in Chromium, checked with axe-core (WCAG 2.1 AA)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from samson.testing.axe import assert_accessible
from samson.testing.barometer import analyst_of

from .conftest import round_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_locale() -> str:
    return "en-GB"


@pytest.fixture
def viewport() -> dict[str, int]:
    return {"width": 1280, "height": 800}


def _log_in(page: Any, live_server: Any, user: Any) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def test_report_and_export_pages_are_accessible(
    page: Any, live_server: Any, world: Any, four_parties: Any
) -> None:
    _log_in(page, live_server, world["owner_a"])
    page.goto(live_server.url + round_url("reports:round", four_parties))
    assert page.locator("h1").inner_text() == "Results of Oppstart"
    assert_accessible(page)
    page.goto(live_server.url + round_url("reports:round_export", four_parties))
    assert page.locator("h1").inner_text() == "Export data: Oppstart"
    assert_accessible(page)
    page.get_by_label("Include free-text answers").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Answers as CSV (UTF-8)", exact=True).click()
    assert download.value.suggested_filename.endswith("-maling-1.csv")
    assert "FRI_BRA" not in download.value.path().read_text("utf-8")  # free text has its file
    with page.expect_download() as download:
        page.get_by_role("button", name="Free-text answers as CSV (UTF-8)").click()
    assert download.value.suggested_filename.endswith("-maling-1-fritekst.csv")
    assert download.value.path().read_text("utf-8").splitlines()[0] == "round,question,text"


def test_the_barometer_edition_report_is_accessible(
    page: Any, live_server: Any, edition: Any
) -> None:
    _log_in(page, live_server, analyst_of(edition))
    page.goto(f"{live_server.url}/barometer/{edition.pk}/rapport/?etter=sektor")
    assert page.locator("h1").inner_text() == "Report: Liten (2025)"
    assert page.get_by_label("Break down by").input_value() == "sektor"
    assert_accessible(page)


def test_the_edition_pdf_page_is_accessible_in_every_state(
    page: Any, live_server: Any, edition: Any, monkeypatch: Any
) -> None:
    from samson.reports import services
    from samson.reports.models import EditionPdf

    _log_in(page, live_server, analyst_of(edition))
    page.goto(f"{live_server.url}/barometer/{edition.pk}/estimater/?etter=sektor")
    page.get_by_role("link", name="Report as PDF").click()
    assert page.url == f"{live_server.url}/barometer/{edition.pk}/rapport/pdf/?etter=sektor"
    assert page.locator("h1").inner_text() == "Report as PDF: Liten (2025)"
    status = page.get_by_role("status")
    assert status.inner_text() == "No PDF has been made from the current data."
    assert_accessible(page)
    page.get_by_role("button", name="Make the PDF").click()
    assert status.inner_text() == (
        "Waiting in the queue. The PDF will be made shortly. Refresh the page to see how far "
        "it has come."
    )
    assert_accessible(page)

    monkeypatch.setattr("samson.reports.services.render_pdf", lambda *args: b"%PDF-1.7 x")
    pdf = EditionPdf.objects.get(edition=edition)
    assert (pdf.language, pdf.by) == ("en", "sektor")
    services.edition_pdf_render(pk=pdf.pk, attempt=pdf.attempt)
    page.get_by_role("link", name="Refresh").click()
    assert status.inner_text() == (
        "Ready. The PDF (10\xa0bytes) is made from the edition's current data."
    )
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the report as PDF").click()
    assert download.value.suggested_filename == f"samson-barometer-{edition.pk}.pdf"
    assert download.value.path().read_bytes() == b"%PDF-1.7 x"
