"""One document's contribution to the search index, extracted once per document.

search_record() is a pure function of the Document, cheap to pickle, so the
builder can run it in its per-file worker processes and cache it by content
hash. Tokens are pre-bucketed by hash so the writer can build the index one
bucket at a time (memory) and in parallel (time).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Callable

from ..content.loader import derive_summary
from ..structure.document import Document
from .pinyin import pinyin_tokens
from .tokens import (
    BODY, CJK_PAIR, KNOWN_HASHES, META, TITLE, cited_doc_no_keys, doc_no_tokens, identifier_key, index_no_tokens,
    add_field, latin_words, normalise, text_tokens, token_hash,
)

BUCKETS = 8                 # the writer's passes; shard counts are multiples of this
SNIPPET_CHARS = 72          # 内容概述 shown under a result (the whole summary is searchable)


@dataclass(frozen=True, slots=True)
class SearchRecord:
    index_no: str
    title: str
    doc_no: str
    date: str
    unit_name: str
    category_path: str
    url: str
    snippet: str
    validity: str
    # BUCKETS strings of "<field bits><token>" joined by spaces; bucket = CRC-32 of the token % BUCKETS.
    # A full build's reader adds one more string: the bigrams found in the body alone (bit BODY), two
    # characters each, bucketed by the writer (bigrams.py). Empty once the terms are kept on disk
    # with the body (pipeline/body_store.py): see terms_text.
    buckets: tuple[str, ...]

    def tokens(self, bucket: int) -> list[str]:
        return bucket_tokens_of(self.buckets, bucket)

    def terms_text(self) -> str:
        """The buckets as one string, to store apart from the record."""
        return TERMS_SEPARATOR.join(self.buckets)

    def without_terms(self) -> "SearchRecord":
        return dataclasses.replace(self, buckets=())


TERMS_SEPARATOR = "\x1e"


def buckets_of(terms_text: str) -> tuple[str, ...]:
    """SearchRecord.terms_text, split again."""
    return tuple(terms_text.split(TERMS_SEPARATOR))


PAIRS = BUCKETS      # where the body's own bigrams are, when a terms tuple has them apart


def bucket_tokens_of(buckets: tuple[str, ...], bucket: int) -> list[str]:
    """The "<field bits><token>" items of one bucket, the body's own bigrams included."""
    text = buckets[bucket]
    items = text.split(" ") if text else []
    pairs = buckets[PAIRS] if len(buckets) > PAIRS else ""
    if pairs:        # one by one: this is for a few items (a patch, a test), the writer reads them in bulk
        items += [_BODY_ITEM + pair for pair in (pairs[i: i + 2] for i in range(0, len(pairs), 2))
                  if token_hash(pair) % BUCKETS == bucket]
    return items


def document_tokens(doc: Document) -> dict[str, int]:
    """Every token of the document with the kinds of field (bits) it appears in."""
    body = normalise(doc.text)
    best = field_tokens(doc, body)
    add_field(best, CJK_PAIR.findall(body), BODY)
    return best


def field_tokens(doc: Document, body: str) -> dict[str, int]:
    """document_tokens but the CJK bigrams of the body (`body`: the body normalised)."""
    best: dict[str, int] = {}
    add_field(best, text_tokens(doc.title, unigrams=True), TITLE)
    add_field(best, pinyin_tokens(doc.title, initials_from=3), TITLE)
    if doc.doc_no:
        parts, key = doc_no_tokens(doc.doc_no)
        add_field(best, parts, META)
        add_field(best, [key], TITLE)
    add_field(best, [identifier_key(doc.index_no)], TITLE)
    # The 索引号's year and serial must not outrank a title's year: body class.
    add_field(best, index_no_tokens(doc.index_no), BODY)
    add_field(best, [identifier_key(d) for d in (doc.date, doc.written_date) if d], BODY)
    for value in (*doc.keywords, doc.topic, doc.genre):
        if value:
            add_field(best, text_tokens(value, unigrams=True), META)
    # A 内容概述 staff wrote is metadata. One derived from the body's opening is the body's own
    # text, whose words the body gives already: its tokens would only be found again (they were a
    # third of a document's field tokens), and a word cut short where it ends is no word at all.
    if doc.summary and doc.summary != derive_summary(doc.text):
        add_field(best, text_tokens(doc.summary, unigrams=False), META)
    add_field(best, latin_words(body, body=True), BODY)
    add_field(best, cited_doc_no_keys(doc.text), BODY)
    return best


_BITS = tuple(str(bits) for bits in range(8))
_BODY_ITEM = _BITS[BODY]


def bucket_tokens(best: dict[str, int]) -> tuple[str, ...]:
    # In no particular order: the writer sorts the terms, and a document's ids ascend anyway.
    buckets: list[list[str]] = [[] for _ in range(BUCKETS)]
    appends = [bucket.append for bucket in buckets]
    known = KNOWN_HASHES.get      # token_hash's memo, read inline: a document has ~400 tokens
    for token, bits in best.items():
        crc = known(token)
        if crc is None:
            crc = token_hash(token)
        appends[crc % BUCKETS](_BITS[bits] + token)
    return tuple(" ".join(b) for b in buckets)


# The body's bigrams by numpy (bigrams.py) once prepare_bulk() ran: worth importing numpy (a tenth of
# a second) for a catalogue's worth of documents, not for the few a quick edit reads.
_bulk_pairs: Callable[[str, dict[str, int]], str] | None = None


def prepare_bulk() -> None:
    global _bulk_pairs
    from .bigrams import body_bigram_pairs
    _bulk_pairs = body_bigram_pairs


def document_buckets(doc: Document) -> tuple[str, ...]:
    """The terms of bucket_tokens(document_tokens(doc)); in bulk, the body's own bigrams apart (PAIRS)."""
    if _bulk_pairs is None:
        return bucket_tokens(document_tokens(doc))
    body = normalise(doc.text)
    best = field_tokens(doc, body)
    pairs = _bulk_pairs(body, best)         # first: it adds the BODY bit to bigrams already in best
    return (*bucket_tokens(best), pairs)


def snippet_of(summary: str) -> str:
    text = " ".join(summary.split())
    return text if len(text) <= SNIPPET_CHARS else text[: SNIPPET_CHARS - 1] + "…"


def search_record(doc: Document) -> SearchRecord:
    return SearchRecord(
        index_no=doc.index_no, title=doc.title, doc_no=doc.doc_no, date=doc.date,
        unit_name=doc.unit_name, category_path=doc.category_path, url=doc.url,
        snippet=snippet_of(doc.summary), validity=doc.validity,
        buckets=document_buckets(doc),
    )


# Documents reach forked workers by inheritance, not pickling.
_pending: list[Document] | None = None


def _records_range(bounds: tuple[int, int]) -> list[SearchRecord]:
    assert _pending is not None
    return [search_record(d) for d in _pending[bounds[0]: bounds[1]]]


def search_records(docs: list[Document], workers: int = 1) -> list[SearchRecord]:
    """search_record over many documents, spread over forked processes when there are many."""
    global _pending
    if workers <= 1 or len(docs) < 400:
        return [search_record(d) for d in docs]
    step = max(50, len(docs) // (workers * 8))
    ranges = [(i, min(i + step, len(docs))) for i in range(0, len(docs), step)]
    _pending = docs
    try:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return [r for chunk in pool.map(_records_range, ranges) for r in chunk]
    finally:
        _pending = None
