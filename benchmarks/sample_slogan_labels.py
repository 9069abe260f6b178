"""A random sample of slogan rows across genres, for judging ``label`` and ``category`` by hand.

Reads ``$POLICYTEXT_SHARED/corpus`` (default ``../shared/corpus``) in place; prints one
tab-separated line per sampled row: genre, doc, term, surface, kind, label, category and the
sentence (cut to 80 characters). ``--quoted`` samples only quoted phrases (``kind == quoted``),
where the label is a guess from the phrase's shape rather than a lexicon look-up.

Usage::

    PYTHONPATH=src python benchmarks/sample_slogan_labels.py --per-genre 16 --seed 7
    PYTHONPATH=src python benchmarks/sample_slogan_labels.py --quoted --per-genre 6 --seed 7

The corpus texts of news and policy documents are the publishers' copyright: the output is for
judging, and only short excerpts of it are recorded (docs/slogan_labels.md).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

#: genre → glob under corpus/ (files per genre are sampled before rows, so a large folder does
#: not crowd out a small one)
GENRES = {
    "work_report": "gov_work_reports/wikisource/*.txt",
    "congress_report": "congress_reports/*.txt",
    "communique": "plenum_communiques/*.txt",
    "peoples_daily": "peoples_daily/*/*.md",
    "xinwenlianbo": "xinwenlianbo/*.md",
    "policy_doc": "policy_docs/*/*.txt",
    "npc_resolution": "npc_resolutions/*.txt",
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-genre", type=int, default=16)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--quoted", action="store_true", help="sample quoted phrases only")
    args = ap.parse_args(argv)
    corpus = Path(os.environ.get("POLICYTEXT_SHARED") or ROOT.parent / "shared") / "corpus"
    if not corpus.is_dir():
        print(f"skipped: {corpus} not found")
        return 0
    from policytext.corpus import Document
    from policytext.extract.slogans import slogans

    rng = random.Random(args.seed)
    for genre, pattern in GENRES.items():
        files = sorted(corpus.glob(pattern))
        rng.shuffle(files)
        rows = []
        for path in files[:12]:
            text = path.read_text(encoding="utf-8", errors="replace")
            df = slogans(Document(text, doc_id=path.name))
            if args.quoted:
                df = df[df["kind"] == "quoted"]
            rows.extend(df.itertuples(index=False))
        for r in rng.sample(rows, min(args.per_genre, len(rows))):
            sent = " ".join(r.sentence.split())[:80]
            print("\t".join([genre, r.doc_id, r.term, " ".join(r.surface.split()), r.kind,
                             r.label, r.category, sent]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
