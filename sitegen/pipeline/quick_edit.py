"""The everyday edit: a few items' bodies changed, nothing else. Rebuilt without the catalogue.

When the files that changed keep every metadata field (same model key: title,
dates, 索引号, unit, column, related items, waivers, even the line each field is
on), no list, link, count, feed or site-level check can differ. What can differ
is the item's own page (both editions), its search terms and snippet, and what
the review says of its text. So instead of loading, linking and planning every
item, this path reads the changed files, takes each item's page as the last
build planned it (pipeline/page_store.py), renders it again, patches the search
index from its record and splices the item's diagnostics into the last report.

It declines (returns None, and the full build runs) at the first thing it
cannot vouch for: a file added or removed, an attachment changed, a metadata
change, a new error or a different number of warnings, an annual report, a
stored page that does not match the output's record. Its output is the full
build's, byte for byte (tests/test_incremental.py), and a build killed half way
leaves no record behind, so the next build takes the long way.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from ..config import SiteConfig
from ..diagnostics import Diagnostic, Report, Severity
from ..render.templates import PageRenderer
from ..review.disclosure import withheld_references
from ..review.diagnose import review_item
from ..structure.categories import CategoryTree, build_category_tree
from ..structure.document import Attachment, Document
from ..structure.pages import Page
from ..structure.units import UnitTree, build_unit_tree
from ..structure.variants import VARIANTS, output_path
from .body_store import BodyStore
from .documents import EXTRACTOR_PRIMERS, SourceEntry, append_to_journal, read_source
from .fingerprints import page_fingerprint
from .heap import read_pickle, save_pickle
from .page_store import PageStore, restore, snapshot
from .schema import layout
from .search_outputs import patch_edited_items, save_search_state
from .site_writer import SiteWriter
from .stamps import MISSING, Stamp, digest_text, stamp

RECORD_FORMAT = f"quick-edit-4/{layout(Document, Attachment)}"
MAX_FILES = 20          # more changed files than this: the full build is about as quick


class SourceRecord(NamedTuple):     # a tuple: ten thousand of them are read and written by every edit
    """One content file as the last build used it."""
    stamp: Stamp
    deps: list[tuple[str, Stamp]]
    source: str                          # as messages name it
    model_key: str
    content_key: str
    page: str | None                     # its item page, when that may be rendered alone
    entry_span: tuple[int, int]          # its own diagnostics in the report (start, end)
    item_span: tuple[int, int] | None    # what the review said of it as a public item


@dataclass
class QuickRecord:
    format: str
    key: str
    sources: dict[str, SourceRecord]     # by content file path
    diagnostics: list[Diagnostic]        # the last build's report
    withheld: list[Document]             # without links: an edited body must not name them
    cache_stamps: tuple[Stamp, Stamp]    # the documents index and journal, to append to
    counts: tuple[int, int, int, int]    # documents, withheld, pages, files

    # Plain tuples on disk: pickle handles those without a Python call per file.
    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, "sources": {key: tuple(value) for key, value in self.sources.items()}}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state, sources={key: SourceRecord._make(value)
                                             for key, value in state["sources"].items()})  # type: ignore[attr-defined]


@dataclass
class QuickResult:
    diagnostics: list[Diagnostic]
    written: int


@dataclass
class Declined:
    reason: str         # for SITEGEN_TIMING: why the full build ran


class StructureOnly:
    """The `site` global for an item page: the config's trees, and nothing of the catalogue.

    Item page templates take the catalogue's data from the page itself; anything else they
    asked for would be the full build's business, so it stops this path instead of guessing.
    """

    def __init__(self, config: SiteConfig, units: UnitTree, categories: CategoryTree):
        self.config, self.units, self.categories = config, units, categories

    def __getattr__(self, name: str) -> object:
        raise _Decline(f"site.{name} on an item page")


class _Decline(Exception):
    """This change is not one for the quick path."""


def record_key(global_key: str, today: str, prefix: str) -> str:
    # The date: site-level checks (a column not updated for N days) depend on it.
    return digest_text(RECORD_FORMAT, global_key, today, prefix)


def load_record(path: Path) -> QuickRecord | None:
    record = read_pickle(path)
    return record if isinstance(record, QuickRecord) and record.format == RECORD_FORMAT else None


def save_record(path: Path, record: QuickRecord) -> None:
    save_pickle(path, record)


def changed_files(record: QuickRecord, files: list[str], stamps: list[Stamp]) -> list[str] | None:
    """Content files (as named by content.paths.content_file_names) edited since the record,
    when that is all that changed; else None."""
    if len(files) != len(record.sources):
        return None
    changed = []
    for name, current in zip(files, stamps):
        known = record.sources.get(name)
        if known is None:
            return None
        if current != known.stamp:
            changed.append(name)
        elif known.deps and any(stamp(dep) != old for dep, old in known.deps):
            return None
    return changed


@dataclass
class _Edit:
    name: str
    known: SourceRecord
    entry: SourceEntry
    doc: Document
    item: list[Diagnostic]


def quick_edit(record: QuickRecord, changed: list[str], *, content_dir: Path, prefix: str, config: SiteConfig,
               config_name: str, global_key: str, writer: SiteWriter, store: BodyStore, pages: PageStore,
               search_record: Path, documents_index: Path, record_file: Path,
               templates_cache: Path | None = None) -> QuickResult | Declined:
    """Bring the output up to date for body edits; Declined (nothing written) when it cannot."""
    if writer.full:
        return Declined("no record of the output")
    if len(changed) > MAX_FILES:
        return Declined(f"more than {MAX_FILES} files changed")
    units = build_unit_tree(config.units, config_name, Report())
    categories = build_category_tree(config.categories, config_name, Report())
    structure = StructureOnly(config, units, categories)
    try:
        edits, planned = [], []
        for name in changed:
            known = record.sources[name]
            page = _stored_page(known, pages, config, units, categories, global_key, writer)
            edits.append(_read_edit(name, known, record.withheld, content_dir, prefix, store))
            planned.append(_showing(page, edits[-1]))
        # Everything is known good: now write. The record goes first, so that a build killed
        # from here on leaves none, and the next build takes the long way.
        record_file.unlink(missing_ok=True)
        with writer:
            writer.current = dict(writer.previous)
            renderer = PageRenderer(config, structure, templates_cache)
            for edit, page in zip(edits, planned):
                fingerprint = page_fingerprint(page, global_key)
                shown: Document = page.context["doc"]
                shown.body_html = store.get(edit.doc.content_key)
                for variant in VARIANTS:
                    path = output_path(page.path, variant)
                    if writer.needs(path, fingerprint):
                        target = writer.target(path)
                        target.parent.mkdir(parents=True, exist_ok=True)
                        target.write_text(renderer.render(page, variant), encoding="utf-8")
                        writer.written += 1
                shown.body_html = ""
            search = patch_edited_items(structure, writer, search_record, global_key,  # type: ignore[arg-type]
                                        [(e.entry.extras["search"], e.doc.content_key) for e in edits], store)
            if search is None:
                raise _Decline("search index")
            writer.commit()
    except _Decline as declined:
        return Declined(str(declined))
    save_search_state(search_record, search)
    pages.put((edit.known.source, snapshot(page, EXTRACTOR_PRIMERS)) for edit, page in zip(edits, planned))
    pages.commit()
    for edit in edits:
        diagnostics = record.diagnostics
        for span, new in ((edit.known.entry_span, edit.entry.diagnostics), (edit.known.item_span, edit.item)):
            if span is not None:
                diagnostics[span[0]:span[1]] = _redacted(new)
        record.sources[edit.name] = edit.known._replace(stamp=edit.entry.stamp, content_key=edit.doc.content_key)
    stamps = append_to_journal(documents_index, record.cache_stamps, {str(Path(e.name)): e.entry for e in edits},
                               {e.known.content_key for e in edits} - {e.doc.content_key for e in edits})
    record.cache_stamps = stamps or (MISSING, MISSING)
    save_record(record_file, record)
    return QuickResult(list(record.diagnostics), writer.written)


def _stored_page(known: SourceRecord, pages: PageStore, config: SiteConfig, units: UnitTree,
                 categories: CategoryTree, global_key: str, writer: SiteWriter) -> Page:
    """The item's page as the last build planned it, checked against the output's record."""
    if known.page is None or known.item_span is None:
        raise _Decline("not a plain public item")
    data = pages.get(known.source)
    if data is None:
        raise _Decline("page not stored")
    try:
        page = restore(data, config, units, categories)
    except Exception as exc:
        raise _Decline("stored page unusable") from exc
    old: Document = page.context["doc"]
    fingerprint = page_fingerprint(page, global_key)
    if old.content_key != known.content_key or page.path != known.page or any(
            writer.previous.get(output_path(page.path, variant)) != fingerprint for variant in VARIANTS):
        raise _Decline("stored page is not the one in the output")
    for name, prime in EXTRACTOR_PRIMERS.items():     # before the file is read again
        if name in old.derived:
            prime(old.derived[name])
    return page


def _read_edit(name: str, known: SourceRecord, withheld: list[Document], content_dir: Path, prefix: str,
               store: BodyStore) -> _Edit:
    entry = read_source(Path(name), content_dir, prefix, store)
    doc = entry.document
    if doc is None or doc.model_key != known.model_key or entry.deps != known.deps:
        raise _Decline("metadata or attachments changed")
    item = review_item(doc, withheld_references([doc], withheld, lambda d: store.get(d.content_key))
                       .get(doc.source, []))
    assert known.item_span is not None
    for new, span in ((entry.diagnostics, known.entry_span), (item, known.item_span)):
        if len(new) != span[1] - span[0] or any(d.severity is Severity.ERROR for d in new):
            raise _Decline("the review says something new")
    return _Edit(name, known, entry, doc, item)


def _showing(page: Page, edit: _Edit) -> Page:
    """The stored page, showing the edited item in its place (same links: same metadata)."""
    old: Document = page.context["doc"]
    new = copy.copy(edit.doc)      # the entry's own document goes to the cache journal unlinked
    new.unit, new.category, new.category_path = old.unit, old.category, old.category_path
    new.related, new.newer, new.older = old.related, old.newer, old.older
    new.derived = edit.entry.extras
    page.context["doc"] = new
    return page


def _redacted(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    report = Report()
    report.extend(diagnostics)       # as the full build's report does
    return report.items
