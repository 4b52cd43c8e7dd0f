"""Every new or changed page of the background questions, in Chromium at 360 px: axe-clean
and usable without JavaScript."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from samson.background.models import BackgroundAnswer
from samson.projects import services
from samson.testing.axe import assert_accessible

from .conftest import JSONSTAT, respondents

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _check(page: Any, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    assert page.locator("h1").count() == 1
    assert_accessible(page)


@pytest.mark.parametrize("viewport", [{"width": 360, "height": 740}], ids=["360px"])
def test_background_pages(page: Any, live_server: Any, world: Any) -> None:
    base, project, round = live_server.url, world["project_a"], world["round_a"]
    organisation = project.organisation
    organisation.name, organisation.municipality_number = "Arendal", "4203"
    organisation.save()
    call_command("population", "import", str(JSONSTAT))
    services.round_transition(round=round, to="apen")

    page.goto(f"{base}/konto/logg-inn/")
    page.get_by_label("E-postadresse").fill(world["owner_a"].username)
    page.get_by_label("Passord").fill("passord-123")
    page.get_by_role("button", name="Logg inn").click()

    _check(page, f"{base}/prosjekter/{project.pk}/")
    page.get_by_role("link", name="Bakgrunnsspørsmål til deltakerne").click()
    assert_accessible(page)
    page.get_by_label("Del av kommunen", exact=True).check()
    page.locator("form button[type=submit]").last.click()  # no parts named: an error
    assert page.locator(".ds-error-summary").count() == 1
    assert_accessible(page)
    page.get_by_label("Alder").check()
    page.get_by_label("Kjønn").check()
    page.locator("#id_areas").fill("Sentrum; 20000\nNord; 18687")
    page.locator("form button[type=submit]").last.click()
    assert page.url == f"{base}/prosjekter/{project.pk}/"

    # A participant joins by code and meets the voluntary questions first.
    participant = page.context.browser.new_context(
        viewport={"width": 360, "height": 740}, locale="nb-NO"
    ).new_page()
    _check(participant, f"{base}/delta/{round.join_code}/")
    participant.get_by_label("Kommunen").check()
    participant.locator("form button[type=submit]").last.click()
    assert participant.url.endswith("/bakgrunn/")
    assert participant.locator("h1").inner_text() == "Om deg (frivillig)"
    assert_accessible(participant)
    participant.get_by_label("25–39 år").check()
    # Enter on an option saves and goes on, as "Lagre og gå videre" does; it never skips.
    participant.get_by_label("25–39 år").press("Enter")
    participant.wait_for_url("**/side/1/")
    saved = BackgroundAnswer.objects.get(response__round=round)
    assert (saved.age_band, saved.gender, saved.area) == ("25-39", "", None)
    participant.context.close()

    respondents(round, 6, age_band="40-54", gender="female", area=None)
    respondents(round, 5, age_band="15-24", gender="male", area=None)
    _check(page, f"{base}/prosjekter/{project.pk}/malinger/{round.pk}/resultat/")
    page.get_by_role("link", name="Hvem deltok, sammenlignet med befolkningen").click()
    assert page.locator("table").count() == 2
    assert_accessible(page)
