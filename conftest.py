"""Fixtures shared by the whole suite, including the browser harness.

Browser tests (``@pytest.mark.browser``) drive Debian's Chromium (never a browser that
Playwright downloads) against pytest-django's ``live_server`` and check every page with
axe-core from ``node_modules``. Without Chromium they skip locally but fail in CI.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; Django would then refuse the
# database calls that live_server tests make from the test body.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

ROOT = Path(__file__).resolve().parent
CHROMIUM = Path(os.environ.get("SAMSON_CHROMIUM", "/usr/bin/chromium"))
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BUILT_CSS = ROOT / "build" / "static" / "samson" / "samson.css"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP_VIEWPORT = {"width": 1280, "height": 900}
MOBILE_VIEWPORT = {"width": 360, "height": 740}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def _missing(what: str, how: str) -> None:
    """Fail in CI, where a missing tool is a broken pipeline; skip on a developer's machine."""
    if _in_ci():
        pytest.fail(f"{what} is missing, so the browser tests cannot run: {how}", pytrace=False)
    pytest.skip(f"{what} is missing: {how}")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, one per test session."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        _missing(f"Chromium ({CHROMIUM})", "run `apt-get install chromium`.")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the dev extra installs it
        _missing("The playwright Python package", "run `pip install -e '.[dev]'`.")
    if not BUILT_CSS.is_file():
        _missing("The built front end (build/static/)", "run `npm ci && npm run build`.")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def viewport() -> dict[str, int]:
    """The page fixture's viewport; override it in a test module or parametrize it."""
    return DESKTOP_VIEWPORT


@pytest.fixture
def browser_locale() -> str:
    """The page fixture's locale (sets navigator.language and Accept-Language)."""
    return "nb-NO"


@pytest.fixture
def page(browser: Any, viewport: dict[str, int], browser_locale: str) -> Iterator[Any]:
    """A fresh page in a fresh browser context (own cookies) for each test."""
    context = browser.new_context(viewport=viewport, locale=browser_locale)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def _axe_source() -> str:
    if not AXE_JS.is_file():
        _missing(f"axe-core ({AXE_JS.relative_to(ROOT)})", "run `npm ci`.")
    return AXE_JS.read_text(encoding="utf-8")


def format_violations(violations: list[dict[str, Any]]) -> str:
    """One readable block per axe violation: rule, impact, help and the offending nodes."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact') or 'unknown impact'}): "
            f"{violation['help']} <{violation.get('helpUrl', '')}>"
        )
        for node in violation["nodes"]:
            target = " ".join(json.dumps(part) for part in node["target"])
            lines.append(f"    at {target}")
            summary = (node.get("failureSummary") or "").replace("\n", " ").strip()
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


def assert_accessible(page: Any, *, context: str | None = None) -> None:
    """Run axe-core's WCAG 2.0, 2.1 and 2.2 A and AA rules; fail listing every violation."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # The site's Content-Security-Policy refuses inline <script> tags, so axe is evaluated
        # through the DevTools protocol, which the policy does not govern.
        page.evaluate(_axe_source() + "\n;undefined")
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    results = page.evaluate(
        "([context, options]) => window.axe.run(context || document, options)",
        [context, options],
    )
    violations = results["violations"]
    if violations:
        pytest.fail(
            f"axe-core found {len(violations)} accessibility violation(s) on {page.url}:\n"
            + format_violations(violations),
            pytrace=False,
        )


@pytest.fixture(name="assert_accessible")
def assert_accessible_fixture() -> Any:
    """``assert_accessible`` as a fixture, for tests that prefer not to import conftest."""
    return assert_accessible
