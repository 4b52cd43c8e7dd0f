"""Survey statistics for SAMSON: design-based means and shares that agree with R's `survey`.

Pure Python and numpy; imports nothing from Django. See docs/statistics.md.
"""

from .design import Design, PostStratification, Raking, make_design, poststratify, rake
from .errors import (
    ConvergenceError,
    DataError,
    DesignError,
    SurveyStatsError,
    WeightingError,
)
from .estimation import (
    Z_975,
    Estimate,
    WeightSummary,
    mean,
    means,
    proportions,
    weight_summary,
)

__all__ = [
    "Z_975",
    "ConvergenceError",
    "DataError",
    "Design",
    "DesignError",
    "Estimate",
    "PostStratification",
    "Raking",
    "SurveyStatsError",
    "WeightSummary",
    "WeightingError",
    "make_design",
    "mean",
    "means",
    "poststratify",
    "proportions",
    "rake",
    "weight_summary",
]
