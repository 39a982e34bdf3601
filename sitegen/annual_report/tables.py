"""The three tables of one report as rows ready to print, totals computed.

The template only walks these rows; which header spans which rows is decided
here, from the national format in schema.py.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import schema as s
from .data_file import Amount, Cells, ReportData
from .regulations import RegulationCounts


@dataclass(frozen=True)
class CountLine:
    """One printed row of table 三: its headers and seven numbers."""
    label: str
    values: tuple[int, ...]            # the six applicant columns
    group: str = ""                    # （三）不予公开 …, printed once with a rowspan
    group_span: int = 0                # rows the group header spans (0: not the group's first row)
    results_span: int = 0              # rows “三、本年度办理结果” spans (only on its first row)
    level: int = 0                     # 0: 一/二/四 rows; 1: （一）（二）（七); 2: numbered sub-rows

    @property
    def total(self) -> int:
        return sum(self.values)


@dataclass(frozen=True)
class CaseGroup:
    name: str                          # 行政复议 / 未经复议直接起诉 / 复议后起诉
    values: tuple[int, ...]            # 结果维持, 结果纠正, 其他结果, 尚未审结

    @property
    def total(self) -> int:
        return sum(self.values)


@dataclass(frozen=True)
class DecisionLine:
    caption: str                       # 第二十条第（五）项
    value_header: str
    rows: tuple[tuple[str, Amount], ...]


def column_sums(rows: list[Cells]) -> tuple[int, ...]:
    return tuple(sum(col) for col in zip(*(r.values for r in rows))) if rows else (0,) * len(s.APPLICANT_COLUMNS)


def results_total(data: ReportData) -> tuple[int, ...]:
    """（七）总计: every result row added up, per applicant column."""
    return column_sums([data.applications[r.key] for r in s.RESULT_ROWS])


def table3_lines(data: ReportData) -> list[CountLine]:
    apps = data.applications
    result_rows = len(s.RESULT_ROWS) + 1                      # + （七）总计
    lines = [CountLine(s.NEW.label, apps[s.NEW.key].values),
             CountLine(s.CARRIED_IN.label, apps[s.CARRIED_IN.key].values)]
    first = True
    for group, rows in s.RESULT_GROUPS:
        for i, row in enumerate(rows):
            lines.append(CountLine(row.label, apps[row.key].values, group=group,
                                   group_span=len(rows) if group and i == 0 else 0,
                                   results_span=result_rows if first else 0, level=2 if group else 1))
            first = False
    lines.append(CountLine(s.RESULTS_TOTAL.label, results_total(data), level=1))
    lines.append(CountLine(s.CARRIED_OUT.label, apps[s.CARRIED_OUT.key].values))
    return lines


def case_groups(data: ReportData) -> list[CaseGroup]:
    return [CaseGroup(name, data.cases[name].values) for name in s.CASE_GROUPS]


def decision_lines(data: ReportData) -> list[DecisionLine]:
    return [DecisionLine(t.caption, t.value_header, tuple((row, data.decisions[row]) for row in t.rows))
            for t in s.DECISION_TABLES]


def regulation_rows(counts: dict[str, RegulationCounts]) -> list[RegulationCounts]:
    return [counts[kind] for kind in s.REGULATION_KINDS]
