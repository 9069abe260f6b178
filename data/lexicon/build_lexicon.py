#!/usr/bin/env python
"""Build src/policytext/resources/lexicon.tsv from curated.tsv + generated series.

Usage (from the repository root or anywhere):

    python data/lexicon/build_lexicon.py            # build lexicon.tsv (needs ../shared/corpus)
    python data/lexicon/build_lexicon.py --check    # validate the shipped lexicon.tsv (no corpus needed)
    python data/lexicon/build_lexicon.py mine       # write candidates.tsv for further curation

Inputs
  curated.tsv   hand-curated rows: term, category, pos, expansion, variants, source, verified, note
  (generated)   series that are tedious to type but fully regular: party congresses, Central
                Committee plenums, NPC / CPPCC sessions, provincial-level party and state organs
  shared corpus /work/shared/corpus (or $POLICYTEXT_SHARED_CORPUS), read-only

What the build computes
  pos          default per category when curated leaves it empty
  variants     curated variants + automatic ones: 两个X -> 二个X; a term with 、 -> the same
               without 、 and with ， (e.g. 双随机一公开, 不忘初心，牢记使命)
  first_year   first year any form occurs in the 政府工作报告 1954-2025 (plain substring search on
               the text with whitespace removed, because Wikisource and PDF copies break lines
               inside words and slogans)
  source       expansion rows: the curated citation; other rows: curated citation if any, else
               the first attestation (file:line) in the 政府工作报告, then the party constitution,
               congress reports, plenum communiqués, NPC resolutions, then 新闻联播 / 人民日报
               (cited by file:line only; their text is never copied)
  verified     corpus-cited expansion: the build checks that every member occurs, in order,
               starting on the cited line; the build FAILS if one does not. src:-cited expansion:
               the curated value (default no). Rows without expansion: yes when first_year or
               source was computed from the corpus, else no.
  Curated rows attested nowhere in the corpus are kept with source `curated`, verified `no`;
  generated sessions/plenums not attested anywhere are dropped (they have not been held yet).
  Matching ignores whitespace and quotation marks (“十四五”规划 attests 十四五规划).
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
OUT = REPO / "src" / "policytext" / "resources" / "lexicon.tsv"
CURATED = HERE / "curated.tsv"
SOURCES_MD = HERE / "sources.md"

HEADER = ["term", "category", "pos", "expansion", "variants", "first_year", "source", "verified"]
CATEGORIES = ("formulation", "policy", "campaign", "meeting", "organ", "ideology", "doctype")
CATEGORY_ORDER = {c: i for i, c in enumerate(CATEGORIES)}
DEFAULT_POS = {
    "formulation": "nz", "policy": "nz", "campaign": "nz", "meeting": "nz",
    "organ": "nt", "ideology": "nz", "doctype": "n",
}

MUST_HAVE = """四个意识 两个维护 四个自信 三会一课 一岗双责 五查五看 八项规定 全面从严治党 以案促改 民主生活会
新时代中国特色社会主义思想 习近平新时代中国特色社会主义思想 不忘初心、牢记使命 形式主义官僚主义 脱贫攻坚
扫黑除恶 新发展理念 高质量发展 风清气正 忠诚干净担当 自我革命 以人民为中心 三个代表 科学发展观 四个全面
五位一体 新质生产力 中国式现代化 两学一做 六稳 六保 十四五 一带一路 双随机、一公开 四水四定 千万工程
三大攻坚战 十四个坚持 供给侧结构性改革 放管服 五个中心 百县千镇万村 三高四新 两个确立 四个伟大 四个服从
三严三实 两个一百年 改革开放 四项基本原则 一个中心、两个基本点 一国两制 四个现代化 社会主义市场经济
家庭联产承包责任制 西部大开发 京津冀协同发展 长江经济带 粤港澳大湾区 自由贸易试验区 海南自由贸易港 雄安新区
乡村振兴 共同富裕 碳达峰 碳中和 双碳""".split()

# Enumeration characters a stopword may never consist of (shared with build_stopwords.py).
NUMERAL_CHARS = set("一二三四五六七八九十百千万两零〇○壹贰叁肆伍陆柒捌玖拾")

CN_NUM = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三",
          "十四", "十五", "十六", "十七", "十八", "十九", "二十"]


def cn(n: int) -> str:
    return CN_NUM[n]


# --------------------------------------------------------------------------- generated series
# Central Committee plenums actually held (number of plenary sessions per Central Committee).
PLENUMS = {6: 7, 7: 7, 8: 12, 9: 2, 10: 3, 11: 7, 12: 7, 13: 9, 14: 7, 15: 7, 16: 7, 17: 7,
           18: 7, 19: 7, 20: 4}
# NPC sessions per term (1st NPC 1954-59 had 5, 2nd 4, 3rd and 4th 1 each); 14th NPC: held so far.
NPC_SESSIONS = {1: 5, 2: 4, 3: 1, 4: 1, 5: 5, 6: 5, 7: 5, 8: 5, 9: 5, 10: 5, 11: 5, 12: 5, 13: 5,
                14: 3}
CPPCC_SESSIONS = {5: 5, 6: 5, 7: 5, 8: 5, 9: 5, 10: 5, 11: 5, 12: 5, 13: 5, 14: 3}
# Sessions after these are added only when the shared corpus attests them.
MAYBE_EXTRA = {"npc": (14, 4, 5), "cppcc": (14, 4, 5), "plenum": (20, 5, 7)}

PROVINCES = [
    ("北京市", "市"), ("天津市", "市"), ("上海市", "市"), ("重庆市", "市"),
    ("河北省", "省"), ("山西省", "省"), ("辽宁省", "省"), ("吉林省", "省"), ("黑龙江省", "省"),
    ("江苏省", "省"), ("浙江省", "省"), ("安徽省", "省"), ("福建省", "省"), ("江西省", "省"),
    ("山东省", "省"), ("河南省", "省"), ("湖北省", "省"), ("湖南省", "省"), ("广东省", "省"),
    ("海南省", "省"), ("四川省", "省"), ("贵州省", "省"), ("云南省", "省"), ("陕西省", "省"),
    ("甘肃省", "省"), ("青海省", "省"),
    ("内蒙古自治区", "区"), ("广西壮族自治区", "区"), ("西藏自治区", "区"),
    ("宁夏回族自治区", "区"), ("新疆维吾尔自治区", "区"),
]


def default_pos(term: str, category: str) -> str:
    if "、" in term or "，" in term:
        return "l"  # slogan-like phrase
    return DEFAULT_POS[category]


def generated_rows() -> list[dict]:
    rows: list[dict] = []

    def add(term, category, variants=(), note="generated", maybe=False):
        rows.append({"term": term, "category": category, "pos": "", "expansion": "",
                     "variants": "|".join(v for v in variants if v != term), "source": "",
                     "verified": "", "note": note, "_maybe": maybe})

    for n in range(1, 21):
        c = cn(n)
        variants = [f"中共{c}大", f"中国共产党第{c}次全国代表大会"]
        if n >= 11:
            variants.append(f"{c}大")
        add(f"党的{c}大", "meeting", variants)
    for cc, k in PLENUMS.items():
        for p in range(1, k + 1):
            term = f"{cn(cc)}届{cn(p)}中全会"
            add(term, "meeting", [f"中国共产党第{cn(cc)}届中央委员会第{cn(p)}次全体会议"])
    cc, lo, hi = MAYBE_EXTRA["plenum"]
    for p in range(lo, hi + 1):
        add(f"{cn(cc)}届{cn(p)}中全会", "meeting",
            [f"中国共产党第{cn(cc)}届中央委员会第{cn(p)}次全体会议"], maybe=True)

    def npc(t, s, maybe=False):
        add(f"{cn(t)}届全国人大{cn(s)}次会议", "meeting",
            [f"第{cn(t)}届全国人民代表大会第{cn(s)}次会议", f"{cn(t)}届全国人大第{cn(s)}次会议"],
            maybe=maybe)

    for t, k in NPC_SESSIONS.items():
        for s in range(1, k + 1):
            npc(t, s)
    t, lo, hi = MAYBE_EXTRA["npc"]
    for s in range(lo, hi + 1):
        npc(t, s, maybe=True)

    def cppcc(t, s, maybe=False):
        add(f"全国政协{cn(t)}届{cn(s)}次会议", "meeting",
            [f"中国人民政治协商会议第{cn(t)}届全国委员会第{cn(s)}次会议"], maybe=maybe)

    for t, k in CPPCC_SESSIONS.items():
        for s in range(1, k + 1):
            cppcc(t, s)
    t, lo, hi = MAYBE_EXTRA["cppcc"]
    for s in range(lo, hi + 1):
        cppcc(t, s, maybe=True)
    for t in range(1, 15):
        add(f"第{cn(t)}届全国人民代表大会", "meeting", [f"{cn(t)}届全国人大"])

    for name, kind in PROVINCES:
        short = name[:-1] if kind in "省市" else name
        party = f"{name}委" if kind in "省市" else f"{name}党委"
        add(party, "organ", [f"中共{name}委员会"])
        add(f"{name}人民政府", "organ", [f"{name}政府"])
        add(f"{name}人大常委会", "organ", [f"{name}人民代表大会常务委员会"])
        add(f"{short}政协" if kind in "省市" else f"{name}政协", "organ",
            [f"中国人民政治协商会议{name}委员会"])
    return rows


# --------------------------------------------------------------------------- reading curated
def read_curated() -> list[dict]:
    rows = []
    with CURATED.open(encoding="utf-8") as fh:
        lines = [ln for ln in fh if not ln.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    for r in reader:
        r = {k: (v or "").strip() for k, v in r.items() if k}
        if not r.get("term"):
            continue
        if r["category"] not in CATEGORIES:
            raise SystemExit(f"curated.tsv: bad category {r['category']!r} for {r['term']!r}")
        r["_maybe"] = False
        rows.append(r)
    return rows


def source_keys() -> set[str]:
    text = SOURCES_MD.read_text(encoding="utf-8")
    return set(re.findall(r"`(src:[a-z0-9\-]+)`", text))


def auto_variants(term: str, category: str) -> list[str]:
    out = []
    if term.startswith("两个"):
        out.append("二" + term[1:])
    if "、" in term:
        out.append(term.replace("、", ""))
        out.append(term.replace("、", "，"))
    return out


# --------------------------------------------------------------------------- corpus work
def check_expansion(expansion: str, source: str) -> tuple[bool, str]:
    """Members of `expansion` must occur in order, the first on the cited line.

    `source` is `path:line` (members follow each other closely, as in a list) or
    `path:first-last` (members spread over a range of lines, e.g. one paragraph each).
    """
    from _corpus import load

    rel, _, lines = source.rpartition(":")
    t = load(rel)
    a, _, b = lines.partition("-")
    a = int(a)
    b = int(b) if b else None

    def line_end(ln: int) -> int:
        return t.offset_of_line(ln + 1) if ln < t.n_lines else len(t.flat)

    pos = t.offset_of_line(a)
    # first member on the cited line (a little slack for hard-wrapped PDF text)
    limit = line_end(a) + 40
    # members are 、-separated, or |-separated when a member itself contains 、 (两个确立)
    for m in expansion.split("|" if "|" in expansion else "、"):
        i = t.find(m, pos)
        if i < 0 or i > limit:
            return False, f"member {m!r} not found in order near {source}"
        pos = i + len(m)
        limit = line_end(b) if b else pos + 120
    return True, ""


class MediaIndex:
    """All media files concatenated, so one str.find answers 'first file containing X'."""

    def __init__(self, rels: list[str]):
        import bisect  # noqa: F401

        from _corpus import load

        self.rels = rels
        parts, self.starts = [], []
        n = 0
        for rel in rels:
            self.starts.append(n)
            f = load(rel).flat
            parts.append(f + "\x00")
            n += len(f) + 1
        self.flat = "".join(parts)

    def first(self, forms: list[str]) -> str | None:
        import bisect

        from _corpus import load

        best = None
        for f in forms:
            i = self.flat.find(f)
            if i >= 0 and (best is None or i < best):
                best = i
        if best is None:
            return None
        k = bisect.bisect_right(self.starts, best) - 1
        rel = self.rels[k]
        return f"{rel}:{load(rel).line_of(best - self.starts[k])}"


# Compounds made of a lexicon term and a generic verb or suffix (推动高质量发展, 放管服改革,
# 四个全面战略布局) are folded into that term as surface variants. Under leftmost-longest
# matching a separate entry hides the formulation itself: half of 高质量发展's occurrences in the
# work reports are 推动高质量发展, and keyness or trend counts of 高质量发展 would miss them.
# Cores naming an organ, meeting or document type are left alone (国有企业改革 is not 国有企业).
FOLD_PREFIXES = (
    "深入推进", "扎实推进", "全面推进", "积极推进", "大力推进", "深入实施", "全面实施", "全面落实",
    "坚定不移", "加快发展", "大力发展", "坚决打赢", "推动", "推进", "加快", "坚持", "实施", "深化",
    "落实", "贯彻", "加强", "促进", "打造", "发展", "构建", "建设", "实现", "打好", "打赢", "决胜",
    "维护",
)
# Historical formulations in their own right, though shaped like a verb plus a term.
FOLD_KEEP = frozenset({"建设有中国特色的社会主义", "全面建设小康社会", "全面建设社会主义现代化国家"})
FOLD_SUFFIXES = (
    "国家战略", "重大战略", "发展战略", "总体布局", "战略布局", "建设工程", "行动计划", "专项行动",
    "专项斗争", "专项整治", "改革", "建设", "战略", "工作", "发展", "行动", "工程", "政策",
)
FOLD_CORE_CATEGORIES = frozenset({"formulation", "policy", "campaign", "ideology"})


def fold_compounds(rows: list[dict]) -> tuple[list[dict], dict[str, str]]:
    """Fold generic compounds into their core term (see FOLD_PREFIXES); returns the rows kept
    and the mapping compound → core."""
    by_term = {r["term"]: r for r in rows}
    folded: dict[str, str] = {}
    for r in rows:
        t = r["term"]
        if t in MUST_HAVE or t in FOLD_KEEP or r.get("expansion"):
            continue
        cores = [t[len(p):] for p in FOLD_PREFIXES if t.startswith(p)]
        cores += [t[: -len(x)] for x in FOLD_SUFFIXES if t.endswith(x)]
        for core in cores:
            if len(core) >= 2 and core in by_term and by_term[core]["category"] in FOLD_CORE_CATEGORIES:
                folded[t] = core
                break

    def root(t: str) -> str:
        while t in folded:
            t = folded[t]
        return t

    for compound in folded:
        core_row = by_term[root(compound)]
        variants = [v for v in core_row.get("variants", "").split("|") if v]
        for v in [compound, *[v for v in by_term[compound].get("variants", "").split("|") if v]]:
            if v not in variants:
                variants.append(v)
        core_row["variants"] = "|".join(variants)
    return [r for r in rows if r["term"] not in folded], {c: root(c) for c in folded}


def build() -> int:
    sys.path.insert(0, str(HERE))
    from _corpus import gov_report_files, load, media_files, official_files

    keys = source_keys()
    rows = read_curated()
    # a curated row that is only an automatic variant of another term (双随机一公开 of
    # 双随机、一公开) is folded into that term instead of standing on its own
    auto_of = {v: r["term"] for r in rows for v in auto_variants(r["term"], r["category"])}
    rows = [r for r in rows if r["term"] not in auto_of or r["term"] in MUST_HAVE]
    seen = {r["term"] for r in rows}
    for g in generated_rows():
        if g["term"] not in seen:
            rows.append(g)
            seen.add(g["term"])

    rows, folded = fold_compounds(rows)
    with (HERE / "folded.tsv").open("w", encoding="utf-8", newline="") as fh:
        fh.write("# compound\tfolded into (as a surface variant); see FOLD_PREFIXES in build_lexicon.py\n")
        fh.writelines(f"{c}\t{core}\n" for c, core in sorted(folded.items()))

    years = [(y, load(rel)) for y, rel in gov_report_files()]
    official = [load(rel) for rel in official_files()]
    media = MediaIndex(media_files())
    errors: list[str] = []
    out: list[dict] = []
    dropped: list[str] = []
    for r in rows:
        term, cat = r["term"], r["category"]
        if re.search(r"\s", term):
            errors.append(f"whitespace in term {term!r}")
            continue
        variants = [v for v in r.get("variants", "").split("|") if v]
        for v in auto_variants(term, cat):
            if v not in variants and v != term:
                variants.append(v)
        variants = [v for v in variants if v not in seen or v == term]  # never shadow another term
        forms = [term, *variants]

        first_year, year_hit = "", None
        for y, t in years:
            for f in forms:
                i = t.find(f)
                if i >= 0:
                    first_year, year_hit = str(y), f"{t.rel}:{t.line_of(i)}"
                    break
            if first_year:
                break
        attest = year_hit
        if attest is None:
            for t in official:
                for f in forms:
                    i = t.find(f)
                    if i >= 0:
                        attest = f"{t.rel}:{t.line_of(i)}"
                        break
                if attest:
                    break
        if attest is None:
            attest = media.first(forms)

        expansion = r.get("expansion", "")
        source = r.get("source", "")
        verified = r.get("verified", "")
        if expansion:
            if not source:
                errors.append(f"{term}: expansion without source")
            elif source.startswith("src:"):
                if source not in keys:
                    errors.append(f"{term}: source {source} not described in sources.md")
                verified = verified or "no"
            else:
                ok, why = check_expansion(expansion, source)
                if not ok:
                    errors.append(f"{term}: {why}")
                verified = "yes" if ok else "no"
        else:
            if source.startswith("src:") and source not in keys:
                errors.append(f"{term}: source {source} not described in sources.md")
            if not source:
                source = attest or ""
            if not source:
                if r.get("_maybe"):  # generated session not (yet) held
                    dropped.append(term)
                    continue
                source = "curated"
            verified = "yes" if (attest or first_year) else "no"
        if term in MUST_HAVE and not source:
            source = "curated"
        out.append({
            "term": term, "category": cat, "pos": r.get("pos") or default_pos(term, cat),
            "expansion": expansion, "variants": "|".join(variants), "first_year": first_year,
            "source": source, "verified": verified,
        })

    missing = [t for t in MUST_HAVE if t not in {o["term"] for o in out}]
    if missing:
        errors.append(f"must-have terms missing: {missing}")
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 1
    out.sort(key=lambda o: (CATEGORY_ORDER[o["category"]], o["term"]))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=HEADER, delimiter="\t", lineterminator="\n",
                           quoting=csv.QUOTE_NONE, escapechar=None)
        w.writeheader()
        w.writerows(out)
    print(f"wrote {len(out)} rows to {OUT.relative_to(REPO)}; dropped {len(dropped)} unattested")
    if dropped:
        (HERE / "dropped.txt").write_text("\n".join(dropped) + "\n", encoding="utf-8")
    summary(out)
    return check()


def summary(rows: list[dict]) -> None:
    c = Counter(r["category"] for r in rows)
    print("per category:", ", ".join(f"{k} {c[k]}" for k in CATEGORIES))
    ex = [r for r in rows if r["expansion"]]
    print(f"expansions: {len(ex)}, verified: {sum(r['verified'] == 'yes' for r in ex)}")
    print(f"with first_year: {sum(bool(r['first_year']) for r in rows)}")


# --------------------------------------------------------------------------- check
def check(path: Path = OUT) -> int:
    problems: list[str] = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        rows = list(reader)
    if header != HEADER:
        problems.append(f"header {header} != {HEADER}")
    terms: set[str] = set()
    all_forms: dict[str, str] = {}
    for n, row in enumerate(rows, start=2):
        if len(row) != len(HEADER):
            problems.append(f"line {n}: {len(row)} fields")
            continue
        r = dict(zip(HEADER, row))
        t = r["term"]
        if not t or re.search(r"\s", t):
            problems.append(f"line {n}: empty term or whitespace in {t!r}")
        if t in terms:
            problems.append(f"line {n}: duplicate term {t!r}")
        terms.add(t)
        if r["category"] not in CATEGORIES:
            problems.append(f"line {n}: bad category {r['category']!r}")
        if not re.fullmatch(r"[a-z]{1,3}", r["pos"]):
            problems.append(f"line {n}: bad pos {r['pos']!r}")
        if r["first_year"] and not (r["first_year"].isdigit() and 1954 <= int(r["first_year"]) <= 2025):
            problems.append(f"line {n}: bad first_year {r['first_year']!r}")
        if r["verified"] not in ("yes", "no"):
            problems.append(f"line {n}: verified must be yes/no, got {r['verified']!r}")
        if r["expansion"] and not r["source"]:
            problems.append(f"line {n}: expansion without source")
        for v in filter(None, r["variants"].split("|")):
            if re.search(r"\s", v) or v == t:
                problems.append(f"line {n}: bad variant {v!r}")
            if v in all_forms and all_forms[v] != t:
                problems.append(f"line {n}: variant {v!r} also belongs to {all_forms[v]!r}")
            all_forms[v] = t
    for v, owner in all_forms.items():
        if v in terms:
            problems.append(f"variant {v!r} of {owner!r} is also a term")
    if len(rows) < 1500:
        problems.append(f"only {len(rows)} rows (< 1500)")
    missing = [t for t in MUST_HAVE if t not in terms]
    if missing:
        problems.append(f"must-have terms missing: {missing}")
    cats = Counter(r[1] for r in rows if len(r) > 1)
    for c in CATEGORIES:
        if not cats[c]:
            problems.append(f"category {c} has no rows")
    if problems:
        print("CHECK FAILED:\n  " + "\n  ".join(problems[:50]), file=sys.stderr)
        return 1
    print(f"check ok: {len(rows)} rows, " + ", ".join(f"{c} {cats[c]}" for c in CATEGORIES))
    return 0


# --------------------------------------------------------------------------- mining
QUOTED = re.compile(r"[“\"「]([\u4e00-\u9fff、·]{2,16})[”\"」]")
NUMERIC = re.compile(
    r"(?<![\u4e00-\u9fff])?((?:[一二两三四五六七八九十百千万]+(?:个|大|项|条|种|类|点|支|批|张|场|为|有|不|要|好|化|型|基|通|保|稳|新|高|区|线)"
    r"[\u4e00-\u9fff]{1,4}))")
COMPACT = re.compile(r"([一二两三四五六七八九十百千万双][\u4e00-\u9fff][一二两三四五六七八九十百千万双][\u4e00-\u9fff])")
THUOCL_SUFFIX = re.compile(r"(委员会|战略|工程|制度|体制|改革|政策|会议|主义|思想|理论|规划|纲要|条例|总局|部门)$")


def mine() -> int:
    """Write candidates.tsv: quoted spans, numeral formulations, compact forms, THUOCL terms
    with political suffixes — each with its count in official texts and in media texts.
    Candidates already in lexicon.tsv are skipped. This is input for curation, not output."""
    sys.path.insert(0, str(HERE))
    from _corpus import corpus_root, gov_report_files, load, media_files, official_files

    known = set()
    if OUT.exists():
        with OUT.open(encoding="utf-8") as fh:
            for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                known.add(r["term"])
                known.update(filter(None, r["variants"].split("|")))
    off = [rel for _, rel in gov_report_files()] + official_files()
    med = media_files()
    counts = {"quoted": Counter(), "numeric": Counter(), "compact": Counter()}
    where = {}
    root = corpus_root()
    for group, rels in (("O", off), ("M", med)):
        for rel in rels:
            # quotation marks are kept here (load().flat drops them): quoted spans are candidates
            flat = re.sub(r"\s+", "", (root / rel).read_text(encoding="utf-8", errors="replace"))
            for kind, rx in (("quoted", QUOTED), ("numeric", NUMERIC), ("compact", COMPACT)):
                for m in rx.finditer(flat):
                    s = m.group(1)
                    if kind == "compact" and (s[1] in NUMERAL_CHARS or s[3] in NUMERAL_CHARS):
                        continue  # 一九五八, 一个五年 …
                    counts[kind][(s, group)] += 1
                    where.setdefault(s, rel)
    thuocl = Counter()
    tdir = REPO.parent / "shared" / "lexicons" / "thunlp_THUOCL"
    if not tdir.is_dir():
        tdir = Path("/work/shared/lexicons/thunlp_THUOCL")
    gov = "".join(load(rel).flat for _, rel in gov_report_files())
    for name in ("THUOCL_law.txt", "THUOCL_caijing.txt"):
        p = tdir / name
        if not p.exists():
            continue
        for line in p.read_text(encoding="utf-8").splitlines():
            w = line.split("\t")[0].strip()
            if len(w) >= 4 and THUOCL_SUFFIX.search(w):
                n = gov.count(w)
                if n >= 3:
                    thuocl[w] = n
    rows = []
    for kind, c in counts.items():
        agg: dict[str, list[int]] = {}
        for (s, g), n in c.items():
            agg.setdefault(s, [0, 0])[0 if g == "O" else 1] += n
        min_total = 3 if kind == "quoted" else 5
        for s, (o, m) in agg.items():
            if s in known or o + m < min_total:
                continue
            rows.append((kind, s, o, m, where.get(s, "")))
    for w, n in thuocl.items():
        if w not in known:
            rows.append(("thuocl", w, n, 0, "THUOCL"))
    rows.sort(key=lambda r: (r[0], -(r[2] * 5 + r[3])))
    dest = HERE / "candidates.tsv"
    with dest.open("w", encoding="utf-8") as fh:
        fh.write("kind\tcandidate\tcount_official\tcount_media\tfirst_file\n")
        for r in rows:
            fh.write("\t".join(map(str, r)) + "\n")
    print(f"wrote {len(rows)} candidates to {dest.relative_to(REPO)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("command", nargs="?", default="build", choices=["build", "mine", "check"])
    ap.add_argument("--check", action="store_true", help="only validate lexicon.tsv")
    a = ap.parse_args(argv)
    if a.check or a.command == "check":
        return check()
    if a.command == "mine":
        return mine()
    return build()


if __name__ == "__main__":
    sys.exit(main())
