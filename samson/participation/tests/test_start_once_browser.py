"""One browser, one response, in Chromium: the signed cookie is kept and sent back by a real
browser, only to the round's page, and another browser starts its own response."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import timezone

from samson.participation.cookies import COOKIE_NAME
from samson.projects import services
from samson.responses.models import Response
from samson.testing.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TOKEN_PAGE = re.compile(r".*/vurdering/([A-Za-z0-9_-]{32})/side/1/$")


def _start(page: Any, url: str, party: str) -> str:
    page.goto(url)
    page.get_by_label(party).check()
    page.get_by_role("button", name="Start").click()
    page.wait_for_load_state()
    return page.url


def test_a_browser_starts_one_response_and_another_browser_its_own(
    page: Any, browser: Any, live_server: Any, world: Any
) -> None:
    round = services.round_transition(round=world["round_a"], to="apen")
    url = f"{live_server.url}/delta/{round.join_code}/"
    first = _start(page, url, "Kommunen")
    assert TOKEN_PAGE.match(first), first
    (cookie,) = [c for c in page.context.cookies() if c["name"] == COOKIE_NAME]
    assert (cookie["path"], cookie["httpOnly"], cookie["sameSite"]) == (
        f"/delta/{round.join_code}/",
        True,
        "Lax",
    )
    assert page.evaluate("() => document.cookie").find(COOKIE_NAME) == -1  # not for scripts
    # The same browser again: its first response, not a new one.
    assert _start(page, url, "Kommunen") == first
    # Another party chosen (the next person at a shared device): neither a new response nor
    # the first one's pages.
    _start(page, url, "Innbyggere og brukere")
    assert page.locator("h1").inner_text() == "Et svar er allerede påbegynt i denne nettleseren"
    assert "/vurdering/" not in page.url
    assert_accessible(page)
    assert Response.objects.count() == 1

    other = browser.new_context(locale="nb-NO")
    try:
        second = _start(other.new_page(), url, "Innbyggere og brukere")
        assert TOKEN_PAGE.match(second) and second != first
    finally:
        other.close()
    assert Response.objects.count() == 2

    # Finished: the round's page says so instead of offering the start form again, and a start
    # form opened before (another tab) leads to the thanks page, without the private link.
    tab = page.context.new_page()
    tab.goto(url)
    Response.objects.update(completed_at=timezone.now())
    page.goto(url)
    assert page.locator("main form").count() == 0
    assert (
        "Svarene dine i denne målingen er sendt fra denne nettleseren."
        in page.locator("main").inner_text()
    )
    assert_accessible(page)
    tab.get_by_label("Kommunen").check()
    tab.get_by_role("button", name="Start").click()
    tab.wait_for_load_state()
    page = tab
    assert page.locator("h1").inner_text() == "Takk for svarene dine"
    assert "allerede sendt fra denne nettleseren" in page.locator("main").inner_text()
    assert page.locator(".samson-resume").count() == 0
    assert_accessible(page)
