"""SPSS (.sav) export of barometer microdata with variable and value labels.

Labels come from the instrument (question text and scale codes, in bokmål or another of its
languages) and from the frame's code lists (`samson.innovation.codelists`, in the same
language), so a `.sav` file opened in SPSS, PSPP, R (haven) or Stata shows what every code
means. pyreadstat is imported only when a file is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np

from samson.innovation import codelists
from samson.instrument_spec import Instrument

ZERO_PADDED = {"kommunenr": 4, "fylkesnr": 2}
SPSS_LABEL_LIMIT = 255  # longer variable labels are cut (SPSS stores at most 256 bytes)


def _cut(text: str) -> str:
    encoded = text.encode("utf-8")
    if len(encoded) <= SPSS_LABEL_LIMIT:
        return text
    return encoded[: SPSS_LABEL_LIMIT - 3].decode("utf-8", errors="ignore") + "..."


def variable_labels(instrument: Instrument, lang: str = "nb") -> dict[str, str]:
    """Variable name -> label: the frame variables, then each item's question text."""
    labels = {name: label.get(lang) for name, label in codelists.FRAME_VARIABLES.items()}
    for page in instrument.pages:
        for item in page.items:
            text = item.text.get(lang)
            # Options of a "tick all that apply" page are short; the page title gives context.
            if len(text) < 60:
                text = f"{page.title.get(lang)}: {text}"
            labels[item.id] = _cut(text)
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


def write_sav(
    columns: Mapping[str, np.ndarray], instrument: Instrument, path: Path, lang: str = "nb"
) -> None:
    """Write the columns (NaN = missing) as a .sav file with the instrument's labels."""
    import pandas as pd
    import pyreadstat

    data: dict[str, object] = {}
    for name, values in columns.items():
        array = np.asarray(values, dtype=np.float64)
        if name in ZERO_PADDED:  # municipality and county numbers keep their leading zeros
            data[name] = [f"{int(v):0{ZERO_PADDED[name]}d}" for v in array]
        else:
            data[name] = array
    frame = pd.DataFrame(data)
    names = set(columns)
    pyreadstat.write_sav(
        frame,
        str(path),
        file_label="SYNTHETIC DATA - NOT REAL SURVEY RESPONSES" if "synthetic" in names else "",
        column_labels={k: v for k, v in variable_labels(instrument, lang).items() if k in names},
        variable_value_labels={
            k: {float(code): label for code, label in v.items()}
            for k, v in value_labels(instrument, lang).items()
            if k in names
        },
    )
