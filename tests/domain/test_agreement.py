"""Agreement coefficients against Krippendorff's worked example, hand-checked cases and
independent implementations (the ``krippendorff`` package, a textbook kappa)."""

from __future__ import annotations

import csv
import math

import krippendorff
import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.domain.agreement import (
    Coefficient,
    brennan_prediger_kappa,
    cohen_kappa,
    krippendorff_alpha,
    pairable_units,
    percent_agreement,
    tally,
)
from helpers import SHARED
from reference_kappa import textbook_kappa


def _example_units() -> list[tuple[int | None, ...]]:
    """Krippendorff (2011), section C: one tuple per unit, one value per coder."""
    with (SHARED / "agreement" / "krippendorff-2011-example.csv").open(newline="") as f:
        rows = list(csv.reader(f))
    coders = [[int(v) if v else None for v in row[1:]] for row in rows[1:]]
    return list(zip(*coders, strict=True))


def test_krippendorffs_worked_example_gives_the_published_nominal_alpha():
    alpha = krippendorff_alpha(tally(_example_units()))
    assert alpha.value is not None
    assert round(alpha.value, 4) == 0.7434
    assert round(alpha.value, 3) == 0.743


def test_the_worked_example_drops_units_with_one_value():
    units = _example_units()
    assert pairable_units(tally(units)) == 11  # u12 has one value only
    assert krippendorff_alpha(tally(units[:11])) == krippendorff_alpha(tally(units))


def test_hand_checked_two_coder_case():
    # Ten units: both 1 on 3, both 0 on 5, A only on 1, B only on 1.
    data = {(1, 1): 3, (0, 0): 5, (1, 0): 1, (0, 1): 1}
    assert percent_agreement(data).value == pytest.approx(0.8)
    # pe = (4*4 + 6*6) / 100 = 0.52; kappa = (0.8 - 0.52) / 0.48
    assert cohen_kappa(data).value == pytest.approx(0.28 / 0.48)
    # coincidences: o11 = 6, o00 = 10, o10 = o01 = 2; n = 20, n1 = 8, n0 = 12
    # alpha = 1 - (n - 1) * 4 / (n*n - 64 - 144) = 1 - 19 * 4 / 192
    assert krippendorff_alpha(data).value == pytest.approx(1 - 76 / 192)
    assert brennan_prediger_kappa(percent_agreement(data), 2).value == pytest.approx(0.6)


def test_undefined_coefficients_say_why():
    no_variation = {(0, 0): 7}
    assert percent_agreement(no_variation).value == 1
    kappa, alpha = cohen_kappa(no_variation), krippendorff_alpha(no_variation)
    assert kappa.value is None and "same value" in kappa.reason
    assert alpha.value is None and "same" in alpha.reason
    lonely = {(1, None): 4}
    for coefficient in (percent_agreement(lonely), cohen_kappa(lonely),
                        krippendorff_alpha(lonely)):
        assert coefficient.value is None and "coded by" in coefficient.reason
    three = {(1, 1, 0): 2, (0, 0, 0): 1}
    assert "exactly two coders" in cohen_kappa(three).reason
    assert krippendorff_alpha(three).value is not None
    assert brennan_prediger_kappa(Coefficient(0.5), 1).value is None
    assert cohen_kappa({}).value is None and krippendorff_alpha({}).value is None


def test_percent_agreement_with_three_coders_needs_all_values_equal():
    data = {(1, 1, 1): 2, (1, 1, 0): 1, (0, None, 0): 1, (1, None, None): 5}
    assert percent_agreement(data).value == pytest.approx(3 / 4)


# Reliability data: 2 to 4 coders, 1 to 30 units, values 0-3 or missing.
_values = st.one_of(st.none(), st.integers(0, 3))
_matrices = st.integers(2, 4).flatmap(
    lambda coders: st.lists(st.lists(_values, min_size=coders, max_size=coders),
                            min_size=1, max_size=30))


@given(_matrices)
def test_alpha_matches_the_krippendorff_package(units):
    ours = krippendorff_alpha(tally(units))
    by_coder = [[math.nan if u[c] is None else u[c] for u in units] for c in range(len(units[0]))]
    values = {v for u in units for v in u if v is not None}
    pairable = [u for u in units if sum(v is not None for v in u) >= 2]
    if not pairable or len({v for u in pairable for v in u if v is not None}) < 2:
        assert ours.value is None and ours.reason
        return
    theirs = krippendorff.alpha(reliability_data=by_coder, level_of_measurement="nominal",
                                value_domain=sorted(values))
    assert ours.value == pytest.approx(theirs, abs=1e-9)


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), min_size=1, max_size=40))
def test_kappa_matches_the_textbook_formula(units):
    ours = cohen_kappa(tally(units))
    first, second = zip(*units, strict=True)
    if len(set(first)) == 1 and set(first) == set(second):
        assert ours.value is None
        return
    assert ours.value == pytest.approx(textbook_kappa(first, second), abs=1e-9)


@given(st.lists(st.lists(st.integers(0, 2), min_size=3, max_size=3), min_size=1, max_size=20))
def test_identical_coders_agree_perfectly(units):
    identical = [(u[0], u[0], u[0]) for u in units]
    assert percent_agreement(tally(identical)).value == 1
    alpha = krippendorff_alpha(tally(identical))
    assert alpha.value == 1 or (alpha.value is None and len({u[0] for u in units}) == 1)
    pair = [(u[0], u[0]) for u in units]
    kappa = cohen_kappa(tally(pair))
    assert kappa.value == pytest.approx(1) or kappa.value is None


@given(_matrices, st.permutations(range(4)))
def test_coefficients_do_not_depend_on_the_labels(units, relabelling):
    relabelled = [tuple(None if v is None else relabelling[v] for v in u) for u in units]
    for coefficient in (krippendorff_alpha, percent_agreement):
        assert coefficient(tally(relabelled)) == coefficient(tally(units))


@given(_matrices, st.randoms())
def test_coefficients_do_not_depend_on_the_order_of_coders_or_units(units, rnd):
    order = list(range(len(units[0])))
    rnd.shuffle(order)
    shuffled = [tuple(u[c] for c in order) for u in units]
    rnd.shuffle(shuffled)
    ours, theirs = krippendorff_alpha(tally(units)), krippendorff_alpha(tally(shuffled))
    assert (ours.value is None) == (theirs.value is None)
    if ours.value is not None:
        assert theirs.value == pytest.approx(ours.value)
    assert percent_agreement(tally(shuffled)) == percent_agreement(tally(units))


@given(_matrices, st.integers(2, 5))
def test_repeating_every_unit_keeps_percent_agreement_and_kappa(units, times):
    data = tally(units)
    repeated = {pattern: n * times for pattern, n in data.items()}
    before, after = percent_agreement(data), percent_agreement(repeated)
    assert after.reason == before.reason
    if before.value is not None:
        assert after.value == pytest.approx(before.value)
    if len(units[0]) == 2:
        kappa, kappa_repeated = cohen_kappa(data), cohen_kappa(repeated)
        assert kappa_repeated.reason == kappa.reason
        if kappa.value is not None:
            assert kappa_repeated.value == pytest.approx(kappa.value)
