"""Page weight on a phone: the answering page of a round, measured in Chromium.

The budget (docs/performance.md, "Page weight"): the first answering page a participant
opens, with an empty cache, weighs under 60 KB as transferred, the page and everything it
loads included (CSS, JavaScript, fonts); the next page, with those files in the cache, under
10 KB. The site runs as in production: gunicorn with the production settings and the static
files collected by `collectstatic` (hashed names, gzip and brotli copies), so each file comes
with the Content-Encoding and cache headers a real server sends. The weight of a response is
what Chromium received for its body (`responseBodySize`: compressed bytes when the response
was compressed), as the DevTools network panel shows it; the headers are counted separately.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from samson.projects import services
from samson.projects.models import Round
from samson.testing.served import (
    HOST,
    ROOT,
    Server,
    create_cache_table,
    database_url,
    free_port,
    served_env,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

KB = 1024
FIRST_LOAD_BUDGET = 60 * KB
NEXT_PAGE_BUDGET = 10 * KB
PHONE = {"width": 360, "height": 740}


@dataclass(frozen=True)
class Transfer:
    url: str
    kind: str
    status: int
    body: int
    headers: int
    encoding: str
    cache_control: str
    cached: bool


def _env(static_root: Path, **extra: str) -> dict[str, str]:
    return served_env(
        database_url(connection.settings_dict, connection.vendor),
        DJANGO_SETTINGS_MODULE="samson.core.tests.weight_settings",
        DJANGO_STATIC_ROOT=str(static_root),
        DJANGO_ALLOWED_HOSTS=f"{HOST},127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="false",
        **extra,
    )


@pytest.fixture(scope="module")
def collected(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The static files as production serves them: `collectstatic` with the production storage."""
    root = tmp_path_factory.mktemp("staticfiles")
    env = served_env("sqlite:///:memory:")
    env.update(
        DJANGO_SETTINGS_MODULE="samson.core.tests.weight_settings",
        DJANGO_STATIC_ROOT=str(root),
    )
    subprocess.run(
        [sys.executable, "-m", "samson", "collectstatic", "--noinput", "--verbosity", "0"],
        env=env,
        cwd=ROOT,
        check=True,
        timeout=300,
    )
    return root


@pytest.fixture
def server(transactional_db: None, collected: Path, tmp_path: Path) -> Iterator[str]:
    env = _env(collected)
    create_cache_table(env)
    port = free_port()
    process = Server(port, env, tmp_path / "gunicorn.log", workers=2)
    process.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.stop()


class Recorder:
    """Every response Chromium receives, as its DevTools protocol reports it: the bytes that
    came over the network (`encodedDataLength`), split into headers and body, or none when the
    file came from the browser's cache."""

    def __init__(self, cdp: Any) -> None:
        self.transfers: list[Transfer] = []
        self._responses: dict[str, dict[str, Any]] = {}
        self._cached: set[str] = set()
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.requestServedFromCache", self._from_cache)
        cdp.on("Network.responseReceived", self._received)
        cdp.on("Network.loadingFinished", self._finished)

    def _transfer(self, kind: str, response: dict[str, Any], body: int, cached: bool) -> None:
        if response["url"].startswith("data:"):
            return  # inside a file already counted (Designsystemet's icons in its CSS)
        headers = {name.lower(): value for name, value in response["headers"].items()}
        self.transfers.append(
            Transfer(
                url=response["url"],
                kind=kind,
                status=response["status"],
                body=body,
                headers=0 if cached else int(response["encodedDataLength"]),
                encoding=headers.get("content-encoding", ""),
                cache_control=headers.get("cache-control", ""),
                cached=cached,
            )
        )

    def _sent(self, event: dict[str, Any]) -> None:
        # A redirect arrives with the request that follows it: headers only, no body.
        if "redirectResponse" in event:
            self._transfer(event.get("type", "Other"), event["redirectResponse"], 0, False)

    def _from_cache(self, event: dict[str, Any]) -> None:
        self._cached.add(event["requestId"])

    def _received(self, event: dict[str, Any]) -> None:
        self._responses[event["requestId"]] = event

    def _finished(self, event: dict[str, Any]) -> None:
        received = self._responses.pop(event["requestId"], None)
        if received is None:
            return
        response = received["response"]
        cached = (
            event["requestId"] in self._cached
            or response.get("fromDiskCache", False)
            or response.get("fromPrefetchCache", False)
        )
        body = 0 if cached else int(event["encodedDataLength"]) - int(response["encodedDataLength"])
        self._transfer(received["type"], response, body, cached)

    def clear(self) -> None:
        self.transfers.clear()


def _sent(transfers: list[Transfer]) -> int:
    """Bytes over the network: every body and every header block."""
    return sum(t.body + t.headers for t in transfers)


def _table(transfers: list[Transfer]) -> str:
    lines = [
        f"{t.status} {t.kind:10} {t.encoding or '-':4} {t.body:7} B body {t.headers:5} B headers"
        f"{' (cache)' if t.cached else ''}"
        f"  {t.url.split('/', 3)[-1]}"
        for t in transfers
    ]
    bodies = sum(t.body for t in transfers)
    lines.append(
        f"total: {bodies} B of bodies ({bodies / KB:.1f} KB), {_sent(transfers)} B with headers"
        f" ({_sent(transfers) / KB:.1f} KB)"
    )
    return "\n".join(lines)


def _settle(page: Any) -> None:
    page.wait_for_load_state("load")
    page.wait_for_load_state("networkidle")
    page.evaluate("() => document.fonts.ready.then(() => true)")


def test_the_answering_page_keeps_within_its_budget(
    browser: Any, server: str, world: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    round = services.round_transition(round=world["round_a"], to=Round.State.OPEN)
    party = round.project.parties.get(preset="kommunen")
    joining = browser.new_context(viewport=PHONE, locale="nb-NO")
    joining.set_default_timeout(20_000)
    try:
        # Join and choose a party in one browser context ...
        page = joining.new_page()
        page.goto(f"{server}/delta/{round.join_code}/")
        page.get_by_label(party.name).check()
        page.get_by_role("button", name="Start").click()
        page.wait_for_url("**/side/1/")
        first_url = page.url
        session = joining.storage_state()
    finally:
        joining.close()
    # ... then open the first answering page in a new one that has only the session cookie:
    # its memory and disk caches are empty, as on a phone that has never seen the site.
    # (Clearing the cache of the same context leaves Blink's in-memory copies, so a file
    # could arrive once from memory and once from the network.)
    context = browser.new_context(viewport=PHONE, locale="nb-NO", storage_state=session)
    context.set_default_timeout(20_000)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    try:
        recorder = Recorder(cdp)
        page.goto(first_url)
        _settle(page)
        first = list(recorder.transfers)
        # The text is drawn in Inter from the subset file, not in a fallback font.
        fonts = page.evaluate(
            "() => [...new Set([...document.fonts].filter((f) => f.status === 'loaded')"
            ".map((f) => f.family.replace(/[\"']/g, '')))]"
        )

        # The next page, as a participant reaches it: answer, press "Neste".
        for fieldset in page.locator("main fieldset.samson-question").all():
            fieldset.locator("label").nth(1).click()
        recorder.clear()
        page.get_by_role("button", name="Neste", exact=True).click()
        page.wait_for_url("**/side/2/")
        _settle(page)
        following = list(recorder.transfers)
    finally:
        context.close()

    with capsys.disabled():
        print("\nfirst answering page, empty cache:\n" + _table(first))
        print("next page, files cached:\n" + _table(following))

    kinds = {t.kind for t in first}
    assert {"Document", "Stylesheet", "Script", "Font"} <= kinds, _table(first)
    # One font file for every weight; the latin-ext file only for pages with such letters.
    font_files = [t.url.rsplit("/", 1)[1].split(".")[0] for t in first if t.kind == "Font"]
    assert font_files == ["inter-latin-wght-normal"], _table(first)
    assert not any(t.cached for t in first), _table(first)
    for t in first:
        assert t.status == 200, _table(first)
        if t.kind == "Document":
            # The page itself is never kept, but it travels compressed.
            assert "no-store" in t.cache_control, t
            assert t.encoding == "gzip", t
        else:
            # Hashed names, cached for good: the next pages never ask for them again.
            assert "immutable" in t.cache_control, t
            assert "max-age=315360000" in t.cache_control, t
        if t.kind in {"Stylesheet", "Script"}:
            assert t.encoding == "br", t
    # The budget counts what crosses the network: bodies as sent (compressed) and headers.
    assert _sent(first) < FIRST_LOAD_BUDGET, _table(first)
    assert fonts == ["Inter"], fonts

    # The form's answer goes up, a redirect comes back, then the next page: nothing else
    # crosses the network.
    fetched = [(t.kind, t.status) for t in following if not t.cached]
    assert fetched == [("Document", 302), ("Document", 200)], _table(following)
    assert _sent(following) < NEXT_PAGE_BUDGET, _table(following)
