"""The data file staff fill in for one annual report: YAML, read with line numbers.

It holds the cells the catalogue cannot know: 行政许可/处罚/强制 decisions and
收费 (table 二), applications (table 三), 复议 and 诉讼 (table 四). Keys are the
labels of the national format (numbering such as “（三）” or “1.” may be kept
or left out), so the file reads like the printed tables. Every problem is
reported in Chinese with the file, the line and the cell.

    年度: 2024
    表二:
      行政许可: 12640
      行政处罚: 1873
      行政强制: 215
      行政事业性收费: 4236.8        # 万元
    表三:                           # 每行 6 个数：自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他
      本年新收政府信息公开申请数量: [250, 30, 2, 4, 8, 4]
      ...
    表四:                           # 每项 4 个数：结果维持、结果纠正、其他结果、尚未审结
      行政复议: [4, 1, 1, 0]
      ...

A row may also be written as a mapping ({自然人: 250, 商业企业: 30, …}), and a
总计 may be added (a 7th or 5th number, or a 总计 key); the tool computes every
total and checks any total that is written.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

from ..content.frontmatter_yaml import _explain as explain_yaml_problem
from ..diagnostics import Report
from . import schema as s

_Loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|\d+[.．、]?)")
_TRAILING_NOTE = re.compile(r"[（(][^（）()]*[）)]$")
_IGNORED = re.compile(r"[\s\"'“”‘’「」『』＂]")
_COUNT = re.compile(r"^\d+$")
_AMOUNT = re.compile(r"^\d+(?:\.\d{1,6})?$")


def canonical(label: str) -> str:
    """Compare labels the way a reader would: numbering, notes, quotes and spaces aside."""
    text = _IGNORED.sub("", label)
    text = _NUMBERING.sub("", text)
    return _TRAILING_NOTE.sub("", text) or text


@dataclass
class Cells:
    """One row of numbers as written, with the line it was written on."""
    values: tuple[int, ...]
    line: int
    stated_total: int | None = None     # a 总计 the staff wrote themselves, checked later


@dataclass
class Amount:
    text: str                           # as written, shown as written (e.g. 4236.8)
    value: Decimal
    line: int


@dataclass
class ReportData:
    file: str
    year: int
    year_line: int
    decisions: dict[str, Amount] = field(default_factory=dict)               # 行政许可 -> 12640
    stated_regulations: dict[str, Cells] = field(default_factory=dict)       # optional; checked against the catalogue
    applications: dict[str, Cells] = field(default_factory=dict)             # row key -> 6 applicant columns
    stated_results_total: Cells | None = None                                # （七）总计, if written
    cases: dict[str, Cells] = field(default_factory=dict)                    # 行政复议 … -> 4 outcomes
    table_lines: dict[str, int] = field(default_factory=dict)


class _Reader:
    def __init__(self, file: str, report: Report):
        self.file, self.report = file, report
        self.ok = True

    def error(self, line: int | None, cell: str, message: str, expected: str | None = None,
              hint: str | None = None) -> None:
        self.ok = False
        self.report.error("annual-data", self.file, message, line=line, field=cell, expected=expected, hint=hint)

    @staticmethod
    def line(node: yaml.Node) -> int:
        return node.start_mark.line + 1

    def mapping(self, node: yaml.Node, where: str, known: list[str]) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """Entries of a mapping by canonical label; unknown and repeated keys are reported."""
        if not isinstance(node, yaml.MappingNode):
            self.error(self.line(node), where, "应是“名称: 数值”形式的若干行，实际不是",
                       expected="每行一个“名称: 数值”，下一级缩进两个空格")
            return {}
        wanted = {canonical(k): k for k in known}
        found: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            written = key_node.value if isinstance(key_node, yaml.ScalarNode) else ""
            key = wanted.get(canonical(written)) or wanted.get(canonical(s.ROW_ALIASES.get(written.strip(), "")))
            if key is None:
                close = difflib.get_close_matches(canonical(written), list(wanted), n=1, cutoff=0.4)
                self.error(self.line(key_node), f"{where} {written}", f"未知的项目“{written}”",
                           expected="、".join(known),
                           hint=f"您是不是要写“{wanted[close[0]]}”？" if close else None)
                continue
            if key in found:
                self.error(self.line(key_node), f"{where} {key}", f"“{key}”写了两次",
                           expected="每个项目只写一次")
                continue
            found[key] = (key_node, value_node)
        return found

    def require(self, found: dict[str, tuple[yaml.Node, yaml.Node]], key: str, where: str,
                parent: yaml.Node, expected: str) -> yaml.Node | None:
        if key not in found:
            self.error(self.line(parent), f"{where} {key}", f"缺少“{key}”这一项（不能留空，没有的填 0）",
                       expected=expected)
            return None
        return found[key][1]

    def count(self, node: yaml.Node, cell: str) -> int | None:
        text = self.scalar(node, cell)
        if text is None:
            return None
        if not _COUNT.match(text):
            self.error(self.line(node), cell, f"“{text}”不是件数",
                       expected="不带单位、不加千位分隔符的非负整数，例如 1873；没有的填 0")
            return None
        return int(text)

    def amount(self, node: yaml.Node, cell: str) -> Amount | None:
        text = self.scalar(node, cell)
        if text is None:
            return None
        if not _AMOUNT.match(text):
            self.error(self.line(node), cell, f"“{text}”不是金额",
                       expected="以万元为单位的非负数，可带小数，不加千位分隔符，例如 4236.8；没有的填 0")
            return None
        return Amount(text, Decimal(text), self.line(node))

    def scalar(self, node: yaml.Node, cell: str) -> str | None:
        if not isinstance(node, yaml.ScalarNode):
            self.error(self.line(node), cell, "这里应是一个数", expected="一个数，例如 0")
            return None
        text = unicodedata.normalize("NFKC", node.value).strip()
        if not text or text in ("~", "null"):
            self.error(self.line(node), cell, "未填写（不能留空）", expected="一个数；没有的填 0")
            return None
        return text

    def cells(self, node: yaml.Node, where: str, columns: tuple[str, ...]) -> Cells | None:
        """A row of counts: a list in column order, or a mapping by column; 总计 optional."""
        line = self.line(node)
        shape = f"{len(columns)} 个数，依次为 {'、'.join(columns)}（可再加第 {len(columns) + 1} 个数“总计”）"
        if isinstance(node, yaml.SequenceNode):
            items = node.value
            if len(items) not in (len(columns), len(columns) + 1):
                self.error(line, where, f"写了 {len(items)} 个数", expected=shape)
                return None
            values = [self.count(item, f"{where} · {name}") for item, name in zip(items, (*columns, s.TOTAL))]
        elif isinstance(node, yaml.MappingNode):
            found = self.mapping(node, where, [*columns, s.TOTAL])
            values = []
            for name in columns:
                value_node = self.require(found, name, where, node, shape)
                values.append(None if value_node is None else self.count(value_node, f"{where} · {name}"))
            if s.TOTAL in found:
                values.append(self.count(found[s.TOTAL][1], f"{where} · {s.TOTAL}"))
        else:
            self.error(line, where, "这一行应写成一组数", expected=shape + "，例如 [" + ", ".join("0" * len(columns)) + "]")
            return None
        if any(v is None for v in values):
            return None
        numbers = [v for v in values if v is not None]
        total = numbers[len(columns)] if len(numbers) > len(columns) else None
        return Cells(tuple(numbers[: len(columns)]), line, total)


def read_data_file(path: Path, display: str, report: Report) -> ReportData | None:
    """Read and validate one data file; None (with errors reported) when it cannot be used."""
    reader = _Reader(display, report)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        reader.error(None, "", "找不到年度报告数据文件")
        return None
    except UnicodeDecodeError:
        reader.error(None, "", "数据文件不是 UTF-8 编码", expected="用 UTF-8 编码保存")
        return None
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        reader.error(mark.line + 1 if mark else None, "", f"不是合法的 YAML：{explain_yaml_problem(problem)}",
                     expected="“名称: 数值”逐行书写，下一级缩进两个空格")
        return None
    if root is None:
        reader.error(1, "", "数据文件是空的", expected=f"{s.KEY_YEAR}、{s.KEY_TABLE2}、{s.KEY_TABLE3}、{s.KEY_TABLE4} 四部分")
        return None
    top = reader.mapping(root, "", [s.KEY_YEAR, s.KEY_TABLE2, s.KEY_TABLE3, s.KEY_TABLE4])
    if not top and not reader.ok:
        return None
    year_node = reader.require(top, s.KEY_YEAR, "", root, "报告所属年度，例如 年度: 2024")
    year = reader.count(year_node, s.KEY_YEAR) if year_node is not None else None
    if year is not None and not 2000 <= year <= 2100:
        reader.error(reader.line(year_node), s.KEY_YEAR, f"年度 {year} 不合理", expected="四位数的年份，例如 2024")
        year = None
    data = ReportData(file=display, year=year or 0, year_line=reader.line(year_node) if year_node else 1)
    for key in (s.KEY_TABLE2, s.KEY_TABLE3, s.KEY_TABLE4):
        node = reader.require(top, key, "", root, f"{key} 的全部数据")
        if node is None:
            continue
        data.table_lines[key] = reader.line(top[key][0])
        {s.KEY_TABLE2: _read_table2, s.KEY_TABLE3: _read_table3, s.KEY_TABLE4: _read_table4}[key](reader, node, data)
    return data if reader.ok and year is not None else None


def _read_table2(reader: _Reader, node: yaml.Node, data: ReportData) -> None:
    decision_rows = [row for table in s.DECISION_TABLES for row in table.rows]
    found = reader.mapping(node, s.KEY_TABLE2, [*decision_rows, *s.REGULATION_KINDS])
    for table in s.DECISION_TABLES:
        for row in table.rows:
            where = f"{s.KEY_TABLE2} {table.caption} {row}"
            value = reader.require(found, row, s.KEY_TABLE2, node,
                                   f"{table.value_header}，没有的填 0")
            if value is None:
                continue
            if table.decimal:
                amount = reader.amount(value, where)
            else:
                count = reader.count(value, where)
                amount = None if count is None else Amount(str(count), Decimal(count), reader.line(value))
            if amount is not None:
                data.decisions[row] = amount
    for kind in s.REGULATION_KINDS:
        # Optional: computed from the catalogue; when written, the figures must agree.
        if kind in found:
            cells = reader.cells(found[kind][1], f"{s.KEY_TABLE2} {s.ITEM_1} {kind}", s.REGULATION_COLUMNS)
            if cells is not None:
                data.stated_regulations[kind] = cells


def _read_table3(reader: _Reader, node: yaml.Node, data: ReportData) -> None:
    where = s.KEY_TABLE3
    shape = f"每行 {len(s.APPLICANT_COLUMNS)} 个数：{'、'.join(s.APPLICANT_COLUMNS)}"
    found = reader.mapping(node, where, [s.NEW.key, s.CARRIED_IN.key, s.RESULTS, s.CARRIED_OUT.key])
    for row in (s.NEW, s.CARRIED_IN, s.CARRIED_OUT):
        value = reader.require(found, row.key, where, node, shape)
        if value is not None and (cells := reader.cells(value, f"{where} {row.label}", s.APPLICANT_COLUMNS)):
            data.applications[row.key] = cells
    results = reader.require(found, s.RESULTS, where, node, "（一）至（六）各项办理结果")
    if results is None:
        return
    known = [group or row.key for group, rows in s.RESULT_GROUPS for row in (rows[:1] if group else rows)]
    groups = reader.mapping(results, f"{where} {s.RESULTS}", [*known, s.RESULTS_TOTAL.key])
    for group, rows in s.RESULT_GROUPS:
        if not group:
            for row in rows:
                value = reader.require(groups, row.key, f"{where} {s.RESULTS}", results, shape)
                if value is not None and (cells := reader.cells(value, f"{where} {row.label}", s.APPLICANT_COLUMNS)):
                    data.applications[row.key] = cells
            continue
        group_node = reader.require(groups, group, f"{where} {s.RESULTS}", results, "、".join(r.key for r in rows))
        if group_node is None:
            continue
        members = reader.mapping(group_node, f"{where} {group}", [r.key for r in rows])
        for row in rows:
            value = reader.require(members, row.key, f"{where} {group}", group_node, shape)
            if value is not None and (cells := reader.cells(value, f"{where} {group} {row.label}", s.APPLICANT_COLUMNS)):
                data.applications[row.key] = cells
    if s.RESULTS_TOTAL.key in groups:
        data.stated_results_total = reader.cells(groups[s.RESULTS_TOTAL.key][1], f"{where} {s.RESULTS_TOTAL.label}",
                                                 s.APPLICANT_COLUMNS)


def _read_table4(reader: _Reader, node: yaml.Node, data: ReportData) -> None:
    where = s.KEY_TABLE4
    shape = f"4 个数：{'、'.join(s.OUTCOMES)}"
    found = reader.mapping(node, where, [s.REVIEW, s.LITIGATION, s.DIRECT_SUIT, s.SUIT_AFTER_REVIEW])
    suits = found
    suits_node = node
    if s.LITIGATION in found:                       # 行政诉讼: {未经复议直接起诉: …, 复议后起诉: …}
        suits_node = found[s.LITIGATION][1]
        suits = reader.mapping(suits_node, f"{where} {s.LITIGATION}", [s.DIRECT_SUIT, s.SUIT_AFTER_REVIEW])
    for group, source, parent in ((s.REVIEW, found, node), (s.DIRECT_SUIT, suits, suits_node),
                                  (s.SUIT_AFTER_REVIEW, suits, suits_node)):
        value = reader.require(source, group, where, parent, shape)
        if value is not None and (cells := reader.cells(value, f"{where} {group}", s.OUTCOMES)):
            data.cases[group] = cells
