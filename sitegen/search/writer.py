"""Write the search index: term shards, big-term files, document shards, facets, manifest.

Layout under <root>/assets/search/ (the client finds it relative to its own script):
    m.js              manifest: counts, units, columns, years, abbreviations, syllables
    t/<hh>/<s>.js     term shard s (hh = s % 256 in hex): {term: postings | "@<documents>"}
    x/<hh>/<crc>.js   one very common term (or a few sharing a CRC): {term: postings}
    d/<k//256>/<k>.js metadata of documents k*DOCS_PER_SHARD ...: title, unit, date, 索引号 ...
    f.js              facet codes (unit, column) of every document, loaded when filters are used
Every file is a classic script calling __sgSearch(kind, key, data), so the index
loads from file:// as well as over HTTP. Document ids follow (date, 索引号), so a
new item is appended and editing an item rewrites only the shards of the terms
it gained or lost plus its own document shard. Output is a pure function of
the records and the site: sorted keys, no timestamps.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from ..doc_numbers import CLOSING, OPENING
from ..pipeline.fileio import make_folder, write_file
from ..pipeline.stamps import digest_bytes
from ..structure.categories import Category
from ..structure.document import Document
from ..structure.units import Unit
from .abbreviations import client_table, merged_abbreviations
from .encoding import encode_postings, fixed_width, width_for
from .pinyin import SYLLABLES, name_syllables
from .records import BUCKETS, PAIRS, SearchRecord, bucket_tokens_of
from .tokens import BODY, META, token_hash

if TYPE_CHECKING:
    import numpy as np

    from ..structure.site import Site

INDEX_DIR = "assets/search"
FORMAT_VERSION = 2           # 2: a row's last field names docs/<it>.html, not a folder
DOCS_PER_SHARD = 8
PAGE_SIZE = 10
# A term whose postings exceed this many characters gets its own file, so that the
# shard every other term in its bucket shares stays small.
BIG_TERM = 768
# Aim for shards of a few KB: one shard per this many documents (a power of two, >= BUCKETS).
DOCS_PER_TERM_SHARD = 6
PARALLEL_MIN_DOCS = 500         # below this, forking the pool costs more than it saves


@dataclass(frozen=True)
class IndexedDoc:
    record: SearchRecord
    unit: int
    column: int
    content_key: str = ""       # the source's content key: tells a later build which items changed


def shard_count(documents: int) -> int:
    count = BUCKETS
    while count * DOCS_PER_TERM_SHARD < documents:
        count *= 2
    return count


def script(kind: str, key: int | str, data: object) -> str:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=isinstance(data, dict))
    return f"__sgSearch({json.dumps(kind)},{json.dumps(key)},{payload});\n"


def term_shard_path(shard: int) -> str:
    return f"t/{shard % 256:02x}/{shard}.js"


def big_term_path(crc: int) -> str:
    return f"x/{crc & 255:02x}/{crc:08x}.js"


def doc_shard_path(shard: int) -> str:
    return f"d/{shard // 256}/{shard}.js"


def _write(root: Path, rel: str, text: str, made: set[str]) -> tuple[str, str]:
    """Write root/INDEX_DIR/rel; returns (its path under root, the digest of its bytes), so that
    the build records what it wrote without reading it back."""
    target = f"{root}/{INDEX_DIR}/{rel}"
    folder = target.rpartition("/")[0]
    if folder not in made:
        make_folder(folder)
        made.add(folder)
    data = text.encode("utf-8")
    write_file(target, data)
    return f"{INDEX_DIR}/{rel}", digest_bytes(data)


def published_in_order(site: Site, records: Iterable[SearchRecord]) -> list[IndexedDoc]:
    """Records of published items only, oldest first; withheld items never reach the index."""
    published: dict[str, Document] = {d.index_no.upper(): d for d in site.documents}
    unit_ids = {u: i for i, u in enumerate(site.units)}
    column_ids = {c: i for i, c in enumerate(site.categories)}
    chosen: dict[str, IndexedDoc] = {}
    for record in records:
        doc = published.get(record.index_no.upper())
        if doc is None or doc.unit is None or doc.category is None:
            continue
        chosen[record.index_no.upper()] = IndexedDoc(record, unit_ids[doc.unit], column_ids[doc.category],
                                                     doc.content_key)
    return sorted(chosen.values(), key=lambda d: (d.record.date, d.record.index_no))


def unit_term(index: int) -> str:
    """Pseudo-term listing a unit's items; the client matches unit names (and their pinyin) itself."""
    return f"@u{index}"


def column_term(index: int) -> str:
    """Pseudo-term listing the items of a column and its sub-columns."""
    return f"@c{index}"


def facet_terms(doc: IndexedDoc, lineages: list[list[int]]) -> tuple[str, ...]:
    """Unit and column names: whole-name lists, so a phrase like 教育局 matches the name as a
    phrase instead of 教育 from one field and 育局 from another."""
    return (unit_term(doc.unit), *(column_term(c) for c in lineages[doc.column]))


def document_terms(doc: IndexedDoc, lineages: list[list[int]], buckets: tuple[str, ...]) -> dict[str, int]:
    """Every term the document is posted under, with its field bits (all buckets)."""
    terms = {item[1:]: int(item[0]) for bucket in range(BUCKETS) for item in bucket_tokens_of(buckets, bucket)}
    terms.update((term, META) for term in facet_terms(doc, lineages))
    return terms


def shard_entry(postings: Sequence[int]) -> tuple[str, str | None]:
    """A term's value in its shard, and its own file's value when the list is too long to share."""
    return entry_of(encode_postings(postings), len(postings))


def entry_of(encoded: str, count: int) -> tuple[str, str | None]:
    """shard_entry for a list already encoded, of count postings."""
    if len(encoded) > BIG_TERM:
        return f"@{count}", encoded       # the client may skip a very common bigram
    return encoded, None


# A document's BUCKETS term strings: from its record, or from the store where the build keeps them.
TermsOf = Callable[[IndexedDoc], tuple[str, ...]]


def record_terms(doc: IndexedDoc) -> tuple[str, ...]:
    return doc.record.buckets


@dataclass
class _Job:
    """What forked workers inherit instead of unpickling 100k records."""
    docs: list[IndexedDoc]
    lineages: list[list[int]]
    shards: int
    root: Path
    spool: Path
    ranges: list[tuple[int, int]]
    terms_of: TermsOf


_job: _Job | None = None


def _spool_path(job: _Job, bucket: int, part: int, kind: str = "txt") -> Path:
    return job.spool / f"{bucket}-{part:05d}.{kind}"


# Body bigrams (records.PAIRS) gathered before they are bucketed and spooled: about this many characters.
PAIRS_BATCH = 1 << 22


def _spool_range(part: int) -> None:
    """First pass: the terms of one range of documents, one spool file per bucket. Only one
    document's terms are in memory at a time: they stay on disk (the body store) until now.
    The body's own bigrams, when the terms have them apart, go to binary spool files, in bulk."""
    assert _job is not None
    start, end = _job.ranges[part]
    handles = [_spool_path(_job, bucket, part).open("w", encoding="utf-8") for bucket in range(BUCKETS)]
    pairs: list[str] = []
    pair_docs: list[int] = []
    pending = 0
    try:
        for doc_id in range(start, end):
            terms = _job.terms_of(_job.docs[doc_id])
            for handle, text in zip(handles, terms[:BUCKETS]):
                if text:
                    handle.write(f"{doc_id} {text}\n")
            if len(terms) > PAIRS and terms[PAIRS]:
                pairs.append(terms[PAIRS])
                pair_docs.append(doc_id)
                pending += len(terms[PAIRS])
                if pending >= PAIRS_BATCH:
                    _spool_pairs(part, pairs, pair_docs)
                    pairs, pair_docs, pending = [], [], 0
        if pairs:
            _spool_pairs(part, pairs, pair_docs)
    finally:
        for handle in handles:
            handle.close()


def _spool_pairs(part: int, pairs: list[str], doc_ids: list[int]) -> None:
    """Append each bigram as (term << 32 | document id) to its bucket's binary spool file."""
    import numpy as np
    from .bigrams import pair_buckets, pair_codes
    assert _job is not None
    codes = pair_codes("".join(pairs))
    keys = (codes.astype(np.uint64) << 32) | np.repeat(np.array(doc_ids, dtype=np.uint64),
                                                       [len(text) // 2 for text in pairs])
    buckets = pair_buckets(codes)
    order = np.argsort(buckets, kind="stable")
    bounds = np.searchsorted(buckets[order], np.arange(BUCKETS + 1))
    for bucket in range(BUCKETS):
        chosen = keys[order[bounds[bucket]: bounds[bucket + 1]]]
        if len(chosen):
            with _spool_path(_job, bucket, part, "bin").open("ab") as handle:
                handle.write(chosen.tobytes())


def _body_pair_keys(bucket: int, index: dict[str, int]) -> "np.ndarray":
    """The bucket's body bigrams from the binary spools, as _write_bucket's keys; a bigram gets
    the number it has in index (from other fields of some document) or a new one there."""
    import numpy as np
    from .bigrams import pair_terms
    assert _job is not None
    parts = [path for part in range(len(_job.ranges)) if (path := _spool_path(_job, bucket, part, "bin")).exists()]
    if not parts:
        return np.empty(0, dtype=np.uint64)
    keys = np.concatenate([np.fromfile(path, dtype=np.uint64) for path in parts])
    codes, which = np.unique((keys >> 32).astype(np.uint32), return_inverse=True)
    terms = pair_terms(codes)
    numbers = np.array([index.setdefault(terms[i: i + 2], len(index)) for i in range(0, len(terms), 2)],
                       dtype=np.uint64)
    return (numbers[which.ravel()] << 32) | ((keys & 0xFFFFFFFF) << 3) | BODY


def _field_keys(bucket: int, index: dict[str, int]) -> "np.ndarray":
    """The bucket's terms from the text spools (every field but the body's own bigrams), as
    _write_bucket's keys; each new term gets the next number in index.

    Items ("<field bits><term>") repeat across documents: at 10,000 items, 1,050,000 of them in all
    and 27,000 distinct. Each distinct item is looked at once in Python; the rest is done by C loops
    (split, dict.fromkeys, map over a dict's __getitem__, numpy)."""
    import numpy as np
    assert _job is not None
    parts: list[np.ndarray] = []
    item_keys: dict[str, int] = {}      # item -> its term's number << 32 | its field bits
    for part in range(len(_job.ranges)):
        with _spool_path(_job, bucket, part).open(encoding="utf-8") as spool:
            lines = spool.read().split("\n")
        doc_ids, counts, items = array("Q"), array("q"), []
        for line in lines[:-1]:        # the text ends with a newline
            doc_id, _, text = line.partition(" ")
            terms = text.split(" ")
            doc_ids.append(int(doc_id))
            counts.append(len(terms))
            items += terms
        for item in dict.fromkeys(items).keys() - item_keys.keys():
            term = item[1:]
            number = index.get(term)
            if number is None:
                number = index[term] = len(index)
            item_keys[item] = number << 32 | ord(item[0]) - 48     # 48: ord("0"), the bits are one digit
        if items:
            keys = np.fromiter(map(item_keys.__getitem__, items), dtype=np.uint64, count=len(items))
            keys += np.repeat(np.frombuffer(doc_ids, dtype=np.uint64) << 3, np.frombuffer(counts, dtype=np.int64))
            parts.append(keys)
    return np.concatenate(parts) if parts else np.empty(0, dtype=np.uint64)


def _facet_keys(bucket: int, index: dict[str, int]) -> "np.ndarray":
    """The bucket's unit and column pseudo-terms, as _write_bucket's keys: a unit's term lists its
    documents, a column's those of the column and every column below it. Facet terms never share
    a list with tokens (they begin with @)."""
    import numpy as np
    assert _job is not None
    job = _job
    units = np.fromiter((doc.unit for doc in job.docs), dtype=np.int64, count=len(job.docs))
    columns = np.fromiter((doc.column for doc in job.docs), dtype=np.int64, count=len(job.docs))
    chosen: list[tuple[str, np.ndarray]] = []
    for unit in np.unique(units).tolist():
        if token_hash(term := unit_term(unit)) % BUCKETS == bucket:
            chosen.append((term, np.flatnonzero(units == unit)))
    below: dict[int, list[int]] = {}     # column -> the columns whose lineage holds it
    for column, lineage in enumerate(job.lineages):
        for ancestor in lineage:
            below.setdefault(ancestor, []).append(column)
    for column in sorted(below):
        if token_hash(term := column_term(column)) % BUCKETS == bucket:
            listed = np.flatnonzero(np.isin(columns, below[column]))
            if len(listed):
                chosen.append((term, listed))
    keys = [(np.uint64(index.setdefault(term, len(index))) << np.uint64(32))
            | (docs.astype(np.uint64) << np.uint64(3)) | np.uint64(META) for term, docs in chosen]
    return np.concatenate(keys) if keys else np.empty(0, dtype=np.uint64)


def _write_bucket(bucket: int) -> list[tuple[str, str]]:
    """Second pass: every term shard of one bucket, from its spool files. Returns what _write does.

    Each posting becomes one integer, term number << 32 | document id << 3 | field bits: sorted,
    they are the bucket's lists, in order, to encode at once (bulk_postings.py)."""
    import numpy as np
    from .bulk_postings import dense_is_shorter, encode_dense, encode_sparse, list_starts
    assert _job is not None
    job = _job
    index: dict[str, int] = {}          # term -> its number, in order of appearance
    # In this order: a body bigram another field has already keeps its number.
    keys = np.concatenate((_field_keys(bucket, index), _facet_keys(bucket, index), _body_pair_keys(bucket, index)))
    keys.sort()             # a term's postings together, by document: a document has a term once
    names = list(index)
    term_numbers = (keys >> 32).astype(np.uint32)
    packed = (keys & 0xFFFFFFFF).astype(np.uint32)
    del keys
    starts = list_starts(term_numbers)
    text, bounds = encode_sparse(packed, starts)
    dense = dense_is_shorter(packed, starts, bounds)
    by_shard: dict[int, dict[str, str]] = {s: {} for s in range(bucket, job.shards, BUCKETS)}
    big: dict[int, dict[str, str]] = {}
    ends = [*starts[1:].tolist(), len(packed)]
    for list_no, (start, number) in enumerate(zip(starts.tolist(), term_numbers[starts].tolist())):
        term, end = names[number], ends[list_no]
        encoded = encode_dense(packed[start: end]) if dense[list_no] else text[bounds[list_no]: bounds[list_no + 1]]
        crc = token_hash(term)
        by_shard[crc % job.shards][term], own = entry_of(encoded, end - start)
        if own is not None:
            big.setdefault(crc, {})[term] = own
    made: set[str] = set()
    written = [_write(job.root, term_shard_path(shard), script("t", shard, terms), made)
               for shard, terms in by_shard.items()]
    written += [_write(job.root, big_term_path(crc), script("x", f"{crc:08x}", terms), made)
                for crc, terms in big.items()]
    return written


def _write_doc_shards(shards: range) -> list[tuple[str, str]]:
    """Some document shards (the metadata a result shows). Returns what _write does."""
    assert _job is not None
    made: set[str] = set()
    return [_write(_job.root, doc_shard_path(shard), doc_shard_text(_job.docs, shard), made) for shard in shards]


def column_lineages(site: Site) -> list[list[int]]:
    """Per column id, the ids of the column and its ancestors (a column term lists the subtree)."""
    column_ids = {c: i for i, c in enumerate(site.categories)}
    return [[column_ids[c] for c in column.lineage] for column in site.categories]


def write_search_index(site: Site, records: Iterable[SearchRecord], root: Path, workers: int | None = None) -> int:
    """Write the index for the published items among records into root/assets/search; returns files written."""
    return len(write_index_files(site, published_in_order(site, records), root, workers))


def write_index_files(site: Site, docs: list[IndexedDoc], root: Path, workers: int | None = None,
                      terms_of: TermsOf = record_terms) -> dict[str, str]:
    """Write the index into root/assets/search; returns each file's path under root and the digest of its bytes."""
    global _job
    (root / INDEX_DIR).mkdir(parents=True, exist_ok=True)
    shards = shard_count(len(docs))
    workers = workers or os.cpu_count() or 1
    parallel = workers > 1 and len(docs) >= PARALLEL_MIN_DOCS
    step = max(1, -(-len(docs) // (workers * 4))) if parallel else max(1, len(docs))
    ranges = [(start, min(start + step, len(docs))) for start in range(0, len(docs), step)] or [(0, 0)]
    spool = Path(tempfile.mkdtemp(prefix=".spool-", dir=root))
    _job = _Job(docs, column_lineages(site), shards, root, spool, ranges, terms_of)
    doc_shards = range((len(docs) + DOCS_PER_SHARD - 1) // DOCS_PER_SHARD)
    # The document shards in as many runs as buckets, written by the same processes after them.
    run = -(-len(doc_shards) // BUCKETS) or 1
    parts = [doc_shards[start: start + run] for start in range(0, len(doc_shards), run)]
    try:
        if parallel:
            import multiprocessing       # here: a patched index (an edit) needs no pool
            from concurrent.futures import ProcessPoolExecutor
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
                list(pool.map(_spool_range, range(len(ranges))))
                results = [*pool.map(_write_bucket, range(BUCKETS)), *pool.map(_write_doc_shards, parts)]
        else:
            _spool_range(0)
            results = [*map(_write_bucket, range(BUCKETS)), *map(_write_doc_shards, parts)]
    finally:
        _job = None
        shutil.rmtree(spool, ignore_errors=True)
    made: set[str] = set()
    results.append([_write(root, rel, text, made) for rel, text in summary_files(site, docs, shards).items()])
    return dict(written for result in results for written in result)


def doc_shard_text(docs: list[IndexedDoc], shard: int) -> str:
    start = shard * DOCS_PER_SHARD
    return script("d", shard, [document_row(d) for d in docs[start: start + DOCS_PER_SHARD]])


def summary_files(site: Site, docs: list[IndexedDoc], shards: int) -> dict[str, str]:
    """f.js (facet codes of every document) and m.js (the manifest), relative to INDEX_DIR."""
    units, columns = list(site.units), list(site.categories)
    unit_width, column_width = width_for(len(units)), width_for(len(columns))
    facets = {"u": fixed_width([d.unit for d in docs], unit_width), "uw": unit_width,
              "c": fixed_width([d.column for d in docs], column_width), "cw": column_width}
    return {"f.js": script("f", 0, facets), "m.js": script("m", 0, manifest(site, docs, units, columns, shards))}


def document_row(doc: IndexedDoc) -> list[object]:
    r = doc.record
    page = r.url.removeprefix("docs/").removesuffix(".html")       # search.js puts both back
    return [r.title, r.index_no, r.doc_no, r.date, doc.unit, doc.column, r.snippet, r.validity, page]


def manifest(site: Site, docs: list[IndexedDoc], units: list[Unit], columns: list[Category],
             shards: int) -> dict[str, object]:
    column_ids = {c: i for i, c in enumerate(columns)}
    years: list[list[object]] = []
    for doc_id, doc in enumerate(docs):
        year = doc.record.date[:4]
        if not years or years[-1][0] != year:
            years.append([year, doc_id])
    return {
        "v": FORMAT_VERSION, "n": len(docs), "s": shards, "ds": DOCS_PER_SHARD, "ps": PAGE_SIZE,
        # [slug, name, items, depth, pinyin syllables of the name] (the client matches names and their pinyin)
        "units": [[u.slug, u.name, len(site.by_unit.get(u, [])), u.depth, name_syllables(u.name)] for u in units],
        # [path of slugs, name, parent index or -1, items in the subtree, pinyin syllables]
        "cols": [[c.dir.removeprefix("columns/"), c.name, column_ids.get(c.parent, -1) if c.parent else -1,
                  site.subtree_count(c), name_syllables(c.name)] for c in columns],
        "years": years,
        "abbr": client_table(merged_abbreviations(site.config.search_abbreviations)),
        "syl": SYLLABLES,
        "br": [OPENING, CLOSING],
    }
