"""Every page of the output, as data: path, template, breadcrumb, meta tags, context.

Planning pages apart from rendering them lets the renderer spread the work over
processes, and lets a variant (the 关怀版 twin) mirror the same list.
"""
from __future__ import annotations

from collections.abc import ItemsView, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..slugs import MAX_COMPONENT, limit
from .categories import Category
from .document import Document
from .units import Unit
from .variants import VARIANTS

if TYPE_CHECKING:
    from .site import Site

ARCHIVE_PAGE_SIZE = 100


@dataclass(slots=True)
class Crumb:
    label: str
    url: str | None = None     # None for the current page


@dataclass
class Pager:
    number: int
    total_pages: int
    total_items: int
    items: list[Document]
    first: str                 # the first page's path, e.g. "columns/fdzdgknr/index.html"
    later: str                 # the others', with {number}: "columns/fdzdgknr/page-{number}.html"

    def url(self, number: int) -> str:
        return self.first if number == 1 else self.later.format(number=number)

    @property
    def prev_url(self) -> str | None:
        return self.url(self.number - 1) if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.url(self.number + 1) if self.number < self.total_pages else None

    def window(self, radius: int = 3) -> list[int | None]:
        """Page numbers to show, with None for a gap: 1 … 4 5 [6] 7 8 … 20."""
        wanted = {1, self.total_pages, *range(self.number - radius, self.number + radius + 1)}
        numbers = sorted(n for n in wanted if 1 <= n <= self.total_pages)
        shown: list[int | None] = []
        for n in numbers:
            if shown and n - (shown[-1] or 0) > 1:
                shown.append(None)
            shown.append(n)
        return shown


# Slots: one per item and one per list page, all alive while the site renders.
@dataclass(slots=True)
class Page:
    path: str
    template: str
    kind: str
    title: str
    crumbs: list[Crumb] = field(default_factory=list)
    meta: Mapping[str, str] = field(default_factory=dict)   # government meta tags
    context: dict[str, Any] = field(default_factory=dict)
    # What the page's templates read from the `site` global (counts), for the build's
    # change detection; the context itself is already covered.
    deps: tuple[Any, ...] = ()
    # The editions this page is written in; a page made outside the catalogue (the offline
    # edition's verify page) may exist in the standard edition only.
    variants: tuple[str, ...] = VARIANTS

    @property
    def root(self) -> str:
        """Relative prefix from this page back to the site root ("" or "../../")."""
        return "../" * self.path.count("/")


class ItemMeta(Mapping[str, str]):
    """An item page's meta tags: its column's, shared by every item in the column, then its own.

    Made when asked for: a dict per item costs about 700 bytes, and every item page of the
    catalogue is alive while the site renders (100,000 in a province)."""
    __slots__ = ("column", "title", "date", "source", "keywords", "summary")

    def __init__(self, column: dict[str, str], title: str, date: str, source: str, keywords: list[str],
                 summary: str):
        self.column, self.title, self.date, self.source = column, title, date, source
        self.keywords, self.summary = keywords, summary

    def as_dict(self) -> dict[str, str]:
        tags = {**self.column, "ArticleTitle": self.title, "PubDate": self.date, "ContentSource": self.source}
        if self.keywords:
            tags["Keywords"] = "，".join(self.keywords)
        if self.summary:
            tags["Description"] = self.summary
        return tags

    def items(self) -> ItemsView[str, str]:
        return self.as_dict().items()

    def __getitem__(self, name: str) -> str:
        return self.as_dict()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.as_dict())

    def __len__(self) -> int:
        return len(self.as_dict())


def paginate(docs: list[Document], size: int, paths: tuple[str, str]) -> Iterator[Pager]:
    """List pages of `size` items; `paths` = (first page, later pages with {number})."""
    total = max(1, -(-len(docs) // size))
    for number in range(1, total + 1):
        yield Pager(number, total, len(docs), docs[(number - 1) * size: number * size], *paths)


def folder_pages(folder: str) -> tuple[str, str]:
    """A list with a folder of its own: folder/index.html, folder/page-2.html, …"""
    return f"{folder}/index.html", f"{folder}/page-{{number}}.html"


# Room left in a 64-character file name (see slugs.py) for the longest ending a list page takes.
_UNIT_LIST_STEM = MAX_COMPONENT - len(".page-12345.html")


def unit_column_pages(category: Category, unit: Unit) -> tuple[str, str]:
    """A column's list filtered to one unit: columns/zwgk/u-nazf.html, u-nazf.page-2.html, …

    Files beside the column's own pages rather than a folder each: a city catalogue has
    thousands of these lists, and every folder costs a disc image or USB stick space and
    copying time of its own. A slug has no dots, so "u-a.page-2" is never another unit's first page."""
    stem = f"{category.dir}/{limit('u-' + unit.slug, _UNIT_LIST_STEM)}"
    return f"{stem}.html", f"{stem}.page-{{number}}.html"


class PagePlanner:
    def __init__(self, site: Site, ui: dict[str, str]):
        # Imported here: the page model above is also loaded alone (pipeline/page_store.py).
        from ..stats import CatalogueStats
        self.site, self.ui = site, ui
        config = site.config
        self.base_meta = {"SiteName": config.title, "SiteDomain": config.domain, "SiteIDCode": config.site_id_code}
        self._unit_crumbs: dict[Unit, list[Crumb]] = {}
        self._column_crumbs: dict[tuple[Category, Unit | None], list[Crumb]] = {}
        self._sub_counts: dict[tuple[Category, Unit | None], tuple[int, ...]] = {}
        self._column_meta: dict[Category, dict[str, str]] = {}
        self.stats = CatalogueStats(site)

    def home_crumb(self) -> Crumb:
        return Crumb(self.ui["home"], "index.html")

    def list_meta(self, name: str, description: str = "", keywords: str = "", kind: str = "") -> dict[str, str]:
        return {**self.base_meta, "ColumnName": name, "ColumnDescription": description or name,
                "ColumnKeywords": keywords or name, "ColumnType": kind or name}

    def column_meta(self, category: Category) -> dict[str, str]:
        """The meta tags every item of a column shares (memoised: read-only, one per column)."""
        meta = self._column_meta.get(category)
        if meta is None:
            meta = self._column_meta[category] = self.list_meta(category.name, category.description, category.path)
        return meta

    def unit_crumbs(self, unit: Unit) -> list[Crumb]:
        crumbs = self._unit_crumbs.get(unit)
        if crumbs is None:
            crumbs = self._unit_crumbs[unit] = [Crumb(u.name, u.url) for u in (*unit.ancestors, unit)]
        return list(crumbs)

    def plan(self) -> Iterator[Page]:
        yield from self.home()
        for unit in self.site.units:
            yield from self.unit_pages(unit)
        for category in self.site.categories:
            yield from self.column_pages(category)
            for unit, _ in self.site.unit_counts(category):
                yield from self.column_unit_pages(category, unit)
        yield from self.archive_pages()
        for doc in self.site.documents:
            yield self.document_page(doc)
        yield from self.utility_pages()

    def home(self) -> Iterator[Page]:
        from ..feeds import feed_path
        site = self.site
        # The home page shows every count in its unit and column trees.
        counts = tuple((c.path, u.name if u else "", n) for (c, u), n in site.counts.items())
        unit_sizes = tuple((u.name, len(docs)) for u, docs in site.by_unit.items())
        yield Page("index.html", "home.html", "home", site.config.title, crumbs=[Crumb(self.ui["home"])],
                   meta=dict(self.base_meta),
                   context={"latest": site.documents[: site.config.latest_count], "feed_url": feed_path()},
                   deps=(counts, unit_sizes))

    def unit_pages(self, unit: Unit) -> Iterator[Page]:
        from ..annual_report import report_items
        from ..feeds import feed_path
        docs = self.site.by_unit.get(unit, [])
        counts = self.site.category_counts_for_unit(unit)
        for pager in paginate(docs, self.site.config.page_size, folder_pages(f"units/{unit.slug}")):
            crumbs = [self.home_crumb(), *self.unit_crumbs(unit)]
            crumbs[-1] = Crumb(unit.name)
            # The first page shows the sub-unit tree with each unit's count.
            deps = self.descendant_sizes(unit) if pager.number == 1 else ()
            yield Page(pager.url(pager.number), "unit.html", "unit", unit.name, crumbs=crumbs,
                       meta=self.list_meta(unit.name, unit.description, kind=self.ui["unit_catalogue"]),
                       context={"unit": unit, "pager": pager, "column_counts": counts,
                                # Shown on the first page only.
                                "stats": self.stats.table(unit) if pager.number == 1 else None,
                                "reports": report_items(self.site, unit) if pager.number == 1 else [],
                                "feed_url": feed_path(unit=unit)}, deps=deps)

    def descendant_sizes(self, unit: Unit) -> tuple[tuple[str, int], ...]:
        sizes, stack = [], list(unit.children)
        while stack:
            child = stack.pop()
            sizes.append((child.name, len(self.site.by_unit.get(child, []))))
            stack.extend(child.children)
        return tuple(sizes)

    def column_crumbs(self, category: Category, unit: Unit | None = None) -> list[Crumb]:
        """Home > [unit's ancestors > unit >] column lineage; memoised, as every item page asks."""
        key = (category, unit)
        crumbs = self._column_crumbs.get(key)
        if crumbs is None:
            crumbs = self._column_crumbs[key] = self._make_column_crumbs(category, unit)
        return list(crumbs)

    def _make_column_crumbs(self, category: Category, unit: Unit | None) -> list[Crumb]:
        crumbs = [self.home_crumb()]
        if unit is not None:
            crumbs += self.unit_crumbs(unit)
        for column in category.lineage:
            has_unit_page = unit is not None and self.site.subtree_count(column, unit) > 0
            url = unit_column_pages(column, unit)[0] if has_unit_page else column.url  # type: ignore[arg-type]
            crumbs.append(Crumb(column.name, url))
        return crumbs

    def column_pages(self, category: Category) -> Iterator[Page]:
        from ..feeds import feed_path
        docs = self.site.in_subtree.get(category, [])
        unit_counts = self.site.unit_counts(category)
        for pager in paginate(docs, self.site.config.page_size, folder_pages(category.dir)):
            crumbs = self.column_crumbs(category)
            crumbs[-1] = Crumb(category.name)
            yield Page(pager.url(pager.number), "column.html", "column", category.name, crumbs=crumbs,
                       meta=self.list_meta(category.name, category.description, category.path),
                       context={"category": category, "pager": pager, "filter_unit": None,
                                "unit_counts": unit_counts, "feed_url": feed_path(category=category)},
                       deps=self.sub_column_counts(category, None))

    def column_unit_pages(self, category: Category, unit: Unit) -> Iterator[Page]:
        docs = self.site.docs_of_unit_in(category, unit)
        for pager in paginate(docs, self.site.config.page_size, unit_column_pages(category, unit)):
            crumbs = self.column_crumbs(category, unit)
            crumbs[-1] = Crumb(category.name)
            yield Page(pager.url(pager.number), "column.html", "column", f"{category.name} - {unit.name}",
                       crumbs=crumbs, meta=self.list_meta(category.name, category.description, category.path),
                       context={"category": category, "pager": pager, "filter_unit": unit},
                       deps=self.sub_column_counts(category, unit))

    def sub_column_counts(self, category: Category, unit: Unit | None) -> tuple[int, ...]:
        key = (category, unit)
        counts = self._sub_counts.get(key)
        if counts is None:
            counts = self._sub_counts[key] = tuple(self.site.subtree_count(c, unit) for c in category.children)
        return counts

    def archive_pages(self) -> Iterator[Page]:
        site = self.site
        months = {year: _month_counts(docs) for year, docs in site.by_year.items()}
        yield Page("archive/index.html", "archive_index.html", "archive", self.ui["archive"],
                   crumbs=[self.home_crumb(), Crumb(self.ui["archive"])],
                   meta=self.list_meta(self.ui["archive"]), context={"months": months, "stats": self.stats.table()})
        for year in site.years:
            for pager in paginate(site.by_year[year], ARCHIVE_PAGE_SIZE, folder_pages(f"archive/{year}")):
                title = self.ui["year_archive"].format(year=year)
                yield Page(pager.url(pager.number), "archive_year.html", "archive_year", title,
                           crumbs=[self.home_crumb(), Crumb(self.ui["archive"], "archive/index.html"), Crumb(title)],
                           meta=self.list_meta(title), context={"year": year, "pager": pager,
                                                                "months": months[year]})

    def document_page(self, doc: Document) -> Page:
        assert doc.unit is not None and doc.category is not None
        crumbs = self.column_crumbs(doc.category, doc.unit) + [Crumb(doc.title)]
        meta = ItemMeta(self.column_meta(doc.category), doc.title, doc.date, doc.unit.name, doc.keywords,
                        doc.summary)
        annual_report = self.site.annual_reports.get(doc)    # a 2021-format report: tables from its data file
        if annual_report is not None:
            return Page(doc.url, "annual_report.html", "document", doc.title, crumbs=crumbs, meta=meta,
                        context={"doc": doc, "report": annual_report})
        return Page(doc.url, "document.html", "document", doc.title, crumbs=crumbs, meta=meta,
                    context={"doc": doc})

    def utility_pages(self) -> Iterator[Page]:
        yield Page("search/index.html", "search.html", "search", self.ui["search"],
                   crumbs=[self.home_crumb(), Crumb(self.ui["search"])], meta=dict(self.base_meta))
        yield Page("404.html", "404.html", "not_found", self.ui["not_found_title"],
                   crumbs=[self.home_crumb(), Crumb(self.ui["not_found_title"])], meta=dict(self.base_meta))


def _month_counts(docs: list[Document]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for doc in docs:
        counts[doc.month] = counts.get(doc.month, 0) + 1
    return sorted(counts.items(), reverse=True)
