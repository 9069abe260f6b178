"""The 2×2 measures behind keyness and collocations, against hand computation and scipy."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import chi2 as chi2_dist
from scipy.stats import chi2_contingency

from policytext.extract.measures import chi2, g2, g2_p_value, keyness_measures, log_ratio


def test_keyness_measures_against_hand_computation():
    a, b, n1, n2 = 10, 2, 1000, 2000
    (g,), (c,), (lr,), (p,) = keyness_measures(a, b, n1, n2)
    e1, e2 = n1 * 12 / 3000, n2 * 12 / 3000
    e3, e4 = n1 * 2988 / 3000, n2 * 2988 / 3000
    expected = 2 * (a * math.log(a / e1) + b * math.log(b / e2)
                    + (n1 - a) * math.log((n1 - a) / e3) + (n2 - b) * math.log((n2 - b) / e4))
    assert g == pytest.approx(expected)
    assert lr == pytest.approx(math.log2((10.5 / 1000) / (2.5 / 2000)))
    assert p == pytest.approx(chi2_dist.sf(g, 1))
    table = [[a, b], [n1 - a, n2 - b]]
    assert c == pytest.approx(chi2_contingency(table, correction=False)[0])


@pytest.mark.parametrize("a,b,n1,n2", [(1103290, 65510, 6544139, 388571),
                                        (53519, 86903, 4685396, 7608045),
                                        (617491, 55784, 8557537, 773086)])
def test_rounding_below_zero_is_clamped(a, b, n1, n2):
    """Counts proportional to the totals give G² = 0; rounding made it -1e-9 and the p-value's
    square root failed (a 20 MB batch run lost its keyness table to it)."""
    (g,), (c,), _, (p,) = keyness_measures(a, b, n1, n2)
    assert g == 0.0 and p == 1.0 and c < 1e-6


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 10**5), st.integers(1, 10**5), st.integers(1, 10**5),
                          st.integers(1, 10**5)), min_size=1, max_size=10))
def test_g2_and_chi2_equal_scipy_on_tables_without_empty_cells(tables):
    cells = np.array(tables, dtype=np.int64).T
    got_g2, got_chi2 = g2(*cells), chi2(*cells)
    for i, (k11, k12, k21, k22) in enumerate(tables):
        t = [[k11, k12], [k21, k22]]
        want_g2 = chi2_contingency(t, correction=False, lambda_="log-likelihood")[0]
        want_chi2 = chi2_contingency(t, correction=False)[0]
        assert got_g2[i] == pytest.approx(want_g2, rel=1e-7, abs=1e-7)
        assert got_chi2[i] == pytest.approx(want_chi2, rel=1e-7, abs=1e-7)


def test_empty_cells_and_tables():
    # An empty cell contributes nothing; an empty table has G² and χ² 0, p-value 1.
    assert g2(5, 0, 0, 5)[0] == pytest.approx(2 * 10 * math.log(2))
    assert g2(0, 0, 0, 0)[0] == 0.0 and chi2(0, 0, 0, 0)[0] == 0.0
    assert g2_p_value([0.0])[0] == 1.0
    # A token absent from the reference stays finite; empty corpora give 0.
    assert np.isfinite(log_ratio(7, 0, 100, 100)[0])
    assert log_ratio(7, 0, 0, 100)[0] == 0.0


def test_collocation_and_keyness_tables_are_the_same_measure():
    """Keyness's (a, b, n1, n2) is the table [[a, b], [n1 - a, n2 - b]]; G² is symmetric."""
    (g,), *_ = keyness_measures(30, 4, 900, 1200)
    assert g == pytest.approx(g2(30, 4, 870, 1196)[0])
    assert g == pytest.approx(g2(30, 870, 4, 1196)[0])
