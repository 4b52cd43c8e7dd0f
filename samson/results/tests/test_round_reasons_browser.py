"""The round results page with its reasons and advice for the group, in Chromium: axe-clean on
a desktop and on a 360 px phone, in bokmål."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from samson.testing.axe import assert_accessible
from samson.testing.rounds import answer, grid_answers, parties_of, spec, url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 800}, {"width": 360, "height": 740}]
)
def test_reasons_and_advice_are_accessible(page: Any, live_server: Any, world: Any) -> None:
    round = world["round_a"]
    parties = parties_of(round)
    instrument = spec(round)
    # Both parties say the municipality did everything alone: the hearing warning fires by
    # the typology.
    answer(round, parties["kommunen"], grid_answers(instrument, typology=(1, 1, 1)), 5)
    answer(round, parties["innbyggere"], grid_answers(instrument, default=2, typology=(1, 1, 1)), 5)
    client = Client()
    client.force_login(world["owner_a"])
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )
    page.goto(live_server.url + url("results:round", round))
    section = page.locator("section", has=page.locator("#why-heading"))
    assert section.locator("h4").first.inner_text() == "Medvirkning: ikke nådd"
    assert section.locator(".ds-alert h4").inner_text() == (
        "Nesten ferdige løsninger sendt på høring"
    )
    assert (
        page.evaluate("() => document.documentElement.scrollWidth") <= page.viewport_size["width"]
    )
    assert_accessible(page)
