"""Student's t distribution for any (also fractional) degrees of freedom, without scipy.

The t distribution function is written with the regularised incomplete beta function,
P(|T| > t) = I_x(df/2, 1/2) with x = df / (df + t^2), and I_x is evaluated with its continued
fraction (modified Lentz algorithm; Press et al., Numerical Recipes, 3rd ed., §6.4), the one in
samson.surveystats.distributions, which is accurate to about 1e-14 here. The quantile inverts
that by bisection on t: the tail falls as t grows, so bisection cannot fail or jump to a wrong
root, and ~60 halvings reach double precision.
Checked against published t tables in tests/test_tdist.py.
"""

from __future__ import annotations

import math

from samson.surveystats.distributions import beta_continued_fraction


def betainc(a: float, b: float, x: float, y: float | None = None) -> float:
    """The regularised incomplete beta function I_x(a, b) for a, b > 0 and 0 <= x <= 1.

    `y` is 1 - x; pass it when it is known more exactly than 1 - x can be computed.
    """
    if a <= 0 or b <= 0:
        raise ValueError("a and b must be positive")
    if not 0.0 <= x <= 1.0:
        raise ValueError("x must lie in [0, 1]")
    if y is None:
        y = 1.0 - x
    if x == 0.0 or y == 0.0:
        return 0.0 if x == 0.0 else 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log(y)
    )
    front = math.exp(log_front)
    # The continued fraction converges fast only for x below (a+1)/(a+b+2); use symmetry above.
    if x < (a + 1.0) / (a + b + 2.0):
        return front * beta_continued_fraction(x, a, b) / a
    return 1.0 - front * beta_continued_fraction(y, b, a) / b


def _two_sided(t: float, df: float) -> float:
    """P(|T| >= t) for t >= 0: I_x(df/2, 1/2) with x = df/(df+t^2) and 1-x = t^2/(df+t^2)."""
    denominator = df + t * t
    return betainc(df / 2.0, 0.5, df / denominator, t * t / denominator)


def t_two_sided_p(t: float, df: float) -> float:
    """P(|T| >= |t|) for Student's t with `df` > 0 degrees of freedom."""
    if df <= 0:
        raise ValueError("degrees of freedom must be positive")
    if math.isinf(t):
        return 0.0
    return _two_sided(abs(t), df)


def t_quantile(p: float, df: float) -> float:
    """The p-quantile of Student's t with `df` > 0 degrees of freedom (0 < p < 1)."""
    if not 0.0 < p < 1.0:
        raise ValueError("p must lie strictly between 0 and 1")
    if df <= 0:
        raise ValueError("degrees of freedom must be positive")
    if p == 0.5:
        return 0.0
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    target = 2.0 * (1.0 - p)  # the two-sided tail probability at the quantile
    low, high = 0.0, 1.0
    while _two_sided(high, df) > target:  # the tail falls as t grows: bracket the root
        low, high = high, high * 2.0
    while True:
        mid = (low + high) / 2.0
        if mid in (low, high):  # the bracket is as narrow as doubles allow
            return mid
        if _two_sided(mid, df) > target:
            low = mid
        else:
            high = mid
