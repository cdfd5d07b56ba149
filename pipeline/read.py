"""Read one input file into text: .txt, .docx, .html and .pdf, as published.

Nothing here cleans the text (that is `pipeline.clean`); reading only turns bytes into the
characters the author wrote, or fails with a reason a user can act on. Decoding is never lenient:
a file that decodes only with replacement characters, or only to mojibake, is rejected rather than
stored with wrong characters that every later stage would quote.
"""
from __future__ import annotations

import codecs
import io
import re
import zipfile
from functools import lru_cache
from pathlib import Path

from pipeline.records import InputError, RawDocument

# Suffix → source format. No suffix is taken as plain text: crawlers often save without one.
FORMAT_BY_SUFFIX = {
    "": "txt",
    ".txt": "txt",
    ".text": "txt",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}
EXPECTED_SUFFIXES = ".txt, .docx, .html, .pdf"

# Signatures of binary files that users drop into the inbox under a text suffix.
BINARY_SIGNATURES = (
    (b"PK\x03\x04", "a ZIP archive (a .docx or .xlsx saved under another name?)"),
    (b"%PDF-", "a PDF file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office file (.doc or .xls)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
)

# A decoding is accepted only if the text is mostly Chinese, ASCII and the punctuation reports use,
# and most of its Chinese characters are common ones. Mojibake (UTF-8 read as GBK, GBK read as
# Big5) decodes "successfully" but is full of rare characters: on the corpus, real reports have
# >= 99% common characters and mojibake <= 57%.
MIN_COMMON_HANZI_SHARE = 0.8
MAX_ODD_CHAR_SHARE = 0.02
PLAUSIBILITY_SAMPLE_CHARS = 20_000

# Encodings Python decodes strictly; GB2312 and GBK are read with their superset GB18030.
GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz", "cp936"}
BIG5_FAMILY = {"big5", "big5hkscs", "cp950"}


def read_document(path: Path, data: bytes) -> RawDocument:
    """Turn the bytes of one file into text; raise InputError with the reason when they are not a report."""
    path = Path(path)
    source_format = source_format_of(path)
    if not data.strip():
        raise InputError("empty file")
    if source_format == "txt":
        text, encoding = decode_text(data)
    elif source_format == "html":
        text, encoding = read_html(data)
    elif source_format == "docx":
        text, encoding = read_docx(data), None
    else:
        text, encoding = read_pdf(data), None
    if not text.strip():
        raise InputError("empty file" if source_format == "txt" else f"no text in the {source_format} file")
    return RawDocument(path=str(path), text=text, source_format=source_format, encoding=encoding)


def source_format_of(path: Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMAT_BY_SUFFIX:
        raise InputError(f"unsupported file type {suffix} (expected {EXPECTED_SUFFIXES})")
    return FORMAT_BY_SUFFIX[suffix]


# --- plain text -------------------------------------------------------------------------------


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode text bytes: BOMs, then strict UTF-8, then a detected encoding that must look like Chinese."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_checked(data, "utf-16"), "utf-16"
    looks_like = binary_kind(data)
    if looks_like:
        raise InputError(f"not a text file: looks like {looks_like}")
    encoding = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as utf8_error:
        return _decode_detected(data, utf8_error)
    problem = implausibility(text)
    if problem:
        raise InputError(f"decodes as UTF-8 but {problem}")
    return text, encoding


def binary_kind(data: bytes) -> str | None:
    """What binary data looks like, or None when it may be text (UTF-16 is checked before this)."""
    for signature, kind in BINARY_SIGNATURES:
        if data.startswith(signature):
            return kind
    if b"\x00" in data[:8192]:
        return "binary data (NUL bytes)"
    return None


def _decode_detected(data: bytes, utf8_error: UnicodeDecodeError) -> tuple[str, str]:
    problems = []
    for encoding in candidate_encodings(data):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            problems.append(f"{encoding}: undecodable bytes")
            continue
        problem = implausibility(text)
        if problem is None:
            return text, encoding
        problems.append(f"{encoding}: {problem}")
    if _mostly_utf8(data):
        raise InputError(
            f"invalid UTF-8 at byte {utf8_error.start} in a file that is otherwise UTF-8 "
            "(damaged or mixed encodings)"
        )
    raise InputError("cannot decode the text (tried UTF-8; " + "; ".join(problems) + ")")


def candidate_encodings(data: bytes) -> list[str]:
    """Encodings to try after UTF-8: charset-normalizer's guess, then GB18030, then Big5.

    GB18030 always goes before Big5: GBK bytes also decode as Big5 (into rare traditional
    characters), while Big5 bytes read as GB18030 fail the plausibility check.
    """
    from charset_normalizer import from_bytes

    guess = from_bytes(data[:200_000]).best()
    candidates = []
    if guess is not None:
        name = codecs.lookup(guess.encoding).name
        if name in GB_FAMILY:
            name = "gb18030"
        elif name in BIG5_FAMILY:
            name = "big5hkscs"
        if name not in ("utf-8", "big5hkscs"):
            candidates.append(name)
    for name in ("gb18030", "big5hkscs"):
        if name not in candidates:
            candidates.append(name)
    return candidates


def implausibility(text: str) -> str | None:
    """Why `text` is not plausibly what a Chinese report's author wrote, or None when it is."""
    sample = text[:PLAUSIBILITY_SAMPLE_CHARS]
    if "\ufffd" in sample:
        return "contains replacement characters (U+FFFD)"
    odd = sum(1 for ch in sample if is_odd_char(ch))
    if odd > MAX_ODD_CHAR_SHARE * max(len(sample), 50):
        return f"has {odd} characters foreign to Chinese text (mojibake?)"
    hanzi = [ch for ch in sample if "\u4e00" <= ch <= "\u9fff"]
    if len(hanzi) >= 20:
        common = sum(1 for ch in hanzi if is_common_hanzi(ch))
        if common < MIN_COMMON_HANZI_SHARE * len(hanzi):
            return f"only {common} of {len(hanzi)} Chinese characters are common ones (mojibake?)"
    return None


# Ranges of characters that real reports contain besides ASCII: CJK, punctuation, symbols,
# circled numbers, units, full-width forms. Anything else (accented Latin, Cyrillic, kana,
# half-width katakana, box drawing, private use, control characters) is what mojibake is made of.
_USUAL_RANGES = (
    (0x00A0, 0x00BF), (0x00D7, 0x00D7), (0x00F7, 0x00F7),
    (0x2000, 0x206F), (0x2100, 0x218F), (0x2190, 0x21FF), (0x2200, 0x22FF),
    (0x2460, 0x24FF), (0x25A0, 0x25FF), (0x2600, 0x26FF), (0x2E80, 0x2FDF),
    (0x3000, 0x303F), (0x3200, 0x33FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFF60), (0xFFE0, 0xFFEF), (0x20000, 0x3134F),
)


@lru_cache(maxsize=65536)
def is_odd_char(ch: str) -> bool:
    code = ord(ch)
    if code < 0x80:
        return code < 0x20 and ch not in "\t\n\r\f\v"
    return not any(low <= code <= high for low, high in _USUAL_RANGES)


@lru_cache(maxsize=65536)
def is_common_hanzi(ch: str) -> bool:
    """In GB2312 level 1 (3755 common simplified) or Big5 level 1 (5401 common traditional)."""
    try:
        gb = ch.encode("gb2312")
        if len(gb) == 2 and 0xB0 <= gb[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        big5 = ch.encode("big5")
    except UnicodeEncodeError:
        return False
    return len(big5) == 2 and 0xA440 <= (big5[0] << 8 | big5[1]) <= 0xC67E


def _mostly_utf8(data: bytes) -> bool:
    # Only to word the error: replacement decoding never produces stored text.
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 0x7F) - bad
    return good >= 10 * bad


def _decode_checked(data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(f"invalid {encoding.upper()} at byte {error.start}") from None
    problem = implausibility(text)
    if problem:
        raise InputError(f"decodes as {encoding.upper()} but {problem}")
    return text


# --- HTML -------------------------------------------------------------------------------------

_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# Page furniture, not report text.
HTML_DROPPED_TAGS = ("script", "style", "noscript", "template", "nav", "header", "footer")
# Elements that start a new line; text inside one element flows as one line.
HTML_BLOCK_TAGS = (
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
    "table", "section", "article", "blockquote", "pre", "dd", "dt", "dl", "title", "center",
    "hr", "form", "main", "aside", "figure", "figcaption", "caption",
)


def read_html(data: bytes) -> tuple[str, str]:
    """Visible text of a web page, one block element per line, decoded with its declared charset."""
    from bs4 import BeautifulSoup, NavigableString
    from bs4.element import PreformattedString

    markup, encoding = decode_html(data)
    soup = BeautifulSoup(markup, "lxml")
    for tag in soup.find_all(HTML_DROPPED_TAGS):
        tag.decompose()
    # Comments, doctype and CDATA are not shown by a browser.
    for node in soup.find_all(string=lambda s: isinstance(s, PreformattedString)):
        node.extract()
    # Source line breaks inside a paragraph are layout, as a browser treats them; <pre> keeps them.
    for node in soup.find_all(string=True):
        if node.find_parent("pre") is None:
            node.replace_with(NavigableString(re.sub(r"\s+", " ", str(node))))
    for tag in soup.find_all(HTML_BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    lines = (line.strip() for line in soup.get_text().split("\n"))
    return "\n".join(line for line in lines if line), encoding


def decode_html(data: bytes) -> tuple[str, str]:
    """The charset a page declares when it decodes cleanly; otherwise what the bytes are."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_text(data)
    declared = _DECLARED_CHARSET.search(data[:4096])
    if declared:
        try:
            encoding = codecs.lookup(declared.group(1).decode("ascii")).name
        except LookupError:
            encoding = None
        if encoding in GB_FAMILY:
            encoding = "gb18030"
        if encoding:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                text = None  # pages often declare the wrong charset: fall back to the bytes
            if text is not None and implausibility(text) is None:
                return text, encoding
    return decode_text(data)


# --- Word ---------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(data: bytes) -> str:
    """Paragraphs and table cells in document order, one per line."""
    import docx
    from docx.text.paragraph import Paragraph

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError("not a .docx file (not a ZIP archive)")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if "word/document.xml" not in archive.namelist():
            raise InputError("not a .docx file (no word/document.xml inside)")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises several unrelated types for a damaged package
        raise InputError(f"broken .docx file ({type(error).__name__}: {error})") from None

    def blocks(container):
        for child in container.iterchildren():
            if child.tag == _W + "p":
                yield Paragraph(child, None).text
            elif child.tag == _W + "tbl":
                for row in child.iterchildren(_W + "tr"):
                    for cell in row.iterchildren(_W + "tc"):
                        yield from blocks(cell)
            elif child.tag == _W + "sdt":  # content controls wrap ordinary paragraphs
                content = child.find(_W + "sdtContent")
                if content is not None:
                    yield from blocks(content)

    return "\n".join(blocks(document.element.body))


# --- PDF ----------------------------------------------------------------------------------------


def read_pdf(data: bytes) -> str:
    """The text layer of every page, pages joined by newlines."""
    import pypdf
    from pypdf.errors import DependencyError, PdfReadError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")  # many published PDFs only restrict printing
            except (DependencyError, NotImplementedError) as error:
                raise InputError(f"PDF is encrypted ({error})") from None
            if not opened:
                raise InputError("PDF is encrypted with a password")
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
        raise InputError(f"broken PDF ({type(error).__name__}: {error})") from None
    if not any(page.strip() for page in pages):
        raise InputError("PDF has no text layer (scanned?)")
    return "\n".join(pages)
