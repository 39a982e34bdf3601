"""Each item page as planned, kept between builds to render it again without the catalogue.

An edit that changes only an item's body (pipeline/quick_edit.py) needs that one
page: its breadcrumb, meta tags, related items and neighbours as the last build
planned them. Planning them again would mean loading and linking every item.
So every item page the build renders is also pickled here, its item cut loose
from the catalogue: the related items and neighbours it links to become
copies without links of their own, and units, columns and the config become
references resolved against the config's trees when loaded.

SQLite holds them (one row per item, updated a few rows at a time). It is a
cache: any error reading it only means the next build takes the long way.
"""
from __future__ import annotations

import io
import operator
import pickle
import sqlite3
from pathlib import Path
from typing import Any, Iterable

from ..config import SiteConfig
from ..structure.categories import Category, CategoryTree
from ..structure.document import Attachment, Document
from ..structure.pages import Crumb, Page
from ..structure.units import Unit, UnitTree
from .cache_db import open_cache_db
from .schema import layout

STORE_FORMAT = f"pages-4/{layout(Page, Crumb, Document, Attachment)}"


class NotInStructure(LookupError):
    """A stored page names a unit or column the config no longer has."""


def can_snapshot(page: Page) -> bool:
    """Plain item pages (not annual reports, whose tables come from a data file)."""
    return page.kind == "document" and page.template == "document.html" and set(page.context) == {"doc"}


def snapshot(page: Page, keep_derived: Iterable[str] = ()) -> bytes:
    """keep_derived: what the item's extractors found that may spare work when it is read again."""
    doc: Document = page.context["doc"]
    buffer = io.BytesIO()
    derived = {name: doc.derived[name] for name in keep_derived if name in doc.derived}
    _Pickler(buffer, doc, derived).dump(page)
    return buffer.getvalue()


def restore(data: bytes, config: SiteConfig, units: UnitTree, categories: CategoryTree) -> Page:
    """Raises NotInStructure (or a pickle error) when the page cannot be restored."""
    global _resolving
    _resolving = (config, units, categories)
    try:
        page = pickle.loads(data)
    finally:
        _resolving = None
    if not isinstance(page, Page):
        raise NotInStructure("not a page")
    return page


# What a page shows of an item, and what its own item keeps besides: the related items and
# neighbours, themselves cut loose. Neither keeps the body (the quick path reads it again).
_LOOSE_FIELDS = tuple(name for name in Document.__slots__
                      if name not in {"body_html", "text", "derived", "related", "newer", "older"})
_OWN_FIELDS = tuple(name for name in Document.__slots__ if name not in {"body_html", "text", "derived"})
_loose_values = operator.attrgetter(*_LOOSE_FIELDS)
_own_values = operator.attrgetter(*_OWN_FIELDS)


def cut_loose(doc: Document) -> Document:
    """A copy that links nowhere and carries no body: what a page shows of an item."""
    return _loose_document(_loose_values(doc))


def _document(names: tuple[str, ...], values: tuple[Any, ...]) -> Document:
    doc = Document.__new__(Document)
    doc.body_html = doc.text = ""
    doc.derived, doc.related, doc.newer, doc.older = {}, [], None, None
    for name, value in zip(names, values):
        setattr(doc, name, value)
    return doc


def _loose_document(values: tuple[Any, ...]) -> Document:
    return _document(_LOOSE_FIELDS, values)


def _own_document(values: tuple[Any, ...], derived: dict[str, Any]) -> Document:
    doc = _document(_OWN_FIELDS, values)
    doc.derived = derived
    return doc


class _Pickler(pickle.Pickler):
    """Pickles an item page with its item cut loose from the catalogue, without copying it first:
    each document becomes the tuple of its fields (one call in C), units, columns and the config
    become references."""

    def __init__(self, file: io.BytesIO, own: Document, derived: dict[str, Any]):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.own, self.derived = own, derived

    # reducer_override, unlike persistent_id, is not called for strings, numbers, lists and
    # dicts: a page holds hundreds of those, and the render workers snapshot every item page.
    def reducer_override(self, obj: Any) -> Any:
        kind = type(obj)
        if kind is Document:
            if obj is self.own:
                return _own_document, (_own_values(obj), self.derived)
            return _loose_document, (_loose_values(obj),)
        if kind is Unit:
            return _structure, ("unit", obj.name)
        if kind is Category:
            return _structure, ("column", obj.path)
        if kind is SiteConfig:
            return _structure, ("config", "")
        return NotImplemented


# What references resolve to while restore() runs (builds run one at a time, even in `serve`).
_resolving: tuple[SiteConfig, UnitTree, CategoryTree] | None = None


def _structure(kind: str, name: str) -> Any:
    if _resolving is None:
        raise NotInStructure("restore() resolves references")
    config, units, categories = _resolving
    found = {"unit": units.get, "column": categories.get, "config": lambda _: config}[kind](name)
    if found is None:
        raise NotInStructure(f"{kind} {name}")
    return found


class PageStore:
    """source (as messages name the file) -> its item page, pickled."""

    def __init__(self, path: Path):
        self.path = path
        self._db: sqlite3.Connection | None = None
        self._broken = False

    def _open(self) -> sqlite3.Connection:
        if self._db is None:
            self._db = open_cache_db(
                self.path, "CREATE TABLE IF NOT EXISTS pages (source TEXT PRIMARY KEY, format TEXT, page BLOB)")
        return self._db

    def get(self, source: str) -> bytes | None:
        if self._broken:
            return None
        try:
            row = self._open().execute("SELECT format, page FROM pages WHERE source = ?", (source,)).fetchone()
        except sqlite3.Error:
            return None
        return row[1] if row is not None and row[0] == STORE_FORMAT else None

    def sources(self) -> set[str]:
        try:
            return {row[0] for row in self._open().execute("SELECT source FROM pages WHERE format = ?",
                                                            (STORE_FORMAT,))}
        except sqlite3.Error:
            self._broken = True
            return set()

    def put(self, pages: Iterable[tuple[str, bytes]]) -> None:
        """Store pages, as of commit(). Never raises: it is a cache, and a failure only drops it."""
        if self._broken:
            return
        try:
            self._open().executemany("INSERT OR REPLACE INTO pages VALUES (?, ?, ?)",
                                     ((source, STORE_FORMAT, data) for source, data in pages))
        except sqlite3.Error:
            self._broken = True

    def commit(self, keep: set[str] | None = None) -> None:
        """Make the pages put so far permanent; with keep, also forget every item not in it."""
        if self._broken:
            self.close()
            self.path.unlink(missing_ok=True)
            return
        try:
            db = self._open()
            if keep is not None:
                stale = self.sources() - keep
                db.executemany("DELETE FROM pages WHERE source = ?", ((source,) for source in stale))
            db.commit()
        except sqlite3.Error:
            self.close()
            self.path.unlink(missing_ok=True)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
