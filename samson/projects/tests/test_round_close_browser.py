"""Closing a round in Chromium, without JavaScript: the facilitator is asked first, can say
no, and can reopen a round closed too early until results have been shown. The header's
join link and the log-in form's label read as they should."""

from __future__ import annotations

from typing import Any

import pytest

from samson.audit.models import AuditEntry
from samson.projects import services
from samson.projects.models import Round
from samson.testing.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


@pytest.mark.parametrize("viewport", [PHONE], ids=["360px"])
def test_close_asks_first_and_reopen_undoes_it(page: Any, live_server: Any, world: Any) -> None:
    page.context.route("**/*.js", lambda route: route.abort())  # works without JavaScript
    base, project = live_server.url, world["project_a"]
    round = services.round_open(round=world["round_a"])

    page.goto(f"{base}/")
    header = page.locator("header.samson-header")
    assert header.get_by_role("link", name="Bli med i en måling").count() == 1
    assert "Bli med med kode" not in header.inner_text()

    page.goto(f"{base}/konto/logg-inn/")
    assert page.locator("label[for=id_username]").inner_text() == "E-postadresse"
    assert "Brukernavn" not in page.locator("main").inner_text()
    page.get_by_label("E-postadresse").fill(world["owner_a"].username)
    page.get_by_label("Passord").fill("feil-passord")
    page.get_by_role("button", name="Logg inn").click()
    assert (
        "E-postadressen eller passordet er feil. Passordet skiller mellom store og små bokstaver."
        in page.locator("main").inner_text()
    )
    page.get_by_label("E-postadresse").fill(world["owner_a"].username)
    page.get_by_label("Passord").fill("passord-123")
    page.get_by_role("button", name="Logg inn").click()

    round_url = f"{base}/prosjekter/{project.pk}/malinger/{round.pk}/"
    page.goto(round_url)
    page.get_by_role("link", name="Lukk målingen").click()
    assert page.locator("h1").inner_text() == "Lukke målingen?"
    assert_accessible(page)
    page.get_by_role("link", name="Nei, la den være åpen").click()
    assert page.url == round_url
    round.refresh_from_db()
    assert round.state == Round.State.OPEN

    page.get_by_role("link", name="Lukk målingen").click()
    page.get_by_role("button", name="Ja, lukk målingen").click()
    assert page.url == round_url
    assert "Målingen er lukket. Flere svar tas ikke imot." in page.locator("main").inner_text()
    round.refresh_from_db()
    assert round.state == Round.State.CLOSED
    assert_accessible(page)

    page.get_by_role("button", name="Åpne målingen igjen").click()
    assert "Målingen er åpen igjen. Deltakerne kan svare." in page.locator("main").inner_text()
    round.refresh_from_db()
    assert (round.state, round.closed_at) == (Round.State.OPEN, None)
    assert_accessible(page)
    assert [
        entry.details
        for entry in AuditEntry.objects.filter(action="round.transition").order_by("pk")
        if entry.object_id == str(round.pk)
    ] == [{"to": "apen"}, {"to": "lukket"}, {"to": "apen", "reopened": True}]

    # Once a workshop step has been shown, the closed round stays closed.
    page.get_by_role("link", name="Lukk målingen").click()
    page.get_by_role("button", name="Ja, lukk målingen").click()
    services.round_reveal(round=round, step=1)
    page.goto(round_url)
    assert page.get_by_role("button", name="Åpne målingen igjen").count() == 0
    assert (
        "Resultater fra denne målingen er vist, så den kan ikke lenger åpnes igjen."
        in page.locator("main").inner_text()
    )
