"""Find the report items that declare a data file, load and check everything, and describe each page.

A report is an ordinary catalogue item (it has its 索引号, sits in the 年报
column, appears in lists, feeds and search) whose front-matter names its data
file with `annual_data`. Its page shows the item's metadata box as usual and,
in place of the plain body, the six sections of the 2021 format with tables
二, 三 and 四. Items without `annual_data` (older reports in particular) keep
exactly the body their authors wrote.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Report
from ..structure.document import Document
from ..structure.site import Site
from ..structure.units import Unit
from . import schema as s
from .checks import check_applications, check_carry_over, check_cases, check_regulations
from .data_file import ReportData, read_data_file
from .prose import Section, split_sections
from .regulations import RegulationCounts, count_regulations, has_ended, made_on
from .tables import CaseGroup, CountLine, DecisionLine, case_groups, decision_lines, table3_lines

DATA_KEY = "annual_data"
DATA_FIELD = "annual_data 年报数据"


@dataclass
class AnnualReport:
    doc: Document
    year: int
    data: ReportData
    preamble: str
    sections: list[Section]
    regulations: list[RegulationCounts]          # 规章, 行政规范性文件
    decisions: list[DecisionLine]
    applications: list[CountLine]
    cases: list[CaseGroup]

    @property
    def unit(self) -> Unit:
        assert self.doc.unit is not None
        return self.doc.unit

    @property
    def labels(self):
        """The format's labels, for the template (schema.py)."""
        return s


@dataclass
class _Candidate:
    doc: Document
    data: ReportData


def report_deadline(unit: Unit, year: int) -> str:
    """Art. 49: 县级以上 governments publish by 3月31日, their departments by 1月31日."""
    return f"{year + 1}-03-31" if unit.name.endswith("人民政府") else f"{year + 1}-01-31"


def load_annual_reports(site: Site, content_dir: Path, display_prefix: str,
                        report: Report) -> dict[Document, AnnualReport]:
    """Every report item with a data file, fully checked; problems go to `report`."""
    candidates: list[_Candidate] = []
    for doc in site.documents:
        if DATA_KEY not in doc.extra or doc.unit is None:
            continue
        data = _load_data(doc, content_dir, display_prefix, report)
        if data is not None:
            candidates.append(_Candidate(doc, data))

    by_unit_year: dict[tuple[int, int], _Candidate] = {}
    for c in sorted(candidates, key=lambda c: c.doc.source):
        key = (id(c.doc.unit), c.data.year)
        first = by_unit_year.get(key)
        if first is not None:
            report.error("annual-duplicate", c.doc.source,
                         f"“{c.doc.unit_name}”{c.data.year} 年度已有年度报告 {first.doc.source}",
                         line=c.doc.line(DATA_KEY), field=DATA_FIELD, expected="每个机构每个年度一份年度报告")
            continue
        by_unit_year[key] = c

    reports: dict[Document, AnnualReport] = {}
    for (unit_id, year), c in by_unit_year.items():
        previous = by_unit_year.get((unit_id, year - 1))
        built = _build_report(site, c, previous.data if previous else None, report)
        if built is not None:
            reports[c.doc] = built
    return reports


def _load_data(doc: Document, content_dir: Path, prefix: str, report: Report) -> ReportData | None:
    value = doc.extra[DATA_KEY]
    line = doc.line(DATA_KEY)
    if not isinstance(value, str) or not value.strip():
        report.error("annual-data-path", doc.source, "年报数据应写成数据文件的路径", line=line, field=DATA_FIELD,
                     expected="相对于本文件的 YAML 文件路径，例如 annual_data: annual-report-2024.yaml")
        return None
    md_path = content_dir / doc.source[len(prefix):] if doc.source.startswith(prefix) else content_dir / doc.source
    path = (md_path.parent / value.strip()).resolve()
    root = content_dir.resolve()
    if not path.is_relative_to(root) or not path.is_file():
        where = "在内容目录之外" if not path.is_relative_to(root) else "不存在"
        report.error("annual-data-missing", doc.source, f"年报数据文件“{value.strip()}”{where}", line=line,
                     field=DATA_FIELD, expected="放在内容目录中、相对于本 Markdown 文件的路径")
        return None
    display = prefix + path.relative_to(root).as_posix()
    data = read_data_file(path, display, report)
    if data is None:
        return None
    if data.year < s.FIRST_YEAR:
        report.error("annual-data-old-year", data.file,
                     f"{data.year} 年度的报告早于 {s.FORMAT_NAME} 规定的格式（{s.FIRST_YEAR} 年度起适用）",
                     line=data.year_line, field=s.KEY_YEAR,
                     expected=f"{s.FIRST_YEAR} 年以前的年度报告按原文发布：删去 {doc.source} 中的 annual_data，正文保持作者原样")
        return None
    if f"{data.year}年" not in doc.title:
        report.warning("annual-title-year", doc.source, f"名称中没有“{data.year}年”，而数据文件的年度是 {data.year}",
                       line=doc.line("title"), field="title 名称",
                       expected=f"例如“……{data.year}年政府信息公开工作年度报告”")
    return data


def _build_report(site: Site, c: _Candidate, previous: ReportData | None, report: Report) -> AnnualReport | None:
    doc, data = c.doc, c.data
    unit = doc.unit
    assert unit is not None
    errors_before = len(report.errors)

    body = split_sections(doc.body_html)
    if body.missing or body.unknown or body.out_of_order:
        problems = []
        if body.missing:
            problems.append("缺少" + "、".join(f"“{t}”" for t in body.missing))
        if body.unknown:
            problems.append("多出" + "、".join(f"“{t}”" for t in body.unknown))
        if body.out_of_order:
            problems.append("顺序不对")
        report.error("annual-sections", doc.source, "年度报告正文的二级标题（## ）" + "，".join(problems),
                     field="正文", expected="按顺序写六个二级标题：" + "；".join(f"## {t}" for t in s.SECTIONS),
                     hint="各部分内的小标题请用三级标题（### ）")

    deadline = report_deadline(unit, data.year)
    if doc.date > deadline:
        report.warning("annual-late", doc.source, f"发布日期 {doc.date} 晚于《条例》第四十九条规定的 {deadline}",
                       line=doc.line("date"), field="date 发布日期",
                       expected="政府部门每年 1 月 31 日前、县级以上人民政府每年 3 月 31 日前公布上一年度的报告")

    unit_docs = site.by_unit.get(unit, [])
    year_end = f"{data.year}-12-31"
    for d in unit_docs:
        if d.doc_kind in s.REGULATION_KINDS and has_ended(d) and not d.abolished_date and made_on(d) <= year_end:
            report.error("annual-undated-end", d.source,
                         f"有效性为“{d.validity}”但没有写失效/废止日期，{doc.unit_name}{data.year} 年度报告"
                         f"表二第二十条第（一）项无法统计“{s.IN_FORCE}”",
                         line=d.line("validity"), field="abolished_date 失效/废止日期",
                         expected="abolished_date: YYYY-MM-DD（文件失效或废止的日期）")
    counts = {kind: count_regulations(unit_docs, kind, data.year) for kind in s.REGULATION_KINDS}
    for kind, current in counts.items():
        check_regulations(data, kind, count_regulations(unit_docs, kind, data.year - 1), current, report)
    check_applications(data, report)
    check_cases(data, report)
    if previous is not None:
        check_carry_over(previous, data, report)

    if len(report.errors) > errors_before:
        return None
    return AnnualReport(
        doc=doc, year=data.year, data=data, preamble=body.preamble, sections=body.sections,
        regulations=[counts[k] for k in s.REGULATION_KINDS], decisions=decision_lines(data),
        applications=table3_lines(data), cases=case_groups(data))


def report_items(site: Site, unit: Unit) -> list[Document]:
    """A unit's annual reports, newest first: its items in every column that holds a 2021-format report."""
    columns = {id(r.doc.category) for r in site.annual_reports.values()}
    return [d for d in site.by_unit.get(unit, []) if id(d.category) in columns]
