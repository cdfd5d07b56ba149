"""read.read_document: bytes of .txt/.docx/.html/.pdf in, the author's text out, or InputError with the reason."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pypdf
import pytest

from reportcmp.pipeline.config import ReadLimits
from reportcmp.pipeline.read import read_document
from reportcmp.pipeline.records import InputError

REPORT = (
    "各位代表：现在，我代表市人民政府向大会报告工作，请予审议。"
    "全市地区生产总值增长5.2%，城镇新增就业3.65万人，规模以上工业增加值增长7%。"
)
REPORT_TRADITIONAL = "政府工作報告：國內生產總值增長百分之五，城鎮新增就業一千二百萬人，居民消費價格漲幅百分之三左右。"
# UTF-8 Chinese read as GBK and saved again as UTF-8: every character exists, few are common.
MOJIBAKE_GBK = "鍚勪綅浠ｈ〃锛氱幇鍦紝鎴戜唬琛競浜烘皯鏀垮簻鍚戝浼氭姤鍛婂伐浣滐紝璇蜂簣瀹"
# GBK bytes read as Latin-1 and saved as UTF-8.
MOJIBAKE_LATIN = REPORT.encode("gbk").decode("latin-1")
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def read(name: str, data: bytes):
    return read_document(Path(name), data)


def read_error(name: str, data: bytes) -> str:
    with pytest.raises(InputError) as caught:
        read_document(Path(name), data)
    return str(caught.value)


# --- plain text: encodings ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, encoding",
    [
        (REPORT.encode("utf-8"), "utf-8"),
        (REPORT.encode("utf-8-sig"), "utf-8-sig"),
        (REPORT.encode("gb18030"), "gb18030"),
        (REPORT.encode("gbk"), "gb18030"),
        (REPORT.encode("gb2312"), "gb18030"),
        (REPORT.encode("utf-16"), "utf-16"),  # BOM and native order
        (b"\xfe\xff" + REPORT.encode("utf-16-be"), "utf-16"),
        (b"\xff\xfe" + REPORT.encode("utf-16-le"), "utf-16"),
    ],
    ids=["utf-8", "utf-8-bom", "gb18030", "gbk", "gb2312", "utf-16", "utf-16-be-bom", "utf-16-le-bom"],
)
def test_txt_encodings_decode_to_the_same_text(data, encoding):
    document = read("2024.txt", data)
    assert (document.text, document.encoding, document.source_format) == (REPORT, encoding, "txt")


def test_big5_is_read_when_gb18030_gives_mojibake():
    document = read("2024.txt", (REPORT_TRADITIONAL * 2).encode("big5"))
    assert (document.text, document.encoding) == (REPORT_TRADITIONAL * 2, "big5hkscs")


@pytest.mark.parametrize("name", ["2024.txt", "2024.TXT", "2024.Text", "2024"])
def test_plain_text_suffixes_and_no_suffix(name):
    document = read(name, REPORT.encode())
    assert (document.source_format, document.path) == ("txt", name)


# --- plain text: what is refused ---------------------------------------------------------------

UTF8_WITH_BAD_BYTES = REPORT.encode()[:30] + b"\xff\xfe" + REPORT.encode()[30:]


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("a.txt", b"", "empty file"),
        ("a.txt", b" \r\n\t \n", "empty file"),
        ("a.txt", "\ufeff \u3000\n".encode("utf-8"), "empty file"),
        ("a.txt", " \n".encode("utf-16"), "empty file"),
        ("a.docx", b"", "empty file"),
        (
            "a.txt",
            b"PK\x03\x04\x14\x00\x00\x00rest of a zip",
            "not a text file: looks like a ZIP archive (a .docx or .xlsx saved under another name?)",
        ),
        ("a.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "not a text file: looks like a PDF file"),
        ("a.txt", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40, "not a text file: looks like an old Office file (.doc or .xls)"),
        ("a.txt", b"GDP\x00\x01\x02 grew", "not a text file: looks like binary data (NUL bytes)"),
        (
            "a.txt",
            UTF8_WITH_BAD_BYTES,
            "invalid UTF-8 at byte 30 in a file that is otherwise UTF-8 (damaged or mixed encodings)",
        ),
        (
            "a.txt",
            MOJIBAKE_GBK.encode(),
            "decodes as UTF-8 but only 11 of 35 Chinese characters are common ones (mojibake?)",
        ),
        (
            "a.txt",
            MOJIBAKE_LATIN.encode(),
            "decodes as UTF-8 but has 71 characters foreign to Chinese text (mojibake?)",
        ),
        ("a.txt", b"\xff\xfe" + b"\x00\xd8" * 10, "invalid UTF-16 at byte 2"),
        ("a.xyz", REPORT.encode(), "unsupported file type .xyz (expected .txt, .docx, .html, .pdf)"),
        ("a.doc", REPORT.encode(), "unsupported file type .doc (expected .txt, .docx, .html, .pdf)"),
        ("a.XLSX", REPORT.encode(), "unsupported file type .xlsx (expected .txt, .docx, .html, .pdf)"),
    ],
    ids=[
        "empty", "whitespace", "bom-and-spaces", "utf16-whitespace", "empty-docx", "zip-as-txt",
        "pdf-as-txt", "ole-as-txt", "nul-bytes", "utf8-with-bad-bytes", "gbk-mojibake-in-utf8",
        "latin1-mojibake-in-utf8", "broken-utf16", "xyz", "doc", "xlsx",
    ],
)
def test_refused_input_names_the_reason(name, data, reason):
    assert read_error(name, data) == reason


def test_bytes_that_no_encoding_makes_chinese_are_refused():
    reason = read_error("a.txt", bytes(range(0x80, 0x100)) * 4)
    assert reason.startswith("cannot decode the text (tried UTF-8; ")
    assert "gb18030: " in reason and "big5hkscs: " in reason


# --- docx -------------------------------------------------------------------------------------


def make_docx(build) -> bytes:
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _report_with_table(document):
    document.add_paragraph("2024年德州市政府工作报告")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "指标"
    table.cell(0, 1).text = "增长"
    table.cell(1, 0).text = "地区生产总值"
    table.cell(1, 1).text = "5.2%"
    document.add_paragraph("各位代表：")


def _nested_table(document):
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "外"
    inner = outer.cell(0, 1).add_table(rows=1, cols=1)
    inner.cell(0, 0).text = "内"
    document.add_paragraph("后")


@pytest.mark.parametrize(
    "build, text",
    [
        (lambda d: [d.add_paragraph("政府工作报告"), d.add_paragraph("各位代表：")], "政府工作报告\n各位代表："),
        (_report_with_table, "2024年德州市政府工作报告\n指标\n增长\n地区生产总值\n5.2%\n各位代表："),
        # Word keeps an empty paragraph before and after a nested table: they stay empty lines.
        (_nested_table, "外\n\n内\n\n后"),
    ],
    ids=["paragraphs", "table-in-order", "nested-table"],
)
def test_docx_paragraphs_and_cells_in_document_order(build, text):
    document = read("2024.docx", make_docx(build))
    assert (document.text, document.source_format, document.encoding) == (text, "docx", None)


def test_docx_suffix_is_case_insensitive():
    assert read("报告.DOCX", make_docx(lambda d: d.add_paragraph("政府工作报告"))).text == "政府工作报告"


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data, reason",
    [
        (REPORT.encode(), "not a .docx file (not a ZIP archive)"),
        (_zip({"xl/workbook.xml": b"<workbook/>"}), "not a .docx file (no word/document.xml inside)"),
        (make_docx(lambda d: None), "no text in the docx file"),
    ],
    ids=["text-named-docx", "zip-without-document", "no-paragraphs"],
)
def test_broken_docx_is_refused(data, reason):
    assert read_error("a.docx", data) == reason


def test_docx_without_package_parts_is_refused_as_broken():
    reason = read_error("a.docx", _zip({"word/document.xml": b"<not-word/>"}))
    assert reason.startswith("broken .docx file (")


# --- html -------------------------------------------------------------------------------------

PAGE = """<html><head><meta charset="{charset}"><title>2024年政府工作报告</title>
<style>p {{ color: red }}</style><script>var a = "下载";</script></head>
<body><header>网站首页</header><nav>首页 &gt; 政务公开</nav>
<div class="content"><h1>政府工作报告</h1>
<!-- 统计口径：地区生产总值增长9% --><p>各位代表：</p>
<p>全市地区生产总值
增长5.2%。<br>城镇新增就业3.65万人。</p>
<table><tr><td>指标</td><td>增长</td></tr></table>
</div><footer>版权所有</footer></body></html>"""
PAGE_TEXT = "2024年政府工作报告\n政府工作报告\n各位代表：\n全市地区生产总值 增长5.2%。\n城镇新增就业3.65万人。\n指标\n增长"


@pytest.mark.parametrize(
    "charset, encode_as, encoding",
    [
        ("utf-8", "utf-8", "utf-8"),
        ("gbk", "gbk", "gb18030"),
        ("gb2312", "gb18030", "gb18030"),
        ("utf-8", "gbk", "gb18030"),  # a page that declares the wrong charset
    ],
    ids=["utf-8", "gbk", "gb2312", "wrong-declaration"],
)
def test_html_visible_text_by_block(charset, encode_as, encoding):
    data = PAGE.format(charset=charset).encode(encode_as)
    document = read("2024.html", data)
    assert (document.text, document.encoding, document.source_format) == (PAGE_TEXT, encoding, "html")


def test_htm_without_declaration_is_detected():
    document = read("2024.HTM", f"<p>{REPORT}</p>".encode("gbk"))
    assert (document.text, document.encoding) == (REPORT, "gb18030")


def test_html_of_only_furniture_has_no_text():
    assert read_error("a.html", "<html><nav>首页</nav><script>x()</script></html>".encode()) == "no text in the html file"


# --- pdf --------------------------------------------------------------------------------------


def make_pdf(page_streams: list[bytes]) -> bytes:
    """A minimal PDF with one Helvetica text layer per page, offsets computed."""
    count = len(page_streams)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i, stream in enumerate(page_streams):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


TWO_PAGES = [b"BT /F1 12 Tf 20 100 Td (GDP grew 5.2% in 2024) Tj ET", b"BT /F1 12 Tf 20 100 Td (Page two) Tj ET"]


def encrypted(pdf: bytes, user_password: str) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password, owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_pdf_pages_joined_by_newlines():
    document = read("2024.pdf", make_pdf(TWO_PAGES))
    assert (document.text, document.source_format) == ("GDP grew 5.2% in 2024\nPage two", "pdf")


def test_pdf_restricted_only_by_owner_password_is_read():
    assert read("2024.PDF", encrypted(make_pdf(TWO_PAGES), "")).text == "GDP grew 5.2% in 2024\nPage two"


@pytest.mark.parametrize(
    "data, reason",
    [
        (make_pdf([b""]), "PDF has no text layer (scanned?)"),
        (make_pdf([b"0 0 m 100 100 l S", b""]), "PDF has no text layer (scanned?)"),
        (encrypted(make_pdf(TWO_PAGES), "secret"), "PDF is encrypted with a password"),
    ],
    ids=["empty-page", "drawing-only", "password"],
)
def test_pdf_without_readable_text_is_refused(data, reason):
    assert read_error("a.pdf", data) == reason


def test_broken_pdf_is_refused():
    assert read_error("a.pdf", b"%PDF-1.4\nthis is not a pdf").startswith("broken PDF (")


# --- the real corpus --------------------------------------------------------------------------


@pytest.mark.corpus
def test_every_corpus_file_is_read():
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS}")
    files = sorted(path for path in CORPUS.rglob("*") if path.is_file())
    documents = [read_document(path, path.read_bytes()) for path in files]
    formats = sorted({(d.source_format, d.encoding) for d in documents})
    assert (len(documents), formats) == (168, [("docx", None), ("txt", "utf-8")])
    assert min(len(d.text) for d in documents) > 3000


# --- damaged characters: a few are tolerated and counted (issue 10, item 8) ---------------------

LONG_REPORT = REPORT * 20                     # ~1,800 characters: one damaged one is 0.06%
DAMAGED_2035 = LONG_REPORT + "到二\ufffd三五年基本实现社会主义现代化。"


def test_a_damaged_character_in_a_utf8_file_is_kept_and_counted():
    document = read("2024.txt", DAMAGED_2035.encode())
    assert (document.text, document.encoding, document.n_replacement_chars) == (DAMAGED_2035, "utf-8", 1)


@pytest.mark.parametrize("encoding, bad, decoded_as", [
    ("utf-8", b"\xff", "utf-8"),
    ("gbk", b"\x81\x20", "gb18030"),
], ids=["utf-8", "gbk"])
def test_a_few_bad_bytes_are_read_as_damaged_characters(encoding, bad, decoded_as):
    data = LONG_REPORT.encode(encoding)
    cut = len(REPORT.encode(encoding)) * 10        # between two characters
    document = read("2024.txt", data[:cut] + bad + data[cut:])
    assert (document.encoding, document.n_replacement_chars) == (decoded_as, 1)
    assert document.text.replace("\ufffd", "").replace(" ", "") == LONG_REPORT


def test_text_that_is_mostly_damaged_characters_is_refused():
    reason = read_error("2024.txt", ("\ufffd" * 100 + REPORT).encode())
    assert reason == f"decodes as UTF-8 but has 100 damaged characters (U+FFFD) in {100 + len(REPORT)}"


def test_other_formats_count_their_damaged_characters_too():
    page = f"<html><body><p>{DAMAGED_2035}</p></body></html>".encode()
    assert read("2024.html", page).n_replacement_chars == 1


# --- limits -------------------------------------------------------------------------------------

SMALL = ReadLimits(max_file_mb=1, max_text_chars=1_000, max_paragraphs=10)


@pytest.mark.parametrize("name, data, reason", [
    ("a.txt", REPORT.encode() * 20_000, "file too large: 3.7 MB, over the limit of 1 MB (REPORTCMP_MAX_FILE_MB)"),
    ("a.txt", REPORT.encode() * 20, "text too long: 1,420 characters, over the limit of 1,000 (REPORTCMP_MAX_TEXT_CHARS)"),
    ("a.txt", (REPORT[:20] + "\n").encode() * 11, "too many lines: 12, over the limit of 10 (REPORTCMP_MAX_PARAGRAPHS)"),
    ("a.html", f"<p>{REPORT * 2}</p>".encode() * 8, "text too long: more than 1,000 characters (REPORTCMP_MAX_TEXT_CHARS)"),
    ("a.html", f"<p>{REPORT[:20]}</p>".encode() * 11, "too many lines: more than 10 (REPORTCMP_MAX_PARAGRAPHS)"),
    ("a.docx", make_docx(lambda d: [d.add_paragraph(REPORT[:20]) for _ in range(11)]),
     ".docx has more than 10 paragraphs (REPORTCMP_MAX_PARAGRAPHS)"),
    ("a.docx", make_docx(lambda d: [d.add_paragraph(REPORT * 2) for _ in range(8)]),
     ".docx has more than 1,000 characters of text (REPORTCMP_MAX_TEXT_CHARS)"),
    ("a.pdf", make_pdf([b"BT /F1 12 Tf 20 100 Td (x) Tj ET"] * 11),
     "PDF over one of pypdf's limits (Maximum page tree entry limit reached: 11 > 10.)"),
], ids=["txt-size", "txt-chars", "txt-lines", "html-chars", "html-lines", "docx-paragraphs", "docx-chars",
        "pdf-pages"])
def test_a_file_over_a_limit_is_refused_naming_the_limit(name, data, reason):
    with pytest.raises(InputError) as caught:
        read_document(Path(name), data, SMALL)
    assert str(caught.value) == reason


def test_pypdf_limit_errors_are_refusals_not_retries(tmp_path):
    """A library's own limit error (pypdf's LimitReachedError, here: a stream that inflates past
    the unpacked limit) is a rejection with its reason, never an error to retry."""
    from tests.hostile import pdf_bomb

    data = pdf_bomb(tmp_path / "a.pdf", unpacked_mb=2).read_bytes()
    with pytest.raises(InputError, match=r"^PDF over one of pypdf's limits \(Limit reached while decompressing"):
        read_document(Path("a.pdf"), data, ReadLimits(max_unpacked_mb=1))


# --- the streaming readers give what the whole-tree readers gave -------------------------------

@pytest.mark.corpus
def test_every_corpus_docx_reads_as_python_docx_reads_it():
    """The streaming .docx reader against python-docx's paragraphs and cells (its former reader)."""
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS}")
    from docx.text.paragraph import Paragraph

    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

    def blocks(container):
        for child in container.iterchildren():
            if child.tag == W + "p":
                yield Paragraph(child, None).text
            elif child.tag == W + "tbl":
                for row in child.iterchildren(W + "tr"):
                    for cell in row.iterchildren(W + "tc"):
                        yield from blocks(cell)
            elif child.tag == W + "sdt":
                content = child.find(W + "sdtContent")
                if content is not None:
                    yield from blocks(content)

    files = sorted(CORPUS.rglob("*.docx"))
    assert len(files) == 23
    for path in files:
        expected = "\n".join(blocks(docx.Document(str(path)).element.body))
        assert read_document(path, path.read_bytes()).text == expected, path.name
