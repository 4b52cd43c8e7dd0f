"""The Inter subset the build makes (frontend/build.mjs) covers every character of our texts.

The pages draw their text in one file, `inter-latin-wght-normal.woff2` (docs/performance.md,
"Page weight"). A character it lacks is drawn in the phone's own font instead, or makes the
browser fetch the latin-ext file too. Every character of the templates, the translation
catalogues and the shipped instruments must therefore be inside the latin face's
`unicode-range` and in the file itself, except the arrow "→", which Inter as Fontsource ships
it does not have at all (it had no Inter glyph before the subset either).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[3]
FONTS = ROOT / "build" / "static" / "fonts"
LATIN = FONTS / "inter" / "inter-latin-wght-normal.woff2"
NOT_IN_INTER = {"→"}


def _faces() -> list[tuple[str, set[int]]]:
    # `make test` builds the front end first; a missing build is a failure, never a skip.
    assert (FONTS / "inter.css").is_file(), (
        "The built front end (build/static/) is missing: run `make static`."
    )
    css = (FONTS / "inter.css").read_text(encoding="utf-8")
    faces = []
    for block in re.findall(r"@font-face\s*\{(.*?)\}", css, re.S):
        src = re.search(r"url\(([^)]+)\)", block)
        unicode_range = re.search(r"unicode-range:\s*([^;]+);", block)
        assert src and unicode_range, block
        points: set[int] = set()
        for part in unicode_range.group(1).split(","):
            first, _, last = part.strip().removeprefix("U+").partition("-")
            points.update(range(int(first, 16), int(last or first, 16) + 1))
        faces.append((src.group(1), points))
    return faces


def _our_characters() -> set[str]:
    sources = [
        *(ROOT / "samson").rglob("*.html"),
        *(ROOT / "locale").glob("*/LC_MESSAGES/django.po"),
        *(ROOT / "samson" / "instruments" / "shipped").glob("*.yaml"),
    ]
    text = "".join(path.read_text(encoding="utf-8") for path in sources)
    # Letters, digits, punctuation and symbols: what a font draws (not spaces or controls).
    return {c for c in text if not unicodedata.category(c).startswith(("C", "Z"))}


def test_every_character_of_our_texts_is_in_the_latin_file() -> None:
    faces = _faces()
    assert [src for src, _points in faces] == [
        "inter/inter-latin-wght-normal.woff2",
        "inter/inter-latin-ext-wght-normal.woff2",
    ]
    latin_range = faces[0][1]
    cmap = TTFont(LATIN).getBestCmap()
    used = _our_characters()
    assert {"æ", "ø", "å", "Ø", "Å", "é", "«", "»", "–"} <= used
    outside = sorted(c for c in used - NOT_IN_INTER if ord(c) not in latin_range)
    assert outside == []
    missing = sorted(c for c in used - NOT_IN_INTER if ord(c) not in cmap)
    assert missing == []
    # The exception is real: if Inter gains the arrow, it belongs in the file too.
    assert not any(ord(c) in cmap for c in NOT_IN_INTER)


def test_the_font_is_one_variable_file_for_weights_400_to_600() -> None:
    _faces()
    font = TTFont(LATIN)
    axes = [(a.axisTag, a.minValue, a.defaultValue, a.maxValue) for a in font["fvar"].axes]
    assert axes == [("wght", 400.0, 400.0, 600.0)]
    features = {
        table: sorted({r.FeatureTag for r in font[table].table.FeatureList.FeatureRecord})
        for table in ("GSUB", "GPOS")
    }
    assert features == {"GSUB": ["tnum"], "GPOS": ["kern"]}
    css = (FONTS / "inter.css").read_text(encoding="utf-8")
    assert css.count("font-weight: 400 600;") == 2
    assert LATIN.stat().st_size < 24 * 1024
