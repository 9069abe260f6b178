"""Accuracy of outline extraction on a hand-annotated held-out set.

Usage::

    .venv/bin/python benchmarks/eval_outline.py [--half dev|test|fresh|final|novel|all] [--errors] [--baseline]
    .venv/bin/python benchmarks/eval_outline.py --candidates DOC_ID   # annotation helper

Three splits (``half``): ``dev`` for developing rules, ``test`` (seen once rules were changed on
it, so no longer a clean check) and ``fresh`` (annotated before it was ever scored, scored once).

``benchmarks/outline_heldout.json`` lists documents of ``../shared/corpus`` that no outline test
case uses, each with a transformation (``lines``: a 1-based inclusive line range of the decoded
file; ``join``: every line stripped of surrounding whitespace and all lines concatenated, as in
a scraped page that lost its paragraph breaks) and every outline node judged by hand: ``kind``,
``style``, ``ordinal``, ``depth``, ``marker``, ``offset`` (in the transformed text) and
``title_start`` (at most 15 characters). The documents themselves are not shipped; without
``../shared/corpus`` the script prints ``skipped`` and exits 0.

Matching. A predicted node matches a gold node when

- the style is the same (styles as in :data:`policytext.extract.outline.OUTLINE_COLUMNS`:
  width-insensitive, ``一.`` counts as ``一、``, ``⑴`` as ``（1）``, ``⒈`` as ``1.``);
- the ordinal is the same (首先/其次/再次/最后 count 1, 2, 3, 4…);
- the title starts agree: both titles with whitespace and punctuation removed, the first
  ``min(6, len(gold))`` characters are equal, or the predicted title (at least 2 characters) is
  a prefix of the gold title start (a short title such as 总则 whose line break was lost);
- the markers are at most 20 characters apart (so two nodes with the same marker and title
  elsewhere in the document do not match each other).

Matching is one-to-one, greedy in document order. Precision = matched / predicted, recall =
matched / gold, F1 their harmonic mean; **depth accuracy** = share of matched nodes whose
predicted depth equals the gold depth. Scores are micro-averaged per document kind
(``report``, ``gongwen``, ``speech_joined``) and overall.

``--baseline`` also scores a line-initial regex: every line whose first non-space characters
are a heading marker (any style above, 第X条 included, plus line-initial 一是/第一，/首先 items)
is a node; its depth is the rank of its style in the order styles first appear.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("POLICYTEXT_SHARED", ROOT.parent / "shared"))
GOLD = ROOT / "benchmarks" / "outline_heldout.json"
sys.path.insert(0, str(ROOT / "src"))

TITLE_CHARS = 6
MAX_SHIFT = 20
_STRIP = re.compile(r"[\s\u3000\u00a0，,、：:；;。！？!?.．“”‘’\"'《》（）()—…·]")
_WS = " \t\r\n\u3000\u00a0\u2002\u2003\u2009\ufeff"


def load_text(entry: dict) -> str:
    """The transformed text of a held-out document."""
    raw = (SHARED / "corpus" / entry["path"]).read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("gb18030", errors="replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if entry.get("lines"):
        a, b = entry["lines"]
        lines = lines[a - 1:b]
    if entry.get("join"):
        return "".join(ln.strip(_WS) for ln in lines)
    return "\n".join(lines)


def norm_title(s: str) -> str:
    return _STRIP.sub("", s)


def title_ok(gold: str, pred: str) -> bool:
    g, p = norm_title(gold), norm_title(pred)
    k = min(TITLE_CHARS, len(g))
    if g[:k] == p[:k]:
        return True
    return len(p) >= 2 and g.startswith(p)  # a short true title, e.g. 总则


def match(gold: list[dict], pred: list[dict]) -> list[tuple[int, int]]:
    """One-to-one greedy matching in document order; pairs of (gold index, pred index)."""
    pairs, used = [], set()
    for i, g in enumerate(gold):
        best = None
        for j, p in enumerate(pred):
            if j in used or abs(p["offset"] - g["offset"]) > MAX_SHIFT:
                continue
            if p["style"] != g["style"] or p["ordinal"] != g["ordinal"]:
                continue
            if not title_ok(g["title_start"], p["title"]):
                continue
            if best is None or abs(p["offset"] - g["offset"]) < abs(pred[best]["offset"]
                                                                   - g["offset"]):
                best = j
        if best is not None:
            used.add(best)
            pairs.append((i, best))
    return pairs


def predict(text: str) -> list[dict]:
    from policytext.extract.outline import iter_outline

    return [{"offset": n.start, "style": n.style, "ordinal": n.ordinal, "depth": n.depth,
             "title": n.title, "marker": n.marker, "kind": n.kind} for n in iter_outline(text)]


# --- the line-initial regex baseline ----------------------------------------------------------
_CN = "一二三四五六七八九十"
_BASE = re.compile(
    rf"^[{_WS}]*(?:(?P<di>第[{_CN}百零〇]{{1,6}}(?P<u>部分|编|章|节|条))"
    rf"|(?P<cn>[{_CN}]{{1,3}})[、．.]|[（(](?P<pcn>[{_CN}]{{1,3}})[）)]"
    r"|(?P<ar>[0-9０-９]{1,2})(?P<arp>[.．、])(?![0-9０-９])|[（(](?P<par>[0-9０-９]{1,2})[）)]"
    r"|(?P<circ>[\u2460-\u2473])"
    rf"|(?P<shi>[{_CN}]{{1,2}})是|第(?P<dix>[{_CN}]{{1,3}})[，,]|(?P<seq>首先|其次|再次|最后))",
    re.M,
)


def baseline(text: str) -> list[dict]:
    from policytext.extract.outline import parse_numeral

    out, order = [], []
    for m in _BASE.finditer(text):
        g = "u" if m.group("u") else m.lastgroup
        if g == "u":
            style, n = f"第X{m.group('u')}", parse_numeral(m.group("di")[1:-len(m.group("u"))])
        elif g == "cn":
            style, n = "一、", parse_numeral(m.group("cn"))
        elif g == "pcn":
            style, n = "（一）", parse_numeral(m.group("pcn"))
        elif g in ("ar", "arp"):
            style = "1、" if m.group("arp") == "、" else "1."
            n = parse_numeral(m.group("ar"))
        elif g == "par":
            style, n = "（1）", parse_numeral(m.group("par"))
        elif g == "circ":
            style, n = "①", ord(m.group("circ")) - 0x2460 + 1
        elif g == "shi":
            style, n = "一是", parse_numeral(m.group("shi"))
        elif g == "dix":
            style, n = "第一，", parse_numeral(m.group("dix"))
        else:
            style, n = "首先", {"首先": 1, "其次": 2, "再次": 3}.get(m.group("seq"), 4)
        if style not in order:
            order.append(style)
        le = text.find("\n", m.end())
        title = text[m.end():le if le >= 0 else len(text)][:30]
        start = m.start() + len(m.group(0)) - len(m.group(0).lstrip(_WS))
        out.append({"offset": start, "style": style, "ordinal": n,
                    "depth": order.index(style) + 1, "title": title})
    return out


# --- scoring ----------------------------------------------------------------------------------
def score(docs: list[dict], fn, errors: bool = False) -> dict[str, dict[str, float]]:
    agg: dict[str, list[int]] = {}
    for d in docs:
        text = load_text(d)
        gold, pred = d["nodes"], fn(text)
        pairs = match(gold, pred)
        depth_ok = sum(1 for i, j in pairs if gold[i]["depth"] == pred[j]["depth"])
        for key in (d["kind"], "all"):
            a = agg.setdefault(key, [0, 0, 0, 0, 0])
            a[0] += len(pairs)
            a[1] += len(pred)
            a[2] += len(gold)
            a[3] += depth_ok
            a[4] += 1
        if errors:
            _print_errors(d, text, gold, pred, pairs)
    out = {}
    for key, (m, np_, ng, dok, nd) in agg.items():
        p = m / np_ if np_ else 1.0
        r = m / ng if ng else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out[key] = {"docs": nd, "gold": ng, "pred": np_, "matched": m, "P": p, "R": r, "F1": f,
                    "depth": dok / m if m else 0.0}
    return out


def _print_errors(d, text, gold, pred, pairs) -> None:
    mg = {i for i, _ in pairs}
    mp = {j for _, j in pairs}
    print(f"--- {d['id']} ({d['path']})")
    for i, g in enumerate(gold):
        if i not in mg:
            ctx = text[max(0, g["offset"] - 8):g["offset"] + 20].replace("\n", "⏎")
            print(f"  MISS  @{g['offset']} {g['style']}{g['ordinal']} d{g['depth']} | {ctx}")
    for j, p in enumerate(pred):
        if j not in mp:
            ctx = text[max(0, p["offset"] - 8):p["offset"] + 20].replace("\n", "⏎")
            print(f"  EXTRA @{p['offset']} {p['style']}{p['ordinal']} d{p['depth']} | {ctx}")
    for i, j in pairs:
        if gold[i]["depth"] != pred[j]["depth"]:
            g = gold[i]
            print(f"  DEPTH @{g['offset']} {g['style']}{g['ordinal']} gold d{g['depth']} "
                  f"pred d{pred[j]['depth']} | {g['title_start']}")


def _fmt(res: dict[str, dict[str, float]]) -> str:
    rows = [f"{'kind':<14}{'docs':>5}{'gold':>6}{'pred':>6}{'P':>7}{'R':>7}{'F1':>7}{'depth':>7}"]
    for key in sorted(res, key=lambda k: (k == "all", k)):
        r = res[key]
        rows.append(f"{key:<14}{r['docs']:>5}{r['gold']:>6}{r['pred']:>6}{r['P']:>7.3f}"
                    f"{r['R']:>7.3f}{r['F1']:>7.3f}{r['depth']:>7.3f}")
    return "\n".join(rows)


# --- annotation helper ------------------------------------------------------------------------
_BROAD = re.compile(
    rf"第[{_CN}百零〇0-9０-９]{{1,6}}(?:部分|编|章|节|条)|第[{_CN}]{{1,3}}[，,、：:]"
    rf"|[{_CN}]{{1,3}}(?:、|[．.](?![0-9０-９]))|[（(][{_CN}]{{1,3}}[）)]"
    r"|(?<![0-9０-９.．])[0-9０-９]{1,2}[.．、](?![0-9０-９%％])|[（(][0-9０-９]{1,2}[）)]"
    r"|[\u2460-\u249b\u3220-\u3229]"
    rf"|(?:(?<=[\s。！？；;：:，,）)”])|^)(?:[{_CN}]{{1,2}}[是要]|其[{_CN}]{{1,2}}"
    r"|首先|其次|再次|最后)",
    re.M,
)


def candidates(entry: dict) -> None:
    text = load_text(entry)
    for k, m in enumerate(_BROAD.finditer(text)):
        before = text[max(0, m.start() - 10):m.start()].replace("\n", "⏎")
        after = text[m.end():m.end() + 24].replace("\n", "⏎")
        print(f"{k:4d} @{m.start():6d} {before:>10}[{m.group(0)}]{after}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--half", choices=("dev", "test", "fresh", "final", "novel", "all"), default="all")
    ap.add_argument("--errors", action="store_true", help="list misses, extras, depth errors")
    ap.add_argument("--baseline", action="store_true", help="also score the line-initial regex")
    ap.add_argument("--candidates", metavar="DOC_ID", help="list marker-like strings of a doc")
    args = ap.parse_args(argv)
    if not (SHARED / "corpus").is_dir():
        print("skipped: ../shared/corpus not found")
        return 0
    data = json.loads(GOLD.read_text(encoding="utf-8"))
    docs = data["documents"]
    if args.candidates:
        candidates(next(d for d in docs if d["id"] == args.candidates))
        return 0
    if args.half != "all":
        docs = [d for d in docs if d["half"] == args.half]
    print(f"outline held-out set, half={args.half}: {len(docs)} documents")
    print(_fmt(score(docs, predict, args.errors)))
    if args.baseline:
        print("\nline-initial regex baseline")
        print(_fmt(score(docs, baseline)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
