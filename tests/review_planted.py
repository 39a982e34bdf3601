"""A catalogue with planted personal identifiers (valid checksums) and decoys, for the review tests.

Every planted identifier is recorded with the file, line and column where it was
written and the masked form the scanner must suggest. Decoys are the numbers that
legitimately fill government documents: office landlines, 400 numbers, 索引号,
统一社会信用代码, dates, long serial and order numbers, masked numbers, and
18-digit strings that fail the check digit or carry an impossible date.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.identifiers import org_code_check_char, uscc_check_char
from sitegen.review.personal_data import id18_check_char, is_valid_id18, luhn_ok

# Real GB/T 2260 county-level codes, including abolished ones people still carry (330103 下城区, 110103 崇文区).
REGIONS = ("110105", "110103", "120101", "130102", "310104", "320102", "330106", "330103", "350102", "350121",
           "370202", "420106", "440305", "450103", "510107", "530102", "610113", "620102", "650102", "820000")

CONFIG = """[site]
title = "审查测试目录"
site_id_code = "3301000001"

[review]
stale_after_days = 3650

[[units]]
name = "清河市民政局"
code = "11330100082462814G"

[[categories]]
path = "法定主动公开内容/社会救助"
"""


@dataclass(frozen=True)
class Planted:
    kind: str          # 身份证号 · 手机号码 · 银行卡号
    value: str         # the full number as written (never printed by the tool)
    masked: str
    file: str          # relative to the project folder
    line: int
    column: int


@dataclass
class PlantedSite:
    root: Path
    planted: list[Planted] = field(default_factory=list)
    decoys: list[str] = field(default_factory=list)


def id18(rng: random.Random, check_x: bool = False) -> str:
    while True:
        born = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(365 * 65))
        body = rng.choice(REGIONS) + born.strftime("%Y%m%d") + f"{rng.randrange(1000):03d}"
        check = id18_check_char(body)
        if check_x == (check == "X"):
            return body + check


def id15(rng: random.Random) -> str:
    born = dt.date(1930, 1, 1) + dt.timedelta(days=rng.randrange(365 * 60))
    return rng.choice(REGIONS) + born.strftime("%y%m%d") + f"{rng.randrange(1000):03d}"


def mobile(rng: random.Random) -> str:
    return "1" + rng.choice("3456789") + "".join(rng.choice("0123456789") for _ in range(9))


def luhn_complete(body: str) -> str:
    return next(body + d for d in "0123456789" if luhn_ok(body + d))


def bank_card(rng: random.Random, length: int) -> str:
    while True:
        card = luhn_complete("62" + "".join(rng.choice("0123456789") for _ in range(length - 3)))
        if not is_valid_id18(card):        # a card that is also a valid 身份证号 is reported as the ID
            return card


def uscc(rng: random.Random) -> str:
    org = "".join(rng.choice("0123456789") for _ in range(8))
    body = "91" + rng.choice(REGIONS) + org + org_code_check_char(org)
    return body + uscc_check_char(body)


def wrong_check_digit(rng: random.Random) -> str:
    good = id18(rng)
    return good[:17] + next(c for c in "0123456789X" if c != good[17])


def impossible_date(rng: random.Random) -> str:
    body = rng.choice(REGIONS) + rng.choice(["19990231", "20011301", "19850000", "21500101"]) + "123"
    return body + id18_check_char(body)


def mask_id(value: str) -> str:
    return value[:2] + "*" * (len(value) - 5) + value[-3:]


def mask_mobile(value: str) -> str:
    return value[:3] + "****" + value[-4:]


def mask_card(value: str) -> str:
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def decoy_lines(rng: random.Random) -> tuple[list[str], list[str]]:
    numbers = {
        "landline": ["0591-87654321", "010-12345678", "（0571）86953106", "0571 8695 3106", "021-6321 5678"],
        "hotline": ["400-888-6688", "4008886688", "12345", "95588"],
        "index_no": ["11350100MB0000000X/2024-00012", "113301001318609163/2024-00003", "000014349/2020-00072"],
        "uscc": [uscc(rng), uscc(rng), "11330100082462814G"],
        "dates": ["20240115", "2024-01-15", "2024年1月15日", "19990101"],
        "serial": ["20240115123456789012", "QHCG-2024-0637", "1234567890123456789012", "流水号 6212261202003456789"],
        "masked": ["138****1234", "35*************123", "6222***********1234", "138\\*\\*\\*\\*5678"],
        "wrong": [wrong_check_digit(rng), wrong_check_digit(rng), impossible_date(rng), impossible_date(rng)],
        "other": ["12345678901", "10086", "2,000,000,000.00", "15000000000.5"],
    }
    lines = [
        f"办公电话：{numbers['landline'][0]}，{numbers['landline'][1]}；传真 {numbers['landline'][2]}。",
        f"监督电话：{numbers['landline'][3]}、{numbers['landline'][4]}，服务热线 {numbers['hotline'][0]}、"
        f"{numbers['hotline'][1]}、{numbers['hotline'][2]}、{numbers['hotline'][3]}。",
        f"索引号 {numbers['index_no'][0]}、{numbers['index_no'][1]}、{numbers['index_no'][2]}。",
        f"统一社会信用代码：{numbers['uscc'][0]}；供应商统一社会信用代码 {numbers['uscc'][1]}；本机关 {numbers['uscc'][2]}。",
        f"日期 {numbers['dates'][0]}、{numbers['dates'][1]}、{numbers['dates'][2]}，批次 {numbers['dates'][3]}。",
        f"订单号 {numbers['serial'][0]}，项目编号 {numbers['serial'][1]}，合同号 {numbers['serial'][2]}，"
        f"{numbers['serial'][3]}。",
        f"已遮盖：手机 {numbers['masked'][0]}，身份证 {numbers['masked'][1]}，卡号 {numbers['masked'][2]}，"
        f"联系人 {numbers['masked'][3]}。",
        f"登记号 {numbers['wrong'][0]}、{numbers['wrong'][1]}，档案号 {numbers['wrong'][2]}、{numbers['wrong'][3]}。",
        f"其他数字：{numbers['other'][0]}、{numbers['other'][1]}，预算 {numbers['other'][2]} 元，{numbers['other'][3]}。",
    ]
    return lines, [n.replace("\\", "") for group in numbers.values() for n in group]


class _Writer:
    """Collects lines of one file and records where each planted number lands."""

    def __init__(self, site: PlantedSite, rel: str):
        self.site, self.rel, self.lines = site, rel, []

    def add(self, text: str) -> None:
        self.lines.append(text)

    def plant(self, template: str, kind: str, value: str, written: str | None = None) -> None:
        """template has one {} where the number goes; `written` is how it is typed (spaces, full width)."""
        written = written or value
        prefix = template.split("{}")[0]
        self.lines.append(template.format(written))
        masked = {"身份证号": mask_id, "手机号码": mask_mobile, "银行卡号": mask_card}[kind](value.upper())
        self.site.planted.append(Planted(kind, value, masked, self.rel, len(self.lines), len(prefix) + 1))

    def save(self) -> None:
        path = self.site.root / self.rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(self.lines) + "\n", encoding="utf-8")


def front_matter(w: _Writer, index: int, title: str, extra: list[str] = ()) -> None:
    w.add("---")
    w.add(f'title: "{title}"')
    w.add(f'index_no: "11330100082462814G/2024-{index:05d}"')
    w.add("unit: 清河市民政局")
    w.add("category: 法定主动公开内容/社会救助")
    w.add("date: 2024-03-15")
    w.add("written_date: 2024-03-11")
    for line in extra:
        w.add(line)


def make_planted_site(root: Path, seed: int = 20240315) -> PlantedSite:
    rng = random.Random(seed)
    site = PlantedSite(root)
    root.mkdir(parents=True, exist_ok=True)
    (root / "config.toml").write_text(CONFIG, encoding="utf-8")

    # 1. Body text, front-matter values and a Markdown table.
    w = _Writer(site, "content/2024/dibao-list.md")
    front_matter(w, 1, "2024年第一季度城乡低保对象公示", ["attachments:", "  - 低保名册.csv", "  - 申请材料.txt"])
    w.plant('summary: "公示低保对象，联系人电话 {}。"', "手机号码", mobile(rng))
    w.add("---")
    w.add("")
    w.add("根据有关规定，现将第一季度新增低保对象公示如下。")
    w.add("")
    decoys, site.decoys = decoy_lines(rng)
    for line in decoys:
        w.add(line)
        w.add("")
    w.plant("户主张某，公民身份号码{}，家住前溪村。", "身份证号", id18(rng))
    w.plant("身份证号码（末位为X）：{}。", "身份证号", id18(rng, check_x=True))
    value = id18(rng, check_x=True)
    w.plant("小写 x 结尾：{}。", "身份证号", value, value[:-1] + "x")
    w.plant("老身份证 {}（15 位）。", "身份证号", id15(rng))
    value = id18(rng)
    full_width = value.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
    w.plant("全角数字：{}。", "身份证号", value, full_width)
    w.plant("申请人联系电话：{}。", "手机号码", mobile(rng))
    value = mobile(rng)
    w.plant("手机 {}（空格分隔）。", "手机号码", value, f"{value[:3]} {value[3:7]} {value[7:]}")
    value = mobile(rng)
    w.plant("手机 {}。", "手机号码", value, "+86 " + value)
    card = bank_card(rng, 19)
    w.plant("补贴发放账号：{}。", "银行卡号", card)
    card = bank_card(rng, 16)
    w.plant("银行卡号 {}（分组书写）。", "银行卡号", card, " ".join(card[i:i + 4] for i in range(0, 16, 4)))
    w.add("")
    w.add("| 序号 | 户主 | 身份证号 | 联系电话 | 银行卡号 |")
    w.add("| ---: | --- | --- | --- | --- |")
    for n in range(1, 4):
        person, phone, card = id18(rng), mobile(rng), bank_card(rng, rng.choice([16, 17, 18, 19]))
        row_prefix = f"| {n} | 李某{n} | "
        w.add(f"{row_prefix}{person} | {phone} | {card} |")
        line = len(w.lines)
        col = len(row_prefix) + 1
        site.planted.append(Planted("身份证号", person, mask_id(person), w.rel, line, col))
        col += len(person) + 3
        site.planted.append(Planted("手机号码", phone, mask_mobile(phone), w.rel, line, col))
        col += len(phone) + 3
        site.planted.append(Planted("银行卡号", card, mask_card(card), w.rel, line, col))
    w.add("")
    w.add("监督电话：0571-8695 3106。")
    w.save()

    # 2. A CSV attachment: the card column's header gives the context.
    c = _Writer(site, "content/2024/低保名册.csv")
    c.add("序号,姓名,身份证号,联系电话,社保卡银行账号,备注")
    for n in range(1, 5):
        person, phone, card = id18(rng), mobile(rng), bank_card(rng, rng.choice([16, 19]))
        prefix = f"{n},王某{n},"
        c.add(f'{prefix}{person},{phone},{card},"地址：前溪村，电话 0571-86953106"')
        line = len(c.lines)
        site.planted.append(Planted("身份证号", person, mask_id(person), c.rel, line, len(prefix) + 1))
        col = len(prefix) + len(person) + 2
        site.planted.append(Planted("手机号码", phone, mask_mobile(phone), c.rel, line, col))
        site.planted.append(Planted("银行卡号", card, mask_card(card), c.rel, line, col + len(phone) + 1))
    c.add("5,赵某,35*************123,138****1234,6222***********1234,已遮盖")
    c.add(f"6,机构,{wrong_check_digit(rng)},0591-87654321,6222***********1234,统一社会信用代码 {uscc(rng)}")
    c.save()

    # 3. A plain-text attachment.
    t = _Writer(site, "content/2024/申请材料.txt")
    t.add("临时救助申请材料（摘要）")
    t.plant("申请人身份证：{}", "身份证号", id18(rng))
    t.plant("旧证号码 {}", "身份证号", id15(rng))
    t.plant("联系手机{}，办公电话 0591-87654321", "手机号码", mobile(rng))
    t.plant("开户银行：清河农商行　卡号：{}", "银行卡号", bank_card(rng, 18))
    t.add("索引号 11350100MB0000000X/2024-00012，订单号 20240115123456789012")
    t.save()

    # 4. A clean item full of decoys only.
    d = _Writer(site, "content/2024/contacts.md")
    front_matter(d, 2, "清河市民政局机构职能和联系方式")
    d.add("---")
    d.add("")
    for line in decoys:
        d.add(line)
    d.save()
    return site
