"""Empty and stale columns: inspections (国办秘函〔2019〕19号) fail sites for blank or long-unupdated columns."""
from __future__ import annotations

import datetime as dt

from ..diagnostics import Report
from ..structure.categories import Category
from ..structure.site import Site
from .settings import ReviewSettings


def stale_limit(category: Category, settings: ReviewSettings) -> int:
    """Days allowed for a column: its own setting, else its nearest configured parent's, else the default."""
    for column in reversed(category.lineage):
        if column.path in settings.column_stale_days:
            return settings.column_stale_days[column.path]
    return settings.stale_after_days


def check_columns(site: Site, settings: ReviewSettings, report: Report, config_name: str,
                  today: dt.date) -> None:
    lines = {spec.path: spec.line for spec in site.config.categories}
    for path in settings.column_stale_days:
        if site.categories.get(path) is None:
            report.warning("config-unknown-column", config_name,
                           f"[review.column_stale_days] 中的栏目“{path}”没有在配置文件中声明", line=settings.line,
                           field="column_stale_days", hint=site.categories.suggest(path))
    for category in site.categories:
        line = lines.get(category.path)
        docs = site.in_subtree.get(category, [])
        if not docs:
            if not category.children:
                report.warning("column-empty", config_name, f"栏目“{category.path}”没有任何公开信息（空白栏目）",
                               line=line, field="categories",
                               expected="发布该栏目的信息，或在配置中删除不适用于本机构的栏目")
            continue
        if category.children and not site.by_category.get(category):
            continue    # judged by its sub-columns
        limit = stale_limit(category, settings)
        newest = dt.date.fromisoformat(docs[0].date)
        age = (today - newest).days
        if limit and age > limit:
            report.warning("column-stale", config_name,
                           f"栏目“{category.path}”最近一条信息发布于 {docs[0].date}，已 {age} 天未更新（期限 {limit} 天）",
                           line=line, field="categories",
                           expected="及时发布该栏目的信息；更新周期较长的栏目可在 [review.column_stale_days] 中设置期限")
