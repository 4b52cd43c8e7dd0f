"""The Content-Security-Policy in a real browser: nothing on our pages is refused by it."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from samson.projects import services
from samson.testing.rounds import answer, grid_answers, parties_of, spec

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Collected before any page script runs; the init script itself is not subject to the policy.
COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def test_no_page_breaks_the_policy(
    page: Any, live_server: Any, world: Any, assert_accessible: Any
) -> None:
    round = services.round_open(round=world["round_a"])
    answer(round, parties_of(round)["kommunen"], grid_answers(spec(round)), 5)
    client = Client()
    client.force_login(world["owner_a"])
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page.context.add_init_script(COLLECT_VIOLATIONS)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    ids = {"project_pk": round.project_id, "round_pk": round.pk}
    paths = [
        reverse("core:home"),
        reverse("core:privacy"),
        reverse("participation:join"),
        reverse("projects:detail", kwargs={"pk": round.project_id}),
        reverse("results:round", kwargs=ids),
        reverse("results:workshop", kwargs=ids),
    ]
    for path in paths:
        reply = page.goto(live_server.url + path)
        assert reply is not None and reply.status == 200, path
        assert "default-src 'self'" in reply.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        if path == reverse("results:workshop", kwargs=ids):
            # workshop.js ran (it fetches the live counts from this site).
            page.wait_for_function(
                "() => document.querySelector('#live-counts').dataset.polling", timeout=5_000
            )
        assert page.evaluate("() => window.__cspViolations") == [], path
        if path == reverse("core:privacy"):
            assert_accessible(page)
    assert [text for text in console if "Content Security Policy" in text] == []
