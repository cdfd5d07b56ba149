"""Named projects and programmes in one report: each name with the stage the report gives it and the
evidence that it is a name.

Evidence, strongest first (EVIDENCE):
- `known`: a programme of knowledge/programs.csv (南水北调, 西部大开发);
- `suffix`: a run of name characters ending in a suffix of knowledge/program_words.csv
  (鲁北大数据中心, 市体育公园, “三个一百”改革工程); a kind right after it is read on through
  (马庄铁路|物流基地);
- `facility`: the same, ending in a kind of building every place has (role facility: 南留中学,
  第三高中, 大王店中心卫生院), where the words before it as often say which schools (补齐高中, 普通高中);
- `quoted`: a name in quotation marks with a naming verb before it or a stage word after it
  (打造“中国药谷”, “中国药谷”建设);
- `listed`: an item of a list of projects (皇家驿站、国际会展中心等重点项目), or of a 、 list beside a
  project (仙人山、古北岳、凤凰谷: program_heads.siblings);
- `context`: the words after a naming verb, or before a stage word that names a project
  (举办第十届中国农加工投洽会, 好梦林水开园);
- `named`: a name in quotation marks outside a naming context (“中国药谷”蔚然成势).
A name of the first two kinds stands on its own. Facility, quoted, listed and context names are candidates:
program_links keeps one only when its region's own series repeats it, so a region's programmes are
learned from its reports rather than from a list; a `named` mention only joins a programme found so.
A name made only of generic words (重点项目, 年度计划), a candidate made only of common words or the
region's own name (党风廉政, 美丽驻马店), a slogan of counts (三个代表) or of what a region calls itself
(好人之城), a quoted title of firms (“专精特新”企业) and a name followed by a count (口袋公园12个) are not
names. The stage is the stage word of knowledge/stages.csv nearest to the
name inside its clause.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import replace
from functools import lru_cache
from typing import Iterator

import cn2an

from reportcmp.pipeline import knowledge, program_heads
from reportcmp.pipeline.grammar import POST_QUALIFIERS
from reportcmp.pipeline.program_vocabulary import (  # noqa: F401  (re-exported: programs.program_words, …)
    CLAUSE, CLAUSE_END, LIST_END, NAME_CHARS, NAME_RUN, PHASE, PROJECT_WORD_SET, alternation, alternative, any_name_re, common_words, context_re, covered,
    is_common_phrase, is_common_prose, is_common_words, known_at, known_limits, known_programs, known_with_gap, whole_latin, word_bounds, lead_anywhere_re, leads_re, marks_re, name_patterns, PROJECT_LIST_END,
    end_suffix_words, facility_words, inside_words, named_by_words, naming_words, not_suffix_words, own_names, place_names, program_words, road_words, stage_of_word,
    stage_words, strip_leads)
from reportcmp.pipeline.records import NATIONAL_REGION, Paragraph, ProgramMention, ReportMeta

# Strongest first: a report's mention of a key keeps the strongest evidence it has.
EVIDENCE = ("known", "suffix", "facility", "quoted", "listed", "context", "named")
STANDALONE_EVIDENCE = frozenset({"known", "suffix"})
JOIN_ONLY_EVIDENCE = frozenset({"named"})

MAX_NAME_CHARS = 18
MIN_WORK_CHARS = 2           # the second half of a name of works after 与 or 及 (保护与|修复工程)
MAX_HEAD_CHARS = 6           # 物流基地: a kind read on through after a name (_candidates)
MIN_CANDIDATE_CHARS = 3      # a quoted, listed or context name is at least this long (药谷 is not)
MAX_CANDIDATE_CHARS = 12
MAX_ABOVE_CHARS = 3          # a province or city before the region's own name in a key: 河北|涞源经济开发区
MAX_QUOTED_KIND_LEAD = 4     # “高兴办”政务服务|品牌: the words between a quoted name and what it is
MAX_BUILDING_CHARS = 4       # 县医院|综合内科楼: the words of a building's kind before 楼
BUILDING_NEW = alternative("building_new")   # 县医院新病房楼 = 县医院新建病房楼: no part of its key
BUILDING_NEW_AT = re.compile("^" + BUILDING_NEW)
MAX_FORMULA_CHARS = 16       # how far before a run the opening quote of a formula is looked for (“4+|N”特色园区)
MAX_FORMULA_KIND_LEAD = 8    # “1+10+100”中药材规范化种植|战略: a formula says less of what it is
# The region's own level before a name: 市体育公园 of 驻马店市 is its 体育公园; 省 in a city's report is
# the province's (省第十一届运动会 is no city's games), 市 in a county's the city's. 县城 is the county town
# (县城工业园区 is not 城工业园区), and 县直, 市直 run by it (县直幼儿园 is not 直幼儿园).
OWN_LEVEL = re.compile(r"^(?:市区|[市区省](?![级委域直])|县(?![级委域城直]))")   # 市区: the city's urban area
# An edition or a year before a recurring event is not part of its name: 第十届中国农加工投洽会,
# 2024年全国东西合作经贸洽谈会, 市一届运动会.
EDITION = re.compile(r"(?:(?:19|20)\d\d年(?:度)?|第[0-9一二三四五六七八九十百]+[届次期]|[0-9一二三四五六七八九十百首]+届)+")
# A host before an event's edition (保定市|第四届|旅发大会, 全市|第三届|旅发大会): a place or a scope word.
HOSTED_EDITION = re.compile(rf"([\u4e00-\u9fff]{{2,6}}?)(?:{EDITION.pattern})")
# The editions before an event's name (第二届、第三届|创新驱动发展大会): what follows names a recurring event.
EDITIONS = re.compile(r"第?[0-9一二三四五六七八九十百首]+届(?:、第?[0-9一二三四五六七八九十百]+届)*")   # 首: the first
QUOTED = re.compile(r"“([0-9A-Za-z\u4e00-\u9fff+＋·]{2,14})”")   # “互联网+”, “中国制造2025”, “天齐庙·锦里”
# A quoted name of two or three parts (“百企技改、百企转型”, “两所共建、双心融合”): one name, the 、 inside
# it no list's.
QUOTED_PARTS = re.compile(r"“([\u4e00-\u9fff]{2,6}(?:、[\u4e00-\u9fff]{2,6}){1,2})”")
CJK = re.compile(r"[\u4e00-\u9fff]")
# The items of a list of quoted names, after and before one (“清苑西瓜”、“清苑地道战”), and what a list
# ends with: 等 or a count, then a kind (等农业特色品牌, 3个区域公用品牌).
QUOTED_ITEM_AFTER = re.compile(r"、“[^”]{1,14}”")
QUOTED_ITEM_BEFORE = re.compile(r"“[^”]{1,14}”、$")
QUOTED_LIST_KIND = re.compile(r"(?:等|[0-9一二三四五六七八九十两]+个)[\u4e00-\u9fff]{0,6}")
WIDE_PLUS = str.maketrans("＋", "+")   # “互联网＋” (2021) is “互联网+”
HAS_DIGIT = re.compile(r"[0-9]")
PLUS = re.compile(r"[+＋]")
FORMULA = re.compile(r"(?=.*[0-9+＋])[0-9A-Za-z+＋·]+")   # “4+X”, “361”, “EPC+O”: figures and letters only
LINE_DASHES = "—－-"
ENDS_DASH = re.compile(rf"(?<=[\u4e00-\u9fff])[{LINE_DASHES}](?=[\u4e00-\u9fff])")   # between a line's two ends
ORDINAL = re.compile(r"第[0-9一二三四五六七八九十]+")   # 第二小学: which school, not prose
# Words in brackets inside a name are not part of it (a section, a place, a note): 唐河（清苑段）治理工程 is
# 唐河治理工程, 化庄(省界)至新蔡高速公路 化庄至新蔡高速公路, 中国（驻马店）国际农产品加工产业园
# 中国国际农产品加工产业园; 握扭庄（玉田）110千伏 握扭庄110千伏; a name is not cut at them.
BRACKETED_BETWEEN = re.compile(r"(?<=[\u4e00-\u9fff])[（(][\u4e00-\u9fff]{1,6}[）)](?=[\u4e00-\u9fff0-9])")
CUT_MARKS = ("）", ")", "］", "]")   # a clause with none of these (nor 期) has nothing NAME_CUTS cuts
SECTION_AFTER = re.compile(r"[\u4e00-\u9fff]{0,4}段")   # 容易线|易县段, 北湖路北延|段: a section ends where a name ends
SECTION_ONLY = re.compile(r"[\u4e00-\u9fff]{1,3}段")    # 易县段, 东段: no name (西外环南段 is one)
# A phase is no name (二期工程), and the 、 of a list of phases does not end one: 瀑河景观带一、二期工程 and
# 城市“双修”三期、四期工程 are read without it (cut out like words in brackets; the name shown as written).
SERIAL = re.compile(r"[一二三四五六七八九十]+号")   # a craft of a known series (role known_series): 神舟六号
FRACTION = "分之"   # “二分之一”: a number, not two counts
PHASES = re.compile(rf"(?:{PHASE.pattern})+")   # 一期二期: phases written one after the other (PHASE_JOIN cut the 、)
PHASE_AFTER = re.compile(rf"^{PHASES.pattern}")   # “五院合一”|三期|建设: a phase before the stage
# A phase right after a name marks a project as a suffix does (三棵树一期全面投产, 完成新职中一期建设); not an
# edition (第一期), nor a period (十三五期间, 十二五期末: a numeral before or a character after it).
PHASED = re.compile(rf"(?<![第0-9一二三四五六七八九十])(?:{PHASE.pattern})")
PHASE_JOIN = re.compile(r"(?<=[一二三四五六七八九十])、(?=[一二三四五六七八九十、]*期)"
                        r"|(?<=[一二三四五六七八九十]期)、(?=[一二三四五六七八九十]+期)")
# A footnote's number in brackets is no part of a name (“十百千万”［1］工程, 区域公用品牌[2]): cut out alike.
FOOTNOTE = re.compile(r"[［\[][0-9]{1,3}[］\]]")
NAME_CUTS = re.compile(f"{BRACKETED_BETWEEN.pattern}|{PHASE_JOIN.pattern}|{FOOTNOTE.pattern}")
# A name followed by a count is a kind of thing (建成口袋公园12个, 新增A级旅游景区5家).
COUNTED_AFTER = re.compile(r"[0-9.]+(?:多)?[个家座处所条]|[一二三四五六七八九十两]+[个家座处所条]")

# Counted or listed kinds end where the name would start: 729个重点项目, 华鲁恒升等项目. 等 inside a word is no
# list's end (高等级旅游景区, 中等职业学校: role not_etc, each a character and 等); a count word that starts a longer
# word counts nothing (所有权, 所有制: role not_count), nor one across two words (研究所|有限公司: _counts).
COUNT_WORD = f"(?!{alternative('not_count')})(?P<word>{alternative('count')})"
COUNT_MARK = re.compile(r"[0-9.]+(?:多)?" + alternative("count_unit") + r"|[一二三四五六七八九十百两]+[个项件批条]"
                        r"|(?<![" + "".join(w[0] for w in program_words()["not_etc"]) + r"])等|" + COUNT_WORD)
# An amount of money in a name makes it a class of projects by size (过5亿元项目, 投资10亿元以上项目).
CAPACITY = re.compile(r"(?<![0-9.])[0-9]+(?:\.[0-9]+)?" + alternative("capacity_unit"))
PLANT_KEY = re.compile(r"[\u4e00-\u9fff]{2,8}?" + CAPACITY.pattern + r"[\u4e00-\u9fff]{0,2}")
AMOUNT_CLASS = re.compile(r"[0-9.]+" + alternative("amount_unit"))
# What a project costs (投资6500万元的), a plant's capacity (100万千瓦) and a park's star rating (省三星级) before its
# name are said of it, not its name: 100万千瓦神南镇抽水蓄能电站项目 is 神南镇抽水蓄能电站项目, as the next year
# writes it. Before words every report uses they make no name (220千伏输变电工程, 一星级产业集聚区).
MEASURED_BEFORE = re.compile(r"(?:[0-9.]+" + alternative("amount_unit") + r"的)?(?:±?" + CAPACITY.pattern + "级?)?"
                             r"(?:(?:" + alternation(program_words()["rating_level"]) + r")?[一二三四五六七]星级)?")
KEY_NOISE = re.compile(r"[“”\"'《》]|" + alternative("key_noise") + "$")
# A line named by a code of letters and figures: R1线 (雄安至北京大兴国际机场快线).
CODE_NAME = re.compile(r"(?<![A-Za-z0-9])[A-Z]+[0-9]+" + alternative("code_suffix"))
CODE_MARKS = frozenset("".join(program_words()["code_suffix"]))   # a clause without one names no line
# A national or provincial highway by its code (G227, 国道G112线, S465) and the work on it, where it is done
# before (G227县城段改线, 国道G234（开发区至满城界段）改建工程, G107东移改建: role road_work), or a section
# built between two places (S465青皮村至坪山村段): each such is a project of its own. The class
# (国道, 省道: role highway_class) and a 线 after the code are no part of its key.
HIGHWAY_CODE = r"(?<![A-Za-z0-9])[GS][0-9]{1,4}(?![0-9A-Za-z])"
HIGHWAY_CLASS = alternative("highway_class")
PROJECT_WORDS = alternation(PROJECT_WORD_SET)
HIGHWAY_WORD = rf"(?:(?!{PROJECT_WORDS}|等)[\u4e00-\u9fff])"   # a place's or a section's character, not a list's
HIGHWAY = re.compile(rf"{HIGHWAY_CLASS}?{HIGHWAY_CODE}(?:线|{HIGHWAY_CLASS})?"
                     rf"(?:[(（][^()（）]{{1,14}}[)）]|{HIGHWAY_WORD}{{0,10}}?(?:至{HIGHWAY_WORD}{{1,8}}?)?段)?"
                     rf"(?:{HIGHWAY_WORD}{{0,6}}?(?:{alternative('road_work')})+(?:{PROJECT_WORDS})?"
                     rf"|(?<=段))")
BRACKETED = re.compile(r"[(（][^()（）]*[)）]")
# A national or provincial road by its number without a letter starts a name as a place (107国道北河大桥).
ROAD_NUMBER = re.compile(rf"[0-9]{{1,4}}{HIGHWAY_CLASS}")
HIGHWAY_KEY = re.compile(rf"^{HIGHWAY_CLASS}?({HIGHWAY_CODE})(?:线|{HIGHWAY_CLASS})?")
QUOTED_NAMED_BY = program_words()["quoted_kind"]   # “万人助万企”活动, “清苑西瓜”品牌: what a quoted name is
QUOTED_TITLE = program_words()["quoted_title"]   # “专精特新”企业: a title firms are given, not a programme
TITLES = frozenset(program_words().get("title", ()))   # “隐形冠军” wherever it stands
SLOGAN_END = program_words()["slogan_end"]   # 打造“产业发达之城”: what a region calls itself
DOING_END = program_words()["doing_end"]     # 运营好、维护好…: a verb and its complement
QUOTED_VERB_END = "”"   # after one character: the end of a quoted saying (“园区事园区办”)
# A count of things opens a slogan, not a name: 三个代表, 四个意识, 十二五; so do two counts
# anywhere (三重一大, 三具两基一抓手, 一件事一次办).
COUNTED_SLOGAN = re.compile(r"^[一二三四五六七八九十两双]+(?:" + "|".join(map(re.escape, program_words()["slogan_count"]))
                            + r"|五$)")
NUMBERED_SLOGAN = re.compile(COUNTED_SLOGAN.pattern + r"|[一二三四五六七八九十两双].*[一二三四五六七八九十两双]")


def program_key(name: str, region: str | None = None) -> str:
    """The name used for linking: quotes, 建设/项目 noise, an edition (第十届) and the region's own
    name and level (德州市体育公园, 市体育公园 → 体育公园) stripped, known spellings unified; a facility's
    building without 新建 (_building_key), a firm's plant by its capacity (PLANT_KEY), a ring road by its side
    (ring_road_re) and a highway by its code (HIGHWAY_KEY)."""
    own_level = region[-1] if region and region != NATIONAL_REGION else ""   # 县 of 阜平县: its scope 全县
    key = _without_edition(KEY_NOISE.sub("", NAME_CUTS.sub("", name)).translate(WIDE_PLUS), own_level)
    key = _building_key(key)
    if (plant := PLANT_KEY.match(key)) is not None and plant.end() < len(key):
        key = plant.group()   # 华能260兆瓦光伏发电储能项目 = 华能260兆瓦光伏发电: a firm's plant by its capacity and kind
    if RING_MARK in key and (ring := ring_road_re().fullmatch(key)) is not None:
        key = ring.group("side")   # 大北环, 新北环 and 北环路 are the county's one northern ring
    if HIGHWAY_KEY.match(key):   # 国道G112线涞水段绕城项目, G234（开发区至满城界段）改建工程: G112's, G234's
        key = BRACKETED.sub("", HIGHWAY_KEY.sub(r"\1", key))
    key = ENDS_DASH.sub("至", key)   # 张北—雄安特高压 is 张北至雄安特高压
    if region and region != NATIONAL_REGION:
        # the region's name with and without its level; a one-character name keeps it (易县: 易水湖 is
        # no 水湖 of 易)
        owns = (region, region[:-1]) if len(region) > 2 else (region,)
        # the region's own section of a line or river is the region's project: 潴龙河博野段治理工程 is
        # 潴龙河治理工程, 容易线易县段 容易线 (a section at a key's start is a place: left to the name's)
        for own in owns:
            key = key[:1] + key[1:].replace(own + "段", "")
            for branch in program_words()["line_head"]:   # 荣乌高速徐水连接线 is 荣乌高速连接线 (role line_head)
                key = key[:1] + key[1:].replace(own + branch, branch)
        for own in owns:
            above = next((n for n in range(2, MAX_ABOVE_CHARS + 1) if key.startswith(own, n) and key[:n] in place_names()), 0)
            key = key[above:]   # 河北涞源经济开发区: the province before the region's own name
            # not when only a suffix or a product is left: 定兴中学 is no 中学, “顺平苹果” no 苹果; nor inside a
            # word (徐水县城连接线: 县城, the county town, is left to the shorter name)
            if key.startswith(own) and len(key) > len(own) + 1 and key[len(own):] not in _suffix_words() \
                    and len(own) in word_bounds(key) and key[len(own) - 1:len(own) + 1] not in common_words():
                key = _without_edition(key[len(own):], own_level)   # 涞源县|首届|冰雪运动会
                break
    level = OWN_LEVEL.match(key)
    if level is not None and len(key) > 3 and (not region or region.endswith(level.group()[0])):
        key = _without_edition(key[level.end():], own_level)   # 市第一届运动会 → 运动会, 市区开源大道 → 开源大道
    key = _in_short_words(_school_short_form(key))
    if key in known_limits():
        return key   # 科技重大专项, 冬奥会 name the programme only where find_programs finds it known
    return known_programs().get(key, key) or name


def _building_key(key: str) -> str:
    """A facility's building without 新建 or 新 right before it (县医院新建病房楼 = 县医院新病房楼; 县医院新院区
    keeps its 新)."""
    at = building_owner_end(key)
    return key if at is None else key[:at] + BUILDING_NEW_AT.sub("", key[at:])


def building_owner_end(name: str) -> int | None:
    """Where the facility that owns a building ends in its name (县医院|新建病房楼, 县医院新院区|病房楼: the last
    facility word), or None when the name names no facility's building."""
    if not name.endswith(tuple(program_words()["building"])):
        return None
    return max((name.rfind(w) + len(w) for w in _building_owners() if w in name), default=None)


def _in_short_words(key: str) -> str:
    """The key with each word in the one form a name may write it (knowledge/program_short_words.csv:
    职业教育园区 → 职教园区, 国家级全域旅游示范区 → 国家全域旅游示范区)."""
    for word, short in _short_words():
        key = key.replace(word, short)
    return key


@lru_cache(maxsize=1)
def _short_words() -> tuple[tuple[str, str], ...]:
    return tuple((row["word"], row["short_form"]) for row in knowledge.rows("program_short_words.csv"))


def _school_short_form(key: str) -> str:
    """A numbered school's key in its short form (knowledge/program_school_numbers.csv): 第五中学 → 五中,
    第七实验小学 → 实验七小, 第28中学 → 二十八中, so that a report writing one and a report writing the
    other name one school."""
    if "第" not in key:
        return key
    return _school_numbers_re().sub(lambda m: _school_forms()[m.group(2)].replace("{n}", _chinese_number(m.group(1))), key)


@lru_cache(maxsize=1)
def _school_forms() -> dict[str, str]:
    return {row["word"]: row["short_form"] for row in knowledge.rows("program_school_numbers.csv")}


@lru_cache(maxsize=1)
def _school_numbers_re() -> re.Pattern:
    return re.compile(r"第([0-9]{1,3}|[一二三四五六七八九十]{1,3})(" + alternation(list(_school_forms())) + ")")


def _chinese_number(number: str) -> str:
    """28 → 二十八; Chinese numerals as they are."""
    return cn2an.an2cn(number) if number.isdigit() else number


@lru_cache(maxsize=1)
def _suffix_words() -> frozenset[str]:
    """Suffixes and products: what is no name without the place before it."""
    return frozenset(program_words()["suffix"]) | frozenset(program_words().get("product", ()))


def _without_edition(key: str, level: str = "") -> str:
    """The key without an edition at its start (第十届|中国农加工投洽会, 2021年|…) or right after the place or scope
    that hosts the event (保定市第四届旅发大会 → 保定市旅发大会, 全市第三届旅发大会 → 全市旅发大会: role host_scope).
    The host stays: a province's event is not a city's (河北省旅游产业发展大会, 全市旅游产业发展大会); but a scope
    of the region's own level (`level`, its last character: 全市 in a city's report) is the region itself, dropped
    as its name is (驻马店's 全市第三届运动会 is its 运动会)."""
    edition = EDITION.match(key)
    if edition is not None and edition.end() < len(key):
        key = key[edition.end():]
    if "届" in key and (hosted := HOSTED_EDITION.match(key)) is not None and hosted.end() < len(key):
        host = hosted.group(1)
        if host in program_words()["host_scope"]:
            return key[hosted.end():] if level and host.endswith(level) else host + key[hosted.end():]
        if host in place_names():
            return host + key[hosted.end():]
    return key


FORMULA_OPEN = re.compile(r"“[0-9A-Za-z·]*(?:[+＋][0-9A-Za-z·]*)*[+＋]$")


def _formula_before(clause: str, at: int) -> int | None:
    """Where the quoted formula opens whose last term starts at `at` (“4+|N”特色园区), or None."""
    m = FORMULA_OPEN.search(clause, max(0, at - MAX_FORMULA_CHARS), at)
    return m.start() if m else None


def _cut_after_leads(candidate: str, core: str, works: bool = False, item: bool = False,
                     own: frozenset[str] = frozenset()) -> str:
    """A verb inside the core means the name starts after it (镇实施建设项目 → 建设项目): the furthest
    end of any lead word in it (at each place the lookahead takes the longest); so does an edition
    (承办好第三届产教融合发展战略国际论坛). In the name of works (`works`: a project word ends it), common
    words after 与 or 及 (role inside_and) are the second half of one name (兰沟洼湿地保护与修复工程,
    唐河河道整治及生态修复工程), not another name: the name starts where a lead before them ends."""
    leads = [(m.start(), m.start() + len(m.group(1)), m.group(1)) for m in lead_anywhere_re().finditer(core)]
    # a coordinator joins an item to one before it: with none before, and a character after it that is no
    # word alone, it is the name's first character (和谷, 和信): after a lead (夯实|和谷国际智能港项目) or at
    # the start of an `item` (、和谷国际智能港: a listed, quoted or context piece); not before a word
    # (加强和|创新社会治理, 和|公园南路: two things joined); after the region's own name after a lead too
    # (力促定兴|和谷国际智能港)
    ends = {end for _, end, _ in leads} | ({0} if item else set())
    ends |= {end + len(name) for end in list(ends) for name in own if core.startswith(name, end)}
    first = [lead for lead in leads if lead[2] in _name_initials() and lead[0] in ends and lead[1] < len(core)
             and _starts_a_name(core[lead[0]:], lead[2])]
    leads = [lead for lead in leads if lead not in first]
    cut = max((end for _, end, _ in leads), default=0)
    while works and cut and (last := min(lead for lead in leads if lead[1] == cut))[2] in _inside_ands() \
            and last[0] > 0 and len(core) - cut >= MIN_WORK_CHARS and is_common_words(core[cut:]):
        # the longest lead ending at the cut decides (参与 is no 与, 及其 no 及)
        cut = max((end for _, end, _ in leads if end <= last[0]), default=0)
    edition = EDITION.search(core, cut)
    if edition is not None and edition.end() < len(core):
        cut = edition.end()
    if any(lead[0] == cut for lead in first):
        return candidate[cut:]
    return strip_leads(candidate[cut:])


@lru_cache(maxsize=1)
def _known_series() -> frozenset[str]:
    return frozenset(program_words()["known_series"])


@lru_cache(maxsize=1)
def _name_initials() -> frozenset[str]:
    return frozenset(program_words()["name_initial"])


def _starts_a_name(text: str, coordinator: str) -> bool:
    """Whether the coordinator starting the text is a name's first character, as the product's jieba cuts
    the text: a word of its own followed by a Chinese character that is no word alone (和|谷|国际|智能|港,
    和|若|铁路). A longer word it starts is left alone: jieba's 和平 of 和平舆通用机场 is 和 and 平舆."""
    from reportcmp.pipeline import catalog   # the product's jieba tokenizer, loaded once per process

    words = catalog.cut(text)
    return words[0] == coordinator and len(words) > 1 and len(words[1]) == 1 and CJK.match(words[1]) is not None


@lru_cache(maxsize=1)
def _inside_ands() -> frozenset[str]:
    return frozenset(program_words()["inside_and"])


def _core_is_generic(core: str) -> bool:
    """True when what precedes the suffix is made only of generic words (重点, 市级, …), one character
    aside at the end, or is the word for a project alone (项目园区: where projects go, not a park). A
    phase is generic (二期工程, 三期扩建工程)."""
    rest = PHASE.sub("", core.replace("“", "").replace("”", ""))
    # a word that starts with a generic word and one character more is a word of its own (企业家早餐会: 企业|家)
    generic = None if any(word in rest for word in program_words()["not_generic"]) else _generic_core_re().fullmatch(rest)
    # one character beside a one-character word is a name's two (新山水库), not a generic core
    generic = generic is not None and not (len(generic.group(1)) == 1 and generic.group(2))
    return rest in program_words()["project"] or generic \
        or SECTION_ONLY.fullmatch(rest) is not None   # 易县段工程: a section of a name cut before it


@lru_cache(maxsize=1)
def _generic_core_re() -> re.Pattern:
    return re.compile(f"((?:{alternation(program_words()['generic'])})*)(.?)")


def _counts(candidate: str) -> list[re.Match]:
    """The count marks of a candidate; a count inside quotation marks is part of a name (“三个一百”),
    a list (“地等项目”) is not."""
    marks = [m for m in COUNT_MARK.finditer(candidate)
             if m.group() == "等" or candidate.count("“", 0, m.start()) == candidate.count("”", 0, m.start())]
    if any(m.group("word") for m in marks):   # a count word is one as jieba cuts the candidate (所有 | 研究所有限公司)
        bounds = word_bounds(candidate)
        marks = [m for m in marks if not m.group("word") or (m.start() in bounds and m.end() in bounds)]
    return marks


def clean_name(candidate: str, suffix: str, first: bool = False, own: frozenset[str] = frozenset()) -> str | None:
    """The project name inside a candidate run (`first`: the run's first, nothing of a name before it),
    or None when it is a kind rather than a name."""
    counted = _counts(candidate)
    if counted:
        candidate = candidate[counted[-1].end():]
    candidate = candidate.lstrip(LINE_DASHES)   # 智算中心|—中国移动…: a dash after a name ends it
    core = candidate[: len(candidate) - len(suffix)]
    if suffix.startswith(tuple(program_words()["building"])):   # 区妇幼保健院新建住院病房楼: 新建 is the building's
        core = core[:building_owner_end(candidate[: len(candidate) - len(suffix) + 1]) or len(core)]
    candidate = _cut_after_leads(candidate, core, suffix in PROJECT_WORD_SET, item=first, own=own)
    if (candidate := _without_measure(candidate)) is None:
        return None
    core = candidate[: len(candidate) - len(suffix)]
    if not core or len(candidate) > MAX_NAME_CHARS or (core[0].isdigit() and not ROAD_NUMBER.match(core)) \
            or _core_is_generic(core) \
            or COUNTED_SLOGAN.match(candidate):   # 七大功能片区, 三大工程: a count of things
        return None
    if any(word in core for word in program_words()["kind"]) or core.startswith(_crossings()) \
            or AMOUNT_CLASS.search(core):   # 过5亿元项目: projects by size
        return None
    if candidate.count("“") != candidate.count("”"):
        candidate = candidate.replace("“", "").replace("”", "")
    return candidate


def _without_measure(text: str) -> str | None:
    """The text without a measure before it (MEASURED_BEFORE), or None when what follows names a kind, not a
    project: common words and kinds of power project only (role plant_kind: 220千伏|输变电工程, 100万千瓦|火电项目,
    塔式槽式光热发电项目), or common prose (建成|省三星级园区)."""
    measured = MEASURED_BEFORE.match(text).end()
    if measured and (is_common_prose(text[measured:]) or covered(text[measured:], _plant_kind_words())):
        return None
    return text[measured:]


@lru_cache(maxsize=1)
def _plant_kind_words() -> frozenset[str]:
    return common_words() | frozenset(program_words()["plant_kind"])


@lru_cache(maxsize=1)
def _crossings() -> tuple[str, ...]:
    """Joiners of two words or more (下穿, 上跨): a name starting with one is the second half of a
    name that joins two (重阳大道|下穿京广铁路项目), not a name."""
    return tuple(word for word in program_words()["joiner"] if len(word) > 1)


def clean_candidate(piece: str, own: frozenset[str] = frozenset(), quoted: bool = False) -> str | None:
    """A quoted, listed or context name, or None: edition words off the front, then the same tests
    as a suffix name, then it must not be common prose. A figure or a plus sign is part of a name
    only in quotation marks and beside MIN_CANDIDATE_CHARS Chinese characters (“中国制造2025”,
    “互联网+”; not “4+N”): elsewhere it is a count."""
    counted = _counts(piece)
    if counted:
        piece = piece[counted[-1].end():]
    piece = _cut_after_leads(piece, piece, item=True)
    if (piece := _without_measure(piece)) is None or piece in stage_of_word():
        return None   # 建成|省三星级园区: a rating of a kind; 卫生监督所建成|投入使用: a stage left after a verb
        return None   # 卫生监督所建成|投入使用: a stage left after a verb, no name
    if EDITION.fullmatch(piece):
        return None   # 承办|第二届: an edition, its event named after it (_after_editions)
    if not (MIN_CANDIDATE_CHARS <= len(piece) <= MAX_CANDIDATE_CHARS):
        return None
    if HAS_DIGIT.search(CAPACITY.sub("", piece)) and not (quoted and len(CJK.findall(piece)) >= MIN_CANDIDATE_CHARS):
        return None   # a plant's capacity is part of its name (华能260兆瓦光伏发电: role capacity_unit)
    if NUMBERED_SLOGAN.match(piece) or piece.endswith(SLOGAN_END) or piece.endswith(DOING_END):
        return None
    if (any(word in piece for word in program_words()["kind"] + program_words()["project"])
            or is_common_prose(piece, own)):
        return None
    return piece


def stage_in(clause: str, name_start: int, name_end: int) -> tuple[int, str] | None:
    """(order, stage) the clause gives the name: the latest stage after it, else the nearest before."""
    _, _, stages_re = name_patterns()
    order = stage_of_word()
    after = [order[m.group()] for m in stages_re.finditer(clause, name_end)]
    if after:
        return max(after)  # 建成投用: the furthest stage the clause reports
    before = [m for m in stages_re.finditer(clause, 0, name_start)]
    return order[before[-1].group()] if before else None


def _paragraph_of(paragraphs: list[Paragraph], starts: list[int], offset: int) -> int:
    i = bisect.bisect_right(starts, offset) - 1
    return paragraphs[i].paragraph if i >= 0 else 0


def _candidates(run: str, own: frozenset[str] = frozenset()) -> Iterator[tuple[int, str, str]]:
    """(end, candidate, suffix) in one run of name characters: each candidate runs from where the
    previous one ended to the end of the first suffix after that (the longest suffix at the
    leftmost place, as the suffix alternation is ordered). A word that only looks like a suffix
    (中心城区) ends a stretch without naming anything, and one that is a word inside a name (中小学) is
    passed over; a suffix that names only at the end of a
    name (role end_suffix: 战略) is passed over when more of the word follows (战略机遇期)."""
    suffix_re, _, _ = name_patterns()
    not_suffix, inside = not_suffix_words(), inside_words()
    end_suffixes = end_suffix_words()
    not_head = frozenset(program_words().get("not_head", ()))   # 三贤综合公园|湿地滨水景观
    section_ends = frozenset(program_words().get("section_end", ()))
    place_work = program_words().get("place_work", ())   # 朝阳路|升级改造, 沙河大街|管廊: the name ends there
    coordinators, dropped = program_words()["coordinator"], program_words()["dropped"]
    at = search_at = 0
    while (suffix := suffix_re.search(run, search_at)) is not None:
        search_at = suffix.end()
        if suffix.group() in inside:
            continue   # 中小学|校舍安全工程: a word inside the name
        if suffix.group() in not_suffix:
            at = suffix.end()
            continue
        if suffix.group() in end_suffixes and suffix.end() < len(run) and \
                ((marks_re().match(run, suffix.end()) is None and not run.startswith(place_work, suffix.end())
                  and not run.startswith(coordinators, suffix.end())   # 公园路|和公园南路
                  and not PHASE_AFTER.match(run[suffix.end():])   # 四中新校区|一期
                  and not (suffix.group() in section_ends and SECTION_AFTER.match(run, suffix.end())))
                 or run.count("“", at, suffix.end()) > run.count("”", at, suffix.end())):
            # 战略机遇期, 产教融合发展战略国际论坛, “一带一路”国际合作高峰论坛: inside a longer word or name;
            # a suffix may start inside it (南王庄|园区)
            search_at = suffix.start() + 1
            continue
        if suffix.start() == at and run.startswith(road_words(), suffix.end()):
            continue   # 中心|路东延工程, 中心|大道: a suffix word before a road's word names the road
        end = suffix.end()
        # A kind right after the name is its head, not a name of its own: 马庄铁路|物流基地,
        # 驻信高速公路|连接线. Read on through it.
        while (head := suffix_re.search(run, end, end + MAX_HEAD_CHARS)) is not None \
                and head.group() not in not_suffix | inside and marks_re().search(run, end, head.start()) is None \
                and _is_head(run[end:head.end()], head.group(), own) and head.group() not in not_head:
            end = head.end()
            suffix = head
        word = suffix.group()
        if word in _building_owners() and (building := _building_re().match(run, end)) is not None:
            end = building.end()   # 县医院|传染病房楼, 区妇幼保健院|新建住院病房楼: the facility's building
            word = building.group("building")
        if run.startswith(QUOTED_VERB_END, end + 1) and CJK.match(run, end) \
                and run.count("“", 0, end) > run.count("”", 0, end):
            at = search_at = end
            continue   # “园区事园区办”: a saying a one-character verb closes; the suffix is a noun in it
        yield end, run[at:end], word
        at = search_at = end
        if (section := SECTION_ONLY.match(run, at)) is not None \
                and (works := suffix_re.search(run, section.end(), section.end() + MAX_HEAD_CHARS + 2)) is not None \
                and works.group() in dropped and not any(w in run[section.end():works.start()] for w in coordinators):
            at = search_at = works.end()   # 京港澳高速|驻马店段改扩建工程: works on a section are the road's


@lru_cache(maxsize=1)
def _building_owners() -> frozenset[str]:
    """The facilities whose buildings are built as projects of their own (roles facility, one_of_a_kind)."""
    words = program_words()
    return frozenset([*words["facility"], *words["one_of_a_kind"]])


@lru_cache(maxsize=1)
def _building_re() -> re.Pattern:
    """A building of a facility right after its name (role building: 楼), new or not (新建住院病房楼), its words no
    lead, stage word or coordinator (县医院|完成门诊楼, 县医院|和门诊楼 are no buildings of it)."""
    words = f"(?:(?!{marks_re().pattern}|{alternation(program_words()['coordinator'])})[\u4e00-\u9fff])"
    return re.compile(rf"{BUILDING_NEW}?{words}{{0,{MAX_BUILDING_CHARS}}}?(?P<building>{alternative('building')}(?:{PROJECT_WORDS})?)"
                      rf"(?:(?![\u4e00-\u9fff])|(?={name_patterns()[2].pattern}|{leads_re().pattern}))")


def _is_head(stretch: str, suffix: str, own: frozenset[str] = frozenset()) -> bool:
    """A suffix with nothing or only generic words before it (项目, 物流基地), no kind (重点项目); a line's
    branch (role line_head) with the region's own name before it is the region's branch of the line
    before (荣乌高速|徐水连接线)."""
    core = stretch[: len(stretch) - len(suffix)]
    if core in own and suffix in program_words()["line_head"]:
        return True
    if COUNT_MARK.search(core) or core.startswith(program_words()["grade"]):
        return False   # 国际医疗基地|等项目: a list ends there; 范蠡公园|省级公园星级: a grade, no head
    return not core or (_core_is_generic(core) and not any(w in core for w in program_words()["kind"]))


def _after_editions(clause: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each event named after its editions (举办第四届|创新驱动发展大会, 高唐县第四届|文化旅游
    系列活动): the words to the end of the run, a stage word, 等 or the next edition, or to the last word of
    kind event (保定市第四届旅发大会|契机); an edition is evidence enough, so common
    words may make the name. Not a session of a congress (role not_event: 第十四届全国人民代表大会), and
    not words that start with a verb (连续三届|获评…)."""
    _, _, stages_re = name_patterns()
    for edition in EDITIONS.finditer(clause):
        run = NAME_RUN.match(clause, edition.end())
        if run is None:
            continue
        end = run.end()
        stage, etc = stages_re.search(clause, run.start(), end), clause.find(program_heads.ETC, run.start() + 1, end)
        end = min(end, stage.start() if stage is not None and stage.start() > run.start() else end, etc if etc > 0 else end)
        following = EDITIONS.search(clause, run.start(), end)   # 第六届广场舞大赛和|第七届戏曲节: another event's
        end = following.start() if following is not None else end
        event = _last_event_word().search(clause, run.start(), end)
        if event is not None:
            end = event.end()   # 保定市第四届旅发大会|契机: the name ends with what the event is
        name = clause[run.start():end]
        if not (MIN_CANDIDATE_CHARS <= len(name) <= MAX_NAME_CHARS) or HAS_DIGIT.search(name) \
                or any(word in name for word in program_words()["not_event"]) or "“" in name or "”" in name \
                or leads_re().match(name) is not None or _core_is_generic(name):
            continue
        yield run.start(), end


@lru_cache(maxsize=1)
def _last_event_word() -> re.Pattern:
    """The last word of kind event (knowledge/program_kinds.csv: 大会, 论坛, 运动会) in a stretch."""
    words = [row["word"] for row in knowledge.rows("program_kinds.csv") if row["kind"] == "event"]
    return re.compile(rf"(?:{alternation(words)})(?!.*(?:{alternation(words)}))")


def _context_pieces(run: str) -> Iterator[tuple[int, int]]:
    """(start, end) in a run of the words between two marks, when a stage word that marks a project
    comes right after them (皇家驿站|开工), or a naming verb right before them and nothing but the end
    of the run or a stage word after (举办|中国农加工投洽会): a phrase that runs on into another verb
    (实施|扩大内需战略同|深化) or a modifier (实施|适度宽松|的) is not a name."""
    naming, named_by, stages = naming_words(), named_by_words(), stage_of_word()
    marks = list(marks_re().finditer(run))
    bounds = [(0, 0, "")] + [(m.start(), m.end(), m.group()) for m in marks] + [(len(run), len(run), "")]
    for (_, start, before), (end, _, after) in zip(bounds, bounds[1:]):
        if end - start < MIN_CANDIDATE_CHARS:
            continue
        if after in named_by or (before in naming and (end == len(run) or after in stages)):
            yield start, end


def _phased_pieces(run: str, own: frozenset[str]) -> Iterator[tuple[int, int, int]]:
    """(start, end, phase end) in a run of a name a phase follows (PHASED), the phase ending the run or
    followed by a mark, a list's 、 or 等, or a coordinator (三棵树一期|全面投产, 五中一期、二中教学楼, 四通新材二期等);
    not a period (十三五期间: the phase runs on into another word). The name starts after the last mark before it
    and after a word for projects (其中|省重点项目|三棵树一期)."""
    ends = (program_heads.ITEM_MARK, program_heads.ETC, *program_words()["coordinator"])
    for phase in PHASED.finditer(run):
        end = PHASES.match(run, phase.start()).end()   # 三棵树一期、二期 (cut to 一期二期): one phase written twice
        if not (end == len(run) or run.startswith(ends, end) or marks_re().match(run, end)):
            continue
        start = max((m.end() for m in marks_re().finditer(run, 0, phase.start())), default=0)
        projects = [run.rfind(word, start, phase.start()) + len(word) for word in program_words()["project"]
                    if word in run[start:phase.start()]]
        start = max(projects, default=start)
        name = clean_candidate(run[start:phase.start()], own)
        if name is not None and run.endswith(name, start, phase.start()):
            yield phase.start() - len(name), phase.start(), end


@lru_cache(maxsize=3)
def _quoted_kind_after(lead: int = 0) -> re.Pattern:
    """Up to `lead` characters (MAX_QUOTED_KIND_LEAD by default, after a list's 等), no 等 among them, then a word
    saying what a quoted name is, ending the run or before a stage or lead word (“高兴办”政务服务品牌,
    “治重化积”攻坚行动)."""
    etc = "" if lead else "等?"   # “三创四建”等活动: a list's kind; a formula's words hold no 等 (“6+1”|等一系列…行动)
    return re.compile(rf"{etc}(?:(?!等)[\u4e00-\u9fff]){{0,{lead or MAX_QUOTED_KIND_LEAD}}}?(?:{alternation(QUOTED_NAMED_BY)})"
                      rf"(?:(?![\u4e00-\u9fff“”])|(?={name_patterns()[2].pattern}|{leads_re().pattern}))")


def _numbered_name(clause: str, quoted: re.Match, own: frozenset[str]) -> str | None:
    """The evidence of a quoted name of two counts (“两养一种”, “一村一年一场戏”: a slogan's shape) that a
    county or city gives its own campaign or project: `quoted` with a stage word, a suffix or what it is
    right after it (“五院合一”三期建设, “双创双服”活动), else `named` (组织“一村一年一场戏”文化惠民演出: in
    passing, it only joins); None for a count of things (三个代表, 十四五), a standard (role standard_end),
    a layout (role layout) or common prose."""
    text = quoted.group(1)
    if not (MIN_CANDIDATE_CHARS <= len(text) <= MAX_CANDIDATE_CHARS) or COUNTED_SLOGAN.match(text) \
            or NUMBERED_SLOGAN.search(text) is None or HAS_DIGIT.search(text) or FRACTION in text \
            or text.endswith(program_words()["standard_end"]) or any(w in text for w in program_words()["layout"]) \
            or is_common_prose(text, own):
        return None   # not “二分之一”, a site's standard (“九通一平”) or a layout (“六纵七横”, “一中心五组团”)
    suffix_re, _, stages_re = name_patterns()
    after = PHASE_AFTER.sub("", clause[quoted.end():quoted.end() + MAX_HEAD_CHARS + 2])
    named = suffix_re.match(after) is not None or stages_re.match(after) is not None \
        or _quoted_kind_after().match(after) is not None
    return "quoted" if named else "named"


def _parts_named(text: str, own: frozenset[str]) -> bool:
    """The parts of a quoted name of several (“百企技改、百企转型”) each read as a name's part: none
    common prose, the whole no slogan of what the region calls itself (role slogan_end)."""
    return not text.endswith(SLOGAN_END) and not any(is_common_prose(part, own) for part in text.split("、"))


def _in_naming_context(clause: str, quoted: re.Match) -> bool:
    """A naming verb before the quoted name in its run (打造“中国药谷”, 承办了全国“农洽会”, 推行“河长制”),
    or a suffix or stage word right after it (“雪亮”工程, “中国药谷”建设): not a slogan a report
    only holds to (坚持“房住不炒”, 防范“黑天鹅”). An item of a list of quoted names shares the list's
    context: 创建“清苑西瓜”、“清苑地道战”等农业特色品牌. A place's quoted product is a brand wherever it stands."""
    suffix_re, _, stages_re = name_patterns()
    text = quoted.group(1)
    if text.endswith(program_words().get("product", ())) and any(text[:n] in place_names() for n in range(2, len(text))):
        return True   # a place's product in quotation marks is its brand (“顺平苹果”绿色有机认证; not “黑天鹅”)
    end = quoted.end()
    while (item := QUOTED_ITEM_AFTER.match(clause, end)) is not None:
        end = item.end()
    after = clause[end:end + max(4, *map(len, QUOTED_NAMED_BY))]
    if suffix_re.match(after) or stages_re.match(after) or after.startswith(QUOTED_NAMED_BY):
        return True
    if _quoted_kind_after().match(clause, end) is not None:
        return True   # “高兴办”政务服务品牌, “4+X”信访工作机制: a few words, then what it is
    kind = QUOTED_LIST_KIND.match(clause, end)
    if kind is not None and any(word in kind.group() for word in QUOTED_NAMED_BY):
        return True
    if PROJECT_LIST_END.match(clause, end) and not text.startswith(program_words()["grade"]) \
            and not any(word in clause[:quoted.start()] for word in program_words()["ban"]):
        # an item of a list of projects (加快推进“天齐庙·锦里”等项目建设); not a grade (“省级园林式街道”等一批…工程)
        # nor what is banned (严禁“散乱污”等项目死灰复燃: role ban)
        return True
    start = quoted.start()
    while (item := QUOTED_ITEM_BEFORE.search(clause, 0, start)) is not None:
        start = item.start()
    run_start = start
    while run_start > 0 and NAME_RUN.match(clause[run_start - 1]):
        run_start -= 1
    naming = naming_words() | frozenset(program_words()["naming_quoted"])
    return any(m.group() in naming for m in marks_re().finditer(clause, run_start, start))


def _listed_items(clause: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each item of a list that ends in 等…项目 (A、B、C等重点项目) or in 等 and the stage
    its items reach (A、B等顺利开工: LIST_STAGE_END)."""
    for end_of_list in PROJECT_LIST_END.finditer(clause):
        start = clause.rfind("等", 0, end_of_list.start()) + 1   # a list ends at the previous 等
        at = start
        for item in clause[start:end_of_list.start()].split("、"):
            yield at, at + len(item)
            at += len(item) + 1


def find_programs(text: str, paragraphs: list[Paragraph], meta: ReportMeta) -> list[ProgramMention]:
    """Named projects and programmes of one report, one mention per program_key: its strongest
    evidence, and the latest stage any of its mentions has."""
    suffix_re, known_re, _ = name_patterns()
    known = known_programs()
    facility = facility_words()
    campaigns = meta.level in OWN_CAMPAIGN_LEVELS
    starts = [p.char_start for p in paragraphs]
    own = own_names(meta.region)
    best: dict[str, list] = {}   # key -> [evidence index, stage order, mention of the latest stage]
    any_name = any_name_re()
    found: list[tuple[int, int, str, str]] = []   # in the clause: start, end, name, evidence
    written_known: dict[str, str] = {}   # a known name as written with a word inside it -> the known name

    def add(start: int, end: int, name: str, evidence: str) -> None:
        if not any(start < e and s < end for s, e, _, _ in found):
            found.append((start, end, name, evidence))

    for clause_match in CLAUSE.finditer(text):
        written = clause_match.group()
        coded = CODE_NAME.search(written) if any(mark in written for mark in CODE_MARKS) else None
        highways = ("G" in written or "S" in written) and HIGHWAY.search(written) is not None
        gaps = list(known_with_gap(written))
        if coded is None and not highways and any_name.search(written) is None and "届" not in written and not gaps \
                and not ("期" in written and PHASED.search(written)) \
                and not (campaigns and designation_re().search(written)) \
                and not (meta.level in ONE_OF_A_KIND_LEVELS and (school_short_re().search(written)
                                                                 or one_of_a_kind_re().search(written)
                                                                 or RING_MARK in written and ring_road_re().search(written))):
            continue   # most clauses name nothing
        cuts = list(NAME_CUTS.finditer(written)) if "期" in written or any(b in written for b in CUT_MARKS) else []
        clause = NAME_CUTS.sub("", written) if cuts else written
        clause_start = clause_match.start()
        found.clear()
        for m in known_re.finditer(clause):
            if not _counted_before(clause, m.start()) and known_at(m.group(), meta.level, meta.report_year) \
                    and whole_latin(clause, m.start(), m.end()):
                # 神舟|六号, “嫦娥|五号”: a craft of a known series by its number (role known_series; not 雄安新区|一号线)
                serial = SERIAL.match(clause, m.end()) if m.group() in _known_series() else None
                if serial is not None:
                    written_known[clause[m.start():serial.end()]] = m.group()
                add(m.start(), serial.end() if serial else m.end(), clause[m.start():serial.end() if serial else m.end()],
                    "known")
        for start, end, name in (known_with_gap(clause) if gaps else ()):   # 中部地区加快崛起
            if not _counted_before(clause, start) and known_at(name, meta.level, meta.report_year):
                add(start, end, clause[start:end], "known")
                written_known[clause[start:end]] = name
        if "“" in clause and "、" in clause:
            for m in QUOTED_PARTS.finditer(clause):   # before the suffix names a part ends (百企转型”|攻坚行动)
                if _parts_named(m.group(1), own):
                    add(m.start(), m.end(), m.group(), "quoted" if _in_naming_context(clause, m) else "named")
        if highways:   # before a line's code: 国道G112线涞水段绕城项目 is no G112线
            for m in HIGHWAY.finditer(clause):   # the clause without brackets of notes (NAME_CUTS)
                add(m.start(), m.end(), m.group(), "suffix")
        if coded is not None:
            for m in CODE_NAME.finditer(clause):
                add(m.start(), m.end(), m.group(), "suffix")
        if "“" in clause and PLUS.search(clause):
            # a formula of counts added up is a name only with what it is (“4+X”信访工作机制, “1+10+100”中药材
            # 规范化种植战略; not “4+N” alone), read before a suffix after the plus ends a name (N乡村治理|组织体系)
            for m in QUOTED.finditer(clause):
                if FORMULA.fullmatch(m.group(1)) and PLUS.search(m.group(1)) \
                        and (kind := _quoted_kind_after(MAX_FORMULA_KIND_LEAD).match(clause, m.end())):
                    name = clause[m.start():kind.end()]   # ending in a suffix, a name of its own (“6+1”专项行动)
                    add(m.start(), kind.end(), name, "suffix" if name.endswith(tuple(program_words()["suffix"])) else "quoted")
        runs = list(NAME_RUN.finditer(clause))
        if suffix_re.search(clause) is not None:
            buildings = tuple(program_words()["building"])
            for run in runs:
                formula = _formula_before(clause, run.start()) if run.group()[0] != "“" else None
                for run_end, candidate, suffix in _candidates(run.group(), own):
                    if formula is not None and len(candidate) == run_end:   # the run's first: “4+|N”特色园区
                        candidate = clause[formula:run.start()] + candidate   # the plus ends no name
                    name = clean_name(candidate, suffix, first=len(candidate) == run_end, own=own)
                    if name is not None and not _counted_after(clause, run.start() + run_end):
                        end = run.start() + run_end
                        if suffix.startswith(buildings):   # a facility's building: a candidate as the facility is
                            if not is_common_prose(name, own):
                                add(end - len(name), end, name, "facility")
                        elif suffix not in facility:
                            # a known programme inside it already names it (“吨半粮”示范区 → 吨半粮)
                            add(end - len(name), end, name, "suffix")
                        elif suffix in road_words() and _no_road(name):
                            pass   # 黑灯路, 集成电路: what ends in 路 but is no road
                        elif ORDINAL.search(name) or not is_common_prose(name, own):
                            # 南留中学, 龙西路, 第二幼儿园; not 农村小学, 城区道路
                            start = end - len(name)
                            if named_road(name) and (works := _road_works_after(clause, end)) is not None:
                                name, end = name + clause[end:works], works   # 朝阳路|升级改造: the road's works
                            add(start, end, name, "facility")
            for start, _, name, evidence in list(found):
                if evidence in ("suffix", "facility"):
                    for item_start, item_end, item_name in program_heads.coordinated(clause, start, name, own):
                        # an item found as a name of its own takes the shared head (阁院路、中心路东延: 阁院路东延)
                        found[:] = [(item_start, e, item_name, evidence) if (s, e) == (item_start, item_end)
                                    and item_name.startswith(n) else (s, e, n, ev) for s, e, n, ev in found]
                        add(item_start, item_end, item_name, evidence)
        if program_heads.ETC in clause or program_heads.ITEM_MARK in clause:   # 等景区, 两条高速
            for start, end, name in program_heads.listed_before_kind(clause, own):
                add(start, end, name, "listed")
        if "“" in clause:
            for m in QUOTED.finditer(clause):
                if clause.startswith(QUOTED_TITLE, m.end()) or m.group(1) in TITLES:
                    continue   # “领跑者”企业, “专精特新”: a title, not a programme
                if clean_candidate(m.group(1), own, quoted=True) == m.group(1):
                    add(m.start(), m.end(), m.group(), "quoted" if _in_naming_context(clause, m) else "named")
                elif (numbered := _numbered_name(clause, m, own)) is not None:   # “一村一年一场戏”文化惠民活动
                    add(m.start(), m.end(), m.group(), numbered)
                elif FORMULA.fullmatch(m.group(1)) and (kind := _quoted_kind_after(MAX_QUOTED_KIND_LEAD)
                                                        .match(clause, m.end())):
                    add(m.start(), kind.end(), clause[m.start():kind.end()], "quoted")   # “1556”战略; not |等活动
        if "等" in clause:
            for start, end in _listed_items(clause):
                _add_piece(add, clause, start, end, "listed", own)
        if meta.level in ONE_OF_A_KIND_LEVELS and RING_MARK in clause:
            for m in ring_road_re().finditer(clause):   # 实施新北环、新东环建设: a county's ring roads
                if starts_a_word(clause, m.start()):
                    add(m.start(), m.end(), m.group(), "facility")
        if meta.level in ONE_OF_A_KIND_LEVELS:
            for m in one_of_a_kind_re().finditer(clause):   # 中医院、疾控中心、妇幼保健院等新建项目|竣工投用
                owner = _owner_before(clause, m.start(), own)
                if owner and starts_a_word(clause, m.start() - len(owner)):
                    # after the county's own name it is the county's, named with or without a stage
                    # (充分发挥容城体育馆、壹号秀场等场馆功能)
                    add(m.start() - len(owner), m.end(), clause[m.start() - len(owner):m.end()], "facility")
                elif starts_a_word(clause, m.start()) and stage_in(clause, m.start(), m.end()) is not None:
                    building = _building_re().match(clause, m.end())   # 区妇幼保健院|新建住院病房楼
                    end = building.end() if building is not None else m.end()
                    add(m.start(), end, clause[m.start():end], "facility")
            for m in school_short_re().finditer(clause):   # 和三小、三幼、五中建设; 完成五中一期
                owner = _owner_before(clause, m.start(), own)
                if (owner or starts_a_word(clause, m.start())) \
                        and _session_list_re().match(clause, m.end()) is None:   # not 十九届二中、|三中|、四中全会
                    # after the county's own name, named with it as written (定兴五中; its key is 五中's); after
                    # the name and its level the level stays the key's, as a report writes it alone (涞源|县一中)
                    if m.group().startswith(tuple(program_words()["one_of_a_kind_before"])):
                        owner = ""
                    add(m.start() - len(owner), m.end(), clause[m.start() - len(owner):m.end()], "facility")
        if campaigns:
            for m in designation_re().finditer(clause):   # 创建国家全域旅游示范区: the region's campaign
                if _another_place_before(clause, m.start(), own):
                    continue   # 泌阳县成功创建|国家生态文明建设示范县 in a city's report: the county's
                group = "after" if m.group("after") else "before"
                name = _cut_after_leads(m.group(group), m.group(group))   # 推进|国家全域旅游示范区
                counted = _counts(name)   # the name starts after a count or a batch, else after a clause's particle
                batch = None if counted else _batch_re().search(name)
                name = name[counted[-1].end() if counted else batch.end() if batch else name.rfind(CLAUSE_PARTICLE) + 1:]
                if len(name) >= MIN_CANDIDATE_CHARS and not (name in program_words()["designation"]):
                    add(m.end(group) - len(name), m.end(group), name, "context")
        if "届" in clause:
            for start, end in _after_editions(clause):
                add(start, end, clause[start:end], "context")
        if context_re().search(clause) is not None:
            for run in runs:
                for start, end in _context_pieces(run.group()):
                    _add_piece(add, clause, run.start() + start, run.start() + end, "context", own)
        if "期" in clause:
            for run in runs:
                for start, end, phase_end in _phased_pieces(run.group(), own):
                    add(run.start() + start, run.start() + phase_end, run.group()[start:phase_end], "context")
        if program_heads.ITEM_MARK in clause:   # a list holding a project is a list of projects
            project_words = program_words()["project"]   # 高耗能、高污染项目: kinds of project, not projects
            for start, end, name, evidence in list(found):
                if (evidence in STANDALONE_EVIDENCE or evidence == "facility") and not name.endswith(project_words):
                    for item_start, item_end in program_heads.siblings(clause, start, end):
                        _add_piece(add, clause, item_start, item_end, "listed", own, program_heads.is_sibling)
        for start, end, name, evidence in found:
            stage = stage_in(clause, start, end)   # in the clause as cut, where start and end are
            if cuts:   # the name as written, with the words in brackets inside it (化庄(省界)至新蔡高速公路)
                piece = clause[start:end]
                whole = piece == name and evidence != "known"
                # an item that takes a shared head (唐河（清苑段）和金线河|治理工程): the item as written, its
                # note in brackets right after it too, then the head
                head = name[len(piece):] if evidence != "known" and piece and not whole and name.startswith(piece) else ""
                start, end = _as_written(cuts, start, end, closed=bool(head))
                if whole or head:
                    name = FOOTNOTE.sub("", written[start:end]) + head   # a footnote's number is not shown
            key = known[written_known.get(name, name)] if evidence == "known" else program_key(name, meta.region)
            order = stage[0] if stage else 0
            strength = EVIDENCE.index(evidence)
            if key in best and order <= best[key][1]:
                best[key][0] = min(best[key][0], strength)
                continue
            mention = ProgramMention(
                program_name=name, program_key=key, stage=stage[1] if stage else None,
                paragraph=_paragraph_of(paragraphs, starts, clause_start + start), quote=written.strip(),
                char_start=clause_start, char_end=clause_start + len(clause), evidence=evidence,
            )
            best[key] = [min(strength, best[key][0]) if key in best else strength, order, mention]
    mentions = (replace(mention, evidence=EVIDENCE[strength]) if mention.evidence != EVIDENCE[strength] else mention
                for strength, _, mention in best.values())
    return sorted(mentions, key=lambda m: (m.char_start, m.program_key))


def _owner_before(clause: str, at: int, own: frozenset[str]) -> str:
    """The region's own name that ends right before `at` (定兴|五中, 容城|体育馆), or ""."""
    return next((name for name in own if clause.endswith(name, 0, at)), "")


# A city or county campaigns to be named one of a kind (创建国家全域旅游示范区, 争创省级园林县城): its own
# programme, though every such name is made of common words. The State Council's and a province's are kinds.
OWN_CAMPAIGN_LEVELS = frozenset({"city", "county"})
# A county has one of these bodies (role one_of_a_kind: 中医院, 妇幼保健院, 体育馆): in its reports the bare
# word, or after its own level or 新 (role one_of_a_kind_before: 县, 县城, 区), is its own, a candidate
# (facility) kept once two reports name it, when its clause gives it a stage (built as a project, not
# an institution at work: 民政事业服务中心通过二星级评定); in a city's or a province's report the word
# is every county's.
ONE_OF_A_KIND_LEVELS = frozenset({"county"})
MAX_WORD_BEFORE_CHARS = 8    # the longest lead, stage word or coordinator that may end right before a word


@lru_cache(maxsize=1)
def one_of_a_kind_re() -> re.Pattern:
    # the word ends there, or a stage word, a coordinator or an adverb of the stage follows (县城水厂|建设,
    # 生活垃圾焚烧发电厂|全面运营: role stage_adverb) or its building (区妇幼保健院|新建住院病房楼: _building_re);
    # not what the body builds otherwise (区疾控中心|新建实验综合楼: the
    # project is the building)
    words = program_words()
    return re.compile(rf"(?:{alternation(words['one_of_a_kind_before'])})?(?:{alternation(words['one_of_a_kind'])})"
                      rf"(?={_word_ends()}|{alternation(words['stage_adverb'])}|{_building_re().pattern.replace('?P<building>', '')})")


# A county town's ring road by its side (role ring: 北环, 西南外环; 大北环, 新东环, 县城西北外环), where the
# word ends or its extension, a stage word or an adverb follows (北环|西延工程): a road of its own.
RING_MARK = program_words()["ring"][0]


@lru_cache(maxsize=1)
def ring_road_re() -> re.Pattern:
    words = program_words()
    before = alternation([*words["ring_before"], *words["one_of_a_kind_before"]])
    return re.compile(rf"(?:{before})?(?P<side>(?:[东西][南北]|[南北][东西]|[东西南北])[外内]?{RING_MARK})(?:{alternation(words['road'])})?"
                      rf"(?={_word_ends()}|{alternation(words['stage_adverb'])}|{alternation(words['extension'])}|段)")


def _word_ends() -> str:
    """What may follow a word that ends there: no name character, the text's end, a stage word or a
    coordinator (县城水厂|建设, 三小|、)."""
    return rf"[^{NAME_CHARS}]|$|{name_patterns()[2].pattern}|{alternation(program_words()['coordinator'])}"


@lru_cache(maxsize=1)
def school_short_re() -> re.Pattern:
    """A numbered school in its short form, written bare in a county's report (三小, 五中, 实验六小:
    knowledge/program_school_numbers.csv), after the county's level or 新 or not (县一中, 新一中), where the
    word ends: punctuation, a phase, a stage word or a coordinator after it; not 五中全会 (a plenary
    session), 二中西侧 (a place), 一小时."""
    forms = {tuple(form.split("{n}")) for form in _school_forms().values()}
    shorts = "|".join(f"{re.escape(before)}[一二三四五六七八九十]{{1,3}}{re.escape(after)}" for before, after in sorted(forms))
    before = alternation(program_words()["one_of_a_kind_before"])   # 新一中, 县二小: the county's own, as 新县医院
    return re.compile(rf"(?:{before})?(?:{shorts})(?={_word_ends()}|{PHASE.pattern})")   # 五中|一期


@lru_cache(maxsize=1)
def _session_list_re() -> re.Pattern:
    """The rest of a list of a party congress's plenary sessions (、四中|全会: role not_event)."""
    return re.compile(rf"(?:[、和][一二三四五六七八九十]{{1,3}}中)*(?:{alternation(program_words()['not_event'])})")


@lru_cache(maxsize=1)
def road_work_words() -> frozenset[str]:
    """The words of work on a road (program_words.csv roles road_work and road_work_word: 升级改造, 养护, 硬化)."""
    words = program_words()
    return frozenset({*words["road_work"], *words["road_work_word"]})


@lru_cache(maxsize=1)
def road_works_re() -> re.Pattern:
    """The work on a named road (road_work_words), then perhaps a project word: 升级改造, 养护改造一期工程 is
    written as 养护改造 and a phase cut out of the clause, 硬化绿化亮化."""
    return re.compile(f"(?:{alternation(road_work_words())})+(?:{PROJECT_WORDS})?")


MIN_ROAD_NAME_CHARS = 3   # 朝阳路, 龙西路: a road's name and its road word


def named_road(name: str) -> bool:
    """A road by its name (朝阳路, 广泉大街): it ends in a road word (program_words.csv role road), is
    MIN_ROAD_NAME_CHARS long, of no common words, no word for roads of a kind or for what is no road (roles
    road_kind, not_road: 县乡公路, 电力线路) and not from one place to another (role joined_start: 西至七蚁路)."""
    words = program_words()
    return len(name) >= MIN_ROAD_NAME_CHARS and name.endswith(road_words()) \
        and not any(joiner in name for joiner in words["joined_start"]) \
        and not name.endswith((*words["road_kind"], *words["not_road"])) and not is_common_words(name)


def _no_road(name: str) -> bool:
    """A name that ends in a road word but is no road (program_words.csv role not_road: 黑灯路, 集成电路). A road
    from one place to another is one (保衡路至林场路), though no named road takes works (named_road)."""
    return name.endswith(tuple(program_words()["not_road"]))


def _road_works_after(clause: str, at: int) -> int | None:
    """Where the work on a road named just before `at` ends (朝阳路|升级改造, 永阳路|改造), when a word ends
    there: the clause's end, a mark, a coordinator or a lead, naming or stage word (朝阳路升级改造|及,
    朝阳路升级改造|完成); not the start of another name (朝阳路绿化|带)."""
    works = road_works_re().match(clause, at)
    if works is None:
        return None
    end = works.end()
    ends = end == len(clause) or not CJK.match(clause, end) or marks_re().match(clause, end) is not None \
        or clause.startswith(tuple(program_words()["coordinator"]) + tuple(program_words()["inside_and"]), end)
    return end if ends else None


def starts_a_word(text: str, at: int) -> bool:
    """Nothing but a mark or punctuation before `at`: a lead, naming or stage word or a coordinator
    ends there (推进|乡村振兴, 新建|中医院, 和|营改增), or no Chinese character (“|农洽会, 、|疾控中心); not the
    end of another name (王林口镇|中心卫生院). program_found reads names found in passing so too."""
    return at == 0 or not CJK.match(text, at - 1) \
        or _word_end_re().search(text, max(0, at - MAX_WORD_BEFORE_CHARS), at) is not None


@lru_cache(maxsize=1)
def _word_end_re() -> re.Pattern:
    return re.compile(f"(?:{marks_re().pattern}|{alternation(program_words()['coordinator'])})$")


@lru_cache(maxsize=1)
def designation_re() -> re.Pattern:
    """A designation after a campaign verb or before one (program_words.csv roles designation and
    designation_verb): 创建|国家全域旅游示范区, 推进|国家全域旅游示范区|创建."""
    words = program_words()
    verbs, kinds = alternation(words.get("designation_verb", ())), alternation(words.get("designation", ()))
    return re.compile(rf"(?:{verbs})“?(?P<after>[\u4e00-\u9fff]{{2,10}}?(?:{kinds}))"
                      rf"|(?P<before>[\u4e00-\u9fff]{{2,10}}?(?:{kinds}))”?(?={verbs})")


def _another_place_before(clause: str, at: int, own: frozenset[str]) -> bool:
    """A place other than the region ends right before `at`, a campaign verb's subject (泌阳县|成功创建, 汝南县|被命名为):
    the designation is that place's, not the region's."""
    places = place_names()
    return any(clause[at - n:at] in places and clause[at - n:at] not in own
               and not any(is_common_words(clause[at - m:at]) for m in range(n + 1, min(MAX_SUBJECT_PLACE_CHARS, at) + 1))
               for n in range(2, min(MAX_SUBJECT_PLACE_CHARS, at) + 1))   # 中心|城区: a place's name inside common words


MAX_SUBJECT_PLACE_CHARS = 6   # 泌阳县, 内蒙古自治区: a place before a campaign verb


@lru_cache(maxsize=1)
def _batch_re() -> re.Pattern:
    """The first batch a designation is given in (role batch: 入选首批|国家农业现代化示范区); a numbered one (第二批)
    is a count (COUNT_MARK)."""
    return re.compile(alternation(program_words()["batch"]))


CLAUSE_PARTICLE = "了"   # 实现了|林业生态县: a clause's particle is never inside a designation
COUNTS_BEFORE = re.compile(r"[一二三四五六七八九十百千万两0-9]+$")


def _counted_after(clause: str, at: int) -> bool:
    """A count right after a name at `at` counts the name's kind (建成口袋公园12个, 新增A级旅游景区5家),
    unless another word follows the count, which is what it counts (长城汽车项目|五个车间|主体完工); a
    stage word or a figure's qualifier after it (5家以上, 12个建成投用) leaves it the kind's."""
    count = COUNTED_AFTER.match(clause, at)
    if count is None:
        return False
    end = count.end()
    return not (CJK.match(clause, end) and marks_re().match(clause, end) is None
                and not clause.startswith(POST_QUALIFIERS, end))


def _counted_before(clause: str, at: int) -> bool:
    """Numerals right before a known name make it part of another (“十百千万”工程 is not 千万工程)."""
    return COUNTS_BEFORE.search(clause, 0, at) is not None   # not after a quotation mark: “千万工程”


def _as_written(cuts: list[re.Match], start: int, end: int, closed: bool = False) -> tuple[int, int]:
    """(start, end) in the clause as written of a name found in it with the brackets cut out; `closed`:
    with a cut right at its end (an item's note before the coordinator: 唐河（清苑段）|和)."""
    removed = shift_start = shift_end = 0
    for cut in cuts:   # in order; a cut's place in the cut clause is its start less what went before
        at = cut.start() - removed
        shift_start += len(cut.group()) if at <= start else 0
        shift_end += len(cut.group()) if at < end or closed and at == end else 0
        removed += len(cut.group())
    return start + shift_start, end + shift_end


def _add_piece(add, clause: str, start: int, end: int, evidence: str, own: frozenset[str], test=None) -> None:
    """A listed or context piece of the clause, cleaned, at the place its cleaned name ends, if it
    passes the test given (program_heads.is_sibling for a list's items beside a project)."""
    piece = clause[start:end]
    if not piece or "“" in piece or "”" in piece:
        return
    name = clean_candidate(piece, own)
    if name is not None and (test is None or test(name, own)):
        at = start + piece.rfind(name)
        add(at, at + len(name), name, evidence)
