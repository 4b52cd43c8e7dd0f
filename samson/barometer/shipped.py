"""The files the pure `samson.innovation` package is given: the national frame of municipalities
and the shipped barometer instruments.

`samson.innovation` reads no folder of an app; the barometer, which knows where SAMSON keeps
these files, loads them here and passes them in.
"""

from pathlib import Path

from django.conf import settings

from samson.accounts.services import DATA_DIR
from samson.innovation import synthetic as syn
from samson.innovation.codebook import render_codebook
from samson.instrument_spec import Instrument, load_instrument_file

MUNICIPALITIES = DATA_DIR / "kommuner-2024.csv"
COUNTIES = DATA_DIR / "fylker-2024.csv"
# Unit leaders first: the codebook and the synthetic data follow the first instrument.
INSTRUMENT_FILES: tuple[str, ...] = ("barometer-enhet.yaml", "barometer-leder.yaml")


def national_frame() -> syn.Frame:
    """The frame of every municipality (2024 code list) with its estimated units."""
    return syn.load_frame(MUNICIPALITIES, COUNTIES)


def barometer_instruments() -> tuple[Instrument, ...]:
    """The shipped barometer instruments, unit leaders first."""
    folder = Path(settings.SAMSON_SHIPPED_INSTRUMENTS)
    return tuple(load_instrument_file(folder / name).spec for name in INSTRUMENT_FILES)


def codebook() -> str:
    """The codebook of the shipped instruments (docs/barometer-codebook.md is this text)."""
    return render_codebook(barometer_instruments(), national_frame())
