"""WCAG 2.2, 2.5.8 Target size (minimum) and 2.4.11 Focus not obscured (minimum) on the round
results page at 360 px (issue 14); the checks are those of
samson/core/tests/test_wcag22_browser.py."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from samson.testing.rounds import answer, grid_answers, parties_of, spec, url
from samson.testing.wcag import (
    PHONE,
    assert_focus_never_obscured,
    assert_targets_large_enough,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [PHONE], ids=["360px"])
def test_round_results_page_meets_target_size_and_focus_not_obscured(
    page: Any, live_server: Any, world: Any
) -> None:
    round = world["round_a"]
    parties = parties_of(round)
    instrument = spec(round)
    answer(round, parties["kommunen"], grid_answers(instrument, typology=(2, 2, 2)), 5)
    answer(round, parties["innbyggere"], grid_answers(instrument, default=2), 5)
    client = Client()
    client.force_login(world["owner_a"])
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )
    page.goto(live_server.url + url("results:round", round))
    assert page.locator("#why-heading").count() == 1
    assert_targets_large_enough(page)
    assert assert_focus_never_obscured(page, limit=150) >= 5
