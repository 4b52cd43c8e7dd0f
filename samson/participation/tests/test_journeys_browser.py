"""A participant's journey in Chromium, with no dead ends: Enter on a radio button does not
move on without a word, the last button says the answers are sent (a participant sees no
result of their own), the thanks page says what happens next, and the project page then shows
that the answers are in instead of the start form."""

from __future__ import annotations

from typing import Any

import pytest

from samson.projects import services
from samson.responses.models import Answer, Response
from samson.testing.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def _answer_every_question(page: Any) -> None:
    page.evaluate(
        """() => {
          for (const fieldset of document.querySelectorAll('main fieldset.samson-question')) {
            fieldset.querySelectorAll('input[type=radio]')[1].checked = true;
          }
        }"""
    )


@pytest.mark.parametrize("viewport", [PHONE], ids=["360px"])
def test_the_participant_is_told_what_happens_at_every_step(
    page: Any, live_server: Any, world: Any
) -> None:
    round = services.round_transition(round=world["round_a"], to="apen")
    project_url = f"{live_server.url}/delta/{round.join_code}/"
    page.goto(project_url)
    page.get_by_label("Kommunen").check()
    page.get_by_role("button", name="Start").click()
    assert page.url.endswith("/side/1/")

    # Enter on the first radio button of a page with more questions: the page stays, keeps
    # the answer and names the questions still open.
    first_question = page.locator("main fieldset.samson-question").first
    first_question.locator("input[type=radio]").first.check()
    first_question.locator("input[type=radio]").first.press("Enter")
    page.wait_for_load_state()
    assert page.url.endswith("/side/1/")
    notice = page.locator(".samson-unanswered")
    assert notice.locator("h2").inner_text() == "Noen spørsmål på denne siden er ikke besvart ennå"
    questions = page.locator("main fieldset.samson-question").count()
    assert notice.locator("li").count() == questions - 1
    assert (
        page.locator("main fieldset.samson-question")
        .first.locator("input[type=radio]")
        .first.is_checked()
    )
    (response,) = Response.objects.all()
    assert Answer.objects.filter(response=response).count() == 1
    assert_accessible(page)

    # With every question answered, Enter goes on as "Neste" does.
    _answer_every_question(page)
    page.locator("main fieldset.samson-question input[type=radio]:checked").first.press("Enter")
    page.wait_for_url("**/side/2/")

    pages = len(round.instrument_version.spec["pages"])
    for number in range(2, pages + 1):
        assert page.url.endswith(f"/side/{number}/")
        _answer_every_question(page)
        if number < pages:
            page.get_by_role("button", name="Neste").click()
    # The last button: the answers are sent, no result is promised.
    last = page.locator("button[name=action][value=finish]")
    assert last.inner_text() == "Send svarene"
    assert "Lagre og se resultatet" not in page.locator("main").inner_text()
    last.click()
    page.wait_for_url("**/takk/**")

    assert page.locator("h1").inner_text() == "Takk for svarene dine"
    assert page.locator("#what-next-heading").inner_text() == "Hva skjer nå"
    assert page.locator(".samson-what-next li").count() == 3
    assert_accessible(page)
    page.get_by_role("link", name="Gå til prosjektsiden").click()
    assert page.url == project_url
    main = page.locator("main")
    assert (
        main.locator(".samson-answered").inner_text()
        == "Svarene dine i denne målingen er sendt fra denne nettleseren. Takk!"
    )
    # No start form invites a second answer.
    assert main.locator("form").count() == 0
    assert main.get_by_role("button", name="Start").count() == 0
    assert_accessible(page)


@pytest.mark.parametrize(
    ("browser_locale", "language", "button", "next_heading"),
    [
        ("nn-NO", "nn", "Send svara", "Kva skjer no"),
        ("en-GB", "en", "Send the answers", "What happens next"),
    ],
)
def test_the_last_button_and_thanks_in_nynorsk_and_english(
    page: Any, live_server: Any, world: Any, language: str, button: str, next_heading: str
) -> None:
    round = services.round_transition(round=world["round_a"], to="apen")
    page.goto(f"{live_server.url}/delta/{round.join_code}/")
    page.locator("main input[type=radio]").first.check()
    page.locator("main form button[type=submit]").last.click()
    pages = len(round.instrument_version.spec["pages"])
    page.goto(page.url.replace("/side/1/", f"/side/{pages}/"))
    assert page.locator("button[name=action][value=finish]").inner_text() == button
    page.locator("button[name=action][value=finish]").click()
    page.wait_for_url("**/takk/**")
    assert page.locator("#what-next-heading").inner_text() == next_heading
