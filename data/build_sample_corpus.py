"""Build the bundled sample corpus: 政府工作报告 (government work reports) 1954–2025.

Source: ``../shared/corpus/gov_work_reports`` — Wikisource copies (public domain, PRC Copyright
Law art. 5), with the years Wikisource lacks (1989–1991, 1996) taken from the ropensci copies
and 2020 from the live-transcript edition. Site boilerplate (the Wikisource licence block,
wiki-link line breaks, zero-width characters) is removed with policytext's own cleaning; where
the Wikisource text has no title line, the title from ``wikisource_index.tsv`` is put first so
the file says what it is. Run from the repository root::

    python data/build_sample_corpus.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from policytext.clean import CleanOptions, clean_text
from policytext.io import decode_bytes
from policytext.metadata import extract_metadata

OUT = Path(__file__).resolve().parent / "gov_work_reports"


def _to_simplified(text: str) -> str:
    from opencc import OpenCC  # build-time only: pip install "policytext[opencc]"

    return OpenCC("t2s").convert(text)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    args = ap.parse_args()
    src = Path(args.shared) / "corpus" / "gov_work_reports"
    titles = {}
    with open(src / "wikisource_index.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            m = re.fullmatch(r"gov_work_reports/(\d{4})\.txt", row["file"])
            if m:
                titles[int(m.group(1))] = row["title"]
    OUT.mkdir(exist_ok=True)
    options = CleanOptions()
    rows = []
    for year in range(1954, 2026):
        wiki = src / "wikisource" / f"{year}.txt"
        ropensci = sorted((src / "ropensci").glob(f"{year}政府工作报告_*.txt"))
        if year == 2020:
            path, origin = src / "2020政府工作报告_文字实录.txt", "2020政府工作报告_文字实录.txt"
        elif wiki.exists():
            path, origin = wiki, f"wikisource/{year}.txt"
        elif ropensci:
            path, origin = ropensci[0], f"ropensci/{ropensci[0].name}"
        else:
            continue
        text = clean_text(decode_bytes(path.read_bytes()), options).text
        # The 1950s Wikisource copies are in traditional characters; charts and keyness of the
        # sample would otherwise contrast scripts (我們 vs 我们) rather than politics.
        simplified = _to_simplified(text)
        converted = sum(a != b for a, b in zip(text, simplified)) / max(len(text), 1)
        if converted > 0.002:  # modern reports: < 0.0003 (OpenCC phrase variants)
            text, origin = simplified, f"{origin} (traditional → simplified, OpenCC t2s)"
        meta = extract_metadata(text)
        if not meta["title"] and year in titles:
            text = f"{titles[year]}\n\n{text}"
        (OUT / f"{year}.txt").write_text(text + "\n", encoding="utf-8")
        rows.append((year, origin, len(text)))
    # beside the folder, not in it: every file in the folder is a document the demo analyses
    with open(OUT.parent / "gov_work_reports_sources.tsv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["file", "source", "chars"])
        for year, origin, n in rows:
            w.writerow([f"{year}.txt", f"corpus/gov_work_reports/{origin}", n])
    print(f"wrote {len(rows)} reports to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
