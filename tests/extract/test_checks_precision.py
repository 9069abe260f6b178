"""`check` reports only what it is sure of, at the line of the document's own text."""

from __future__ import annotations

import json

from policytext.corpus import Document
from policytext.extract.checks import (
    FINDING_FIELDS,
    announced_counts,
    check,
    format_findings,
    marker_in_text,
    numbering_problems,
)


def test_articles_numbered_across_chapters_are_no_gap():
    text = ("第一章　总则\n第一条　为了规范管理，制定本办法。\n第二条　本办法适用于全省。\n"
            "第三条　坚持依法管理。\n第二章　职责\n第四条　省主管部门负责统筹。\n"
            "第五条　市县主管部门负责实施。\n第三章　附则\n第六条　本办法自发布之日起施行。\n")
    assert numbering_problems(text).empty
    # measures numbered 1.–N. straight through the 一、 sections
    text2 = ("一、总体要求\n1.坚持创新。\n2.坚持协调。\n二、重点任务\n3.建设平台。\n4.培育企业。\n"
             "三、保障措施\n5.加强组织。\n")
    assert numbering_problems(text2).empty


def test_sub_lists_restarting_under_each_parent_are_no_problem():
    text = ("一、甲\n（一）子。\n1.孙。\n2.孙。\n（二）丑。\n1.孙。\n2.孙。\n"
            "要做好下列工作：\n1.建立台账。\n2.定期核对。\n二、乙\n（一）寅。\n")
    assert numbering_problems(text).empty


def test_a_number_the_outline_misplaced_is_not_reported_missing():
    # the text has （三）, so whatever the outline makes of it, no "（三） is missing"
    text = "一、甲\n（一）子。\n（二）丑。\n（三）寅。\n（四）卯。\n"
    assert marker_in_text(text, "（一）", 3, 0, len(text))
    assert not marker_in_text(text, "（一）", 5, 0, len(text))
    assert not marker_in_text("其中第（三）项", "（一）", 3, 0, 8)  # not at a line or sentence start
    assert marker_in_text("甲。(三)寅", "（一）", 3, 0, 6)  # half-width brackets alike
    assert numbering_problems(text).empty
    # a real slip is still reported
    slip = "一、甲\n（一）子。\n（二）丑。\n（四）卯。\n二、乙\n"
    df = numbering_problems(slip)
    assert df[["problem", "expected", "found"]].values.tolist() == [["gap", "（三）", "（四）"]]


def test_counts_that_are_not_announcements():
    text = ("提高残疾人两项补贴标准。\n一、甲\n二、乙\n三、丙\n"
            "落实中央八项规定精神。\n（一）子。\n（二）丑。\n")
    f = check(text)
    assert format_findings(f) == ""


def test_announced_mismatch_only_when_sure():
    sure = "下面，我讲三点意见：\n一、提高认识\n要学深悟透。\n二、抓好落实\n要真抓实干。\n"
    df = announced_counts(sure)
    assert df[["announced", "found", "ok", "sure"]].values.tolist() == [[3, 2, False, True]]
    assert "count: announced 3" in format_findings(check(sure))
    # the third point is in the text but glued where the outline does not see it: no finding
    unsure = "下面，我讲三点意见：\n一、提高认识\n要学深悟透。\n二、抓好落实\n要真抓实干。三、加强领导，这是关键\n"
    assert format_findings(check(unsure)) == ""


def test_lines_are_the_files_own_and_jsonl_has_the_same_fields():
    src = "报告正文开始。\n\n\n\n一、甲\n甲的内容。\n\n\n\n二、乙\n乙的内容。\n\n\n\n四、丙\n丙的内容。\n"
    doc = Document.from_text(src, doc_id="r.txt")
    assert doc.text.count("\n") < src.count("\n")  # cleaning dropped blank lines
    out = format_findings(check(doc))
    line = src.split("\n").index("四、丙") + 1
    assert out == f"r.txt:{line}: gap: 四、 follows 二、; 三、 is missing\n"
    rows = [json.loads(x) for x in format_findings(check(doc), fmt="jsonl").splitlines()]
    assert rows == [{"path": "r.txt", "line": line, "kind": "gap",
                     "message": "四、 follows 二、; 三、 is missing"}]
    assert tuple(rows[0]) == FINDING_FIELDS
