"""The search index as build outputs: patched when a few items changed, rebuilt otherwise.

The index (search/writer.py) is a pure function of the published items' search
records, which the document cache computes per file, and of the config's units
and columns. Its key is the published items' content keys plus the global key:
when the key is unchanged the last build's files stand. When only some items
changed in place or were added after all others, search/patch.py rewrites the
few files holding their terms. Otherwise the index is written aside and only
files whose bytes changed are moved into the output.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ..search.patch import IndexedItem, PatchImpossible, index_contents, patch_in_place, patch_index
from ..search.records import SearchRecord, buckets_of, search_record
from ..search.writer import (
    PARALLEL_MIN_DOCS, IndexedDoc, TermsOf, column_lineages, published_in_order, write_index_files,
)
from .background import Background
from .body_store import BodyStore
from .heap import read_pickle, save_pickle
from .site_writer import SiteWriter
from .stamps import digest_bytes, digest_text

if TYPE_CHECKING:
    from ..structure.site import Site

FORMAT = "search-outputs-4"
# Beside the render, the index's process and its pool hold their own memory while the render's
# peaks, and six processes share two cores: at 100,000 items the build's peak (PSS summed) was
# 2.16 GB against 1.37 GB, and it took 307 s against 291 s (bench/RESULTS.md). At 10,000 the
# overlap saves about a second. Larger catalogues write the index after the pages.
BACKGROUND_MAX_DOCS = 20_000


@dataclass
class SearchState:
    """What the search index in the output was built from, and the digest of each of its files."""
    format: str
    key: str
    global_key: str
    contents: list[IndexedItem]
    outputs: dict[str, str]

    # Plain tuples on disk: pickle handles those without a Python call per item.
    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, "contents": [tuple(item) for item in self.contents]}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state, contents=[IndexedItem._make(item) for item in state["contents"]])  # type: ignore[attr-defined]


class PendingIndex:
    """The search index being brought up to date: start_search_index's answer, finished by finish().

    A full write runs in a background process (pipeline/background.py) while the pages render;
    finish() then records its files with the writer. Anything else is done when started."""

    def __init__(self, how: str, finish: Callable[[], None] = lambda: None, discard: Callable[[], None] = lambda: None):
        self.how = how
        self._finish, self._discard, self._settled = finish, discard, False

    def finish(self) -> str:
        """Returns how the index was brought up to date: "unchanged", "patched" or "written"."""
        self._settled = True            # a failure here leaves nothing to discard
        self._finish()
        return self.how

    def discard(self) -> None:
        """The build failed: let background work end, record nothing."""
        if not self._settled:
            self._settled = True
            self._discard()


def start_search_index(site: Site, writer: SiteWriter, record_file: Path | None, scratch: Path, global_key: str,
                       workers: int, store: BodyStore, background: bool = False) -> PendingIndex:
    """Bring the index in the output up to date, a full write in a background process if `background`.

    The records in the documents carry metadata only; their terms are read from the store.
    """
    records = [d.derived.get("search") or search_record(d) for d in site.documents]
    docs = published_in_order(site, records)
    contents = index_contents(docs)
    key = contents_key(global_key, contents)
    previous = _load(record_file)
    if previous is not None and previous.key == key:
        if not any([writer.needs(path, digest) for path, digest in previous.outputs.items()]):
            return PendingIndex("unchanged")        # unchanged, and every file still in place

    def terms_of(doc: IndexedDoc) -> tuple[str, ...]:
        return doc.record.buckets or buckets_of(store.get_terms(doc.content_key))

    def old_terms(content_key: str) -> tuple[str, ...] | None:
        return buckets_of(store.get_terms(content_key)) if store.has(content_key) else None

    def save(outputs: dict[str, str]) -> None:
        if record_file is not None:
            save_search_state(record_file, SearchState(FORMAT, key, global_key, contents, outputs))

    if previous is not None and previous.global_key == global_key and not writer.full:
        outputs = _patch(site, docs, previous, writer, old_terms, terms_of)
        if outputs is not None:
            save(outputs)
            return PendingIndex("patched")
    # Written whole: straight into the staging folder when every output goes there, else aside
    # (then only the files that changed are moved in).
    aside = not writer.full
    folder = scratch if aside else writer.staging

    def clear_scratch() -> None:
        if aside:
            shutil.rmtree(scratch, ignore_errors=True)

    clear_scratch()
    folder.mkdir(parents=True, exist_ok=True)

    def write() -> dict[str, str]:
        return write_index_files(site, docs, folder, workers, terms_of)

    def record(outputs: dict[str, str]) -> None:
        try:
            _record_written(writer, outputs, scratch if aside else None)
        finally:
            clear_scratch()
        save(outputs)

    def wait_and_record(outcome: Callable[[], dict[str, str]]) -> None:
        try:
            outputs = outcome()
        except BaseException:
            clear_scratch()
            raise
        record(outputs)

    if background and workers > 1 and PARALLEL_MIN_DOCS <= len(docs) <= BACKGROUND_MAX_DOCS:
        job = Background(write)

        def discard() -> None:
            job.discard()
            clear_scratch()
        return PendingIndex("written", lambda: wait_and_record(job.result), discard)
    wait_and_record(write)
    return PendingIndex("written")


def contents_key(global_key: str, contents: list[IndexedItem]) -> str:
    return digest_text(FORMAT, global_key, *(f"{i.index_no}\x1f{i.content_key}\x1f{i.unit}\x1f{i.column}"
                                             for i in contents))


def patch_edited_items(structure: Site, writer: SiteWriter, record_file: Path, global_key: str,
                       edits: list[tuple[SearchRecord, str]], store: BodyStore) -> SearchState | None:
    """Items edited in place, their metadata unchanged: patch the index from its last record alone.

    edits: (an item's new search record, its new content key). Needs no other item, so the
    build need not load the catalogue (pipeline/quick_edit.py). structure: a site with the
    config's units and columns. Returns the index's new state, for save_search_state once the
    output is committed; None when the index must be brought up to date the long way.
    """
    previous = _load(record_file)
    if previous is None or previous.global_key != global_key or writer.full:
        return None
    by_index_no = {item.index_no: (doc_id, item) for doc_id, item in enumerate(previous.contents)}
    changes: list[tuple[IndexedDoc, tuple[str, ...]]] = []
    contents = list(previous.contents)
    for record, content_key in edits:
        found = by_index_no.get(record.index_no.upper())
        if found is None or not store.has(found[1].content_key):
            return None
        doc_id, old = found
        doc = IndexedDoc(record, old.unit, old.column, content_key)      # metadata, so facets, unchanged
        changes.append((doc, buckets_of(store.get_terms(old.content_key))))
        contents[doc_id] = IndexedItem(old.index_no, content_key, old.unit, old.column)

    try:
        texts = patch_in_place(previous.contents, changes, column_lineages(structure), _live_reader(writer),
                               lambda doc: buckets_of(store.get_terms(doc.content_key)))
    except PatchImpossible:
        return None
    if any(text is None for text in texts.values()):
        return None           # a big-term file emptied: rare, and the long way handles it
    outputs = dict(previous.outputs)
    for path, text in texts.items():
        assert text is not None
        outputs[path] = digest_bytes(text.encode("utf-8"))
        _stage(writer, path, outputs[path], text)
    return SearchState(FORMAT, contents_key(global_key, contents), global_key, contents, outputs)


def save_search_state(record_file: Path, state: SearchState) -> None:
    save_pickle(record_file, state)


def _patch(site: Site, docs: list[IndexedDoc], previous: SearchState, writer: SiteWriter,
           old_terms: Callable[[str], tuple[str, ...] | None], terms_of: TermsOf) -> dict[str, str] | None:
    """The patched index's outputs, or None when a patch cannot express the change."""
    try:
        changes = patch_index(site, docs, previous.contents, _live_reader(writer), old_terms, terms_of)
    except PatchImpossible:
        return None
    texts = {path: text for path, text in changes.items() if text is not None}
    outputs = {path: digest for path, digest in previous.outputs.items() if changes.get(path, "") is not None}
    outputs.update((path, digest_bytes(text.encode("utf-8"))) for path, text in texts.items())
    # A file removed by hand that the patch did not produce: only a full write brings it back.
    if any(path not in texts and not writer.live(path).exists() for path in outputs):
        return None
    for path, digest in outputs.items():
        _stage(writer, path, digest, texts.get(path))
    return outputs


def _live_reader(writer: SiteWriter) -> Callable[[str], str | None]:
    """The text of an output file as the last build left it, or None."""
    def read(path: str) -> str | None:
        try:
            return writer.live(path).read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
    return read


def _stage(writer: SiteWriter, path: str, digest: str, text: str | None) -> None:
    """Record an index file; write it aside when it differs from the output's (text is then known)."""
    if writer.needs(path, digest):
        assert text is not None
        target = writer.target(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        writer.written += 1


def _record_written(writer: SiteWriter, outputs: dict[str, str], scratch: Path | None) -> None:
    """Tell the writer about an index written whole: into the staging folder (scratch None), where
    every file is new, or into scratch, from which the files that changed are moved in."""
    if scratch is None:
        for path, digest in outputs.items():
            writer.needs(path, digest)
        writer.written += len(outputs)
        return
    made: set[Path] = set()
    for path, digest in outputs.items():
        if writer.needs(path, digest):
            target = writer.target(path)
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            os.replace(scratch / path, target)
            writer.written += 1


def _load(record_file: Path | None) -> SearchState | None:
    value = read_pickle(record_file) if record_file is not None else None
    return value if isinstance(value, SearchState) and value.format == FORMAT else None
