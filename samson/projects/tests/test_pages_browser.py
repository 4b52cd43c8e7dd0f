"""Every facilitator and participant page in Chromium: axe-clean and fitting a 360 px phone."""

from __future__ import annotations

from typing import Any

import pytest

from samson.projects import services
from samson.testing.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _check(page: Any, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status in (200, 429)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    assert_accessible(page)


@pytest.mark.parametrize("viewport", [{"width": 360, "height": 740}], ids=["360px"])
def test_every_new_page_is_accessible(page: Any, live_server: Any, world: Any) -> None:
    round = services.round_transition(round=world["round_a"], to="apen")
    services.round_follow_up_publish(round=round, text="Vi endret møtetidene.")
    base = live_server.url
    project = round.project

    _check(page, f"{base}/delta/")
    page.get_by_label("Deltakerkode").fill("FEIL")
    page.get_by_role("button", name="Fortsett").click()
    assert page.locator(".ds-error-summary").count() == 1
    assert_accessible(page)
    _check(page, f"{base}/delta/{round.join_code}/")
    page.get_by_role("button", name="Start").click()
    assert page.locator(".ds-error-summary").count() == 1
    assert_accessible(page)

    _check(page, f"{base}/konto/logg-inn/")
    _check(page, f"{base}/konto/nytt-passord/")
    page.goto(f"{base}/konto/logg-inn/")
    page.get_by_label("E-postadresse").fill(world["owner_a"].username)
    page.get_by_label("Passord").fill("passord-123")
    page.get_by_role("button", name="Logg inn").click()
    assert page.locator("h1").inner_text() == "Mine prosjekter"
    assert_accessible(page)
    _check(page, f"{base}/prosjekter/ny/")
    page.get_by_role("button", name="Opprett prosjektet").click()
    assert page.locator(".ds-error-summary").count() == 1
    assert_accessible(page)
    _check(page, f"{base}/prosjekter/{project.pk}/")
    _check(page, f"{base}/prosjekter/{project.pk}/malinger/{round.pk}/")
    _check(page, f"{base}/prosjekter/{project.pk}/malinger/{round.pk}/resultat/")
