"""Named projects found in one report: the name, its key, the stage the report gives it and the
evidence that it is a name (linking across years: test_program_links.py)."""
from __future__ import annotations

from pathlib import Path

import pytest

from reportcmp.pipeline import programs
from reportcmp.pipeline.records import Paragraph, ReportMeta

DEZHOU = ReportMeta("德州市", "371400", "city", 2024)
SEED = Path(__file__).resolve().parents[1] / "seeds" / "dezhou" / "2024.txt"


def corpus_dir() -> Path:
    return Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def found(text: str) -> list[tuple[str, str, str | None]]:
    paragraphs = [Paragraph(0, 0, len(text), "review", 2023, 2023)]
    return [(m.program_name, m.program_key, m.stage) for m in programs.find_programs(text, paragraphs, DEZHOU)]


@pytest.mark.parametrize("text, expected", [
    ("稳步推进数字赋能，鲁北大数据中心加快建设。", [("鲁北大数据中心", "鲁北大数据中心", "在建")]),
    ("三峡庆云新型储能项目全面投运。", [("三峡庆云新型储能项目", "三峡庆云新型储能", "投用")]),
    ("市体育公园建成开放。", [("市体育公园", "体育公园", "投用")]),
    ("市体育公园主体完工。", [("市体育公园", "体育公园", "建成")]),
    ("德州市体育公园投用。", [("德州市体育公园", "体育公园", "投用")]),
    ("深度对接雄安新区。", [("雄安新区", "雄安新区", None)]),
    ("建成全国首个百万亩“吨半粮”示范区。", [("吨半粮", "吨半粮", "建成")]),
    ("实施“三个一百”改革工程。", [("“三个一百”改革工程", "三个一百改革工程", None)]),
    ("南水北调东线工程开工建设，西部大开发迈出新步伐。",
     [("南水北调", "南水北调", "开工"), ("西部大开发", "西部大开发", None)]),
    ("晶华光伏压延玻璃项目成功获批。", [("晶华光伏压延玻璃项目", "晶华光伏压延玻璃", "获批")]),
    ("统筹推进古城香文化产业园和华中文化创意园。",     # a creative park is a name's suffix
     [("华中文化创意园", "华中文化创意园", None), ("古城香文化产业园", "古城香文化产业园", None)]),
    # a verb before the name is not part of it (program_words.csv role lead)
    ("积极申报冉庄地道战纪念馆。", [("冉庄地道战纪念馆", "冉庄地道战纪念馆", None)]),
    ("做强中国国际孔子文化节。", [("中国国际孔子文化节", "中国国际孔子文化节", None)]),
    ("年内红薯博物馆建成开放。", [("红薯博物馆", "红薯博物馆", "投用")]),
    # a suffix word before a road's word is the start of the road's name (role road), not a name's end
    ("中心路东延工程竣工通车。", [("中心路东延工程", "中心路东延工程", "投用")]),
    # a park of industry, science or a showcase is named by its suffix; 工业园区 stays one word
    ("华骏工业园开工建设，高标准建设天开高教科创园。",
     [("华骏工业园", "华骏工业园", "开工"), ("天开高教科创园", "天开高教科创园", "在建")]),
    ("加快骊山工业园区建设。", [("骊山工业园区", "骊山工业园区", "在建")]),
    # a historic site is a name where its name ends (role end_suffix), not in 遗址保护工程
    ("冉庄地道战遗址顺利通过4A级景区检查验收。", [("冉庄地道战遗址", "冉庄地道战遗址", "验收")]),
    ("实施好地道战遗址保护工程。", [("地道战遗址保护工程", "地道战遗址保护工程", None)]),
    # 扩大 opens a clause (扩大“营改增”试点 is the pilot), but 扩大内需 is a word of a name (role lead_word)
    ("扩大增值税转型改革试点，实施扩大内需战略。",
     [("增值税转型改革试点", "增值税转型改革试点", None), ("扩大内需战略", "扩大内需战略", None)]),
    ("继续做实个人账户试点。", [("做实个人账户试点", "做实个人账户试点", None)]),   # 做实 is the programme's
    # a road extended one way names itself where its name ends; with where it goes it is one name
    ("继续推进宏兴路东延、城内大街南延。",
     [("城内大街南延", "城内大街南延", None), ("宏兴路东延", "宏兴路东延", None)]),
    # roads extended alike share the extension (阁院路、中心路|东延)
    ("阁院路、中心路东延建成通车。", [("中心路东延", "中心路东延", "投用"), ("阁院路东延", "阁院路东延", "投用")]),
    ("加快乐凯大街南延至旅游路工程建设。", [("乐凯大街南延至旅游路工程", "乐凯大街南延至旅游路工程", "在建")]),
    # the work on a named road right after its name is the road's project as written; not a word of another
    # name (朝阳路|绿化带); what ends in 路 but is no road names nothing (电力线路, 黑灯路: role not_road)
    ("完成朝阳路升级改造，推进学府路硬化绿化亮化。",
     [("朝阳路升级改造", "朝阳路升级改造", None), ("学府路硬化绿化亮化", "学府路硬化绿化亮化", None)]),
    ("建设朝阳路绿化带。", [("朝阳路", "朝阳路", "在建")]),
    # roads coordinated before a road's works share them
    ("完成永阳路、涿娄路改造。", [("永阳路改造", "永阳路改造", None), ("涿娄路改造", "涿娄路改造", None)]),
    # a list of roads before a count or 等 and what is done to them all names each road, whatever the kind
    ("推进文昌路、学府路等城市道路改造。", [("学府路", "学府路", None), ("文昌路", "文昌路", None)]),
    ("引进集成电路、新型显示等产业。", []),   # 电路 is no road (role not_road)
    ("完成振兴路、中兴路等13.5公里市政道路翻修及新建工程。", [("中兴路", "中兴路", None), ("振兴路", "振兴路", None)]),
    # only before work on the roads: what is built at them (管网, 停车场) or for them (详规) names no road
    ("实施官道街等6条道路雨污分流工程。", []),
    ("完成朝阳路、学府路等燃气管路改造。", [("朝阳路", "朝阳路", None)]),   # pipes are no roads: only the facility
    ("制定迎宾街等几条主要街道的详规。", []),
    ("完成贫困村电力线路改造升级。", []),
    ("推进城区黑灯路改造。", []),
    # plants by their place and capacity before one kind each take the kind (蠡县东220千伏、…|输变电工程); what
    # one costs and a note on its place are no part of its key
    ("推进投资2.6亿元的蠡县东220千伏、握扭庄（玉田）110千伏及东口110千伏输变电工程。",
     [("东口110千伏输变电工程", "东口110千伏输变", None), ("握扭庄（玉田）110千伏输变电工程", "握扭庄110千伏输变", None),
      ("蠡县东220千伏输变电工程", "蠡县东220千伏输变", None)]),
    ("建设国华龙泉关49.5兆瓦、华能20万千瓦风电场。",
     [("华能20万千瓦风电场", "华能20万千瓦风电", "在建"), ("国华龙泉关49.5兆瓦风电场", "国华龙泉关49.5兆瓦风电", "在建")]),
    ("建设社区型养老服务综合体（农村幸福院）30个。", []),   # counted after its note: a kind
    ("推进投资2.6亿元蠡县东220千伏、握纽庄110千伏输变电工程。",   # what it costs is no part of the place
     [("握纽庄110千伏输变电工程", "握纽庄110千伏输变", None), ("蠡县东220千伏输变电工程", "蠡县东220千伏输变", None)]),
    # a lead or a word that says a capacity follows is no plant's place (role capacity_lead)
    ("新增10千伏、东口110千伏输变电工程。", [("东口110千伏输变电工程", "东口110千伏输变", None)]),
    ("推进全县装机50兆瓦、华能20万千瓦风电场。", [("华能20万千瓦风电场", "华能20万千瓦风电", None)]),
    ("建设分布式光伏20兆瓦、华能20万千瓦风电场。", [("华能20万千瓦风电场", "华能20万千瓦风电", "在建")]),   # another plant
    # rivers listed before works on the last share the works, the last river ending at the item's word for water
    # (练江河|治理, 唐河|河道整治); not across 与 (one project joins two rivers), nor before another place
    ("启动拒马河、唐河河道整治生态修复工程。",
     [("唐河河道整治生态修复工程", "唐河河道整治生态修复工程", None), ("拒马河河道整治生态修复工程", "拒马河河道整治生态修复工程", None)]),
    ("实施小洪河、练江河治理。", [("小洪河治理", "小洪河治理", None), ("练江河治理", "练江河治理", None)]),
    ("建设北易水河与南拒马河水系连通工程。", [("南拒马河水系连通工程", "南拒马河水系连通工程", "在建")]),
    ("莫尔格勒河、老牛湾黄河大峡谷5A级景区获批。", [("老牛湾黄河大峡谷5A级景区", "老牛湾黄河大峡谷5A级景区", "获批")]),
    # kinds of facility a county builds: a market, an old town, a kindergarten, a hospital
    ("新建工程车租赁和二手车交易市场，加快遂城古镇规划建设。",
     [("二手车交易市场", "二手车交易市场", None), ("遂城古镇", "遂城古镇", "谋划")]),
    # a phase is read on through after a name, and a list of phases does not end it
    ("启动唐河治理三期工程。", [("唐河治理三期工程", "唐河治理三期工程", None)]),
    ("完成瀑河景观带一、二期工程。", [("瀑河景观带一、二期工程", "瀑河景观带一二期工程", None)]),
    # a relocation names the building moved; 投入使用 is a stage, not a name
    ("卫生监督所建成投入使用、中医院迁建立项开工。",
     [("中医院迁建", "中医院迁建", "开工"), ("卫生监督所", "卫生监督所", "投用")]),
    # 至 starts the second half of a joined name (role joined_start); a pronoun and 迎来 open a clause
    ("争取朝阳大街北延（至大王店园区经一路）工程开工建设。",
     [("大王店园区", "大王店园区", "开工"), ("朝阳大街北延", "朝阳大街北延", "开工"), ("经一路", "经一路", "开工")]),
    ("我们还将迎来荣乌高速、南水北调天津干线等一批国家重点工程建设。",
     [("南水北调", "南水北调", "在建"), ("荣乌高速", "荣乌高速", "在建")]),
    # 中小学 is a word inside a name (role inside_word), not a school's name ending in 小学
    ("实施全国中小学校舍安全工程。", [("全国中小学校舍安全工程", "全国中小学校舍安全工程", None)]),
    # a footnote's number inside a name is read over and not shown
    ("实施“十百千万”［1］工程。", [("“十百千万”工程", "十百千万工程", None)]),
    # numerals before a known name make it part of another (百千万工程 is not 千万工程)
    ("深入实施“十百千万工程”，推进“百千万工程”，学习“千万工程”经验。",
     [("十百千万工程", "十百千万工程", None), ("百千万工程", "百千万工程", None), ("千万工程", "千万工程", None)]),
])
def test_find_programs(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text", [
    "扎实推进729个省市县三级重点项目。",
    "加快重点项目建设。",
    "实施民生工程。",
    "新开工京津冀地区投资过亿元项目150个。",
    "完成年度计划的95%。",           # a generic phrase with a suffix is a kind
    "抓好续建项目和签约项目。",
    "坚持以人民为中心的发展思想。",
    "搞好项目建设。",                 # a verb and 项目
    "新建口袋公园12个。",             # a name followed by a count is a kind
    "加强党风廉政建设。",             # common words before a stage word
    "加快二、三期工程建设。",         # phases alone name nothing
    "扩大普通高中招生规模。",         # a kind of school, not a school
    "走出一条高质量发展新路。",       # 新路 is no road
    "确保学生都能在永久性校舍中学习。",
])
def test_find_programs_skips_kinds_of_projects(text):
    assert found(text) == []


def evidence(text: str, region: ReportMeta = DEZHOU) -> dict[str, str]:
    paragraphs = [Paragraph(0, 0, len(text), "review", 2023, 2023)]
    return {m.program_name: m.evidence for m in programs.find_programs(text, paragraphs, region)}


ZHUMADIAN = ReportMeta("驻马店市", "411700", "city", 2019)


@pytest.mark.parametrize("text, expected", [
    # listed items before 等…项目 are names, to be confirmed by the region's other reports
    ("恒源石化转型升级、华鲁恒升高端溶剂等项目竣工运行。", {"恒源石化转型升级": "listed", "华鲁恒升高端溶剂": "listed"}),
    # a longer class of projects ending in a weight word still ends a list of names (等服务业重点项目)
    ("加快中亿商博城、天齐庙商城等服务业重点项目建设。", {"中亿商博城": "listed", "天齐庙商城": "listed"}),
    # a list of projects by the stage its items reach together, after an adverb or the work done to them
    ("中科锂电、通达泵阀等顺利开工，百度云计算、闵辉食品等扩能续建。",
     {"中科锂电": "listed", "通达泵阀": "listed", "百度云计算": "listed", "闵辉食品": "listed"}),
    # not firms that build something else (等企业建成), nor a kind before the work on it (灌区|续建配套)
    ("支持中集华骏铸造、泌阳夏南牛科技公司等企业建成省级工程技术研究中心。", {}),
    ("重点抓好一批大中型灌区续建配套。", {}),
    # policies reach 落地 too: a list ending so is no list of projects (role list_stage)
    ("推动个税改革、减税降费等全面落地。", {}),
    # quoted with a naming verb or a stage word, or bare
    ("全力打造“中国药谷”。", {"“中国药谷”": "quoted"}),
    ("加快“中国药谷”建设。", {"“中国药谷”": "quoted"}),
    ("“中国药谷”蔚然成势。", {"“中国药谷”": "named"}),
    ("坚持“房住不炒”。", {"“房住不炒”": "named"}),
    # after a naming verb, up to the end of the run; before a stage word that names a project
    ("成功举办第十届中国农加工投洽会。", {"中国农加工投洽会": "context"}),
    ("好梦林水开园。", {"好梦林水": "context"}),
    # a suffix read on through a kind that follows it: 马庄铁路|物流基地
    ("加快马庄铁路物流基地建设。", {"马庄铁路物流基地": "suffix"}),
    ("实施“百城建设提质工程”。", {"百城建设提质工程": "suffix"}),
    ("百城建设提质工程深入实施。", {"百城建设提质工程": "suffix"}),
])
def test_find_programs_evidence(text, expected):
    assert evidence(text, ZHUMADIAN) == expected


XUSHUI = ReportMeta("徐水县", "130609", "county", 2010)


@pytest.mark.parametrize("text, expected", [
    # a school, a hospital, an old town or a road is a candidate (role facility), kept once 2 reports name it
    ("加快推进第三高中、易水初级中学建设。", {"第三高中": "facility", "易水初级中学": "facility"}),
    ("规划筹建徐水第二小学和第二幼儿园。", {"徐水第二小学": "facility", "第二幼儿园": "facility"}),
    ("大王店中心卫生院建成投入使用。", {"大王店中心卫生院": "facility"}),
    # a belt or a zone of a kind every county draws is a candidate; a landscape belt, a resort, a resettlement
    # area is a name (suffix), but not one of common words (搬迁, 回迁: role generic)
    ("积极创建固德引线乡村振兴示范带，推进矿产建材集中区建设。",
     {"固德引线乡村振兴示范带": "facility", "矿产建材集中区": "facility"}),
    ("启动环城水系景观带建设，推进石龙山旅游度假村建设。", {"环城水系景观带": "suffix", "石龙山旅游度假村": "suffix"}),
    ("扎实开展容东安置区建设，完成搬迁安置区和回迁安置区建设。", {"容东安置区": "suffix"}),
    # a count word is no part of a name (所有: all of a kind, no name), unless it starts a longer word (所有权:
    # role not_count) or jieba cuts it across two (研究所|有限公司); a measure word is one count (三个|个性化)
    ("推动所有开发区扩区调规。", {}),
    ("推进土地所有权改革试点。", {"土地所有权改革试点": "suffix"}),
    ("推进中电科第十三研究所有限公司产业园建设。", {"中电科第十三研究所有限公司产业园": "suffix"}),
    ("建设三个个性化定制产业园。", {"个性化定制产业园": "suffix"}),
    ("新建一批批发市场。", {}),   # 一批|批发市场: no 发市场
    # 示范带 is a belt; 示范带动 is setting an example (role not_suffix)
    ("充分发挥服装研发中心示范带动作用。", {"服装研发中心": "suffix"}),
    ("构建拒马河景观带。", {"拒马河景观带": "suffix"}),   # a lead (构建, 聘请)
    ("龙西路建设基本完工，加快燕都古城建设。", {"龙西路": "facility", "燕都古城": "facility"}),
    # a line named by its ends, before a section too (role section_end); 线 inside a word or name runs on
    ("完成容易线易县段征迁，实施良顺线、京赞支线改造。", {"容易线": "facility", "良顺线": "facility"}),
    ("打通汇鑫路南延段、北湖路北延段断头路。", {"汇鑫路南延": "suffix", "北湖路北延": "suffix"}),   # 南延|段
    ("城西污水处理厂投入运行，实施城西污水处理厂提标改造。", {"城西污水处理厂": "facility"}),   # a county's plant
    ("建设京雄农谷，提升云花溪谷。", {"京雄农谷": "facility", "云花溪谷": "facility"}),   # an X谷 where a name ends
    ("青铜峡黄河大峡谷晋升国家5A级景区。", {"青铜峡黄河大峡谷晋升国家5A级景区": "suffix"}),   # 峡谷 runs on
    ("县城污水处理厂扩容工程开工。", {"县城污水处理厂扩容工程": "suffix"}),   # what is done to it read on
    ("做好东三环北延和“安大”、“容易”线建设。",            # quoted items share the head
     {"东三环北延": "suffix", "安大线": "facility", "“容易”线": "facility"}),
    ("实施城市生命线安全工程，京石高速铁路专线开工。", {"城市生命线安全工程": "suffix", "京石高速铁路": "suffix"}),
    ("统筹推进古城香文化产业园建设。", {"古城香文化产业园": "suffix"}),   # 古城 names only where a name ends
    ("推进南王庄园区建设，抓紧腰山王氏庄园开发建设。", {"南王庄园区": "suffix", "腰山王氏庄园": "suffix"}),
    # a quoted brand named a regional brand (入选, 获评, 区域公用品牌: role quoted_kind)
    ("“顺平苹果”入选省级区域公用品牌目录。", {"“顺平苹果”": "quoted"}),
    ("推进“顺平苹果”绿色有机认证和“顺平桃”区域公用品牌认证。", {"“顺平苹果”": "quoted", "“顺平桃”": "quoted"}),
    ("防范“黑天鹅”“灰犀牛”事件。", {"“黑天鹅”": "named", "“灰犀牛”": "named"}),   # no place: no brand
    # a bridge, a wetland, a shelter belt where its name ends (role end_suffix); not read on through a name
    ("全力推进北河大桥新建项目。", {"北河大桥": "facility"}),
    ("107国道北河大桥建成通车。", {"107国道北河大桥": "facility"}),   # a road by its number starts a name as a place
    ("加快107国道升级改造工程。", {"107国道升级改造工程": "suffix"}),
    ("积极推进易马湿地、兰沟洼湿地建设。", {"易马湿地": "facility", "兰沟洼湿地": "facility"}),
    ("高标准完成环雄安林带造林绿化工作。", {"环雄安林带": "facility"}),
    ("实施北官道沟人工湿地修复工程。", {"北官道沟人工湿地修复工程": "suffix"}),
    ("完成三贤综合公园湿地滨水景观。", {"三贤综合公园": "suffix"}),   # role not_head
    # a facility's branch or new site is part of its name (role branch); 高校区域 holds no 校区
    ("加快完成县医院分院项目。", {"县医院分院项目": "suffix"}),
    ("启动区人民医院新院区建设。", {"区人民医院新院区": "facility"}),
    ("建设全国高校区域技术转移转化中心。", {"全国高校区域技术转移转化中心": "suffix"}),
    ("加快实施县直幼儿园新建。", {"县直幼儿园": "facility"}),
    # a port of goods, people or industry is named as a park is (X智能港, X产业港, X内陆港, X国际陆港)
    ("夯实和谷国际智能港项目，中南高科涞水智创产业港开工建设。",
     {"和谷国际智能港项目": "suffix", "中南高科涞水智创产业港": "suffix"}),
    ("依托新发地智慧城市民生港，设立高唐内陆港。", {"新发地智慧城市民生港": "suffix", "高唐内陆港": "suffix"}),
])
def test_a_kind_of_building_every_county_has_is_a_candidate(text, expected):
    assert evidence(text, XUSHUI) == expected


@pytest.mark.parametrize("text, expected", [
    ("以创建国家全域旅游示范区为工作主线。", {"国家全域旅游示范区": "context"}),
    ("推进国家全域旅游示范区创建。", {"国家全域旅游示范区": "context"}),
    ("积极争创省级园林县城。", {"省级园林县城": "context"}),
    ("创建示范区。", {}),                                       # the kind alone names no campaign
    # named so: the campaign's end (被评为, 获评, 荣获, 被命名为, 入选), after the batch it is given in
    ("我县被评为国家全域旅游示范区。", {"国家全域旅游示范区": "context"}),
    ("获评国家卫生县城。", {"国家卫生县城": "context"}),
    ("入选首批国家农业现代化示范区。", {"国家农业现代化示范区": "context"}),
    ("中心城区成功创建国家卫生城市。", {"国家卫生城市": "context"}),   # 城区 of 中心城区 is no other place
])
def test_a_county_campaigning_to_be_named_one_of_a_kind_has_a_candidate(text, expected):
    assert evidence(text, XUSHUI) == expected
    national = ReportMeta("全国", "000000", "national", 2020)   # the State Council's is every region's
    assert evidence(text, national) == {}


@pytest.mark.parametrize("text, meta", [
    ("泌阳县成功创建国家生态文明建设示范县。", ZHUMADIAN),   # a county of the city campaigned
    ("汝南县被命名为国家节水型社会建设示范县。", ZHUMADIAN),
    ("全力配合保定创建国家卫生城市。", XUSHUI),               # the city above the county campaigned
])
def test_another_places_designation_is_not_the_regions_campaign(text, meta):
    assert evidence(text, meta) == {}


@pytest.mark.parametrize("text", [
    "坚决落实“三个代表”重要思想。",     # a count opens a slogan
    "开展“一对一”结对帮扶活动。",       # a common phrase (role generic), no name of two counts
    "建设美丽驻马店。",                  # common words and the region's own name
    "实施适度宽松的货币政策。",          # a modifier, not a name
])
def test_slogans_and_the_regions_own_name_are_not_names(text):
    assert evidence(text, ZHUMADIAN) == {}


@pytest.mark.parametrize("text", [
    "深入落实县域治理“三起来”。",                # a count and a verb: a slogan
    "着力打造“产业发达之城”。",                  # what a city calls itself
    "叫响“好人之城”品牌。",
    "培育省级以上“专精特新”企业5家。",          # a title firms are given
    "培育县域特色产业集群“领跑者”企业。",
    "完善“白名单”制度，促进房地产“白名单”项目扩围增效。",   # a tool every region has
    "实施公共服务设施建设补短板行动。",          # a slogan and generic words
    "积极推进企业上市培育三年行动计划。",        # a plan of generic words
    "新建68个乡镇综合文化站。",                  # every township's one of a kind
    "实现街道综合养老服务中心全覆盖。",
    "全市产业集聚区完成固定资产投资786亿元。",   # every zone of the city
    "切实加强行政服务中心和公共资源交易中心建设。",   # bodies every region has
    "推动民政事业服务中心通过二星级评定。",
    "加快疾控中心建设。",
    "10条道路排水工程竣工投用。",                # kinds of works
    "大力实施环卫设施建设工程。",
    "加快节水灌溉等项目建设。",
    "物流企业在我市设立分拨中心。",
    "落实总量减排计划。",
    "实施薄山、宋家场等水库除险加固工程。",
    "创建市级以上现代农业园区14个。",            # a class above a level
    "完成重阳大道下穿京广铁路项目。",            # the second half of a name that joins two
    "过5亿元项目不少于3个。",                    # projects by size
    "坚持抓园区上项目。",                        # a verb and its object: 抓园区, 上项目 (role not_suffix)
    "提档升级建园区。",
    "增加铁路运输量。",                          # a verb before a suffix word (role lead)
    "确保年底前建成通车。",                      # when, not what (role lead_start)
    "运营好、维护好雄清片林。",                  # a verb and its complement (role doing_end)
    "以高等级旅游景区创建为抓手。",              # 高等级 is no list's 等, and a grade is a class
    "经济增长保持中高速。",                      # a growth rate, not an expressway
    "做好招商引资项目和待建项目服务。",          # projects by what is done with them (generic)
    "推进违规违建项目整改。",
    "推进中试基地建设。",                        # a kind of base every province builds
])
def test_kinds_slogans_and_titles_are_not_programmes(text):
    names = evidence(text, ZHUMADIAN)
    assert not [n for n in names if n not in ("重阳大道", "薄山水库除险加固工程", "宋家场水库除险加固工程")], names


@pytest.mark.parametrize("text, expected", [
    ("增加服务业扩大开放综合试点。", {"服务业扩大开放综合试点": "suffix"}),   # 服务业 is a word, not the lead 服务
    ("改造维修金城路、鼓楼路。", {"金城路": "facility", "鼓楼路": "facility"}),   # work on a road before its name
    ("享受“雨露计划”的毕业生。", {"雨露计划": "suffix"}),
    ("坚持实施以质取胜战略。", {"以质取胜战略": "suffix"}),   # an idiom that starts with the lead 以
    ("盘活深核盛基园区。", {"深核盛基园区": "suffix"}),   # leads: 盘活, 包括, 巩固 …
    ("包括白河幼儿园。", {"白河幼儿园": "facility"}),
    ("四中新校区一期建设完成。", {"四中新校区": "facility"}),   # a phase after a place's word ends its name
    # a phase right after a name marks a project, as a suffix does; the name starts after a word for projects
    ("其中省重点项目三棵树一期全面投产。", {"三棵树一期": "context"}),
    ("龙肘山风电一期并网发电。", {"龙肘山风电一期": "context"}),
    # a tourism conference each city and province holds (role suffix), after leads 筹备, 借势, 充分利用
    ("利用承办2021年保定市旅发大会的契机。", {"保定市旅发大会": "suffix"}),
    ("全力筹备保定市旅发大会。", {"保定市旅发大会": "suffix"}),
    ("充分利用保定市旅游产业发展大会商机。", {"保定市旅游产业发展大会": "suffix"}),
    ("借势河北省旅游发展大会。", {"河北省旅游发展大会": "suffix"}),
    ("招募旅发大会志愿者500余名。", {}),   # the bare kind names no one conference
    ("完成新职中一期建设，确保秋季顺利开学。", {"新职中一期": "context"}),
    ("醇油坊二期、石湖生猪养殖二期建成投产。", {"醇油坊二期": "context", "石湖生猪养殖二期": "context"}),
    # not an edition, a period, a phase of a kind or of what runs on (一期拆迁 is left to the suffix rules)
    ("实施万人助企第三期建设。", {}),
    # phases written one after the other, and a phase before a list's 等 (counties/baoding-qingyuan 2021)
    ("三棵树一期、二期全面投产。", {"三棵树一期、二期": "context"}),
    ("中节能二期、四通新材二期等项目竣工投产。", {"中节能二期": "listed", "四通新材二期": "context"}),
    ("十三五期间，十二五期末。", {}),
    ("推进产业园二期建设。", {}),
    # a reservoir built is a county's facility (水库), and 新 with one more character is a name's two (新山)
    ("推动老街子水库、新山水库动工建设。", {"老街子水库": "facility", "新山水库": "facility"}),
    ("加快宿鸭湖水库清淤扩容工程建设。", {"宿鸭湖水库清淤扩容工程": "suffix"}),
    ("加快抽水蓄能电站上水库主体工程建设。", {"抽水蓄能电站": "suffix", "上水库主体工程": "suffix"}),
    ("实施新职中、新县医院等一批民生工程。", {"新职中": "listed", "新县医院": "facility"}),   # 新县 shares no head
    ("驻马店农业工程职业学院获批招生。", {"驻马店农业工程职业学院": "suffix"}),   # not 农业工程|职业学院
    ("启动大广高速连接线。", {"大广高速连接线": "suffix"}),   # 大 begins names (大广, 大庄): no generic word
    ("加快中原大道建设。", {"中原大道": "suffix"}),      # nor 中 (中原, 中山路, 中兰高铁)
    ("提升范蠡公园省级公园星级。", {"范蠡公园": "suffix"}),   # a grade after a name is no head of it
    # a count after a name counts its kind (口袋公园12个), but not when it counts the word after it
    ("长城汽车项目五个车间主体完工。", {"长城汽车项目": "suffix"}),
    ("建成口袋公园12个。", {}),
    # works on a section of a road are the road's (京港澳高速|驻马店段改扩建工程), not a name 段改扩建工程
    ("抓好京港澳高速驻马店段改扩建工程。", {"京港澳高速": "suffix"}),
    # 利用, 鼓励 open a clause before a name, but inside one they are its words (role lead_start)
    ("利用白沟国家级市场采购贸易方式试点。", {"白沟国家级市场采购贸易方式试点": "suffix"}),
    ("实施矿山固废物综合利用项目。", {"矿山固废物综合利用项目": "suffix"}),
    # what a project costs and a plant's capacity before its name are not its name; before a kind of power
    # project alone they name nothing
    ("加快推进总投资60.7亿元的100万千瓦神南镇抽水蓄能电站项目。", {"神南镇抽水蓄能电站项目": "suffix"}),
    ("建设220千伏确山输变电工程、220千伏输变电工程。", {"确山输变电工程": "suffix"}),
    ("建设100万千瓦火电项目。", {}),
    ("2座35万千瓦塔式槽式光热发电项目建成。", {}),   # kinds of power project (role plant_kind)
    ("推进60万千瓦级神南电厂项目。", {"神南电厂项目": "suffix"}),   # a capacity's class (级)
    ("确保清苑热电、大王店物流园等一批建成项目达产达效。", {"清苑热电": "listed", "大王店物流园": "suffix"}),
    ("青海至河南±800千伏特高压直流工程开工建设。", {"青海至河南±800千伏特高压直流工程": "suffix"}),   # ± of a line
    # a park's star rating is said of it (省三星级); before a kind alone it names nothing
    ("省三星级稻菜现代农业园区晋升为省五星级园区。", {"稻菜现代农业园区": "suffix"}),
    ("建设省级美丽乡村示范区。", {"省级美丽乡村示范区": "suffix"}),
    ("建成省三星级园区，新增省级三星级游园1座。", {}),
    # 全力, 努力 are leads (全力将…, 全力保障…), 保障 at a name's start too, but not in a word it starts
    ("全力将米易稻菜现代农业园区升级打造为国家级园区。", {"米易稻菜现代农业园区": "suffix"}),
    ("全力保障中科锂电产业园建设。", {"中科锂电产业园": "suffix"}),
    ("开展整治违法排污企业、保障群众健康环保专项行动。", {"保障群众健康环保专项行动": "suffix"}),
    ("力促徐水和谷国际智能港建设。", {"徐水和谷国际智能港": "suffix"}),   # 和 starts a name after the county's
    ("实施保障性安居工程。", {"保障性安居工程": "suffix"}),
    # 建成 inside a candidate is a verb (高标准建成|…基地), but 建成区 is a word (role not_inside, lead_word)
    ("高标准建成中科院定兴生态文明科学实验基地。", {"中科院定兴生态文明科学实验基地": "suffix"}),
    ("实施建成区污水管网工程。", {"建成区污水管网工程": "suffix"}),
    ("建设全国能源资源战略保障基地。", {"全国能源资源战略保障基地": "suffix"}),   # role lead_word
])
def test_a_lead_is_cut_but_not_from_a_word(text, expected):
    assert evidence(text, XUSHUI) == expected


def test_a_suffix_word_inside_a_quoted_saying_ends_no_name():
    assert "园区事园区" not in evidence("真正实现了“园区事园区办”。", XUSHUI)   # a one-character verb closes it


def test_according_to_plan_is_no_plan():
    assert evidence("朝阳大街北延项目按计划推进。", XUSHUI) == {"朝阳大街北延项目": "suffix"}


def test_a_planners_adjectives_beside_a_park_are_no_names():
    names = evidence("将县城工业园区和大王店产业园区建设成为布局合理、功能完备、环境优美的现代工业园区。", XUSHUI)
    assert not {"布局合理", "功能完备", "环境优美"} & set(names), names


def test_a_place_makes_a_brand_a_name():
    assert evidence("打造“正阳花生”品牌。", ZHUMADIAN) == {"“正阳花生”": "quoted"}


def test_one_mention_per_program_keeps_the_latest_stage():
    text = "鲁北大数据中心开工建设。鲁北大数据中心建成投用。鲁北大数据中心。"
    assert found(text) == [("鲁北大数据中心", "鲁北大数据中心", "投用")]


def test_find_programs_on_the_seed():
    text = SEED.read_text(encoding="utf-8")
    names = {name: stage for name, _, stage in found(text)}
    assert {"鲁北大数据中心": "在建", "吨半粮": "建成", "市体育公园": "投用", "雄安新区": None,
            "5G基站": None, "高标准农田": "在建"}.items() <= names.items()
    assert not any(name.endswith(("重点项目", "等项目")) for name in names)


@pytest.mark.corpus
def test_find_programs_on_zhumadian_reports_is_precise_enough():
    folder = corpus_dir() / "cities" / "zhumadian"
    if not folder.exists():
        pytest.skip("corpus absent")
    for path in sorted(folder.glob("*.txt"))[-3:]:
        text = path.read_text(encoding="utf-8")
        names = [name for name, _, _ in found(text)]
        assert names, path.name
        assert not [n for n in names if n in ("项目", "工程", "重点项目", "中心")], path.name


# ---- known programmes -----------------------------------------------------------------------------

@pytest.mark.parametrize("name, key", [
    ("振兴东北地区等老工业基地", "东北振兴"), ("东北地区等老工业基地振兴", "东北振兴"), ("东北全面振兴", "东北振兴"),
    ("西部开发", "西部大开发"), ("中部地区崛起", "中部崛起"), ("丝绸之路经济带", "一带一路"),
    ("京津冀地区协同发展", "京津冀协同发展"), ("长江经济带", "长江经济带"),
])
def test_known_programme_spellings_share_one_key(name, key):
    text = f"推进{name}。"
    assert [k for _, k, _ in found(text)] == [key]


@pytest.mark.parametrize("text, expected", [
    # a word of one or two characters between two words of a known name: the programme as written
    ("促进中部地区加快崛起。", [("中部地区加快崛起", "中部崛起")]),
    ("城镇棚户区住房改造超过2100万套。", [("棚户区住房改造", "棚户区改造")]),
    ("振兴东北三省等老工业基地。", [("东北三省等老工业基地", "东北振兴")]),
    # not a word that joins two things, nor one that narrows where, nor inside a longer word
    ("推进棚户区和危房改造。", []),
    ("加强中西部重点开发区建设。", []),
    ("培育长江上游经济带。", [("长江上游经济带", "长江上游经济带")]),
])
def test_known_name_with_a_word_inside(text, expected):
    assert [(name, key) for name, key, _ in found(text)] == expected


@pytest.mark.parametrize("text, expected", [
    # a phase before a known name's kind is the programme's phase; any other word there is not
    ("确保三峡三期工程建成投产。", [("三峡三期工程", "三峡工程")]),
    ("做好三峡移民工程。", [("三峡移民工程", "三峡移民工程")]),
    ("实施千万亩工程。", [("千万亩工程", "千万亩工程")]),   # jieba's 千万|工程 takes only a phase between, too
    ("三峡左岸电站机组全部建成发电。", [("三峡左岸电站", "三峡工程")]),   # a word inside a known name (三峡电站)
    # a craft of a known series by its number is the programme, shown as written
    ("圆满完成神舟七号载人航天飞行。", [("神舟七号", "载人航天")]),
    ("“嫦娥五号”成功返回。", [("嫦娥五号", "探月工程")]),
    ("建设雄安新区一号线。", [("雄安新区", "雄安新区")]),   # a number after another known name is no craft
    # Latin letters and digits of a known name are not the start of a longer run: 5GW is no 5G
    ("开工英利5GW光伏电池项目。", [("英利5GW光伏电池项目", "英利5GW光伏")]),
    ("建设5G网络。", [("5G", "5G基站")]),
])
def test_known_names_phase_serial_and_latin_edges(text, expected):
    assert [(name, key) for name, key, _ in found(text)] == expected


@pytest.mark.parametrize("text, expected", [
    # 和 with no item before it and a character that is no word alone after it starts a name
    ("夯实和谷国际智能港项目前期。", [("和谷国际智能港项目", "和谷国际智能港")]),
    ("中南高科涞水智创产业港、和谷智能科技产业园等项目加快建设。",
     [("中南高科涞水智创产业港", "中南高科涞水智创产业港"), ("和谷智能科技产业园", "和谷智能科技产业园")]),
    # two verbs joined, or an item joined to a place before it: no name of 和
    ("加强和创新社会治理。", []),
    ("推进公园路和公园南路东延工程。", [("公园南路东延工程", "公园南路东延工程")]),
])
def test_a_name_that_starts_with_a_coordinator(text, expected):
    assert [(name, key) for name, key, _ in found(text)] == expected


@pytest.mark.parametrize("text, expected", [
    # a county's breakfast with its firms is a programme by its name (role suffix: 早餐会); the bare kind
    # is none, and 召开 is a verb before a name, not part of it
    ("积极组织开展政企早餐会，面对面了解企业诉求。", [("政企早餐会", "政企早餐会")]),
    ("召开早餐会、座谈会和民营经济发展大会。", []),
    ("深入开展企业家早餐会等活动。", [("企业家早餐会", "企业家早餐会")]),   # 企业家 is no 企业 and one more (not_generic)
    ("召开企业早餐会。", []),
    ("召开峰会。", []),
])
def test_breakfast_meetings_and_the_verb_before_them(text, expected):
    assert [(name, key) for name, key, _ in found(text)] == expected


def test_a_quoted_name_of_counts_is_a_programme_with_industry_after_it():
    # “两养一种” (two counts: a slogan alone) with 产业 after it is the county's industry programme (role quoted_kind)
    assert evidence("重点发展“两养一种”特色种养产业。", ReportMeta("涞源县", "130630", "county", 2020)) == \
        {"“两养一种”": "quoted"}


def test_a_countys_one_body_after_its_own_name_is_named_without_a_stage():
    # 容城体育馆 in use (发挥…功能) is the county's sports hall: a candidate with no stage in its clause
    text = "充分发挥容城体育馆、壹号秀场等文化体育场馆功能。"
    paragraphs = [Paragraph(0, 0, len(text), "review", 2018, 2018)]
    rongcheng = ReportMeta("容城县", "130629", "county", 2019)
    found_here = {m.program_name: m.evidence for m in programs.find_programs(text, paragraphs, rongcheng)}
    assert found_here["容城体育馆"] == "facility"
    text = "体育馆免费开放。"   # bare, with no stage: an institution at work
    assert programs.find_programs(text, [Paragraph(0, 0, len(text), "review", 2018, 2018)], rongcheng) == []


def test_a_lines_branch_after_the_regions_own_name_is_one_name():
    # 荣乌高速|徐水连接线: the county's branch of the highway (role line_head), keyed without the county's name
    # so that 荣乌高速公路连接线 of another year is the same branch; not the highway itself
    text = "确保荣乌高速徐水连接线和大王店连接线开工建设。"
    paragraphs = [Paragraph(0, 0, len(text), "review", 2009, 2009)]
    found_here = {m.program_name: m.program_key for m in programs.find_programs(text, paragraphs, XUSHUI)}
    assert found_here == {"荣乌高速徐水连接线": "荣乌高速连接线", "大王店连接线": "大王店连接线"}
    assert programs.program_key("荣乌高速徐水连接线", "徐水县") == programs.program_key("荣乌高速连接线", "徐水县")
    # the county's name is not cut from inside a word: 徐水县城 is the county town
    assert programs.program_key("徐水县城连接线", "徐水县") == "徐水县城连接线"


@pytest.mark.parametrize("level, expected", [
    # a spelling known only in the State Council's report: in a city's it counts the province's
    ("national", [("科技重大专项", "国家科技重大专项")]),
    ("city", []),
])
def test_known_spelling_of_one_level(level, expected):
    text = "实施科技重大专项。"
    meta = ReportMeta("全国", "000000", "national", 2020) if level == "national" else DEZHOU
    paragraphs = [Paragraph(0, 0, len(text), "review", 2019, 2019)]
    assert [(m.program_name, m.program_key) for m in programs.find_programs(text, paragraphs, meta)] == expected
    # nor does the spelling reach the national key through another rule's key
    assert programs.program_key("科技重大专项", "德州市") == "科技重大专项"


@pytest.mark.parametrize("year, expected", [
    # a spelling known only in some years' reports: 冬奥会 is Beijing's 2022 Games in the reports of
    # 2015–2023 (knowledge/programs.csv, column years); a report of 2026 prepares for another Games
    (2017, [("冬奥会", "北京冬奥会")]),
    (2023, [("冬奥会", "北京冬奥会")]),
    (2026, []),
])
def test_known_spelling_of_some_years(year, expected):
    text = "做好冬奥会筹办工作。"
    meta = ReportMeta("山东省", "370000", "province", year)
    paragraphs = [Paragraph(0, 0, len(text), "plan", year, year)]
    assert [(m.program_name, m.program_key) for m in programs.find_programs(text, paragraphs, meta)] == expected
    assert programs.program_key("冬奥会", "山东省") == "冬奥会"   # not the programme's key outside its years


@pytest.mark.parametrize("cell, expected", [("2015-2023", (2015, 2023)), ("2015–2023", (2015, 2023)), ("2015", (2015, 2015)),
                                            ("-2023", None), ("2015-", None), ("2023-2015", None), ("2015年", None)])
def test_a_years_cell_is_a_year_or_a_range_from_first_to_last(cell, expected):
    from reportcmp.pipeline import program_vocabulary
    from reportcmp.pipeline.knowledge import KnowledgeError
    if expected is None:
        with pytest.raises(KnowledgeError, match="the row of 冬奥会: years"):
            program_vocabulary._year_range(cell, "冬奥会")
    else:
        assert program_vocabulary._year_range(cell, "冬奥会") == expected


def test_a_known_key_is_what_a_name_of_the_same_words_keys_to():
    # “三北”工程 and 三北工程 are one key: the canonical key is written without quotation marks, as keys are
    national = ReportMeta("全国", "000000", "national", 2024)
    text = "实施三北工程和“三北”工程。"
    paragraphs = [Paragraph(0, 0, len(text), "review", 2023, 2023)]
    assert {m.program_key for m in programs.find_programs(text, paragraphs, national)} == {"三北工程"}
    assert programs.program_key("三北工程") == "三北工程"


@pytest.mark.parametrize("text, expected", [
    # what is done to a road after its name ends the name, as a stage word does (沙河大街|管廊), unless it is the
    # work on the road itself (roles road_work and road_work_word), which the name keeps as written: the road's
    # works and the road are one programme (program_rules rule road_work)
    ("完成朝阳路升级改造。", [("朝阳路升级改造", "朝阳路升级改造")]),
    ("完成复兴路再西延路面铺设。", [("复兴路再西延", "复兴路再西延")]),   # 路面 starts no road of its own
    ("实施朝阳路升级改造工程。", [("朝阳路升级改造工程", "朝阳路升级改造工程")]),
    ("启动沙河大街管廊建设。", [("沙河大街", "沙河大街")]),
    ("完成文昌路、文兴路、学府路道路硬化。", [("学府路", "学府路"), ("文兴路", "文兴路"), ("文昌路", "文昌路")]),
    ("广泉大街拓宽改造工程开工。", [("广泉大街拓宽改造工程", "广泉大街拓宽改造工程")]),
])
def test_work_on_a_road_ends_its_name(text, expected):
    assert [(name, key) for name, key, _ in found(text)] == expected




# ---- names that share a head (program_heads.py) ---------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # coordinated short cores share the head after the last: each is a name that stands alone
    ("做好周驻南和息邢高速驻马店段前期工作。", {"周驻南高速": "suffix", "息邢高速": "suffix"}),
    ("上罗、许信、沈遂高速建成通车。", {"上罗高速": "suffix", "许信高速": "suffix", "沈遂高速": "suffix"}),
    # the items of a list before 等 and a kind take the kind's suffix, as candidates
    ("加快嵖岈山、铜山、薄山湖等景区建设。", {"嵖岈山景区": "listed", "铜山景区": "listed", "薄山湖景区": "listed"}),
    # the kind is the suffix the words after 等 start with (等|景区|基础设施)
    ("完善北岳庙、灵山聚龙洞等景区基础设施。", {"北岳庙景区": "listed", "灵山聚龙洞景区": "listed"}),
    ("全力推进博文路东段、朝阳街中段等道路建设。", {"博文路东段": "listed", "朝阳街中段": "listed"}),   # a road's section
    ("加快恒兴、福和、马庄等物流园区建设。",
     {"恒兴物流园区": "listed", "福和物流园区": "listed", "马庄物流园区": "listed"}),
    # a count after the last item ends a list as 等 does (两条|高速), the kind the count is of
    ("进一步放大曲港、津石两条高速枢纽互通优势。", {"曲港高速": "listed", "津石高速": "listed"}),
    ("完成王店、张登两个乡镇污水处理厂建设。", {"王店污水处理厂": "listed", "张登污水处理厂": "listed"}),
    ("完成练江河、小洪河等15条中小河道治理。",
     {"练江河治理": "listed", "小洪河治理": "listed", "中小河道治理": "suffix"}),
    # the head shared is the suffix and the heads after it; a section in brackets is no part of a key
    ("推进唐河（清苑段）和金线河治理工程。", {"唐河（清苑段）治理工程": "suffix", "金线河治理工程": "suffix"}),
])
def test_names_that_share_a_head(text, expected):
    assert evidence(text, ZHUMADIAN) == expected


@pytest.mark.parametrize("text, expected", [
    # a list holding a project is a list of projects: its other items are candidates; an X谷 shares no head
    ("全力推进仙人山、古北岳、凤凰谷建设。", {"仙人山": "listed", "古北岳": "listed", "凤凰谷": "facility"}),
    ("全力推进仙人山、古北岳、凤凰谷、三官村“林上青溪”开发建设。",
     {"仙人山": "listed", "古北岳": "listed", "凤凰谷": "facility", "“林上青溪”": "quoted"}),
    # the last item ends at a stage word, and a coordinator in it is a mark
    ("谋划新职中、石景山希望小学和冰雪运动场馆建设。", {"新职中": "listed", "石景山希望小学": "facility"}),
    ("载人航天、探月工程、超级计算机等实现重大突破。",
     {"载人航天": "known", "探月工程": "known", "超级计算机": "listed"}),
])
def test_the_other_items_of_a_list_beside_a_project_are_candidates(text, expected):
    assert evidence(text, XUSHUI) == expected


@pytest.mark.parametrize("text, expected", [
    # a dash between two places joins a line's ends inside its name; a clause's —— joins nothing
    ("协调推动青海—河南特高压直流工程建设。", {"青海—河南特高压直流工程": "suffix"}),
    ("大力推进南—驻—周—商高铁前期工作。", {"南—驻—周—商高铁": "suffix"}),
    ("全力配合雄忻高铁建设。", {"雄忻高铁": "suffix"}),   # 配合 is a lead (role lead), no part of the name
])
def test_a_line_named_by_its_ends_joined_by_a_dash(text, expected):
    assert evidence(text, ZHUMADIAN) == expected


@pytest.mark.parametrize("text, expected", [
    # a festival is named by its kind (program_kinds.csv kind event: 武术节, 戏曲节, 丰收节)
    ("成功举办全民健步走、黄金台武术节。", {"全民健步走": "context", "黄金台武术节": "suffix"}),
    # an event after its edition ends before the next edition: two events, not one
    ("成功举办第六届广场舞大赛和第七届戏曲节。", {"广场舞大赛": "context", "第七届戏曲节": "suffix"}),
])
def test_festivals_and_events_after_their_editions(text, expected):
    assert evidence(text, ZHUMADIAN) == expected


@pytest.mark.parametrize("text, absent", [
    ("严格控制高耗能、高污染项目。", "严格控制高耗能"),                  # a kind of projects
    ("加快开源河、练江河、小清河治理工程。", "开源河"),                  # rivers: where, not what
    ("建设优质小麦、花生、白芝麻、中药材生产基地。", "白芝麻"),         # products (a brand is program_brands')
    ("加快文化、体育中心建设。", "文化"),                                # common words
])
def test_what_a_list_beside_a_project_does_not_name(text, absent):
    assert absent not in evidence(text, XUSHUI)


@pytest.mark.parametrize("text, expected", [
    # an edition names the event after it, though common words make it
    ("成功承办第二届、第三届创新驱动发展大会。", {"创新驱动发展大会": "context"}),
    ("举办高唐县第四届文化旅游系列活动。", {"文化旅游系列活动": "context"}),
    ("第七届创新驱动发展大会等高端峰会在涞源举办。", {"创新驱动发展大会": "context", "高端峰会": "suffix"}),
    # not a congress's session, an election, or words after a verb
    ("在第十四届全国人民代表大会第二次会议上。", {}),
    ("做好第八届村委会换届选举工作。", {}),
    ("市第三届人民政府在省委的正确领导下。", {}),
    ("高标准承办了首届全省旅发大会。", {"全省旅发大会": "suffix"}),   # a conference's word is a suffix
    ("连续三届获评全国文明城市。", {"全国文明城市": "context"}),   # a designation given, no event
    ("利用承办保定市第四届旅发大会契机。", {"保定市第四届旅发大会": "suffix"}),   # keyed 旅发大会
])
def test_an_edition_names_an_event(text, expected):
    assert evidence(text, XUSHUI) == expected


@pytest.mark.parametrize("text, expected", [
    # a body a county has one of (role one_of_a_kind) is its own in its report, bare or after 县
    ("中医院、疾控中心、妇幼保健院等新建项目竣工投用。",
     {"中医院": "facility", "疾控中心": "facility", "妇幼保健院": "listed"}),
    ("完成投资3000万元的县城水厂建设。", {"县城水厂": "facility"}),
    ("王林口镇中心卫生院建成。", {"王林口镇中心卫生院": "facility"}),   # another's: the name it ends
    # in a clause with no suffix of a name; an adverb between the body and its stage
    ("完成城市客厅、文化馆、图书馆建设。", {"城市客厅": "listed", "文化馆": "facility", "图书馆": "facility"}),
    ("生活垃圾焚烧发电厂全面运营。", {"生活垃圾焚烧发电厂": "facility"}),
    ("生活垃圾焚烧发电厂并网发电。", {"生活垃圾焚烧发电厂": "facility"}),
    ("区疾控中心新建实验综合楼。", {"区疾控中心": "suffix", "实验综合楼": "context"}),   # what the body builds
    # a quarter renewed or resettled is a facility (片区); a count of them is no name
    ("稳妥有序推进容东片区征迁安置。", {"容东片区": "facility"}),
    ("继续推进七大功能片区建设。", {}),
    ("实施城市更新试点片区建设。", {}),
    # a numbered school in its short form, written bare where the word ends (knowledge/program_school_numbers.csv)
    ("谋划启动职教中心迁建和三小、三幼、五中建设。",
     {"职教中心迁建": "suffix", "三小": "facility", "三幼": "facility", "五中": "facility"}),
    ("新一中建设快速推进。", {"新一中": "facility"}),   # 新 or the level before one, as 新县医院
    ("加快实施徐水二小建设。", {"徐水二小": "facility"}),   # the county's name before one, as written
    ("徐水县一中建成投用。", {"县一中": "facility"}),   # its level too: 县一中, as written alone
    ("深入贯彻党的十九届二中、三中、四中全会精神。", {}),   # plenary sessions, not schools
    ("实施二中西侧停车场建设。", {}),
])
def test_a_countys_one_of_a_kind_bodies_are_candidates_in_its_reports(text, expected):
    assert evidence(text, XUSHUI) == expected


def test_a_city_report_names_no_countys_body():
    assert "中医院" not in evidence("中医院、疾控中心、妇幼保健院等新建项目竣工投用。", ZHUMADIAN)


@pytest.mark.parametrize("text, expected", [
    # a quoted name of two counts is a county's campaign or project when a stage word, a suffix or what it
    # is follows it
    ("加快“五院合一”三期建设。", {"“五院合一”": "quoted"}),
    ("全面开展“双创双服”活动。", {"“双创双服”": "quoted"}),
    ("开展“一村一年一场戏”文化惠民活动700场以上。", {"“一村一年一场戏”": "quoted"}),
    # not a count of things, a plan's period, a fraction, a standard or a layout; without a kind after it, a
    # name in passing
    ("树牢“四个意识”，坚持“十四五”规划。", {}),
    ("继续实行“二分之一”工作法。", {}),
    ("加快开发区“双九通一平”建设。", {}),
    ("构建“六纵七横”路网建设格局。", {}),
    ("深入开展“两学一做”学习教育。", {"“两学一做”": "named"}),   # in passing: it only joins a programme
    ("落实“三重一大”制度。", {"“三重一大”": "named"}),
    ("组织“一村一年一场戏”文化惠民演出。", {"“一村一年一场戏”": "named"}),
])
def test_a_quoted_name_of_two_counts(text, expected):
    assert evidence(text, XUSHUI) == expected


@pytest.mark.parametrize("text, expected", [
    # a quoted name of two or three parts is one name, before a suffix a part ends (百企转型”|攻坚行动)
    ("实施数字化“百企技改、百企转型”攻坚行动。", {"“百企技改、百企转型”": "quoted"}),
    ("深化“两所共建、双心融合”治理模式。", {"“两所共建、双心融合”": "quoted"}),   # role quoted_kind: 模式
    ("深入推进“两所共建、双心融合”基层依法治理。", {"“两所共建、双心融合”": "named"}),   # in passing: joins only
    ("持续开展“强基础、补短板”活动。", {}),   # parts of common words are no name
    ("持续开展“大招商、招大商”活动。", {"“大招商、招大商”": "quoted"}),   # 大 is no generic word
])
def test_a_quoted_name_of_several_parts(text, expected):
    assert evidence(text, XUSHUI) == expected


def test_words_in_brackets_stay_in_the_name_as_written_but_not_in_its_key():
    text = "开工建设化庄(省界)至新蔡高速公路。力争唐河（清苑段）和金线河治理工程如期开工。"
    paragraphs = [Paragraph(0, 0, len(text), "review", 2023, 2023)]
    found = {m.program_name: (m.program_key, m.stage) for m in programs.find_programs(text, paragraphs, ZHUMADIAN)}
    assert found == {"化庄(省界)至新蔡高速公路": ("化庄至新蔡高速公路", "开工"),   # not 至新蔡高速公路
                     # an item that takes the shared head keeps its note as written, which its key drops
                     "唐河（清苑段）治理工程": ("唐河治理工程", "开工"),
                     # the stage after a name past the brackets, read in the clause as cut (it was none)
                     "金线河治理工程": ("金线河治理工程", "开工")}
    assert programs.program_key("中国（驻马店）国际农产品加工产业园", "驻马店市") == "中国国际农产品加工产业园"


@pytest.mark.parametrize("text, absent", [
    ("加快文化、体育中心建设。", "文化中心"),             # common words share no head
    ("高耗能、高污染项目一律不批。", "高耗能项目"),       # a kind of projects
    ("推动新能源、生物医药等战略性新兴产业发展。", "生物医药战略"),   # a word 战略 only starts
    ("开工建设市体育馆、疾病控制中心。", "市体育馆中心"),  # not short end-city cores
    ("抓好吴桂桥煤矿、双星轮胎等70个计划竣工项目。", "吴桂桥煤矿计划"),   # a list of projects
])
def test_what_shares_no_head(text, absent):
    assert absent not in evidence(text, ZHUMADIAN)


def test_a_strategy_is_named_where_its_name_ends():
    assert evidence("大力实施乡村振兴战略。") == {"乡村振兴战略": "suffix"}
    assert evidence("我国发展仍处于重要战略机遇期。") == {}
    assert evidence("承办第三届产教融合发展战略国际论坛。", ZHUMADIAN) == {"产教融合发展战略国际论坛": "suffix"}


@pytest.mark.parametrize("text, expected", [
    # a figure or a plus sign is part of a quoted name beside three Chinese characters
    ("深入推进“互联网+”行动。", {"“互联网+”": "quoted"}),
    ("要实施“中国制造2025”。", {"“中国制造2025”": "quoted"}),
    ("加快“4+N”特色园区建设。", {"“4+N”特色园区": "suffix"}),   # the plus ends no name (N特色园区)
    # a formula is a name with what it is after it (role quoted_kind), read to that word
    ("深化“4+X”信访工作机制，维护群众合法权益。", {"“4+X”信访工作机制": "quoted"}),
    ("健全“5+3+N”乡村治理组织体系。", {"“5+3+N”乡村治理组织体系": "quoted"}),
    ("实施“1+10+100”中药材标准化种植战略。", {"“1+10+100”中药材标准化种植战略": "suffix"}),
    ("“6+1”专项行动扎实开展。", {"“6+1”专项行动": "suffix"}),   # before a lead; a suffix makes it a name
    ("开展“6+1”等一系列专项治理行动。", {"专项治理行动": "suffix"}),   # a formula's words hold no list's 等
    ("开展“6+1”等专项行动。", {}),
    ("“1+10+100”中药材规范化种植战略纵深推进。", {"“1+10+100”中药材规范化种植战略": "suffix"}),
    ("坚持“593460”发力方向。", {}),
    # a few words and then what a quoted name is (role quoted_kind) make it a name; a slogan held to does not
    ("打响“高兴办”政务服务品牌。", {"“高兴办”": "quoted"}),
    ("健全市民诉求基层纾困“党建+12345+网格化”工作模式。", {"“党建+12345+网格化”": "quoted"}),
    ("防范“黑天鹅”“灰犀牛”事件。", {"“黑天鹅”": "named", "“灰犀牛”": "named"}),
    ("培育一批“专精特新”“隐形冠军”。", {}),   # titles given to firms wherever they stand (role title)
    # a pilot is named by 试点, a campaign by 攻坚战 or 保卫战 (not a count of them)
    ("开展营业税改征增值税试点。", {"营业税改征增值税试点": "suffix"}),
    ("坚决打好污染防治攻坚战。", {"污染防治攻坚战": "suffix"}),
    ("如期打赢脱贫攻坚战。", {"脱贫攻坚战": "known"}),   # knowledge/programs.csv
    ("打好三大攻坚战。", {}),
])
def test_quoted_figures_pilots_and_places_that_are_words(text, expected):
    assert evidence(text, ReportMeta("全国", "000000", "national", 2019)) == expected


@pytest.mark.parametrize("name, region, key", [
    ("市体育公园", "德州市", "体育公园"),            # the region's own level
    ("县城经济开发区", "驻马店市", "县城经济开发区"),   # 县 in a city's report is no level of its own
    ("省第十一届运动会", "驻马店市", "省第十一届运动会"),   # nor 省
    ("市第一届运动会", "驻马店市", "运动会"),        # the city's games, without the edition
    ("市一届运动会", "驻马店市", "运动会"),
    ("三届教育部产教融合发展战略国际论坛", "驻马店市", "教育部产教融合发展战略国际论坛"),
    ("县农村饮水工程", "清苑县", "农村饮水工程"),
    ("县城工业园区", "徐水县", "县城工业园区"),   # 县城 is the county town, not 县 + 城
    ("易水湖景区", "易县", "易水湖景区"),         # a one-character name keeps its level (易县, not 易)
    ("定兴中学", "定兴县", "定兴中学"),           # not when only a suffix would be left
    ("瀑河景观带一、二期工程", "徐水县", "瀑河景观带一二期工程"),
    ("“顺平苹果”", "顺平县", "顺平苹果"),           # a brand keeps its place: no product alone
    ("县直幼儿园", "定兴县", "县直幼儿园"),         # 县直: run by the county, no level before 直幼儿园
    # a numbered school in its short form (knowledge/program_school_numbers.csv)
    ("第七实验小学", "定兴县", "实验七小"),
    ("实验七小", "定兴县", "实验七小"),
    ("定兴五中", "定兴县", "五中"),
    ("第五中学", "定兴县", "五中"),
    ("保定市第28中学", "满城区", "保定市二十八中"),
    ("保定市第二十八中学", "满城区", "保定市二十八中"),
    ("第三初级中学", "顺平县", "三中"),
    ("张北—雄安特高压工程", "定兴县", "张北至雄安特高压工程"),   # a dash between a line's ends is 至
    ("潴龙河博野段治理工程", "博野县", "潴龙河治理工程"),       # the region's own section is its project
    ("G234国道顺平段改扩建", "顺平县", "G234改扩建"),   # a highway's class is no part of its key
])
def test_a_key_drops_the_regions_own_level_and_an_edition(name, region, key):
    assert programs.program_key(name, region) == key


def test_a_first_edition_is_no_part_of_a_key():
    assert programs.program_key("涞源县首届冰雪运动会", "涞源县") == "冰雪运动会"
    assert programs.program_key("首届中国农民电影节", "驻马店市") == "中国农民电影节"


@pytest.mark.parametrize("name, region, key", [
    # the edition goes, the host stays: one host's event in every spelling, another host's another event
    ("保定市第四届旅发大会", "博野县", "保定市旅发大会"),
    ("保定市旅发大会", "博野县", "保定市旅发大会"),
    ("第四届保定市旅游产业发展大会", "安国市", "保定市旅游产业发展大会"),
    ("2021年保定市第三届旅发大会", "阜平县", "保定市旅发大会"),        # a year first, then the host's edition
    ("全市第三届旅发大会", "阜平县", "全市旅发大会"),                  # the scope above a county (rule host)
    ("河北省首届旅游产业发展大会", "涞水县", "河北省旅游产业发展大会"),
    ("全市第三届运动会", "驻马店市", "运动会"),                        # a city's own scope is the city
    ("全县第三届运动会", "涞源县", "运动会"),
    ("大会第三届会议", "博野县", "大会第三届会议"),                    # no place or scope before the edition
])
def test_an_events_edition_is_no_part_of_its_key_and_its_host_is(name, region, key):
    assert programs.program_key(name, region) == key


def test_a_province_before_the_regions_own_name_is_stripped_from_a_key():
    assert programs.program_key("河北涞源经济开发区", "涞源县") == "经济开发区"
    assert programs.program_key("北京大兴经济开发区", "涞源县") == "北京大兴经济开发区"   # another place's zone


@pytest.mark.parametrize("text, expected", [
    ("理顺开发区建设体制机制。", {}),                                        # a lead (理顺, 建强, 入驻, 开创)
    ("奋力开创宜居乐业新区。", {"宜居乐业新区": "suffix"}),
    ("引进更多劳动密集型企业入驻园区。", {}),                                # 园区 alone is no name
    # a middle dot in a quoted name; an item of a list of projects, so named in context
    ("加快推进“天齐庙·锦里”等项目建设。", {"“天齐庙·锦里”": "quoted"}),
    ("加快推进“天齐庙·锦里”等顺利开工。", {"“天齐庙·锦里”": "quoted"}),
    ("严禁“散乱污”等项目死灰复燃。", {"“散乱污”": "named"}),   # what is banned (role ban)
])
def test_leads_and_quoted_names_with_a_middle_dot(text, expected):
    assert evidence(text, XUSHUI) == expected


def test_a_full_width_plus_is_the_same_key():
    assert programs.program_key("“互联网＋”") == programs.program_key("“互联网+”") == "互联网+"


def test_a_short_place_name_that_is_a_word_is_a_place_only_in_full():
    # 振兴 of 振兴区 (knowledge/place_words.csv): 乡村振兴 is a distinctive name, 驻马店体育 is not
    assert not programs.is_common_phrase("乡村振兴")
    assert programs.is_common_phrase("振兴区体育")
    assert programs.is_common_phrase("驻马店体育")


QINGYUAN = ReportMeta("清苑区", "130608", "county", 2021)


@pytest.mark.parametrize("text, expected", [
    # an item of a list of quoted names shares the list's naming context, before it or after it
    ("创建“清苑西瓜”、“清苑地道战”等农业特色品牌。", {"“清苑西瓜”": "quoted", "“清苑地道战”": "quoted"}),
    ("重点培育“清苑西瓜”、“清苑甜瓜”3个区域公用品牌。", {"“清苑西瓜”": "quoted", "“清苑甜瓜”": "quoted"}),
    ("坚持“房住不炒”、“稳地价”。", {"“房住不炒”": "named", "“稳地价”": "named"}),
    ("在国家工商总局注册了“地道战”商标。", {"“地道战”": "quoted"}),
    # a line named by a code
    ("配合做好R1线10和雄忻高铁11建设。", {"R1线": "suffix", "雄忻高铁": "suffix"}),
    # a list's 等 is no head read on through: 国际医疗基地|等项目
    ("全力做好国际医疗基地等项目前期工作。", {"国际医疗基地": "suffix"}),
    # venues listed before what they are; a name starts after the verb that names it
    ("充分发挥容城体育馆、壹号秀场等文化体育场馆功能。", {"容城体育馆": "facility", "壹号秀场": "listed"}),
    ("被省农业农村厅命名沃土农业园区。", {"沃土农业园区": "suffix"}),
    # a street is a road as 路 and 大街 are; a pedestrian street is a kind unless a name stands before it
    ("加快建设唐正街、友谊街。", {"唐正街": "facility", "友谊街": "facility"}),
    ("推进步行街改造提升。", {}),
    # a list of events ends as one of projects does; a list of deeds is none
    ("办好桃花节等节庆活动。", {"桃花节": "listed"}),
    ("积极参加进博会、广交会、豫商大会等交流活动。",
     {"进博会": "listed", "广交会": "listed", "豫商大会": "listed"}),
    ("严厉打击制售假冒伪劣商品、偷逃骗税等违法犯罪活动。", {}),
])
def test_lists_of_quoted_names_codes_and_list_ends(text, expected):
    assert evidence(text, QINGYUAN) == expected


@pytest.mark.parametrize("text, expected", [
    # a highway by its code, with the work on it or the section built: a project of its own
    ("G227提档升级、S465改建等9个重点交通项目。", {"G227提档升级": "suffix", "S465改建": "suffix"}),
    ("加快米会高速、G227改建改线。", {"米会高速": "suffix", "G227改建改线": "suffix"}),
    ("国道G112线涞水段绕城项目前期工作全部完成。", {"国道G112线涞水段绕城项目": "suffix"}),
    ("确保S465青皮村至坪山村段年内建成通车。", {"S465青皮村至坪山村段": "suffix"}),
    ("国道G234（开发区至满城界段）改建工程。", {"国道G234（开发区至满城界段）改建工程": "suffix"}),
    # a list's 等 ends the section; a code with no work on it is no road's project
    ("推进S218正阳县城至驻信交界段等道路升级改造。", {"S218正阳县城至驻信交界段": "suffix"}),
    ("打造G60科创走廊。", {}),
])
def test_a_highway_by_its_code_and_the_work_on_it(text, expected):
    assert evidence(text, XUSHUI) == expected


@pytest.mark.parametrize("name, key", [
    ("国道G112线涞水段绕城项目", "G112绕城"),              # class, 线 and the region's own section dropped
    ("国道G234（开发区至满城界段）改建工程", "G234改建工程"),   # the section in brackets too
])
def test_a_highways_key_is_its_code_and_the_work(name, key):
    region = "涞水县" if "G112" in name else "顺平县"
    assert programs.program_key(name, region) == key


@pytest.mark.parametrize("text, expected", [
    # common words after 与 or 及 are the second half of one name of works, not another name
    ("支持推动兰沟洼湿地保护与修复工程。", {"兰沟洼湿地保护与修复工程": "suffix"}),
    ("完成唐河河道整治及生态修复工程。", {"唐河河道整治及生态修复工程": "suffix"}),
    # two names joined stay two; 参与 is a verb, not 与; nothing after 与 is no half
    ("推进京港澳高速与大广高速建设。", {"京港澳高速": "suffix", "大广高速": "suffix"}),
    ("允许社会资本参与水利工程项目。", {}),
    ("处理好环境保护与项目建设的关系。", {}),
])
def test_two_kinds_of_work_joined_in_one_name(text, expected):
    assert evidence(text, XUSHUI) == expected


@pytest.mark.parametrize("text, expected", [
    # a county town's ring road by its side, a road of its own where the word ends
    ("实施新北环、新东环建设。", {"新北环": "facility", "新东环": "facility"}),
    ("推进西南外环建设。", {"西南外环": "facility"}),
    ("强化环境保护，发展循环经济。", {}),
    ("加快南北环建设。", {}),   # no one side
])
def test_a_countys_ring_roads(text, expected):
    assert evidence(text, XUSHUI) == expected


def test_a_ring_roads_key_is_its_side():
    assert {programs.program_key(name, "顺平县") for name in ("大北环", "新北环", "北环路")} == {"北环"}


@pytest.mark.parametrize("text, expected", [
    # a plant's capacity is part of its name, a decimal point too; another figure is a count
    ("全速推进国电投300兆瓦光伏制氢、华能260兆瓦光伏发电等3个新能源项目建设。",
     {"国电投300兆瓦光伏制氢": "listed", "华能260兆瓦光伏发电": "listed", "新能源项目": "suffix"}),
    ("国华龙泉关49.5兆瓦风电场建成。", {"国华龙泉关49.5兆瓦风电场": "suffix"}),
    ("支持英利6.5GW光伏电池等一批大项目。", {"英利6.5GW光伏电池": "listed"}),
])
def test_a_plant_by_its_capacity(text, expected):
    assert evidence(text, XUSHUI) == expected


def test_a_plants_key_is_its_firm_and_capacity():
    keys = {programs.program_key(name, "涞源县") for name in ("华能260兆瓦光伏发电储能项目", "华能260兆瓦光伏发电")}
    assert keys == {"华能260兆瓦光伏"}
    assert programs.program_key("握纽庄110千伏输变电工程", "蠡县") != programs.program_key("东口110千伏输变电工程", "蠡县")
    # one firm's two plants of one capacity are two: its kind is in the key
    assert programs.program_key("华能100兆瓦风电项目", "涞源县") != programs.program_key("华能100兆瓦光伏发电项目", "涞源县")


@pytest.mark.parametrize("text, expected", [
    # a facility's building right after its name is a project of its own, new or not
    ("完成县医院传染病房楼建设。", {"县医院传染病房楼": "facility"}),
    ("县医院新建病房楼建设有序推进。", {"县医院新建病房楼": "facility"}),
    ("完成区妇幼保健院新建住院病房楼建设。", {"区妇幼保健院新建住院病房楼": "facility"}),
    ("实施县医院门诊综合楼项目。", {"县医院门诊综合楼项目": "facility"}),
])
def test_a_facilitys_building(text, expected):
    assert evidence(text, XUSHUI) == expected


@pytest.mark.parametrize("text", ["县医院和门诊楼竣工。", "县中医院建设门诊楼。", "县医院完成门诊楼建设。"])
def test_a_verb_or_a_coordinator_is_no_part_of_a_building(text):
    assert not any(name.endswith("门诊楼") and len(name) > 3 for name in evidence(text, XUSHUI))


@pytest.mark.parametrize("name, key", [
    ("县医院新院区新建病房楼", "医院新院区病房楼"),   # the last facility owns the building; the branch keeps its 新
    ("县医院分院新建门诊楼", "医院分院门诊楼"),
])
def test_a_buildings_key_under_the_facility_that_owns_it(name, key):
    assert programs.program_key(name, "定兴县") == key


def test_a_buildings_key_drops_new():
    assert programs.program_key("县医院新建病房楼", "定兴县") == programs.program_key("县医院新病房楼", "定兴县")
