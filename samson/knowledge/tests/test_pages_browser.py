"""Every new knowledge page in a real browser, checked with axe (WCAG 2.1 A/AA)."""

from __future__ import annotations

from typing import Any

import pytest

from samson.knowledge.registry import PAGES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHECK = (
    "/kunnskap/medvirkning-eller-samskaping/?title=Park&problem=kommune&solution=ferdig"
    "&decides=etter_innspill&delivers=andre&duration=engang&settled=alt&planning=kommuneplan"
)


def test_every_knowledge_page_is_accessible(
    page: Any, live_server: Any, assert_accessible: Any, world: Any
):
    paths = ["/kunnskap/", "/kunnskap/medvirkning-eller-samskaping/", CHECK]
    paths += [f"/kunnskap/{p.slug}/" for p in PAGES]
    for path in paths:
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
        assert_accessible(page)
    # an invalid submission shows the error summary, which must be accessible too
    page.goto(live_server.url + "/kunnskap/medvirkning-eller-samskaping/?problem=kommune")
    assert page.locator(".samson-error-summary").count() == 1
    assert_accessible(page)
    # the follow-up pages, as a facilitator of the organisation, with a round waiting
    from datetime import timedelta

    from django.utils import timezone

    from samson.projects.models import Round

    Round.objects.filter(pk=world["round_a"].pk).update(
        opened_at=timezone.now() - timedelta(days=9), closed_at=timezone.now() - timedelta(days=3)
    )
    page.goto(f"{live_server.url}/konto/logg-inn/")
    page.get_by_label("E-postadresse").fill(world["owner_a"].username)
    page.get_by_label("Passord").fill("passord-123")
    page.get_by_role("button", name="Logg inn").click()
    organisation = world["project_a"].organisation.pk
    for path in ("/kunnskap/oppfolging/", f"/kunnskap/oppfolging/{organisation}/"):
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
        assert_accessible(page)
    assert page.locator("#waiting-caption").count() == 1
