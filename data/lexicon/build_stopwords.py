#!/usr/bin/env python
"""Build src/policytext/resources/stopwords.txt.

    python data/lexicon/build_stopwords.py          # rebuild (needs ../shared/lexicons)
    python data/lexicon/build_stopwords.py --check  # validate the shipped file only

Input: the union of the four lists in goto456/stopwords (github.com/goto456/stopwords, copied
to ../shared/lexicons/goto456_stopwords: cn_stopwords, hit_stopwords (哈工大), baidu_stopwords
(百度), scu_stopwords (四川大学)), plus the political-prose fillers below.

Filters (enforced by assertions on the output):
  * only words written entirely in CJK characters (punctuation, Latin, digits, ［①ａ］ junk go);
  * NEVER an enumeration marker or numeral: no word made only of 一二三四五六七八九十百千万两零〇…,
    no 第X / X是 / X要 / X来 / X则 / 其X / 一方面 / 另一方面, no 首先 其次 再次 最后 然后 之后 此外
    (outline and inline-enumeration extraction depend on them — and DESIGN.md says extraction runs
    on text, but a tokenizer user may still filter tokens, so the list must not eat them);
  * no content words of political prose (发展, 改革, 建设, 人民, 坚持 … see KEEP_OUT): the goto456
    lists were made for general text and would delete them.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
OUT = REPO / "src" / "policytext" / "resources" / "stopwords.txt"

NUMERAL_CHARS = "一二三四五六七八九十百千万两零〇○壹贰叁肆伍陆柒捌玖拾廿卅"
_N = f"[{NUMERAL_CHARS}]"
FORBIDDEN = [
    re.compile(rf"^{_N}+$"),                      # 一, 十, 两, 一百, 〇 …
    re.compile(rf"^第{_N}*$"),                     # 第, 第一, 第二 …
    re.compile(rf"^{_N}+(是|要|来|则|者|曰|方面|则是|是要|要是)$"),  # 一是 二要 一来 一则 …
    re.compile(rf"^其{_N}+$"),                     # 其一 其二
    re.compile(rf"^另?{_N}方面$"),                 # 一方面 另一方面
    re.compile(r"[0-9０-９]"),                     # Arabic digits anywhere
    re.compile(r"^(首先|其次|再次|再者|最后|最後|然后|然後|之后|此外|其后|随后|末了|接着|继而|第|"
               r"再其次|再则|再有|再者说|另方面|接下来|紧接着|一面|一边|一则通过)$"),
]

# Political-prose fillers: intensifiers, light verbs, forms of address, hedges.
POLITICAL_FILLERS = """
进一步 切实 认真 大力 积极 努力 不断 着力 深入 扎实 全力 坚决 有效 有力 更加 更好 广泛 充分 始终
持续 稳步 逐步 加以 予以 给予 进行 开展 作出 做出 做好 抓好 搞好 抓紧 抓实 抓细 务必 务求 确保
切实加强 进一步加强 认真贯彻 认真落实 认真做好 大力推进 积极推进 深入推进 扎实推进 着力推进
不断提高 不断增强 不断完善 进一步提高 进一步完善 努力实现 切实做好 高度重视 高度 重视
各位代表 各位委员 同志们 女士们 先生们 朋友们 各位 大家 在座 在座各位 代表们
总的来看 总的来说 总体来看 总体上 总之 总而言之 可以说 应该说 必须指出 需要指出 值得注意
我们要 我们必须 我们一定要 要坚持 要把 要加强 要以 要在 要进一步 一定要 必须 必将 一道
不仅 而且 同时 以及 并且 进而 从而 因此 为此 对此 据此 由此 与此同时 在此基础上 在此
方面 领域 方式 环节 层面 过程中 当中 之中 之间 其中 有关 相关 各项 各类 各种 各个 各级 广大
当前 目前 今年 去年 明年 今后 近年来 多年来 长期以来 一段时间以来 新的一年
""".split()

# Content words that general stopword lists contain but political analysis needs.
KEEP_OUT = set("""
发展 改革 建设 经济 社会 政治 人民 国家 工作 问题 政策 制度 安全 领导 群众 党 政府 文化 民主 法治
创新 开放 市场 企业 农村 农民 城市 教育 科技 生态 环境 历史 世界 中国 全国 中央 地方 国际 国内
重大 重要 主要 基本 根本 全面 深化 推进 加强 坚持 实现 提高 完善 健全 落实 贯彻 推动 促进 保障 维护
加快 扩大 巩固 构建 形成 增强 保持 稳定 团结 统一 斗争 革命 思想 理论 路线 方针 原则 任务 目标
战略 规划 计划 任务 成绩 成就 困难 矛盾 风险 挑战 机遇 形势 质量 效益 效率 速度 水平 能力 作风
纪律 监督 腐败 廉政 服务 管理 治理 法律 法规 生产 生活 就业 收入 消费 投资 外贸 出口 进口 财政
金融 货币 税收 价格 农业 工业 科学 技术 人才 干部 党员 组织 机关 部门 单位 基层 中心 核心 意识
精神 主义 社会主义 共产主义 现代化 小康 复兴 梦想 美好 幸福 公平 正义 自由 平等 和平 合作 共赢
和谐 文明 富强 胜利 成功 失败 错误 正确 先进 落后 新时代 时代 未来 明天 人们 国家们 全体
反对 拥护 支持 依靠 依法 依照 按照 根据 遵照 自力更生 艰苦奋斗 实事求是
严格 严重 丰富 个人 中小 不力 不满 上升 了解 争取 产生 从严 从宽 从轻 从重 从优 伟大 企图 共同 具体
决定 准备 前进 加入 反应 反映 召开 合理 周围 处理 复杂 存在 完成 实际 宣布 密切 巨大 帮助 广大 强调
彻底 总结 成为 战斗 掌握 方便 明显 明确 显著 普通 普遍 最大 最高 有利 欢迎 正常 注意 满足 特殊 特点
现代 直接 确定 移动 突出 举行 敢于 应用 双方 全部 整个 相同 相反 时候 意思 知道 相信 心里 主张
规定 转变 限制 集中 进步
""".split())


def _is_cjk_word(w: str) -> bool:
    return bool(w) and all("\u4e00" <= ch <= "\u9fff" or ch in "〇" for ch in w)


def forbidden(w: str) -> bool:
    return any(rx.search(w) for rx in FORBIDDEN)


def lexicon_dir() -> Path:
    for cand in (REPO.parent / "shared" / "lexicons" / "goto456_stopwords",
                 Path("/work/shared/lexicons/goto456_stopwords")):
        if cand.is_dir():
            return cand
    raise SystemExit("goto456_stopwords not found (../shared/lexicons/goto456_stopwords)")


def build() -> int:
    src = lexicon_dir()
    names = ["cn_stopwords.txt", "hit_stopwords.txt", "baidu_stopwords.txt", "scu_stopwords.txt"]
    base: set[str] = set()
    for name in names:
        for line in (src / name).read_text(encoding="utf-8").splitlines():
            w = line.strip()
            if _is_cjk_word(w):
                base.add(w)
    stats = {"goto456_cjk": len(base)}
    removed_enum = sorted(w for w in base if forbidden(w))
    removed_content = sorted(w for w in base if w in KEEP_OUT)
    words = {w for w in base if not forbidden(w) and w not in KEEP_OUT}
    fillers = [w for w in POLITICAL_FILLERS if not forbidden(w) and w not in KEEP_OUT]
    words.update(fillers)
    stats.update(removed_enumeration=len(removed_enum), removed_content=len(removed_content),
                 political_fillers=len(set(fillers)), total=len(words))
    header = [
        "# policytext political-prose stopword list — built by data/lexicon/build_stopwords.py",
        "# Sources: goto456/stopwords (cn, hit 哈工大, baidu 百度, scu 四川大学; CJK-only entries),",
        "#          plus political-prose fillers (进一步, 切实, 各位代表, 同志们 …).",
        "# Never contains numerals or enumeration markers (一 二 两 第一 一是 首先 其次 最后 …):",
        "# apply it after outline and slogan extraction, never before.",
        f"# {len(words)} words. One per line; lines starting with # are comments.",
    ]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(header + sorted(words)) + "\n", encoding="utf-8")
    print(stats)
    print("removed enumeration/numeral entries:", " ".join(removed_enum))
    print("removed content words:", " ".join(removed_content))
    return check()


def check(path: Path = OUT) -> int:
    words = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    bad = [w for w in words if forbidden(w)]
    assert not bad, f"enumeration markers / numerals in stopwords: {bad}"
    for must_not in ("首先", "其次", "再次", "最后", "第一", "第二", "一是", "二是", "其一", "一", "二",
                     "两", "十", "零", "〇", "发展", "改革"):
        assert must_not not in words, must_not
    assert len(set(words)) == len(words), "duplicates"
    assert all(_is_cjk_word(w) for w in words), "non-CJK entry"
    for must in ("进一步", "切实", "认真", "各位代表", "同志们", "的", "了"):
        assert must in words, must
    print(f"stopwords check ok: {len(words)} words")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="build the political stopword list")
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args(argv)
    return check() if a.check else build()


if __name__ == "__main__":
    sys.exit(main())
