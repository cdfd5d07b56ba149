""".html, .docx and .pdf into text, each read as a stream of parser events so that time is linear
and memory flat in the file, within ReadLimits and the time budget."""
from __future__ import annotations

import codecs
import io
import re
import zipfile
import zlib

from reportcmp.pipeline.budget import NO_DEADLINE, Deadline
from reportcmp.pipeline.config import ReadLimits
from reportcmp.pipeline.decode import GB_FAMILY, decode_text, implausibility
from reportcmp.pipeline.records import InputError

# Markup is parsed in pieces of this size, between which the time budget is checked.
_CHUNK = 1 << 20


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
