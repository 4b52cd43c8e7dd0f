"""SPSS (.sav) export of barometer microdata with variable and value labels.

Labels come from the instrument (question text and scale codes, in bokmål or another of its
languages) and from the frame's code lists (`samson.innovation.codelists`, in the same
language), so a `.sav` file opened in SPSS, PSPP, R (haven) or Stata shows what every code
means. The file also says what SPSS needs to count right:

- don't know (9) and not relevant (8) are declared user-missing on every item whose scale has
  them, so SPSS and PSPP leave them out of means and percentages of valid answers; the codes
  stay in the file and keep their labels;
- measure levels: ordinal for ordered scales (the Likert scales, the size classes), nominal
  for other codes, scale for the weights;
- codes are shown as whole numbers (`F1.0`, `F2.0` for two-digit codes); weights `F12.6`;
- municipality and county numbers are text of a fixed width (`A4`, `A2`) with their leading
  zeros, empty where unknown.

pyreadstat is imported only when a file is written.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from samson.innovation import codelists
from samson.instrument_spec import Instrument

ZERO_PADDED = {"kommunenr": 4, "fylkesnr": 2}
"""Identifiers written as text of this many digits, with their leading zeros (Oslo is 0301)."""
SPSS_LABEL_LIMIT = 255  # longer variable labels are cut (SPSS stores at most 256 bytes)
SPSS_VALUE_LABEL_LIMIT = 120  # value labels: SPSS keeps at most 120 bytes
WEIGHTS = ("vekt", "analysevekt")
ORDINAL_FRAME = frozenset({"storrelse", "sentralitet"})
"""Frame variables whose codes are ordered classes."""
ORDINAL_CHOICE_SCALES = frozenset({"ansatte", "lederar"})
"""Choice scales whose substantive codes are ordered classes (number of staff, years)."""
WEIGHT_FORMAT = "F12.6"

ANALYSIS_WEIGHT = codelists.Label(
    "Analysevekt (vekt normert til gjennomsnitt 1, summerer til antall enheter)",
    "Analysevekt (vekt normert til gjennomsnitt 1, summerer til talet på einingar)",
    "Analysis weight (weight scaled to mean 1, sums to the number of units)",
)
POPULATION_WEIGHT = codelists.Label(
    "Populasjonsvekt (summerer til antall enheter i populasjonen)",
    "Populasjonsvekt (summerer til talet på einingar i populasjonen)",
    "Population weight (sums to the number of units in the population)",
)


def spss_label(text: str, limit: int = SPSS_LABEL_LIMIT) -> str:
    """`text` cut to `limit` bytes of UTF-8 (with "..." when cut), never inside a character.

    SPSS counts bytes, not characters: a label of 255 Norwegian characters is longer than SPSS
    keeps, and a cut inside "ø" would leave a broken character."""
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text
    return encoded[: limit - 3].decode("utf-8", errors="ignore") + "..."


def variable_labels(instrument: Instrument, lang: str = "nb") -> dict[str, str]:
    """Variable name -> label: the frame variables, the weights, then each item's question.

    Every item of a page with several items starts with the page's title ("Samarbeid: …"),
    whatever the length of its own text, so the options of one question read as one question
    in a variable list; a label too long for SPSS is cut at its end, never at the prefix."""
    labels = {name: label.get(lang) for name, label in codelists.FRAME_VARIABLES.items()}
    labels["analysevekt"] = ANALYSIS_WEIGHT.get(lang)
    for page in instrument.pages:
        for item in page.items:
            text = item.text.get(lang)
            if len(page.items) > 1:
                text = f"{page.title.get(lang)}: {text}"
            labels[item.id] = spss_label(text)
    return labels


def value_labels(instrument: Instrument, lang: str = "nb") -> dict[str, dict[int, str]]:
    """Variable name -> {code: label} for every coded item and the coded frame variables."""
    labels: dict[str, dict[int, str]] = {
        name: codelists.names(codes, lang) for name, codes in codelists.CODE_LISTS.items()
    }
    for item in instrument.items:
        scale = instrument.scale_for(item)
        if scale is None:
            continue
        codes = {option.code: option.label.get(lang) for option in scale.options}
        codes[scale.dont_know.code] = scale.dont_know.label.get(lang)
        if scale.not_relevant is not None:
            codes[scale.not_relevant.code] = scale.not_relevant.label.get(lang)
        labels[item.id] = codes
    return labels


def missing_codes(instrument: Instrument) -> dict[str, tuple[int, ...]]:
    """Variable name -> its codes for don't know and not relevant (declared user-missing)."""
    out: dict[str, tuple[int, ...]] = {}
    for item in instrument.items:
        scale = instrument.scale_for(item)
        if scale is None:
            continue
        extra = () if scale.not_relevant is None else (scale.not_relevant.code,)
        out[item.id] = (scale.dont_know.code, *extra)
    return out


def measure_levels(instrument: Instrument) -> dict[str, str]:
    """Variable name -> SPSS measure level (nominal, ordinal or scale) of every known variable."""
    levels = {name: "nominal" for name in codelists.FRAME_VARIABLES}
    levels.update(dict.fromkeys(ORDINAL_FRAME, "ordinal"))
    levels.update(dict.fromkeys(WEIGHTS, "scale"))
    levels["kostragruppe"] = "nominal"
    for item in instrument.items:
        scale = instrument.scale_for(item)
        if scale is None:
            continue
        ordered = scale.type == "likert" or scale.id in ORDINAL_CHOICE_SCALES
        levels[item.id] = "ordinal" if ordered else "nominal"
    return levels


def _code_format(values: np.ndarray) -> str:
    present = values[~np.isnan(values)]
    largest = int(np.abs(present).max()) if present.size else 0
    return f"F{len(str(largest))}.0"


def _document(notes: Sequence[str]) -> list[str]:
    """Notes as the lines of an SPSS document (at most 80 bytes a line, a blank between)."""
    lines: list[str] = []
    for note in notes:
        if lines:
            lines.append("")
        for line in textwrap.wrap(note, width=80):
            lines.append(spss_label(line, 80))
    return lines


def write_sav(
    columns: Mapping[str, np.ndarray],
    instrument: Instrument,
    path: Path,
    lang: str = "nb",
    notes: Sequence[str] = (),
) -> None:
    """Write the columns (NaN = system-missing) as a .sav file with the instrument's labels,
    its user-missing codes, measure levels and display formats (see the module docstring);
    `notes` become the file's documents (PSPP's and SPSS's DISPLAY DOCUMENTS)."""
    import pandas as pd
    import pyreadstat

    data: dict[str, object] = {}
    formats: dict[str, str] = {}
    for name, values in columns.items():
        array = np.asarray(values, dtype=np.float64)
        if name in ZERO_PADDED:  # municipality and county numbers keep their leading zeros
            width = ZERO_PADDED[name]
            # An unknown one is blank: spaces, which SPSS reads as the empty text, so that the
            # variable keeps its width even when no unit has a value.
            data[name] = [" " * width if np.isnan(v) else f"{int(v):0{width}d}" for v in array]
            formats[name] = f"A{width}"
        else:
            data[name] = array
            formats[name] = WEIGHT_FORMAT if name in WEIGHTS else _code_format(array)
    frame = pd.DataFrame(data)
    names = set(columns)
    labels = variable_labels(instrument, lang)
    if "synthetic" not in names:
        # The synthetic file's weight is its post-stratified one; an edition's is whatever
        # base weights and weighting gave, summing to the population it stands for.
        labels["vekt"] = POPULATION_WEIGHT.get(lang)
    pyreadstat.write_sav(
        frame,
        str(path),
        file_label="SYNTHETIC DATA - NOT REAL SURVEY RESPONSES" if "synthetic" in names else "",
        note=_document(notes) or None,
        column_labels={k: v for k, v in labels.items() if k in names},
        variable_value_labels={
            k: {float(code): spss_label(label, SPSS_VALUE_LABEL_LIMIT) for code, label in v.items()}
            for k, v in value_labels(instrument, lang).items()
            if k in names
        },
        missing_ranges={
            k: [float(code) for code in codes]
            for k, codes in missing_codes(instrument).items()
            if k in names
        },
        variable_measure={k: v for k, v in measure_levels(instrument).items() if k in names},
        variable_format=formats,
        variable_display_width={
            name: max(len(name), int(fmt[1:].split(".")[0]) + 1) for name, fmt in formats.items()
        },
    )
