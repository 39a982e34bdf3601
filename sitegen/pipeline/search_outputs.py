"""The search index as build outputs: rebuilt only when a published item changed.

The index (search/writer.py) is a pure function of the published items'
search records, which the document cache computes per file, and of the
config's units and columns. So its key is the published items' content keys
plus the global key; when the key is unchanged the last build's files stand.
Otherwise the index is written aside and only files whose bytes changed are
moved into the output, so editing one item rewrites a few term files.
"""
from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

from ..search import write_search_index
from ..search.records import search_record
from ..structure.site import Site
from .site_writer import SiteWriter
from .stamps import digest_bytes, digest_text

FORMAT = "search-outputs-1"


def add_search_index(site: Site, writer: SiteWriter, record_file: Path | None, scratch: Path,
                     global_key: str, workers: int) -> None:
    key = digest_text(FORMAT, global_key, *(d.content_key for d in site.documents))
    previous = _load(record_file)
    if previous is not None and previous[0] == key:
        outputs: dict[str, str] = previous[1]
        if not any([writer.needs(path, digest) for path, digest in outputs.items()]):
            return                              # unchanged, and every file still in place
    records = [d.derived.get("search") or search_record(d) for d in site.documents]
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    try:
        write_search_index(site, records, scratch, workers)
        outputs = {}
        for folder, _, names in os.walk(scratch):
            for name in names:
                source = Path(folder) / name
                path = source.relative_to(scratch).as_posix()
                outputs[path] = digest_bytes(source.read_bytes())
                if writer.needs(path, outputs[path]):
                    target = writer.target(path)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(source, target)
                    writer.written += 1
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if record_file is not None:
        record_file.parent.mkdir(parents=True, exist_ok=True)
        temporary = record_file.with_suffix(".tmp")
        temporary.write_bytes(pickle.dumps((key, outputs), protocol=pickle.HIGHEST_PROTOCOL))
        temporary.replace(record_file)


def _load(record_file: Path | None) -> tuple[str, dict[str, str]] | None:
    if record_file is None or not record_file.exists():
        return None
    try:
        value = pickle.loads(record_file.read_bytes())
        return value if isinstance(value, tuple) and len(value) == 2 else None
    except Exception:
        return None
