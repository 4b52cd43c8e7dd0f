"""The facilitator's own pages in Chromium at 360 px: axe-clean, and usable without JavaScript."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail

from samson.accounts.models import Invitation
from samson.accounts.services import invitation_create
from samson.testing.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _check(page: Any, url: str, status: int = 200) -> None:
    response = page.goto(url)
    assert response is not None and response.status == status
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    assert page.locator("h1").count() == 1
    assert_accessible(page)


def _log_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/konto/logg-inn/")
    page.get_by_label("E-postadresse").fill(username)
    page.get_by_label("Passord").fill("passord-123")
    page.get_by_role("button", name="Logg inn").click()


@pytest.mark.parametrize("viewport", [{"width": 360, "height": 740}], ids=["360px"])
def test_project_pages(page: Any, live_server: Any, world: Any) -> None:
    base, project, round = live_server.url, world["project_a"], world["round_a"]
    _log_in(page, base, world["owner_a"].username)
    _check(page, f"{base}/prosjekter/{project.pk}/")

    _check(page, f"{base}/prosjekter/{project.pk}/parter/")
    page.get_by_label("Kommunen").uncheck()
    page.get_by_label("Innbyggere og brukere").uncheck()
    page.locator("form button[type=submit]").last.click()
    assert page.locator(".ds-error-summary").count() == 1
    assert_accessible(page)
    page.get_by_label("Kommunen").check()
    page.locator("#id_party_names").fill("Skolen")
    page.locator("form button[type=submit]").last.click()
    assert page.url == f"{base}/prosjekter/{project.pk}/"
    assert page.locator(".samson-message").count() == 1
    assert_accessible(page)

    _check(page, f"{base}/prosjekter/{project.pk}/inviter/")
    page.locator("#id_email").fill("ikke-en-adresse")
    page.locator("form button[type=submit]").last.click()
    assert page.locator(".ds-error-summary").count() == 1
    assert_accessible(page)

    _check(page, f"{base}/prosjekter/{project.pk}/malinger/{round.pk}/")
    page.locator("button[name=to][value=apen]").click()
    assert page.locator(".samson-message").count() == 1
    assert_accessible(page)
    assert page.locator(".samson-qr").count() == 1


@pytest.mark.parametrize("viewport", [{"width": 360, "height": 740}], ids=["360px"])
def test_invitation_pages(page: Any, live_server: Any, world: Any) -> None:
    base = live_server.url
    organisation = world["project_a"].organisation
    _invitation, token = invitation_create(
        email="ny@example.no", organisation=organisation, invited_by=None, site_url=base
    )
    _check(page, f"{base}/konto/invitasjon/{token}/")
    page.locator("#id_password1").fill("kort")
    page.locator("#id_password2").fill("annet")
    page.locator("form button[type=submit]").last.click()
    assert page.locator(".ds-error-summary").count() == 1
    assert_accessible(page)
    page.locator("#id_password1").fill("Et-godt-passord-42")
    page.locator("#id_password2").fill("Et-godt-passord-42")
    page.locator("form button[type=submit]").last.click()
    assert page.url == f"{base}/prosjekter/"
    assert Invitation.objects.get().accepted_at is not None
    _check(page, f"{base}/konto/invitasjon/{token}/", status=410)
    _check(page, f"{base}/konto/invitasjon/tull/", status=404)


@pytest.mark.parametrize("viewport", [{"width": 360, "height": 740}], ids=["360px"])
def test_the_administrators_invite_page(page: Any, live_server: Any, world: Any) -> None:
    base = live_server.url
    _log_in(page, base, world["admin"].username)
    _check(page, f"{base}/konto/inviter/")
    page.locator("#id_email").fill("ny@example.no")
    page.locator("#id_organisation").select_option(str(world["project_a"].organisation_id))
    page.locator("form button[type=submit]").last.click()
    assert page.locator(".samson-message").count() == 1
    assert_accessible(page)
    assert re.search(r"/konto/invitasjon/[\w-]+/", str(mail.outbox[0].body))
