"""A region's programmes followed across its years: which names are programmes, which spellings are
one programme (with the rule and score of each link), the reports that name one only in passing,
stable ids, and the views an analyst reads."""
from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from reportcmp.pipeline import program_links, program_rules, programs, warehouse
from reportcmp.pipeline.config import CompareSettings

NOW = dt.datetime(2026, 1, 1)
DEZHOU, ZHUMADIAN = ("371400", "德州市"), ("411700", "驻马店市")


def fresh():
    con = duckdb.connect()
    warehouse.apply_schema(con)
    return con


def add_report(con, year, names, region=DEZHOU, text=""):
    """One report of `region` with these mentions: a name, or (name, stage, evidence)."""
    region_key, region_name = region
    sha = f"{region_key}-{year}"
    con.execute("INSERT INTO core_reports (report_sha256, region, region_code, region_key, level, report_year, "
                "source_file, source_format, n_chars, clean_text, raw_text, ingested_at) VALUES "
                "(?, ?, ?, ?, 'city', ?, 'f', 'txt', ?, ?, '', ?)",
                [sha, region_name, region_key, region_key, year, len(text), text, NOW])
    for seq, mention in enumerate(names):
        name, stage, evidence = (mention, None, "suffix") if isinstance(mention, str) else mention
        con.execute("INSERT INTO core_program_mentions VALUES (?, ?, ?, ?, ?, 0, ?, 0, 1, ?)",
                    [sha, seq, name, programs.program_key(name, region_name), stage, name, evidence])


def link(con, settings=CompareSettings()):
    program_links.link_programs(con, settings)


def mentions(con):
    """(program_key, report_year, program_id, match_rule) of every mention, in order."""
    return con.execute("SELECT program_key, report_year, program_id, match_rule FROM out_program_timeline "
                       "ORDER BY region_key, report_year, mention_seq").fetchall()


def ids_by_key(con):
    return {key: pid for key, _, pid, _ in mentions(con)}


# ---- which spellings are one programme -------------------------------------------------------

@pytest.mark.parametrize("earlier, later, rule", [
    ("宁津县健身器材产业园", "宁津健身器材产业园", "abbreviation"),   # 县 dropped
    ("宁津健身器材产业园", "宁津健身器械产业园", "fuzzy"),
    ("鲁北大数据中心", "鲁北大数据中心二期", "stem"),       # a phase of the same programme
    ("百城建设提质工程", "百城建设提质项目", "stem"),       # …提质工程 one year, …提质项目 the next
    ("马庄铁路物流园", "马庄铁路物流基地", "stem"),         # a head swapped
    ("皇家驿站", "驿城区皇家驿站", "affix"),                 # a place before it
    ("农洽会", "中国农加工洽谈会", "abbreviation"),          # the short name of a fair
    ("杨靖宇纪念馆", "杨靖宇将军纪念馆", "abbreviation"),
    ("焦桐高速公路泌阳段", "焦桐高速", "stem"),              # a section and 公路 dropped
    ("嵖岈山景区", "嵖岈山温泉小镇", "kind"),                # one kind of place with the same lead
    ("宿鸭湖环湖生态休闲经济带", "宿鸭湖生态湿地旅游区", "kind"),
    ("石武高铁", "石武客专", "kind"),                        # a railway by its end cities, renamed
    ("福汉兴公路港", "福汉兴公路物流港", "kind"),
    ("上海世界博览会", "上海世博会", "abbreviation"),        # a place is part of a name of place and event
    ("唐河治理", "唐河治理工程", "stem"),                    # a whole stem of a place and a suffix
    ("好梦林水特色小镇", "好梦林水田园综合体", "kind"),
    ("马庄铁路物流基地", "马庄物流园区", "kind"),            # leads with the same core (马庄铁路 → 马庄)
    ("竹沟红色小镇", "竹沟特色小镇", "kind"),
    ("农村新型合作医疗制度试点", "新型农村合作医疗制度试点", "reordered"),   # two words swapped
    ("唐河治理", "唐河全域治理工程", "inner_word"),          # a common word inside the name
    ("双创中心", "双创孵化中心", "inner_word"),              # 孵化: what every such centre does
    ("中南高科驻马店新经济产业园", "驻马店新经济产业园", "prefixed"),   # a developer before a place
    ("梦林水田园综合体", "好梦林水特色小镇", "kind"),        # one lead ends the other (好 cut one year)
    ("“三城联创”", "“四城联创”", "count"),                   # a slogan's count grows
    ("乐凯大街南延至旅游路工程", "乐凯大街南延至南三环工程", "extension"),   # one road extended one way
    ("永兴路东延工程", "永兴路东延小寺段工程", "extension"),
    ("职业教育园区", "职教园区", "exact_key"),               # a word in its usual short form
    ("朝阳路综合升级改造工程", "朝阳路", "road_work"),       # the works on a named road are the road's
    ("永阳路养护改造一期工程", "永阳路", "road_work"),
    ("博望路", "博望路县城至许村段公路大修养护项目", "road_work"),
    ("雪松路西段", "雪松路改造工程", "road_work"),            # and so is a part of it
    ("龙肘山风电场工程", "龙肘山风电一期", "stem"),          # a wind farm is its wind power (program_short_words.csv)
    ("南环路", "南环路改造提升", "road_work"),                # a ring road by its side (南环)
    ("竹沟红色小镇", "竹沟红色教育基地", "kind"),            # a site of one lead, a town or a base
    ("营业税改征增值税试点", "“营改增”试点", "abbreviation"),   # the first character of each word
    ("瀑河景观带二期工程", "瀑河景观带一、二期工程", "stem"),   # phases, one or a list of them
    ("中医院迁建", "中医院迁建工程", "stem"),                 # common words with and without 工程
    ("殡管所搬迁工程", "殡管所迁建", "stem"),                 # moved or moved and rebuilt: one relocation
    ("长沙机场", "长沙机场改扩建工程", "stem"),               # a place and its enlargement
    ("宿鸭湖水库清淤", "宿鸭湖水库清淤扩容工程", "stem"),     # the work and its enlargement (扩容, as 扩建)
    ("曲承线", "曲承路", "kind"),                             # a road called a line, then a road (kind road)
    ("太行山第一驿站", "第一驿站", "affix"),                  # an ordinal says which one
    ("风帆工业园", "风帆产业园", "kind"),                      # one park, whatever it is called
    ("风帆产业园", "风帆动力产业园", "inner_word"),            # 动力: what the firm makes, a common word
    ("店房国防教育基地", "店房军事小镇", "kind"),              # 国防, 军事: what the site is about
    ("老乐山5A景区", "老乐山风景区", "kind"),                  # a scenic area's rating is no part of its name
    ("林上青溪", "林上清溪", "homophone"),                     # a typing slip: one character read the same
    ("石漕沟水库", "石槽沟水库", "homophone"),
    ("嵖岈山", "嵖岈山景区", "kind"),                          # a place's name written bare is the place
    ("古北岳景区", "古北岳", "kind"),
    ("灵山聚龙洞景区", "灵山聚龙洞", "kind"),                  # with a place's name in front (灵山)
    ("市妇女儿童医院", "妇女儿童医院新院区", "stem"),         # a hospital and its new site (role head)
    ("区中医院新院区", "区中医医院新院区", "exact_key"),       # 中医医院 is a 中医院 (program_short_words.csv)
    ("国家全域旅游示范区", "国家级全域旅游示范区", "exact_key"),   # a level with or without 级
    ("国家全域旅游示范县", "国家全域旅游示范区", "exact_key"),     # a county's title for the county or its area
    ("易水初级中学", "易水初中", "exact_key"),                   # a school's kind in its usual short form
    ("第三高级中学", "第三高中", "exact_key"),                   # and a numbered one (三高)
    # a transfer between two provinces by their one-character names (province_short_names.csv) and in full
    ("青海—河南特高压直流工程", "青电入豫", "transfer"),
    ("宁电入湘", "宁夏至湖南特高压输电工程", "transfer"),
    ("陕西至安徽特高压直流工程", "陕电入皖特高压工程", "transfer"),   # the short name with its line's words
])
def test_spellings_of_one_programme_link_with_their_rule(earlier, later, rule):
    con = fresh()
    add_report(con, 2023, [earlier], ZHUMADIAN)
    add_report(con, 2024, [later], ZHUMADIAN)
    link(con)
    (_, _, first_id, first_rule), (_, _, later_id, later_rule) = mentions(con)
    assert (first_id == later_id, first_rule, later_rule) == (True, "first", rule)


@pytest.mark.parametrize("earlier, later", [
    ("鲁北大数据中心", "德州大数据中心"),        # 大数据中心 alone says no more than the words every city uses
    ("市体育公园", "市体育中心"),                # 体育 is not distinctive
    ("第二污水处理厂", "第四污水处理厂"),        # numbers differ
    ("南三环", "乐凯大街南延至南三环"),          # joined to another road
    ("北三环东延", "北三环东延安置房"),          # housing for a road is not the road
    ("乐凯大街南延", "乐凯大街北延"),            # the other way
    ("县乡公路", "县乡公路升级项目"),            # roads of a kind, no named road (role road_kind)
    ("贫困村电力线路", "贫困村电力线路改造升级"),  # a power line is no road
    ("朝阳路", "朝阳路雨污管网改造工程"),        # the pipes under a road are no work on the road
    ("朝阳路升级改造", "朝阳路东延"),            # an extension is a road's new part, not its works
    ("朝阳路", "朝阳路东延段"),                  # nor a section of it
    ("乐凯大街", "乐凯大街南延段"),
    ("黑灯路", "黑灯路整治"),                    # unlit roads are no road (role not_road)
    ("中心路东延", "阁院路东延"),                # another road
    ("北三环至马坊路", "北三环至建业路"),        # roads one only when their leads are equal
    ("薄山水库", "薄山水库引水工程"),            # a project at a place is not the place
    ("洽谈会", "中国农加工洽谈会"),              # a suffix alone is no name
    ("北京大兴经济开发区", "河北涞源经济开发区"),  # a place before a place is no developer
    ("一期工程", "二期工程"),                    # a phase is no slogan's count
    ("南驻路", "南驻阜铁路"),                    # too short and too close to abbreviate
    ("嵖岈山景区", "嵖岈山通用机场"),            # another kind of place at the same place
    ("天中山景区", "天中山大道"),
    ("京石高速公路", "京石高速铁路"),            # an expressway is not a railway
    ("正阳县产业集聚区", "泌阳产业集聚区"),      # leads of common words in two counties
    ("天中山景区", "天中文化旅游区"),            # cores differ (天中山, 天中)
    ("竹沟红色小镇", "竹沟抽水蓄能电站"),
    ("国际农产品加工产业园", "国农加产业园"),    # initials of a name's words, but as long as a name
    ("乡村振兴战略", "乡村振兴产业园"),          # a strategy is not a park with its name
    ("银泰电动汽车", "金龙沃诚电动汽车"),        # two makers' plants: 电动汽车 is what each makes
    ("宋家场水库除险加固", "板桥水库除险加固"),   # two reservoirs
    ("国家疾控中心", "区疾控中心"),
    ("排污权交易试点", "碳排放权交易试点"),
    ("王林口中学", "王林口镇中心小学"),         # a middle school and a primary school (role facility)
    ("县医院", "县中医院"),
    ("区医院新院区", "区中医院新院区"),           # the new sites of two hospitals (role branch)
    ("市中心医院北区分院", "市妇幼保健院北区分院"),
    ("保衡路", "保衡路至林场路"),               # a road joined to another is a new road, not its long name
    ("肇庆古城", "肇庆集聚区"),                 # a place alone is no lead two kinds of place share
    ("肇庆", "肇庆古城"),                       # a city's name is no place of its kind
    ("新能源", "新能源示范区"),                 # common words link only with and without 工程
    ("中日智慧产业示范园", "中日循环经济产业示范园"),   # two parks link only by equal leads
    ("白石山地球科学论坛", "白石山第三代半导体峰会"),   # so do two events at one place
    ("市第二污水处理厂", "县第二污水处理厂"),     # a county's in a city's report is not the city's
    ("城区污水处理厂", "城区第二污水处理厂"),     # one of them, not its long name
    ("现代中药农业园区", "现代中药工业园区"),
    ("青海—河南特高压直流工程", "陕电入豫"),       # from another province
    ("青海—河南特高压直流工程", "豫电入青"),       # the other way
    ("青海至河南铁路", "青电入豫"),               # no line that carries power or gas
    ("青海至河南输油管道", "青电入豫"),           # a line of another good (knowledge/program_transfers.csv)
    ("青海至河南特高压直流工程配套送出工程", "青电入豫"),   # a project that serves the line
])
def test_different_programmes_do_not_link(earlier, later):
    con = fresh()
    add_report(con, 2023, [earlier])
    add_report(con, 2024, [later])
    link(con)
    (_, _, first_id, _), (_, _, later_id, rule) = mentions(con)
    assert (first_id != later_id, rule) == (True, "first")


def test_a_renamed_fair_is_one_series_while_its_editions_run_on():
    con = fresh()
    add_report(con, 2004, ["东西合作经贸洽谈会"], ZHUMADIAN)
    con.execute("UPDATE core_program_mentions SET quote = '成功举办了第六次东西合作经贸洽谈会'")
    add_report(con, 2010, ["东西合作经贸洽谈会"], ZHUMADIAN)   # the old name's last report, no edition
    add_report(con, 2011, [("“农洽会”", None, "quoted")], ZHUMADIAN)
    add_report(con, 2012, [("“农洽会”", None, "quoted")], ZHUMADIAN)
    add_report(con, 2016, ["中国农加工洽谈会"], ZHUMADIAN)
    con.execute("UPDATE core_program_mentions SET quote = '成功举办第十八届中国农加工洽谈会' "
                "WHERE program_name = '中国农加工洽谈会'")
    add_report(con, 2017, ["中国农加工洽谈会"], ZHUMADIAN)   # another fair of the same kind, no edition
    link(con)
    rows = mentions(con)
    assert len({pid for _, _, pid, _ in rows}) == 1
    assert ("农洽会", 2011, rows[0][2], "edition") in rows


def test_fairs_whose_editions_do_not_run_on_are_two():
    con = fresh()
    add_report(con, 2008, ["银企合作洽谈会"], ZHUMADIAN)
    con.execute("UPDATE core_program_mentions SET quote = '组织了第三届银企合作洽谈会'")
    add_report(con, 2016, ["中国农加工洽谈会"], ZHUMADIAN)
    con.execute("UPDATE core_program_mentions SET quote = '成功举办第十八届中国农加工洽谈会' "
                "WHERE program_name = '中国农加工洽谈会'")
    link(con)
    assert len({pid for _, _, pid, _ in mentions(con)}) == 2


def edition_report(con, year, quotes, part="review"):
    """A report of 驻马店 naming events after their editions in a paragraph about the year its `part` is."""
    add_report(con, year, list(quotes), ZHUMADIAN)
    held = year - 1 if part == "review" else year
    con.execute("INSERT INTO core_paragraphs VALUES (?, 0, 0, 1, ?, ?, ?, NULL)", [f"411700-{year}", part, held, held])
    for name, quote in quotes.items():
        con.execute("UPDATE core_program_mentions SET quote = ? WHERE program_name = ? AND report_sha256 = ?",
                    [quote, name, f"411700-{year}"])


@pytest.mark.parametrize("reports", [
    # first held the same year, named side by side in one report: two events
    [(2025, {"全国博士后创新创业大赛": "办好第三届全国博士后创新创业大赛",
             "全国职工数字化应用技术技能大赛": "第三届全国职工数字化应用技术技能大赛"}, "plan")],
    # the 13th held in 2018 and the 14th to be held in 2020 began in different years
    [(2019, {"豫商大会": "成功举办第13届豫商大会"}, "review"),
     (2020, {"中国心理学家大会": "承办好第14届中国心理学家大会"}, "plan")],
    # one began in 2006 as the other, but their years interleave: two events
    [(2019, {"豫商大会": "成功举办第13届豫商大会"}, "review"),
     (2021, {"中国牛业发展大会": "第十五届中国牛业发展大会在泌阳召开"}, "review"),
     (2025, {"豫商大会": "积极参加豫商大会"}, "review")],
    # both began in 2013, six years apart: no rename
    [(2019, {"世界军人运动会": "办好第七届世界军人运动会"}, "plan"),
     (2025, {"全国少数民族传统体育运动会": "成功举办第十二届全国少数民族传统体育运动会"}, "review")],
])
def test_events_a_rename_cannot_explain_are_two(reports):
    con = fresh()
    for year, quotes, part in reports:
        edition_report(con, year, quotes, part)
    link(con)
    assert len({pid for _, _, pid, _ in mentions(con)}) == len({key for key, _, _, _ in mentions(con)})
    assert "edition" not in {rule for _, _, _, rule in mentions(con)}


def test_every_event_of_a_first_year_is_tried_for_a_rename():
    # three events first held in 2006: the first cannot be renamed into either, the later two are one
    con = fresh()
    edition_report(con, 2010, {"甲洽谈会": "成功举办第4届甲洽谈会"})
    edition_report(con, 2011, {"甲洽谈会": "成功举办第5届甲洽谈会"})
    edition_report(con, 2019, {"乙洽谈会": "成功举办第13届乙洽谈会"})
    edition_report(con, 2020, {"丙洽谈会": "成功举办第14届丙洽谈会"})
    edition_report(con, 2021, {"丙洽谈会": "成功举办第15届丙洽谈会"})
    link(con)
    ids = ids_by_key(con)
    assert ids["乙洽谈会"] == ids["丙洽谈会"] != ids["甲洽谈会"]


def test_no_building_of_a_facility_keeps_two_keys_apart():
    assert not program_rules.apart("电子商务大楼", "电商大楼")


@pytest.mark.parametrize("planned, held", [
    ("文化旅游发展大会", "文旅发大会"),
    ("全市第五届文化旅游发展大会", "全市第五届文旅发大会"),   # the host and edition inside the names
])
def test_an_event_renamed_between_its_plan_and_its_review_is_one(planned, held):
    con = fresh()
    edition_report(con, 2022, {planned: "以承办2022年全市第五届文化旅游发展大会为契机"}, "plan")
    edition_report(con, 2023, {held: "圆满承办全市第五届文旅发大会"}, "review")
    link(con)
    assert len({pid for _, _, pid, _ in mentions(con)}) == 1


def test_works_on_a_highway_are_one_programme_and_its_sections_another():
    shunping, miyi = ("130636", "顺平县"), ("510421", "米易县")
    add_report(con := fresh(), 2021, ["G234国道顺平段改扩建"], shunping)
    add_report(con, 2024, ["国道G234（开发区至满城界段）改建工程"], shunping)
    add_report(con, 2022, ["S465改建", "S465青皮村至坪山村段"], miyi)
    add_report(con, 2023, ["S465改扩建", "S465青皮村至坪山村段"], miyi)
    link(con)
    ids = ids_by_key(con)
    assert ids["G234改扩建"] == ids["G234改建工程"]
    assert ids["S465改建"] == ids["S465改扩建"] != ids["S465青皮村至坪山村段"]


def test_two_buildings_of_a_facility_are_two_programmes():
    dingxing = ("130626", "定兴县")
    add_report(con := fresh(), 2020, ["县医院新建病房楼"], dingxing)
    add_report(con, 2021, ["县医院传染病房楼", "县医院医技楼"], dingxing)
    add_report(con, 2022, ["县医院新病房楼", "县医院传染病房楼", "县医院医技综合楼"], dingxing)
    link(con)
    ids = ids_by_key(con)
    assert ids["医院病房楼"] != ids["医院传染病房楼"]
    assert ids["医院医技楼"] == ids["医院医技综合楼"]   # 综合 is any building's word (role building_filler)


def test_two_roads_one_side_apart_are_two_programmes():
    # 公园路东延 and 公园南路东延, extended in one report, share all but a side: no fuzzy score joins them
    assert program_rules.link_keys(["公园南路东延", "公园路东延"], 85) == {
        "公园南路东延": ("公园南路东延", "first", 100.0), "公园路东延": ("公园路东延", "first", 100.0)}
    assert program_rules.apart("中山北街", "中山街") and not program_rules.apart("中山街改造", "中山街")
    assert program_rules.apart("人民南路东延", "人民北路东延")   # two sides, fuzzy 90.9 apart
    assert not program_rules.apart("南环路", "北环路")   # ring roads are keyed by their side elsewhere


def test_a_line_renamed_when_an_end_changes_is_one_programme():
    con = fresh()
    add_report(con, 2007, ["郑州武汉客运铁路", "内罗高速"], ZHUMADIAN)      # the ends written in full
    add_report(con, 2008, ["郑武客运铁路", "安罗高速"], ZHUMADIAN)
    add_report(con, 2009, ["石武客运专线", ("安罗高速", "开工", "suffix")], ZHUMADIAN)
    add_report(con, 2010, ["石武客运专线", "上罗高速"], ZHUMADIAN)
    add_report(con, 2011, ["石武客专", "上罗高速"], ZHUMADIAN)
    link(con)
    ids = ids_by_key(con)
    assert ids["郑州武汉客运铁路"] == ids["郑武客运铁路"] == ids["石武客运专线"] == ids["石武客专"]
    assert ids["内罗高速"] == ids["安罗高速"] == ids["上罗高速"] != ids["石武客运专线"]
    rules = {(key, rule) for key, _, _, rule in mentions(con)}
    assert ("石武客运专线", "rename") in rules and ("郑武客运铁路", "abbreviation") in rules


def test_a_line_whose_ends_are_joined_by_a_word_is_the_line_of_their_first_characters():
    con = fresh()
    add_report(con, 2007, ["化庄(省界)至新蔡高速公路"], ZHUMADIAN)
    add_report(con, 2008, ["化新高速公路"], ZHUMADIAN)
    add_report(con, 2009, ["化新高速", "乐凯大街南延至旅游路工程"], ZHUMADIAN)
    link(con)
    ids = ids_by_key(con)
    assert ids["化庄至新蔡高速公路"] == ids["化新高速公路"] == ids["化新高速"] != ids["乐凯大街南延至旅游路工程"]


@pytest.mark.parametrize("years_old, years_new, stage", [
    ((2010, 2011), (2011, 2012), None),      # both named in one year: two lines at once
    ((2008,), (2012, 2013), None),           # years apart
    ((2010, 2011), (2012, 2013), "建成"),     # the old line was built: the new one is another
    ((2010,), (2011,), None),                # two reports are no series to see a rename in
])
def test_lines_that_share_an_end_are_not_renamed_without_evidence(years_old, years_new, stage):
    con = fresh()
    for year in sorted(set(years_old) | set(years_new)):
        names = [("济滨高铁", stage, "suffix")] if year in years_old else []
        add_report(con, year, names + (["济枣高铁"] if year in years_new else []), ZHUMADIAN)
    link(con)
    ids = ids_by_key(con)
    assert ids["济滨高铁"] != ids["济枣高铁"]


def test_a_line_with_two_successors_is_renamed_to_neither():
    con = fresh()
    add_report(con, 2010, ["济滨高铁"], ZHUMADIAN)
    add_report(con, 2011, ["济枣高铁", "济青高铁"], ZHUMADIAN)
    add_report(con, 2012, ["济枣高铁", "济青高铁"], ZHUMADIAN)
    link(con)
    assert len(set(ids_by_key(con).values())) == 3


def test_known_programmes_never_link_by_a_rule():
    canonical = program_links.link_keys(["长江经济带", "丝绸之路经济带", "长江经济带示范区"], 50.0,
                                        canonical_keys=frozenset({"长江经济带", "丝绸之路经济带"}))
    assert {key: root for key, (root, _, _) in canonical.items()} == {
        "长江经济带": "长江经济带", "丝绸之路经济带": "丝绸之路经济带", "长江经济带示范区": "长江经济带示范区"}


def test_stem_drops_what_a_name_carries():
    assert [program_links.stem(k) for k in ("中国农洽会", "马庄铁路物流基地二期", "百城建设提质工程", "焦桐高速公路泌阳段")] \
        == ["农洽会", "马庄铁路物流", "百城建设提质", "焦桐高速"]


# ---- which names are programmes ---------------------------------------------------------------

@pytest.mark.parametrize("first, second, name", [
    # a name without a suffix, in a naming context or a list
    ([("好梦林水", "开工", "context"), ("恒源石化转型升级", None, "listed")], [("好梦林水", "建成", "context")],
     "好梦林水"),
    # a school (evidence facility), and 补齐高中 (a kind of school) once only
    ([("南留中学", "开工", "facility"), ("补齐高中", None, "facility")], [("南留中学", "建成", "facility")],
     "南留中学"),
])
def test_a_candidate_is_a_programme_once_two_reports_name_it(first, second, name):
    con = fresh()
    add_report(con, 2023, first)
    link(con)
    assert mentions(con) == []
    add_report(con, 2024, second)
    link(con)
    assert [(key, year, rule) for key, year, _, rule in mentions(con)] == [
        (name, 2023, "first"), (name, 2024, "exact_key")]


def test_a_bare_quoted_mention_only_joins_a_programme():
    con = fresh()
    add_report(con, 2022, [("“中国药谷”", None, "named")], ZHUMADIAN)
    add_report(con, 2023, [("“中国药谷”", None, "named")], ZHUMADIAN)
    link(con)
    assert mentions(con) == []
    add_report(con, 2024, [("“中国药谷”", "谋划", "quoted")], ZHUMADIAN)
    add_report(con, 2025, [("“中国药谷”", None, "quoted")], ZHUMADIAN)
    link(con)
    assert [year for _, year, _, _ in mentions(con)] == [2022, 2023, 2024, 2025]


@pytest.mark.parametrize("name", ["“护城河”", "“不忘初心、牢记使命”"])
def test_a_quoted_name_one_report_gives_a_context_and_two_more_write_in_passing_is_a_programme(name):
    con = fresh()
    add_report(con, 2020, [(name, None, "quoted")], ZHUMADIAN)
    add_report(con, 2021, [(name, None, "named")], ZHUMADIAN)
    link(con)
    assert mentions(con) == []   # one report in context and one in passing: short, or a saying of parts
    add_report(con, 2022, [(name, None, "named")], ZHUMADIAN)
    link(con)
    assert [year for _, year, _, _ in mentions(con)] == [2020, 2021, 2022]


def test_a_long_quoted_name_of_one_part_in_context_once_and_in_passing_once_is_a_programme():
    con = fresh()
    add_report(con, 2020, [("“野三坡我来野”", None, "quoted")], ZHUMADIAN)   # “野三坡我来野”品牌推广
    add_report(con, 2021, [("“野三坡我来野”", None, "named")], ZHUMADIAN)    # 叫响“野三坡我来野”
    link(con)
    assert [year for _, year, _, _ in mentions(con)] == [2020, 2021]


def test_a_programme_is_found_in_a_report_that_names_it_in_passing():
    con = fresh()
    add_report(con, 2022, ["许信高速"], ZHUMADIAN, "加快许信高速建设。")
    add_report(con, 2023, ["许信高速"], ZHUMADIAN, "许信高速建成通车。")
    add_report(con, 2024, [], ZHUMADIAN, "依托京港澳、许信高速，发展物流，许信高速沿线。")
    add_report(con, 2025, [], ZHUMADIAN, "发展物流。")
    link(con)
    found = con.execute("SELECT report_year, program_name, match_rule, evidence, quote FROM out_program_timeline "
                        "WHERE match_rule = 'found'").fetchall()
    assert found == [(2024, "许信高速", "found", "found", "依托京港澳、许信高速")]
    assert len({pid for _, _, pid, _ in mentions(con)}) == 1


def test_a_reservoir_is_not_found_in_passing_where_its_works_are():
    con = fresh()
    add_report(con, 2020, ["板桥水库"], ZHUMADIAN, "完成板桥水库建设。")
    add_report(con, 2021, ["板桥水库"], ZHUMADIAN, "板桥水库建成。")
    add_report(con, 2022, [], ZHUMADIAN, "加快板桥水库除险加固。")   # a project at the reservoir
    link(con)
    assert con.execute("SELECT count(*) FROM out_program_timeline WHERE match_rule = 'found'").fetchone() == (0,)


def test_a_road_that_starts_another_places_name_is_not_found_there():
    con = fresh()
    add_report(con, 2020, ["广泉大街"], ZHUMADIAN, "加快广泉大街拓宽改造。")
    add_report(con, 2021, ["广泉大街"], ZHUMADIAN, "完成广泉大街拓宽改造。")
    add_report(con, 2022, ["广泉大街带状公园"], ZHUMADIAN, "完成广泉大街带状公园建设。")   # the park's address
    add_report(con, 2023, [], ZHUMADIAN, "广泉大街夜景更美。")   # the road in passing
    link(con)
    found = con.execute("SELECT report_year FROM out_program_timeline WHERE match_rule = 'found'").fetchall()
    assert found == [(2023,)]


def test_no_chain_of_links_puts_a_plan_and_a_place_together():
    con = fresh()
    add_report(con, 2018, ["乡村振兴战略"], ZHUMADIAN)
    add_report(con, 2022, ["乡村振兴产业园"], ZHUMADIAN)
    add_report(con, 2023, ["乡镇乡村振兴产业园", "乡村振兴战略"], ZHUMADIAN)
    link(con)
    ids = ids_by_key(con)
    assert ids["乡村振兴产业园"] == ids["乡镇乡村振兴产业园"] != ids["乡村振兴战略"]


def test_the_regions_own_level_before_a_kind_is_not_looked_for():
    con = fresh()
    add_report(con, 2014, ["市产业集聚区"], ZHUMADIAN, "抓好市产业集聚区建设。")
    add_report(con, 2015, ["市产业集聚区"], ZHUMADIAN, "市产业集聚区达到二星级。")
    add_report(con, 2016, [], ZHUMADIAN, "全市产业集聚区完成固定资产投资970.3亿元。")
    link(con)
    assert [year for _, year, _, _ in mentions(con)] == [2014, 2015]


def test_a_programme_is_found_without_the_word_a_report_drops_in_passing():
    national = ("000000", "全国")
    con = fresh()
    add_report(con, 2018, ["乡村振兴战略"], national, "大力实施乡村振兴战略。")
    add_report(con, 2019, ["乡村振兴战略"], national, "乡村振兴战略有力实施。")
    add_report(con, 2020, [], national, "推进新型城镇化和乡村振兴。")
    add_report(con, 2021, [], national, "推进新型城镇化，振兴乡村。")
    link(con)
    rows = con.execute("SELECT report_year, program_name, display_name FROM out_program_timeline "
                       "ORDER BY report_year").fetchall()
    # found in passing as 乡村振兴; the name an analyst sees is still the one the reports give
    assert rows == [(2018, "乡村振兴战略", "乡村振兴战略"), (2019, "乡村振兴战略", "乡村振兴战略"),
                    (2020, "乡村振兴", "乡村振兴战略")]


def test_a_short_name_is_found_only_where_a_word_starts():
    con = fresh()
    add_report(con, 2013, [("“地道战”", None, "quoted")], ZHUMADIAN, "注册了“地道战”商标。")
    add_report(con, 2020, [("“地道战”", None, "quoted")], ZHUMADIAN, "培育“地道战”品牌。")
    add_report(con, 2021, [], ZHUMADIAN, "依托冉庄地道战遗址。")       # inside another name
    add_report(con, 2022, [], ZHUMADIAN, "发展地道战纪念馆。")         # the start of another name
    add_report(con, 2023, [], ZHUMADIAN, "推广“地道战”，打造地道战之乡。")
    link(con)
    assert [year for _, year, _, _ in mentions(con)] == [2013, 2020, 2023]


def test_a_quoted_name_that_joined_a_programme_is_looked_for():
    national = ("000000", "全国")
    con = fresh()
    add_report(con, 2014, ["“营改增”试点"], national, "扩大“营改增”试点。")
    add_report(con, 2015, ["“营改增”试点", ("“营改增”", None, "named")], national, "力争全面完成“营改增”。")
    add_report(con, 2016, [], national, "营改增稳步实施。")
    link(con)
    assert [(year, rule) for _, year, _, rule in mentions(con)][-1] == (2016, "found")


@pytest.mark.parametrize("region, reports, expected", [
    # the lead two names of one kind share (嵖岈山 of 嵖岈山景区 and 嵖岈山旅游度假区)
    (ZHUMADIAN, [(2015, ["嵖岈山景区", "嵖岈山旅游度假区"], "嵖岈山景区、嵖岈山旅游度假区。"),
                 (2016, ["嵖岈山景区"], "嵖岈山景区。"), (2017, [], "突出抓好嵖岈山、薄山湖生态旅游。")],
     [(2015, "first"), (2015, "kind"), (2016, "exact_key"), (2017, "found")]),
    # a place's name alone, one name of its scenic area enough (清西陵 of 清西陵景区)
    (("130633", "易县"), [(2018, ["清西陵景区"], "清西陵景区按照5A创建整改要求。"),
                          (2019, ["清西陵景区"], "清西陵景区围绕5A标准。"),
                          (2022, [], "持续做大做强清西陵、狼牙山、易水湖等精品景区。")],
     [(2018, "first"), (2019, "exact_key"), (2022, "found")]),
    # a project's name without 项目 and its phase (太行水镇 of 太行水镇二期项目); 招商引资 is prose
    (("130633", "易县"), [(2019, ["太行水镇二期项目"], "太行水镇二期项目全力推进。"),
                          (2020, ["太行水镇二期项目"], "太行水镇二期项目投入运营。"),
                          (2022, [], "太行水镇完成4A景区挂牌，招商引资项目落地。")],
     [(2019, "first"), (2020, "exact_key"), (2022, "found")]),
])
def test_a_programme_is_found_by_a_shorter_name_its_names_give(region, reports, expected):
    con = fresh()
    for year, names, text in reports:
        add_report(con, year, names, region, text)
    link(con)
    assert [(year, rule) for _, year, _, rule in mentions(con)] == expected


@pytest.mark.parametrize("level, years", [("county", [2020, 2021, 2022]), ("province", [])])
def test_a_countys_own_zone_named_only_by_its_short_form_is_a_programme(level, years):
    shunping = ("130636", "顺平县")
    con = fresh()
    for year, text in [(2020, "开发区完成固定资产投资12亿元。"), (2021, "推进开发区北园建设。"),
                       (2022, "实施开发区绿化亮化提升工程。")]:
        add_report(con, year, [], shunping, text)
    con.execute("UPDATE core_reports SET level = ?", [level])
    link(con)
    rows = con.execute("SELECT report_year, program_name, display_name, match_rule FROM out_program_timeline "
                       "ORDER BY report_year").fetchall()
    assert [year for year, _, _, _ in rows] == years
    assert all((name, display, rule) == ("开发区", "开发区", "found") for _, name, display, rule in rows)


@pytest.mark.parametrize("reports, expected", [
    # named once in full, in the other reports by its short form: one programme of three reports
    ([(2020, [], "谋划启动开发区工业大街。"), (2022, ["经济开发区"], "即经济开发区和生态休闲区。"),
      (2023, [], "推动开发区扩区和托管。")], [(2020, "found"), (2022, "exact_key"), (2023, "found")]),
    # two reports are too few for the short form: the full name's mention stays as it was
    ([(2022, ["经济开发区"], "即经济开发区和生态休闲区。"), (2023, [], "推动开发区扩区和托管。")],
     [(2022, "first")]),
])
def test_a_countys_zone_named_once_in_full_is_followed_by_its_short_form(reports, expected):
    mancheng = ("130607", "满城区")
    con = fresh()
    for year, names, text in reports:
        add_report(con, year, names, mancheng, text)
    con.execute("UPDATE core_reports SET level = 'county'")
    link(con)
    rows = con.execute("SELECT report_year, match_rule, program_id FROM out_program_timeline ORDER BY report_year").fetchall()
    assert [(year, rule) for year, rule, _ in rows] == expected
    assert len({pid for _, _, pid in rows}) == 1


def test_a_brand_the_names_carry_is_a_programme_once_three_reports_write_it():
    con = fresh()
    add_report(con, 2009, ["泌阳夏南牛良种繁育中心"], ZHUMADIAN, "启动泌阳夏南牛良种繁育中心建设。")
    add_report(con, 2012, [], ZHUMADIAN, "加快标准化规模养殖和夏南牛产业发展。")
    add_report(con, 2015, [], ZHUMADIAN, "重点抓好夏南牛、黑猪、花生。")
    add_report(con, 2018, ["夏南牛产业园"], ZHUMADIAN, "夏南牛产业园等重点项目。")
    link(con)
    rows = mentions(con)
    brand = {pid for key, _, pid, _ in rows if key == "夏南牛"}
    assert len(brand) == 1 and brand != {ids_by_key(con)["夏南牛产业园"]}
    assert [year for key, year, _, rule in rows if key == "夏南牛" and rule == "found"] == [2009, 2012, 2015]


def test_two_spellings_one_report_writes_are_no_typing_slip():
    jiangsu = ("320000", "江苏省")
    con = fresh()
    add_report(con, 2025, ["“水运江苏”", "“水韵江苏”"], jiangsu)   # water transport, a tourism brand
    add_report(con, 2026, ["“水运江苏”", "“水韵江苏”"], jiangsu)
    link(con)
    ids = ids_by_key(con)
    assert ids["水运江苏"] != ids["水韵江苏"]


def test_a_brand_a_list_names_once_is_still_the_brand():
    # 2013 lists 南王庄西瓜 beside a project: a candidate whose stem links it to the base that carries it;
    # it stays the brand, followed in every report that writes it
    con = fresh()
    add_report(con, 2003, ["南王庄西瓜基地"], ZHUMADIAN, "建设南王庄西瓜基地。")
    add_report(con, 2008, [], ZHUMADIAN, "壮大南王庄西瓜、李庄草莓等专业基地。")
    add_report(con, 2013, [("南王庄西瓜", None, "listed")], ZHUMADIAN, "做大做强南王庄西瓜、瓜菜标准化园区。")
    add_report(con, 2021, [], ZHUMADIAN, "重点打造南王庄西瓜等特色农产品示范基地。")
    add_report(con, 2022, [], ZHUMADIAN, "依托南王庄西瓜、张登温仁瓜菜等特色农产品。")
    link(con)
    rows = mentions(con)
    brand = {pid for key, _, pid, _ in rows if key == "南王庄西瓜"}
    assert len(brand) == 1 and brand != {ids_by_key(con)["南王庄西瓜基地"]}
    assert sorted(year for key, year, _, _ in rows if key == "南王庄西瓜") == [2008, 2013, 2021, 2022]


@pytest.mark.parametrize("key, brand", [
    ("泌阳夏南牛良种繁育中心", "夏南牛"),          # a place before it is not part of it
    ("正阳花生国家现代农业产业园", "正阳花生"),    # a place before a product is
    ("南王庄西瓜基地", "南王庄西瓜"),
    ("优质小麦基地", None),                        # common words before a product
    ("黑木耳产业园", None),                        # one character before it
    ("花生产业园", None),
])
def test_the_brand_a_key_starts_with(key, brand):
    from reportcmp.pipeline.program_brands import brand_of
    assert brand_of(key) == brand


def test_a_brand_written_in_two_reports_is_no_programme():
    con = fresh()
    add_report(con, 2009, ["泌阳夏南牛良种繁育中心"], ZHUMADIAN, "启动泌阳夏南牛良种繁育中心建设。")
    add_report(con, 2012, [], ZHUMADIAN, "加快夏南牛产业发展。")
    add_report(con, 2015, [], ZHUMADIAN, "发展黑猪、花生。")
    link(con)
    assert "夏南牛" not in ids_by_key(con)


def test_the_regions_one_zone_is_found_by_its_short_form():
    con = fresh()
    add_report(con, 2002, ["高新技术产业开发区"], ZHUMADIAN, "办好高新技术产业开发区。")
    add_report(con, 2003, ["高新技术产业开发区"], ZHUMADIAN, "进一步办好高新技术产业开发区。")
    add_report(con, 2004, [], ZHUMADIAN, "支持高新区加快建设步伐。")
    add_report(con, 2005, [], ZHUMADIAN, "提高新区集聚水平。")            # inside another word
    add_report(con, 2006, [], ZHUMADIAN, "市高新区评为省二星级开发区。")
    link(con)
    assert [(year, rule) for _, year, _, rule in mentions(con)] == [
        (2002, "first"), (2003, "exact_key"), (2004, "found"), (2006, "found")]


def test_a_short_form_after_a_title_campaigned_for_names_no_zone():
    con = fresh()
    add_report(con, 2009, [], ZHUMADIAN, "抓好小麦、玉米高产创建示范区建设。")   # a title, not the zone
    add_report(con, 2014, ["城乡一体化示范区"], ZHUMADIAN, "城乡一体化示范区总体规划通过审议。")
    add_report(con, 2015, ["城乡一体化示范区"], ZHUMADIAN, "加快城乡一体化示范区发展。")
    add_report(con, 2025, [], ZHUMADIAN, "加快示范区龙工场跨境电商产业园等项目建设。")
    link(con)
    assert [(year, rule) for _, year, _, rule in mentions(con)] == [
        (2014, "first"), (2015, "exact_key"), (2025, "found")]


def test_a_short_form_another_place_also_writes_names_no_zone():
    con = fresh()
    add_report(con, 2020, ["经济开发区"], ZHUMADIAN, "经济开发区基础设施建设。")
    add_report(con, 2021, ["经济开发区"], ZHUMADIAN, "经济开发区扩容提质。")
    add_report(con, 2022, [], ZHUMADIAN, "深化开发区体制改革。")
    add_report(con, 2023, [], ZHUMADIAN, "遂平县开发区评为省二星级开发区。")
    link(con)
    assert [year for _, year, _, _ in mentions(con)] == [2020, 2021]


def test_a_programme_named_once_is_not_looked_for():
    con = fresh()
    add_report(con, 2022, ["许信高速"], ZHUMADIAN, "加快许信高速建设。")
    add_report(con, 2023, [], ZHUMADIAN, "许信高速沿线。")
    link(con)
    assert [year for _, year, _, _ in mentions(con)] == [2022]


# ---- ids ---------------------------------------------------------------------------------------

def test_link_programs_same_key_across_years_one_id():
    con = fresh()
    add_report(con, 2023, [("鲁北大数据中心", "开工", "suffix"), ("南水北调", None, "known"), ("西部大开发", None, "known")])
    add_report(con, 2024, [("鲁北大数据中心", "在建", "suffix")])
    link(con)
    rows = mentions(con)
    assert [(k, y, r) for k, y, _, r in rows] == [("鲁北大数据中心", 2023, "first"), ("南水北调", 2023, "first"),
                                                  ("西部大开发", 2023, "first"), ("鲁北大数据中心", 2024, "exact_key")]
    assert len({pid for _, _, pid, _ in rows}) == 3
    assert ids_by_key(con)["鲁北大数据中心"] == program_links.program_id("371400", "鲁北大数据中心")


def test_ids_are_the_same_on_a_rerun():
    con = fresh()
    add_report(con, 2023, ["鲁北大数据中心", "市体育公园"])
    add_report(con, 2024, ["鲁北大数据中心二期", "市体育公园"])
    link(con)
    before = mentions(con)
    link(con)
    assert mentions(con) == before


def test_program_ids_do_not_change_when_a_year_is_added():
    con = fresh()
    add_report(con, 2023, [("鲁北大数据中心", "开工", "suffix"), ("市体育公园", "谋划", "suffix")])
    link(con)
    before = {(k, y): pid for k, y, pid, _ in mentions(con)}
    add_report(con, 2024, [("市体育公园", "建成", "suffix"), ("鲁北大数据中心", "投用", "suffix")])
    link(con)
    after = {(k, y): pid for k, y, pid, _ in mentions(con)}
    assert {key: after[key] for key in before} == before
    assert after[("体育公园", 2024)] == before[("体育公园", 2023)]


def test_adding_an_earlier_report_with_a_new_spelling_keeps_the_id():
    con = fresh()
    add_report(con, 2024, ["宁津健身器材产业园"])
    link(con)
    before = mentions(con)[0][2]
    add_report(con, 2023, ["宁津县健身器材产业园"])   # backfill: now the earliest spelling
    link(con)
    rows = mentions(con)
    assert [(k, y, pid) for k, y, pid, _ in rows] == [("宁津县健身器材产业园", 2023, before),
                                                      ("宁津健身器材产业园", 2024, before)]
    link(con)
    assert mentions(con) == rows   # a rebuild with nothing new changes nothing


def test_a_fresh_build_gives_the_hash_of_the_earliest_key():
    con = fresh()
    add_report(con, 2023, ["宁津县健身器材产业园"])
    add_report(con, 2024, ["宁津健身器材产业园"])
    link(con)
    assert {pid for _, _, pid, _ in mentions(con)} == {program_links.program_id("371400", "宁津县健身器材产业园")}


def test_same_program_in_another_region_is_another_id():
    con = fresh()
    add_report(con, 2023, ["高标准农田"])
    add_report(con, 2023, ["高标准农田"], region=("370100", "济南市"))
    link(con)
    assert len({pid for _, _, pid, _ in mentions(con)}) == 2


def test_assign_ids_never_gives_one_id_to_two_programmes():
    con = fresh()
    add_report(con, 2023, ["鲁北大数据中心"])
    add_report(con, 2024, ["市体育公园"])
    link(con)
    ids = ids_by_key(con)
    # Both keys held the same id before (a link an analyst has since undone): the earlier keeps it.
    previous = {("371400", "鲁北大数据中心"): ids["体育公园"], ("371400", "体育公园"): ids["体育公园"]}
    canonical = program_links.link_keys(["鲁北大数据中心", "体育公园"], 88.0)
    assigned = program_links.assign_ids("371400", canonical, previous)
    assert assigned["鲁北大数据中心"] == ids["体育公园"]
    assert assigned["体育公园"] != assigned["鲁北大数据中心"]


# ---- what an analyst reads --------------------------------------------------------------------

def test_timeline_one_row_per_programme_and_year_with_its_run():
    con = fresh()
    add_report(con, 2021, [("马庄铁路物流项目", "谋划", "suffix")], ZHUMADIAN)
    add_report(con, 2022, [], ZHUMADIAN)
    add_report(con, 2023, [("马庄铁路物流园", "开工", "suffix"), ("马庄铁路物流基地", "在建", "suffix")], ZHUMADIAN)
    add_report(con, 2024, [("马庄铁路物流基地", "投用", "suffix")], ZHUMADIAN)
    link(con)
    rows = con.execute("SELECT program_name, report_year, stage, first_year, last_year, seen_in_reports, "
                       "missing_years, names_written FROM v_program_timeline ORDER BY report_year").fetchall()
    assert rows == [
        ("马庄铁路物流基地", 2021, "谋划", 2021, 2024, 3, "2022", "马庄铁路物流项目"),
        ("马庄铁路物流基地", 2023, "在建", 2021, 2024, 3, "2022", "马庄铁路物流园 | 马庄铁路物流基地"),
        ("马庄铁路物流基地", 2024, "投用", 2021, 2024, 3, "2022", "马庄铁路物流基地"),
    ]
    columns = [c[0] for c in con.execute("DESCRIBE v_program_timeline").fetchall()]
    assert columns[:6] == ["program_id", "program_name", "region", "report_year", "stage", "quote"]


def test_programs_view_one_line_per_programme():
    con = fresh()
    add_report(con, 2022, ["鲁北大数据中心", "市体育公园"])
    add_report(con, 2023, ["鲁北大数据中心"])
    add_report(con, 2024, [("鲁北大数据中心", "投用", "suffix")])
    link(con)
    rows = con.execute("SELECT program_name, seen_in_reports, recurring, years, latest_stage FROM v_programs "
                       "ORDER BY seen_in_reports DESC").fetchall()
    assert rows == [("鲁北大数据中心", 3, True, "2022, 2023, 2024 投用", "投用"),
                    ("市体育公园", 1, False, "2022", None)]


def test_display_name_is_the_spelling_most_reports_write():
    assert program_links.display_names({"p": {"皇家驿站": 3, "驿城区皇家驿站": 1, "皇家驿站文旅综合体": 1},
                                        "q": {"农洽会": 2, "中国农洽会": 2}}) == {"p": "皇家驿站", "q": "中国农洽会"}
    # on a tie, a known programme's own name before a longer spelling
    names = {"r": {"三峡水利枢纽": 2, "三峡工程": 2, "三峡左岸电站": 1}}
    assert program_links.display_names(names) == {"r": "三峡水利枢纽"}
    assert program_links.display_names(names, frozenset({"三峡工程"})) == {"r": "三峡工程"}


def test_a_campaign_s_quoted_name_written_alone_is_the_campaign():
    # 高唐: “治重化积”专项行动 in 2023, 巩固拓展“治重化积”攻坚工作成果 in 2025 (in passing, not kept alone)
    con = fresh()
    add_report(con, 2023, [("“治重化积”专项行动", "在建", "suffix")], ZHUMADIAN)
    add_report(con, 2025, [("“治重化积”", None, "named")], ZHUMADIAN)
    link(con)
    rows = mentions(con)
    assert [(year, rule) for _, year, _, rule in rows] == [(2023, "first"), (2025, "quoted_head")]
    assert len({pid for _, _, pid, _ in rows}) == 1


@pytest.mark.parametrize("campaigns", [
    ["“药食同源”研发中心"],                            # a body named after a saying is not the saying
    ["“疆电外送”第三通道工程", "“疆电外送”第四通道工程"],   # two campaigns write it: neither takes it
    ["“四水四定”由试点"],                              # a tail opening on a preposition names no campaign
])
def test_a_quoted_name_before_what_is_no_one_campaign_stays_apart(campaigns):
    con = fresh()
    add_report(con, 2025, [(name, "在建", "suffix") for name in campaigns], ZHUMADIAN)
    add_report(con, 2026, [("“药食同源”", None, "named"), ("“疆电外送”", None, "named"), ("“四水四定”", None, "named")],
               ZHUMADIAN)
    link(con)
    assert [year for _, year, _, _ in mentions(con)] == [2025] * len(campaigns)


def test_an_event_hosted_by_the_scope_above_a_county_is_the_one_its_city_hosts():
    # counties/baoding-fuping: 全市第三届旅发大会 (2017), 保定市第三届旅发大会 (2020); not the province's
    fuping = ("130624", "阜平县")
    con = fresh()
    add_report(con, 2017, ["全市第三届旅发大会"], fuping)
    add_report(con, 2020, ["保定市第三届旅发大会", "河北省首届旅游产业发展大会"], fuping)
    link(con)
    rows = mentions(con)
    assert [(key, rule) for key, _, _, rule in rows] == [
        ("全市旅发大会", "first"), ("保定市旅发大会", "host"), ("河北省旅游产业发展大会", "first")]
    assert rows[0][2] == rows[1][2] != rows[2][2]


def test_a_quoted_name_a_report_writes_before_another_thing_does_not_join_the_campaign():
    # provinces/hunan 2025: 完善“一湖四水”全流域生态补偿机制 is no “一湖四水”防洪排涝工程
    con = fresh()
    add_report(con, 2025, [("“一湖四水”防洪排涝工程", "在建", "suffix")], ZHUMADIAN)
    add_report(con, 2026, [("“一湖四水”", None, "named")], ZHUMADIAN)
    con.execute("UPDATE core_program_mentions SET quote = '完善“一湖四水”全流域生态补偿机制' "
                "WHERE program_name = '“一湖四水”'")
    link(con)
    assert [year for _, year, _, _ in mentions(con)] == [2025]


def test_a_campaigns_bare_quoted_name_is_not_its_display_name():
    # provinces/ningxia: “办证难” in two reports, “办证难”动态清零专项行动 in one
    con = fresh()
    add_report(con, 2025, [("“办证难”动态清零专项行动", "在建", "suffix"), ("“办证难”", None, "named")], ZHUMADIAN)
    add_report(con, 2026, [("“办证难”", None, "named")], ZHUMADIAN)
    link(con)
    names = con.execute("SELECT DISTINCT display_name FROM out_program_timeline").fetchall()
    assert names == [("“办证难”动态清零专项行动",)]
