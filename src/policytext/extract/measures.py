"""Association and keyness measures of 2×2 contingency tables, vectorised over numpy arrays.

One implementation serves keyness (a token's count in a target against a reference corpus) and
collocations (two terms' co-occurrence in sentences). A 2×2 table is given by its four cells::

                 column 1   column 2
        row 1      k11        k12
        row 2      k21        k22

For keyness the columns are the target and the reference corpus and the first row is the token
(``k11 = a`` occurrences in the target of ``n1`` tokens, ``k12 = b`` in the reference of
``n2``); for collocations the rows and columns are "sentence has term A / B".
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

__all__ = ["chi2", "g2", "g2_p_value", "keyness_measures", "log_ratio"]


def _floats(*cells):
    import numpy as np

    return [np.atleast_1d(np.asarray(c, dtype=np.float64)) for c in cells]


def g2(k11, k12, k21, k22) -> np.ndarray:
    """Dunning's log-likelihood ratio G² of 2×2 tables (≥ 0; empty cells contribute 0).

    Parameters
    ----------
    k11, k12, k21, k22
        The cells, as numbers or arrays of equal length.

    Returns
    -------
    numpy.ndarray
        One G² per table (float64).
    """
    import numpy as np

    k11, k12, k21, k22 = _floats(k11, k12, k21, k22)
    n = k11 + k12 + k21 + k22
    row1, row2 = k11 + k12, k21 + k22
    col1, col2 = k11 + k21, k12 + k22
    total = np.zeros_like(k11)
    with np.errstate(divide="ignore", invalid="ignore"):
        for o, r, c in ((k11, row1, col1), (k12, row1, col2), (k21, row2, col1), (k22, row2, col2)):
            e = np.divide(r * c, n, out=np.zeros_like(o), where=n > 0)
            ok = (o > 0) & (e > 0)
            ratio = np.divide(o, e, out=np.ones_like(o), where=ok)
            total += np.where(ok, o * np.log(ratio), 0.0)
    # G² >= 0 in exact arithmetic; rounding makes it slightly negative when the observed
    # counts equal the expected ones (a square root of it would fail): clamp at 0.
    return np.maximum(2.0 * total, 0.0)


def chi2(k11, k12, k21, k22) -> np.ndarray:
    """Pearson's χ² of 2×2 tables without continuity correction (0 where a margin is empty)."""
    import numpy as np

    a, b, c, d = _floats(k11, k12, k21, k22)
    n = a + b + c + d
    denom = (a + b) * (c + d) * (a + c) * (b + d)
    return np.divide(n * (a * d - b * c) ** 2, denom, out=np.zeros_like(a), where=denom > 0)


def log_ratio(a, b, n1: int, n2: int) -> np.ndarray:
    """Hardie's Log Ratio: log2 of the ratio of relative frequencies, 0.5 added to both counts.

    The correction keeps a token absent on one side finite, and among tokens absent from the
    reference ranks the more frequent one higher. 0 when either corpus is empty.
    """
    import numpy as np

    a, b = _floats(a, b)
    if not n1 or not n2:
        return np.zeros_like(a)
    return np.log2(((a + 0.5) / n1) / ((b + 0.5) / n2))


def g2_p_value(g2_values) -> np.ndarray:
    """p-value of G² under the χ² distribution with one degree of freedom."""
    import numpy as np

    (values,) = _floats(g2_values)
    return np.fromiter(
        map(math.erfc, np.sqrt(values / 2.0).tolist()), dtype=np.float64, count=len(values)
    )


def keyness_measures(a, b, n1: int, n2: int) -> tuple[np.ndarray, ...]:
    """(g2, chi2, log_ratio, p_value) of tokens seen ``a`` times in ``n1`` and ``b`` in ``n2``.

    Parameters
    ----------
    a, b
        Counts in the target and the reference corpus (numbers or arrays).
    n1, n2
        Total tokens of the target and the reference corpus.
    """
    a, b = _floats(a, b)
    c, d = n1 - a, n2 - b
    g = g2(a, b, c, d)
    return g, chi2(a, b, c, d), log_ratio(a, b, n1, n2), g2_p_value(g)
