"""The report and export pages in Chromium, checked with axe-core (WCAG 2.1 AA)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from conftest import assert_accessible

from .conftest import round_url
from .test_edition_report import _analyst
from .test_edition_report import edition as edition  # noqa: F401 - the fixture

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
    _log_in(page, live_server, _analyst(edition))
    page.goto(f"{live_server.url}/barometer/{edition.pk}/rapport/?etter=sektor")
    assert page.locator("h1").inner_text() == "Report: Liten (2025)"
    assert page.get_by_label("Break down by").input_value() == "sektor"
    assert_accessible(page)
