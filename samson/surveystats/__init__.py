"""Survey statistics for SAMSON: design-based means and shares that agree with R's `survey`.

Pure Python and numpy; imports nothing from Django. See docs/statistics.md.
"""

from .comparison import AssociationTest, Contrast, association_test, contrast
from .design import (
    Design,
    LinearCalibration,
    PostStratification,
    Raking,
    calibrate_linear,
    make_design,
    poststratify,
    rake,
)
from .errors import (
    ConvergenceError,
    DataError,
    DesignError,
    SurveyStatsError,
    WeightingError,
)
from .estimation import (
    INTERVAL_METHODS,
    Z_975,
    Estimate,
    IntervalMethod,
    WeightSummary,
    mean,
    means,
    proportion_interval,
    proportions,
    weight_summary,
)

__all__ = [
    "INTERVAL_METHODS",
    "Z_975",
    "AssociationTest",
    "Contrast",
    "ConvergenceError",
    "DataError",
    "Design",
    "DesignError",
    "Estimate",
    "IntervalMethod",
    "LinearCalibration",
    "PostStratification",
    "Raking",
    "SurveyStatsError",
    "WeightSummary",
    "WeightingError",
    "association_test",
    "calibrate_linear",
    "contrast",
    "make_design",
    "mean",
    "means",
    "poststratify",
    "proportion_interval",
    "proportions",
    "rake",
    "weight_summary",
]
