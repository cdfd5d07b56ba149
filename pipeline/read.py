"""Read one input file into text: .txt, .docx, .html and .pdf, as published.

Nothing here cleans the text (that is `pipeline.clean`); reading only turns bytes into the
characters the author wrote, or fails with a reason a user can act on. Decoding is strict about
mojibake: a file that decodes only to characters of the wrong script is rejected rather than stored
with wrong characters that every later stage would quote. A few damaged characters (U+FFFD, a byte
lost in transfer) are tolerated and counted; text that is more than MAX_REPLACEMENT_SHARE of them
is rejected.

Every reader is linear in its input and bounded by ReadLimits (pipeline/config.py): the file's
size is checked before it is read (pipeline/inputs.py), what a .docx unzips to and what a PDF's
streams inflate to before they are unpacked, the text's length and line count as it is read, and
the time as it goes (pipeline/budget.py).
"""
from __future__ import annotations

import codecs
import io
import re
import zipfile
import zlib
from functools import lru_cache
from pathlib import Path

from pipeline.budget import NO_DEADLINE, Deadline
from pipeline.config import ReadLimits
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
# Damaged characters (U+FFFD: written by an editor that met a bad byte, or a bad byte decoded
# here) a text may hold: a damaged 〇 in 二〇三五 is 1 in ~30,000 characters of a report; a file in
# the wrong encoding read as UTF-8 is one in two or three.
MAX_REPLACEMENT_SHARE = 0.01

# Markup is parsed in pieces of this size, between which the time budget is checked.
_CHUNK = 1 << 20

# Encodings Python decodes strictly; GB2312 and GBK are read with their superset GB18030.
GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz", "cp936"}
BIG5_FAMILY = {"big5", "big5hkscs", "cp950"}


def read_document(path: Path, data: bytes, limits: ReadLimits = ReadLimits(),
                  deadline: Deadline = NO_DEADLINE) -> RawDocument:
    """Turn the bytes of one file into text; raise InputError with the reason when they are not a
    report, or when the file is over one of `limits`."""
    path = Path(path)
    source_format = source_format_of(path)
    if not data.strip():
        raise InputError("empty file")
    if len(data) > limits.max_file_bytes:
        raise InputError(too_large(len(data), limits))
    if source_format == "txt":
        text, encoding = decode_text(data)
    elif source_format == "html":
        text, encoding = read_html(data, limits, deadline)
    elif source_format == "docx":
        text, encoding = read_docx(data, limits, deadline), None
    else:
        text, encoding = read_pdf(data, limits, deadline), None
    check_size(text, limits)
    if not text.strip():
        raise InputError("empty file" if source_format == "txt" else f"no text in the {source_format} file")
    return RawDocument(path=str(path), text=text, source_format=source_format, encoding=encoding,
                       n_replacement_chars=text.count("\ufffd"))


def source_format_of(path: Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMAT_BY_SUFFIX:
        raise InputError(f"unsupported file type {suffix} (expected {EXPECTED_SUFFIXES})")
    return FORMAT_BY_SUFFIX[suffix]


def too_large(n_bytes: int, limits: ReadLimits) -> str:
    return (f"file too large: {n_bytes / 2**20:.1f} MB, over the limit of {limits.max_file_mb:g} MB "
            f"(REPORTCMP_MAX_FILE_MB)")


def check_size(text: str, limits: ReadLimits) -> None:
    """The text's length and line count within the limits."""
    if len(text) > limits.max_text_chars:
        raise InputError(f"text too long: {len(text):,} characters, over the limit of "
                         f"{limits.max_text_chars:,} (REPORTCMP_MAX_TEXT_CHARS)")
    lines = text.count("\n") + 1
    if lines > limits.max_paragraphs:
        raise InputError(f"too many lines: {lines:,}, over the limit of {limits.max_paragraphs:,} "
                         f"(REPORTCMP_MAX_PARAGRAPHS)")


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
    """Strictly with each candidate encoding, then, for a file with a few damaged bytes, leniently
    (a bad byte becomes U+FFFD, which implausibility() counts against MAX_REPLACEMENT_SHARE)."""
    problems = []
    candidates = candidate_encodings(data)
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            problems.append(f"{encoding}: undecodable bytes")
            continue
        problem = implausibility(text)
        if problem is None:
            return text, encoding
        problems.append(f"{encoding}: {problem}")
    for encoding in ("utf-8", *candidates):
        text = data.decode(encoding, errors="replace")
        if implausibility(text) is None:
            return text, encoding
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
    replaced = text.count("\ufffd")
    if replaced > MAX_REPLACEMENT_SHARE * max(len(text), 100):
        return f"has {replaced} damaged characters (U+FFFD) in {len(text)}"
    sample = text[:PLAUSIBILITY_SAMPLE_CHARS]
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
    (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFF60), (0xFFE0, 0xFFEF), (0xFFFD, 0xFFFD),
    (0x20000, 0x3134F),
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
    # Only to word the error of a file with too many damaged bytes.
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
HTML_DROPPED_TAGS = frozenset(("script", "style", "noscript", "template", "nav", "header", "footer"))
# Elements that start a new line; text inside one element flows as one line.
HTML_BLOCK_TAGS = frozenset((
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
    "table", "section", "article", "blockquote", "pre", "dd", "dt", "dl", "title", "center",
    "hr", "form", "main", "aside", "figure", "figcaption", "caption",
))


def read_html(data: bytes, limits: ReadLimits = ReadLimits(), deadline: Deadline = NO_DEADLINE) -> tuple[str, str]:
    """Visible text of a web page, one block element per line, decoded with its declared charset.

    libxml2's HTML parser (through lxml) reads the page as a stream of events into _VisibleText,
    a parser target: no tree is built, so time is linear and memory flat however deep or wide the
    page (a whole tree costs ~130 bytes per element: 1 GB for a 30 MB page of <br>s). libxml2
    stops at a depth of HTML_MAX_DEPTH (which a sloppy page of unclosed <font>s can reach); such a
    page is rejected rather than read in part.
    """
    from lxml import etree

    markup, encoding = decode_html(data)
    if not markup.strip():
        return "", encoding
    text = _VisibleText(limits)
    parser = etree.HTMLParser(target=text, encoding="utf-8", huge_tree=True, no_network=True)
    encoded = markup.encode("utf-8")
    del markup
    try:
        for offset in range(0, len(encoded), _CHUNK):
            parser.feed(encoded[offset:offset + _CHUNK])
            deadline.check()
        parser.close()
    except etree.LxmlError as error:
        raise InputError(f"broken HTML ({type(error).__name__}: {error})") from None
    if text.deepest >= HTML_MAX_DEPTH:
        raise InputError(f"HTML nested deeper than {HTML_MAX_DEPTH} elements (unclosed tags?): the "
                         f"parser stops there, so the page cannot be read whole")
    lines = "".join(text.parts).split("\n")
    return "\n".join(line.strip() for line in lines if line.strip()), encoding


# libxml2's limit on nesting with huge_tree (XML_PARSE_HUGE); the parse silently stops there.
HTML_MAX_DEPTH = 2048


class _VisibleText:
    """The text a browser shows, from the parser's events (an lxml parser target), with a newline
    around every block element. Text outside <pre> has its whitespace runs made one space (source
    line breaks are layout); comments, processing instructions and page furniture show nothing. A
    run of line breaks is kept as one, and the text and line limits are checked as it grows."""

    _spaces = re.compile(r"\s+")

    def __init__(self, limits: ReadLimits) -> None:
        self.limits = limits
        self.parts: list[str] = []
        self.pending: list[str] = []   # text since the last tag: one text node, in pieces
        self.hidden = 0                # open elements of page furniture (script, nav, …)
        self.in_pre = 0
        self.depth = self.deepest = 0
        self.n_chars = self.n_lines = 0
        self.line_has_text = False

    # -- the parser target's interface
    def start(self, tag: str, attrib) -> None:
        self._flush()
        self.depth += 1
        self.deepest = max(self.deepest, self.depth)
        if tag in HTML_DROPPED_TAGS:
            self.hidden += 1
        elif not self.hidden:
            if tag in HTML_BLOCK_TAGS:
                self._break()
            if tag == "pre":
                self.in_pre += 1

    def end(self, tag: str) -> None:
        self._flush()
        self.depth -= 1
        if tag in HTML_DROPPED_TAGS:
            self.hidden -= 1
        elif not self.hidden:
            if tag == "pre":
                self.in_pre -= 1
            if tag in HTML_BLOCK_TAGS:
                self._break()

    def data(self, text: str) -> None:
        if not self.hidden:
            self.pending.append(text)

    def close(self) -> None:
        self._flush()

    # -- building the text
    def _flush(self) -> None:
        if not self.pending:
            return
        text = "".join(self.pending)
        self.pending.clear()
        if not self.in_pre:
            text = self._spaces.sub(" ", text)
            if text == " " and (not self.parts or self.parts[-1] == "\n"):
                return                 # blank at the start of a line: stripped anyway
        self.parts.append(text)
        self.n_chars += len(text)
        self.line_has_text = self.line_has_text or not text.isspace()
        if self.n_chars > self.limits.max_text_chars:
            raise InputError(f"text too long: more than {self.limits.max_text_chars:,} characters "
                             f"(REPORTCMP_MAX_TEXT_CHARS)")

    def _break(self) -> None:
        if self.parts and self.parts[-1] != "\n":
            self.parts.append("\n")
        if self.line_has_text:
            self.line_has_text = False
            self.n_lines += 1
            if self.n_lines > self.limits.max_paragraphs:
                raise InputError(f"too many lines: more than {self.limits.max_paragraphs:,} "
                                 f"(REPORTCMP_MAX_PARAGRAPHS)")


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
DOCX_MAIN_PART = "word/document.xml"
# What a run's inner elements stand for in its text (python-docx's CT_R.text); <w:t> is its text,
# <w:br> a newline unless it is a page or column break.
_RUN_CHARS = {_W + "tab": "\t", _W + "ptab": "\t", _W + "cr": "\n", _W + "noBreakHyphen": "-"}
# The role of an element, from its tag and its parent's role: paragraphs count when they sit in
# the body, a table cell or a content control, as python-docx's document.paragraphs and tables
# give them; a paragraph's text is that of its runs, direct or inside hyperlinks (Paragraph.text).
_ROLES = {
    ("root", _W + "document"): "document",
    ("document", _W + "body"): "blocks",
    ("blocks", _W + "p"): "paragraph",
    ("blocks", _W + "tbl"): "table",
    ("blocks", _W + "sdt"): "control",
    ("control", _W + "sdtContent"): "blocks",
    ("table", _W + "tr"): "row",
    ("row", _W + "tc"): "blocks",
    ("paragraph", _W + "r"): "run",
    ("paragraph", _W + "hyperlink"): "hyperlink",
    ("hyperlink", _W + "r"): "run",
}


def read_docx(data: bytes, limits: ReadLimits = ReadLimits(), deadline: Deadline = NO_DEADLINE) -> str:
    """Paragraphs and table cells in document order, one per line.

    The main part is parsed as a stream of events (_DocxText), so memory stays flat however many
    paragraphs or runs it holds; the paragraph and text limits stop it early. The archive's declared sizes are checked before anything is unzipped, and
    zipfile never inflates a member beyond its declared size (a member that lies fails its CRC).
    """
    from lxml import etree

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError("not a .docx file (not a ZIP archive)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            unpacked = sum(member.file_size for member in members)
            if unpacked > limits.max_unpacked_bytes:
                raise InputError(f".docx unpacks to {unpacked / 2**20:,.0f} MB, over the limit of "
                                 f"{limits.max_unpacked_mb:g} MB (REPORTCMP_MAX_UNPACKED_MB)")
            if DOCX_MAIN_PART not in {member.filename for member in members}:
                raise InputError("not a .docx file (no word/document.xml inside)")
            with archive.open(DOCX_MAIN_PART) as stream:
                return "\n".join(_docx_paragraphs(stream, limits, deadline))
    except InputError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, NotImplementedError,
            RuntimeError, ValueError, etree.LxmlError) as error:
        raise InputError(f"broken .docx file ({type(error).__name__}: {error})") from None


def _docx_paragraphs(stream, limits: ReadLimits, deadline: Deadline) -> list[str]:
    from lxml import etree

    text = _DocxText(limits)
    parser = etree.XMLParser(target=text, resolve_entities=False, no_network=True, load_dtd=False)
    while chunk := stream.read(_CHUNK):
        parser.feed(chunk)
        deadline.check()
    parser.close()
    return text.paragraphs


class _DocxText:
    """The paragraphs of a Word main part, from the parser's events (an lxml parser target): no
    tree is built, so time is linear and memory flat however many paragraphs or runs it holds."""

    def __init__(self, limits: ReadLimits) -> None:
        self.limits = limits
        self.roles: list[str | None] = []
        self.paragraphs: list[str] = []
        self.parts: list[str] = []
        self.n_chars = 0

    def start(self, tag: str, attrib) -> None:
        parent = self.roles[-1] if self.roles else "root"
        role = _ROLES.get((parent, tag))
        if parent == "root" and role is None:
            raise InputError("broken .docx file (word/document.xml is not a Word document)")
        if parent == "run":
            if tag == _W + "t":
                role = "text"
            elif tag == _W + "br":
                self.parts.append("\n" if attrib.get(_W + "type", "textWrapping") == "textWrapping" else "")
            elif tag in _RUN_CHARS:
                self.parts.append(_RUN_CHARS[tag])
        self.roles.append(role)

    def end(self, tag: str) -> None:
        if self.roles.pop() != "paragraph":
            return
        self.paragraphs.append("".join(self.parts))
        self.parts.clear()
        self.n_chars += len(self.paragraphs[-1]) + 1
        if len(self.paragraphs) > self.limits.max_paragraphs:
            raise InputError(f".docx has more than {self.limits.max_paragraphs:,} paragraphs "
                             f"(REPORTCMP_MAX_PARAGRAPHS)")
        if self.n_chars > self.limits.max_text_chars:
            raise InputError(f".docx has more than {self.limits.max_text_chars:,} characters of "
                             f"text (REPORTCMP_MAX_TEXT_CHARS)")

    def data(self, text: str) -> None:
        if self.roles and self.roles[-1] == "text":
            self.parts.append(text)

    def close(self) -> None:
        return None


# --- PDF ----------------------------------------------------------------------------------------


def read_pdf(data: bytes, limits: ReadLimits = ReadLimits(), deadline: Deadline = NO_DEADLINE) -> str:
    """The text layer of every page, pages joined by newlines.

    pypdf bounds what its streams inflate to and how far it walks a page tree, and raises its own
    LimitReachedError beyond; that, like any other pypdf error, is a rejection with its reason, not
    a failure to retry. The page count and the text are bounded by `limits` as pages are read.
    """
    import pypdf
    from pypdf.errors import DependencyError, LimitReachedError, PyPdfError

    max_stream = min(limits.max_unpacked_bytes, pypdf.Configuration.zlib_maximum_output_length)
    max_entries = min(limits.max_paragraphs, pypdf.Configuration.page_tree_maximum_entries)
    pages: list[str] = []
    n_chars = 0
    try:
        with pypdf.apply_configuration(zlib_maximum_output_length=max_stream,
                                       lzw_maximum_output_length=max_stream,
                                       run_length_maximum_output_length=max_stream,
                                       page_tree_maximum_entries=max_entries):
            reader = pypdf.PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                try:
                    opened = reader.decrypt("")  # many published PDFs only restrict printing
                except (DependencyError, NotImplementedError) as error:
                    raise InputError(f"PDF is encrypted ({error})") from None
                if not opened:
                    raise InputError("PDF is encrypted with a password")
            n_pages = len(reader.pages)
            if n_pages > limits.max_paragraphs:
                raise InputError(f"PDF has {n_pages:,} pages, over the limit of {limits.max_paragraphs:,} "
                                 f"(REPORTCMP_MAX_PARAGRAPHS)")
            for page in reader.pages:
                deadline.check()
                pages.append(page.extract_text() or "")
                n_chars += len(pages[-1]) + 1
                if n_chars > limits.max_text_chars:
                    raise InputError(f"PDF has more than {limits.max_text_chars:,} characters of text "
                                     f"(REPORTCMP_MAX_TEXT_CHARS)")
    except InputError:
        raise
    except LimitReachedError as error:
        raise InputError(f"PDF over one of pypdf's limits ({error})") from None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError, zlib.error) as error:
        raise InputError(f"broken PDF ({type(error).__name__}: {error})") from None
    if not any(page.strip() for page in pages):
        raise InputError("PDF has no text layer (scanned?)")
    return "\n".join(pages)
