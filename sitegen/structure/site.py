"""The whole catalogue: config trees plus published documents, with the lookups pages need.

Rules that need more than one file live here: declared unit and column,
related items, and the disclosure gate (only 主动公开 items that are not
drafts exist anywhere in the output). 索引号 uniqueness is checked here too
(output folders depend on it); its rules live in review/index_numbers.py, and
the other review checks run after the model is built (review/site_review.py).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..config import SiteConfig
from ..content.fields import field_name
from ..diagnostics import Report
from ..review.index_numbers import check_unique
from .categories import Category, CategoryTree, build_category_tree
from .document import Document
from .units import Unit, UnitTree, build_unit_tree

if TYPE_CHECKING:
    from ..annual_report import AnnualReport


@dataclass
class Site:
    config: SiteConfig
    units: UnitTree
    categories: CategoryTree
    documents: list[Document]                       # published only, newest first
    withheld: list[Document] = field(default_factory=list)   # 依申请公开 / 不予公开 / drafts
    by_unit: dict[Unit, list[Document]] = field(default_factory=dict)
    by_category: dict[Category, list[Document]] = field(default_factory=dict)      # own items only
    in_subtree: dict[Category, list[Document]] = field(default_factory=dict)       # column and below
    by_year: dict[str, list[Document]] = field(default_factory=dict)

    # (column, unit) -> items in the column's subtree; unit None = all units. Filled once.
    counts: dict[tuple[Category, Unit | None], int] = field(default_factory=dict)
    # (column, unit) -> that unit's items in the column's subtree, newest first. Filled once.
    unit_subtree: dict[tuple[Category, Unit], list[Document]] = field(default_factory=dict)
    # Report items with a data file -> their 2021-format report (sitegen/annual_report); set by load_site.
    annual_reports: dict[Document, AnnualReport] = field(default_factory=dict)

    def subtree_count(self, category: Category, unit: Unit | None = None) -> int:
        return self.counts.get((category, unit), 0)

    def unit_counts(self, category: Category) -> list[tuple[Unit, int]]:
        """Units with items in a column's subtree, in unit-tree order."""
        return [(u, n) for u in self.units if (n := self.counts.get((category, u), 0))]

    def docs_of_unit_in(self, category: Category, unit: Unit) -> list[Document]:
        return self.unit_subtree.get((category, unit), [])

    def category_counts_for_unit(self, unit: Unit) -> dict[Category, int]:
        """Columns holding this unit's items (subtree counts), in column order."""
        return {c: n for c in self.categories if (n := self.counts.get((c, unit), 0))}

    @property
    def years(self) -> list[str]:
        return sorted(self.by_year, reverse=True)


def newest_first(docs: list[Document]) -> list[Document]:
    return sorted(docs, key=lambda d: d.sort_key, reverse=True)


def build_site(config: SiteConfig, documents: list[Document], report: Report,
               config_name: str = "config.toml") -> Site:
    units = build_unit_tree(config.units, config_name, report)
    categories = build_category_tree(config.categories, config_name, report)
    _resolve(documents, units, categories, report)
    check_unique(documents, report)
    public = [d for d in documents if d.is_public]
    withheld = [d for d in documents if not d.is_public]
    _link_related(public, withheld, report)

    site = Site(config=config, units=units, categories=categories, documents=newest_first(public),
                withheld=withheld)
    by_unit: dict[Unit, list[Document]] = defaultdict(list)
    by_category: dict[Category, list[Document]] = defaultdict(list)
    in_subtree: dict[Category, list[Document]] = defaultdict(list)
    by_year: dict[str, list[Document]] = defaultdict(list)
    counts: dict[tuple[Category, Unit | None], int] = defaultdict(int)
    unit_subtree: dict[tuple[Category, Unit], list[Document]] = defaultdict(list)
    for doc in site.documents:       # already newest first, so every list below is too
        if doc.unit is None or doc.category is None:
            continue
        by_unit[doc.unit].append(doc)
        by_category[doc.category].append(doc)
        for column in doc.category.lineage:
            in_subtree[column].append(doc)
            counts[(column, None)] += 1
            counts[(column, doc.unit)] += 1
            unit_subtree[(column, doc.unit)].append(doc)
        by_year[doc.year].append(doc)
    site.by_unit, site.by_category, site.in_subtree, site.by_year, site.counts = (
        dict(by_unit), dict(by_category), dict(in_subtree), dict(by_year), dict(counts))
    site.unit_subtree = dict(unit_subtree)
    for docs in by_category.values():
        for newer, older in zip(docs, docs[1:]):
            newer.older, older.newer = older, newer
    return site


def _resolve(documents: list[Document], units: UnitTree, categories: CategoryTree, report: Report) -> None:
    for doc in documents:
        doc.unit = units.get(doc.unit_name)
        if doc.unit is None:
            report.error("unknown-unit", doc.source, f"发布机构“{doc.unit_name}”没有在配置文件中声明",
                         line=doc.line("unit"), field=field_name("unit"),
                         expected="config.toml 中某个 [[units]] 的 name（写全称，不用简称）",
                         hint=units.suggest(doc.unit_name))
        doc.category = categories.get(doc.category_path)
        if doc.category is None:
            report.error("unknown-category", doc.source, f"栏目“{doc.category_path}”没有在配置文件中声明",
                         line=doc.line("category"), field=field_name("category"),
                         expected="config.toml 中某个 [[categories]] 的 path，用 / 分隔各级栏目",
                         hint=categories.suggest(doc.category_path))
        else:
            doc.category_path = doc.category.path


def _link_related(public: list[Document], withheld: list[Document], report: Report) -> None:
    by_id = {d.index_no.upper(): d for d in public}
    hidden = {d.index_no.upper() for d in withheld}
    for doc in public:
        for ref in doc.related_ids:
            key = ref.strip().upper()
            target = by_id.get(key)
            if key in hidden:
                report.error("related-not-public", doc.source,
                             f"相关文件“{ref}”不是主动公开的信息（依申请公开、不予公开或草稿），不能在公开页面上链接",
                             line=doc.line("related"), field=field_name("related"),
                             expected="只列主动公开信息的索引号")
            elif target is None:
                report.error("related-unknown", doc.source, f"相关文件的索引号“{ref}”不存在",
                             line=doc.line("related"), field=field_name("related"),
                             expected="站内某个信息的 index_no")
            elif target is doc:
                report.warning("related-self", doc.source, "相关文件列出了本文件自己",
                               line=doc.line("related"), field=field_name("related"))
            else:
                # Shown on both sides: a 解读 lists its 政策文件, and the 政策文件 shows the 解读.
                for a, b in ((doc, target), (target, doc)):
                    if b not in a.related:
                        a.related.append(b)
    for doc in public:
        doc.related.sort(key=lambda d: d.sort_key, reverse=True)
