"""Reading files: encodings detected from bytes, formats, metadata, bad input."""

from __future__ import annotations

import pytest

import policytext as pt
from policytext.errors import (
    BinaryContentError,
    DecodeError,
    DocumentReadError,
    EmptyPdfTextError,
    MissingFileError,
)

WATERMARK_WORDS = ("仅供学习", "禁止外传", "会员", "QQ群", "订阅", "倒卖")


@pytest.mark.parametrize(
    "encoding",
    ["utf-8", "utf-8-sig", "utf-16", "gb18030", "gbk"],
)
def test_seed_excerpt_in_every_encoding(tmp_path, seed_excerpt, encoding):
    path = tmp_path / "speech.txt"
    path.write_bytes(seed_excerpt.encode(encoding))
    doc = pt.read(path)
    assert doc.title == "2020年以案促改专项工作会上的讲话"
    assert doc.year == 2020
    assert doc.genre == "讲话"
    assert not any(w in doc.text for w in WATERMARK_WORDS)
    assert "以案促改" in doc.text


def test_crlf_gbk_file_has_no_carriage_returns(tmp_path, report_1985):
    path = tmp_path / "report.txt"
    path.write_bytes(report_1985[:3000].replace("\n", "\r\n").encode("gbk"))
    doc = pt.read(path)
    assert "\r" not in doc.text
    assert doc.year == 1985
    assert doc.title == "1985年中华人民共和国国务院政府工作报告"


def test_big5_traditional_report(tmp_path, report_1954):
    path = tmp_path / "1954.txt"
    path.write_bytes(report_1954.encode("big5", errors="ignore"))
    doc = pt.read(path)
    assert "中華人民共和國" in doc.text  # decoded as Big5, not as GBK mojibake
    assert doc.year == 1954


def test_extension_does_not_decide_encoding(tmp_path, report_1985):
    path = tmp_path / "report.md"  # GB18030 bytes behind a .md name
    path.write_bytes(report_1985[:2000].encode("gb18030"))
    assert "各位代表" in pt.read(path).text


def test_invalid_utf8_midfile_keeps_the_rest(tmp_path, report_1985):
    data = report_1985[:2000].encode("utf-8")
    data = data[:900] + b"\xff\xfe\xfa" + data[900:]
    path = tmp_path / "broken.txt"
    path.write_bytes(data)
    doc = pt.read(path)
    assert "各位代表" in doc.text and "\ufffd" in doc.text


def test_html_drops_scripts_and_breaks_blocks(tmp_path):
    markup = (
        "<!DOCTYPE html><html><head><title>关于加强基层治理的意见</title>"
        "<style>p{color:red}</style><script>var x='脚本';</script></head><body>"
        "<h1>关于加强基层治理的意见</h1><p>——2021年4月28日</p><p>一、总体要求</p>"
        "<p>（一）指导思想。坚持以人民为中心。</p></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(markup, encoding="utf-8")
    doc = pt.read(path)
    assert "脚本" not in doc.text and "color" not in doc.text
    assert "一、总体要求\n" in doc.text
    assert doc.title == "关于加强基层治理的意见"
    assert doc.genre == "意见"
    assert doc.date == "2021-04-28"


def test_docx(tmp_path, report_1985):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    for para in report_1985.split("\n")[:12]:
        d.add_paragraph(para)
    path = tmp_path / "report.docx"
    d.save(path)
    doc = pt.read(path)
    assert doc.title == "1985年中华人民共和国国务院政府工作报告"
    assert "各位代表" in doc.text


def test_truncated_docx_is_a_clear_error(tmp_path):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("各位代表：现在我代表国务院向大会作政府工作报告。")
    full = tmp_path / "full.docx"
    d.save(full)
    cut = tmp_path / "cut.docx"
    cut.write_bytes(full.read_bytes()[:2000])
    with pytest.raises(DocumentReadError) as info:
        pt.read(cut)
    assert "docx" in info.value.reason and str(cut) in str(info.value)


def test_docx_that_unpacks_to_gigabytes_is_refused_quickly(tmp_path):
    import zipfile

    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"<w:p/>" * 40_000_000)  # 240 MB, ≈0.2 MB packed
    assert bomb.stat().st_size < 2_000_000
    with pytest.raises(DocumentReadError) as info:  # refused before python-docx parses it
        pt.read(bomb)
    assert "unpacks to 240 MB" in info.value.reason and "zip bomb" in info.value.reason


def _minimal_pdf(text_ops: bytes) -> bytes:
    """A one-page PDF; ``text_ops`` is the content stream (empty for a page without text)."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text_ops) + text_ops + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def test_pdf_with_text_layer(tmp_path):
    pytest.importorskip("pypdf")
    path = tmp_path / "a.pdf"
    path.write_bytes(_minimal_pdf(b"BT /F1 12 Tf 20 200 Td (Government Work Report 2019) Tj ET"))
    doc = pt.read(path)
    assert "Government Work Report 2019" in doc.text


def test_pdf_without_text_layer(tmp_path):
    pytest.importorskip("pypdf")
    path = tmp_path / "scan.pdf"
    path.write_bytes(_minimal_pdf(b""))
    with pytest.raises(EmptyPdfTextError):
        pt.read(path)


def test_broken_pdf(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog")
    with pytest.raises(DocumentReadError):
        pt.read(path)


def test_png_renamed_txt(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    with pytest.raises(BinaryContentError) as info:
        pt.read(path)
    assert "PNG" in info.value.reason


def test_nul_bytes(tmp_path):
    path = tmp_path / "nul.txt"
    path.write_bytes("各位代表".encode() + b"\x00\x01\x02" * 50 + b"\x00" * 100)
    with pytest.raises(BinaryContentError):
        pt.read(path)


def test_random_bytes_are_rejected(tmp_path):
    import random

    rng = random.Random(7)
    path = tmp_path / "junk.txt"
    path.write_bytes(bytes(rng.randrange(256) for _ in range(5000)))
    with pytest.raises((BinaryContentError, DecodeError)):
        pt.read(path)


def test_missing_file(tmp_path):
    with pytest.raises(MissingFileError) as info:
        pt.read(tmp_path / "nope.txt")
    assert "not found" in info.value.reason


def test_empty_and_whitespace_files_are_valid(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text(" \n\u3000\n\t\n", encoding="utf-8")
    for name in ("empty.txt", "blank.txt"):
        doc = pt.read(tmp_path / name)
        assert doc.text == ""
        assert doc.title is None and doc.year is None


def test_corpus_from_dir_recursive_and_from_frame(tmp_path, report_1985):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "1985.txt").write_text(report_1985[:1000], encoding="utf-8")
    (tmp_path / "x.txt").write_text("2019年政府工作报告\n各位代表：", encoding="utf-8")
    corpus = pt.Corpus.from_dir(tmp_path)
    assert corpus.doc_ids == ["a/b/1985.txt", "x.txt"]
    assert list(corpus.docvars["year"]) == [1985, 2019]
    import pandas as pd

    df = pd.DataFrame({"id": ["p1"], "body": ["关于做好春耕的通知\n各地："], "province": ["海南"]})
    c2 = pt.Corpus.from_frame(df, text_col="body", id_col="id")
    assert c2["p1"].meta["province"] == "海南"
    assert c2["p1"].genre == "通知"


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="no named pipes here")
def test_named_pipe_given_directly_is_skipped_not_read(tmp_path):
    import os

    from policytext.walk import iter_input_files

    pipe = tmp_path / "feed.txt"
    os.mkfifo(pipe)
    (f,) = iter_input_files([pipe])  # (opening it to read would block)
    assert (f.status, f.reason) == ("skipped", "not a regular file (a named pipe)")


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("政府工作报告.txt", "政府工作报告.txt"),
        ("bad\udcff\udcfename.txt", "bad\\xff\\xfename.txt"),  # undecodable bytes (PEP 383)
        ("half\ud800.txt", "half\\ud800.txt"),  # a lone surrogate no byte stands for
    ],
)
def test_printable_name_can_be_written_as_utf8(name, shown):
    from policytext.io import printable_name

    assert printable_name(name) == shown
    printable_name(name).encode("utf-8")


def test_undecodable_file_name_is_read_and_labelled_printably(tmp_path):
    import os

    from policytext.walk import iter_input_files

    try:
        with open(os.fsencode(tmp_path) + b"/\xb9\xd8\xd3\xda.txt", "wb") as fh:  # 关于 in GBK
            fh.write("关于加强基层治理的意见\n\n一、总体要求\n".encode())
    except (OSError, UnicodeError):
        pytest.skip("this file system takes only UTF-8 names")
    (f,) = iter_input_files([tmp_path])
    assert f.relpath == "\\xb9\\xd8\\xd3\\xda.txt"
    doc = pt.read(f.path)
    assert doc.title == "关于加强基层治理的意见"
    assert doc.doc_id == f.relpath and doc.path.encode("utf-8")


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("坚持“两个维护”，GDP增长5%\n".encode("utf-16-le") * 40, "坚持“两个维护”，GDP增长5%\n"),
        ("Grüße aus München\n".encode("utf-16-be") * 40, "Grüße aus München\n"),
        (b"\x00\x01\xff" * 40, None),  # NULs every other byte, but no text: Āÿ！Āÿ！…
        (bytes(range(256)) * 4, None),
    ],
)
def test_utf16_without_bom_only_when_it_reads_as_text(data, text):
    from policytext.io import decode_bytes

    if text is None:
        with pytest.raises(BinaryContentError):
            decode_bytes(data)
    else:
        assert decode_bytes(data) == text * 40


# --- .docx in document order --------------------------------------------------------------------
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(xml: str):
    """A WordprocessingML element from ``xml`` written with the ``w:`` prefix."""
    from lxml import etree

    return etree.fromstring(f'<root xmlns:w="{W_NS}">{xml}</root>')[0]


def _draft_docx(path):
    """A 征求意见稿 (draft for comment) with a table between two outline items, a block content
    control, an inline content control, a tracked insertion and a tracked deletion."""
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("关于加强数据治理的意见（征求意见稿）")
    d.add_paragraph("一、总体要求")
    table = d.add_table(rows=2, cols=2)
    for i, row in enumerate((("指标", "目标值"), ("数据共享率", "90%"))):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    after_table = d.add_paragraph("二、重点任务")
    body = d.element.body
    # a block content control holding a paragraph, after 二、重点任务
    after_table._p.addnext(_w(
        "<w:sdt><w:sdtPr><w:alias w:val='任务'/></w:sdtPr><w:sdtContent>"
        "<w:p><w:r><w:t>（一）完善数据共享机制。</w:t></w:r></w:p></w:sdtContent></w:sdt>"))
    # a paragraph with an inline content control, an insertion and a deletion
    p = _w("<w:p><w:r><w:t>（二）</w:t></w:r>"
           "<w:sdt><w:sdtContent><w:r><w:t>健全</w:t></w:r></w:sdtContent></w:sdt>"
           "<w:r><w:t>数据安全</w:t></w:r>"
           "<w:ins w:id='1' w:author='a'><w:r><w:t>保障</w:t></w:r></w:ins>"
           "<w:del w:id='2' w:author='a'><w:r><w:delText>管理</w:delText></w:r></w:del>"
           "<w:r><w:t>体系。</w:t></w:r></w:p>")
    body.insert(len(body) - 1, p)  # before the section properties
    d.save(path)


def test_docx_reads_tables_content_controls_and_insertions_in_document_order(tmp_path):
    path = tmp_path / "draft.docx"
    _draft_docx(path)
    doc = pt.read(path)
    assert doc.text == ("关于加强数据治理的意见（征求意见稿）\n一、总体要求\n指标\t目标值\n数据共享率\t90%\n"
                        "二、重点任务\n（一）完善数据共享机制。\n（二）健全数据安全保障体系。")
    assert "管理" not in doc.text  # deleted text is not text


def test_docx_bomb_of_empty_paragraphs_is_refused_quickly(tmp_path):
    import time
    import zipfile

    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", f'<w:document xmlns:w="{W_NS}"><w:body>'.encode()
                    + b"<w:p/>" * 5_300_000 + b"</w:body></w:document>")
    assert bomb.stat().st_size < 1_000_000  # under the unpacked limit, yet 5.3 M paragraphs
    t0 = time.perf_counter()
    with pytest.raises(DocumentReadError) as info:
        pt.read(bomb)
    assert time.perf_counter() - t0 < 10
    assert "5,300,000 paragraphs" in info.value.reason


# --- HTML -------------------------------------------------------------------------------------
def test_html_without_closing_head_keeps_its_body(tmp_path):
    markup = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>关于加强基层治理的意见</title>"
              "<script>var x = '脚本';</script>"
              "<body><p>一、总体要求<p>坚持以人民为中心。<noscript>请启用脚本</noscript>"
              "<template>模板</template><!-- 注释 -->推进基层治理现代化。<p>二、主要任务")
    path = tmp_path / "page.html"
    path.write_text(markup, encoding="utf-8")
    text = pt.read(path).text
    assert text == "关于加强基层治理的意见\n\n一、总体要求\n\n坚持以人民为中心。推进基层治理现代化。\n\n二、主要任务"


def test_html_head_closed_by_its_first_body_content(tmp_path):
    # no </head> and no <body>: the first paragraph opens the body, as in a browser
    path = tmp_path / "page.htm"
    path.write_text("<html><head><title>通知</title><p>各有关单位：</p><p>请按时报送。</p>", encoding="utf-8")
    assert pt.read(path).text == "通知\n\n各有关单位：\n\n请按时报送。"


# --- decoding -------------------------------------------------------------------------------------
@pytest.mark.parametrize("size", [300, 2000, 50_000])
def test_utf8_with_three_damaged_bytes_is_kept_with_a_note(tmp_path, report_1985, size):
    import random

    rng = random.Random(size)
    data = bytearray(report_1985[:size].encode("utf-8"))
    middle = len(data) // 2
    for i in range(3):  # three bytes damaged mid-file, as in a broken download
        data[middle + i] = rng.randrange(256)
    path = tmp_path / "damaged.txt"
    path.write_bytes(bytes(data))
    doc = pt.read(path)
    assert doc.text.startswith("1985年中华人民共和国国务院政府工作报告")
    assert "\ufffd" in doc.text
    (note,) = doc.notes
    assert "U+FFFD" in note and "damaged" in note


def test_gbk_text_is_not_read_as_damaged_utf8(tmp_path, report_1985):
    path = tmp_path / "gbk.txt"
    path.write_bytes(report_1985[:300].encode("gbk"))
    doc = pt.read(path)
    assert doc.text.startswith("1985年中华人民共和国国务院政府工作报告") and doc.notes == ()


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("size", [12, 60, 3000, 60_000])
def test_utf16_without_bom_short_and_long(report_1985, codec, size):
    from policytext.io import decode_bytes

    text = report_1985[:size]
    assert decode_bytes(text.encode(codec)) == text


def test_utf16_of_ideographs_only_is_not_read_as_utf8():
    from policytext.io import decode_bytes

    text = "业、牧业、副业、"  # every byte below 0x80 in UTF-16: valid UTF-8 of control codes
    assert decode_bytes(text.encode("utf-16-le")) == text


def test_short_big5_passages(report_1954):
    from policytext.io import decode_bytes

    # passages of the 1954 report that an earlier detector read as GBK
    for text in ("平方公尺", "些機構臃", "項目完成", "把柬埔寨", "內尚難排"):
        assert decode_bytes(text.encode("big5")) == text


def test_txt_starting_with_pdf_is_text(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("%PDF 文件的处理办法\n一、扫描件需先识别文字。", encoding="utf-8")
    assert pt.read(path).text == "%PDF 文件的处理办法\n一、扫描件需先识别文字。"


def test_pdf_renamed_txt_is_still_refused(tmp_path):
    path = tmp_path / "scan.txt"
    path.write_bytes(_minimal_pdf(b"") + bytes(range(256)) * 8)
    with pytest.raises((BinaryContentError, DecodeError)):
        pt.read(path)


# --- bounded time ---------------------------------------------------------------------------------
@pytest.mark.parametrize("unit", ["正文内容<script>", "正文内容<!--", "正文内容<style >", "正文<" + " " * 30])
def test_unclosed_script_or_comment_is_cleaned_in_linear_time(tmp_path, unit):
    import time

    path = tmp_path / "page.txt"
    path.write_text(unit * 40_000, encoding="utf-8")  # about 800 KB
    t0 = time.perf_counter()
    doc = pt.read(path)
    assert time.perf_counter() - t0 < 10  # a regex scanning to the end per opener took minutes
    assert doc.text.count("正文") == 40_000


@pytest.mark.parametrize(
    ("encode", "codec"),
    [
        (lambda t: _damaged(t.encode("gb18030"), b"\xff\x80"), "GB18030"),
        (lambda t: ("\ufeff" + t).encode("utf-16-le")[:-1], "UTF-16"),  # a truncated download
        (lambda t: _damaged(("\ufeff" + t).encode("utf-8"), b"\xff"), "UTF-8-SIG"),
    ],
)
def test_damaged_gbk_and_truncated_utf16_are_kept_with_a_note(tmp_path, report_1985, encode, codec):
    path = tmp_path / "damaged.txt"
    path.write_bytes(encode(report_1985[:3000]))
    doc = pt.read(path)
    assert doc.title == "1985年中华人民共和国国务院政府工作报告"
    (note,) = doc.notes
    assert codec in note and "U+FFFD" in note


def _damaged(data: bytes, junk: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + junk + data[middle + len(junk):]


def test_docx_footnotes_follow_the_body(tmp_path):
    import zipfile

    path = tmp_path / "draft.docx"
    _draft_docx(path)
    footnotes = (f'<w:footnotes xmlns:w="{W_NS}">'
                 '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                 '<w:footnote w:id="1"><w:p><w:r><w:t>注：数据共享率按年度统计。</w:t></w:r></w:p></w:footnote>'
                 '</w:footnotes>')
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("word/footnotes.xml", footnotes)
    text = pt.read(path).text
    assert text.endswith("（二）健全数据安全保障体系。\n\n注：数据共享率按年度统计。")
