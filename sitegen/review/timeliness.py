"""条例 第二十六条: publish within 20 working days of the information being formed.

Counted from written_date (成文日期) to date (发布日期) with the holiday calendar.
Late items are warnings (laws may set other limits, and backfilled old documents
are late by nature); a summary line is listed as 提示.
"""
from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from typing import Sequence

from ..content.fields import field_name
from ..diagnostics import Report
from ..structure.document import Document
from .holidays import HolidayCalendar


@dataclass(frozen=True)
class Delay:
    source: str
    working_days: int
    uncovered_years: tuple[int, ...]


def measure(documents: Sequence[Document], calendar: HolidayCalendar) -> list[tuple[Document, Delay]]:
    result = []
    for doc in documents:
        if not (doc.written_date and doc.date):
            continue
        start, end = dt.date.fromisoformat(doc.written_date), dt.date.fromisoformat(doc.date)
        result.append((doc, Delay(doc.source, calendar.working_days_after(start, end),
                                  tuple(calendar.uncovered_years(start, end)))))
    return result


def check_timeliness(documents: Sequence[Document], calendar: HolidayCalendar, limit: int,
                     report: Report, summary_file: str) -> None:
    delays = measure(documents, calendar)
    late = 0
    for doc, delay in delays:
        if delay.working_days <= limit:
            continue
        late += 1
        note = ""
        if delay.uncovered_years:
            years = "、".join(map(str, delay.uncovered_years[:3])) + ("等" if len(delay.uncovered_years) > 3 else "")
            note = f"（节假日日历未收 {years} 年，这些年份只扣除了周末）"
        report.warning("timeliness-late", doc.source,
                       f"从成文日期 {doc.written_date} 到发布日期 {doc.date} 用了 {delay.working_days} 个工作日，"
                       f"超过 {limit} 个工作日{note}",
                       line=doc.line("date"), field=field_name("date"),
                       expected=f"《政府信息公开条例》第二十六条：自该信息形成或者变更之日起 {limit} 个工作日内公开；"
                                "法律、法规对公开期限另有规定的，从其规定")
    if delays:
        median = statistics.median(d.working_days for _, d in delays)
        report.info("timeliness-summary", summary_file,
                    f"公开时效：{len(delays)} 条写了成文日期的公开信息中，{late} 条超过 {limit} 个工作日；"
                    f"从成文到发布的工作日中位数为 {median:g}")
