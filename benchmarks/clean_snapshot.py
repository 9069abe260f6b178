"""Snapshot of what reading and cleaning make of every file of the shared corpus, and a diff.

Two snapshots (before and after a change to ``io``/``clean``) compared document by document
show which documents' cleaned text changed, and by how much, so each change can be read.

Usage::

    PYTHONPATH=src python benchmarks/clean_snapshot.py snap OUT.pkl.gz [CORPUS]
    PYTHONPATH=src python benchmarks/clean_snapshot.py diff BEFORE.pkl.gz AFTER.pkl.gz
    PYTHONPATH=src python benchmarks/clean_snapshot.py sample AFTER.pkl.gz N SEED

``snap`` records, per file, the cleaned text (or the read error), the characters each kind of
removal took and the document's notes. ``diff`` prints the count of changed documents and, per
changed document, the cleaned length before and after. ``sample`` prints N random removals
(watermark, footer, photo credit, joined line break, HTML), the same number from each folder
that has some, for judging.
"""

from __future__ import annotations

import gzip
import os
import pickle
import random
import sys
from collections import Counter
from pathlib import Path

CONTENT_KINDS = ("watermark", "footer", "photo_credit")
#: kinds sampled for judging besides the content kinds (at most PER_DOC of each per document)
JUDGED_KINDS = (*CONTENT_KINDS, "linebreak", "html")
PER_DOC = 20


def snap(out: str, corpus: str) -> None:
    import policytext as pt
    from policytext.errors import DocumentReadError

    root = Path(corpus)
    rows = {}
    for p in sorted(root.rglob("*")):
        if not p.is_file() or p.suffix not in (".txt", ".md", ".html", ".docx"):
            continue
        rel = p.relative_to(root).as_posix()
        try:
            doc = pt.read(p)
        except DocumentReadError as exc:
            rows[rel] = {"error": exc.reason}
            continue
        removed = Counter()
        content = []
        taken = Counter()
        for r in doc.removals:
            removed[r.kind] += len(r.text)
            if r.kind in JUDGED_KINDS and (r.kind in CONTENT_KINDS or taken[r.kind] < PER_DOC):
                taken[r.kind] += 1
                shown = r.text
                if r.kind == "linebreak":  # a joined break: the text either side shows it
                    src = doc.source_text
                    shown = src[max(0, r.start - 12) : r.start] + "⏎" + src[r.end : r.end + 12]
                content.append((r.kind, r.start, shown))
        rows[rel] = {"text": doc.text, "removed": dict(removed), "content": content,
                     "notes": list(getattr(doc, "notes", ()))}
    with gzip.open(out, "wb") as fh:
        pickle.dump(rows, fh)
    print(f"{len(rows)} files, {sum('error' in r for r in rows.values())} errors -> {out}")


def diff(before: str, after: str) -> None:
    with gzip.open(before) as fh:
        a = pickle.load(fh)
    with gzip.open(after) as fh:
        b = pickle.load(fh)
    changed = []
    for rel in sorted(set(a) | set(b)):
        ra, rb = a.get(rel, {}), b.get(rel, {})
        ta, tb = ra.get("text", ra.get("error")), rb.get("text", rb.get("error"))
        if ta != tb:
            changed.append(rel)
            la = len(ra["text"]) if "text" in ra else f"error: {ra.get('error')}"
            lb = len(rb["text"]) if "text" in rb else f"error: {rb.get('error')}"
            print(f"{rel}\t{la}\t{lb}\t{'; '.join(rb.get('notes', []))}")
    print(f"{len(changed)} of {len(b)} documents changed")
    notes = [rel for rel, r in b.items() if r.get("notes")]
    print(f"{len(notes)} documents with notes")


def sample(after: str, n: int, seed: int) -> None:
    with gzip.open(after) as fh:
        b = pickle.load(fh)
    rows = [(rel, kind, start, text) for rel, r in b.items() for kind, start, text in r.get("content", [])
            if kind in JUDGED_KINDS]
    by_genre: dict[str, list] = {}
    for row in rows:
        by_genre.setdefault(row[0].split("/")[0], []).append(row)
    rng = random.Random(seed)
    # the same number from every folder that has removals, so that rare genres are judged too
    per = max(1, n // max(len(by_genre), 1))
    picked = []
    for genre in sorted(by_genre):
        group = by_genre[genre]
        picked += rng.sample(group, min(per, len(group)))
    print(f"{len(rows)} content removals in {len(b)} files; by folder: "
          + ", ".join(f"{g} {len(v)}" for g, v in sorted(by_genre.items())))
    for rel, kind, start, text in picked:
        snippet = text.replace("\n", "⏎").strip()[:30] if kind == "linebreak" else text.strip().replace("\n", "⏎")[:30]
        print(f"{rel}\t{kind}\t{start}\t{snippet}")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "snap":
        default = os.path.join(os.environ.get("POLICYTEXT_SHARED", "../shared"), "corpus")
        snap(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else default)
    elif cmd == "diff":
        diff(sys.argv[2], sys.argv[3])
    elif cmd == "sample":
        sample(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        raise SystemExit(__doc__)
