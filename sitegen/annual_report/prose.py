"""The report's own words: the item's Markdown body, cut at its six second-level headings.

Staff write the prose as the body of the report item, one `## ` heading per
section of the national format, in order; text before the first heading is
the preamble (统计期限, contact). The page prints the format's exact section
titles, so a heading written as “一、 总体情况” or “总体情况” still yields the
official label.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

from . import schema as s
from .data_file import canonical

_H2 = re.compile(r"<h2\b[^>]*>(.*?)</h2>", re.S | re.I)
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Section:
    title: str                 # the official title, e.g. 二、主动公开政府信息情况
    html: str                  # the staff's prose under it (may be empty)
    table: str | None          # table2 / table3 / table4, printed after the prose


@dataclass
class SplitBody:
    preamble: str
    sections: list[Section]
    missing: list[str]         # official titles with no heading
    unknown: list[str]         # headings that are not one of the six, as written
    out_of_order: bool


def heading_text(fragment: str) -> str:
    return " ".join(html.unescape(_TAGS.sub("", fragment)).split())


def split_sections(body_html: str) -> SplitBody:
    parts = _H2.split(body_html)
    preamble, rest = parts[0], parts[1:]
    wanted = {canonical(title): i for i, title in enumerate(s.SECTIONS)}
    prose: dict[int, str] = {}
    order: list[int] = []
    unknown: list[str] = []
    for heading, content in zip(rest[0::2], rest[1::2]):
        text = heading_text(heading)
        index = wanted.get(canonical(text))
        if index is None or index in prose:
            unknown.append(text)
            continue
        prose[index] = content.strip()
        order.append(index)
    sections = [Section(title, prose.get(i, ""), s.TABLE_OF_SECTION.get(i)) for i, title in enumerate(s.SECTIONS)]
    missing = [title for i, title in enumerate(s.SECTIONS) if i not in prose]
    return SplitBody(preamble.strip(), sections, missing, unknown, order != sorted(order))
