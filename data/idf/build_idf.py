"""Build ``src/policytext/resources/idf.tsv``, the political-domain IDF table.

Usage (from the repository root)::

    PYTHONPATH=src python data/idf/build_idf.py [--corpus ../shared/corpus] [--min-df 5]

Document units (see README.md for why):

- 政府工作报告 (one per year, Wikisource copy preferred), 党代会报告, 全会公报 (duplicates
  dropped), 人大决议 and the party constitution, cut into chunks of about 1,500 characters at
  paragraph boundaries, so a long report counts like several articles;
- 人民日报 articles (1963, 1990), one unit each;
- 新闻联播 transcripts (2022–2026), one unit per news item (``###`` heading).

Every unit is tokenized exactly as :func:`policytext.extract.themes.themes` does (built-in
lexicon, so party terms are single tokens; stopwords, numbers and noise dropped, no POS filter so
a word's DF does not depend on its tag). ``idf = ln(N / df)``; terms with ``df < min_df`` are
pruned and the default for unseen terms is written in the header.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
OUT = REPO / "src" / "policytext" / "resources" / "idf.tsv"

_FOOTER = re.compile(r"本作品是中华人民共和国的|本作品在全世界都属于公有领域|Public domain")
_HTML = re.compile(r"<[^>]{0,400}>")
_MD_HEAD = re.compile(r"^#+\s.*$", re.M)
# 新闻联播 page furniture: link lines and the "央视网消息（新闻联播）：" lead-in.
_XWLB_NOISE = re.compile(r"\[查看原文\]\([^)]*\)|央视网消息\s*[（(]新闻联播[)）]\s*[：:]?|https?://\S+")


def corpus_root(arg: str | None) -> Path:
    for cand in (arg, os.environ.get("POLICYTEXT_SHARED_CORPUS"), REPO.parent / "shared" / "corpus",
                 "/work/shared/corpus"):
        if cand and Path(cand).is_dir():
            return Path(cand)
    sys.exit("shared corpus not found: pass --corpus or set POLICYTEXT_SHARED_CORPUS")


def read(p: Path) -> str:
    raw = p.read_bytes()
    for enc in ("utf-8", "gb18030"):
        try:
            return raw.decode(enc).replace("\r\n", "\n")
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


def chunks(text: str, size: int = 1500) -> Iterator[str]:
    """Consecutive pieces of about ``size`` characters, cut after a paragraph break."""
    paras = [p for p in re.split(r"\n\s*\n|\n", text) if p.strip()]
    buf: list[str] = []
    n = 0
    for p in paras:
        buf.append(p)
        n += len(p)
        if n >= size:
            yield "\n".join(buf)
            buf, n = [], 0
    if buf:
        yield "\n".join(buf)


def official_units(root: Path) -> Iterator[tuple[str, str]]:
    reports: dict[int, Path] = {}
    for p in sorted((root / "gov_work_reports" / "ropensci").glob("*.txt")):
        if p.name[:4].isdigit():
            reports[int(p.name[:4])] = p
    for p in sorted((root / "gov_work_reports" / "wikisource").glob("*.txt")):
        if p.stem.isdigit():
            reports[int(p.stem)] = p
    files = [reports[y] for y in sorted(reports)]
    files += sorted((root / "congress_reports").glob("*.txt"))
    files += sorted((root / "plenum_communiques").glob("*.txt"))
    files += sorted((root / "npc_resolutions").glob("*.txt"))
    files += sorted((root / "party_constitution").glob("*.txt"))
    seen: set[str] = set()
    for p in files:
        text = read(p)
        m = _FOOTER.search(text)
        if m:
            text = text[: m.start()]
        digest = hashlib.md5(text.encode()).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        for i, piece in enumerate(chunks(text)):
            yield f"{p.relative_to(root)}#{i}", piece


def peoples_daily_units(root: Path) -> Iterator[tuple[str, str]]:
    for p in sorted((root / "peoples_daily").rglob("*.md")):
        yield str(p.relative_to(root)), _MD_HEAD.sub("", read(p))


def xwlb_units(root: Path) -> Iterator[tuple[str, str]]:
    for p in sorted((root / "xinwenlianbo").glob("*.md")):
        text = _XWLB_NOISE.sub("", _HTML.sub("", read(p)))
        parts = re.split(r"^###\s", text, flags=re.M)
        for i, part in enumerate(parts[1:], start=1):  # parts[0]: title + 新闻摘要 (a summary)
            yield f"{p.relative_to(root)}#{i}", part


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", help="the shared corpus folder")
    ap.add_argument("--min-df", type=int, default=5, help="prune terms in fewer units")
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--lexicon", help="lexicon TSV to tokenize with (default: built-in)")
    ap.add_argument("--stopwords", help="stopword file (default: built-in political list)")
    args = ap.parse_args(argv)

    sys.path.insert(0, str(REPO / "src"))
    from policytext.extract.themes import FUNCTION_WORDS, PolicyAnalyzer
    from policytext.lexicon import Lexicon, load_stopwords
    from policytext.tokenize import Tokenizer

    root = corpus_root(args.corpus)
    lexicon = Lexicon.from_tsv(args.lexicon) if args.lexicon else Lexicon.builtin()
    stopwords = load_stopwords(args.stopwords) | FUNCTION_WORDS
    analyzer = PolicyAnalyzer(Tokenizer(lexicon), stopwords=stopwords, drop_pos=None)
    t0 = time.perf_counter()
    df: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    n_chars = 0
    streams = (("official", official_units(root)), ("peoples_daily", peoples_daily_units(root)),
               ("xinwenlianbo", xwlb_units(root)))
    for name, units in streams:
        for _, text in units:
            if len(text.strip()) < 50:
                continue
            sources[name] += 1
            n_chars += len(text)
            df.update(set(analyzer(text)))
    n = sum(sources.values())
    kept = {t: c for t, c in df.items() if c >= args.min_df}
    default = math.log(n / args.min_df)
    lines = [
        "# policytext political-domain IDF table; idf = ln(n_docs / df); "
        "built by data/idf/build_idf.py",
        f"# n_docs={n} min_df={args.min_df} default_idf={default:.4f} n_terms={len(kept)} "
        f"n_chars={n_chars} lexicon_terms={len(lexicon)}",
        "# units: " + " ".join(f"{k}={v}" for k, v in sources.items()),
        "term\tidf",
    ]
    for t, c in sorted(kept.items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"{t}\t{math.log(n / c):.4f}")
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    size = Path(args.out).stat().st_size
    print(f"{n} units ({dict(sources)}), {n_chars:,} chars, {len(df):,} distinct tokens, "
          f"{len(kept):,} kept (df >= {args.min_df}); default idf {default:.3f}; "
          f"{size / 1e6:.2f} MB; {time.perf_counter() - t0:.1f} s -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
