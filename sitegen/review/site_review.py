"""Run every review check over the site model and add the results to the report.

Called once per build/check, after the site model exists and before anything is
written: a blocking finding (an error) stops `build` with the old output intact.
Per-file findings were made in the worker processes (scan.review_file) and wait
on each Document; here they meet the site-level ones and the item's waivers.
"""
from __future__ import annotations

import datetime as dt
from typing import Callable

from ..diagnostics import Report
from ..structure.document import Document
from ..structure.site import Site
from .column_health import check_columns
from .diagnose import review_item
from .disclosure import withheld_references
from .doc_number_checks import check_doc_numbers
from .holidays import SHIPPED, CalendarError, HolidayCalendar, load_calendar
from .index_numbers import check_prefixes, report_serial_gaps
from .reviewers import check_reviewers
from .timeliness import check_timeliness


def load_site_calendar(site: Site, report: Report, config_name: str) -> HolidayCalendar | None:
    settings = site.config.review
    path = (site.config.root / settings.holiday_calendar) if settings.holiday_calendar else SHIPPED
    try:
        return load_calendar(path)
    except CalendarError as exc:
        report.error("review-calendar-invalid", config_name, f"节假日日历 {path} 不可用：{exc}",
                     line=settings.line, field="holiday_calendar",
                     expected="与 sitegen/review/data/holidays.toml 格式相同的文件，路径相对于配置文件")
        return None


def review_site(site: Site, report: Report, config_name: str = "config.toml",
                today: dt.date | None = None, body_of: Callable[[Document], str] | None = None,
                item_spans: dict[str, tuple[int, int]] | None = None) -> None:
    """body_of(doc) -> rendered body, for pipelines that keep bodies out of the Document.

    item_spans, when given, receives where each public item's own findings sit in the report
    (start, end), for a later build that reviews that one item again (pipeline/quick_edit.py).
    """
    today = today or dt.date.today()
    settings = site.config.review
    public, withheld = site.documents, site.withheld

    references = withheld_references(public, withheld, body_of or (lambda doc: doc.body_html))
    for doc in public:
        start = len(report.items)
        report.extend(review_item(doc, references.get(doc.source, [])))
        if item_spans is not None:
            item_spans[doc.source] = (start, len(report.items))

    every = [*public, *withheld]
    configured = {code.upper() for unit in site.config.units for code in (unit.code, *unit.former_codes)}
    check_prefixes(every, configured, report)
    report_serial_gaps(every, report, config_name)
    check_doc_numbers(public, report)
    check_reviewers(public, settings.require_reviewers, report)
    calendar = load_site_calendar(site, report, config_name)
    if calendar is not None:
        check_timeliness(public, calendar, settings.timeliness_limit, report, config_name)
    check_columns(site, settings, report, config_name, today)
