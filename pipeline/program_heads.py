"""Names that share their head with a name beside them.

- Coordinated items: `A和B高速`, `A、B高速` name A高速 as well as B高速 (周驻南和息邢高速 →
  周驻南高速, 息邢高速; 上罗、许信高速公路 → 上罗高速公路). The name the items lean on has a
  short core (息邢: end-city names), and each item is as short and no kind or common word. Plants by
  place and capacity share the kind after the capacity (蠡县东220千伏、握纽庄110千伏输变电工程).
- Listed items before 等 or a count and a kind: `A、B等景区` names A景区 and B景区 (嵖岈山、铜山、薄山湖等景区;
  曲港、津石两条高速;
  小洪河等19条中小河道治理 → 小洪河治理): each item takes the suffix the kind ends with, or the whole
  kind when that suffix is a word a name drops (薄山、宋家场等水库除险加固工程 → 宋家场水库除险加固工程).

A coordinated item stands on its own as a suffix name does; a listed one is a candidate
(programs.EVIDENCE `listed`), kept when the region's series repeats it or it links to a programme.
Both are found in one pass over a clause's characters.
"""
from __future__ import annotations

import itertools
import re
from functools import lru_cache
from typing import Iterator

from reportcmp.pipeline.program_vocabulary import (
    LIST_END, NAME_RUN, alternation, end_suffix_words, is_common_words, marks_re, name_patterns, not_suffix_words,
    program_words, road_words, strip_leads,
)

MIN_ITEM_CHARS = 2
MAX_ITEM_CHARS = 6           # 周驻南, 嵖岈山, 竹沟红色旅游
MAX_COORDINATED_CHARS = 3    # coordinated cores are as short as end-city names (息邢 of 息邢高速, 周驻南)
MAX_ROAD_ITEM_CHARS = 6      # a road's whole name as an item of roads extended alike (阁院路, 广昌大街)
MAX_PLANT_LEAD_CHARS = 10     # 推进投资2.6亿元的|蠡县东 before a capacity: cut to the place
MEASURE_OF = "的"             # 投资2.6亿元的|蠡县东220千伏 (grammar, not vocabulary)
MAX_ROAD_KIND_LEAD = 10      # 等|13.5公里市政|道路: a list's figure and kind before the word for its roads
MAX_ROAD_WORK_CHARS = 20     # 道路和53条巷道进行了提升改造
MAX_KIND_CHARS = 8           # the kind after 等: 景区, 物流园区, 中小河道治理
ITEM_MARK = "、"             # the mark between the items of a list (grammar, not vocabulary)
ETC = "等"
# A count between 等 and the kind: 小洪河等19条中小河道治理, 等一批.
COUNT_AFTER_ETC = re.compile(r"[0-9]+[个条座处家所]|[一二三四五六七八九十两]+[个条座处家所]")


@lru_cache(maxsize=1)
def _coordinators() -> tuple[str, ...]:
    """Words joining two items (和, 及, 与), longest first (program_words.csv role coordinator)."""
    return program_words()["coordinator"]


@lru_cache(maxsize=1)
def _suffixes() -> tuple[str, ...]:
    """Suffix words, longest first, without the words that only look like one."""
    return tuple(w for w in program_words()["suffix"] if w not in not_suffix_words())


@lru_cache(maxsize=2)
def _by_last(role: str) -> dict[str, tuple[str, ...]]:
    """The suffix (or head) words by their last character, longest first: one dict lookup a name."""
    grouped: dict[str, list[str]] = {}
    for word in (_suffixes() if role == "suffix" else program_words()[role]):
        grouped.setdefault(word[-1], []).append(word)
    return {char: tuple(words) for char, words in grouped.items()}


@lru_cache(maxsize=1)
def _item_breakers() -> re.Pattern:
    """What an item never holds: a joiner of two places (至: 郑州至合肥) or a kind of project (重点); a
    coordinator inside an item is part of its name (福和)."""
    words = program_words()
    return re.compile(alternation({*words["joiner"], *words["kind"]} - set(words["coordinator"])))


def suffix_of(name: str) -> str | None:
    """The longest suffix word the name ends with."""
    return next((s for s in _by_last("suffix").get(name[-1:], ()) if name.endswith(s) and len(name) > len(s)), None)


def _head_of(name: str) -> str | None:
    """The longest head word (program_words.csv role head) the name ends with."""
    return next((h for h in _by_last("head").get(name[-1:], ()) if name.endswith(h) and len(name) > len(h)), None)


def is_item(item: str, own: frozenset[str], longest: int = MAX_ITEM_CHARS) -> bool:
    """A short name part: no suffix of its own (内罗高速 is a name already), no joiner or kind word,
    not made only of common words and the region's own name (文化、体育中心), not a figure."""
    if not (MIN_ITEM_CHARS <= len(item) <= longest) or item[0].isdigit() or "“" in item or "”" in item:
        return False
    if _has_suffix(item) or _item_breakers().search(item) is not None:
        return False
    return not is_common_words(item, own)


def _has_suffix(item: str) -> bool:
    """A suffix in the item, but not one that names only at a name's end inside it (金|线|河)."""
    ends = end_suffix_words()
    return any(m.group() not in ends or m.end() == len(item) for m in name_patterns()[0].finditer(item))


def _item_before(clause: str, end: int) -> tuple[int, bool]:
    """(start, whether it opens the list) of the item ending at `end`: back over name characters to a
    mark, or to a coordinator with an item after it (福和 is one item); leads before it (做好|周驻南)
    are cut, and then nothing before it is an item."""
    begin = end
    while begin > 0 and NAME_RUN.match(clause[begin - 1]):
        begin -= 1
        if end - begin >= MIN_ITEM_CHARS and _joined_at(clause, begin):
            break
    item = strip_leads(clause[begin:end])
    start = end - len(item)
    return start, start > begin or not _joined_at(clause, begin)


def _joined_at(clause: str, at: int) -> int:
    """Length of the item mark or coordinator ending at `at`, or 0."""
    if at > 0 and clause[at - 1] == ITEM_MARK:
        return 1
    return next((len(w) for w in _coordinators() if clause.endswith(w, 0, at)), 0)


def _unquoted(item: str) -> str:
    """An item in quotation marks is its words (“安大”、“容易”线: 安大线, 容易线)."""
    return item[1:-1] if len(item) > 2 and item[0] == "“" and item[-1] == "”" and "“" not in item[1:-1] else item


def coordinated(clause: str, start: int, name: str, own: frozenset[str]) -> Iterator[tuple[int, int, str]]:
    """(start, end, name) of each item coordinated before the name at clause[start:], with its head:
    the suffix and the heads after it (唐河和金线河|治理工程)."""
    if _joined_at(clause, start) and (works := _road_works_of(name)):   # 永阳路、涿娄路|改造
        yield from _roads_coordinated(clause, start, works, own)
        return
    suffix = suffix_of(name)
    if not _joined_at(clause, start) or suffix is None or suffix in program_words()["unshared"] \
            or name.endswith(program_words()["project"]):   # 高耗能、高污染项目
        return
    capacity = _capacity_re().search(name)
    if capacity is not None and _plant_re().fullmatch(name, 0, capacity.end()) is not None:
        yield from _plants_coordinated(clause, start, name[capacity.end():], own)   # 蠡县东220千伏、握纽庄110千伏|输变电工程
        return
    if clause[start - 1] == ITEM_MARK and (waters := list(_waters_coordinated(clause, start, name, own))):
        yield from waters   # 拒马河、唐河|河道整治生态修复工程
        return
    core = name
    while (word := suffix_of(core) or _head_of(core)) is not None and len(core) - len(word) >= MIN_ITEM_CHARS:
        core = core[: -len(word)]
        if word in program_words()["extension"]:
            break   # 中心路|东延: what is extended is a road, its 路 part of its name
    suffix = name[len(core):]
    if _before_one_of_a_kind_re().fullmatch(core):
        return   # 新职中、新县医院: 新县 says which hospital, no head shared with the item before
    # roads extended the same way: each item a road's whole name (阁院路、中心路|东延)
    roads = suffix in program_words()["extension"] and core.endswith(road_words())
    if not (roads or is_item(_unquoted(core), own, MAX_COORDINATED_CHARS)):
        return
    for item_start, end, written in _items_before(clause, start):
        item = _unquoted(written)
        if not (_is_road(item, own) if roads else is_item(item, own, MAX_COORDINATED_CHARS)):
            return
        yield item_start, end, item + suffix


def _items_before(clause: str, at: int, marks_only: bool = False) -> Iterator[tuple[int, int, str]]:
    """(start, end, text) of each item joined before `at`, the last first, to the item that opens the list: after
    an item mark (、) or a coordinator (和), or after an item mark only (marks_only). The caller stops at the
    first that is no item of its kind."""
    while (joined := int(at > 0 and clause[at - 1] == ITEM_MARK) if marks_only else _joined_at(clause, at)):
        end = at - joined
        item_start, opens = _item_before(clause, end)
        yield item_start, end, clause[item_start:end]
        if opens:
            return
        at = item_start


def _road_works_of(name: str) -> str:
    """The work on a named road its name ends with (programs.road_works_re: 涿娄路|改造), or ""."""
    from reportcmp.pipeline import programs
    for road in _road_ends_re().finditer(name):
        if programs.named_road(name[:road.end()]) and programs.road_works_re().fullmatch(name, road.end()):
            return name[road.end():]
    return ""


@lru_cache(maxsize=1)
def _road_ends_re() -> re.Pattern:
    return re.compile(alternation(road_words()))


def _roads_coordinated(clause: str, start: int, works: str, own: frozenset[str]) -> Iterator[tuple[int, int, str]]:
    """Each road's whole name (_is_road) coordinated before a named road's works takes them: 完成永阳路、涿娄路
    改造 names 永阳路改造, 文昌路、学府路硬化绿化亮化 文昌路硬化绿化亮化."""
    for item_start, end, item in _items_before(clause, start):
        if not _is_road(item, own):
            return
        yield item_start, end, item + works


@lru_cache(maxsize=1)
def _water_re() -> re.Pattern:
    """A river's, lake's or reservoir's whole name (program_words.csv role water_body): 拒马河, 练江河."""
    return re.compile(rf"[\u4e00-\u9fff]{{1,{MAX_ITEM_CHARS - 1}}}(?P<water>{alternation(program_words()['water_body'])})")


def _waters_coordinated(clause: str, start: int, name: str, own: frozenset[str]) -> Iterator[tuple[int, int, str]]:
    """Each item of a 、 list before works on a river that is a river's name too takes the works: 拒马河、唐河河道
    整治生态修复工程 names 拒马河河道整治生态修复工程, 七节河、界河河道疏浚工程 七节河河道疏浚工程. The river of the
    name ends at the first word for water the item ends with (练江河|治理, 唐河|河道整治), and works on water start
    there (program_words.csv role water_work: not 老牛湾黄河|大峡谷5A级景区). Not across 和 or 与:
    北易水河与南拒马河水系连通工程 joins the two rivers in one project."""
    works = None
    for item_start, end, item in _items_before(clause, start, marks_only=True):
        if (water := _water_re().fullmatch(item)) is None or not is_item(item, own):
            return
        if works is None:
            river = name.find(water.group("water"), MIN_ITEM_CHARS - 1)
            works = name[river + len(water.group("water")):] if river >= 0 else ""
            if not works.startswith(program_words()["water_work"]):
                return   # 老牛湾黄河|大峡谷5A级景区, 唐公沟中小河|流治理: no works on the river
        yield item_start, end, item + works


@lru_cache(maxsize=1)
def _capacity_re() -> re.Pattern:
    """A plant's capacity (programs.CAPACITY; imported here, since programs imports this module)."""
    from reportcmp.pipeline import programs
    return programs.CAPACITY


@lru_cache(maxsize=1)
def _plant_re() -> re.Pattern:
    """A plant or a line by its place, a note on the place perhaps and its capacity (program_words.csv role
    capacity_unit), at the end of the text searched: 握纽庄110千伏, 握扭庄（玉田）110千伏."""
    return re.compile(rf"(?P<place>[\u4e00-\u9fff]{{{MIN_ITEM_CHARS},{MAX_PLANT_LEAD_CHARS}}})"
                      rf"(?P<note>[（(][^（）()]{{1,{MAX_ITEM_CHARS}}}[）)])?{_capacity_re().pattern}$")


def _plants_coordinated(clause: str, start: int, kind: str, own: frozenset[str]) -> Iterator[tuple[int, int, str]]:
    """Each item before a plant's name that is a place and a capacity too takes the plant's kind: 蠡县东220千伏、
    握纽庄110千伏输变电工程 names 蠡县东220千伏输变电工程 (each its own capacity, the kind shared). What it costs
    before the place (投资2.6亿元的, 投资2.6亿元) and leads are cut; a place that is a lead, common prose, ends
    in a word that says a capacity follows (program_words.csv role capacity_lead: 新增10千伏, 全县装机50兆瓦,
    城区110千伏), holds a kind of plant (role plant_kind: 分布式光伏20兆瓦) or starts right after another figure
    (占地200亩|蠡县东) is no plant's."""
    from reportcmp.pipeline import programs
    at = start
    while (joined := _joined_at(clause, at)):
        end = at - joined
        plant = _plant_re().search(clause, max(0, end - MAX_PLANT_LEAD_CHARS - 2 * MAX_ITEM_CHARS), end)
        if plant is None:
            return
        place_start = max([plant.start("place"), *(m.end() for m in programs.AMOUNT_CLASS.finditer(
            clause, max(0, plant.start("place") - MAX_ITEM_CHARS), plant.end("place")))])
        place = clause[place_start:plant.end("place")]
        place = strip_leads(place[place.rfind(MEASURE_OF) + 1:])
        at = plant.end("place") - len(place)
        if not is_item(place, own) or programs.leads_re().match(place) is not None \
                or programs.is_common_prose(place, own) or place.endswith(program_words()["capacity_lead"]) \
                or any(kind in place for kind in program_words()["plant_kind"]) or clause[at - 1:at].isdigit():
            return   # 分布式光伏20兆瓦: another plant; 占地200亩|蠡县东: a unit of another figure starts it
        yield at, end, clause[at:end] + kind


@lru_cache(maxsize=1)
def _before_one_of_a_kind_re() -> re.Pattern:
    """Words only before a body a county has one of (role one_of_a_kind_before: 县, 新): 新县医院."""
    return re.compile(f"(?:{alternation(program_words()['one_of_a_kind_before'])})+")


def _is_road(item: str, own: frozenset[str]) -> bool:
    """A road's whole name as a list's item: a named road (programs.named_road: 阁院路; not 道路, 集成电路) no
    longer than MAX_ROAD_ITEM_CHARS, not of common words and the region's own name."""
    from reportcmp.pipeline import programs
    return MIN_ITEM_CHARS < len(item) <= MAX_ROAD_ITEM_CHARS and programs.named_road(item) \
        and not is_common_words(item, own)


def listed_before_kind(clause: str, own: frozenset[str]) -> Iterator[tuple[int, int, str]]:
    """(start, end, name) of each item of a list ending in 等 and a kind (A、B等景区), the item with
    the kind's suffix. A list of projects (等重点项目, 等70个计划竣工项目) is
    LIST_END's (programs._listed_items)."""
    for list_end, at, counted in _list_ends(clause):
        count = COUNT_AFTER_ETC.match(clause, at)
        if count is not None:
            at = count.end()
        run = NAME_RUN.match(clause, at)
        if run is None:
            continue
        mark = marks_re().search(clause, at, run.end())
        kind = clause[at: mark.start() if mark is not None else run.end()]
        suffix = kind if kind in _suffixes() else suffix_of(kind)
        if suffix is None or len(kind) > MAX_KIND_CHARS:   # or the kind a count is of (两条|高速|枢纽互通优势),
            # or the kind before what is done at them (等|景区|基础设施)
            ends = end_suffix_words()   # not 战略 of 战略性新兴产业
            kind = suffix = next((w for w in _suffixes() if clause.startswith(w, at) and w not in ends), None)
        if _is_road(clause[_item_before(clause, list_end)[0]:list_end], own):
            if _works_on_roads(clause, at):
                yield from _roads_listed(clause, list_end, own)   # 博望路、博温路|两条主干路大修工程
            continue
        if suffix is None or len(kind) > MAX_KIND_CHARS:
            continue
        if suffix in program_words()["dropped"] and _item_breakers().search(kind) is None:
            suffix = kind   # 薄山、宋家场等水库除险加固工程: not 薄山工程; but 南三环等一大批重点工程
        end = list_end
        while True:
            item_start, opens = _item_before(clause, end)
            item = clause[item_start:end]
            if not is_item(item, own):
                break
            # a road's section is of a road already (博文路东段、朝阳街中段等道路: no 博文路东段路)
            yield item_start, end, item if item.endswith("段") and suffix in road_words() else item + suffix
            joined = _joined_at(clause, item_start)
            if opens or not joined:
                break
            end = item_start - joined


@lru_cache(maxsize=1)
def _works_on_roads_re() -> re.Pattern:
    """A word for roads of a kind (program_words.csv role road_kind), then, past figures, counts, 进行了 and other
    roads, what is done to them (roles road_work, road_work_word, road_build) or a project word right after:
    主干路大修工程, 市政道路翻修, 道路和53条巷道进行了提升改造, 干线公路项目; not 道路雨污分流工程."""
    from reportcmp.pipeline import programs
    words = program_words()
    works = alternation({*programs.road_work_words(), *words["road_build"]})
    gap = rf"(?:[0-9.]+|{alternation({*words['count_unit'], *words['road_gap'], *words['road_kind']})})*"
    return re.compile(rf"(?:{alternation(words['road_kind'])})(?:{gap}(?:{works})|{alternation(words['project'])})")


def _works_on_roads(clause: str, at: int) -> bool:
    """What follows a list at `at` is work on roads, a word for roads starting within MAX_ROAD_KIND_LEAD characters
    (等13.5公里市政道路翻修及新建工程, 两条主干路大修工程, 等7条城区市政道路进行改扩建); not what is built at them
    (等6条道路雨污分流工程, 等一批地下综合管廊项目) or in pipes and lines (等燃气管路改造)."""
    works = _works_on_roads_re().search(clause, at, at + MAX_ROAD_KIND_LEAD + MAX_ROAD_WORK_CHARS)
    return works is not None and works.start() - at <= MAX_ROAD_KIND_LEAD


def _roads_listed(clause: str, end: int, own: frozenset[str]) -> Iterator[tuple[int, int, str]]:
    """(start, end, name) of each item of a list ending at `end` that is a road's whole name (_is_road), from
    the last: a list of roads before work on them all names each (启动博温路、博望路等|对外联通主干路
    修补提升工程, 博望路、博温路|两条主干路大修工程: _works_on_roads)."""
    item_start, opens = _item_before(clause, end)
    last = [(item_start, end, clause[item_start:end])]
    for start, item_end, item in itertools.chain(last, () if opens else _items_before(clause, item_start)):
        if not _is_road(item, own):
            return
        yield start, item_end, item


def _list_ends(clause: str) -> Iterator[tuple[int, int, bool]]:
    """(where the items end, where what follows them starts, whether a count ends them) of each list that
    ends in 等 (A、B等景区; not a list of projects, LIST_END's) or in a count right after the last item
    (曲港、津石两条高速)."""
    for etc in re.finditer(ETC, clause):
        if not LIST_END.match(clause, etc.start()):
            yield etc.start(), etc.end(), False
    if ITEM_MARK in clause:
        for count in COUNT_AFTER_ETC.finditer(clause):
            run_start = count.start()
            while run_start > 0 and NAME_RUN.match(clause[run_start - 1]):
                run_start -= 1
            if count.start() > 0 and clause[count.start() - 1] != ETC and run_start > 0 \
                    and clause[run_start - 1] == ITEM_MARK:
                yield count.start(), count.start(), True


def is_sibling(item: str, own: frozenset[str]) -> bool:
    """A cleaned item of a list beside a project (siblings) that is a candidate: an item as a list's
    items are (is_item), neither a natural place (program_words.csv role natural_place: 开源河, 青岛港) nor a
    product (role product: 白芝麻, 中药材; a brand is program_brands')."""
    words = program_words()
    return is_item(item, own) and not item.endswith(words["natural_place"] + words["product"])


def siblings(clause: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """(start, end) of the other items of the 、 list the name at clause[start:end] stands in: a list
    holding a project is a list of projects (仙人山、古北岳、凤凰谷: 凤凰谷 a name, so 仙人山 and 古北岳
    are candidates; 新建中医院、妇幼保健院和疾控中心). The list ends at 等 or at a stage word after its
    last mark (火车站广场|建设); a coordinator in the last item is a mark too. The caller cleans the
    pieces (a lead before the first: 全力推进|仙人山)."""
    lo, hi = start, end
    while lo > 0 and (clause[lo - 1] == ITEM_MARK or NAME_RUN.match(clause[lo - 1])):
        lo -= 1
    while hi < len(clause) and (clause[hi] == ITEM_MARK or NAME_RUN.match(clause[hi])):
        hi += 1
    last_mark = clause.rfind(ITEM_MARK, lo, hi)
    if last_mark < 0:
        return
    stage = name_patterns()[2].search(clause, last_mark + 1, hi)
    etc = clause.find(ETC, end, hi)
    hi = min(hi, stage.start() if stage is not None else hi, etc if etc >= 0 else hi)
    pieces: list[tuple[int, int]] = []
    at = lo
    for piece in clause[lo:hi].split(ITEM_MARK):
        pieces.append((at, at + len(piece)))
        at += len(piece) + 1
    last_start, last_end = pieces[-1]
    joined = _coordinator_re().search(clause, last_start + MIN_ITEM_CHARS, last_end - MIN_ITEM_CHARS)
    if joined is not None and last_end - joined.end() >= MIN_ITEM_CHARS:   # 妇幼保健院和疾控中心
        pieces[-1:] = [(last_start, joined.start()), (joined.end(), last_end)]
    for piece_start, piece_end in pieces:
        if piece_end <= start or piece_start >= end:
            yield piece_start, piece_end


@lru_cache(maxsize=1)
def _coordinator_re() -> re.Pattern:
    return re.compile(alternation(_coordinators()))
