"""Derived indicators against rows worked out by hand (docs/barometer-codebook.md)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from samson.innovation import INDICATORS, derive

N = np.nan
REPO = Path(__file__).resolve().parents[3]

# Five units:
#   0 innovator (process + service), newest = process + service, full answers
#   1 innovator (communication only), few answers
#   2 non-innovator (no, no, don't know, no) with development under way
#   3 non-innovator without development work
#   4 incomplete B1 (one no, three unanswered): neither innovator nor non-innovator
ROWS = {
    "B1_PRODUKT": [0, 0, 0, 0, 0],
    "B1_TJENESTE": [1, 0, 0, 0, N],
    "B1_PROSESS": [1, 0, 9, 0, N],
    "B1_KOMMUNIKASJON": [0, 1, 0, 0, N],
    "B1B_UNDERVEIS": [N, N, 1, 0, N],
    "B2_PRODUKT": [0, N, N, N, N],
    "B2_TJENESTE": [1, 0, N, N, N],
    "B2_PROSESS": [1, 0, N, N, N],
    "B2_KOMMUNIKASJON": [0, 1, N, N, N],
    "B3_KJERNE": [2, 9, N, N, N],
    "B4_NYHET": [3, 9, N, N, N],
    "B5_MEDARBEIDER": [0, 1, N, N, N],
    "B5_INNBYGGER": [0, N, N, N, N],
    "B6_EGEN_KOMMUNE": [1, 0, N, N, N],
    "B6_PRIVAT": [0, 0, N, N, N],
    "B6_INNBYGGER": [0, 0, N, N, N],
    "B6_INGEN": [0, 1, N, N, N],
    "B8_MEDARBEIDER": [6, N, 6, N, N],
    "B8_OKONOMI": [2, 8, 1, N, N],
    "B8_INNBYGGER": [4, 9, N, N, N],
    "B8_PRIVAT": [5, N, N, N, N],
    "B9_KVALITET": [1, 1, N, N, N],
    "B9_EFFEKTIVITET": [1, 0, N, N, N],
    "B10_TEKNOLOGI": [2, 4, N, N, N],
    "B11_EVALUERT": [1, 9, N, N, N],
    "B12_SPREDT": [0, 1, N, N, N],
    "B13_RISIKO": [4, 2, 8, 9, N],
}

EXPECTED: dict[str, list[float]] = {
    "I_INNOVATIV": [1, 1, 0, 0, N],
    "I_B1_TJENESTE": [1, 0, 0, 0, N],
    "I_B1_PROSESS": [1, 0, 0, 0, N],  # don't know counts as not yes
    "I_B1_PRODUKT": [0, 0, 0, 0, 0],
    "I_UTVIKLING": [N, N, 1, 0, N],
    "I_B2_PROSESS": [1, 0, N, N, N],
    "I_B2_PRODUKT": [0, N, N, N, N],
    "I_FLERE_TYPER": [1, 0, N, N, N],
    "I_KJERNE": [1, 0, N, N, N],
    "I_NYHET_KOPI": [1, 0, N, N, N],
    "I_NYHET_FORST": [0, 0, N, N, N],
    "I_GJENBRUK": [1, 0, N, N, N],
    "I_INIT_MEDARBEIDER": [0, 1, N, N, N],
    "I_INIT_LEDER": [N, N, N, N, N],  # never asked
    "I_SAMARB_EGEN_KOMMUNE": [1, 0, N, N, N],
    "I_SAMARBEID": [1, 0, N, N, N],
    "I_SAMARBEID_EKSTERN": [0, 0, N, N, N],
    # Top-2-box among innovators; not relevant (8) and don't know (9) count as "not promoted".
    "I_FREMMET_MEDARBEIDER": [1, N, N, N, N],  # unit 2 is no innovator
    "I_FREMMET_OKONOMI": [0, 0, N, N, N],
    "I_HEMMET_OKONOMI": [1, 0, N, N, N],
    "I_FREMMET_INNBYGGER": [0, 0, N, N, N],
    # Positive role = initiator or promoter (5-6) or partner.
    "I_ROLLE_MEDARBEIDER": [1, 1, N, N, N],
    "I_ROLLE_INNBYGGER": [0, 0, N, N, N],
    "I_ROLLE_PRIVAT": [1, 0, N, N, N],
    "I_ROLLE_LEDER": [N, N, N, N, N],
    "I_VERDI_KVALITET": [1, 1, N, N, N],
    "I_FLERE_VERDIER": [1, 0, N, N, N],
    "I_TEKNOLOGI_VIKTIG": [1, 0, N, N, N],
    "I_TEKNOLOGI_LOSNING": [0, 0, N, N, N],
    "I_EVALUERT": [1, 0, N, N, N],
    "I_EVALUERT_EKSTERN": [1, 0, N, N, N],
    "I_EVALUERT_INTERN": [0, 0, N, N, N],
    "I_SPREDT": [0, 1, N, N, N],
    "I_KULTUR_RISIKO": [1, 0, 0, 0, N],
}


def _same(actual: np.ndarray, expected: list[float]) -> bool:
    return all(
        (math.isnan(a) and math.isnan(e)) or a == e
        for a, e in zip(actual.tolist(), expected, strict=True)
    )


def test_hand_computed_rows() -> None:
    result = derive({name: np.array(values, dtype=float) for name, values in ROWS.items()})
    assert list(result) == [indicator.name for indicator in INDICATORS]
    wrong = {
        name: result[name].tolist()
        for name, expected in EXPECTED.items()
        if not _same(result[name], expected)
    }
    assert wrong == {}


def test_outputs_are_zero_one_or_nan() -> None:
    result = derive({name: np.array(values, dtype=float) for name, values in ROWS.items()})
    for values in result.values():
        assert set(np.unique(values[~np.isnan(values)]).tolist()) <= {0.0, 1.0}


def test_every_indicator_is_in_the_codebook() -> None:
    codebook = (REPO / "docs" / "barometer-codebook.md").read_text("utf-8")
    missing = [i.name for i in INDICATORS if f"`{i.name}`" not in codebook]
    assert missing == []
