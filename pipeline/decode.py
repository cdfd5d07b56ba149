"""The bytes of a text file into the characters its author wrote.

A decoding is strict about mojibake: a file that decodes only to characters of the wrong script is
rejected with the reason rather than stored with wrong characters. A few damaged characters
(U+FFFD, a byte lost in transfer) are tolerated and counted; text that is more than
MAX_REPLACEMENT_SHARE of them is rejected.
"""
from __future__ import annotations

import codecs
from functools import lru_cache

from reportcmp.pipeline.records import InputError

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

# Encodings Python decodes strictly; GB2312 and GBK are read with their superset GB18030.
GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz", "cp936"}
BIG5_FAMILY = {"big5", "big5hkscs", "cp950"}


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
