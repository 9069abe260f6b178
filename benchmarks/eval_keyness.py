"""Ranks of the era's formulations under several keyness rankings (docs/keyness.md).

Run from the repository root::

    .venv/bin/python benchmarks/eval_keyness.py

Counts every token of the bundled work reports once (the default
:class:`~policytext.extract.themes.PolicyAnalyzer`), then ranks the lexicon terms of 2013–2022
against 1978–2012 by each method and prints the row of the six terms of the criterion in the
sorted table. Rows with the same counts tie under every method; like ``keyness()``, ties are
broken by the number of 2013–2022 reports using the term (more first), then by code point. Each
cell also gives the rows the term's tie occupies: ``30 (26–33; 29–31)`` is row 30, in a block of
equal counts at rows 26–33 and, within it, of equal counts and reports at rows 29–31 (where only
code point decides). Then it checks the default against ``keyness_from_counts`` itself and
prints both ends of 2018–2022 vs 2013–2017 under the default. A few seconds on one core.
"""

from __future__ import annotations

import math
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from policytext.corpus import Corpus  # noqa: E402
from policytext.extract.keyness import keyness_from_counts  # noqa: E402
from policytext.extract.themes import PolicyAnalyzer  # noqa: E402
from policytext.lexicon import Lexicon  # noqa: E402

TERMS = ("供给侧结构性改革", "高质量发展", "新发展理念", "放管服", "四个全面", "五位一体")


def _counts(per_year: dict[int, Counter[str]], years: range) -> Counter[str]:
    total: Counter[str] = Counter()
    for y in years:
        total.update(per_year.get(y, {}))
    return total


def _span(ordered: list[str], same: Callable[[str], bool]) -> tuple[int, int]:
    rows = [i + 1 for i, u in enumerate(ordered) if same(u)]
    return rows[0], rows[-1]


def _ranks(rows: list[tuple[str, int, int]], key: Callable[[int, int], tuple],
           docs: dict[str, int]) -> list[str]:
    """Row of each of TERMS when rows (term, a, b) are sorted by key, ties by -docs then term;
    with the rows of its tie on the key alone and on key and docs when these hold others."""
    keys = {t: key(a, b) for t, a, b in rows}
    ordered = [t for t, _, _ in sorted(rows, key=lambda r: (keys[r[0]], -docs[r[0]], r[0]))]
    out = []
    for t in TERMS:
        row = ordered.index(t) + 1
        k_span = _span(ordered, lambda u, t=t: keys[u] == keys[t])
        d_span = _span(ordered, lambda u, t=t: keys[u] == keys[t] and docs[u] == docs[t])
        notes = [f"{a}–{b}" for a, b in (k_span, d_span) if a != b]
        if len(notes) == 2 and k_span == d_span:
            notes = notes[:1]
        out.append(f"{row} ({'; '.join(notes)})" if notes else f"{row}")
    return out


def _clopper_pearson(x: int, n: int, alpha: float) -> tuple[float, float]:
    from scipy.stats import beta

    lo = float(beta.ppf(alpha / 2, x, n - x + 1)) if x > 0 else 0.0
    hi = float(beta.ppf(1 - alpha / 2, x + 1, n - x)) if x < n else 1.0
    return lo, hi


def main() -> None:
    """Print the measurements of docs/keyness.md."""
    corpus = Corpus.from_dir(ROOT / "data" / "gov_work_reports", pattern="*.txt")
    analyzer = PolicyAnalyzer()
    per_year = {d.year: Counter(analyzer(d.text)) for d in corpus}
    docs_with = {y: set(c) for y, c in per_year.items()}
    lexicon = Lexicon.builtin()

    tgt, ref = _counts(per_year, range(2013, 2023)), _counts(per_year, range(1978, 2013))
    n1, n2 = sum(tgt.values()), sum(ref.values())
    full = keyness_from_counts(tgt, ref, lexicon=lexicon, sort="g2")
    m = len(full)  # tokens compared (min_count 3): the Bonferroni family
    kt = full[full.category.notna() & (full.direction == "target")]
    rows = list(zip(kt.term, kt.count_target, kt.count_reference))
    stats = {t: (g, lr, p) for t, g, lr, p in zip(kt.term, kt.g2, kt.log_ratio, kt.p_value)}
    print(f"2013–2022 vs 1978–2012: {n1} vs {n2} tokens, {m} tokens compared, "
          f"{len(rows)} lexicon terms over-used in 2013–2022")
    for t in TERMS:
        g, lr, p = stats[t]
        print(f"  {t}: {tgt[t]} vs {ref[t]}, G² {g:.1f}, log ratio {lr:.2f}, p {p:.1e}")

    def lr_gated(level: float) -> Callable[[int, int], tuple]:
        return lambda a, b: (0 if _stat(a, b)[2] <= level else 1, -_stat(a, b)[1])

    cache: dict[tuple[int, int], tuple[float, float, float]] = {}

    def _stat(a: int, b: int) -> tuple[float, float, float]:
        if (a, b) not in cache:
            r = keyness_from_counts({"w": a, "_": n1 - a}, {"w": b, "_": n2 - b}, min_count=0,
                                    lexicon=Lexicon.empty()).set_index("term").loc["w"]
            cache[a, b] = (float(r.g2), float(r.log_ratio), float(r.p_value))
        return cache[a, b]

    def lrc(level: float) -> Callable[[int, int], tuple]:
        # Evert's conservative log ratio: the Clopper–Pearson interval of a/(a+b), turned into
        # a ratio of relative frequencies; the bound nearer 0, or 0 when it contains 0
        def key(a: int, b: int) -> tuple:
            lo, hi = _clopper_pearson(a, a + b, level)
            lo_r = math.log2(lo / (1 - lo) * n2 / n1) if lo > 0 else -math.inf
            hi_r = math.log2(hi / (1 - hi) * n2 / n1) if hi < 1 else math.inf
            return (-(lo_r if lo_r > 0 else hi_r if hi_r < 0 else 0.0),)
        return key

    def simple_maths(k: float) -> Callable[[int, int], tuple]:
        return lambda a, b: (-((a / n1 * 1e6 + k) / (b / n2 * 1e6 + k)),)

    tg_years = [y for y in range(2013, 2023) if y in per_year]
    rf_years = [y for y in range(1978, 2013) if y in per_year]

    methods: list[tuple[str, Callable[[int, int], tuple]]] = [
        ("G² (sort='g2', the former default)", lambda a, b: (-_stat(a, b)[0],)),
        ("log ratio, G² filter p<0.01 (default)", lr_gated(0.01)),
        ("log ratio, no filter (max_p=None)", lambda a, b: (-_stat(a, b)[1],)),
        ("log ratio, G² filter p<0.0001 (G²>=15.13)", lr_gated(1e-4)),
        ("log ratio, filter p<0.01 Bonferroni", lr_gated(0.01 / m)),
        ("log ratio, filter p<0.05 Bonferroni", lr_gated(0.05 / m)),
        ("simple maths, k=1", simple_maths(1)),
        ("simple maths, k=10", simple_maths(10)),
        ("simple maths, k=100", simple_maths(100)),
        ("LRC 95%, no correction", lrc(0.05)),
        ("LRC 95%, Bonferroni", lrc(0.05 / m)),
    ]
    # target dispersion: reports of 2013–2022 using the token (keyness()'s tie-breaker)
    dt = {t: sum(t in docs_with[y] for y in tg_years) for t in tgt}
    print("\nrow among lexicon terms (rows of the tie on counts; on counts and reports):")
    print("method | " + " | ".join(TERMS))
    for name, key in methods:
        print(f"{name} | " + " | ".join(_ranks(rows, key, dt)))
    lib = keyness_from_counts(tgt, ref, lexicon=lexicon, terms_only=True, target_docs=dt)
    lib_row = {t: i + 1 for i, t in enumerate(lib.term)}
    by_term = lib.set_index("term")
    print("keyness_from_counts(terms_only=True, target_docs=...) itself: " + ", ".join(
        f"{t} row {lib_row[t]} ({by_term.loc[t, 'target_docs']} reports)" for t in TERMS))
    # Egbert & Biber (2019) text dispersion keyness: how many reports use the term, not how
    # often; a log ratio of the shares of reports (0.5 added, as for the token log ratio)
    dr = {t: sum(t in docs_with[y] for y in rf_years) for t, _, _ in rows}
    nt, nr = len(tg_years), len(rf_years)
    print("text dispersion: log ratio of the shares of reports | " + " | ".join(_ranks(
        [(t, dt[t], dr[t]) for t, _, _ in rows],
        lambda a, b: (-math.log2(((a + 0.5) / nt) / ((b + 0.5) / nr)),), dt)))

    tgt, ref = _counts(per_year, range(2018, 2023)), _counts(per_year, range(2013, 2018))
    new_years = [y for y in range(2018, 2023) if y in per_year]
    k = keyness_from_counts(tgt, ref, terms_only=True, lexicon=lexicon,
                            target_docs={t: sum(t in docs_with[y] for y in new_years)
                                         for t in tgt})
    print("\n2018–2022 vs 2013–2017 (default), top 20:")
    print(" ".join(f"{r.term}({r.count_target}/{r.count_reference})"
                   for r in k.head(20).itertuples()))
    print("most key in 2013–2017 (last 20, most key first):")
    print(" ".join(f"{r.term}({r.count_target}/{r.count_reference})"
                   for r in k.iloc[::-1].head(20).itertuples()))


if __name__ == "__main__":
    main()
