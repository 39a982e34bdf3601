"""Time the search terms alone: search_record over the first items of a corpus, in one process.

Usage:
    python bench/search_record_timing.py bench/out/corpus-10000/content [--items 600] [--repeat 5]

Prints the median over the repeats of the time per item, for search_record and its main parts, with
the body's bigrams in Python (as a quick edit reads a few items) and then by numpy (as a full build
reads them: records.prepare_bulk).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sitegen.content.loader import read_document  # noqa: E402
from sitegen.search import records  # noqa: E402
from sitegen.search.records import bucket_tokens, document_tokens, search_record  # noqa: E402
from sitegen.search.tokens import text_tokens  # noqa: E402


def per_item(function: Callable[[Any], object], items: list[Any], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        for item in items:
            function(item)
        runs.append((time.perf_counter() - started) / len(items) * 1e6)
    return statistics.median(runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("--items", type=int, default=600)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    content = args.content.resolve()
    docs = [doc for path in sorted(content.rglob("*.md"))[: args.items]
            if (doc := read_document(path, content)[0]) is not None]
    tokens = [document_tokens(doc) for doc in docs]
    print(f"{len(docs)} items, µs per item (median of {args.repeat}):")
    print(f"  search_record        {per_item(search_record, docs, args.repeat):7.1f}")
    print(f"  document_tokens      {per_item(document_tokens, docs, args.repeat):7.1f}")
    print(f"  bucket_tokens        {per_item(bucket_tokens, tokens, args.repeat):7.1f}")
    print(f"  text_tokens(body)    {per_item(lambda doc: text_tokens(doc.text, False), docs, args.repeat):7.1f}")
    records.prepare_bulk()
    print(f"  search_record, bulk  {per_item(search_record, docs, args.repeat):7.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
