"""Cohen's kappa as textbooks write it, for the tests: from two coders' labels and their
marginal counts, independently of ``annotator.domain.agreement`` (which works on tallies
of unit patterns). It replaces scikit-learn's ``cohen_kappa_score``, the only use of that
heavy package here, with the same results (NaN where kappa is undefined)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Sequence


def textbook_kappa(first: Sequence[Hashable], second: Sequence[Hashable]) -> float:
    """``(p_o - p_e) / (1 - p_e)``: observed agreement against the agreement expected from
    each coder's own label frequencies; NaN when ``p_e`` is 1."""
    count = len(first)
    observed = sum(1 for a, b in zip(first, second, strict=True) if a == b) / count
    left, right = Counter(first), Counter(second)
    expected = sum(left[label] * right[label] for label in left) / (count * count)
    if expected == 1:
        return math.nan
    return (observed - expected) / (1 - expected)
