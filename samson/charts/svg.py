"""Server-side SVG charts: a heat map and a horizontal bar chart of 0–100 scores.

The SVG is a picture for sighted readers; the page must put a data table with the same numbers
beside it. Each chart is ``role="img"`` and named by its ``<title>`` and ``<desc>``. Colour never
carries meaning alone: every cell and bar prints its number, and a missing value prints "–" on a
hatched grey. Colours are inline attributes, so a chart looks the same in print and in exports.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Sequence

from .colour import (
    BACKGROUND,
    BAR_FILL,
    GRID,
    MISSING_FILL,
    MISSING_HATCH,
    SCALE,
    TEXT_DARK,
    band_index,
    text_colour_on,
)
from .grid import HeatmapGrid

MISSING_TEXT = "–"
FONT_SIZE = 14
LINE_HEIGHT = 18
# A generous average advance for Inter at 14 px, so labels never overrun their column.
CHAR_WIDTH = 8.0
PAD = 8

_ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
# Characters XML 1.0 forbids even when escaped.
_XML_INVALID_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _escape(text: str) -> str:
    text = _XML_INVALID_RE.sub("", text)
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


def _num(value: float) -> str:
    """A coordinate without a trailing ``.0``."""
    return f"{value:.1f}".removesuffix(".0")


def _rounded(score: float) -> int:
    """Round half up (Python's round() rounds half to even, which would print 42 for 42.5)."""
    return math.floor(score + 0.5)


def _check_score(score: float | None, where: str) -> None:
    if score is None:
        return
    if not math.isfinite(score) or not 0 <= score <= 100:
        raise ValueError(f"{where}: a score must be between 0 and 100, got {score!r}")


def _wrap(text: str, max_chars: int) -> list[str]:
    """Greedy word wrap; a word longer than a line is broken with a hyphen."""
    words: list[str] = []
    for word in text.split():
        while len(word) > max_chars:
            words.append(word[: max_chars - 1] + "-")
            word = word[max_chars - 1 :]
        words.append(word)
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= max_chars or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines or [""]


def _text_width(lines: Sequence[str]) -> float:
    return max(len(line) for line in lines) * CHAR_WIDTH


def _multiline_text(
    lines: Sequence[str], *, x: float, top: float, anchor: str, css_class: str
) -> str:
    """A <text> whose lines are <tspan>s; ``top`` is the top of the first line box."""
    first_baseline = top + LINE_HEIGHT / 2 + FONT_SIZE * 0.35
    spans = "".join(
        f'<tspan x="{_num(x)}" dy="{0 if i == 0 else LINE_HEIGHT}">{_escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return (
        f'<text class="{css_class}" x="{_num(x)}" y="{_num(first_baseline)}" '
        f'text-anchor="{anchor}" fill="{TEXT_DARK}">{spans}</text>'
    )


def _chart_id(kind: str, chart_id: str | None, *parts: object) -> str:
    if chart_id is not None:
        if not _ID_RE.match(chart_id):
            raise ValueError(f"chart_id must be a valid XML id, got {chart_id!r}")
        return chart_id
    digest = hashlib.sha256(repr((kind, *parts)).encode("utf-8")).hexdigest()[:10]
    return f"{kind}-{digest}"


def _open_svg(
    cid: str, kind: str, width: float, height: float, title: str, description: str
) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="samson-chart samson-chart--{kind}" '
        f'id="{cid}" viewBox="0 0 {_num(width)} {_num(height)}" '
        f'width="{_num(width)}" height="{_num(height)}" role="img" '
        f'aria-labelledby="{cid}-title {cid}-desc" '
        f'font-family="Inter, system-ui, sans-serif" font-size="{FONT_SIZE}">',
        f'<title id="{cid}-title">{_escape(title)}</title>',
        f'<desc id="{cid}-desc">{_escape(description)}</desc>',
        f'<rect class="background" width="100%" height="100%" fill="{BACKGROUND}"/>',
    ]


def _hatch_pattern(cid: str) -> str:
    return (
        f'<defs><pattern id="{cid}-missing" width="8" height="8" '
        f'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="8" height="8" fill="{MISSING_FILL}"/>'
        f'<line x1="0" y1="0" x2="0" y2="8" stroke="{MISSING_HATCH}" stroke-width="2"/>'
        f"</pattern></defs>"
    )


def _missing_mark(cid: str, *, x: float, y: float, width: float, height: float) -> list[str]:
    """A hatched box with "–" on a solid plate, so the dash keeps its contrast."""
    cx, cy = x + width / 2, y + height / 2
    plate_h = min(22.0, height)
    return [
        f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(width)}" height="{_num(height)}" '
        f'fill="url(#{cid}-missing)"/>',
        f'<rect class="plate" x="{_num(cx - 12)}" y="{_num(cy - plate_h / 2)}" width="24" '
        f'height="{_num(plate_h)}" '
        f'fill="{MISSING_FILL}"/>',
        f'<text class="value" x="{_num(cx)}" y="{_num(cy + FONT_SIZE * 0.35)}" '
        f'text-anchor="middle" fill="{text_colour_on(MISSING_FILL)}" '
        f'font-weight="600">{MISSING_TEXT}</text>',
    ]


def heatmap(
    title: str,
    description: str,
    row_labels: Sequence[str],
    col_labels: Sequence[str],
    values: Sequence[Sequence[float | None]],
    *,
    chart_id: str | None = None,
    missing_label: str | None = None,
) -> str:
    """An SVG heat map of 0–100 scores, one row per row label and one column per column label.

    Each cell is filled by its 20-point band (a legend below shows the bands) and prints its
    score rounded half up; ``None`` prints "–" on a hatched grey. ``missing_label`` (already
    translated) adds a legend entry for the hatching. ``chart_id`` must be unique on the page;
    by default it is derived from the content. Raises ValueError on ragged input or a score
    outside 0–100.
    """
    if len(values) != len(row_labels):
        raise ValueError(f"{len(row_labels)} row labels but {len(values)} rows of values")
    for r, row in enumerate(values):
        if len(row) != len(col_labels):
            raise ValueError(f"row {r} has {len(row)} values for {len(col_labels)} columns")
        for c, score in enumerate(row):
            _check_score(score, f"row {r}, column {c}")
    cid = _chart_id(
        "heatmap", chart_id, title, description, row_labels, col_labels, values, missing_label
    )

    # Columns widen for their longest word (up to 18 characters; longer words are hyphenated).
    longest_word = max((len(w) for label in col_labels for w in label.split()), default=0)
    col_chars = min(max(10, longest_word), 18)
    cell_w, cell_h = col_chars * CHAR_WIDTH + 8, 44.0
    row_lines = [_wrap(label, 26) for label in row_labels]
    col_lines = [_wrap(label, col_chars) for label in col_labels]
    label_w = max((_text_width(lines) for lines in row_lines), default=0.0) + 12
    header_h = float(max((len(lines) for lines in col_lines), default=1) * LINE_HEIGHT + 8)
    row_hs = [max(cell_h, len(lines) * LINE_HEIGHT + 8) for lines in row_lines]
    grid_x = PAD + label_w
    grid_y = PAD + header_h

    has_missing = any(score is None for row in values for score in row)
    legend_items: list[tuple[str | None, str]] = [
        (fill, f"{i * 20}–{100 if i == len(SCALE) - 1 else i * 20 + 19}")
        for i, fill in enumerate(SCALE)
    ]
    if has_missing and missing_label is not None:
        legend_items.append((None, missing_label))
    swatch_w, legend_gap = 24.0, 16.0
    legend_widths = [swatch_w + 6 + len(text) * CHAR_WIDTH for _, text in legend_items]
    legend_y = grid_y + sum(row_hs) + 16
    legend_h = LINE_HEIGHT + 8

    width = max(
        grid_x + len(col_labels) * cell_w + PAD,
        PAD + sum(legend_widths) + legend_gap * (len(legend_items) - 1) + PAD,
    )
    height = legend_y + legend_h + PAD

    parts = _open_svg(cid, "heatmap", width, height, title, description)
    parts.append(_hatch_pattern(cid))

    parts.append('<g class="col-labels">')
    for c, lines in enumerate(col_lines):
        x = grid_x + c * cell_w + cell_w / 2
        top = PAD + header_h - 4 - len(lines) * LINE_HEIGHT
        parts.append(_multiline_text(lines, x=x, top=top, anchor="middle", css_class="col-label"))
    parts.append("</g>")

    parts.append('<g class="rows">')
    y = grid_y
    for lines, row, row_h in zip(row_lines, values, row_hs, strict=True):
        parts.append('<g class="row">')
        top = y + (row_h - len(lines) * LINE_HEIGHT) / 2
        parts.append(
            _multiline_text(lines, x=grid_x - 12, top=top, anchor="end", css_class="row-label")
        )
        for c, score in enumerate(row):
            x = grid_x + c * cell_w
            parts.append('<g class="cell">')
            if score is None:
                parts.extend(_missing_mark(cid, x=x, y=y, width=cell_w, height=row_h))
            else:
                shown = _rounded(score)
                fill = SCALE[band_index(shown)]
                parts.append(
                    f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(cell_w)}" '
                    f'height="{_num(row_h)}" fill="{fill}"/>'
                )
                parts.append(
                    f'<text class="value" x="{_num(x + cell_w / 2)}" '
                    f'y="{_num(y + row_h / 2 + FONT_SIZE * 0.35)}" text-anchor="middle" '
                    f'fill="{text_colour_on(fill)}" font-weight="600">{shown}</text>'
                )
            # White gaps keep neighbouring cells apart without relying on their colours.
            parts.append(
                f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(cell_w)}" '
                f'height="{_num(row_h)}" fill="none" stroke="{BACKGROUND}" stroke-width="2"/>'
            )
            parts.append("</g>")
        parts.append("</g>")
        y += row_h
    parts.append("</g>")

    parts.append('<g class="legend">')
    lx = float(PAD)
    for (swatch_fill, text), item_w in zip(legend_items, legend_widths, strict=True):
        sy = legend_y + (legend_h - 16) / 2
        if swatch_fill is None:
            parts.append(
                f'<rect class="swatch" x="{_num(lx)}" y="{_num(sy)}" width="{_num(swatch_w)}" '
                f'height="16" fill="url(#{cid}-missing)" stroke="{GRID}"/>'
            )
        else:
            parts.append(
                f'<rect class="swatch" x="{_num(lx)}" y="{_num(sy)}" width="{_num(swatch_w)}" '
                f'height="16" fill="{swatch_fill}" stroke="{GRID}"/>'
            )
        parts.append(
            f'<text class="legend-label" x="{_num(lx + swatch_w + 6)}" '
            f'y="{_num(legend_y + legend_h / 2 + FONT_SIZE * 0.35)}" '
            f'fill="{TEXT_DARK}">{_escape(text)}</text>'
        )
        lx += item_w + legend_gap
    parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(
    title: str,
    description: str,
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    chart_id: str | None = None,
) -> str:
    """An SVG chart of horizontal bars on a 0–100 axis, one bar per label.

    Each bar prints its score (rounded half up) just past its end, on the white background;
    ``None`` draws no bar and prints "–" on a hatched grey. ``chart_id`` must be unique on the
    page; by default it is derived from the content. Raises ValueError on mismatched lengths or
    a score outside 0–100.
    """
    if len(values) != len(labels):
        raise ValueError(f"{len(labels)} labels but {len(values)} values")
    for i, score in enumerate(values):
        _check_score(score, f"bar {i}")
    cid = _chart_id("bars", chart_id, title, description, labels, values)

    bar_area_w, value_w, bar_h = 240.0, 44.0, 20.0
    label_lines = [_wrap(label, 26) for label in labels]
    label_w = max((_text_width(lines) for lines in label_lines), default=0.0) + 12
    row_hs = [max(32.0, len(lines) * LINE_HEIGHT + 8) for lines in label_lines]
    bar_x = PAD + label_w
    top_y = float(PAD)
    axis_y = top_y + sum(row_hs)
    width = bar_x + bar_area_w + value_w + PAD
    height = axis_y + 6 + LINE_HEIGHT + PAD

    def x_of(score: float) -> float:
        return bar_x + bar_area_w * score / 100

    parts = _open_svg(cid, "bars", width, height, title, description)
    parts.append(_hatch_pattern(cid))

    parts.append('<g class="grid">')
    for tick in (0, 25, 50, 75, 100):
        tx = x_of(tick)
        parts.append(
            f'<line x1="{_num(tx)}" y1="{_num(top_y)}" x2="{_num(tx)}" y2="{_num(axis_y)}" '
            f'stroke="{GRID}" stroke-width="{1 if tick == 0 else 0.5}"/>'
        )
        parts.append(
            f'<text class="tick" x="{_num(tx)}" y="{_num(axis_y + 6 + FONT_SIZE * 0.85)}" '
            f'text-anchor="middle" fill="{TEXT_DARK}">{tick}</text>'
        )
    parts.append("</g>")

    parts.append('<g class="bars">')
    y = top_y
    for lines, score, row_h in zip(label_lines, values, row_hs, strict=True):
        parts.append('<g class="bar">')
        top = y + (row_h - len(lines) * LINE_HEIGHT) / 2
        parts.append(_multiline_text(lines, x=bar_x - 12, top=top, anchor="end", css_class="label"))
        by = y + (row_h - bar_h) / 2
        if score is None:
            parts.extend(_missing_mark(cid, x=bar_x + 1, y=by, width=32, height=bar_h))
        else:
            shown = _rounded(score)
            parts.append(
                f'<rect x="{_num(bar_x)}" y="{_num(by)}" '
                f'width="{_num(x_of(score) - bar_x)}" height="{_num(bar_h)}" fill="{BAR_FILL}"/>'
            )
            parts.append(
                f'<text class="value" x="{_num(x_of(score) + 6)}" '
                f'y="{_num(by + bar_h / 2 + FONT_SIZE * 0.35)}" fill="{TEXT_DARK}" '
                f'font-weight="600">{shown}</text>'
            )
        parts.append("</g>")
        y += row_h
    parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


def heatmap_svg(grid: HeatmapGrid) -> str:
    """The SVG heat map of a grid (see `heatmap`): its rows, columns and cell values, named by
    its title and description. Suppressed and missing cells print "–" on a hatched grey."""
    return heatmap(
        grid.title,
        grid.description,
        [row.label for row in grid.rows],
        [column.label for column in grid.columns],
        grid.values,
        chart_id=grid.chart_id,
        missing_label=grid.missing_label,
    )
