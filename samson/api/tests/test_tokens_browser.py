"""The API keys page in a real browser, checked with axe."""

from typing import Any

import pytest

from samson.accounts.tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_make_and_revoke_a_key(page: Any, live_server: Any, assert_accessible: Any) -> None:
    user = UserFactory.create(username="nokkel@example.no", email="nokkel@example.no")
    page.goto(f"{live_server.url}/konto/logg-inn/?next=/konto/api-nokler/")
    page.get_by_label("E-postadresse").fill(user.username)
    page.get_by_label("Passord").fill("passord-123")
    page.get_by_role("button", name="Logg inn").click()
    page.get_by_label("Navn på nøkkelen").fill("Dashbord")
    page.get_by_role("button", name="Lag nøkkelen").click()
    assert page.locator("code.samson-key").inner_text().startswith("samson_")
    assert_accessible(page)
    page.get_by_role("button", name="Trekk tilbake nøkkelen Dashbord").click()
    assert page.get_by_text("Du har ingen nøkler.").is_visible()
    assert_accessible(page)
