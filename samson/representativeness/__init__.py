"""Representativeness: SSB population tables and how the respondents of a round compare with
them. Pure Python: no Django (see docs/representativeness.md)."""

from samson.representativeness.bands import (
    AGE_BAND_KEYS,
    AGE_BANDS,
    SEXES,
    YOUNGEST,
    AgeBand,
    AgeBandError,
    Sex,
    age_band_for,
)
from samson.representativeness.compare import (
    OVER,
    UNDER,
    Flag,
    GroupShare,
    Representation,
    flag_of,
    representation,
)
from samson.representativeness.ssb import (
    PopulationCount,
    PopulationFileError,
    PopulationTable,
    parse_population,
)

__all__ = [
    "AGE_BANDS",
    "AGE_BAND_KEYS",
    "OVER",
    "SEXES",
    "UNDER",
    "YOUNGEST",
    "AgeBand",
    "AgeBandError",
    "Flag",
    "GroupShare",
    "PopulationCount",
    "PopulationFileError",
    "PopulationTable",
    "Representation",
    "Sex",
    "age_band_for",
    "flag_of",
    "parse_population",
    "representation",
]
