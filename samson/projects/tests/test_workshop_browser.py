"""A real round in Chromium: twelve participants in two parties answer at the same time in
separate browser contexts, then the facilitator logs in and sees per-party results with the
disagreement on equality listed first."""

from __future__ import annotations

from typing import Any

import pytest

from samson.projects import services
from samson.testing.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def _answer_page(page: Any, high: bool) -> None:
    """Municipality participants agree fully with every equality statement, citizens disagree
    fully; every other statement gets "Verken enig eller uenig". Typology: "together"."""
    page.evaluate(
        """(high) => {
          for (const fieldset of document.querySelectorAll('main fieldset.samson-question')) {
            const inputs = [...fieldset.querySelectorAll('input[type=radio]')];
            const name = inputs[0].name;
            let index = 2;                                  // the middle of the scale
            if (name.startsWith('TYP-')) index = 1;         // together
            else if (name.startsWith('LIK-')) index = high ? 4 : 0;
            inputs[index].checked = true;
          }
        }""",
        high,
    )


def test_twelve_participants_and_the_facilitator(
    browser: Any, live_server: Any, world: Any
) -> None:
    round = services.round_transition(round=world["round_a"], to="apen")
    parties = {p.preset: p for p in round.project.parties.all()}
    participants = []
    for index in range(12):
        context = browser.new_context(viewport=PHONE, locale="nb-NO")
        page = context.new_page()
        page.goto(f"{live_server.url}/delta/{round.join_code}/")
        preset = "kommunen" if index < 6 else "innbyggere"
        page.get_by_label(parties[preset].name).check()
        page.get_by_role("button", name="Start").click()
        participants.append((context, page, preset == "kommunen"))
    assert_accessible(participants[0][1])

    pages = len(round.instrument_version.spec["pages"])
    for number in range(1, pages + 1):
        for _context, page, high in participants:
            _answer_page(page, high)
        # Submit all twelve at once: the requests overlap on the server.
        for _context, page, _high in participants:
            page.locator("button[name=action][value=next], button[value=finish]").first.click(
                no_wait_after=True
            )
        for _context, page, _high in participants:
            if number < pages:
                page.wait_for_url(f"**/side/{number + 1}/")
            else:
                page.wait_for_url("**/takk/**")
    assert participants[0][1].locator("h1").inner_text() == "Takk for svarene dine"
    assert_accessible(participants[0][1])
    for context, _page, _high in participants:
        context.close()

    context = browser.new_context(locale="nb-NO")
    page = context.new_page()
    page.goto(f"{live_server.url}/konto/logg-inn/")
    page.get_by_label("E-postadresse").fill(world["owner_a"].username)
    page.get_by_label("Passord").fill("passord-123")
    page.get_by_role("button", name="Logg inn").click()
    page.goto(f"{live_server.url}/prosjekter/{round.project.pk}/malinger/{round.pk}/resultat/")
    counts = page.locator("#counts-heading ~ table tbody tr")
    assert [row.inner_text().split("\t") for row in counts.all()] == [
        ["Kommunen", "6"],
        ["Innbyggere og brukere", "6"],
    ]
    first = page.locator("#disagree-heading ~ article h3").first.inner_text()
    assert first.startswith("Likeverd")
    assert "100" in first
    assert_accessible(page)
    context.close()
