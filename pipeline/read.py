"""Read one input file into text: .txt, .docx, .html and .pdf, as published.

Nothing here cleans the text (that is `pipeline.clean`); reading only turns bytes into the
characters the author wrote, or fails with a reason a user can act on. The parts:
- pipeline/decode.py: the bytes of a text file into characters, strict about mojibake (a file that
  decodes only to characters of the wrong script is rejected rather than stored with wrong
  characters that every later stage would quote), tolerant of a few damaged characters;
- pipeline/read_markup.py: .html, .docx and .pdf, read as streams of parser events.

Every reader is linear in its input and bounded by ReadLimits (pipeline/config.py): the file's
size is checked before it is read (pipeline/inputs.py), what a .docx unzips to and what a PDF's
streams inflate to before they are unpacked, the text's length and line count as it is read, and
the time as it goes (pipeline/budget.py).
"""
from __future__ import annotations

from pathlib import Path

from reportcmp.pipeline.budget import NO_DEADLINE, Deadline
from reportcmp.pipeline.config import ReadLimits
from reportcmp.pipeline.decode import decode_text
from reportcmp.pipeline.read_markup import read_docx, read_html, read_pdf
from reportcmp.pipeline.records import InputError, RawDocument

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
