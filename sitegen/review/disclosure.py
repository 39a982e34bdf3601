"""The disclosure gate, checked from the public side.

The site model already keeps 依申请公开, 不予公开 and draft items out of every
page, list, count and feed, and a `related` link to one is an error
(structure/site.py). What the model cannot see is a public item that names one
in its own text: its 索引号, its page address or its title would then reach the
output anyway. That is a blocking finding (waivable, like any other).
"""
from __future__ import annotations

import re
from typing import Callable, Iterable, Sequence

from ..content.fields import field_name
from ..slugs import index_no_slug
from ..structure.document import Document
from . import kinds
from .masking import excerpt, value_tag
from .scan import Finding

MIN_TITLE_LENGTH = 8      # shorter titles (通知, 公告) would match ordinary words


def _why_withheld(doc: Document) -> str:
    return "草稿" if doc.draft and doc.disclosure == "主动公开" else doc.disclosure


def _texts(doc: Document, body_of: Callable[[Document], str]) -> Iterable[tuple[str, str, int | None]]:
    """(location, text, line) of everything of a public item that reaches its page."""
    for key in ("title", "summary", "doc_no", "topic", "genre"):
        value = getattr(doc, key)
        if value:
            yield f"元数据 {field_name(key)}", value, doc.line(key)
    if doc.keywords:
        yield f"元数据 {field_name('keywords')}", " ".join(doc.keywords), doc.line("keywords")
    for key, value in doc.extra.items():
        yield f"元数据 {key}", str(value), doc.line(key)
    for attachment in doc.attachments:
        yield f"元数据 {field_name('attachments')}", attachment.name, doc.line("attachments")
    yield "正文", body_of(doc), None


def withheld_references(public: Sequence[Document], withheld: Sequence[Document],
                        body_of: Callable[[Document], str] = lambda doc: doc.body_html) -> dict[str, list[Finding]]:
    """Findings per public item that names or links a withheld one.

    body_of gives an item's rendered body (the build pipeline keeps bodies on disk);
    it is only called when there are withheld items at all.
    """
    needles: list[tuple[re.Pattern[str], Document, str]] = []
    for doc in withheld:
        forms = {re.escape(doc.index_no), re.escape(index_no_slug(doc.index_no))}
        needles.append((re.compile("|".join(sorted(forms)), re.I), doc, "索引号"))
        if len(doc.title) >= MIN_TITLE_LENGTH:
            needles.append((re.compile(re.escape(doc.title)), doc, "名称"))
    found: dict[str, list[Finding]] = {}
    by_source = {doc.source: doc for doc in withheld}
    for doc in public:
        for target_file, line in doc.review_links:
            target = by_source.get(target_file)
            if target is not None:
                found.setdefault(doc.source, []).append(Finding(
                    kinds.WITHHELD_REFERENCE.code, doc.source, line, None, "正文", "",
                    "删除该链接：不公开的信息不能出现在公开页面上，也不能被链接",
                    target.index_no, value_tag(target.index_no),
                    f"链接到不公开的信息（{_why_withheld(target)}）：{target.source}，索引号 {target.index_no}"))
    if not needles:
        return found
    for doc in public:
        for location, text, line in _texts(doc, body_of):
            for pattern, target, what in needles:
                m = pattern.search(text)
                if not m:
                    continue
                found.setdefault(doc.source, []).append(Finding(
                    kinds.WITHHELD_REFERENCE.code, doc.source, line, None, location,
                    excerpt(text, m.start(), m.end() - m.start()),
                    "删除该引用或链接：不公开的信息不能出现在公开页面上，也不能被链接",
                    target.index_no, value_tag(target.index_no),
                    f"引用了不公开的信息（{_why_withheld(target)}）的{what}：索引号 {target.index_no}（{target.source}）"))
    return found
