"""Update a written search index for a few changed items instead of writing it again.

Document ids follow (date, 索引号), so editing an item in place keeps every id,
and a new item dated after all others gets the next id. Then only the terms the
item gained or lost (or whose field bits changed) have new postings: their
shards are read back from the last build's output, patched and re-encoded with
the very functions the full writer uses, so the result is byte for byte what a
full write would give. Anything else (an item removed or inserted among older
ones, a shard count that grows, a file missing) raises PatchImpossible and the
caller writes the whole index.
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Callable, NamedTuple

from .encoding import decode_postings, encode_postings
from .tokens import token_hash
from .writer import (
    DOCS_PER_SHARD, INDEX_DIR, IndexedDoc, TermsOf, big_term_path, column_lineages, doc_shard_path,
    doc_shard_text, document_row, document_terms, entry_of, record_terms, script, shard_count, summary_files, term_shard_path,
)

if TYPE_CHECKING:
    from ..structure.site import Site


class PatchImpossible(Exception):
    """The change is not one a patch can express; write the whole index."""


class IndexedItem(NamedTuple):       # a tuple: ten thousand of them are pickled with every build
    """What a written index holds of one document id, to recognise changes next time."""
    index_no: str
    content_key: str
    unit: int
    column: int


TermChanges = dict[int, tuple[dict[str, int], dict[str, int]]]     # id -> (old terms, new terms)


def index_contents(docs: list[IndexedDoc]) -> list[IndexedItem]:
    return [IndexedItem(d.record.index_no.upper(), d.content_key, d.unit, d.column) for d in docs]


def patch_index(site: Site, docs: list[IndexedDoc], before: list[IndexedItem], read: Callable[[str], str | None],
                old_terms: Callable[[str], tuple[str, ...] | None],
                terms_of: TermsOf = record_terms) -> dict[str, str | None]:
    """Files of the index that change, relative to the site root: new text, or None to delete.

    `before` is what the current output was built from; `read` gives the current text of an
    output file; `old_terms` the terms a replaced item had, by its old content key (None when
    no longer known); `terms_of` the terms of a current item.
    """
    shards = shard_count(len(docs))
    if not docs or shard_count(len(before)) != shards or len(before) > len(docs):
        raise PatchImpossible("document count")
    lineages = column_lineages(site)
    changed: TermChanges = {}
    for doc_id, doc in enumerate(docs):
        new = IndexedItem(doc.record.index_no.upper(), doc.content_key, doc.unit, doc.column)
        old = before[doc_id] if doc_id < len(before) else None
        if old == new:
            continue
        if old is None:
            changed[doc_id] = ({}, document_terms(doc, lineages, terms_of(doc)))
            continue
        buckets = old_terms(old.content_key) if old.index_no == new.index_no else None
        if buckets is None:
            raise PatchImpossible("items removed, reordered or not known")
        old_doc = IndexedDoc(doc.record, old.unit, old.column, old.content_key)    # for its facets
        changed[doc_id] = (document_terms(old_doc, lineages, buckets), document_terms(doc, lineages, terms_of(doc)))

    result = apply_term_changes(changed, shards, read)
    for shard_no in sorted({doc_id // DOCS_PER_SHARD for doc_id in changed}):
        result[f"{INDEX_DIR}/{doc_shard_path(shard_no)}"] = doc_shard_text(docs, shard_no)
    for path, text in summary_files(site, docs, shards).items():
        result[f"{INDEX_DIR}/{path}"] = text
    return result


def apply_term_changes(changed: TermChanges, shards: int, read: Callable[[str], str | None]) -> dict[str, str | None]:
    """The term shards and big-term files that change, relative to the site root (None: delete)."""
    # term -> {id: new bits, or 0 when the document no longer has the term}
    updates: dict[str, dict[int, int]] = {}
    for doc_id, (old_terms, new_terms) in changed.items():
        for term in old_terms.keys() | new_terms.keys():
            bits = new_terms.get(term, 0)
            if old_terms.get(term, 0) != bits:
                updates.setdefault(term, {})[doc_id] = bits

    files = _ShardFiles(read)
    currents: dict[str, tuple[int, str | None]] = {}      # term -> (its hash, its postings now)
    for term in sorted(updates):
        crc = token_hash(term)
        current = files.get(term_shard_path(crc % shards)).get(term)
        if current is not None and current.startswith("@"):
            current = files.get(big_term_path(crc))[term]
        currents[term] = crc, current
    total = sum(len(current) for _, current in currents.values() if current is not None)
    patched = _patched_in_arrays if total >= ARRAYS_FROM else _patched
    for term, (crc, current) in currents.items():
        try:
            entry = patched(current, updates[term])
        except ValueError as exc:
            raise PatchImpossible(f"the postings of a term do not decode: {exc}") from exc
        shard, big_file = files.get(term_shard_path(crc % shards)), big_term_path(crc)
        if files.exists(big_file):
            files.get(big_file).pop(term, None)
        if entry is None:
            shard.pop(term, None)
            continue
        shard[term], own = entry_of(*entry)
        if own is not None:
            files.get(big_file, create=True)[term] = own

    return {f"{INDEX_DIR}/{path}": text for path, text in files.texts().items()}


# Postings to decode (characters) from which the lists are patched with numpy. A new item brings a
# few hundred terms, common ones among them with thousands of postings: a million characters,
# seconds one by one. An edited body changes a few terms; importing numpy would cost more.
ARRAYS_FROM = 50_000


def _patched(current: str | None, changes: dict[int, int]) -> tuple[str, int] | None:
    """A term's postings after the changes (id -> new field bits, 0 to remove): encoded, and
    how many; None when none are left."""
    postings = dict(decode_postings(current)) if current is not None else {}
    for doc_id, bits in changes.items():
        if bits:
            postings[doc_id] = bits
        else:
            postings.pop(doc_id, None)
    if not postings:
        return None
    return encode_postings([doc_id << 3 | bits for doc_id, bits in sorted(postings.items())]), len(postings)


def _patched_in_arrays(current: str | None, changes: dict[int, int]) -> tuple[str, int] | None:
    """_patched with numpy (bulk_postings.py): the same result."""
    import numpy as np

    from .bulk_postings import decode_list, encode_list
    packed = decode_list(current) if current is not None else np.empty(0, dtype=np.int64)
    ids = np.fromiter(changes.keys(), dtype=np.int64, count=len(changes))
    bits = np.fromiter(changes.values(), dtype=np.int64, count=len(changes))
    kept = packed[~np.isin(packed >> 3, ids)]
    packed = np.sort(np.concatenate((kept, ((ids << 3) | bits)[bits != 0])))
    return (encode_list(packed), len(packed)) if len(packed) else None


def patch_in_place(before: list[IndexedItem], edits: list[tuple[IndexedDoc, tuple[str, ...]]],
                   lineages: list[list[int]], read: Callable[[str], str | None],
                   terms_of: TermsOf = record_terms) -> dict[str, str | None]:
    """Files that change when items keep their id, unit and column and only their text changed.

    edits: (the item as it is now, the terms it had), for items already in `before`. Unlike
    patch_index this needs no other item: each one's row in its documents shard is replaced
    in the file as written, which must read back exactly (else PatchImpossible).
    """
    shards = shard_count(len(before))
    ids = {item.index_no: doc_id for doc_id, item in enumerate(before)}
    changed: TermChanges = {}
    rows: dict[int, IndexedDoc] = {}
    for doc, old_buckets in edits:
        doc_id = ids.get(doc.record.index_no.upper())
        if doc_id is None or (before[doc_id].unit, before[doc_id].column) != (doc.unit, doc.column):
            raise PatchImpossible("not an edit in place")
        old_doc = IndexedDoc(doc.record, doc.unit, doc.column, before[doc_id].content_key)
        changed[doc_id] = (document_terms(old_doc, lineages, old_buckets), document_terms(doc, lineages, terms_of(doc)))
        rows[doc_id] = doc
    result = apply_term_changes(changed, shards, read)
    for shard_no in sorted({doc_id // DOCS_PER_SHARD for doc_id in rows}):
        path = f"{INDEX_DIR}/{doc_shard_path(shard_no)}"
        text = read(path)
        table = _parse_rows(text, shard_no) if text is not None else None
        if table is None:
            raise PatchImpossible(f"{path} is missing or not as written")
        for doc_id, doc in rows.items():
            if doc_id // DOCS_PER_SHARD == shard_no:
                table[doc_id % DOCS_PER_SHARD] = document_row(doc)
        result[path] = script("d", shard_no, table)
    return result


def _parse_rows(text: str, shard: int) -> list[list[object]] | None:
    """A documents shard's rows, when encoding them again gives back the very same text."""
    head, _, rest = text.partition(",[")
    if not head.startswith("__sgSearch(") or not rest.endswith(");\n"):
        return None
    rows = json.loads("[" + rest[:-3])
    return rows if isinstance(rows, list) and script("d", shard, rows) == text else None


class _ShardFiles:
    """Term shards and big-term files read back from the output, edited in memory."""

    def __init__(self, read: Callable[[str], str | None]):
        self._read = read
        self._loaded: dict[str, dict[str, str] | None] = {}

    def exists(self, path: str) -> bool:
        return self._load(path) is not None

    def get(self, path: str, create: bool = False) -> dict[str, str]:
        terms = self._load(path)
        if terms is None:
            if not create:
                raise PatchImpossible(f"{path} is missing")
            terms = self._loaded[path] = {}
        return terms

    def _load(self, path: str) -> dict[str, str] | None:
        if path not in self._loaded:
            text = self._read(f"{INDEX_DIR}/{path}")
            self._loaded[path] = None if text is None else _parse_script(text)
        return self._loaded[path]

    def texts(self) -> dict[str, str | None]:
        """Every file touched: its new text, or None when a big-term file has no term left."""
        out: dict[str, str | None] = {}
        for path, terms in self._loaded.items():
            if terms is None:
                continue
            kind, key = ("t", int(path.rsplit("/", 1)[1][:-3])) if path.startswith("t/") \
                else ("x", path.rsplit("/", 1)[1][:-3])
            out[path] = script(kind, key, terms) if terms or kind == "t" else None
        return out


def _parse_script(text: str) -> dict[str, str]:
    """The data of a `__sgSearch(kind,key,{...});` file."""
    head, _, rest = text.partition(",{")
    if not head.startswith("__sgSearch(") or not rest.endswith(");\n"):
        raise PatchImpossible("not an index file")
    data = json.loads("{" + rest[:-3])
    if not isinstance(data, dict):
        raise PatchImpossible("not an index file")
    return data
