"""Time the page store (sitegen/pipeline/page_store.py): restoring and snapshotting item pages.

Usage, after a build of a corpus with the cache in <corpus>/cache:
    python bench/page_store_timing.py bench/out/corpus-1000 [--pages 2000]
"""
from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sitegen.config import load_config  # noqa: E402
from sitegen.diagnostics import Report  # noqa: E402
from sitegen.pipeline import page_store  # noqa: E402
from sitegen.structure.categories import build_category_tree  # noqa: E402
from sitegen.structure.units import build_unit_tree  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--pages", type=int, default=2000)
    args = parser.parse_args()
    config = load_config(args.corpus / "config.toml", Report(), "config.toml")
    if config is None:
        raise SystemExit("config.toml has errors")
    units = build_unit_tree(config.units, "config.toml", Report())
    columns = build_category_tree(config.categories, "config.toml", Report())
    store = next((args.corpus / "cache").glob("pages-*.sqlite"))
    rows = sqlite3.connect(store).execute("SELECT page FROM pages WHERE format = ? LIMIT ?",
                                          (page_store.STORE_FORMAT, args.pages)).fetchall()
    blobs = [row[0] for row in rows]
    if not blobs:
        raise SystemExit(f"no pages of format {page_store.STORE_FORMAT} in {store}: build the corpus first")
    started = time.perf_counter()
    pages = [page_store.restore(blob, config, units, columns) for blob in blobs]
    restored = time.perf_counter()
    for page in pages:
        page_store.snapshot(page, ("pinyin",))
    done = time.perf_counter()
    print(f"{len(blobs)} pages, {sum(map(len, blobs)) / len(blobs):.0f} bytes each: "
          f"restore {1e6 * (restored - started) / len(blobs):.0f} µs, snapshot {1e6 * (done - restored) / len(blobs):.0f} µs per page")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
