"""Metadata (docvars) found in a document's opening lines or its file name.

Title, date, year, genre, speaker, region and doubts. Each field may be None; the rules prefer
saying nothing to guessing wrong: a salutation (各位代表：) or an addressee line (主送机关,
各省、自治区、直辖市人民政府：) is not a title, a number in the body is not a date, 2024年2月30日 is
not a date at all.

``doubts`` lists, in words, what the head and the file name disagree on (a file named
``2020.txt`` whose header is dated 2021, a date that is not in the calendar). The header wins;
the doubt says so, so that a table built on ``year`` can be checked.
"""

from __future__ import annotations

import datetime
import re
from pathlib import PurePath
from typing import Any

from .clean import without_page_chrome
from .numerals import ascii_digits, chinese_digit_string, parse_numeral

__all__ = ["GENRES", "PROVINCES", "PROVINCES_EN", "extract_metadata", "genre_of",
           "is_addressee_line", "is_person_name", "parse_date", "province_in_english",
           "region_of"]

#: Genre keywords, matched at the end of the title (longest first).
GENRES = (
    "工作报告", "讲话", "报告", "公报", "决议", "意见", "通知", "方案", "办法", "条例", "决定",
    "规划", "章程", "纲要", "规定", "细则", "通报", "批复", "致辞", "贺词", "演讲", "发言",
    "讲稿", "公告", "通告", "函", "纪要", "建议", "说明", "宪法", "法",
)
_GENRE_OF = {"工作报告": "报告", "贺词": "致辞", "讲稿": "讲话", "演讲": "讲话"}

#: The 34 province-level units: short name (the ``region`` value) → official full name.
PROVINCES: dict[str, str] = {
    "北京": "北京市", "天津": "天津市", "上海": "上海市", "重庆": "重庆市",
    "河北": "河北省", "山西": "山西省", "辽宁": "辽宁省", "吉林": "吉林省", "黑龙江": "黑龙江省",
    "江苏": "江苏省", "浙江": "浙江省", "安徽": "安徽省", "福建": "福建省", "江西": "江西省",
    "山东": "山东省", "河南": "河南省", "湖北": "湖北省", "湖南": "湖南省", "广东": "广东省",
    "海南": "海南省", "四川": "四川省", "贵州": "贵州省", "云南": "云南省", "陕西": "陕西省",
    "甘肃": "甘肃省", "青海": "青海省", "台湾": "台湾省",
    "内蒙古": "内蒙古自治区", "广西": "广西壮族自治区", "西藏": "西藏自治区",
    "宁夏": "宁夏回族自治区", "新疆": "新疆维吾尔自治区",
    "香港": "香港特别行政区", "澳门": "澳门特别行政区",
}
_FULL_TO_SHORT = {full: short for short, full in PROVINCES.items()}
#: English names of the province-level units, as the regional tables of the English edition of
#: the China Statistical Yearbook (National Bureau of Statistics) write them.
PROVINCES_EN: dict[str, str] = {
    "北京": "Beijing", "天津": "Tianjin", "上海": "Shanghai", "重庆": "Chongqing",
    "河北": "Hebei", "山西": "Shanxi", "辽宁": "Liaoning", "吉林": "Jilin",
    "黑龙江": "Heilongjiang", "江苏": "Jiangsu", "浙江": "Zhejiang", "安徽": "Anhui",
    "福建": "Fujian", "江西": "Jiangxi", "山东": "Shandong", "河南": "Henan", "湖北": "Hubei",
    "湖南": "Hunan", "广东": "Guangdong", "海南": "Hainan", "四川": "Sichuan", "贵州": "Guizhou",
    "云南": "Yunnan", "陕西": "Shaanxi", "甘肃": "Gansu", "青海": "Qinghai", "台湾": "Taiwan",
    "内蒙古": "Inner Mongolia", "广西": "Guangxi", "西藏": "Tibet", "宁夏": "Ningxia",
    "新疆": "Xinjiang", "香港": "Hong Kong", "澳门": "Macao",
}
# full names, and short names directly followed by a provincial organ (山东省委 is 山东省+委;
# 广西区委, 新疆自治区党委 use the short name)
_PROVINCE_NAME = re.compile(
    "(" + "|".join(sorted(PROVINCES.values(), key=len, reverse=True)) + ")"
    + "|(" + "|".join(sorted(PROVINCES, key=len, reverse=True)) + ")(?=自治区|区委|区党委|区人民政府)"
)

_DIGIT = r"[0-9０-９]"
_SP = r"[ \u3000]?"
_CN_NUM = "〇○零Ｏ一二三四五六七八九"

# 1990年3月20日, １９９０年３月２０日, 1 9 9 0 年 3 月, 一九七〇年一月十三日
_DATE_ARABIC = re.compile(
    rf"((?:{_DIGIT}{_SP}){{3}}{_DIGIT}){_SP}年{_SP}(?:((?:{_DIGIT}{_SP})?{_DIGIT}){_SP}月"
    rf"(?:{_SP}((?:{_DIGIT}{_SP})?{_DIGIT})(?:{_SP}[－\-–—~～至]{_SP}[0-9０-９]{{1,2}})?{_SP}日)?)?"
)  # a day range (9月25－28日, 6-8日) gives its first day
_DATE_CHINESE = re.compile(
    rf"([{_CN_NUM}]{{4}})年(?:([一二三四五六七八九十]{{1,3}})月(?:([一二三四五六七八九十]{{1,3}})日)?)?"
)
_FILENAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01]))?(?!\d)")

_SALUTATION = re.compile(r"^(各位代表|同志们|代表们|各位委员|女士们|先生们|朋友们|亲爱的|尊敬的)")
_SALUTATION_AHEAD = r"(?=同志们|代表们|各位|女士们|先生们|朋友们|亲爱的|尊敬的|$)"
# 主送机关 (addressee) lines open many 公文: 各省、自治区、直辖市人民政府，国务院各部委：
_ADDRESSEE = re.compile(
    r"^(?:各|有关|国务院各|省政府各|市政府各|[\u4e00-\u9fff]{0,12}(?:人民政府|委员会|部门|单位|党委)[，、,])"
    r".{0,160}[：:]$"
)
_DATE_LINE = re.compile(r"^(?:[—－\-─―]{1,3}|[（(])")


def is_addressee_line(line: str) -> bool:
    """Whether ``line`` is the 主送机关 (addressee) line of a 公文: the organs it is sent to,
    ending in a colon (各省、自治区、直辖市人民政府，国务院各部委、各直属机构：).

    >>> is_addressee_line("各省、自治区、直辖市人民政府，国务院各部委、各直属机构："), is_addressee_line("各位代表：")
    (True, False)
    """
    line = line.strip()
    return bool(_ADDRESSEE.match(line)) and not _SALUTATION.match(line)
_ROLES = (r"(?:国务院总理|国务院副总理|中共中央总书记|总书记|国家主席|主席|总理|委员长|书记|副书记|"
          r"省长|市长|县长|区长|部长|主任|同志)")
_SPEAKER_TITLE = re.compile(
    _ROLES + r"[ \u3000]*([\u4e00-\u9fff](?:[ \u3000]?[\u4e00-\u9fff]){1,3}"
    r"|[\u4e00-\u9fff]{1,6}[·・•．][\u4e00-\u9fff]{1,8})$"
)
# 山东省省长周乃翔作政府工作报告, 省长王清宪代表省人民政府向大会作报告 ("所作" belongs to the
# hearer's sentence in a resolution: 听取了总理李克强所作的报告; it is not matched)
_SPEAKER_ACTS = re.compile(
    r"(?:省长|市长|主席|总理)[ \u3000]*([\u4e00-\u9fff]{2,3}?)(?:同志)?"
    r"(?=作(?:政府)?工作报告|作报告|向大会作|代表(?:[省市区]|自治区)?(?:人民)?政府)"
)
# 龚正市长在上海市第十六届人民代表大会…, 周乃翔省长作政府工作报告 (name first, at line start)
_NAME_THEN_ROLE = re.compile(
    r"^([\u4e00-\u9fff]{2,3}?)(?:代)?(?:省长|市长|主席|总理)(?=在.{2,20}人民代表大会|作(?:政府)?工作报告|作报告|代表)"
)
_NAME = r"[\u4e00-\u9fff](?:[ \u3000]?[\u4e00-\u9fff]){1,2}"
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左"
    "柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶牟"
    "穆卓缪岑窦戚景宫卜晏卫柏瞿桂佟臧闵苟邬卞姬仇栾隋商刁沙荣巫寇桑郎甄仲虞敖巩佘查邝谌奚粟冼"
    "蔺厉仝郜阚朴廉禹漆狄晁芮扈阎鄂薄乌习胥冀郁荆鞠匡储栗鄢楼"
)
_COMPOUND_SURNAMES = frozenset({"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙",
                                "慕容", "长孙", "宇文", "司徒", "夏侯", "令狐", "端木", "司空"})
# characters that do not occur in the given name of a speaker but do in headline fragments
#: Characters of no given name, and those a headline puts after a name (访华, 在京, 讲话)
_FUNCTION_CHARS = r"[的了在是和与及等说表示]"
_HEADLINE_CHARS = "会讲话电称号长员委部司局处省市县区国出席访问举行逝世病见京华党团"
_NOT_IN_NAMES = _FUNCTION_CHARS[:-1] + _HEADLINE_CHARS + "]"
#: A name written in Chinese characters from another script: parts joined by a middle dot
_TRANSLITERATED = re.compile(r"[\u4e00-\u9fff]{1,6}[·・•．][\u4e00-\u9fff]{1,8}")
#: Syllables of Tibetan personal names (嘎玛泽登, 洛桑江村, 白玛赤林, 向巴平措)
_TIBETAN_SYLLABLES = frozenset("""
扎西 次仁 格桑 洛桑 嘎玛 泽登 白玛 赤林 向巴 平措 多吉 达瓦 尼玛 罗布 旺堆 顿珠 索朗 央金 卓玛
拉巴 普布 群培 强巴 丹增 边巴 巴桑 德吉 仁青 加措 才让 拉姆 江村 坚参 土登 旦增 次旦 益西 贡嘎
曲珍 桑珠 阿旺 赤列 列确 热地 多杰 才旦 仁增 措姆
""".split())
_ROLE_WORDS = frozenset({"外长", "部长", "主席", "总理", "书记", "同志", "先生", "女士", "代表", "委员"})
_TITLE_SPEAKER = re.compile(
    r"(?:^|[ \u3000—─])([\u4e00-\u9fff]{2,4}?)(?:同志)?(?:副?总理|副?主席|委员长|副?市长|副?省长|副?部长|"
    r"总书记|书记)?(?:在[^ \u3000]{2,40}?(?:上|时))?的(?:书面)?(?:讲话|致辞|发言|报告|贺词|演讲)"
    r"(?:[ \u3000]*[（(][^（）()]*[）)])?$"
)
_SPACED_NAME = re.compile(r"^[\u4e00-\u9fff](?:[ \u3000]+[\u4e00-\u9fff]){1,3}$")
_SECTION_WORDS = frozenset({"总纲", "目录", "附则", "前言", "序言", "正文", "引言", "结语", "附件",
                            "总则", "分则", "说明", "摘要", "提要", "概述", "背景"})
_DATE_ONLY = re.compile(r"^[（(]?[0-9０-９〇○零一二三四五六七八九十 \u3000]{4,}年[0-9０-９一二三四五六七八九十 \u3000]{1,3}月(?:[0-9０-９一二三四五六七八九十 \u3000]{1,3}日)?[）)]?$")
_NOT_NAMES = frozenset({*GENRES, *_SECTION_WORDS, "全文", "节选", "草案", "修订", "实录", "文字实录",
                        "讲话稿", "定稿", "初稿", "终稿", "修改稿"})
_OUTLINE_START = re.compile(r"^(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、]|第[一二三四五六七八九十]+[章节条部])")
# a title that names a provincial issuer or venue: 山东省人民政府关于…, 2023年山东省政府工作报告,
# 中共山东省委…, 山东省工业和信息化厅关于印发…; a headline such as 青海省畜产品出口增长 does not
_ISSUER_TITLE = re.compile(
    r"^(?:[0-9０-９〇○一二三四五六七八九零]{4}年(?:度)?)?(?:中共)?(?:" + "|".join(
        sorted([*PROVINCES.values(), *PROVINCES], key=len, reverse=True)) + r")"
    r"(?:[\u4e00-\u9fff]{0,16}?(?:人民政府|政府|委员会|党委|省委|市委|区委|人大常委会|人民代表大会|办公厅|厅|局|行政长官))?"
    r"[0-9０-９〇○一二三四五六七八九零年度]{0,6}"
    r"(?:关于|印发|办公厅|(?:政府)?工作报告|施政报告|令|公告|通告|第[一二三四五六七八九十]+届)"
)
_ISO_DATE = re.compile(r"(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s*")
# two-character words ending in a character that otherwise marks a cut sentence (…方向 is a
# complete title, …坚持和 is not)
_WORD_ENDINGS = frozenset({"方向", "导向", "走向", "倾向", "意向", "取向", "指向", "动向", "去向",
                           "转向", "行为", "作为", "有为", "存在", "现在", "所在", "实在", "应对",
                           "面对", "参与", "普及", "涉及", "于是", "总是", "就是", "但是", "目的",
                           "标的", "和平", "共和", "缓和", "融和", "总和", "调和", "未了", "罢了"})
_TITLE_STOP = re.compile(r"[。！？；]")
_WIRE_PREFIX = re.compile(r"^(?:新华社|人民日报|中新社|央视网消息)[\u4e00-\u9fff]{0,8}?\d{1,2}月\d{1,2}日电[ \u3000]*")
# A speech head run together on one line: TITLE（2020年1月8日[，北京]）[ROLE ]NAME同志们：…
_RUN_ON_HEAD = re.compile(
    r"^(?P<title>[^（(。！？]{4,90}?)[ \u3000]*[（(](?P<date>[^（）()]{6,16}日)(?:[，,、 \u3000]*[\u4e00-\u9fff]{2,8})?[）)]"
    r"[ \u3000]*(?P<rest>.*)$"
)


def parse_date(text: str) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) of the first date in ``text``; missing parts are None.

    A date that is not in the calendar (2024年2月30日, 2023年13月1日) is no date: the result is
    ``(None, None, None)`` unless a later date in ``text`` is valid.

    Examples
    --------
    >>> parse_date("——２０２４年３月５日在第十四届全国人民代表大会第二次会议上")
    (2024, 3, 5)
    >>> parse_date("2024年2月30日")
    (None, None, None)
    """
    for m in _DATE_ARABIC.finditer(text):
        year = int(_digits(m.group(1)))
        month = int(_digits(m.group(2))) if m.group(2) else None
        day = int(_digits(m.group(3))) if m.group(3) else None
        if _valid(year, month, day):
            return year, month, day
    for m in _DATE_CHINESE.finditer(text):
        year = chinese_digit_string(m.group(1).replace("Ｏ", "〇"))
        month = _cn_small(m.group(2)) if m.group(2) else None
        day = _cn_small(m.group(3)) if m.group(3) else None
        if _valid(year, month, day):
            return year, month, day
    return None, None, None


def genre_of(title: str | None) -> str | None:
    """Genre from the end of a title (讲话, 报告, 公报, 意见, 通知…), or None."""
    if not title:
        return None
    core = re.sub(r"[（(][^（）()]*[）)]$", "", title.strip()).rstrip("》”\"' \u3000")
    core = re.sub(r"[（(].*$", "", core) if not core else core
    for g in GENRES:
        if core.endswith(g):
            return _GENRE_OF.get(g, g)
    # 在…会议上的讲话 often precedes a qualifier: "讲话（摘要）", "讲话提纲"
    for g in ("讲话", "报告", "公报", "决议", "意见", "通知", "方案", "办法"):
        if g in core[-8:]:
            return g
    return None


def province_in_english(label: Any) -> str | None:
    """The English name of the province-level unit ``label`` names, or None: a short name
    (上海), a full name (广西壮族自治区) or a file name that is one (上海市.txt, the ``doc_id`` of
    a folder of provincial reports)."""
    if not isinstance(label, str):
        return None
    name = PurePath(label).stem if "." in label else label
    short = name if name in PROVINCES else _FULL_TO_SHORT.get(name)
    return PROVINCES_EN.get(short) if short else None


def region_of(text: str | None, *, anywhere: bool = False) -> str | None:
    """Short name of the province-level unit that ``text`` starts with (or names, ``anywhere``).

    ``山东省人民政府关于…`` → ``山东``; ``广西壮族自治区…`` → ``广西``; ``2023年山东省政府工作报告``
    → ``山东``. Only the full name (山东省, 北京市, 新疆维吾尔自治区) or a short name directly
    before 自治区/区委 counts: 海南藏族自治州 (in 青海) is not 海南, 吉林市 is not read.
    By default the name must open the text (after an optional year), because a central
    document may name a province later in its title (国务院关于支持福建…的意见 is not
    Fujian's document).

    Examples
    --------
    >>> region_of("内蒙古自治区人民政府关于印发…的通知"), region_of("国务院关于支持福建…的意见")
    ('内蒙古', None)
    """
    if not text:
        return None
    if anywhere:
        m = _PROVINCE_NAME.search(text)
    else:
        m = _PROVINCE_NAME.match(re.sub(r"^[0-9０-９〇○一二三四五六七八九零]{4}年(?:度)?", "", text.strip()))
    if not m:
        return None
    return _FULL_TO_SHORT[m.group(1)] if m.group(1) else m.group(2)


def extract_metadata(text: str, *, path: str | None = None, max_lines: int = 12) -> dict[str, Any]:
    """Docvars from the opening lines (and closing signature) of a text and its file name.

    Parameters
    ----------
    text
        Cleaned document text.
    path
        The file name is a fallback for the year (``2020.txt``, ``20240315.md``,
        ``1990政府工作报告_李鹏.txt``) and the speaker (``…_李鹏``).
    max_lines
        Non-empty opening lines read.

    Returns
    -------
    dict
        ``title`` (str or None), ``date`` (ISO ``YYYY-MM-DD`` or None; the delivery date of a
        speech — the date in parentheses under or after its title — rather than a later
        publication date), ``year`` (int or None; the header's year wins over the file
        name's), ``genre`` (see :func:`genre_of`), ``speaker`` (a person's name or None),
        ``region`` (province-level unit, short name such as ``山东``, ``广西``; None for
        central documents and when unknown) and ``doubts`` (None, or ``"; "``-joined
        sentences saying what disagrees, e.g. ``year: the header says 2021, the file name
        2020``).

    Notes
    -----
    ``region`` is read only where a document names its own issuer or venue: a title that
    opens with a province's full name (山东省人民政府关于…, 2023年广西壮族自治区政府工作报告),
    a dateline naming the congress it was delivered to (——在山东省第十四届人民代表大会…上),
    the speaker's role line (山东省省长　周乃翔) or a signature line at the end of the text
    (山东省人民政府办公厅). A province named inside a title's body (国务院关于支持福建…) or in
    an addressee line is not the document's region.
    """
    lines = without_page_chrome([ln.strip(" \t\u3000") for ln in text.split("\n")[:80]])
    head = [_MARKDOWN_HEADING.sub("", ln) for ln in lines if ln][:max_lines]
    headings = {_MARKDOWN_HEADING.sub("", ln) for ln in lines[:20] if _MARKDOWN_HEADING.match(ln)}
    head = _split_run_on_head(head)
    # a photo caption that repeats the title under it (政府工作报告。 over 政府工作报告, once its
    # credit is cleaned away) is neither the title nor the body's first sentence
    head = [ln for i, ln in enumerate(head)
            if not (i < 3 and ln.endswith("。") and ln[:-1] in head[i + 1:i + 2])]
    doubts: list[str] = []
    title = _two_line_title(head, _find_title(head, headings))
    year = month = day = None
    # Full dates come from date lines (——1990年3月20日在…, （2017年10月18日）), lines holding only
    # a date, or the first sentence (全会于一九七〇年八月二十三日开幕); the title may give a year.
    # Other lines are never read for dates: "一、１９５５年国家决算" is a heading, not a date.
    # Order: a dash or parenthesised dateline (the delivery or adoption date: （2020年1月8日）,
    # ——1990年3月20日在…), a newspaper's header line (1990-10-06, the publication date), a
    # line holding only a date, then the first sentence.
    iso = next((ln for ln in head[:4] if _ISO_DATE.fullmatch(ln)), None)
    date_lines = [ln for ln in head if _DATE_LINE.match(ln) and _dateline(ln)]
    if iso:
        date_lines.append("{}年{}月{}日".format(*iso.split("-")))
    date_lines += [ln for ln in head if (_DATE_LINE.match(ln) or _DATE_ONLY.match(ln))
                   and ln not in date_lines]
    first_sentence = _first_sentence(head, title)
    for line in [*date_lines, *([first_sentence] if first_sentence else [])]:
        bad = _invalid_date(line)
        if bad:
            doubts.append(f"date: {bad} is not a calendar date")
        y, mth, d = parse_date(line)
        if y and mth and d:
            year, month, day = y, mth, d
            break
    if year is None:
        year, month, day = _signature_date(text)
    if title:
        title_year = parse_date(title)[0]
        if title_year and year is None:
            year = title_year
    stem = PurePath(path).stem if path else ""
    m = _FILENAME_DATE.search(stem) if stem else None
    if m:
        file_year = int(m.group(1))
        if year is None:
            year = file_year
            if m.group(2):
                month, day = int(m.group(2)), int(m.group(3))
        elif year != file_year:
            doubts.append(f"year: the header says {year}, the file name {file_year}")
    speaker = _find_speaker(head)
    if speaker is None and "_" in stem and genre_of(re.sub(r"^[\d\-_.]+", "", stem.split("_")[0])):
        # 1990政府工作报告_李鹏: a name after a genre word; 1990-10-09_及时雨 is a headline
        speaker = next(
            (part for part in stem.split("_")[1:]
             if re.fullmatch(r"[\u4e00-\u9fff]{2,3}", part) and part not in _NOT_NAMES),
            None,
        )
    subtitle_genre = next((genre_of(ln) for ln in head[:6] if _DATE_LINE.match(ln) and genre_of(ln)), None)
    genre = genre_of(title) or subtitle_genre or (genre_of(re.sub(r"^\d+|_.*$", "", stem)) if stem else None)
    date = f"{year:04d}-{month:02d}-{day:02d}" if year and month and day else None
    return {"title": title, "date": date, "year": year, "genre": genre, "speaker": speaker,
            "region": _find_region(title, head, text), "doubts": "; ".join(doubts) or None}


def _split_run_on_head(head: list[str]) -> list[str]:
    """Break a speech head run together on one line into the lines it would have had.

    ``在…大会上的讲话（2020年1月8日）习近平同志们：…`` → title, ``（2020年1月8日）``, ``习近平``,
    ``同志们：…``; a ``新华社北京11月10日电`` prefix and a ``TITLE——SUBTITLE`` title are split
    off too.
    """
    for i, line in enumerate(head[:3]):
        line = _WIRE_PREFIX.sub("", line)
        m = _RUN_ON_HEAD.match(line)
        if not m or not parse_date(m.group("date"))[2]:
            continue
        title, rest = m.group("title").strip(), m.group("rest")
        parts = [p for p in re.split(r"(?=——)", title) if p]
        speaker_line = []
        sm = re.match(rf"^(.{{0,24}}?)[ \u3000]*({_NAME})[ \u3000]*{_SALUTATION_AHEAD}", rest)
        if sm and rest:
            name = re.sub(r"[ \u3000]", "", sm.group(2))
            role = sm.group(1).strip()
            if name not in _NOT_NAMES and (not role or re.search(_ROLES + "$", role)):
                speaker_line = [f"{role} {name}".strip() if role else name]
                rest = rest[sm.end():]
        return [*head[:i], *parts, f"（{m.group('date')}）", *speaker_line,
                *([rest] if rest else []), *head[i + 1:]]
    return head


def _find_title(head: list[str], headings: set[str] = frozenset()) -> str | None:
    """The title line, or None; ``headings`` are lines marked as Markdown headings (``###``),
    which may end in ？ or ！ (能用毒饵猎取野生动物吗？)."""
    for line in head[:4]:
        if line in headings and line[-1] in "？！?!" and not _TITLE_STOP.search(line[:-1]) \
                and len(line) <= 60:
            return line
        if _SALUTATION.match(line) or _DATE_LINE.match(line) or _ADDRESSEE.match(line):
            return None  # a salutation, date or addressee line before any title: there is none
        if line.endswith(("：", ":")):
            return None
        if len(line) > 60 or line.endswith("。") or _TITLE_STOP.search(line):
            return None
        if len(line) > 30 and ("，" in line or "," in line):
            return None
        if line[0] in "、，,；;：:。）)》”":  # a fragment whose start was lost
            return None
        if line[-1] in "的了和与及并或在对把将为向从于是" and line[-2:] not in _WORD_ENDINGS:
            return None  # a sentence cut by a wiki-link break (…坚持和)
        role_line = _SPEAKER_TITLE.search(line)
        if (role_line and is_person_name(re.sub(r"[ \u3000]", "", role_line.group(1)))) \
                or _SPACED_NAME.match(line):
            continue  # a speaker's line, or a spaced word (习　近　平, 摘　要): never a title
        if re.match(r"^第[0-9０-９]+版|^专栏[：:]", line):  # a newspaper's page and column lines
            return None
        if re.fullmatch(r"[\d\-/\s.:年月日]+", line) or _DATE_ONLY.match(line):
            continue
        if _OUTLINE_START.match(line):
            return None
        return line
    return None


def _two_line_title(head: list[str], title: str | None) -> str | None:
    """``title`` and the line under it when the title runs over two lines before its dash
    subtitle or date line (决胜全面建成小康社会 / 为夺取新时代中国特色社会主义伟大胜利 /
    ——在中国共产党第十九次全国代表大会上的报告), joined by a space. A first line that names a
    genre (1978年政府工作报告 over 团结起来，为…而奋斗) is a title of its own."""
    if title is None or title not in head or genre_of(title):
        return title
    i = head.index(title)
    if i + 2 >= len(head):
        return title
    second, third = head[i + 1], head[i + 2]
    if (len(second) <= 30 and not _TITLE_STOP.search(second) and second[-1] not in "，,：:、"
            and not (_DATE_LINE.match(second) or _DATE_ONLY.match(second)
                     or _SALUTATION.match(second) or _SPACED_NAME.match(second)
                     or _SPEAKER_TITLE.search(second) or _OUTLINE_START.match(second))
            and (third.startswith(("——", "—", "－－")) or _DATE_ONLY.match(third))):
        return f"{title} {second}"
    return title


def _first_sentence(head: list[str], title: str | None) -> str | None:
    """The opening sentence of the body (after the title and date/speaker lines)."""
    for line in head[:5]:
        if line == title or _DATE_LINE.match(line) or _DATE_ONLY.match(line) or _SALUTATION.match(line):
            continue
        if len(line) < 15:
            continue
        return re.split(r"[。！？]", line, maxsplit=1)[0][:150]
    return None


def is_person_name(s: str, *, set_apart: bool = False) -> bool:
    """Whether ``s`` can be a Chinese personal name: 2–4 characters opening with a common
    surname (欧阳… for the compound ones), no role word (外长, 书记) or function character.

    A speaker must pass this test, so a headline fragment (的讲话, 举行会谈, 逝世) is never
    taken for a person. ``set_apart``: ``s`` stands after a role word and a space at the end
    of a short line (重庆市人民政府市长　胡衡华, 自治区主席　艾尔肯·吐尼亚孜), where a headline's
    give-aways (访华, 在京) cannot be, so the characters of :data:`_HEADLINE_CHARS` are allowed,
    and so are a transliterated name (艾尔肯·吐尼亚孜) and a Tibetan one (嘎玛泽登: two
    syllables of :data:`_TIBETAN_SYLLABLES`).

    Examples
    --------
    >>> is_person_name("周乃翔"), is_person_name("的讲话"), is_person_name("陈外长")
    (True, False, False)
    >>> is_person_name("胡衡华"), is_person_name("胡衡华", set_apart=True)
    (False, True)
    """
    if set_apart and (_TRANSLITERATED.fullmatch(s) or (
            len(s) == 4 and s[:2] in _TIBETAN_SYLLABLES and s[2:] in _TIBETAN_SYLLABLES)):
        return True
    if not re.fullmatch(r"[\u4e00-\u9fff]{2,4}", s) or s in _NOT_NAMES:
        return False
    if s[:2] in _COMPOUND_SURNAMES:
        given = s[2:]
    elif s[0] in _SURNAMES and len(s) <= 3:
        given = s[1:]
    else:
        return False
    not_in_names = _FUNCTION_CHARS if set_apart else _NOT_IN_NAMES
    return bool(given) and not re.search(not_in_names, given) and given not in _ROLE_WORDS


def _dateline(line: str) -> bool:
    """A line that opens with a full date: （2020年1月8日）, ——2024年3月5日在…, 2023年1月12日."""
    body = re.sub(r"^[—－\-─―（( \u3000]+", "", line)
    m = _DATE_ARABIC.match(body) or _DATE_CHINESE.match(body)
    return bool(m and m.group(3) and parse_date(m.group(0))[2])


def _body_start(head: list[str]) -> int:
    """Index of the first line of the body (a salutation or a sentence): the speaker's line is
    above it; a name below it signs a telegram or is quoted."""
    for i, line in enumerate(head):
        if _SALUTATION.match(line) or len(line) > 40 or line.endswith(("。", "：", ":")):
            return i
    return len(head)


def _find_speaker(head: list[str]) -> str | None:
    block = head[:_body_start(head)]
    for i, line in enumerate(block):
        compact = line.strip()
        m = _SPEAKER_TITLE.search(compact)
        under_date = any(_dateline(h) for h in head[max(0, i - 2):i])
        # a role line (国务院总理　李强, 山东省人民政府代省长　周乃翔, ——…会议上 国务院总理 李强):
        # the name set apart by a space, or the line right under the date line. A headline
        # (新加坡总理李光耀今日来华, ─访英中贸易协会主席白永新) is not a role line.
        spaced = bool(m) and bool(re.search(r"[ \u3000]", compact[:m.start(1)][-2:] or ""))
        if m and len(compact) <= 40 and not _TITLE_STOP.search(compact) \
                and not re.match(r"^[—－\-─―]", compact) and not re.search(r"[访记见忆悼贺唁]", compact[:m.start()]) \
                and (under_date or spaced):
            name = re.sub(r"[ \u3000]", "", m.group(1))
            if is_person_name(name, set_apart=spaced):
                return name.replace("・", "·").replace("•", "·").replace("．", "·")
        # a name under the date line: （2020年1月8日）\n习近平, or spaced: 习　近　平 (elsewhere a
        # spaced pair is a section heading: 简　况, 摘　要)
        if under_date and (_SPACED_NAME.match(compact) or re.fullmatch(r"[\u4e00-\u9fff]{2,3}", compact)):
            name = re.sub(r"[ \u3000]", "", compact)
            if is_person_name(name):
                return name
        # a title word alone on its line, the name on the next (国务院总理\n李　强)
        if re.fullmatch(r"(?:中共中央|国务院|中华人民共和国|[\u4e00-\u9fff]{2,9}(?:省|市|自治区|特别行政区|人民政府))?"
                        r"代?(国务院总理|总理|总书记|国家主席|主席|省长|市长)", compact) \
                and i + 1 < len(head):
            nxt = re.sub(r"[ \u3000]", "", head[i + 1])
            if is_person_name(nxt):
                return nxt
    # the speaker named in the title: 在欢迎…宴会上　周恩来总理的讲话, 陈毅副总理的书面讲话
    if head:
        m = _TITLE_SPEAKER.search(head[0])
        if m and is_person_name(m.group(1)):
            return m.group(1)
    # the speaker named in a sentence of the opening lines (news reports of a work report)
    for line in head[:6]:
        m = _NAME_THEN_ROLE.match(line) or _SPEAKER_ACTS.search(line[:60])
        if m and is_person_name(m.group(1)):
            return m.group(1)
    return None


def _find_region(title: str | None, head: list[str], text: str) -> str | None:
    if title and _ISSUER_TITLE.match(title):
        return region_of(title)
    for line in head[:8]:
        at = re.search(r"在(.{2,12}?)第[一二三四五六七八九十]+届", line)
        if _dateline(line) or _NAME_THEN_ROLE.match(line):
            # ——2023年1月15日在山东省第十四届人民代表大会…上, 龚正市长在上海市第十六届…
            if at and region_of(at.group(1)):
                return region_of(at.group(1))
        elif len(line) <= 30 and _SPEAKER_TITLE.search(line):
            # 山东省省长　周乃翔, 广西壮族自治区人民政府主席　蓝天立
            m = _SPEAKER_TITLE.search(line)
            if is_person_name(re.sub(r"[ \u3000]", "", m.group(1)), set_apart=True) and region_of(line):
                return region_of(line)
    # a signature near the end: 山东省人民政府办公厅 / 2021年3月1日
    for line in [ln.strip(" \t\u3000") for ln in text.rstrip().split("\n")[-6:]]:
        # the province's own organ: 山东省人民政府办公厅, not 安徽省宿县专署民政局 (a county's)
        found = region_of(line)
        if found and re.fullmatch(r"[\u4e00-\u9fff]{0,4}?(?:" + PROVINCES[found] + "|" + found + r")"
                                  r"[^市县区州盟旗镇乡\s]{0,14}(?:人民政府|办公厅|委员会|厅|局|省委|党委)", line):
            return found
    return None


def _signature_date(text: str) -> tuple[int | None, int | None, int | None]:
    """The date a 公文 is signed with, when its last line is a full date under a short
    signature line (工业和信息化部 / 2013年4月11日): (year, month, day), or Nones."""
    tail = [ln.strip(" \t\u3000") for ln in text.rstrip().rsplit("\n", 3)[-3:]]
    tail = [ln for ln in tail if ln]
    if len(tail) < 2 or not _DATE_ONLY.match(tail[-1]):
        return None, None, None
    signer = tail[-2]
    if len(signer) > 30 or _TITLE_STOP.search(signer) or _DATE_ONLY.match(signer):
        return None, None, None
    y, m, d = parse_date(tail[-1])
    return (y, m, d) if y and m and d and _valid(y, m, d) else (None, None, None)


def _digits(s: str) -> str:
    return ascii_digits(re.sub(r"[ \u3000]", "", s))


def _cn_small(s: str) -> int | None:
    """一 … 三十一 → int (None when ``s`` is not a numeral)."""
    try:
        return parse_numeral(s)
    except ValueError:
        return None


def _valid(year: int, month: int | None, day: int | None) -> bool:
    if not 1900 <= year <= 2100:
        return False
    if month is None:
        return day is None
    if day is None:
        return 1 <= month <= 12
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def _invalid_date(line: str) -> str | None:
    """The first full date written in ``line`` that is not in the calendar (2024年2月30日)."""
    m = _DATE_ARABIC.search(line)
    if m and m.group(3):
        y, mth, d = (int(_digits(g)) for g in m.groups())
        if 1900 <= y <= 2100 and not _valid(y, mth, d):
            return m.group(0)
    return None
