"""The grammar of figures: numbers, units and qualifier words as government work reports write them.

`find_quantities` reads every figure in a stretch of text: the numeric core (3.65万, 1—2, 两千),
the unit as written (万个, 亿元, 个百分点), the qualifier words next to it (超过, 力争达到, 以上,
左右) and the bound they set. It does not decide what a figure is about; `pipeline.extract` does.

Units, qualifier words and rank words are data (`knowledge/units.csv`, `qualifiers.csv` with
`qualifier_exceptions.csv`, `rank_words.csv`). A magnitude written before a unit (万个, 亿元, 万亿元)
is composed here, so the unit table lists bare units only. What must not count as a figure (二十大,
十四五, 2024年 as a date, 5G, PM2.5, 两个维护, 一次性…) is decided by the rules below and the words of
`knowledge/numeral_names.txt` and `unit_compounds.txt`.

Chinese numerals are read with cn2an on the numeric core only: it raises on a unit suffix and on
百万, so units and magnitudes are split off first (see STACK-FACTS.md).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import cn2an

from reportcmp.pipeline import knowledge


@dataclass(frozen=True)
class Quantity:
    """One figure found in text; offsets are absolute in the text given to find_quantities."""

    start: int                 # from the first adjacent qualifier word …
    end: int                   # … to the end of the unit or post-qualifier
    number_start: int          # the numeric core: 3.65万, 1—2, 两千
    number_end: int
    value: float               # in the unit as written (3.65 for 3.65万个)
    value_high: float | None   # upper end of a range (6%－6.5% → 6.5)
    unit: str | None           # as written: %, 万个, 亿元, 个百分点, 位
    value_base: float | None   # in base_unit (36500 for 3.65万个)
    base_unit: str | None
    pre_qualifier: str | None  # 超过, 力争达到, 约, 不低于, 前 (for 前三)…
    post_qualifier: str | None # 以上, 左右, 以内, 余, 多…
    comparator: str            # >=, <=, ~, =, range
    dimension: str             # percent, pp, count, money, area, length, weight, energy,
                               # ratio_times, rank, year, other
    text: str                  # text[start:end]


# --- knowledge -----------------------------------------------------------------------------

def _read_knowledge(name: str) -> list[dict[str, str]]:
    """Rows of a knowledge CSV, every field but `note` required."""
    rows = knowledge.rows(name)
    for number, row in enumerate(rows, start=2):
        if any(value is None or value == "" for key, value in row.items() if key != "note"):
            raise knowledge.KnowledgeError(f"knowledge/{name}: row {number} has an empty field: {row}")
    return rows


def _load_units() -> tuple[dict[str, tuple[str, float, str]], frozenset[str]]:
    """(unit -> (base_unit, factor, dimension), the units no magnitude may stand before)."""
    dimensions = {"percent", "pp", "count", "money", "area", "length", "weight", "energy",
                  "ratio_times", "rank", "year", "other"}
    units: dict[str, tuple[str, float, str]] = {}
    without_magnitude = set()
    for row in _read_knowledge("units.csv"):
        if row["dimension"] not in dimensions or row["magnitude"] not in ("yes", "no"):
            raise knowledge.KnowledgeError(f"units.csv: unknown dimension {row['dimension']!r} or magnitude "
                             f"{row['magnitude']!r} for {row['unit']!r}")
        units[row["unit"]] = (row["base_unit"], float(row["factor"]), row["dimension"])
        if row["magnitude"] == "no":
            without_magnitude.add(row["unit"])
    return units, frozenset(without_magnitude)


def _load_qualifiers() -> dict[tuple[str, str], str]:
    """(word, pre|post) -> comparator. Rows `between` two growths are the comparison's only."""
    qualifiers: dict[tuple[str, str], str] = {}
    for row in knowledge.rows("qualifiers.csv"):
        if row["position"] in ("between", "clause"):
            continue
        if row["position"] not in ("pre", "post") or row["comparator"] not in (">=", "<=", "~", "="):
            raise knowledge.KnowledgeError(f"knowledge/qualifiers.csv: bad position or comparator in {row}")
        qualifiers[(row["word"], row["position"])] = row["comparator"]
    return qualifiers


UNITS, UNITS_WITHOUT_MAGNITUDE = _load_units()
QUALIFIERS = _load_qualifiers()

# Magnitudes written after a number and before its unit (3.65万个, 1.3万亿元, 50余亿元).
MAGNITUDES = {
    "万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "亿": 1e8,
    "千万": 1e7, "百万": 1e6, "十万": 1e5, "万": 1e4, "千": 1e3, "百": 1e2,
}
# Alone (no unit after them) only these make a figure: 人口3.65万. 3百/2千 alone are not written.
BARE_MAGNITUDES = ("万亿", "千亿", "百亿", "亿", "千万", "百万", "十万", "万")

# Names and set phrases built from numerals and a unit word (两个维护, 一带一路): not figures.
NUMERAL_NAMES = tuple(knowledge.words("numeral_names.txt"))
# A unit word followed by the rest of one of these is the start of another word: 一部分, 二次会议, 90年代.
UNIT_COMPOUNDS = tuple(knowledge.words("unit_compounds.txt"))


def _qualifier_exceptions(position: str) -> dict[str, tuple[str, ...]]:
    """word -> the letters or words that make it part of another word beside it, for qualifier words
    of `position` (knowledge/qualifier_exceptions.csv)."""
    found = {}
    for row in _read_knowledge("qualifier_exceptions.csv"):
        if (row["word"], row["position"]) not in QUALIFIERS:
            raise knowledge.KnowledgeError(f"knowledge/qualifier_exceptions.csv: {row['word']!r} is no {row['position']} "
                             "word of qualifiers.csv")
        if row["position"] == position:
            found[row["word"]] = tuple(row["joins"].split("|"))
    return found


RANK_ROLES = ("verb", "scope", "not_after", "priority", "subject", "alone_verb", "alone_scope", "alone_group")


def rank_words(role: str) -> list[str]:
    """The words of knowledge/rank_words.csv with `role`, in file order."""
    rows = knowledge.rows("rank_words.csv")
    unknown = sorted(({row["role"] for row in rows} | {role}) - set(RANK_ROLES))
    if unknown:
        raise knowledge.KnowledgeError(f"knowledge/rank_words.csv: unknown roles {unknown}")
    return [row["word"] for row in rows if row["role"] == role]


# --- patterns ------------------------------------------------------------------------------

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，％", "0123456789.,%")
_ARABIC = r"[0-9０-９]+(?:,[0-9]{3}(?![0-9]))*(?:[.．][0-9０-９]+)?"
# 〇 ○ O are zeros only in written-out years (二〇二四年), which are dates, not figures.
_CN = r"[零〇○O一二两三四五六七八九十百千万亿]+"
_CN_DIGITS = set("零〇○O一二两三四五六七八九")
_MAG = "|".join(sorted(MAGNITUDES, key=len, reverse=True))
_UNIT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
_SEP = r"[—–－\-~～]|到|至"
_NUM = rf"{_ARABIC}|{_CN}"

FIGURE_RE = re.compile(
    r"(?=[0-9０-９零〇○O一二两三四五六七八九十百千万亿])"  # skip positions no numeral starts at
    rf"(?P<n1>{_NUM})"
    rf"(?:(?P<u1>(?:{_MAG})?(?:{_UNIT})|{_MAG})?(?P<sep>{_SEP})(?P<n2>{_NUM}))?"
    # Web text sometimes breaks a figure from its unit with spaces: 74.4  万亿元 (national/2017.txt).
    rf"(?:[ \u3000]{{1,2}}(?=(?:{_MAG})?(?:{_UNIT})))?"
    rf"(?P<mid1>余|多)?(?P<mag>{_MAG})?(?P<mid2>余|多)?(?P<unit>{_UNIT})?"
)


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_PRE_WORDS = [w for (w, pos) in QUALIFIERS if pos == "pre"]
_POST_WORDS = [w for (w, pos) in QUALIFIERS if pos == "post"]
PRE_CHAIN_RE = re.compile(rf"(?:{_alternation(_PRE_WORDS)})+$")
PRE_WORD_RE = re.compile(_alternation(_PRE_WORDS))
# After a figure, some qualifier letters begin another word: 3个多元主体, 100亿元余额, 3年内容.
_POST_NOT_BEFORE = {word: "|".join(map(re.escape, joins)) for word, joins in _qualifier_exceptions("post").items()}
POST_RE = re.compile("|".join(
    re.escape(w) + (f"(?!{_POST_NOT_BEFORE[w]})" if w in _POST_NOT_BEFORE else "")
    for w in sorted(_POST_WORDS, key=len, reverse=True)
))
NAMES_RE = re.compile(_alternation(NUMERAL_NAMES))
# One compiled alternation, matched at the unit's start: ~3 M startswith calls on a corpus were the
# extractor's single largest cost.
UNIT_COMPOUNDS_RE = re.compile(_alternation(UNIT_COMPOUNDS))

# Ranks: 第63位, 第3名, 居全省第一, 居世界首位, 进入全国前三, 前10位.
# Possessive: 第十三届 must not back off to 第十 and read 三届 as what follows a rank.
_RANK_NUM = r"[0-9０-９]++|[一二两三四五六七八九十百零〇]++"
_RANK_CONTEXT = "|".join(map(re.escape, rank_words("verb")))
_RANK_SCOPE = "|".join(map(re.escape, rank_words("scope")))
_NOT_RANK_AFTER = "|".join(map(re.escape, rank_words("not_after")))
# Python's re tries every alternative at every position; a class of the letters a rank can start
# with lets it skip most positions at once (the pattern is otherwise the same).
_RANK_FIRST = "".join(sorted({w[0] for w in rank_words("verb") + rank_words("scope")} | {"第", "前"}))
RANK_RE = re.compile(
    rf"(?=[{_RANK_FIRST}])"
    rf"(?:(?:{_RANK_CONTEXT})[^，。；、：！？（）()“”\s0-9第前首]{{0,8}}?|(?:{_RANK_SCOPE}))"
    rf"(?P<rank>第(?P<n>{_RANK_NUM})(?P<u>位|名)?|首位|(?P<top>前)(?P<m>{_RANK_NUM})(?P<mu>位|名)?)"
    rf"(?!{_NOT_RANK_AFTER})"
    rf"|(?P<rank2>第(?P<n2>{_RANK_NUM})(?P<u2>位|名)|(?P<top2>前)(?P<m2>{_RANK_NUM})(?P<mu2>位|名))"
)
# 把就业放在首位 / 放在第一位: a priority, not a rank.
_PRIORITY_BEFORE = tuple(rank_words("priority"))


# --- numbers -------------------------------------------------------------------------------

def _sig(x: float) -> float:
    """Drop binary noise from decimal arithmetic: 3.65 * 1e4 is 36500, not 36500.00000000001."""
    return float(f"{x:.12g}")


@lru_cache(maxsize=4096)
def _parse_chinese(core: str) -> float:
    core = core.replace("O", "〇").replace("○", "〇")
    if not core:
        raise ValueError("empty Chinese numeral")
    if core[0] in "百千":                    # 百 and 千 without 一 (百万, 千亿): cn2an refuses
        core = "一" + core
    try:
        return float(cn2an.cn2an(core, "smart"))
    except Exception as error:              # cn2an raises ValueError and, on odd input, others
        raise ValueError(f"not a Chinese numeral: {core!r}") from error


def _split_magnitude(core: str) -> tuple[str, str]:
    """3.65万 → ('3.65', '万'); 二十万 → ('二十', '万'); 1.3万亿 → ('1.3', '万亿')."""
    for mag in sorted(MAGNITUDES, key=len, reverse=True):
        if core.endswith(mag) and len(core) > len(mag):
            head = core[: -len(mag)]
            if head[-1].isdigit() or mag in ("万", "亿", "万亿"):
                return head, mag
    return core, ""


_ARABIC_FULL_RE = re.compile(rf"-?{_ARABIC}")
_CN_FULL_RE = re.compile(rf"{_CN}")


def parse_number(s: str) -> float:
    """The value of a numeric core: 3.65万 → 36500, 1.3万亿 → 1.3e12, 两千 → 2000, 百万 → 1e6.

    Raises ValueError for anything that is not a bare number (a unit suffix, 余/多, a name).
    """
    if not isinstance(s, str) or not s.strip():
        raise ValueError(f"not a number: {s!r}")
    core = s.strip().translate(_FULLWIDTH)
    head, mag = _split_magnitude(core)
    factor = MAGNITUDES.get(mag, 1.0)
    if _ARABIC_FULL_RE.fullmatch(head):
        return _sig(float(head.replace(",", "")) * factor)
    if _CN_FULL_RE.fullmatch(head) and not (set(head) & set("万亿") and mag):
        return _sig(_parse_chinese(head) * factor)
    raise ValueError(f"not a number: {s!r}")


def unit_info(unit: str) -> tuple[str, float, str] | None:
    """(base_unit, factor, dimension) for a unit as written: 万个 → ('个', 10000.0, 'count')."""
    return _unit_info(unit.translate(_FULLWIDTH)) if unit else None


@lru_cache(maxsize=1024)
def _unit_info(unit: str) -> tuple[str, float, str] | None:
    if unit in UNITS:
        return UNITS[unit]
    for mag in sorted(MAGNITUDES, key=len, reverse=True):
        rest = unit[len(mag):]
        # A magnitude before a unit that takes none is no figure: 百亿成势 is a slogan, 万岁 a cheer.
        if unit.startswith(mag) and rest in UNITS and rest not in UNITS_WITHOUT_MAGNITUDE:
            base, factor, dimension = UNITS[rest]
            return base, _sig(factor * MAGNITUDES[mag]), dimension
    return None


# --- finding figures -----------------------------------------------------------------------

def _comparator(pre: str | None, post: str | None, is_range: bool) -> str:
    """The bound the words set: a bounding post word wins over pre words; 力争/达到 bound nothing."""
    if is_range:
        return "range"
    if post and QUALIFIERS[(post, "post")] != "=":
        return QUALIFIERS[(post, "post")]
    bounds = [QUALIFIERS[(w, "pre")] for w in PRE_WORD_RE.findall(pre or "")]
    bounds = [b for b in bounds if b != "="]
    return bounds[-1] if bounds else "="


# A pre word whose letter ends another word is not a qualifier there: 签约一个, 下达3亿元, 最近3年.
_PRE_NOT_AFTER = _qualifier_exceptions("pre")


def _pre_qualifier(text: str, number_start: int, lo: int) -> str | None:
    found = PRE_CHAIN_RE.search(text, max(lo, number_start - 12), number_start)
    if not found:
        return None
    start = found.start()
    for word in PRE_WORD_RE.findall(found.group()):
        if text.endswith(_PRE_NOT_AFTER.get(word, ()), 0, start):
            start += len(word)                # drop the word that belongs to the word before
            continue
        break
    return text[start:number_start] or None


def _in_short_quote(text: str, s: int, e: int) -> bool:
    """“三个高于”, “15分钟生活圈”: a figure inside a short quoted name is part of the name."""
    opening = text.rfind("“", max(0, s - 10), s)
    if opening < 0 or text.find("”", opening, s) >= 0:
        return False
    closing = text.find("”", e, e + 12)
    return closing >= 0 and text.find("“", e, closing) < 0


def _in_name(text: str, s: int, e: int) -> bool:
    for name in NAMES_RE.finditer(text, max(0, s - 6), e + 6):
        if name.start() < e and name.end() > s:
            return True
    return False


def _is_year(core: str, unit: str | None, approximate: bool) -> bool:
    if unit != "年" or approximate:          # 2600多年 is a span of time, not a date
        return False
    if core.isdigit():
        return len(core) == 4 and 1000 <= int(core) <= 2999
    return len(core) == 4 and set(core) <= _CN_DIGITS


def _chinese_value(core: str) -> tuple[float, str] | None:
    """Value and trailing magnitude of a Chinese core, or None when it is no number of its own."""
    if set(core) & set("〇○O") or (len(core) >= 2 and set(core) <= _CN_DIGITS):
        return None                          # 二〇二四, 二四, 三五 (a span, not 35), 一二三产业
    head, mag = core, ""
    stripped = core.rstrip("万亿")
    if stripped != core:
        head, mag = stripped, core[len(stripped):]
    if not head or head in ("零", "〇") or (head in ("百", "千") and not mag) or mag not in ("", *MAGNITUDES):
        return None                          # 万家, 亿万, 百年, 千家, 零部件 are words, not figures
    try:
        return _parse_chinese(head), mag
    except ValueError:
        return None


def _core_value(core: str) -> tuple[float, str] | None:
    if core[0].isdigit():
        if len(core) > 1 and core[0] in "0０" and core[1] not in ".．":
            return None                      # 0534: an area code or serial number
        return float(core.translate(_FULLWIDTH).replace(",", "")), ""
    return _chinese_value(core)


def _blocked_before(text: str, s: int) -> bool:
    """第三条, PM2.5, G20, 2×660, 8·6: an ordinal, a name or a product code, not a figure."""
    if s == 0:
        return False
    before = text[s - 1]
    return (before == "第" or before in "×*·•/.．@#" or ("A" <= before <= "Z")
            or ("a" <= before <= "z") or before.isdigit())


def _blocked_after(text: str, e: int, unit_start: int, unit_written: str | None, base: str | None) -> bool:
    after = text[e : e + 1]
    if after and (after in "×*·•级" or after.isascii() and after.isalpha()):
        return True                           # 2×660, 5G, 千万吨级炼油厂, 千亿元级产业
    if base is None:                          # bare magnitude: 千亿级, 百亿级, 万亿大关
        return after in ("号", "届", "期", "版", "代", "型", "强", "类", "批")
    compound = UNIT_COMPOUNDS_RE.match(text, unit_start)
    return compound is not None and compound.end() > e   # 人民 blocks 万人民群众, not 万人民币


def _ranks(text: str, lo: int, hi: int) -> list[Quantity]:
    found = []
    for m in RANK_RE.finditer(text, lo, hi):
        group = "rank" if m.group("rank") else "rank2"
        s, e = m.span(group)
        if text.endswith(_PRIORITY_BEFORE, 0, s):
            continue
        is_top = bool(m.group("top") or m.group("top2"))
        number = m.group("m") or m.group("m2") if is_top else m.group("n") or m.group("n2")
        if number is None:                    # 首位
            value, number_span = 1.0, (s, e)
        else:
            value_core = _core_value(number)
            if value_core is None or value_core[1]:
                continue
            value = value_core[0]
            offset = text.index(number, s, e)
            number_span = (offset, offset + len(number))
        unit = m.group("u") or m.group("u2") or m.group("mu") or m.group("mu2") or "位"
        found.append(Quantity(
            start=s, end=e, number_start=number_span[0], number_end=number_span[1],
            value=value, value_high=None, unit=unit, value_base=value, base_unit="位",
            pre_qualifier="前" if is_top else None, post_qualifier=None,
            comparator="<=" if is_top else "=", dimension="rank", text=text[s:e],
        ))
    return found


def _figure(text: str, m: re.Match, lo: int, hi: int) -> Quantity | None:
    n1, n2, u1 = m.group("n1"), m.group("n2"), m.group("u1")
    unit_start = m.start("unit") if m.group("unit") else m.end()
    first = _core_value(n1)
    if first is None:
        return None
    value, chinese_mag = first
    high = None
    if n2 is not None:
        second = _core_value(n2)
        if second is None:
            return None
        high, high_mag = second
        chinese_mag = chinese_mag or high_mag
    mag = m.group("mag") or chinese_mag
    unit_word = (m.group("unit") or "").replace("％", "%")
    written = (mag + unit_word) or None
    if u1 and written and u1.replace("％", "%") not in (written, mag):
        return None                           # 6%—6.5亿元: two figures glued, not a range
    if written is None or (not unit_word and mag not in BARE_MAGNITUDES):
        return None                           # a bare number: 5G, 12345热线, 8·6, 12英寸, 一是
    approximate = bool(m.group("mid1") or m.group("mid2"))
    if _is_year(n1, written, approximate) or (n2 is not None and _is_year(n2, written, approximate)):
        return None
    if high is not None and high <= value:
        return None

    number_start, e = m.start("n1"), m.end()
    if number_start >= 2 and text[number_start - 1] in "-－" and text[number_start - 2] in "长为是：:（(，,":
        number_start -= 1                     # 增长-2.5%: a negative figure
        value, high = -value, high
    elif _blocked_before(text, number_start):
        return None
    info = unit_info(written) if unit_word else None
    if unit_word and info is None:
        return None                           # a magnitude before a unit that takes none: 百亿成势
    base, factor, dimension = info if info else (None, MAGNITUDES.get(mag, 1.0), "other")
    if _blocked_after(text, e, unit_start, written, base if unit_word else None):
        return None
    if n1 == "一" and text[e : e + 1] == "一":
        return None                           # 一项一策, 一人一档, 一年一度
    if _in_name(text, number_start, e) or _in_short_quote(text, number_start, e):
        return None

    number_end = m.end("mag") if m.group("mag") else m.end("n2") if n2 else m.end("n1")
    mid = m.group("mid2") or m.group("mid1")
    post = mid
    post_match = POST_RE.match(text, e, hi)
    if post_match:
        post, e = post_match.group(), post_match.end()
    pre = _pre_qualifier(text, number_start, lo)
    start = number_start - len(pre) if pre else number_start
    return Quantity(
        start=start, end=e, number_start=number_start, number_end=number_end,
        value=value, value_high=high, unit=written,
        value_base=_sig(value * factor), base_unit=base,
        pre_qualifier=pre, post_qualifier=post,
        comparator=_comparator(pre, post, high is not None),
        dimension=dimension, text=text[start:e],
    )


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Every figure in text[start:end], in order; offsets are absolute in text."""
    hi = len(text) if end is None else min(end, len(text))
    ranks = _ranks(text, start, hi)
    taken = [(q.start, q.end) for q in ranks]
    found = list(ranks)
    for m in FIGURE_RE.finditer(text, start, hi):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        quantity = _figure(text, m, start, hi)
        if quantity is not None:
            found.append(quantity)
    found.sort(key=lambda q: q.start)
    return found
