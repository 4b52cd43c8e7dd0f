"""The workshop page in Chromium: accessible at every step, live counts without reloading."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from samson.projects import services
from samson.testing.axe import assert_accessible
from samson.testing.rounds import answer, grid_answers, parties_of, spec, url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORKSHOP_JS = Path(__file__).resolve().parents[3] / "frontend" / "workshop.js"


@pytest.fixture
def browser_locale() -> str:
    """English: the msgids, so the test does not depend on the translations."""
    return "en-GB"


def _log_in(page: Any, live_server: Any, user: Any) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 800}, {"width": 360, "height": 740}]
)
def test_workshop_steps_are_accessible(page: Any, live_server: Any, world: Any) -> None:
    round = services.round_transition(round=world["round_a"], to="apen")
    parties = parties_of(round)
    instrument = spec(round)
    answer(
        round, parties["kommunen"], grid_answers(instrument, {"likeverd": 5}, typology=(1, 1, 2)), 5
    )
    answer(round, parties["innbyggere"], grid_answers(instrument, {"likeverd": 1}), 5)
    _log_in(page, live_server, world["owner_a"])
    page.goto(live_server.url + url("results:workshop", round))
    assert page.locator("h1").inner_text() == "Prosjekt A: Oppstart"
    assert page.locator(".samson-workshop-code").inner_text() == round.join_code
    assert_accessible(page)
    for step in range(1, 5):
        page.get_by_role("button", name="Show next").click()
        page.wait_for_function(
            f"() => document.querySelector('#results-step').innerText.includes('step {step} of 4')"
        )
        assert_accessible(page)
    round.refresh_from_db()
    assert round.revealed == 4
    assert page.get_by_role("button", name="Show next").is_disabled()
    assert page.locator("#results-step").inner_text() == (
        "Results, step 4 of 4: Who defined, designed and delivers"
    )


def test_live_counts_update_without_reloading(page: Any, live_server: Any, world: Any) -> None:
    round = services.round_transition(round=world["round_a"], to="apen")
    parties = parties_of(round)
    instrument = spec(round)
    answer(round, parties["kommunen"], grid_answers(instrument), 5)
    _log_in(page, live_server, world["owner_a"])
    page.goto(live_server.url + url("results:workshop", round))
    # The build may not copy workshop.js yet: load the source file the same way.
    if not page.evaluate("() => !!document.querySelector('#live-counts').dataset.polling"):
        page.add_script_tag(path=str(WORKSHOP_JS))
    region = page.locator("#live-counts")
    assert region.get_attribute("aria-live") == "polite"
    before = region.inner_text()
    assert "5" in before
    answer(round, parties["innbyggere"], grid_answers(instrument), 5)
    page.wait_for_function(
        "() => document.querySelector('#live-counts').innerText.includes('10')", timeout=12_000
    )
    rows = region.locator("tbody tr")
    assert [row.inner_text().split("\t") for row in rows.all()] == [
        [parties["kommunen"].name, "5"],
        [parties["innbyggere"].name, "5"],
    ]
    assert_accessible(page)


def test_result_pages_are_accessible(page: Any, live_server: Any, world: Any) -> None:
    first = world["round_a"]
    second = services.round_create(project=first.project, label="Underveis")
    parties = parties_of(first)
    instrument = spec(first)
    for round in (first, second):
        answer(round, parties["kommunen"], grid_answers(instrument, {"likeverd": 5}), 5)
        answer(
            round,
            parties["innbyggere"],
            grid_answers(instrument, {"likeverd": 2}, FRI_BRA="Godt"),
            5,
        )
    _log_in(page, live_server, world["owner_a"])
    for path in (
        url("results:round", first),
        url("results:compare", first) + f"?a={first.pk}&b={second.pk}",
        url("results:compare", first) + f"?a={first.pk}&b={first.pk}",
        url("results:freetext", first),
    ):
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1
        assert_accessible(page)
