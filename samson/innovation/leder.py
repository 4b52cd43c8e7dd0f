"""Derived indicators of the chief-executive survey (`barometer-leder.yaml`).

Input: a mapping of column name -> array of answer codes, one row per municipality or county
authority (the item ids of the instrument are the column names; NaN = unanswered or not asked).
Output: columns of 1.0 / 0.0 with NaN where the indicator does not apply or the answer is
9 (don't know) or 8 (not relevant): those are missing, not "no". A weighted mean of an output
column is the share KS reports in "Kommunesektoren satser strategisk på innovasjon" (2018).
Definitions: docs/barometer-codebook.md, "The chief-executive survey".
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from samson.innovation.indicators import (
    HINDERED,
    NO,
    PROMOTED,
    YES,
    FloatArray,
    Indicator,
    _code_share,
    _column,
)

INSTRUMENT_KEY = "barometer-leder"

STRATEGY = "L1_STRATEGI"
STRATEGY_CODES: tuple[int, ...] = (1, 2, 3, 4)
"""1 adopted by the council, 2 adopted by the administration, 3 being prepared, 4 no."""
WITHOUT_STRATEGY = (3, 4)
"""The instrument's filter `without_strategy`: who is asked L2_INNSATS."""

RESOURCES: tuple[str, ...] = ("L3_STILLING_SENTRAL", "L3_STILLING_DESENTRAL", "L4_MIDLER")
REASONS: tuple[str, ...] = (
    "L5_OKONOMI",
    "L5_KVALITET",
    "L5_DEMOGRAFI",
    "L5_POLITIKK",
    "L5_MEDARBEIDER",
    "L5_INNBYGGER",
    "L5_TEKNOLOGI",
    "L5_NASJONALT",
    "L5_ANNET",
)
PARTNERS: tuple[str, ...] = (
    "L6_KOMMUNER",
    "L6_FYLKE",
    "L6_STAT",
    "L6_FORSKNING",
    "L6_PRIVAT",
    "L6_FRIVILLIG",
    "L6_INNBYGGER",
    "L6_KS",
)
FACTORS: tuple[str, ...] = (
    "L7_OKONOMI",
    "L7_KOMPETANSE",
    "L7_TID",
    "L7_TEKNOLOGI",
    "L7_REGELVERK",
    "L7_POLITIKK",
    "L7_KULTUR",
    "L7_SAMARBEID",
)
ORGAN = "L8_ORGAN"
ORGAN_TYPE = "organtype"
"""The background variable of the kind of organisation: 1 municipality, 2 county authority."""
ORGAN_TYPES = (1, 2)


def derive(data: Mapping[str, npt.ArrayLike]) -> dict[str, FloatArray]:
    """Every indicator of `INDICATORS`, in that order, as 0/1 columns with NaN = missing."""
    if not data:
        return {}
    n = len(np.asarray(next(iter(data.values()))))

    def col(name: str, valid: tuple[int, ...]) -> FloatArray:
        values = _column(data, name, n)
        # Don't know, not relevant and any code the item does not have are missing.
        return np.where(np.isin(values, list(valid)), values, np.nan)

    everyone = np.ones(n, dtype=np.bool_)
    out: dict[str, FloatArray] = {}
    strategy = col(STRATEGY, STRATEGY_CODES)
    for code in STRATEGY_CODES:
        out[f"I_{STRATEGY}_{code}"] = _code_share(strategy, (code,), everyone)
    out["I_L1_VEDTATT"] = _code_share(strategy, (1, 2), everyone)
    without = np.isin(strategy, WITHOUT_STRATEGY)
    out["I_L2_INNSATS"] = _code_share(col("L2_INNSATS", (YES, NO)), (YES,), without)
    for name in (*RESOURCES, *REASONS, *PARTNERS):
        out[f"I_{name}"] = _code_share(col(name, (YES, NO)), (YES,), everyone)
    for name in FACTORS:
        values = col(name, (1, 2, 3, 4, 5, 6))
        out[f"I_{name}_FREMMER"] = _code_share(values, PROMOTED, everyone)
        out[f"I_{name}_HEMMER"] = _code_share(values, HINDERED, everyone)
    return out


def organ_type(data: Mapping[str, npt.ArrayLike]) -> FloatArray | None:
    """The kind of organisation per row: the `organtype` column where it has a value, otherwise
    the answer to L8_ORGAN (1 or 2); None when the data has neither column."""
    if not data or (ORGAN_TYPE not in data and ORGAN not in data):
        return None
    n = len(np.asarray(next(iter(data.values()))))
    given = _column(data, ORGAN_TYPE, n)
    answered = _column(data, ORGAN, n)
    answered = np.where(np.isin(answered, ORGAN_TYPES), answered, np.nan)
    result: FloatArray = np.where(np.isnan(given), answered, given)
    return result


def _indicators() -> tuple[Indicator, ...]:
    rows: list[Indicator] = [
        *(
            Indicator(f"I_{STRATEGY}_{code}", "all", f"{STRATEGY} = {code}")
            for code in STRATEGY_CODES
        ),
        Indicator("I_L1_VEDTATT", "all", f"{STRATEGY} in (1, 2)"),
        Indicator("I_L2_INNSATS", "without_strategy", "L2_INNSATS = 1"),
        *(Indicator(f"I_{name}", "all", f"{name} = 1") for name in (*RESOURCES, *REASONS)),
        *(Indicator(f"I_{name}", "all", f"{name} = 1") for name in PARTNERS),
    ]
    for name in FACTORS:
        rows.append(Indicator(f"I_{name}_FREMMER", "all", f"{name} in (5, 6)"))
        rows.append(Indicator(f"I_{name}_HEMMER", "all", f"{name} in (1, 2)"))
    return tuple(rows)


INDICATORS: tuple[Indicator, ...] = _indicators()
"""Every indicator of the chief-executive survey, in the order `derive` returns them. Codes 9
and 8 are missing everywhere; the population "without_strategy" is L1_STRATEGI in (3, 4)."""
