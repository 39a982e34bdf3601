"""The arithmetic third-party checkers apply to a report, applied before it is published.

- table 三, every column: 一 + 二 = 三（七） + 四;
- table 三 across years: 二、上年结转 (Y) = 四、结转下年度继续办理 (Y−1);
- table 二 row (一) across years: 现行有效(Y) = 现行有效(Y−1) + 制发(Y) − 废止(Y);
- any total the staff wrote themselves equals the sum it stands for.

A failure names the cells and their values, so the wrong number can be found.
"""
from __future__ import annotations

from ..diagnostics import Report
from . import schema as s
from .data_file import Cells, ReportData
from .regulations import RegulationCounts, has_ended, made_on, offenders
from .tables import results_total

IDENTITY_RULE = "每一列都满足：第一项 + 第二项 = 第三项（七）总计 + 第四项"


def check_applications(data: ReportData, report: Report) -> None:
    apps = data.applications
    new, carried_in, carried_out = apps[s.NEW.key], apps[s.CARRIED_IN.key], apps[s.CARRIED_OUT.key]
    results = results_total(data)
    for i, column in enumerate(s.APPLICANT_COLUMNS):
        left = new.values[i] + carried_in.values[i]
        right = results[i] + carried_out.values[i]
        if left != right:
            report.error(
                "annual-identity", data.file,
                f"勾稽关系不成立：{s.NEW.label} {new.values[i]} + {s.CARRIED_IN.label} {carried_in.values[i]} = {left}，"
                f"而 {s.RESULTS}{s.RESULTS_TOTAL.label} {results[i]} + {s.CARRIED_OUT.label} {carried_out.values[i]} = {right}"
                f"（相差 {abs(left - right)}）",
                line=new.line, field=f"{s.KEY_TABLE3} {column} 列", expected=IDENTITY_RULE)
    for key, cells in apps.items():
        _check_stated_total(cells, f"{s.KEY_TABLE3} {_row_label(key)}", data.file, report)
    stated = data.stated_results_total
    if stated is not None:
        for column, written, computed in zip(s.APPLICANT_COLUMNS, stated.values, results):
            if written != computed:
                report.error("annual-total", data.file,
                             f"写的是 {written}，但（一）至（六）各项相加为 {computed}",
                             line=stated.line, field=f"{s.KEY_TABLE3} {s.RESULTS_TOTAL.label} · {column}",
                             expected="（七）总计等于本列（一）至（六）各项之和；也可以不写，由工具计算")
        _check_stated_total(stated, f"{s.KEY_TABLE3} {s.RESULTS_TOTAL.label}", data.file, report)


def check_cases(data: ReportData, report: Report) -> None:
    for name, cells in data.cases.items():
        _check_stated_total(cells, f"{s.KEY_TABLE4} {name}", data.file, report)


def check_carry_over(previous: ReportData, data: ReportData, report: Report) -> None:
    """This year's 上年结转 is last year's 结转下年度继续办理, column by column."""
    now, then = data.applications[s.CARRIED_IN.key], previous.applications[s.CARRIED_OUT.key]
    for column, a, b in zip(s.APPLICANT_COLUMNS, now.values, then.values):
        if a != b:
            report.error("annual-carry-over", data.file,
                         f"{data.year} 年的“{s.CARRIED_IN.label}”为 {a}，但 {previous.year} 年报告"
                         f"（{previous.file}）的“{s.CARRIED_OUT.label}”为 {b}",
                         line=now.line, field=f"{s.KEY_TABLE3} {s.CARRIED_IN.label} · {column}",
                         expected="本年的上年结转数等于上一年度报告的结转下年度继续办理数")


def check_regulations(data: ReportData, kind: str, previous: RegulationCounts, current: RegulationCounts,
                      report: Report) -> None:
    made, abolished, in_force = current.figures
    before = len(previous.in_force)
    where = f"{s.KEY_TABLE2} {s.ITEM_1} {kind}"
    if in_force != before + made - abolished:
        odd = offenders(previous, current)
        report.error(
            "annual-identity", data.file,
            f"跨年度勾稽关系不成立：{current.year} 年{s.IN_FORCE} {in_force}，而 {previous.year} 年{s.IN_FORCE} {before}"
            f" + {s.MADE} {made} − {s.ABOLISHED} {abolished} = {before + made - abolished}",
            line=data.table_lines.get(s.KEY_TABLE2), field=where,
            expected=f"{s.IN_FORCE}(本年) = {s.IN_FORCE}(上年) + {s.MADE} − {s.ABOLISHED}（由目录按成文日期、有效性、失效/废止日期统计）",
            hint=("请核对这些文件的日期：" + "；".join(f"{d.source}（{_dates(d)}）" for d in odd)) if odd else None)
    stated = data.stated_regulations.get(kind)
    if stated is not None:
        for column, written, counted in zip(s.REGULATION_COLUMNS, stated.values, current.figures):
            if written != counted:
                report.error("annual-regulations", data.file,
                             f"数据文件写的是 {written}，按目录统计为 {counted}",
                             line=stated.line, field=f"{where} · {column}",
                             expected="与目录中文件的文件类型、成文日期、有效性、失效/废止日期一致；也可以不写，由工具统计")


def _dates(doc) -> str:
    parts = [f"成文日期 {made_on(doc)}"]
    if has_ended(doc):
        parts.append(f"{doc.validity} {doc.abolished_date or '未写日期'}")
    return "，".join(parts)


def _check_stated_total(cells: Cells, where: str, file: str, report: Report) -> None:
    if cells.stated_total is not None and cells.stated_total != sum(cells.values):
        report.error("annual-total", file, f"总计写的是 {cells.stated_total}，但各项相加为 {sum(cells.values)}",
                     line=cells.line, field=f"{where} · {s.TOTAL}",
                     expected="总计等于同一行各项之和；也可以不写，由工具计算")


def _row_label(key: str) -> str:
    for row in (s.NEW, s.CARRIED_IN, s.CARRIED_OUT, *s.RESULT_ROWS):
        if row.key == key:
            return f"{row.group}{row.label}" if row.group else row.label
    return key
