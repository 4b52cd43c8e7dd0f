"""The innovation barometer's pure core: derived indicators and the synthetic national dataset.

Pure Python and numpy; imports nothing from Django. See docs/barometer-codebook.md.
"""

from samson.innovation.indicators import INDICATORS, Indicator, derive

__all__ = ["INDICATORS", "Indicator", "derive"]
