"""Small readers of rendered pages for exact assertions (no HTML library is installed)."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser


def _clean(text: str) -> str:
    return " ".join(text.split())


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict[str, object]] = []
        self.headings: list[tuple[str, str]] = []
        self._table: dict[str, object] | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._caption: list[str] | None = None
        self._heading: tuple[str, list[str]] | None = None
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("svg", "script", "style"):
            self._skip += 1
        elif tag == "table":
            self._table = {"caption": "", "rows": []}
        elif tag == "caption":
            self._caption = []
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif re.fullmatch(r"h[1-6]", tag):
            self._heading = (tag, [])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("svg", "script", "style"):
            self._skip -= 1
        elif tag == "table" and self._table is not None:
            self.tables.append(self._table)
            self._table = None
        elif tag == "caption" and self._caption is not None and self._table is not None:
            self._table["caption"] = _clean("".join(self._caption))
            self._caption = None
        elif tag == "tr" and self._row is not None and self._table is not None:
            rows = self._table["rows"]
            assert isinstance(rows, list)
            rows.append(self._row)
            self._row = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(_clean("".join(self._cell)))
            self._cell = None
        elif self._heading is not None and tag == self._heading[0]:
            self.headings.append((tag, _clean("".join(self._heading[1]))))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        for part in (self._cell, self._caption, self._heading[1] if self._heading else None):
            if part is not None:
                part.append(data)


def read(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    return reader


def table(html: str, caption_starts: str) -> list[list[str]]:
    """The rows (header row included) of the first table whose caption starts so."""
    for found in read(html).tables:
        if str(found["caption"]).startswith(caption_starts):
            rows = found["rows"]
            assert isinstance(rows, list)
            return rows
    raise AssertionError(f"no table captioned {caption_starts!r}")


def headings(html: str, level: str) -> list[str]:
    return [text for tag, text in read(html).headings if tag == level]


def visible_text(html: str) -> str:
    """The page's text without tags, SVG, scripts or styles, whitespace collapsed."""
    html = re.sub(r"<(svg|script|style|head)\b.*?</\1>", " ", html, flags=re.S)
    return _clean(unescape(re.sub(r"<[^>]+>", " ", html)))


class _InlineFinder(HTMLParser):
    """Collects inline scripts, event-handler attributes and style attributes/elements."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        for name, _value in attrs:
            if name.startswith("on") or name == "style":
                self.found.append(f"<{tag} {name}=…>")
        if tag == "style":
            self.found.append("<style>")
        if tag == "script" and "src" not in names and names.get("type") != "application/json":
            self._in_script = True
        for name in ("href", "src", "action", "formaction"):
            if (names.get(name) or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:…>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_script:
            self.found.append("<script> with inline code")
            self._in_script = False


def inline_code(html: str) -> list[str]:
    """What a strict Content-Security-Policy would block on the page: inline scripts, event
    handlers, style attributes and elements, `javascript:` links."""
    finder = _InlineFinder()
    finder.feed(html)
    return finder.found
