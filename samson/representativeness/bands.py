"""The groups the background questions use, and how SSB's ages fold into our age bands."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Sex = Literal["female", "male"]


@dataclass(frozen=True, slots=True)
class AgeBand:
    """Ages `low` to `high` inclusive; `high` is None for "and over"."""

    key: str
    low: int
    high: int | None

    def holds(self, age: int) -> bool:
        return age >= self.low and (self.high is None or age <= self.high)


# Participants are 15 or older; the population of each band is compared with the population
# aged 15 and over (docs/representativeness.md). The limits are multiples of five, so SSB's
# single years and its five-year groups both fold into them.
AGE_BANDS: tuple[AgeBand, ...] = (
    AgeBand("15-24", 15, 24),
    AgeBand("25-39", 25, 39),
    AgeBand("40-54", 40, 54),
    AgeBand("55-69", 55, 69),
    AgeBand("70+", 70, None),
)
YOUNGEST = AGE_BANDS[0].low
AGE_BAND_KEYS: tuple[str, ...] = tuple(band.key for band in AGE_BANDS)
SEXES: tuple[Sex, ...] = ("female", "male")


class AgeBandError(ValueError):
    pass


def age_band_for(low: int, high: int | None) -> str | None:
    """The band holding every age from `low` to `high` (None: and over), or None when all of
    them are below the youngest band. Raises AgeBandError when the ages cross a band limit."""
    if high is not None and high < low:
        raise AgeBandError(f"the age group {low}-{high} ends before it starts")
    if high is not None and high < YOUNGEST:
        return None
    for band in AGE_BANDS:
        if band.holds(low):
            fits = band.high is None if high is None else band.holds(high)
            if fits:
                return band.key
            break
    shown = f"{low}+" if high is None else f"{low}-{high}"
    limits = ", ".join(str(band.low) for band in AGE_BANDS)
    raise AgeBandError(
        f"the age group {shown} crosses a limit of our age bands (which start at {limits}); "
        "download single years or five-year groups"
    )
