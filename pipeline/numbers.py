"""The grammar of figures: numbers, units and qualifier words as government work reports write them.

`find_quantities` reads every figure in a stretch of text: the numeric core (3.65万, 1—2, 两千),
the unit as written (万个, 亿元, 个百分点), the qualifier words next to it (超过, 力争达到, 以上,
左右) and the bound they set. It does not decide what a figure is about; `pipeline.extract` does.

Units and qualifier words are data (`knowledge/units.csv`, `knowledge/qualifiers.csv`). A
magnitude written before a unit (万个, 亿元, 万亿元) is composed here, so the unit table lists
bare units only. What must not count as a figure (二十大, 十四五, 2024年 as a date, 5G, PM2.5,
两个维护, 一次性…) is decided by the rules in `_is_name_or_date` and the name list below.

Chinese numerals are read with cn2an on the numeric core only: it raises on a unit suffix and on
百万, so units and magnitudes are split off first (see STACK-FACTS.md).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import cn2an

from pipeline import knowledge


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
            raise ValueError(f"knowledge/{name}: row {number} has an empty field: {row}")
    return rows


def _load_units() -> dict[str, tuple[str, float, str]]:
    dimensions = {"percent", "pp", "count", "money", "area", "length", "weight", "energy",
                  "ratio_times", "rank", "year", "other"}
    units: dict[str, tuple[str, float, str]] = {}
    for row in _read_knowledge("units.csv"):
        if row["dimension"] not in dimensions:
            raise ValueError(f"units.csv: unknown dimension {row['dimension']!r} for {row['unit']!r}")
        units[row["unit"]] = (row["base_unit"], float(row["factor"]), row["dimension"])
    return units


def _load_qualifiers() -> dict[tuple[str, str], str]:
    """(word, pre|post) -> comparator. Rows `between` two growths are the comparison's only."""
    qualifiers: dict[tuple[str, str], str] = {}
    for row in knowledge.rows("qualifiers.csv"):
        if row["position"] in ("between", "clause"):
            continue
        if row["position"] not in ("pre", "post") or row["comparator"] not in (">=", "<=", "~", "="):
            raise ValueError(f"knowledge/qualifiers.csv: bad position or comparator in {row}")
        qualifiers[(row["word"], row["position"])] = row["comparator"]
    return qualifiers


UNITS = _load_units()
QUALIFIERS = _load_qualifiers()

# Magnitudes written after a number and before its unit (3.65万个, 1.3万亿元, 50余亿元).
MAGNITUDES = {
    "万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "亿": 1e8,
    "千万": 1e7, "百万": 1e6, "十万": 1e5, "万": 1e4, "千": 1e3, "百": 1e2,
}
# Alone (no unit after them) only these make a figure: 人口3.65万. 3百/2千 alone are not written.
BARE_MAGNITUDES = ("万亿", "千亿", "百亿", "亿", "千万", "百万", "十万", "万")

# Names and set phrases built from numerals and a unit word: not figures.
NUMERAL_NAMES = (
    "两个维护", "两个确立", "两个毫不动摇", "两个一百年", "两个大局", "两个结合", "两个健康",
    "三个代表", "三个务必", "三个转变", "三个高于", "三个区分开来", "三个一批",
    "四个全面", "四个意识", "四个自信", "四个革命", "四个最严", "四个不摘", "四个一批",
    "五个必由之路", "五个必须", "五位一体", "六个坚持", "十个坚持", "十个明确",
    "一带一路", "一成不变", "千家万户", "千方百计", "百千万工程", "一件事", "一张网", "一张图",
    "一张蓝图", "一条龙", "一次性", "一部分", "一个中心", "一盘棋", "一揽子", "一个中国",
    "一个脚印", "八项规定", "三棵树",
    "一批", "一起", "一对一", "一支", "一只",  # a batch of, together, one-to-one, a team: no count
)
# A unit word followed by these letters is the start of another word: 一部分, 二次会议, 90年代.
UNIT_COMPOUNDS = (
    "部分", "部门", "部署", "部位", "部长", "部委", "次性", "次会议", "次全会", "次全体会议",
    "次代表大会", "次党代会", "条龙", "条件", "张网", "张图", "张蓝图", "件事", "位一体",
    "位数", "人制", "次能源", "次产业", "种子", "种植", "种养", "种业", "种粮", "种源",
    "年代", "年级", "年轻", "年鉴", "年货", "年会", "年度", "场景", "场所", "场馆", "处理",
    "处置", "台阶", "台账", "台湾", "套餐", "户籍", "户口", "户外", "所有", "所以", "所在",
    "所得", "间接", "座谈", "天然", "天下", "头部", "元化", "元结构", "元素", "元旦", "倍增",
    "家庭", "家电", "家居", "家园", "家乡", "家政", "名单", "名城", "名镇", "名村", "名师",
    "名医", "名校", "名企", "名品", "名牌", "名片", "名录",
    "成本", "成果", "成为", "成效", "成立", "成交", "成功", "成员", "成熟", "成绩", "成就",
    "成长", "成都", "成品", "成套", "成片", "成网", "成型", "成规模", "成不变", "成绩单",
    "人民", "人才", "人口", "人员", "人居", "人工", "人文", "人心", "人社", "人大", "人防",  # 560万人民群众
    "对接", "对口", "对外", "对于", "对象", "对标", "对比", "对策", "对话", "对照", "对冲",
    "批准", "批复", "批发", "批示", "起步", "起点", "起草", "起来", "起飞", "起势", "起航",
    "只有", "只要", "只能", "支持", "支撑", "支柱", "支付", "支出", "支部", "支线", "支行", "支援",
    "列入", "列为", "列车", "列出", "眼光", "眼前", "宗旨", "宗教", "例如",
)

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
_POST_NOT_BEFORE = {
    "内": "容|部|外|涵|在|陆|河|蒙|地|需|生|江|循环|控|资|贸|销|核|化|镜|科|审|务|网|燃|宾",
    "多": "元|功能|式|层|点|种|样|彩|渠道|措|极|边|方|头|规|跨|能|重|赢|病|发|少|云|模态|维|主体|媒体|"
           "业|领域|部门|学科|语|品种|场景|模式|形式|方位|效|措施|中心|主|项|个|家|次|年",
    "余": "额|量|热|粮|下|款|地|震|缺",
    "上下": "游|联|功夫|班|学|车|水|贯通|同心",
}
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
_RANK_CONTEXT = ("居|跃居|位居|位列|稳居|列|排|排名|排位|升至|上升到|上升至|上升为|提升至|提升到|"
                 "跃升到|跃升至|跃升为|保持|跻身|进入|晋级")
_RANK_SCOPE = "全国|全省|全市|全区|全州|全盟|全球|世界|全国同类城市|同类城市"
_NOT_RANK_AFTER = "梯队|季度|批|次|届|条|期|个|家|款|轮|阶段|步|代|类|种|项|部|产业|大|年|月|天|周|章|节|号|级"
# Python's re tries every alternative at every position; a class of the letters a rank can start
# with lets it skip most positions at once (the pattern is otherwise the same).
_RANK_FIRST = "".join(sorted({w[0] for w in (_RANK_CONTEXT + "|" + _RANK_SCOPE).split("|")} | {"第", "前"}))
RANK_RE = re.compile(
    rf"(?=[{_RANK_FIRST}])"
    rf"(?:(?:{_RANK_CONTEXT})[^，。；、：！？（）()“”\s0-9第前首]{{0,8}}?|(?:{_RANK_SCOPE}))"
    rf"(?P<rank>第(?P<n>{_RANK_NUM})(?P<u>位|名)?|首位|(?P<top>前)(?P<m>{_RANK_NUM})(?P<mu>位|名)?)"
    rf"(?!{_NOT_RANK_AFTER})"
    rf"|(?P<rank2>第(?P<n2>{_RANK_NUM})(?P<u2>位|名)|(?P<top2>前)(?P<m2>{_RANK_NUM})(?P<mu2>位|名))"
)
# 把就业放在首位 / 放在第一位: a priority, not a rank.
_PRIORITY_BEFORE = ("放在", "摆在", "置于", "作为", "列为")


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


# A magnitude before these is no figure: 百亿成势 is a slogan, 万岁 a cheer.
_NO_MAGNITUDE_DIMENSIONS = ("percent", "pp", "ratio_times", "year", "rank")
_NO_MAGNITUDE_UNITS = ("岁", "天", "小时", "分钟", "个月", "个工作日", "工作日", "微克/立方米")


@lru_cache(maxsize=1024)
def _unit_info(unit: str) -> tuple[str, float, str] | None:
    if unit in UNITS:
        return UNITS[unit]
    for mag in sorted(MAGNITUDES, key=len, reverse=True):
        rest = unit[len(mag):]
        if (unit.startswith(mag) and rest in UNITS and rest not in _NO_MAGNITUDE_UNITS
                and UNITS[rest][2] not in _NO_MAGNITUDE_DIMENSIONS):
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
_PRE_NOT_AFTER = {"约": "签节制预合履违集公条契邀", "达": "下到抵发表传通直送", "近": "最附临就邻贴亲",
                  "超": "赶", "内": "年"}


def _pre_qualifier(text: str, number_start: int, lo: int) -> str | None:
    found = PRE_CHAIN_RE.search(text, max(lo, number_start - 12), number_start)
    if not found:
        return None
    start = found.start()
    for word in PRE_WORD_RE.findall(found.group()):
        if start > 0 and text[start - 1] in _PRE_NOT_AFTER.get(word, ""):
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
        if text[max(0, s - 2) : s] in _PRIORITY_BEFORE:
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
