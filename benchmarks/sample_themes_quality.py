"""Top-20 themes of three cross-sections, and a random sample of them for judging by hand.

Cross-sections (read in place from ``$POLICYTEXT_SHARED/corpus``, default ``../shared/corpus``):

- ``provinces``: the 新闻联播 paragraphs of 2024 that name one province, one document per
  province (as ``benchmarks/eval_provincial.py`` builds them), analysed together;
- ``congress``: the party congress reports, one per congress;
- ``work_reports``: the national government work reports 2000–2025 (Wikisource copies);
- ``policy_docs``: the central and provincial policy documents (公文: 意见, 通知, 方案…), one
  document per file.

Each is analysed as ``themes(corpus, 20)`` would; ``--sample N`` prints N random rows per
cross-section (``section<TAB>doc<TAB>rank<TAB>term``), ``--all`` every row.

Usage::

    PYTHONPATH=src python benchmarks/sample_themes_quality.py --sample 50 --seed 3
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))


def sections(corpus: Path, year: int = 2024) -> dict[str, object]:
    from eval_provincial import proxy_documents

    from policytext.corpus import Corpus

    provs = proxy_documents(year, corpus / "xinwenlianbo")
    names = [p for p in provs if provs[p]]
    out = {"provinces": Corpus.from_texts([provs[p] for p in names], doc_ids=names)}
    files = sorted((corpus / "congress_reports").glob("*.txt"))
    out["congress"] = Corpus.from_texts([f.read_text(encoding="utf-8") for f in files],
                                        doc_ids=[f.name for f in files])
    files = [f for f in sorted((corpus / "gov_work_reports" / "wikisource").glob("*.txt"))
             if f.stem.isdigit() and int(f.stem) >= 2000]
    out["work_reports"] = Corpus.from_texts([f.read_text(encoding="utf-8") for f in files],
                                            doc_ids=[f.name for f in files])
    out["policy_docs"] = Corpus.from_dir(corpus / "policy_docs")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sample", type=int, default=50)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--all", action="store_true")
    ap.add_argument("--year", type=int, default=2024, help="year of the provinces cross-section")
    args = ap.parse_args(argv)
    corpus = Path(os.environ.get("POLICYTEXT_SHARED") or ROOT.parent / "shared") / "corpus"
    if not corpus.is_dir():
        print(f"skipped: {corpus} not found")
        return 0
    from policytext.extract.themes import themes

    rng = random.Random(args.seed)
    for name, docs in sections(corpus, args.year).items():
        t = themes(docs, 20)
        rows = list(t.itertuples(index=False))
        picked = rows if args.all else rng.sample(rows, min(args.sample, len(rows)))
        for r in picked:
            print(f"{name}\t{r.doc_id}\t{r.rank}\t{r.term}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
