"""The stored text of a report: the one every quote and character offset refers to.

`clean_text` turns the text a file yields into that form (CONTRACT.md: "full-width digits and ％
made ASCII, clutter and broken line-ends removed"), in four steps:

1. characters: one newline convention, no zero-width characters or HTML entities, full-width
   digits, Latin letters and ％ made ASCII (Chinese punctuation is kept: NFKC would turn ，：（）
   into ASCII and change every quote);
2. page clutter: web menus, crawler headers, bylines and photo captions before the report, and
   related-links lists and licence footers after it. Only lines that match a clutter rule go;
   every other line (titles, date lines, the report body) stays;
3. spaces inside lines: kept only between two Latin letters or digits;
4. broken lines: re-joined where the line break cannot be a paragraph break.

Pure `str`/`re` work, deterministic and idempotent: clean_text(clean_text(x)) == clean_text(x).
The clutter words are the web pages' own words: knowledge/page_clutter.csv.
"""
from __future__ import annotations

import html
import re

from reportcmp.pipeline import knowledge

# --- 1. characters --------------------------------------------------------------------------

_NEWLINES = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
# Zero-width space/joiners, word joiner, BOM, soft hyphen, control characters: invisible, and
# they split numbers.
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad\x00-\x08\x0e-\x1f\x7f]")
# Entities left in text copied out of web pages ("&nbsp;" lines in county reports). An "&amp;"
# that would form a new entity with what follows (&amp;nbsp;) stays, so cleaning twice changes nothing.
_ENTITY_NAMES = (
    r"(?:nbsp|ensp|emsp|lt|gt|quot|apos|ldquo|rdquo|lsquo|rsquo|mdash|ndash|hellip|middot"
    r"|#\d{2,6}|#[xX][0-9a-fA-F]{2,5});"
)
_HTML_ENTITY = re.compile("&" + _ENTITY_NAMES + "|&amp;(?!amp;|" + _ENTITY_NAMES + ")")
_FULLWIDTH_TO_ASCII = dict(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
        **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
        "％": "%",
        "―": "—",  # U+2015 horizontal bar, written for the dash of date lines (――2026年…)
    }
)
# A regex finds the few such characters faster than str.translate walks every character.
_FULLWIDTH = re.compile("[" + "".join(_FULLWIDTH_TO_ASCII) + "]")
# A full-width point is a decimal point only between digits; elsewhere (监督下．团结) it is prose.
_FULLWIDTH_DECIMAL_POINT = re.compile(r"(?<=\d)．(?=\d)")
# OCR read the digit 1 as the letter l in scanned city reports (4l.38亿公斤, l3.6％, 9l.9％):
# an l touching a digit and no other Latin letter is a 1.
# (Written to start with the literal l, which the regex engine scans for quickly.)
_OCR_L_FOR_ONE = re.compile(r"l(?<![A-Za-z]l)(?:(?<=[\d.]l)|(?=\d))(?![A-Za-z])")
# ...and the digit 0 as the letter O after a digit (增长1O％, lO.5％, “4O5O”人员): an O right after a digit or
# such an l, no Latin letter after it, is a 0. Never an O before a digit alone: O3 is ozone.
_OCR_O_FOR_ZERO = re.compile(r"O(?<=(?:\d|(?<![A-Za-z])l)O)(?![A-Za-z])")


# A line holding only a zero-width space is where the Wikisource copy broke a line, not a
# paragraph: after a line with no sentence-final mark (国内生产总值达到74.4 / ​ / 万亿元，经 / ​ /
# 济金融) the text goes on; after 。 it is a paragraph break (6 of 44 such lines in the corpus).
_INVISIBLE_LINE_IN_SENTENCE = re.compile(
    r"(?<=[^。！？；：!?;:…\n])\n[ \t\u3000]*[\u200b-\u200d\u2060\ufeff]+[ \t\u3000]*\n(?=[^\n])"
)


def normalize_characters(text: str) -> str:
    if "&" in text:  # first: an entity may stand for a line break or an invisible character
        text = _HTML_ENTITY.sub(lambda m: html.unescape(m.group()), text)
    text = _NEWLINES.sub("\n", text)
    if "\u200b" in text or "\ufeff" in text or "\u2060" in text or "\u200c" in text or "\u200d" in text:
        text = _INVISIBLE_LINE_IN_SENTENCE.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    return repair_numbers(_FULLWIDTH.sub(lambda m: _FULLWIDTH_TO_ASCII[m.group()], text))


def repair_numbers(text: str) -> str:
    """Decimal points and OCR'd ones inside numbers. Run before the clutter rules see the lines,
    and again on joined lines, since a number can be split across a broken line (4l / .38)."""
    text = _OCR_O_FOR_ZERO.sub("0", text)  # before the l: lO.5 is l0.5, then 10.5
    text = _OCR_L_FOR_ONE.sub("1", text)  # before the point: 5l．5 is 51.5 in one pass
    if "．" in text:
        text = _FULLWIDTH_DECIMAL_POINT.sub(".", text)
    return text


# --- 2. page clutter ------------------------------------------------------------------------

CLUTTER_ROLES = ("opening", "head_line", "head_label", "head_pattern", "crawler_title", "teaser_label",
                 "site_section", "footer_line", "footer_start", "footer_glued", "tail_line", "label_start")


def _clutter(role: str) -> list[str]:
    """The patterns (or lines) of knowledge/page_clutter.csv with `role`, in file order."""
    rows = knowledge.rows("page_clutter.csv")
    unknown = sorted(({row["role"] for row in rows} | {role}) - set(CLUTTER_ROLES))
    found = [row["pattern"] for row in rows if row["role"] == role]
    if unknown or not found:
        raise knowledge.KnowledgeError(f"knowledge/page_clutter.csv: unknown roles {unknown} or no row of role {role!r}")
    return found


def _clutter_pattern(role: str) -> str:
    return "(?:" + "|".join(_clutter(role)) + ")"


# The report's own first words: what comes before them is title, date line, byline or clutter.
_OPENING = re.compile("^" + _clutter_pattern("opening"))
# Without an opening line, the body starts at the first line that is not clutter and is long or
# ends a sentence (titles and date lines do neither; photo captions are clutter).
BODY_LINE_MIN_CHARS = 80

# Whole lines of page furniture before the report: menus, font-size widgets, share buttons.
HEAD_CLUTTER_LINES = frozenset(_clutter("head_line"))
# "label：value" lines of a page header; a bare label's value is on the next line.
_HEAD_LABEL = re.compile("^" + _clutter_pattern("head_label") + r"\s*[：:]")
_HEAD_CLUTTER_PATTERNS = (
    re.compile(r"^\d+$"),                                       # view and comment counters
    re.compile(r"^\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"),  # publication time
    re.compile(r"^[=\-_*]{5,}$"),                               # crawler header rule
    *map(re.compile, _clutter("head_pattern")),                 # crawler headers, captions, site menus
)
# A crawler's "标题：" header names the report; the title is kept, the label goes.
_CRAWLER_TITLE = re.compile("^" + _clutter_pattern("crawler_title") + r"[：:]\s*(.+)$")
_BARE_LABEL = re.compile(_HEAD_LABEL.pattern + "$")
TEASER_LABELS = tuple(label + colon for label in _clutter("teaser_label") for colon in "：:")
# The county sheets' first line is the site's section name, not a title (the title follows).
SITE_SECTION_LABEL = _clutter("site_section")[0]
# A teaser of the body under "内容摘要：" repeats the report's first figures: it goes.
_TEASER_END = re.compile(r"(?:\.{3,}|…+)$")
# Wide gaps separate the fields of a page header squeezed into one line (时间：…\t\t作者：…);
# they are marked before spaces are normalized, and unmarked in the body.
_FIELD_GAP = re.compile(r"[ \t\u3000\xa0]{3,}")
_FIELD_MARK = "\x1f"

# A line that starts what follows the report: share widgets, tags, disclaimers, previous/next
# and related links, the Wikisource licence footer.
_FOOTER_START = re.compile(
    "^" + _clutter_pattern("footer_line") + "[：:]?$|^" + _clutter_pattern("footer_start")
)
# Glued to the last paragraph of some city pages: the rest of that line and all after it go.
_FOOTER_GLUED = re.compile(_clutter_pattern("footer_glued"))
# Single lines that close a page after the report.
_TAIL_CLUTTER = re.compile("^" + _clutter_pattern("tail_line") + "$")


def drop_page_clutter(text: str) -> list[str]:
    """Lines of the report with the page furniture before and after it removed, spaces normalized."""
    lines = [
        line.strip(_FIELD_MARK)
        for line in normalize_spaces(_FIELD_GAP.sub(_FIELD_MARK, text)).split("\n")
    ]
    if "'" in text or "粗体文字" in text:
        lines = [_without_wiki_markup(line) for line in lines if not _WIKI_LEFTOVER.match(line)]
    body_start, head = _clean_head(lines)
    body = "\n".join(lines[body_start:])
    if _FIELD_MARK in body:
        body = normalize_spaces(body.replace(_FIELD_MARK, " "))
    # The tail rule also sees the head, so a second cleaning finds nothing more to drop wherever
    # it puts the start of the body.
    return _drop_tail_clutter(head + _cut_footer(body.split("\n")))


def _clean_head(lines: list[str]) -> tuple[int, list[str]]:
    """Index where the body starts, and the kept lines before it (titles, date lines, bylines)."""
    kept: list[str] = []
    skipped: set[int] = set()
    for index, line in enumerate(lines):
        if _OPENING.match(line.replace(_FIELD_MARK, "")):
            return index, kept
        if index in skipped:
            continue
        glued = _FOOTER_GLUED.search(line)
        if glued:  # above the body only the rest of this line goes
            line = _without_wiki_markup(line[: glued.start()].rstrip(_FIELD_MARK))
            if not line:
                continue
        if not line:
            kept.append(line)
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if line in TEASER_LABELS:
            if _TEASER_END.search(following):
                skipped.add(index + 1)
            continue
        if _is_breadcrumb(lines, index):
            continue
        if _is_page_metadata(following):
            # The listing title above a county sheet's metadata line sometimes names another
            # report (米易县2024年政府工作报告 above the 2022 report); the report's own title follows.
            continue
        fields = [field for field in line.split(_FIELD_MARK) if not _is_head_clutter(field)]
        if not fields:
            # A bare label ("来源：") has its value on the next line: a short name, not a title.
            if _BARE_LABEL.match(line) and len(following) <= 20 and "报告" not in following:
                skipped.add(index + 1)
            continue
        kept_line = _without_wiki_markup(normalize_spaces(" ".join(fields)))
        if not kept_line:
            continue
        if kept_line == SITE_SECTION_LABEL and not any(kept):
            continue
        title = _CRAWLER_TITLE.match(kept_line)
        if title:
            kept_line = title.group(1)
        elif len(kept_line) >= BODY_LINE_MIN_CHARS or kept_line[-1] in "。！？":
            kept.append(kept_line)  # the first line of the body, without header fields
            return index + 1, kept
        if kept_line not in kept:  # pages repeat their title above and below the breadcrumb
            kept.append(kept_line)
    return len(lines), kept


def _is_head_clutter(field: str) -> bool:
    # A footer word above the body (a share bar over the title) takes only its own line.
    if field in HEAD_CLUTTER_LINES or _HEAD_LABEL.match(field) or _FOOTER_START.match(field):
        return True
    return any(pattern.search(field) for pattern in _HEAD_CLUTTER_PATTERNS)


def _is_page_metadata(line: str) -> bool:
    """时间：2023-03-30\t\t作者：中国县域\t\t来源：政府官网: several header fields on one line."""
    fields = line.split(_FIELD_MARK)
    return len(fields) >= 2 and all(_is_head_clutter(field) for field in fields)


def _is_breadcrumb(lines: list[str], index: int) -> bool:
    """首页 > 政务信息 > 宁夏要闻: the '>' lines and the words on either side of one."""
    if lines[index] in (">", "＞", "»"):
        return True
    before = lines[index - 1].strip() if index > 0 else ""
    after = lines[index + 1].strip() if index + 1 < len(lines) else ""
    return before in (">", "＞", "»") or after in (">", "＞", "»")


def _cut_footer(lines: list[str]) -> list[str]:
    for index, line in enumerate(lines):
        glued = _FOOTER_GLUED.search(line)
        if glued:
            line = _without_wiki_markup(line[: glued.start()])
        if _FOOTER_START.match(line):
            return lines[:index]
        if glued:
            return lines[:index] + ([line] if line else [])
    return lines


def _drop_tail_clutter(lines: list[str]) -> list[str]:
    lines = list(lines)
    while lines and (not lines[-1] or _TAIL_CLUTTER.match(lines[-1])):
        lines.pop()
    return lines


# MediaWiki bold/italic quotes left around a sentence: '''——改革开放进一步深化。'''
# and the editor's placeholder for bold text (粗体文字) on lines of their own.
_WIKI_LEFTOVER = re.compile(r"^(?:'+|粗体文字|斜体文字)$")
_WIKI_QUOTES = re.compile(r"(?<=[。！？；：”）])'+$|^'+(?=——)")


def _without_wiki_markup(line: str) -> str:
    return "" if _WIKI_LEFTOVER.match(line) else _WIKI_QUOTES.sub("", line)

# --- 3. spaces inside lines -------------------------------------------------------------------

_SPACE_RUN = re.compile(r"[ \t\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_LATIN = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_ALNUM = _LATIN | frozenset("0123456789")


def _space_or_nothing(match: re.Match) -> str:
    # Chinese needs no spaces; "政 府 工 作 报 告", "增长 52%" and "市长 殷勇" are layout.
    # Between Latin letters or digits a space separates words and numbers (Public domain, 1 9).
    text, start, end = match.string, match.start(), match.end()
    if start > 0 and end < len(text) and text[start - 1] in _ALNUM and text[end] in _ALNUM:
        return " "
    return ""


def normalize_spaces(text: str) -> str:
    return _SPACE_RUN.sub(_space_or_nothing, text)


# --- 4. broken lines ---------------------------------------------------------------------------

SENTENCE_END = frozenset("。！？；：!?;:…")
# A line never starts with these: the break before them is inside a sentence.
CONTINUING_START = frozenset("，。、；：！？）》」』”’,.;:!?)%")
# A line that ends with these is inside a sentence or a name (……第十四届 / 人民代表大会).
CONTINUING_END = frozenset("，、（《“「『(第届的之与及")
# 一、 （一） 第一 1. 1、 ——: a heading or list item starts a line of its own.
_HEADING_START = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、．.]|[（(][一二三四五六七八九十百\d]+[）)]|第[一二三四五六七八九十百]+[部章节条项、，]"
    r"|\d{1,2}[.、．](?!\d)|[〔\[]\d+[〕\]]|——|各位代表|各位委员)"
)
# 一是 / 二要 / （一） alone on a line: a Wikisource bold list marker, its text is on the next line.
_BARE_MARKER = re.compile(r"^(?:[一二三四五六七八九十]+[是要]|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+[，、]?)$")
# Reports whose paragraphs are separated by blank lines (Wikisource, the city pages) can have
# single line breaks only where the copy broke a line; reports with one paragraph per line
# (provincial pages, county sheets) have unpunctuated headings that must stay lines.
BLANK_SEPARATED_MIN_RATIO = 0.5
# Rounds of cleaning at most (clean_text); real reports need two, the second to see nothing changes.
MAX_CLEAN_ROUNDS = 6
_SESSION_LINE_HEAD = re.compile(r"在.{2,30}(?:届|大会)$")
_SESSION_LINE_TAIL = re.compile(r"^.{0,20}会议上[）)]?$")


def join_broken_lines(lines: list[str]) -> list[str]:
    blank_separated = _paragraphs_blank_separated(lines)
    joined: list[str] = []
    for line in lines:
        if len(joined) > 1 and not joined[-1] and joined[-2] and line and _figure_broken_from_unit(joined[-2], line):
            joined.pop()  # 达到74.4 / (blank) / 万亿元: a figure is never the end of a paragraph
        if joined and joined[-1] and line and _continues(joined[-1], line, blank_separated):
            # Only Latin words wrapped across lines need a space back; 2.5, M2, 政府工作报告 do not.
            separator = " " if joined[-1][-1] in _LATIN and line[0] in _LATIN else ""
            joined[-1] = joined[-1] + separator + line
        else:
            joined.append(line)
    return joined


def _paragraphs_blank_separated(lines: list[str]) -> bool:
    """Whether blank lines separate paragraphs: blank runs measured against the lines that end a
    sentence. Both counts are the ones joining keeps, so cleaning clean text decides the same way: a
    blank between a figure and its unit goes (not a run), and a sentence-final line whose next line
    starts with a continuing mark becomes one line with it (not a line end)."""
    padded = lines + [""]
    blank_runs = sum(1 for i in range(len(lines) - 1)
                     if lines[i] and not lines[i + 1]
                     and not (padded[i + 2] and _figure_broken_from_unit(lines[i], padded[i + 2])))
    final_lines = sum(1 for line, after in zip(lines, padded[1:])
                      if line and line[-1] in SENTENCE_END and not (after and after[0] in CONTINUING_START))
    return blank_runs >= BLANK_SEPARATED_MIN_RATIO * max(final_lines, 1)


# A figure at a line's end and its magnitude or unit at the next line's start: 74.4 / 万亿元.
_FIGURE_AT_END = re.compile(r"(?<![A-Za-z\d.])\d+(?:\.\d+)?$")
_UNIT_AT_START = re.compile(r"^(?:多|余)?(?:万亿|亿|万|千|%|个百分点)")


def _figure_broken_from_unit(previous: str, line: str) -> bool:
    return previous[-1].isdigit() and line[0] in "多余万亿千%个" and bool(
        _UNIT_AT_START.match(line) and _FIGURE_AT_END.search(previous))


def _continues(previous: str, line: str, blank_separated: bool) -> bool:
    """Whether `line` continues the sentence `previous` broke off."""
    if _OPENING.match(line):  # 各位代表： starts the body, whatever precedes it
        return False
    if line[0] in CONTINUING_START or _figure_broken_from_unit(previous, line):
        return True
    if previous[-1] in SENTENCE_END:
        return False
    if _HEADING_START.match(line):
        return False
    if previous[-1] in CONTINUING_END or _BARE_MARKER.match(previous):
        return True
    # ——2011年1月20日在徐水县第十四届人民代表大会 / 第五次会议上: a date line broken in two.
    if _SESSION_LINE_HEAD.search(previous) and _SESSION_LINE_TAIL.match(line):
        return True
    # 细颗粒物（PM / 2.5, 广义货币M / 2: a sub- or superscript on a line of its own.
    if re.search(r"[^\x00-\x7f][A-Za-z]{1,3}$", previous) and line[0].isdigit():
        return True
    if not blank_separated:
        return False
    return not _HEADING_START.match(previous)


# --- the whole ----------------------------------------------------------------------------------


def clean_text(raw: str) -> str:
    """The stored text of a report: normalized characters, no page clutter, no broken lines."""
    # Cleaning clean text must change nothing (the stored text is cleaned again when knowledge
    # changes). One round can make what the next round removes: a space or line break gone brings
    # "&" and "nbsp;" together, two joined lines become a repeated title line. So rounds run until
    # one changes nothing. On the corpus the second round never changes a report, and it costs 0.17 s
    # of CPU for its 2.7 M characters (the first: 0.18 s). Each round that changes the text shortens
    # it; the bound keeps a hostile input linear.
    text = _clean_once(raw)
    for _ in range(MAX_CLEAN_ROUNDS - 1):
        again = _clean_once(text)
        if again == text:
            break
        text = again
    return text


def _clean_once(raw: str) -> str:
    text = normalize_characters(raw)
    lines = drop_page_clutter(text)
    text = repair_numbers("\n".join(join_broken_lines(lines)))
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n")
