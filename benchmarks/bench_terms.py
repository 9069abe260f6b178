"""Throughput of lexicon counting (count_terms) over the shared corpus, in MB/s on one core.

Usage::

    PYTHONPATH=src python benchmarks/bench_terms.py [CORPUS_DIR] [--terms N] [--repeat R]

The lexicon is the built-in one, padded to ``--terms`` entries (default 2,000) with words from
``../shared/lexicons/thunlp_THUOCL`` when present. Files are read and decoded first; the timing
covers matching and counting only. Prints MB/s (UTF-8 bytes of the texts) and checks that the
counts do not change when the text is tokenized first (they never look at tokens).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from policytext.extract.terms import TermMatcher, count_terms
from policytext.lexicon import Lexicon, Term

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _lexicon(n_terms: int) -> Lexicon:
    lex = Lexicon.builtin()
    extra: list[Term] = []
    thuocl = SHARED / "lexicons" / "thunlp_THUOCL"
    have = {s for t in lex for s in t.surfaces}
    for f in sorted(thuocl.glob("THUOCL_*.txt")) if thuocl.is_dir() else []:
        for line in f.read_text(encoding="utf-8").splitlines():
            word = line.split()[0] if line.split() else ""
            if len(word) >= 2 and word not in have and len(lex) + len(extra) < n_terms:
                have.add(word)
                extra.append(Term(word, "other"))
    return lex.with_terms(*extra) if extra else lex


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=str(SHARED / "corpus"))
    ap.add_argument("--terms", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"skipped: corpus folder {corpus} not found (it lives in ../shared/corpus)")
        return 0
    texts = []
    for p in sorted(corpus.rglob("*")):
        if p.suffix in (".txt", ".md") and p.is_file():
            raw = p.read_bytes()
            try:
                texts.append(raw.decode("utf-8"))
            except UnicodeDecodeError:
                texts.append(raw.decode("gb18030", errors="replace"))
    n_bytes = sum(len(t.encode("utf-8")) for t in texts)
    lex = _lexicon(args.terms)
    t0 = time.perf_counter()
    matcher = TermMatcher(lex)
    build = time.perf_counter() - t0
    best = float("inf")
    total = 0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        total = sum(sum(matcher.count(t).values()) for t in texts)
        best = min(best, time.perf_counter() - t0)
    print(f"corpus      {corpus} ({len(texts)} files, {n_bytes / 1e6:.1f} MB UTF-8)")
    print(f"lexicon     {len(lex)} terms (automaton built in {build:.2f} s)")
    print(f"matches     {total}")
    print(f"throughput  {n_bytes / 1e6 / best:.1f} MB/s (best of {args.repeat}, one core)")
    # counts never depend on tokenization: count_terms sees characters only
    sample = texts[: min(50, len(texts))]
    from policytext.corpus import Document

    docs = [Document(t, f"d{i}") for i, t in enumerate(sample)]
    before = count_terms(docs, matcher)
    try:
        from policytext.tokenize import Tokenizer

        tok = Tokenizer()
        for d in docs[:5]:
            tok.cut(d.text) if hasattr(tok, "cut") else None
    except Exception as exc:  # the tokenizer is optional for this check
        print(f"tokenizer   not exercised ({exc.__class__.__name__})")
    after = count_terms(docs, matcher)
    print(f"stable      counts identical before/after tokenizing: {before.equals(after)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
