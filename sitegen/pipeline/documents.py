"""Reading content files, with a persistent cache keyed by content.

A file whose stamp and dependencies (attachments, images) are unchanged is not
read again: its parsed metadata, its diagnostics and whatever the per-document
extractors computed (search record, review findings) come from the cache, and
its rendered body stays in the body store. Everything cached is a pure
function of the file's bytes and its dependencies, so a warm build produces
exactly what a cold one would.
"""
from __future__ import annotations

import dataclasses
import gc
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..code_version import CODE_VERSION
from ..content.loader import read_document
from ..diagnostics import Diagnostic
from ..search.pinyin import load_tables, remember_syllables, title_syllables
from ..search.records import SearchRecord, prepare_bulk, search_record
from ..structure.document import Attachment, Document
from .body_store import BodyStore, PendingBodies
from .fileio import read_file
from .heap import load_pickle, long_lived
from .progress import Progress
from .schema import layout
from .stamps import MISSING, Stamp, digest_bytes, digest_text, stamp

# Per-document work that needs the body text, run in the worker right after parsing
# (the text is dropped afterwards). name -> function(doc) -> small picklable value.
DOCUMENT_EXTRACTORS: dict[str, Callable[[Document], Any]] = {"search": search_record, "pinyin": title_syllables}
# Before a changed file is read again, its last extracted values may spare work (most edits
# keep the title, whose pinyin needs pypinyin's tables). name -> function(old value).
EXTRACTOR_PRIMERS: dict[str, Callable[[Any], None]] = {"pinyin": remember_syllables}
# Run before read workers fork: what the extractors load on first use, loaded once instead of once
# per worker, and their ways for many documents.
EXTRACTOR_PRELOADS: list[Callable[[], None]] = [load_tables, prepare_bulk]

PARALLEL_THRESHOLD = 200       # below this many files a pool costs more than it saves


@dataclass(slots=True)
class SourceEntry:
    stamp: Stamp
    deps: list[tuple[str, Stamp]]
    document: Document | None          # metadata only: body_html and text are emptied
    diagnostics: list[Diagnostic]
    extras: dict[str, Any] = field(default_factory=dict)

    def still_valid(self, current: Stamp) -> bool:
        return current == self.stamp and all(stamp(path) == old for path, old in self.deps)


CACHE_FORMAT = f"documents-6/{CODE_VERSION}/{layout(SourceEntry, Document, Attachment)}"


def read_source(path: Path, content_dir: Path, prefix: str, store: BodyStore | PendingBodies) -> SourceEntry:
    """Parse one file, store its body, run the extractors (in a worker process)."""
    before = stamp(path)
    data = read_file(path, before[1])
    doc, diagnostics = read_document(path, content_dir, prefix, data=data)
    if doc is None:
        return SourceEntry(before, [], None, diagnostics)
    dep_paths = [a.source for a in doc.attachments] + [source for source, _ in doc.assets]
    annual_data = doc.extra.get("annual_data")        # an annual report's data file (annual_report/)
    if isinstance(annual_data, str) and annual_data.strip():
        dep_paths.append(str((path.parent / annual_data.strip()).resolve()))
    deps = [(p, stamp(p)) for p in dep_paths]
    doc.content_key = digest_text(digest_bytes(data), doc.source, *(f"{p}:{s}" for p, s in deps))
    doc.listing_key = listing_key(doc)
    doc.model_key = model_key(doc)
    extras = {name: extract(doc) for name, extract in DOCUMENT_EXTRACTORS.items()}
    # The search terms are as bulky as the body: they wait on disk with it until the index is written.
    record: SearchRecord = extras["search"]
    store.put(doc.content_key, doc.body_html, record.terms_text())
    extras["search"] = record.without_terms()
    doc.body_html = doc.text = ""
    _ = doc.url          # computed here, in parallel, and cached with the document
    return SourceEntry(before, deps, doc, diagnostics, extras)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def listing_key(doc: Document) -> str:
    """Digest of what other pages may show of a document: everything but its body.

    Lists, neighbours' previous/next links and related-item boxes depend on this
    key, so editing a body re-renders the document's own page and nothing else.
    """
    attachments = [(a.name, a.file_name, a.size, a.kind) for a in doc.attachments]
    return digest_text(repr((doc.title, doc.index_no, doc.unit_name, doc.category_path, doc.date, doc.written_date,
                             doc.doc_no, doc.topic, doc.genre, doc.keywords, doc.summary, doc.disclosure,
                             doc.validity, doc.abolished_date, doc.doc_kind, doc.related_ids, doc.draft,
                             sorted(doc.extra.items(), key=lambda kv: kv[0]), attachments, doc.url)))


# What the body (or the pipeline) sets on a document; everything else is what site checks see.
BODY_FIELDS = frozenset({"body_html", "text", "content_key", "listing_key", "model_key", "derived",
                         "review_findings", "review_links", "unit", "category", "related", "newer", "older"})
_MODEL_FIELDS = [f.name for f in dataclasses.fields(Document) if f.init and f.name not in BODY_FIELDS]


def model_key(doc: Document) -> str:
    """Digest of every field the site model and its checks read: all but the body's.

    Two versions of a file with the same model key differ only in their body, so a build
    may re-render the item's own page and patch the search index (pipeline/quick_edit.py).
    Line numbers are included: a diagnostic names them.
    """
    return digest_text(repr([getattr(doc, name) for name in _MODEL_FIELDS]))


_job: tuple[Path, str, BodyStore] | None = None


def _read_in_worker(paths: list[Path]) -> list[bytes]:
    """The entries of a batch of files, pickled: the parent keeps these bytes for the index file
    instead of pickling every entry a second time (the pool would pickle the entry to send it
    anyway). Their bodies are committed to the store before the parent learns of them."""
    assert _job is not None
    content_dir, prefix, store = _job
    bodies = PendingBodies()
    pickled = [pickle.dumps(read_source(path, content_dir, prefix, bodies), protocol=pickle.HIGHEST_PROTOCOL)
               for path in paths]
    store.put_many(bodies.rows)
    return pickled


def _pickle_entry(entry: SourceEntry) -> bytes:
    return pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)


class DocumentCache:
    """The documents index of one (content folder, display prefix) pair, in one file: a dict of
    each entry pickled on its own, so that entries pickled by the read workers are written as
    they came."""

    def __init__(self, index_file: Path | None, store: BodyStore):
        self.index_file, self.store = index_file, store
        self.entries: dict[str, SourceEntry] = {}
        self.changed = False
        self.dropped_keys: set[str] = set()    # bodies of replaced or deleted files
        # Entries changed since the index file was last written in full: appended to a journal,
        # so that an edit saves one entry instead of the whole catalogue's.
        self._journal = index_file.with_suffix(".journal") if index_file is not None else None
        self._changes: dict[str, SourceEntry | None] = {}
        self._index_usable = False         # the index file can take a journal (same format)
        # Entries as the read workers sent them, until saved (save() follows read_all(): unchanged).
        self._pickled: dict[str, bytes] = {}
        if index_file is not None and index_file.exists():
            self.entries = self._load(index_file)

    def _load(self, index_file: Path) -> dict[str, SourceEntry]:
        # Every entry is checked against its file's stamp before use, so a damaged, foreign or
        # out-of-date index or journal only costs rereading: it is never trusted blindly.
        try:
            with index_file.open("rb") as handle:
                format_, pickled = load_pickle(handle)
            if format_ != CACHE_FORMAT:
                return {}
            with long_lived():
                entries = {key: pickle.loads(data) for key, data in pickled.items()}
        except Exception:
            return {}
        self._index_usable = True
        assert self._journal is not None
        size = _size(self._journal)
        try:
            with self._journal.open("rb") as handle:
                while handle.tell() < size:
                    format_, changes = load_pickle(handle)
                    if format_ != CACHE_FORMAT:
                        raise ValueError("journal of another version")
                    for key, entry in changes.items():
                        if entry is None:
                            entries.pop(key, None)
                        else:
                            entries[key] = entry
        except FileNotFoundError:
            pass
        except Exception:    # a torn record (the build was killed): the next save writes anew
            self._index_usable = False
        return entries

    def read_all(self, files: list[Path], content_dir: Path, prefix: str, workers: int,
                 show_progress: bool = True) -> list[SourceEntry]:
        global _job
        stale: list[Path] = []
        result: dict[str, SourceEntry] = {}
        self.store.prepare()
        stored = self.store.keys() if self.entries else set()
        for path in files:
            key = str(path)
            entry = self.entries.get(key)
            if entry is not None and entry.still_valid(stamp(path)) and (
                    entry.document is None or entry.document.content_key in stored):   # store deleted?
                result[key] = entry
            else:
                stale.append(path)
        if stale:
            self.changed = True
            for path in stale:
                old = self.entries.get(str(path))
                for name, prime in EXTRACTOR_PRIMERS.items():
                    if old is not None and name in old.extras:
                        prime(old.extras[name])
            progress = Progress("读取内容", len(stale), enabled=None if show_progress else False)
            _job = (content_dir, prefix, self.store)
            try:
                if workers > 1 and len(stale) >= PARALLEL_THRESHOLD:
                    for preload in EXTRACTOR_PRELOADS:
                        preload()
                    import multiprocessing      # here: an edit or a check needs no pool, nor its import
                    from concurrent.futures import ProcessPoolExecutor
                    context = multiprocessing.get_context("fork")
                    # Entries arrive by the thousand and stay: no point looking for garbage among them.
                    # (Workers collect as usual: they fork during the pause.)
                    with long_lived(), ProcessPoolExecutor(workers, mp_context=context,
                                                      initializer=gc.enable) as pool:
                        step = max(1, min(64, len(stale) // (workers * 8)))
                        batches = [stale[start: start + step] for start in range(0, len(stale), step)]
                        for batch, pickled in zip(batches, pool.map(_read_in_worker, batches)):
                            for path, data in zip(batch, pickled):
                                result[str(path)] = pickle.loads(data)
                                if self.index_file is not None:
                                    self._pickled[str(path)] = data
                            progress.advance(len(batch))
                else:
                    for path in stale:
                        result[str(path)] = read_source(path, content_dir, prefix, self.store)
                        progress.advance()
            finally:
                _job = None
                progress.finish()
        for key, old in self.entries.items():
            new = result.get(key)
            if old.document is not None and (new is None or new.document is None
                                             or new.document.content_key != old.document.content_key):
                self.dropped_keys.add(old.document.content_key)
        self._changes.update((str(path), result[str(path)]) for path in stale)
        self._changes.update((key, None) for key in self.entries.keys() - result.keys())
        if len(result) != len(self.entries):
            self.changed = True
        self.entries = result
        return [result[str(path)] for path in files]

    def fresh_documents(self, entries: list[SourceEntry]) -> list[Document]:
        """The documents for the site model, which links them together."""
        # No copies needed: the index was saved before the model links documents together,
        # and every build opens the index afresh.
        fresh = []
        for entry in entries:
            if entry.document is not None:
                entry.document.derived = entry.extras
                fresh.append(entry.document)
        return fresh

    def save(self) -> None:
        if self.index_file is None or not self.changed:
            return
        assert self._journal is not None
        self.index_file.parent.mkdir(parents=True, exist_ok=True)
        changes = b""
        if self._index_usable and len(self._changes) * 8 < len(self.entries):
            changes = pickle.dumps((CACHE_FORMAT, self._changes), protocol=pickle.HIGHEST_PROTOCOL)
        if changes and _size(self._journal) + len(changes) < _size(self.index_file) // 4:
            with self._journal.open("ab") as handle:
                handle.write(changes)
        else:      # first build, many changes, or the journal has grown: write the index in full
            self._journal.unlink(missing_ok=True)
            temporary = self.index_file.with_suffix(".tmp")
            pickled = {key: self._pickled.get(key) or _pickle_entry(entry) for key, entry in self.entries.items()}
            with temporary.open("wb") as handle:
                pickle.dump((CACHE_FORMAT, pickled), handle, protocol=pickle.HIGHEST_PROTOCOL)
            temporary.replace(self.index_file)
            self._index_usable = True
        self._changes = {}
        self._pickled = {}
        if self.dropped_keys:
            # Not deleted yet: the search index patch reads an edited item's old terms from the
            # store. prune() deletes them once the build is done, or a later build's does.
            with self.index_file.with_suffix(".dropped").open("a", encoding="utf-8") as handle:
                handle.writelines(f"{key}\n" for key in sorted(self.dropped_keys))
            self.dropped_keys.clear()
        self.changed = False

    def files_stamps(self) -> tuple[Stamp, Stamp]:
        """Stamps of the index and its journal, for appending later without loading them."""
        assert self.index_file is not None and self._journal is not None
        return (stamp(self.index_file), stamp(self._journal)) if self._index_usable else (MISSING, MISSING)

    def prune(self) -> None:
        """Delete the stored bodies of files replaced or deleted, now that no output needs them."""
        if self.index_file is None:
            return
        pending = self.index_file.with_suffix(".dropped")
        try:
            dropped = set(pending.read_text(encoding="utf-8").split())
        except FileNotFoundError:
            return
        keep = {e.document.content_key for e in self.entries.values() if e.document is not None}
        self.store.delete(dropped - keep)
        pending.unlink()


def append_to_journal(index_file: Path, expected: tuple[Stamp, Stamp], changes: dict[str, SourceEntry],
                      dropped: set[str]) -> tuple[Stamp, Stamp] | None:
    """Record changed entries without loading the index; None when the files are not as expected.

    `expected` is DocumentCache.files_stamps() as the last save left them: only then is the index
    known to be of this format and the journal whole. Returns the new stamps.
    """
    journal = index_file.with_suffix(".journal")
    if expected[0] == MISSING or (stamp(index_file), stamp(journal)) != expected:
        return None
    with journal.open("ab") as handle:
        handle.write(pickle.dumps((CACHE_FORMAT, changes), protocol=pickle.HIGHEST_PROTOCOL))
    if dropped:     # pruned by the next full build, as DocumentCache.save's
        with index_file.with_suffix(".dropped").open("a", encoding="utf-8") as handle:
            handle.writelines(f"{key}\n" for key in sorted(dropped))
    return stamp(index_file), stamp(journal)
