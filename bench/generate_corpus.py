"""Write a realistic generated catalogue of N items for benchmarks.

Usage::

    python bench/generate_corpus.py OUT_DIR --items 10000 [--seed 1]

OUT_DIR is deleted and recreated with ``config.toml`` and ``content/``. The
catalogue is shaped like a prefecture-level city's: a city government with
departments, counties/districts with their own departments and towns (about
140 units in three levels), about 100 columns nested up to three deep, items
spread over 2019-2025. Bodies have headings, numbered and bulleted lists,
tables and about 3 KB of text (the median in search.md); one item in twelve has
attachments (CSV and TXT), and 政策解读 items are related to the 政策文件 they
explain. The same seed always gives byte-identical files.
"""
from __future__ import annotations

import argparse
import random
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from sitegen.identifiers import org_code_check_char, uscc_check_char  # noqa: E402

CITY = "临江市"
DEPARTMENTS = ["发展和改革委员会", "教育局", "科学技术局", "工业和信息化局", "公安局", "民政局", "司法局",
               "财政局", "人力资源和社会保障局", "自然资源和规划局", "生态环境局", "住房和城乡建设局",
               "交通运输局", "水利局", "农业农村局", "商务局", "文化广电旅游局", "卫生健康委员会",
               "退役军人事务局", "应急管理局", "审计局", "市场监督管理局", "统计局", "医疗保障局",
               "林业局", "城市管理局", "行政审批局", "信访局", "数据资源管理局", "乡村振兴局",
               "人民政府办公室", "体育局", "人民防空办公室", "机关事务管理局", "粮食和物资储备局",
               "地方金融监督管理局", "国有资产监督管理委员会", "档案馆", "供销合作社", "公共资源交易中心"]
COUNTIES = ["江北区", "江南区", "临川区", "青石县", "白河县", "云岭县", "松溪县", "桃源县"]
COUNTY_DEPARTMENTS = ["财政局", "教育局", "民政局", "农业农村局", "卫生健康局"]
TOWN_NAMES = ["城关", "河口", "石桥", "杨柳", "新塘", "高坪", "龙泉", "安平", "清水", "马家", "双溪", "白沙",
              "黄土", "仁和", "永丰", "长林", "大坝", "花园", "金山", "平乐", "太平", "兴隆", "东岳", "五里",
              "三合", "青龙", "柏林", "红星", "凤凰", "乐安", "新华", "丰收", "古城", "竹园", "梅岭", "沙坪",
              "团结", "和平", "友谊", "胜利", "西塘", "北门", "南岭", "中和", "茶园", "桂花", "荷花"]

# About 100 columns: the four first-level columns of 国办公开办函〔2019〕61号, the 15 items of
# 条例 第二十条 broken down further, and the 26 基层政务公开 pilot fields.
COLUMN_TREE: dict[str, list[str]] = {
    "政府信息公开指南": [],
    "政府信息公开制度": [],
    "法定主动公开内容": [],
    "法定主动公开内容/机构职能": ["领导信息", "内设机构", "下属单位"],
    "法定主动公开内容/政策文件": ["规章", "行政规范性文件", "其他政策文件", "废止和失效文件"],
    "法定主动公开内容/政策解读": ["文字解读", "图文解读", "新闻发布会"],
    "法定主动公开内容/规划信息": ["国民经济和社会发展规划", "专项规划", "区域规划", "国土空间规划"],
    "法定主动公开内容/统计信息": ["统计公报", "统计数据", "统计分析"],
    "法定主动公开内容/行政许可": ["许可事项", "许可结果"],
    "法定主动公开内容/行政处罚和行政强制": ["处罚事项", "处罚结果", "强制事项"],
    "法定主动公开内容/财政信息": ["政府预决算", "部门预决算", "三公经费", "政府债务"],
    "法定主动公开内容/行政事业性收费": ["收费项目", "收费标准"],
    "法定主动公开内容/政府采购": ["采购意向", "采购公告", "中标结果", "采购合同"],
    "法定主动公开内容/重大建设项目": ["批准服务", "批准结果", "招标投标", "征收土地", "施工有关", "竣工有关"],
    "法定主动公开内容/民生保障": ["扶贫救助", "教育", "医疗卫生", "社会保障", "促进就业", "住房保障"],
    "法定主动公开内容/应急管理": ["应急预案", "预警信息", "应对情况"],
    "法定主动公开内容/监督检查": ["环境保护", "公共卫生", "安全生产", "食品药品", "产品质量"],
    "法定主动公开内容/公务员招考": ["招考职位", "录用结果"],
    "法定主动公开内容/人事信息": ["任免信息", "招聘信息"],
    "法定主动公开内容/建议提案办理": ["人大代表建议", "政协委员提案"],
    "法定主动公开内容/审计信息": [],
    "基层政务公开": ["征地补偿", "农村危房改造", "涉农补贴", "户籍管理", "社会救助", "养老服务", "灾害救助",
                     "公共法律服务", "义务教育", "就业创业", "城市综合执法", "市政服务", "农村集体土地征收",
                     "国有土地上房屋征收", "公共文化服务", "环境保护", "安全生产", "食品药品监管"],
    "政府信息公开年报": [],
}

TOPICS = ["综合政务/政务公开", "财政、金融、审计/财政", "国土资源、能源/土地", "城乡建设、环境保护/城乡建设",
          "城乡建设、环境保护/环境监测、保护与治理", "农业、林业、水利/农业、畜牧业、渔业", "劳动、人事、监察/劳动就业",
          "民政、扶贫、救灾/社会福利", "卫生、体育/卫生", "教育/教育", "交通/公路", "市场监管、安全生产监管/安全生产监管"]
GENRES = ["通知", "公告", "通告", "意见", "办法", "决定", "报告", "批复", "函", "公示", "其他"]
SUBJECTS = ["城乡居民最低生活保障", "高标准农田建设", "义务教育学校招生", "城镇老旧小区改造", "农村人居环境整治",
            "耕地地力保护补贴", "重大行政决策事项", "安全生产专项整治", "优化营商环境", "政府信息公开工作",
            "财政预算执行", "政府采购项目", "国有土地上房屋征收", "公共文化服务体系建设", "养老服务体系建设",
            "城市生活垃圾分类", "河长制工作", "森林防火", "防汛抗旱", "疫苗接种", "医疗保障基金监管",
            "就业创业补贴", "退役军人优待", "残疾人两项补贴", "特困人员救助供养", "农村危房改造",
            "行政执法公示", "双随机一公开监管", "工程建设项目审批制度改革", "营商环境评价", "数字政府建设",
            "12345政务服务便民热线", "临时救助", "学前教育普惠", "住房公积金缴存", "公共租赁住房",
            "农村集体经营性建设用地", "生态环境保护督察整改", "大气污染防治", "水污染防治", "土壤污染防治"]
ACTIONS = ["关于印发{s}实施方案的通知", "关于做好{s}工作的通知", "关于{s}情况的公示", "关于开展{s}的实施意见",
           "{s}管理办法", "关于{s}有关事项的公告", "{y}年{s}工作总结", "关于进一步加强{s}的意见",
           "关于{s}的批复", "{y}年{s}资金分配方案", "关于{s}项目的公告", "{s}工作要点"]
SENTENCES = ["为深入贯彻落实党中央、国务院决策部署，进一步规范{s}工作，结合本地实际，制定本方案。",
             "各乡镇人民政府、街道办事处，各有关部门要高度重视，切实加强组织领导，明确责任分工，确保各项任务落到实处。",
             "坚持以人民为中心的发展思想，坚持问题导向和目标导向，统筹推进{s}各项工作。",
             "到{y}年底，基本建立覆盖城乡、权责清晰、运行高效的{s}工作机制，群众满意度明显提升。",
             "资金使用情况按规定在政府网站公开，接受社会监督，严禁截留、挤占、挪用。",
             "对工作推进不力、造成不良影响的，依法依规严肃追究有关单位和人员责任。",
             "申请人应当如实提供有关材料，对材料的真实性负责；经审核符合条件的，按程序予以公示。",
             "公示期为七个工作日，公示期间如有异议，可向{u}书面反映，联系电话：0571-8765{n:04d}。",
             "本通知自印发之日起施行，有效期五年。此前有关规定与本通知不一致的，以本通知为准。",
             "各地要加强宣传引导，通过政府网站、政务新媒体等渠道做好政策解读，及时回应社会关切。",
             "建立健全工作台账，实行月调度、季通报、年考核制度，确保按时保质完成目标任务。",
             "加强部门协同配合，发展改革、财政、自然资源、生态环境等部门按职责分工做好相关工作。"]


@dataclass
class Unit:
    name: str
    code: str
    slug: str
    parent: str | None
    folder: str


def make_code(rng: random.Random) -> str:
    """A 统一社会信用代码 with valid GB 11714 and GB 32100 check characters."""
    org_body = f"{rng.randrange(10**8):08d}"
    org = org_body + org_code_check_char(org_body)
    body = f"11{rng.randrange(330100, 330200)}{org}"
    return body + uscc_check_char(body)


def make_units(rng: random.Random) -> list[Unit]:
    units = [Unit(f"{CITY}人民政府", make_code(rng), "city", None, "city")]
    for i, dept in enumerate(DEPARTMENTS):
        units.append(Unit(f"{CITY}{dept}", make_code(rng), f"d{i:02d}", units[0].name, f"d{i:02d}"))
    towns = iter(TOWN_NAMES)
    for c, county in enumerate(COUNTIES):
        gov = Unit(f"{county}人民政府", make_code(rng), f"c{c}", units[0].name, f"c{c}")
        units.append(gov)
        for j, dept in enumerate(COUNTY_DEPARTMENTS):
            units.append(Unit(f"{county}{dept}", make_code(rng), f"c{c}d{j}", gov.name, f"c{c}d{j}"))
        for j in range(6):
            name = next(towns, None) or f"第{c}{j}"
            kind = "镇" if j % 3 else "乡"
            units.append(Unit(f"{name}{kind}人民政府", make_code(rng), f"c{c}t{j}", gov.name, f"c{c}t{j}"))
    return units


def column_paths() -> list[str]:
    paths = []
    for parent, children in COLUMN_TREE.items():
        paths.append(parent)
        paths.extend(f"{parent}/{child}" for child in children)
    return paths


def write_config(out: Path, units: list[Unit], columns: list[str]) -> None:
    lines = ["# Generated by bench/generate_corpus.py: benchmark data, not a real catalogue.", "",
             "[site]", f'title = "{CITY}政府信息公开"', 'site_id_code = "3301990001"',
             'description = "生成的基准测试目录。"', "page_size = 20", "latest_count = 10", ""]
    for unit in units:
        lines += ["[[units]]", f'name = "{unit.name}"', f'code = "{unit.code}"', f'slug = "{unit.slug}"']
        if unit.parent:
            lines.append(f'parent = "{unit.parent}"')
        lines.append("")
    for i, path in enumerate(columns):
        lines += ["[[categories]]", f'path = "{path}"', f'slug = "k{i:02d}"', ""]
    (out / "config.toml").write_text("\n".join(lines), encoding="utf-8")


def body_text(rng: random.Random, subject: str, year: int, unit: Unit) -> str:
    def sentence() -> str:
        return rng.choice(SENTENCES).format(s=subject, y=year + 2, u=unit.name, n=rng.randrange(10000))

    parts = []
    sections = rng.randint(3, 5)
    numerals = "一二三四五六七八九"
    for s in range(sections):
        parts.append(f"## {numerals[s]}、{rng.choice(['总体要求', '主要任务', '工作措施', '保障措施', '实施步骤', '有关事项'])}")
        parts.append("".join(sentence() for _ in range(rng.randint(2, 4))))
        if rng.random() < 0.5:
            parts.append("\n".join(f"{k + 1}. {sentence()}" for k in range(rng.randint(2, 4))))
        if rng.random() < 0.25:
            # A bold line right above the table is its caption, as staff are asked to write it.
            rows = [f"**表{s + 1} {subject}项目安排**", "", "| 序号 | 项目 | 金额（万元） | 责任单位 |",
                    "| --- | --- | ---: | --- |"]
            for k in range(rng.randint(3, 8)):
                rows.append(f"| {k + 1} | {subject}项目{k + 1} | {rng.randrange(10, 9999)}.{rng.randrange(100):02d} "
                            f"| {unit.name} |")
            parts.append("\n".join(rows))
        if rng.random() < 0.2:
            parts.append("\n".join(f"- {sentence()}" for _ in range(rng.randint(2, 3))))
    parts.append(f"{unit.name}\n\n{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日")
    return "\n\n".join(parts) + "\n"


def quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def generate(out: Path, items: int, seed: int) -> None:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    content = out / "content"
    content.mkdir(parents=True)
    units = make_units(rng)
    columns = column_paths()
    leaf_columns = [c for c in columns if not any(o.startswith(c + "/") for o in columns)]
    write_config(out, units, columns)
    # Big units publish more: the city and its departments carry most items.
    weights = [8 if u.parent is None else 4 if u.folder.startswith("d") else 2 for u in units]
    serials: dict[tuple[str, int], int] = {}
    policy_docs: list[tuple[str, int]] = []   # (index_no, year) of 政策文件 to interpret
    made_dirs: set[Path] = set()
    for n in range(items):
        unit = rng.choices(units, weights)[0]
        year = rng.randint(2019, 2025)
        serial = serials[(unit.code, year)] = serials.get((unit.code, year), 0) + 1
        index_no = f"{unit.code}/{year}-{serial:05d}"
        column = rng.choice(leaf_columns)
        subject = rng.choice(SUBJECTS)
        title = rng.choice(ACTIONS).format(s=subject, y=year)
        if column.endswith("政策解读/文字解读") and policy_docs:
            target, _ = policy_docs[rng.randrange(len(policy_docs))]
            related = [target]
            title = f"《{title}》政策解读"
        else:
            related = []
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        date = f"{year}-{month:02d}-{day:02d}"
        written = f"{year}-{month:02d}-{max(1, day - rng.randint(0, 10)):02d}"
        fm = [f"title: {quote(title)}", f'index_no: "{index_no}"', f"unit: {unit.name}", f"category: {column}",
              f"date: {date}", f"written_date: {written}", f"topic: {rng.choice(TOPICS)}",
              f"genre: {rng.choice(GENRES)}", f"keywords: [{subject[:4]}, {rng.choice(GENRES)}]"]
        if "政策文件" in column:
            agency = unit.name.replace(CITY, "临").replace("人民政府", "政")[:4]
            fm.append(f"doc_no: {agency}发〔{year}〕{serial}号")
            kind = "规章" if column.endswith("/规章") else "行政规范性文件" if "规范性" in column else "其他"
            fm.append(f"doc_kind: {kind}")
            if column.endswith("废止和失效文件"):
                fm += ["validity: 废止", f"abolished_date: {year}-12-31"]
            else:
                fm.append("validity: 有效")
            policy_docs.append((index_no, year))
        if related:
            fm.append(f"related: [{quote(related[0])}]")
        folder = content / unit.folder / str(year)
        if folder not in made_dirs:
            folder.mkdir(parents=True, exist_ok=True)
            made_dirs.add(folder)
        name = f"{serial:05d}"
        if n % 12 == 0:
            csv_name, txt_name = f"{name}-附件1.csv", f"{name}-说明.txt"
            (folder / csv_name).write_text("序号,项目,金额\n" + "".join(
                f"{k},{subject}{k},{rng.randrange(1000)}\n" for k in range(1, 20)), encoding="utf-8")
            (folder / txt_name).write_text(f"{title}\n{unit.name}\n", encoding="utf-8")
            fm.append(f"attachments: [{csv_name}, {txt_name}]")
        text = "---\n" + "\n".join(fm) + "\n---\n\n" + body_text(rng, subject, year, unit)
        (folder / f"{name}.md").write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    generate(args.out, args.items, args.seed)
    print(f"{args.items} items written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
