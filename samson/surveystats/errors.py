"""Errors raised by samson.surveystats. Each message names the column, row or cell at fault."""


class SurveyStatsError(ValueError):
    """Base class: the input cannot be estimated as given."""


class DataError(SurveyStatsError):
    """A file, column or value is missing or malformed."""


class DesignError(SurveyStatsError):
    """The sampling design is not estimable (bad weights, a stratum with one unit)."""


class WeightingError(SurveyStatsError):
    """Post-stratification or raking cannot be done with these population counts."""


class ConvergenceError(WeightingError):
    """Raking did not converge within the allowed number of sweeps."""
