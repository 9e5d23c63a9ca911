"""Uncertainty of a share: the Wilson score interval.

A share ``k / n`` (documents with a tag among the period's documents) from few documents
is a weak estimate: 1 of 1 is "100 %", and the interval says how little that means. The
Wilson interval stays within [0, 1] and is sensible at k = 0 and k = n, unlike the
normal approximation (Wilson, E. B. 1927, "Probable inference, the law of succession,
and statistical inference", JASA 22:209-212).
"""

from __future__ import annotations

from math import sqrt

#: The standard normal quantile of 0.975: a two-sided 95 % interval.
Z_95 = 1.959963984540054


def wilson_interval(successes: int, trials: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval ``(low, high)`` of ``successes / trials``, within
    [0, 1]. ``trials`` must be positive and ``0 <= successes <= trials``."""
    if trials <= 0 or not 0 <= successes <= trials:
        raise ValueError(f"no share of {successes} in {trials}")
    p = successes / trials
    z2 = z * z
    denominator = 1 + z2 / trials
    centre = (p + z2 / (2 * trials)) / denominator
    half = z / denominator * sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials))
    # At 0 and at all the bound is exactly 0 or 1; rounding would leave it a hair inside.
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == trials else min(1.0, centre + half)
    return low, high
