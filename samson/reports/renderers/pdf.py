"""PDF: the HTML report's own templates, laid out for paper and rendered by WeasyPrint.

The PDF is tagged (PDF/UA-1): headings, tables and the reading order are in its structure
tree, its language and title are set, and charts stay vector graphics (inline SVG).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe


def css_string(text: str) -> SafeString:
    """`text` as a quoted CSS string, safe inside a <style> element."""
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", " ")
        .replace("<", "\\3c ")
        .replace(">", "\\3e ")
    )
    return mark_safe(f'"{escaped}"')  # noqa: S308 - escaped for CSS above


def _static_root() -> Path | None:
    found = finders.find("fonts/inter.css")
    if not found:
        return None
    return Path(str(found)).resolve().parent.parent


def _fetcher(root: Path | None) -> Any:
    """A fetcher for our own static files (fonts) and data: URIs only; never the network."""
    from weasyprint.urls import URLFetcher

    class StaticOnly(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("file://"):
                path = Path(url.removeprefix("file://").split("?")[0]).resolve()
                if root is None or not path.is_relative_to(root):
                    raise ValueError(f"the PDF renderer does not fetch {url}")
            return super().fetch(url, headers)

    return StaticOnly(allowed_protocols={"file", "data"})


def render_pdf(template: str, context: dict[str, Any], request: HttpRequest | None) -> bytes:
    """Render `template` (a report template) with the paper layout into a tagged PDF."""
    from weasyprint import HTML

    root = _static_root()
    meta = context["report"].meta
    running = " – ".join(part for part in (meta.label, meta.project, context["date_text"]) if part)
    html = render_to_string(
        template,
        {
            **context,
            "layout": "reports/pdf_base.html",
            "pdf": True,
            "font_css": (root / "fonts" / "inter.css").as_uri() if root else "",
            "running_header": css_string(running),
        },
        request=request,
    )
    document = HTML(
        string=html, base_url=root.as_uri() + "/" if root else None, url_fetcher=_fetcher(root)
    )
    pdf: bytes = document.write_pdf(pdf_variant="pdf/ua-1")
    return pdf
