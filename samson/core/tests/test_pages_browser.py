"""The public pages in a real browser: every language, phone and desktop width, axe-clean,
no sideways scrolling on a phone, and no request to any other host."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from django import forms
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = ["core:home", "core:accessibility", "core:privacy"]
LANGUAGES = ["nb", "nn", "en"]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def _open(page: Any, live_server: Any, path: str, language: str) -> tuple[list[str], list[str]]:
    """Open ``path`` with ``language`` chosen; return (requests elsewhere, failed requests)."""
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    own = urlsplit(live_server.url).netloc
    elsewhere: list[str] = []
    failed: list[str] = []
    page.on(
        "request",
        lambda request: (
            None
            if urlsplit(request.url).scheme in {"data", "blob", "about"}
            or urlsplit(request.url).netloc == own
            else elsewhere.append(request.url)
        ),
    )
    page.on(
        "response",
        lambda response: (
            failed.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    page.on("requestfailed", lambda request: failed.append(f"failed {request.url}"))
    response = page.goto(live_server.url + path)
    assert response is not None and response.status == 200
    page.wait_for_load_state("networkidle")
    page.evaluate("() => document.fonts.ready")
    return elsewhere, failed


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "desktop"])
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("url_name", PAGES)
def test_page_is_accessible_self_hosted_and_fits(
    page: Any,
    live_server: Any,
    assert_accessible: Any,
    url_name: str,
    language: str,
    viewport: dict[str, int],
) -> None:
    elsewhere, failed = _open(page, live_server, reverse(url_name), language)

    assert page.get_attribute("html", "lang") == language
    assert elsewhere == []
    assert failed == []
    # The self-hosted Inter was loaded (document.fonts.check would also pass with no Inter at all).
    assert page.evaluate(
        "() => [...document.fonts].some(f => f.family.replace(/[\"']/g, '') === 'Inter'"
        " && f.status === 'loaded')"
    )
    assert page.locator("main#main h1").count() == 1
    if viewport == PHONE:
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    assert_accessible(page)


def test_skip_link_is_first_and_moves_to_main(page: Any, live_server: Any) -> None:
    _open(page, live_server, reverse("core:home"), "nb")

    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => [document.activeElement.className, document.activeElement.getAttribute('href')]"
    )
    assert focused == ["ds-skip-link samson-skip-link", "#main"]
    assert page.locator(".samson-skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


@pytest.mark.parametrize("browser_locale", ["en-GB"])
def test_language_switcher_works_without_javascript(
    browser: Any, live_server: Any, browser_locale: str
) -> None:
    context = browser.new_context(java_script_enabled=False, locale=browser_locale)
    try:
        page = context.new_page()
        page.goto(live_server.url + reverse("core:privacy"))
        assert page.get_attribute("html", "lang") == "en"

        page.get_by_role("button", name="Nynorsk").click()

        assert urlsplit(page.url).path == reverse("core:privacy")
        assert page.get_attribute("html", "lang") == "nn"
        current = page.locator("button[aria-current='true']")
        assert current.count() == 1
        assert current.get_attribute("value") == "nn"
    finally:
        context.close()


class _ExampleForm(forms.Form):
    agree = forms.ChoiceField(
        label="Samarbeider dere?",
        choices=[("1", "Ja"), ("2", "Nei")],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label="Kommentar", widget=forms.Textarea)

    def clean(self) -> dict[str, Any]:
        raise forms.ValidationError("Skjemaet er utløpt.")


def test_error_summary_takes_focus_and_links_to_each_field(
    page: Any, live_server: Any, assert_accessible: Any
) -> None:
    form = _ExampleForm(data={})
    assert not form.is_valid()
    template = engines["django"].from_string(
        '{% extends "base.html" %}{% block content %}<h1>Skjema</h1>'
        '{% include "includes/error_summary.html" with form=form %}'
        '<form method="post">{{ form.as_div }}</form>{% endblock %}'
    )
    html = template.render({"form": form}, RequestFactory().get("/"))
    url = live_server.url + "/example-form/"
    page.route(url, lambda route: route.fulfill(body=html, content_type="text/html"))

    page.goto(url)

    assert page.evaluate("() => document.activeElement.id") == "error-summary-heading"
    summary = page.locator(".samson-error-summary li")
    assert summary.all_inner_texts() == [
        "Skjemaet er utløpt.",
        "Samarbeider dere?: Dette feltet er påkrevd.",
        "Kommentar: Dette feltet er påkrevd.",
    ]
    links = page.locator(".samson-error-summary a")
    assert [links.nth(i).get_attribute("href") for i in range(2)] == ["#id_agree_0", "#id_comment"]
    assert page.locator("#id_agree_0").count() == 1
    assert page.locator("#id_comment").count() == 1
    assert_accessible(page)
