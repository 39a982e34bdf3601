"""What a page's output depends on, as one digest.

A page is re-rendered when its fingerprint differs from the last build's. The
fingerprint covers everything the templates can see: the global inputs (tool
version, config, theme, UI strings) and the page's own data, where a document
stands for its content key (its file's bytes and attachments), and the page's
own document also for the documents it links to (related, previous, next),
which like the documents in lists stand for their listing key (no body).
Templates should take their data from the page context; what a template reads
from the `site` global beyond the config's structure must be named in
`page.deps` by the planner (the counts shown on list pages).
"""
from __future__ import annotations

import dataclasses
import hashlib
from decimal import Decimal
from typing import Any

from ..structure.categories import Category
from ..structure.document import Document
from ..structure.pages import Crumb, Page, Pager
from ..structure.units import Unit


def page_fingerprint(page: Page, global_key: str, memo: dict[int, str] | None = None) -> str:
    """memo: digests of large shared lists (a column's unit counts) by object id, for one build."""
    parts: list[str] = [global_key, page.path, page.template, page.kind, page.title]
    for crumb in page.crumbs:
        parts += ["crumb", crumb.label, crumb.url or ""]
    for name, value in page.meta.items():
        parts += ["meta", name, value]
    for name, value in page.context.items():
        parts.append(f"ctx:{name}")
        _walk(value, parts, top=True, memo=memo)
    parts.append("deps")
    _walk(page.deps, parts, top=False, memo=memo)
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _walk(value: Any, out: list[str], top: bool, memo: dict[int, str] | None = None) -> None:
    if memo is not None and isinstance(value, (list, tuple, dict)) and len(value) > 8:
        key = memo.get(id(value))
        if key is None:
            sub: list[str] = []
            _walk(value, sub, top, None)
            key = memo[id(value)] = hashlib.blake2b("\x1f".join(sub).encode("utf-8", "surrogatepass"),
                                                    digest_size=16).hexdigest()
        out.append(key)
    elif value is None or isinstance(value, (str, int, float, bool, Decimal)):
        out.append(repr(value))
    elif isinstance(value, Document):
        if top:   # the page's own document, with the related items and neighbours it links to
            out.append(value.content_key or f"?{id(value)}")
            out += [d.listing_key for d in value.related]
            out += [value.newer.listing_key if value.newer else "-", value.older.listing_key if value.older else "-"]
        else:     # a document in a list shows its metadata, never its body
            out.append(value.listing_key or f"?{id(value)}")
    elif isinstance(value, Pager):
        out.append(f"pager:{value.number}/{value.total_pages}/{value.total_items}/{value.first}")
        out += [d.listing_key for d in value.items]
    elif isinstance(value, Unit):
        out.append("unit:" + value.name)          # units and columns come from the config,
    elif isinstance(value, Category):             # which is part of the global key
        out.append("column:" + value.path)
    elif isinstance(value, Crumb):
        out += [value.label, value.url or ""]
    elif isinstance(value, dict):
        out.append(f"dict:{len(value)}")
        for key, item in value.items():
            _walk(key, out, False)
            _walk(item, out, False)
    elif isinstance(value, (list, tuple)):
        out.append(f"seq:{len(value)}")
        for item in value:
            _walk(item, out, False)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        out.append(type(value).__name__)     # statistics tables, annual reports: plain data
        for item in dataclasses.fields(value):
            _walk(getattr(value, item.name), out, False, memo)
    else:
        # Unknown data: never reuse (an object's repr may hold its address). Correct, just slower.
        out.append(f"{type(value).__name__}:{id(value)}")
