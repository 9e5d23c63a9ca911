"""Agreement coefficients between coders, for nominal data. Standard library only.

Reliability data is given as a :data:`Tally`: each *pattern* (one value per coder, in a
fixed coder order; ``None`` where that coder gave no value) mapped to the number of units
that show it. Counting patterns instead of listing units is what lets a million
characters, which show a handful of patterns, be computed in microseconds.

Every coefficient is a :class:`Coefficient`: a value, or ``None`` with the reason it is
undefined (no pairable units, one category only, ...); never NaN, never an exception.

- :func:`percent_agreement`: the share of units (with at least two values) on which every
  value agrees.
- :func:`cohen_kappa`: Cohen's κ, exactly two coders, over the units both coded.
- :func:`krippendorff_alpha`: Krippendorff's α for nominal data, any number of coders,
  missing values allowed (units with fewer than two values drop out), computed from the
  coincidence matrix as in "Computing Krippendorff's Alpha-Reliability" (2011).
- :func:`brennan_prediger_kappa`: the free-marginal κ of Brennan and Prediger (1981),
  chance agreement ``1/q`` for ``q`` categories.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

#: One unit's values, one per coder in a fixed order; ``None`` = that coder gave none.
Pattern = tuple[Hashable | None, ...]
#: How many units show each pattern.
Tally = Mapping[Pattern, int]


@dataclass(frozen=True)
class Coefficient:
    """A coefficient's ``value``, or ``None`` with the ``reason`` it is undefined."""

    value: float | None
    reason: str = ""

    @classmethod
    def undefined(cls, reason: str) -> Coefficient:
        return cls(None, reason)


def tally(units: Iterable[Sequence[Hashable | None]]) -> Counter[Pattern]:
    """The tally of units given one by one (each a sequence of per-coder values)."""
    return Counter(tuple(unit) for unit in units)


def pairable_units(data: Tally) -> int:
    """How many units carry at least two values (the units every coefficient uses)."""
    return sum(n for pattern, n in data.items() if _present(pattern) >= 2)


def percent_agreement(data: Tally) -> Coefficient:
    """The share (0..1) of pairable units on which all the values given are equal."""
    pairable = agreeing = 0
    for pattern, n in data.items():
        values = [v for v in pattern if v is not None]
        if len(values) < 2:
            continue
        pairable += n
        if all(v == values[0] for v in values):
            agreeing += n
    if pairable == 0:
        return Coefficient.undefined("no unit was coded by two coders")
    return Coefficient(agreeing / pairable)


def cohen_kappa(data: Tally) -> Coefficient:
    """Cohen's κ of two coders over the units both coded: ``(po - pe) / (1 - pe)`` with
    ``pe`` from each coder's own marginal distribution. Undefined for other numbers of
    coders, without such units, or when ``pe == 1`` (both coders used one and the same
    value throughout)."""
    coders = _coder_count(data)
    if coders not in (0, 2):
        return Coefficient.undefined(f"Cohen's kappa needs exactly two coders, not {coders}")
    total = agreeing = 0
    first: Counter[Hashable] = Counter()
    second: Counter[Hashable] = Counter()
    for pattern, n in data.items():
        a, b = pattern
        if a is None or b is None or n == 0:
            continue
        total += n
        agreeing += n if a == b else 0
        first[a] += n
        second[b] += n
    if total == 0:
        return Coefficient.undefined("no unit was coded by both coders")
    observed = agreeing / total
    expected = sum(first[v] * second[v] for v in first) / (total * total)
    if expected >= 1:
        return Coefficient.undefined("no variation: both coders gave one and the same value")
    return Coefficient((observed - expected) / (1 - expected))


def krippendorff_alpha(data: Tally) -> Coefficient:
    """Krippendorff's α for nominal data: ``1 - (n - 1) * D / E`` where, over the
    coincidence matrix ``o`` (each pairable unit of ``m`` values adds ``1/(m-1)`` per
    ordered pair of values from different coders), ``n`` is its total, ``D`` the sum of
    its off-diagonal cells and ``E = Σ_{c≠k} n_c n_k`` from its marginals. Undefined
    without pairable units or when a single value was ever given."""
    diagonal: dict[Hashable, float] = defaultdict(float)  # pairs weighted 1/(m-1)
    marginal: Counter[Hashable] = Counter()
    for pattern, n in data.items():
        values = Counter(v for v in pattern if v is not None)
        m = sum(values.values())
        if m < 2 or n == 0:
            continue
        for value, count in values.items():
            diagonal[value] += n * count * (count - 1) / (m - 1)
            marginal[value] += n * count
    total = sum(marginal.values())
    if total == 0:
        return Coefficient.undefined("no unit was coded by two coders")
    if len(marginal) < 2:
        return Coefficient.undefined("no variation: every value given is the same")
    disagreeing = total - sum(diagonal.values())
    expected = total * total - sum(c * c for c in marginal.values())
    return Coefficient(1 - (total - 1) * disagreeing / expected)


def brennan_prediger_kappa(observed: Coefficient, categories: int) -> Coefficient:
    """Brennan and Prediger's free-marginal κ from an observed agreement (a
    :func:`percent_agreement` or any share): ``(po - 1/q) / (1 - 1/q)``; undefined with
    fewer than two categories or when the agreement itself is."""
    if observed.value is None:
        return observed
    if categories < 2:
        return Coefficient.undefined("free-marginal kappa needs at least two categories")
    chance = 1 / categories
    return Coefficient((observed.value - chance) / (1 - chance))


def _present(pattern: Pattern) -> int:
    return sum(v is not None for v in pattern)


def _coder_count(data: Tally) -> int:
    """The number of coders (the patterns' common length; 0 without any)."""
    lengths = {len(pattern) for pattern in data}
    if len(lengths) > 1:
        raise ValueError(f"patterns of different lengths: {sorted(lengths)}")
    return lengths.pop() if lengths else 0
