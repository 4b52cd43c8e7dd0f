"""QR codes for join links, as inline SVG rendered on the server (segno)."""

import io

import segno
from django.utils.html import escape


def qr_svg(url: str, title: str) -> str:
    """A scalable, dark-on-light SVG of `url` with an accessible title."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer,
        kind="svg",
        scale=1,
        border=4,
        xmldecl=False,
        svgns=True,
        omitsize=True,
        title=title,
        svgclass="samson-qr",
        lineclass=None,
    )
    svg = buffer.getvalue().decode("utf-8")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(title)}" ', 1)
