"""The heat map's text on a 360 px phone, in Chromium: at least 12 px as rendered (it was
about 7 px when the chart shrank to the screen), with the chart scrolling sideways in its own
focusable box instead of widening the page."""

from __future__ import annotations

from typing import Any

import pytest

from samson.testing.axe import assert_accessible
from samson.testing.rounds import answer, grid_answers, parties_of, spec

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}

SMALLEST_TEXT = """() => {
  const sizes = [];
  for (const svg of document.querySelectorAll('svg.samson-chart--heatmap')) {
    for (const text of svg.querySelectorAll('text')) {
      const scale = svg.getScreenCTM().a;  // CSS pixels per SVG unit
      sizes.push(parseFloat(getComputedStyle(text).fontSize) * scale);
    }
  }
  return sizes.length ? Math.min(...sizes) : null;
}"""


@pytest.mark.parametrize("viewport", [PHONE], ids=["360px"])
def test_heat_map_text_is_legible_on_a_phone(page: Any, live_server: Any, world: Any) -> None:
    round = world["round_a"]
    parties = parties_of(round)
    answers = grid_answers(spec(round), {"likeverd": 5})
    answer(round, parties["kommunen"], answers, 6)
    answer(round, parties["innbyggere"], answers, 6)

    page.goto(f"{live_server.url}/konto/logg-inn/")
    page.get_by_label("E-postadresse").fill(world["owner_a"].username)
    page.get_by_label("Passord").fill("passord-123")
    page.get_by_role("button", name="Logg inn").click()
    page.goto(f"{live_server.url}/prosjekter/{round.project_id}/malinger/{round.pk}/resultat/")

    assert page.locator("svg.samson-chart--heatmap").count() == 3  # all, and each party
    smallest = page.evaluate(SMALLEST_TEXT)
    assert smallest is not None and smallest >= 12, smallest
    # The page itself does not scroll sideways: each chart scrolls in its own labelled box.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    box = page.locator(".samson-chart-scroll").first
    assert (box.get_attribute("role"), box.get_attribute("aria-label")) == ("region", "Varmekart")
    assert page.evaluate(
        "() => { const b = document.querySelector('.samson-chart-scroll');"
        " return b.scrollWidth > b.clientWidth; }"
    )
    assert_accessible(page)


def test_heat_map_fills_the_width_on_a_desktop(page: Any, live_server: Any, world: Any) -> None:
    """Above the phone breakpoint the chart still scales to its column, as before."""
    round = world["round_a"]
    parties = parties_of(round)
    answer(round, parties["kommunen"], grid_answers(spec(round)), 6)
    answer(round, parties["innbyggere"], grid_answers(spec(round)), 6)
    page.goto(f"{live_server.url}/konto/logg-inn/")
    page.get_by_label("E-postadresse").fill(world["owner_a"].username)
    page.get_by_label("Passord").fill("passord-123")
    page.get_by_role("button", name="Logg inn").click()
    page.goto(f"{live_server.url}/prosjekter/{round.project_id}/malinger/{round.pk}/resultat/")
    widths = page.evaluate(
        "() => { const svg = document.querySelector('svg.samson-chart--heatmap');"
        " return [svg.getBoundingClientRect().width, svg.parentElement.clientWidth]; }"
    )
    assert abs(widths[0] - widths[1]) < 1, widths
