"""Table 二, row (一): 规章 and 行政规范性文件 made, abolished and in force, counted from the catalogue.

- 本年制发: items of the kind whose 成文日期 (or, when missing, 发布日期) falls in the year;
- 本年废止: items 失效 or 废止 whose abolished_date falls in the year;
- 现行有效: items made by 12-31 of the year and not 失效/废止 by then.

Only published items count (the site model holds no drafts or withheld items).
With consistent dates, 现行有效(Y) = 现行有效(Y−1) + 制发(Y) − 废止(Y) holds by
construction; when it does not, an item's dates contradict each other, and
`offenders` names it.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..structure.document import Document

ENDED = ("失效", "废止")


def made_on(doc: Document) -> str:
    return doc.written_date or doc.date


def has_ended(doc: Document) -> bool:
    return doc.validity in ENDED


def in_force_at(doc: Document, day: str) -> bool:
    """Made by `day` and not yet 失效/废止 at the end of it (an undated end counts as ended)."""
    if made_on(doc) > day:
        return False
    if has_ended(doc):
        return bool(doc.abolished_date) and doc.abolished_date > day
    return True


@dataclass(frozen=True)
class RegulationCounts:
    kind: str
    year: int
    made: tuple[Document, ...]
    abolished: tuple[Document, ...]
    in_force: tuple[Document, ...]

    @property
    def figures(self) -> tuple[int, int, int]:
        """(本年制发件数, 本年废止件数, 现行有效件数)"""
        return len(self.made), len(self.abolished), len(self.in_force)


def count_regulations(docs: list[Document], kind: str, year: int) -> RegulationCounts:
    mine = sorted((d for d in docs if d.doc_kind == kind), key=lambda d: (made_on(d), d.index_no))
    prefix, year_end = f"{year}-", f"{year}-12-31"
    return RegulationCounts(
        kind=kind, year=year,
        made=tuple(d for d in mine if made_on(d).startswith(prefix)),
        abolished=tuple(d for d in mine if has_ended(d) and d.abolished_date.startswith(prefix)),
        in_force=tuple(d for d in mine if in_force_at(d, year_end)),
    )


def offenders(previous: RegulationCounts, current: RegulationCounts) -> list[Document]:
    """Items that break 现行有效(Y−1) + 制发(Y) = 现行有效(Y) + 废止(Y), item by item.

    Both sides are disjoint unions when dates agree, so any item on one side
    only has dates that contradict each other (ended without a date, or
    abolished before it was made).
    """
    before = {id(d): d for d in (*previous.in_force, *current.made)}
    after = {id(d): d for d in (*current.in_force, *current.abolished)}
    odd = [d for key, d in before.items() if key not in after] + [d for key, d in after.items() if key not in before]
    return sorted(odd, key=lambda d: d.source)
