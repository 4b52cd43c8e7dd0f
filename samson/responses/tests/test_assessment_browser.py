"""A person takes the quick assessment in Chromium: every page axe-clean and fitting a phone,
answers kept across back/forward and a closed tab, and a result page with the whole profile."""

from __future__ import annotations

import re
from typing import Any

import pytest

from samson.instrument_spec import Instrument
from samson.testing.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
WORDS = {
    "nb": ("Start vurdering", "side {n} av {count}", "Din samskapingsprofil", "Neste"),
    "nn": ("Start vurdering", "side {n} av {count}", "Samskapingsprofilen din", "Neste"),
    "en": ("Start assessment", "page {n} of {count}", "Your co-creation profile", "Next"),
}
# The option chosen on each page, by position: page 1 is the typology ("together" is the second
# option); pages 2-5 are the fields of action on the 1-5 agreement scale.
CHOICE_INDEX = {1: 1, 2: 3, 3: 4, 4: 3, 5: 3}


def _choose_on_page(page: Any, option_index: int) -> None:
    for fieldset in page.locator("main fieldset.samson-question").all():
        fieldset.locator("label").nth(option_index).click()


def _check_page(page: Any, language: str, number: int, count: int) -> None:
    progress = WORDS[language][1].format(n=number, count=count)
    assert page.locator("main").get_by_text(progress).count() == 1
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)


def _expected_cell_scores(instrument: Instrument, language: str) -> list[list[str]]:
    """The heat map table computed by hand from the choices: code c on a 1-5 scale scores
    (c-1)/4*100, or (5-c)/4*100 for a negatively worded item."""
    values = instrument.dimensions_of("value")
    fields = instrument.dimensions_of("field")
    rows = []
    for value in values:
        row = [value.label.get(language)]
        for number, field in enumerate(fields, start=2):
            (item,) = instrument.items_for("value", value.id)[number - 2 : number - 1]
            assert item.dimensions["field"] == field.id
            code = CHOICE_INDEX[number] + 1
            score = (5 - code if item.reverse else code - 1) / 4 * 100
            row.append(f"{score:.1f}".replace(".", "," if language != "en" else "."))
        rows.append(row)
    return rows


@pytest.mark.parametrize("viewport", [PHONE], ids=["360px"])
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_take_the_quick_assessment(
    page: Any, browser: Any, live_server: Any, kort: Instrument, language: str
) -> None:
    start_label, _progress, result_heading, next_label = WORDS[language]
    count = len(kort.pages)
    assert count == 5
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.goto(live_server.url + "/")
    assert_accessible(page)
    page.get_by_role("button", name=start_label).click()

    _check_page(page, language, 1, count)
    _choose_on_page(page, CHOICE_INDEX[1])
    page.get_by_role("button", name=next_label, exact=True).click()

    # Page 2: answer, go forward, come back: the answers are still chosen.
    _check_page(page, language, 2, count)
    _choose_on_page(page, CHOICE_INDEX[2])
    page.get_by_role("button", name=next_label, exact=True).click()
    _check_page(page, language, 3, count)
    page.go_back()
    page.reload()
    assert page.locator("main input[type=radio]:checked").count() == 4
    page.get_by_role("button", name=next_label, exact=True).click()

    # Answer page 3, then close the tab and come back through the private link.
    resume_url = page.locator(".samson-resume-url a").get_attribute("href")
    assert re.fullmatch(r"http://[^/]+/vurdering/[A-Za-z0-9_-]{32}/", resume_url)
    _choose_on_page(page, CHOICE_INDEX[3])
    page.get_by_role("button", name=next_label, exact=True).click()
    page.context.close()
    context = browser.new_context(viewport=PHONE)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.goto(resume_url)
    _check_page(page, language, 4, count)
    _choose_on_page(page, CHOICE_INDEX[4])
    page.get_by_role("button", name=next_label, exact=True).click()
    _check_page(page, language, 5, count)
    _choose_on_page(page, CHOICE_INDEX[5])
    page.locator("button[value=finish]").click()

    assert page.locator("h1").inner_text() == result_heading
    assert page.locator("svg[role=img]").count() == 2  # the heat map and the values chart
    rows = page.locator("table").first.locator("tbody tr").all()
    shown = [[cell.inner_text() for cell in row.locator("th, td").all()[:5]] for row in rows[:4]]
    assert shown == _expected_cell_scores(kort, language)
    # Together / together / together is type C and the co-production cell of the matrix.
    placement = page.locator("#typology-heading ~ p strong")
    assert placement.nth(0).inner_text() == kort.quadrant("C").label.get(language)
    assert placement.nth(1).inner_text() == kort.matrix_cell(2, 2).name.get(language)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)
    context.close()


@pytest.mark.parametrize("viewport", [PHONE], ids=["360px"])
def test_the_example_result_is_read_only_and_leads_to_an_own_assessment(
    page: Any, live_server: Any, kort: Instrument
) -> None:
    from samson.responses.demo import demo_load
    from samson.responses.models import Response

    assert demo_load()
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Se et eksempel på et resultat").click()
    assert page.url == f"{live_server.url}/vurdering/eksempel-pa-resultat/resultat/"
    assert page.locator("main").get_by_text("Dette er et eksempel").count() == 1
    assert page.get_by_role("link", name="Endre svarene").count() == 0
    assert page.locator(".samson-resume-url").count() == 0
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)
    # Its start button begins the visitor's own assessment; the example stays as it was.
    page.get_by_role("button", name="Start vurdering").click()
    assert re.fullmatch(rf"{live_server.url}/vurdering/[A-Za-z0-9_-]{{32}}/side/1/", page.url)
    assert sorted(Response.objects.values_list("purpose", flat=True)) == ["eksempel", "solo"]
