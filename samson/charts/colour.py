"""Colours of the charts and the WCAG 2.1 contrast arithmetic that keeps their text readable."""

from __future__ import annotations

from functools import cache

BACKGROUND = "#ffffff"
TEXT_DARK = "#1e1e1e"
TEXT_LIGHT = "#ffffff"
GRID = "#6e6e6e"
BAR_FILL = "#0062ba"  # Designsystemet's accent base colour
MISSING_FILL = "#e3e3e3"
MISSING_HATCH = "#8c8c8c"

# Five bands of 20 points, from weak (orange) to strong (purple): ColorBrewer's PuOr, which
# stays distinguishable for the common colour-vision deficiencies and in greyscale print.
# Colour only repeats what the printed number says.
SCALE: tuple[str, ...] = ("#b35806", "#f1a340", "#f7f7f7", "#998ec3", "#542788")
BAND_WIDTH = 20.0


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2.1 relative luminance of an sRGB colour written as ``#rrggbb``."""
    digits = hex_colour.removeprefix("#")
    if len(digits) != 6:
        raise ValueError(f"Expected #rrggbb, got {hex_colour!r}")
    r, g, b = (int(digits[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.1 contrast ratio (1 to 21) between two ``#rrggbb`` colours."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_colour_on(fill: str) -> str:
    """The dark or the light text colour, whichever contrasts more with ``fill``."""
    return _text_colour_on(fill)


# A heat map asks this for every cell, of only six fills: worked out once per fill.
@cache
def _text_colour_on(fill: str) -> str:
    if contrast_ratio(TEXT_DARK, fill) >= contrast_ratio(TEXT_LIGHT, fill):
        return TEXT_DARK
    return TEXT_LIGHT


def band_index(score: float) -> int:
    """The index in SCALE of the band a 0–100 score falls in (100 belongs to the top band)."""
    return min(int(score // BAND_WIDTH), len(SCALE) - 1)


def scale_fill(score: float) -> str:
    """The fill colour of a 0–100 score."""
    return SCALE[band_index(score)]
