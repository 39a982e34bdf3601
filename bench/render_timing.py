"""Time the templates alone: every planned page of a corpus rendered in memory, both variants.

No file is written, so the figure is free of the file system's noise, which on this machine
varies tenfold from run to run (bench/RESULTS.md). One process; CPU time per page by template.

Usage, in a corpus folder or with --corpus:
    python bench/render_timing.py --corpus bench/out/corpus-1000 [--limit 5000] [--repeat 3]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sitegen.builder import BuildOptions, cache_paths, content_prefix, load_site, open_document_cache  # noqa: E402
from sitegen.diagnostics import Report  # noqa: E402
from sitegen.render.templates import PageRenderer  # noqa: E402
from sitegen.render.themes import load_ui_strings  # noqa: E402
from sitegen.structure.pages import PagePlanner  # noqa: E402
from sitegen.structure.variants import VARIANTS  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("."))
    parser.add_argument("--limit", type=int, default=0, help="render only the first N pages (0 = all)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    corpus = args.corpus.resolve()
    options = BuildOptions(corpus / "config.toml", corpus / "content", corpus / "public", jobs=1,
                           cache_dir=corpus / ".cache" / "render-timing", progress=False)
    cache = open_document_cache(options, cache_paths(options, content_prefix(options)))
    site = load_site(options, Report(), cache)
    pages = list(PagePlanner(site, load_ui_strings(site.config.language)).plan())
    if args.limit:
        pages = pages[: args.limit]
    renderer = PageRenderer(site.config, site)
    for page in pages:              # bodies in memory: this times the templates, not the store
        doc = page.context.get("doc") if page.kind == "document" else None
        if doc is not None and doc.content_key and not doc.body_html:
            doc.body_html = cache.store.get(doc.content_key)
    runs: list[float] = []
    by_template: dict[str, list[float]] = defaultdict(list)
    count: dict[str, int] = defaultdict(int)
    size = 0
    for _ in range(args.repeat):
        spent: dict[str, float] = defaultdict(float)
        started = time.process_time()
        for page in pages:
            for variant in VARIANTS:
                if variant not in page.variants:
                    continue
                before = time.process_time()
                html = renderer.render(page, variant)
                spent[page.template] += time.process_time() - before
                size += len(html)
        runs.append(time.process_time() - started)
        for name, seconds in spent.items():
            by_template[name].append(seconds)
    for page in pages:
        for variant in VARIANTS:
            if variant in page.variants:
                count[page.template] += 1
    renders = sum(count.values())
    print(f"{len(pages)} pages, {renders} renders (both variants), {size / args.repeat / renders / 1024:.1f} KB each; "
          f"median of {args.repeat}: {statistics.median(runs):.2f} s CPU, "
          f"{1e6 * statistics.median(runs) / renders:.0f} µs per render")
    for name, seconds in sorted(by_template.items(), key=lambda kv: -statistics.median(kv[1])):
        print(f"  {name:28} {count[name]:6d} renders  {1e6 * statistics.median(seconds) / count[name]:6.0f} µs each")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
