"""Cleaning keeps the document: watermark words in real sentences, banners vs. content."""

from __future__ import annotations

import pytest

import policytext as pt
from policytext.clean import CleanOptions, clean_text, is_watermark_line
from policytext.errors import DocumentReadError

LONG_BODY = "".join(
    f"（{n}）加强行业自律，推动会员企业规范经营，提升服务质量和水平，做好数据报送工作。\n"
    for n in "一二三四五六七八九十"
)


def _watermark_text(text: str) -> str:
    return "".join(r.text for r in clean_text(text).removals if r.kind == "watermark")


@pytest.mark.parametrize(
    "text",
    [
        # a notice to the member units of an association: 会员 in the addressee line
        "关于做好2024年度统计工作的通知\n各会员单位：\n请于3月底前报送年度统计报表。\n特此通知。\n"
        "中国某某行业协会\n2024年1月5日",
        # a contact line with a qq.com address
        "关于举办培训班的通知\n各有关单位：\n定于5月举办业务培训班，请按时报名。\n联系人：王某\n"
        "邮箱：abc12345@qq.com\n2024年4月1日",
        # a Spring Festival travel notice: an outline item on ticket resale
        "关于做好2024年春运工作的通知\n各省、自治区、直辖市人民政府：\n一、加强运力组织，保障旅客出行。\n"
        "二、严厉打击倒卖车票等违法犯罪行为。\n三、做好疫情防控和安全生产工作。\n国务院办公厅\n2024年1月10日",
        # an opinion on digital publishing: subscription and membership models, piracy
        "关于推动数字出版高质量发展的意见\n一、发展新业态\n探索订阅制、会员制等服务模式。\n"
        "会员制、订阅制\n二、保护版权\n严厉打击盗版侵权行为。\n",
        # a speech on copyright
        "在版权工作会议上的讲话\n同志们：\n今天我们开会研究版权保护工作。\n"
        "要让“版权所有、侵权必究”深入人心。\n谢谢大家！",
        # an internal document's header
        "内部资料\n注意保存\n关于2023年工作情况的报告\n一年来，我们认真贯彻落实各项部署。",
    ],
)
def test_watermark_words_in_real_sentences_are_kept(text):
    result = clean_text(text)
    assert not [r for r in result.removals if r.kind == "watermark"]
    assert result.text == text.strip()
    assert result.notes == () and not result.emptied


def test_long_notice_keeps_title_signature_and_outline():
    text = ("关于召开中国某某协会第五次会员代表大会的通知\n各会员单位：\n" + LONG_BODY
            + "五、严厉打击倒卖文物等违法行为，维护会员合法权益。\n请各会员单位于5月10日前报名。\n"
            "中国某某协会\n2024年3月1日\n")
    out = clean_text(text).text
    assert out.startswith("关于召开中国某某协会第五次会员代表大会的通知\n")
    assert out.endswith("请各会员单位于5月10日前报名。\n中国某某协会\n2024年3月1日")
    assert "五、严厉打击倒卖文物等违法行为" in out


@pytest.mark.parametrize("line", ["关注公众号“某某发布”获取更多信息。", "微信公众号：某某发布",
                                  "五、严厉打击倒卖文物等违法犯罪活动"])
def test_strong_words_in_a_sentence_anywhere_are_kept(line):
    text = "关于加强文物保护的意见\n" + LONG_BODY + line + "\n" + LONG_BODY
    assert line in clean_text(text).text


def test_short_file_with_a_resale_banner_keeps_its_text():
    text = ("仅供学习 禁止外传\n更多资料加QQ群：123456789\n会员专享\n"
            "关于加强基层治理的意见\n一、总体要求\n坚持以人民为中心，推进基层治理现代化。\n")
    result = clean_text(text)
    assert result.text == "关于加强基层治理的意见\n一、总体要求\n坚持以人民为中心，推进基层治理现代化。"
    assert _watermark_text(text).startswith("仅供学习 禁止外传\n更多资料加QQ群")


def test_resale_line_inside_the_document_is_removed():
    text = "关于加强基层治理的意见\n" + LONG_BODY + "更多资料加QQ群：123456789\n" + LONG_BODY
    result = clean_text(text)
    assert "QQ群" not in result.text
    assert _watermark_text(text) == "更多资料加QQ群：123456789\n"


def test_tail_banner_removed_but_signature_kept():
    text = ("关于加强基层治理的意见\n" + LONG_BODY + "中共某某市委办公室\n2024年3月1日\n"
            "会员群：123456   免费QQ群：654321\n仅供学习 禁止外传")
    result = clean_text(text)
    assert result.text.endswith("中共某某市委办公室\n2024年3月1日")


@pytest.mark.parametrize(
    ("line", "expected"),
    [("仅供学习 禁止外传", True), ("会员专享", True), ("【打击倒卖活动】", True),
     ("举报倒卖会员资料的人，举报成功免费赠送一年会员材料！", True),
     ("各会员单位：", False), ("邮箱：abc12345@qq.com", False), ("内部资料", False),
     ("请各会员单位于5月10日前报名。", False), ("加强会员管理", False)],
)
def test_watermark_line(line, expected):
    assert is_watermark_line(line) is expected


def test_a_document_that_is_only_a_watermark_is_reported(tmp_path):
    text = "仅供学习 禁止外传\n更多资料加QQ群：123456789\n会员专享，免费领取全部资料\n扫码关注公众号获取更多资料"
    result = clean_text(text)
    assert result.emptied and result.notes
    assert "almost all" in result.notes[0]
    fast = clean_text(text, keep_source=False)  # what the batch runs
    assert fast.emptied and fast.notes == result.notes
    path = tmp_path / "banner.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DocumentReadError) as info:
        pt.read(path)
    assert "watermark" in info.value.reason and "clean=False" in info.value.reason
    assert "仅供学习" in pt.read(path, clean=False).text  # nothing lost: it can be read whole


def test_a_large_removal_is_recorded_as_a_doubt():
    banner = "仅供学习 禁止外传\n更多资料加QQ群：123456789\n会员专享，免费领取全部资料\n"
    text = banner + "关于加强基层治理的意见\n坚持以人民为中心。"
    result = clean_text(text)
    assert result.text == "关于加强基层治理的意见\n坚持以人民为中心。"
    assert not result.emptied
    (note,) = result.notes
    assert "watermark" in note and "%" in note
    assert pt.Document.from_text(text).notes == result.notes


def test_a_small_removal_is_not_a_doubt(seed_excerpt):
    assert clean_text(seed_excerpt).notes == ()


@pytest.mark.parametrize(
    "credit",
    ["新华社记者 鞠鹏/摄", "（新华社记者 李学仁 摄）", "　新华社记者　邹健东摄", "（本报记者　吕相友摄）",
     "新华社记者胡伟摄", "本报记者　徐　烨摄", "新华社记者　张萍摄（传真照片）", "新疆日报记者宋士敬摄", "新华社记者摄",
     "贵州日报天眼新闻记者 李森 摄", "（四川日报全媒体记者 王代强 摄）", "本报融媒体记者 张三 摄"],
)
def test_photo_credits_are_removed_and_recorded(credit):
    text = f"习近平在会上发表重要讲话。{credit}\n会议强调，一是要坚定信心。二是要真抓实干。"
    result = clean_text(text)
    assert result.text == "习近平在会上发表重要讲话。\n会议强调，一是要坚定信心。二是要真抓实干。"
    (r,) = [r for r in result.removals if r.kind == "photo_credit"]
    assert r.text == credit and text[r.start : r.end] == credit


@pytest.mark.parametrize("text", ["总台记者拍摄到了现场画面。", "记者在大凉山深处的昭觉县拍摄了一个村庄。",
                                  "这也使得记者的拍摄越来越艰难。", "本报记者近日拍摄的照片。",
                                  "在场的印度尼西亚记者摄下了这一镜头。", "新华社记者摄影报道。"])
def test_filming_reporters_are_not_photo_credits(text):
    assert clean_text(text).text == text


def test_photo_credits_can_be_kept():
    text = "会议在京召开。新华社记者 鞠鹏/摄"
    assert clean_text(text, CleanOptions(photo_credits=False)).text == text


UNITS = ["国家发展改革委", "教育部", "科技部", "工业和信息化部", "公安部", "民政部", "司法部", "财政部",
         "人力资源社会保障部", "自然资源部", "生态环境部", "住房城乡建设部", "交通运输部", "农业农村部"]
LONG_UNITS = ["中华人民共和国国家发展和改革委员会", "中华人民共和国教育部办公厅秘书处", "中华人民共和国科学技术部办公厅",
              "中华人民共和国工业和信息化部", "中华人民共和国公安部办公厅秘书处", "中华人民共和国民政部办公厅秘书处",
              "中华人民共和国司法部办公厅", "中华人民共和国财政部办公厅秘书处", "中华人民共和国自然资源部办公厅",
              "中华人民共和国生态环境部办公厅", "中华人民共和国交通运输部办公厅", "中华人民共和国水利部办公厅秘书处"]
WRAPPED = (  # PDF text of the party constitution: a line break every ~28 characters
    "中国共产党是中国工人阶级的先锋队，同时是中国人民和中华\n"
    "民族的先锋队，是中国特色社会主义事业的领导核心，代表中国\n"
    "先进生产力的发展要求，代表中国先进文化的前进方向，代表中\n"
    "国最广大人民的根本利益。党的最高理想和最终目标是实现共产\n"
    "主义。\n"
    "马克思列宁主义揭示了人类社会历史发展的规律，它的基本\n"
    "原理是正确的，具有强大的生命力。中国共产党人追求的共产主\n"
    "义最高理想，只有在社会主义社会充分发展和高度发达的基础上\n"
    "才能实现。增强政治意识、大局意识、核心意识、看齐意识，坚\n"
    "定道路自信、理论自信、制度自信、文化自信，做到“两个\n"
    "维护”。\n"
)


@pytest.mark.parametrize("units", [UNITS, LONG_UNITS])
def test_a_list_of_unit_names_is_not_joined(units):
    listed = "\n".join(units)
    text = "关于印发行动计划的通知\n" + listed + "\n现将《行动计划》印发给你们，请认真贯彻执行。\n" + WRAPPED * 2
    out = clean_text(text).text
    assert "关于印发行动计划的通知\n" + listed + "\n现将《行动计划》" in out
    if units is UNITS:  # (twelve long names of one width would set the wrap width themselves)
        # the wrapped paragraphs after the list are still joined
        assert "同时是中国人民和中华民族的先锋队" in out and "做到“两个维护”" in out


def test_a_lone_section_numeral_is_not_joined_as_a_fragment():
    text = "重工业的发展或者反而可能快一些。”⑥\n三\n重工业能够提供农业所需要的机器。\n政府工作报\n告"
    assert clean_text(text).text == "重工业的发展或者反而可能快一些。”⑥\n三\n重工业能够提供农业所需要的机器。\n政府工作报告"


def test_news_page_remnants_and_footers_are_still_removed():
    body = "近日，习近平给老年志愿者代表回信，勉励他们发挥余热，为推进中国式现代化贡献“银发力量”。"
    text = (f"<p>习近平回信勉励老年志愿者代表</p><p><strong>央视网消息</strong>：{body}</p><br>\n"
            "来源：新华网\n责任编辑：王某\n")
    result = clean_text(text)
    assert result.text == f"习近平回信勉励老年志愿者代表\n\n央视网消息：{body}"
    footers = [r.text for r in result.removals if r.kind == "footer"]
    assert footers == ["来源：新华网\n", "责任编辑：王某\n"]
    assert result.notes == ()


@pytest.mark.parametrize("head", [
    "下载\n打印\n全屏\n收藏\n【字号：\n加大\n还原\n减小\n】\n",
    "下载 打印 全屏 收藏 【字号： 加大 还原 减小 】\n",
])
def test_a_web_page_toolbar_at_the_head_is_removed_and_recorded(head):
    body = "2026年上海市政府工作报告\n各位代表：\n现在，我代表市人民政府向大会报告工作。"
    result = clean_text(head + body + "\n打印本页 关闭窗口\n")
    assert result.text == body
    removed = "".join(r.text for r in result.removals if r.kind == "footer")
    assert "字号" in removed and "关闭窗口" in removed


def test_a_lone_control_word_is_not_a_toolbar():
    text = "下载\n2026年工作要点\n正文。"
    assert clean_text(text).text == text


def _wrapped(sentence: str, width: int = 24) -> list[str]:
    return [sentence[i:i + width] for i in range(0, len(sentence), width)]


def test_page_numbers_of_a_printed_document_go_and_the_cut_sentence_is_mended():
    # a hard-wrapped PDF export: lines of one width, a page number between two of them, cutting
    # 智能服务 as 等智 / — 8 — / 能服务
    before = ("为患者提供就诊时间和地点推送、就诊路径推荐、检查预约和院内导航，以及候诊到号、缴费支付、"
              "取药通知提醒等智")
    after = ("能服务。通过智能陪诊服务，缩短患者候诊时间，减少排队次数，改善患者就医体验，提升医疗服务效率。"
             "利用人工智能技术整合医生排班、患者就诊数据、服务流程、诊室位置等信息，为医院管理者提供决策支持，"
             "提高医疗资源配置效率，推动医疗服务高质量发展，增进人民健康福祉，更好满足人民群众就医需求。") * 2
    filler = "各地区各有关部门要充分认识推进人工智能赋能医疗服务的重要意义切实加强组织领导"
    before = filler[:(-len(before)) % 24] + before  # the page breaks at a line's end
    text = "\n".join([*_wrapped(before), "— 8 —", *_wrapped(after), "第 9 页 共 30 页"])
    result = clean_text(text)
    assert "取药通知提醒等智能服务" in result.text and "—" not in result.text
    assert "页" not in result.text
    assert [r.text.strip() for r in result.removals if r.kind == "page_number"] == [
        "— 8 —", "第 9 页 共 30 页"]
    # a dash line that is no page number stays
    assert "——2024年3月5日" in clean_text("报告\n——2024年3月5日\n正文。").text


def test_a_heading_after_a_line_ending_in_a_stray_quote_is_not_joined_to_it():
    text = "一、本通知所称终端是移动通信终端产品。“\n二、申请进网许可的终端应当符合标准。\n(二)造成不良后果的;“\n(三)影响终端正常功能的。"
    cleaned = clean_text(text).text
    assert "\n二、申请" in cleaned and "\n(三)影响" in cleaned
    # a wiki-link break after an opener is still mended, also before a quoted enumeration
    assert clean_text("根据《\n著作权法\n》的规定。").text == "根据《著作权法》的规定。"
    assert clean_text("有两条，“\n第一条，反对；第二条，不怕。”").text == "有两条，“第一条，反对；第二条，不怕。”"
