"""Innovasjonstesten with its queue in a real browser, checked with axe (WCAG 2.1 A and AA):
a unit adds its answers, the analyst reviews and accepts them."""

from typing import Any

import pytest
from django.urls import reverse

from samson.accounts.models import Membership, Organisation, User
from samson.barometer import services
from samson.barometer.models import InnovationTestSubmission, Respondent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_unit_adds_its_answers_and_the_analyst_accepts_them(
    page: Any, live_server: Any, instruments: None, assert_accessible: Any
) -> None:
    organisation = Organisation.objects.create(name="Arendal", kind="kommune")
    analyst = User.objects.create_user(
        username="analytiker@example.no", email="analytiker@example.no", password="passord-123"
    )
    Membership.objects.create(user=analyst, organisation=organisation, role=Membership.Role.ANALYST)
    edition = services.edition_create(
        organisation=organisation, user=analyst, year=2025, title="Andre", sectors=[1, 2]
    )
    services.synthetic_load(edition=edition, n=400, seed=2)  # frame: unit type x region
    services.edition_settings(edition=edition, published=True, open=True)
    # One incomplete submission, from before the frame asked for unit type.
    services.test_submission_add(edition=edition, values={"sektor": 1, "storrelse": 2})

    page.goto(live_server.url + reverse("barometer:innovation_test"))
    page.locator('input[name="sektor"][value="2"]').check()
    page.locator('input[name="storrelse"][value="3"]').check()
    page.locator('input[name="enhetstype"][value="21"]').check()
    page.locator('input[name="landsdel"][value="4"]').check()
    for name in page.eval_on_selector_all(
        'fieldset input[type="radio"]', "els => [...new Set(els.map(e => e.name))]"
    ):
        if name.startswith("B"):
            page.locator(f'input[name="{name}"]').first.check()
    page.locator('input[name="add"]').check()
    page.get_by_role("button", name="Se sammenligningen").click()
    assert page.get_by_text("Svarene dine ble sendt til utgaven uten navnet ditt.").is_visible()
    assert_accessible(page)
    submission = InnovationTestSubmission.objects.get(values__enhetstype=21.0)

    page.goto(f"{live_server.url}/konto/logg-inn/")
    page.get_by_label("E-postadresse").fill("analytiker@example.no")
    page.get_by_label("Passord", exact=True).fill("passord-123")
    page.get_by_role("button", name="Logg inn").click()
    page.goto(live_server.url + reverse("barometer:edition", kwargs={"pk": edition.pk}))
    page.get_by_role("link", name="gå gjennom dem").click()
    assert page.get_by_role("button", name="Godta").count() == 1  # the complete one only
    assert page.get_by_text("de mangler verdi for Enhetstype, Landsdel").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Godta").click()
    assert page.get_by_text("Svarene ble lagt til utgaven.").is_visible()
    assert_accessible(page)
    submission.refresh_from_db()
    assert submission.state == "accepted"
    assert Respondent.objects.filter(source=Respondent.Source.TEST).count() == 1
