"""Provincial themes: do each province's top-20 themes hold its distinctive places and programmes?

The criterion is measured on the 31 provincial government work reports of one year:
``--reports-2026`` scores the full reports of 2026 (shipped as a test case file, read as a
user's folder would be) against two lists of hand-picked terms. By default the script measures
on a **proxy**
built from ``../shared/corpus/xinwenlianbo`` (新闻联播 transcripts, publisher's copyright: read
in place, never copied into the project): for a year, the document of a province is every
paragraph of that year's detailed news that names the province and no other province. 31
documents, one per province, analysed together — the IDF comes from them, as for 31 reports.

Hand-picked terms: ``benchmarks/provincial_terms.json`` (written before any output was looked
at). A document's items are scored only when they occur at least twice in it (a term absent
from the text cannot be found by any method). An item is found when a top-20 keyword equals or
contains one of its surface forms.

Methods: policytext ``themes(corpus, top=20)``; ``jieba.analyse.extract_tags(text, topK=20)``
(jieba's own IDF, one document at a time); plain ``jieba.lcut`` + scikit-learn
``TfidfVectorizer`` over the 31 documents.

Run from the repository root (about a minute per year on one core)::

    .venv/bin/python benchmarks/eval_provincial.py            # dev year 2023 and test year 2024
    .venv/bin/python benchmarks/eval_provincial.py --years 2024 --show 海南 广东
    .venv/bin/python benchmarks/eval_provincial.py --reports-2026   # the 31 full reports of 2026

Dev/test: lexicon work was done looking only at 2023 (dev); 2024 (test) is the held-out year.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _source_tree(argv: Sequence[str]) -> Path:
    """The ``src`` folder policytext is imported from: this checkout's, or ``--src DIR``'s
    (read before any import, so that another tree, such as an earlier commit checked out with
    ``git worktree add``, can be scored with this script and these lists)."""
    for i, arg in enumerate(argv):
        if arg == "--src" and i + 1 < len(argv):
            return Path(argv[i + 1])
        if arg.startswith("--src="):
            return Path(arg.split("=", 1)[1])
    return ROOT / "src"


sys.path.insert(0, str(_source_tree(sys.argv[1:])))

SHARED = Path(os.environ.get("POLICYTEXT_SHARED") or ROOT.parent / "shared") / "corpus" / "xinwenlianbo"
TERMS_FILE = ROOT / "benchmarks" / "provincial_terms.json"
BLIND_TERMS_2026 = ROOT / "benchmarks" / "provincial_terms_2026_blind.json"
REPORTS_2026 = ROOT / "tests" / "cases" / "targets_provincial_2026_full.json.gz"
TOP_N = 20
MIN_OCCURRENCES = 2

#: The 31 provincial-level units by the short name the news uses.
PROVINCES = ("北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏",
             "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西",
             "海南", "重庆", "四川", "贵州", "云南", "西藏", "陕西", "甘肃", "青海", "宁夏",
             "新疆")
# Names inside phrases that are not about the province (北京时间, 上海合作组织).
_NOT_PROVINCE = re.compile(r"北京时间|上海合作组织|上合组织|上海精神")
_TAG = re.compile(r"<[^>]+>")
_LINK = re.compile(r"\[查看原文\]\([^)]*\)")
_PROVINCE = re.compile("|".join(PROVINCES))


def paragraphs(markdown: str) -> Iterable[str]:
    """Paragraphs of the detailed news of one transcript (headlines included), tags removed."""
    _, _, body = markdown.partition("## 详细新闻")
    body = _LINK.sub("\n", body)
    body = re.sub(r"</p>|<br\s*/?>|^###\s*", "\n", body, flags=re.MULTILINE)
    for line in _TAG.sub("", body).splitlines():
        line = line.strip()
        if line:
            yield line


def proxy_documents(year: int, root: Path = SHARED) -> dict[str, str]:
    """Province → its paragraphs of ``year`` (those naming it and no other province)."""
    docs: dict[str, list[str]] = {p: [] for p in PROVINCES}
    for path in sorted(root.glob(f"{year}*.md")):
        for para in paragraphs(path.read_text(encoding="utf-8")):
            named = set(_PROVINCE.findall(_NOT_PROVINCE.sub("", para)))
            if len(named) == 1:
                docs[named.pop()].append(para)
    return {p: "\n".join(paras) for p, paras in docs.items()}


def load_terms(path: Path = TERMS_FILE) -> dict[str, list[list[str]]]:
    """Province → hand-picked items, each a list of alternative surface forms."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def scorable(items: Sequence[Sequence[str]], text: str) -> list[Sequence[str]]:
    """The items occurring at least MIN_OCCURRENCES times in the text (any surface form)."""
    return [it for it in items if max(text.count(form) for form in it) >= MIN_OCCURRENCES]


def found(item: Sequence[str], keywords: Sequence[str]) -> bool:
    """Whether a keyword equals or contains one of the item's surface forms."""
    return any(form in kw for kw in keywords for form in item)


def score(keywords: Mapping[str, Sequence[str]], texts: Mapping[str, str],
          terms: Mapping[str, Sequence[Sequence[str]]]) -> dict:
    """Share of documents with ≥ 1 item found, share of items found, and the misses."""
    docs_hit = docs = items_hit = items = 0
    missed: dict[str, list[str]] = {}
    for prov, kws in keywords.items():
        its = scorable(terms.get(prov, []), texts[prov])
        if not its:
            continue
        hits = [it for it in its if found(it, kws)]
        docs += 1
        docs_hit += bool(hits)
        items += len(its)
        items_hit += len(hits)
        if len(hits) < len(its):
            missed[prov] = [it[0] for it in its if it not in hits]
    return {"docs": docs, "docs_hit": docs_hit, "items": items, "items_hit": items_hit,
            "doc_share": docs_hit / docs if docs else 0.0,
            "item_share": items_hit / items if items else 0.0, "missed": missed}


def print_score(label: str, s: Mapping) -> None:
    """One method's line of :func:`score` and the items it missed."""
    print(f"{label:24s} reports with ≥1 term: {s['docs_hit']}/{s['docs']} = {s['doc_share']:.1%}"
          f"   terms found: {s['items_hit']}/{s['items']} = {s['item_share']:.1%}")
    print(f"{'':24s} missed: " + "; ".join(f"{p} {'/'.join(m)}" for p, m in s["missed"].items()))


def top_themes(corpus):
    """``themes(corpus, top=20)``, also on a tree from before ``top_n`` was renamed ``top``."""
    from policytext.extract.themes import themes

    try:
        return themes(corpus, top=TOP_N)
    except TypeError:
        return themes(corpus, top_n=TOP_N)


def policytext_keywords(texts: Mapping[str, str]) -> dict[str, list[str]]:
    """Top-20 policytext themes of each document, the 31 analysed together."""
    from policytext.corpus import Corpus

    provs = [p for p in texts if texts[p]]
    corpus = Corpus.from_texts([texts[p] for p in provs], doc_ids=provs)
    t = top_themes(corpus)
    return {p: list(t[t.doc_id == p].term) for p in provs}


def jieba_tags_keywords(texts: Mapping[str, str]) -> dict[str, list[str]]:
    """jieba.analyse.extract_tags, one document at a time (jieba's IDF)."""
    import jieba.analyse

    return {p: jieba.analyse.extract_tags(t, topK=TOP_N) for p, t in texts.items() if t}


def jieba_sklearn_keywords(texts: Mapping[str, str]) -> dict[str, list[str]]:
    """Plain jieba segmentation + scikit-learn TfidfVectorizer over the documents."""
    import jieba
    from sklearn.feature_extraction.text import TfidfVectorizer

    provs = [p for p in texts if texts[p]]
    vec = TfidfVectorizer(tokenizer=jieba.lcut, token_pattern=None, lowercase=False)
    X = vec.fit_transform([texts[p] for p in provs])
    vocab = vec.get_feature_names_out()
    out = {}
    for i, p in enumerate(provs):
        row = X.getrow(i).toarray().ravel()
        out[p] = [str(vocab[j]) for j in row.argsort()[::-1][:TOP_N] if row[j] > 0]
    return out


METHODS: dict[str, Callable[[Mapping[str, str]], dict[str, list[str]]]] = {
    "policytext themes": policytext_keywords,
    "jieba extract_tags": jieba_tags_keywords,
    "jieba + sklearn TF-IDF": jieba_sklearn_keywords,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Print the scores of every method on each year's proxy."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--years", type=int, nargs="+", default=[2023, 2024])
    ap.add_argument("--methods", nargs="+", default=list(METHODS), choices=list(METHODS))
    ap.add_argument("--show", nargs="*", default=[], help="print these provinces' keywords")
    ap.add_argument("--reports", type=Path, metavar="DIR",
                    help="score real reports instead of the proxy: one file per province, named "
                         "after it (海南.txt, 广东省政府工作报告2024.docx …; any format policytext "
                         "reads), scored against the same hand-picked terms")
    ap.add_argument("--reports-2026", action="store_true",
                    help="score the 31 full provincial reports of 2026 (a test case file) against "
                         "provincial_terms.json and the blind picks of provincial_terms_2026_blind.json")
    ap.add_argument("--src", type=Path, metavar="DIR",
                    help="import policytext from this src folder (another commit's tree, "
                         "e.g. made by git worktree add) instead of this checkout's")
    args = ap.parse_args(argv)
    terms = load_terms()
    if args.reports_2026:
        return _score_reports_2026(args.methods, args.show)
    if args.reports is not None:
        return _score_reports(args.reports, terms, args.methods, args.show)
    if not SHARED.is_dir():
        print(f"skipped: {SHARED} not present (the proxy is read from ../shared)")
        return 0
    for year in args.years:
        texts = proxy_documents(year)
        sizes = sorted(len(t) for t in texts.values())
        n_items = sum(len(scorable(terms[p], texts[p])) for p in PROVINCES)
        split = "dev" if year == 2023 else "test"
        print(f"\n== {year} ({split}): 31 documents, {sizes[0]}–{sizes[-1]} characters "
              f"(median {sizes[15]}); {n_items} of {sum(map(len, terms.values()))} "
              f"hand-picked items occur ≥ {MIN_OCCURRENCES}× and are scored")
        for name in args.methods:
            kws = METHODS[name](texts)
            print_score(name, score(kws, texts, terms))
            for p in args.show:
                print(f"{'':24s} {p}: {' '.join(kws.get(p, []))}")
    return 0


def _score_reports(folder: Path, terms: Mapping[str, Sequence[Sequence[str]]],
                   methods: Sequence[str], show: Sequence[str],
                   more_terms: Mapping[str, Mapping[str, Sequence[Sequence[str]]]] = {}) -> int:
    """The issue's measurement on real provincial reports: each file's province is the one whose
    name its file name contains. policytext reads the folder as a user's would
    (``Corpus.from_dir``: the documents' region and speaker docvars are read from their heads)."""
    from policytext.corpus import Corpus

    corpus = Corpus.from_dir(folder)
    province = {}
    for doc in corpus:
        prov = next((p for p in PROVINCES if p in Path(str(doc.doc_id)).stem), None)
        if prov is None:
            print(f"skipped {doc.doc_id}: no province in its name", file=sys.stderr)
            continue
        province[doc.doc_id] = prov
    texts = {province[d.doc_id]: d.text for d in corpus if d.doc_id in province}
    if not texts:
        print(f"no report named after a province in {folder}", file=sys.stderr)
        return 2
    print(f"\n== {folder}: {len(texts)} reports")
    lists = {"hand-picked terms (provincial_terms.json)": terms, **more_terms}
    for name in methods:
        if name == "policytext themes":
            t = top_themes(corpus)
            kws = {province[d]: list(g.term) for d, g in t.groupby("doc_id") if d in province}
        else:
            kws = METHODS[name](texts)
        for list_name, items in lists.items():
            print_score(f"{name:24s} {list_name}:", score(kws, texts, items))
        for p in show:
            print(f"{'':24s} {p}: {' '.join(kws.get(p, []))}")
    return 0


def _score_reports_2026(methods: Sequence[str], show: Sequence[str]) -> int:
    """The 31 full provincial reports of 2026 shipped as a test case file, written to a
    temporary folder one file per province, scored against both term lists."""
    import gzip
    import tempfile

    with gzip.open(REPORTS_2026, "rt", encoding="utf-8") as f:
        cases = json.load(f)["cases"]
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            (Path(tmp) / f"{case['id']}.txt").write_text(case["text"], encoding="utf-8")
        return _score_reports(Path(tmp), load_terms(), methods, show,
                              {"blind picks (provincial_terms_2026_blind.json)":
                               load_terms(BLIND_TERMS_2026)})


if __name__ == "__main__":
    raise SystemExit(main())
