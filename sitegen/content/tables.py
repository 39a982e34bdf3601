"""Data tables in a body, made readable by screen readers and on narrow screens.

Markdown has no syntax for a table caption, so authors write the table's title on its
own line just above it, usually in bold (**表1 主要指标**). That line becomes the
table's <caption>; a heading just above the table names it instead. Column headers get
scope="col", and every table sits in a keyboard-scrollable box so a wide table never
forces the whole page to scroll sideways.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

_TABLE = re.compile(r"<table\b[^>]*>.*?</table\s*>", re.S | re.I)
_TABLE_OPEN = re.compile(r"<table\b[^>]*>", re.I)
_CAPTION_OPEN = re.compile(r"<caption\b([^>]*)>", re.I)
_THEAD = re.compile(r"<thead\b[^>]*>.*?</thead\s*>", re.S | re.I)
_TH_WITHOUT_SCOPE = re.compile(r"<th\b(?![^>]*\bscope=)([^>]*)>", re.I)
_HEADING_END = re.compile(r"</h([1-6])>$", re.I)
_BOLD_ONLY = re.compile(r"^\s*<(strong|b)>(?P<inner>(?:(?!</?(?:strong|b)>).)*)</\1>\s*$", re.S | re.I)
_TABLE_TITLE = re.compile(r"^(?:附)?表\s*[0-9０-９一二三四五六七八九十]+|(?:表|一览|清单|情况|统计)\s*[)）]?$")
_TAGS = re.compile(r"<[^>]+>")
_ID = re.compile(r"""\bid\s*=\s*["']([^"']+)["']""", re.I)

CAPTION_MAX_CHARS = 60


@dataclass
class TableReport:
    """Tables a reader cannot fully understand, for warnings (1-based order in the body)."""

    without_caption: list[int] = field(default_factory=list)
    without_headers: list[int] = field(default_factory=list)


def _text(fragment: str) -> str:
    return " ".join(html.unescape(_TAGS.sub("", fragment)).split())


def _caption_from(paragraph_inner: str) -> str | None:
    """A short paragraph that is a table's title: all bold, or worded like '表1 …' / '…情况表'."""
    text = _text(paragraph_inner)
    if not text or len(text) > CAPTION_MAX_CHARS:
        return None
    bold = _BOLD_ONLY.match(paragraph_inner)
    if bold or _TABLE_TITLE.search(text):
        return (bold.group("inner") if bold else paragraph_inner).strip()
    return None


def _last_block(before: str) -> tuple[int, str, str] | None:
    """The paragraph or heading that ends just before a table: (start, kind, element)."""
    tail = before.rstrip()
    if tail.endswith("</p>"):
        start = tail.rfind("<p>")
        if start >= 0 and "<p" not in tail[start + 3:]:
            return start, "p", tail[start:]
    heading = _HEADING_END.search(tail)
    if heading:
        start = tail.rfind(f"<h{heading.group(1)}")
        if start >= 0:
            return start, "h", tail[start:]
    return None


def _with_attribute(opening_tag: str, name: str, value: str) -> str:
    return f'{opening_tag[:-1]} {name}="{value}">'


def accessible_tables(fragment: str, id_prefix: str = "sg-table") -> tuple[str, TableReport]:
    report = TableReport()
    out: list[str] = []
    position = 0
    for number, match in enumerate(_TABLE.finditer(fragment), start=1):
        before, table = fragment[position: match.start()], match.group(0)
        position = match.end()
        if _TABLE_OPEN.search(table, 1):      # a table inside a table: leave the whole thing alone
            out.append(before + table)
            continue
        label_id = None
        block = None if _CAPTION_OPEN.search(table) else _last_block(before)
        if block and block[1] == "p" and (caption := _caption_from(block[2][3:-4])) is not None:
            before = before[: block[0]]
            opening = _TABLE_OPEN.match(table)
            assert opening is not None
            table = f"{opening.group(0)}\n<caption>{caption}</caption>{table[opening.end():]}"
        elif block and block[1] == "h":
            start, _, element = block
            opening_end = element.index(">") + 1
            existing = _ID.search(element[:opening_end])
            label_id = existing.group(1) if existing else f"{id_prefix}-{number}-title"
            if not existing:
                before = (before[:start] + _with_attribute(element[:opening_end], "id", label_id)
                          + before[start + opening_end:])
            table = _TABLE_OPEN.sub(lambda m: _with_attribute(m.group(0), "aria-labelledby", label_id), table, 1)
        caption_tag = _CAPTION_OPEN.search(table)
        if caption_tag:
            existing = _ID.search(caption_tag.group(1))
            label_id = existing.group(1) if existing else f"{id_prefix}-{number}-caption"
            if not existing:
                table = (table[: caption_tag.start()] + _with_attribute(caption_tag.group(0), "id", label_id)
                         + table[caption_tag.end():])
        elif label_id is None:
            report.without_caption.append(number)
        if "<th" not in table.lower():
            report.without_headers.append(number)
        table = _THEAD.sub(lambda head: _TH_WITHOUT_SCOPE.sub(r'<th scope="col"\1>', head.group(0)), table)
        labelled = f' role="region" aria-labelledby="{label_id}"' if label_id else ""
        out.append(f'{before}<div class="table-scroll"{labelled} tabindex="0">\n{table}\n</div>')
    out.append(fragment[position:])
    return "".join(out), report
