"""How many 主动公开 items were published, per unit, column and year, with running totals.

Counted from the site model, which holds published items only (no 依申请公开,
不予公开 or drafts). A column counts the items of its whole subtree, as the
column tree on the home page does; a unit counts its own items, as its
catalogue page lists them. Years run without gaps from the first to the last,
so a running total can be read down the table.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .structure.categories import Category
from .structure.site import Site
from .structure.units import Unit


@dataclass(frozen=True)
class YearRow:
    year: str
    by_column: list[int]        # one count per column of the table, in the table's order
    published: int              # items published that year (all columns)
    cumulative: int             # items published up to the end of that year


@dataclass(frozen=True)
class StatsTable:
    """What a unit page or the archive page shows: one row per year, newest first."""
    unit: Unit | None
    columns: list[Category]
    rows: list[YearRow]
    column_totals: list[int]
    total: int

    @property
    def is_empty(self) -> bool:
        return self.total == 0


class CatalogueStats:
    def __init__(self, site: Site):
        self.site = site
        # (unit or None for all units, column or None for all columns, year) -> items
        self._counts: Counter[tuple[Unit | None, Category | None, str]] = Counter()
        self._years: dict[Unit | None, set[str]] = {}
        for doc in site.documents:
            if doc.unit is None or doc.category is None:
                continue
            columns: list[Category | None] = [None, *doc.category.lineage]
            for unit in (None, doc.unit):
                self._years.setdefault(unit, set()).add(doc.year)
                for column in columns:
                    self._counts[(unit, column, doc.year)] += 1

    def published(self, year: str, unit: Unit | None = None, column: Category | None = None) -> int:
        return self._counts.get((unit, column, year), 0)

    def running_total(self, year: str, unit: Unit | None = None, column: Category | None = None) -> int:
        """Items published from the first year up to and including `year`."""
        return sum(n for (u, c, y), n in self._counts.items() if u is unit and c is column and y <= year)

    def years(self, unit: Unit | None = None) -> list[str]:
        """Every year from the first item to the last, oldest first, gaps included."""
        present = sorted(self._years.get(unit, ()))
        if not present:
            return []
        return [str(y) for y in range(int(present[0]), int(present[-1]) + 1)]

    def table(self, unit: Unit | None = None) -> StatsTable:
        """Top-level columns across, years down; only columns that hold items of the unit."""
        years = self.years(unit)
        columns = [c for c in self.site.categories.roots if any(self._counts.get((unit, c, y)) for y in years)]
        rows: list[YearRow] = []
        cumulative = 0
        for year in years:
            published = self.published(year, unit)
            cumulative += published
            rows.append(YearRow(year, [self.published(year, unit, c) for c in columns], published, cumulative))
        totals = [sum(row.by_column[i] for row in rows) for i in range(len(columns))]
        return StatsTable(unit, columns, rows[::-1], totals, cumulative)
