"""Fixtures shared by the whole suite, including the browser harness.

Browser tests (``@pytest.mark.browser``) drive Debian's Chromium (never a browser that
Playwright downloads) against pytest-django's ``live_server`` and check every page with
axe-core from ``node_modules``. Without Chromium they skip locally but fail in CI.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from samson.testing.axe import assert_accessible, missing

# Playwright's sync API runs an event loop in this thread; Django would then refuse the
# database calls that live_server tests make from the test body.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

ROOT = Path(__file__).resolve().parent
CHROMIUM = Path(os.environ.get("SAMSON_CHROMIUM", "/usr/bin/chromium"))
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


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, one per test session."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        missing(f"Chromium ({CHROMIUM})", "run `apt-get install chromium`.")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the dev extra installs it
        missing("The playwright Python package", "run `pip install -e '.[dev]'`.")
    if not BUILT_CSS.is_file():
        missing("The built front end (build/static/)", "run `npm ci && npm run build`.")
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


@pytest.fixture(name="assert_accessible")
def assert_accessible_fixture() -> Any:
    """``samson.testing.axe.assert_accessible`` as a fixture."""
    return assert_accessible
