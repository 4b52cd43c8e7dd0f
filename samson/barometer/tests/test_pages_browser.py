"""Every barometer page in a real browser, checked with axe (WCAG 2.1 A and AA)."""

from typing import Any

import pytest
from django.urls import reverse

from samson.accounts.models import Membership, Organisation, User
from samson.barometer import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_analysts_pages_and_innovasjonstesten(
    page: Any, live_server: Any, instruments: None, assert_accessible: Any
) -> None:
    organisation = Organisation.objects.create(name="Arendal", kind="kommune")
    analyst = User.objects.create_user(
        username="analytiker@example.no", email="analytiker@example.no", password="passord-123"
    )
    Membership.objects.create(user=analyst, organisation=organisation, role=Membership.Role.ANALYST)
    first = services.edition_create(
        organisation=organisation, user=analyst, year=2024, title="Første", sectors=[1, 2]
    )
    services.synthetic_load(edition=first, n=400, seed=1)
    edition = services.edition_create(
        organisation=organisation, user=analyst, year=2025, title="Andre", sectors=[1, 2]
    )
    services.synthetic_load(edition=edition, n=400, seed=2)
    services.edition_settings(edition=edition, published=True, open=True)
    token = services.invitations_create(edition=edition, background={"sektor": 1}, count=1)[0]

    # Public pages first: an invited unit answers, a unit leader takes Innovasjonstesten.
    page.goto(live_server.url + reverse("barometer:answer", kwargs={"token": token}))
    assert page.locator("h1").count() == 1
    assert_accessible(page)
    page.goto(live_server.url + reverse("barometer:innovation_test"))
    assert_accessible(page)
    page.locator('input[name="sektor"][value="2"]').check()
    page.locator('input[name="storrelse"][value="3"]').check()
    for name in page.eval_on_selector_all(
        'fieldset input[type="radio"]', "els => [...new Set(els.map(e => e.name))]"
    ):
        # Unit type and region are asked only to add the answers (test_innovation_queue.py).
        if name not in {"sektor", "storrelse", "enhetstype", "landsdel"}:
            page.locator(f'input[name="{name}"]').first.check()
    page.get_by_role("button", name="Se sammenligningen").click()
    assert page.get_by_text("Ingenting ble lagret.").is_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/konto/logg-inn/")
    page.get_by_label("E-postadresse").fill("analytiker@example.no")
    page.get_by_label("Passord", exact=True).fill("passord-123")
    page.get_by_role("button", name="Logg inn").click()
    pages = [
        reverse("barometer:list"),
        reverse("barometer:edition", kwargs={"pk": edition.pk}),
        reverse("barometer:frame", kwargs={"pk": edition.pk}),
        reverse("barometer:import", kwargs={"pk": edition.pk}),
        reverse("barometer:invitations", kwargs={"pk": edition.pk}),
        reverse("barometer:estimates", kwargs={"pk": edition.pk}),
        reverse("barometer:estimates", kwargs={"pk": edition.pk}) + "?etter=sektor",
        reverse("barometer:compare", kwargs={"pk": edition.pk}) + f"?med={first.pk}",
    ]
    for path in pages:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert_accessible(page)
