"""Benchmark the client-side search on generated catalogues (and Pagefind on the same HTML).

Usage::

    python bench/search_bench.py [--items 10000 100000] [--work DIR] [--reuse] [--pagefind]

For each size: generate the catalogue (bench/generate_corpus.py), build it with the real
CLI, time the search-index phase alone in a fresh process (load, records, writer, peak
memory), then open search/index.html?q=… from file:// in headless Debian Chromium for
every query in bench/search_queries.toml and report index bytes loaded before the first
results, time to first results, warm-page query time and recall@10. With --pagefind
(needs `npm ci` in bench/), Pagefind 1.6 indexes the same document pages and is queried
over HTTP on 127.0.0.1 (it cannot run from file://) with the same queries.
Prints Markdown tables; medians over the queries.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import json
import random
import resource
import statistics
import subprocess
import sys
import threading
import time
import tomllib
from pathlib import Path
from urllib.parse import quote, unquote, urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAGEFIND = ROOT / "bench" / "node_modules" / ".bin" / "pagefind"
QUERIES = ROOT / "bench" / "search_queries.toml"


# ---------- the corpus and its judgements ----------

def front_matter(path: Path) -> dict:
    import yaml
    text = path.read_text(encoding="utf-8")
    return yaml.load(text.split("---")[1], Loader=yaml.BaseLoader)


def load_items(content: Path) -> list[dict]:
    items = []
    for path in sorted(content.rglob("*.md")):
        fm = front_matter(path)
        if fm.get("disclosure", "主动公开") == "主动公开" and fm.get("draft", "false") != "true":
            items.append(fm)
    return items


def matches(item: dict, rule: dict) -> bool:
    def any_in(values, text):
        values = [values] if isinstance(values, str) else values
        return any(v in text for v in values)
    if "title" in rule and not any_in(rule["title"], item["title"]):
        return False
    if "column" in rule and not any_in(rule["column"], item["category"]):
        return False
    if "unit" in rule and item["unit"] not in ([rule["unit"]] if isinstance(rule["unit"], str) else rule["unit"]):
        return False
    if "year" in rule and not item["date"].startswith(rule["year"]):
        return False
    return True


def query_set(items: list[dict]) -> list[dict]:
    """Queries with the 索引号 of every relevant item."""
    rng = random.Random(7)
    with_doc_no = [i for i in items if i.get("doc_no")]
    out = []
    for spec in tomllib.loads(QUERIES.read_text(encoding="utf-8"))["query"]:
        pick = spec.get("pick")
        if pick is None:
            relevant = {i["index_no"] for i in items if matches(i, spec["relevant"])}
            out.append({"q": spec["q"], "kind": spec["kind"], "relevant": relevant})
            continue
        item = rng.choice(with_doc_no if pick.startswith("doc_no") else items)
        if pick == "index_no":
            q, relevant = item["index_no"].lower(), {item["index_no"]}
        else:
            from sitegen.doc_numbers import parse_doc_no
            number = parse_doc_no(item["doc_no"])
            if pick == "doc_no_square":
                q = f"{number.agency}[{number.year}]{number.serial}号"
                relevant = {item["index_no"]}
            elif pick == "doc_no_fullwidth":
                wide = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in number.year + "|" + number.serial)
                year, serial = wide.split("|")
                q = f"{number.agency}（{year}）第{serial}号"
                relevant = {item["index_no"]}
            else:   # fragment: agency and year
                q = f"{number.agency}〔{number.year}〕"
                relevant = {i["index_no"] for i in with_doc_no
                            if parse_doc_no(i["doc_no"]).agency == number.agency
                            and parse_doc_no(i["doc_no"]).year == number.year}
        out.append({"q": q, "kind": spec["kind"], "relevant": relevant})
    return out


def recall_at_10(found: list[str], relevant: set[str]) -> float:
    if not relevant:
        return float("nan")
    return len(set(found[:10]) & relevant) / min(10, len(relevant))


# ---------- building ----------

def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    result = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(map(str, cmd))}\n{result.stdout}\n{result.stderr}")
    return result


def index_only(config: Path, content: Path, out: Path) -> dict:
    """The search phase alone, as the builder runs it (records in workers, then the writer)."""
    import os
    import shutil
    from sitegen.builder import BuildOptions, load_site
    from sitegen.diagnostics import Report
    from sitegen.search import write_search_index
    from sitegen.search.records import search_records
    options = BuildOptions(config, content, out)
    started = time.perf_counter()
    site = load_site(options, Report())
    loaded = time.perf_counter()
    records = search_records(site.documents, options.workers)
    recorded = time.perf_counter()
    # Rewritten in place so that --reuse measures the current writer (and client) on an old build.
    index = out / "assets" / "search"
    shutil.rmtree(index, ignore_errors=True)
    files = write_search_index(site, records, out, options.workers)
    written = time.perf_counter()
    shutil.copyfile(ROOT / "themes/default/static/js/search.js", out / "assets/js/search.js")
    from sitegen.render.templates import PageRenderer, load_ui_strings
    from sitegen.structure.pages import PagePlanner
    renderer = PageRenderer(site.config, site)
    for page in PagePlanner(site, load_ui_strings(site.config.language)).utility_pages():
        if page.kind == "search":
            (out / page.path).write_text(renderer.render(page), encoding="utf-8")
    size = sum(p.stat().st_size for p in index.rglob("*") if p.is_file())
    self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"documents": len(site.documents), "load_s": loaded - started, "records_s": recorded - loaded,
            "write_s": written - recorded, "files": files, "bytes": size, "peak_main_mb": self_rss,
            "peak_worker_mb": child_rss, "workers": options.workers, "cpus": os.cpu_count()}


# ---------- measuring in Chromium ----------

def index_bytes(urls: list[str], site: Path) -> tuple[int, int]:
    """Bytes and count of index files among file:// URLs (file:// has no compression: size on disk)."""
    total = count = 0
    for url in urls:
        path = Path(unquote(urlparse(url).path))
        if "/assets/search/" in url and path.is_file():
            total += path.stat().st_size
            count += 1
    return total, count


def measure_ours(browser, site: Path, queries: list[dict]) -> list[dict]:
    page_url = (site / "search" / "index.html").as_uri()
    rows = []
    for query in queries:
        context = browser.new_context()
        page = context.new_page()
        requests: list[str] = []
        failed: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.on("requestfailed", lambda r: failed.append(r.url))
        page.goto(page_url + "?q=" + quote(query["q"]))
        page.wait_for_function("window.sgSearch && window.sgSearch.runs > 0", timeout=60000)
        first_ms = page.evaluate("window.sgSearch.firstResultsAt")
        found = index_numbers(page)
        size, files = index_bytes(requests, site)
        total = page.evaluate("window.sgSearch.lastTotal")
        rows.append({**query, "bytes": size, "files": files, "first_ms": first_ms, "found": found,
                     "total": total, "failed": failed, "recall": recall_at_10(found, query["relevant"])})
        context.close()
    # Warm page: the manifest is loaded; each query then loads its own shards (round 1) or has them (round 2).
    context = browser.new_context()
    page = context.new_page()
    page.goto(page_url)
    page.wait_for_function("window.sgSearch && window.sgSearch.ready")
    page.evaluate("window.sgSearch.ready")
    for round_name in ("warm_ms", "cached_ms"):
        for row in rows:
            page.evaluate("q => window.sgSearch.run({q: q})", row["q"])
            row[round_name] = page.evaluate("window.sgSearch.lastQueryMs")
    context.close()
    return rows


def index_numbers(page) -> list[str]:
    """索引号 of the listed results, in order (from the result metadata)."""
    return page.evaluate("""() => Array.from(document.querySelectorAll('#search-results li.search-hit'))
        .map(li => { const f = Array.from(li.querySelectorAll('.hit-field'))
            .find(s => s.querySelector('.hit-label').textContent.startsWith('索引号'));
            return f ? f.textContent.replace(/^索引号：/, '') : ''; })""")


def serve(site: Path):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *a, **k: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


PAGEFIND_QUERY = """async (q) => {
  const t0 = performance.now();
  if (!window.__pf) { window.__pf = await import('/pagefind/pagefind.js'); await window.__pf.init(); }
  const search = await window.__pf.search(q);
  const top = await Promise.all(search.results.slice(0, 10).map(r => r.data()));
  return {ms: performance.now() - t0, total: search.results.length, urls: top.map(d => d.url)};
}"""


def measure_pagefind(browser, site: Path, queries: list[dict], url_to_index_no: dict[str, str]) -> list[dict]:
    server, base = serve(site)
    rows = []
    try:
        for query in queries:
            context = browser.new_context()
            page = context.new_page()
            sizes: list[int] = []

            def on_response(response, sizes=sizes):
                if "/pagefind/" in response.url:
                    try:
                        sizes.append(len(response.body()))
                    except Exception:
                        pass
            page.on("response", on_response)
            page.goto(base + "404.html")
            started = time.perf_counter()
            result = page.evaluate(PAGEFIND_QUERY, query["q"])
            first_ms = (time.perf_counter() - started) * 1000
            found = [url_to_index_no.get(u.lstrip("/").removesuffix("index.html").rstrip("/"), u) for u in result["urls"]]
            rows.append({**query, "bytes": sum(sizes), "files": len(sizes), "first_ms": first_ms,
                         "found": found, "total": result["total"],
                         "recall": recall_at_10(found, query["relevant"])})
            context.close()
        # Warm page, as for ours: each query new to the page (round 1), then again (round 2).
        context = browser.new_context()
        page = context.new_page()
        page.goto(base + "404.html")
        page.evaluate(PAGEFIND_QUERY, "公开")
        for round_name in ("warm_ms", "cached_ms"):
            for row in rows:
                row[round_name] = page.evaluate(PAGEFIND_QUERY, row["q"])["ms"]
        context.close()
    finally:
        server.shutdown()
    return rows


# ---------- report ----------

def median(values) -> float:
    values = [v for v in values if v == v]
    return statistics.median(values) if values else float("nan")


def table(title: str, rows: list[dict], with_pagefind: list[dict] | None) -> str:
    lines = [f"#### {title}", "",
             "| query | kind | relevant | results | index KB loaded | files | first results ms | warm ms | cached ms | recall@10 |"
             + (" Pagefind KB | Pagefind results | Pagefind recall@10 |" if with_pagefind else ""),
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|" + ("---:|---:|---:|" if with_pagefind else "")]
    for i, r in enumerate(rows):
        line = (f"| {r['q']} | {r['kind']} | {len(r['relevant'])} | {r['total']} | {r['bytes'] / 1024:.1f} | {r['files']} | "
                f"{r['first_ms']:.0f} | {r['warm_ms']:.1f} | {r['cached_ms']:.1f} | {r['recall']:.2f} |")
        if with_pagefind:
            p = with_pagefind[i]
            line += f" {p['bytes'] / 1024:.1f} | {p['total']} | {p['recall']:.2f} |"
        lines.append(line)
    line = (f"| **median** | | | | **{median(r['bytes'] for r in rows) / 1024:.1f}** | {median(r['files'] for r in rows):.0f} | "
            f"**{median(r['first_ms'] for r in rows):.0f}** | **{median(r['warm_ms'] for r in rows):.1f}** | "
            f"{median(r['cached_ms'] for r in rows):.1f} | **{median(r['recall'] for r in rows):.2f}** |")
    if with_pagefind:
        line += (f" **{median(p['bytes'] for p in with_pagefind) / 1024:.1f}** | | "
                 f"**{median(p['recall'] for p in with_pagefind):.2f}** |")
    lines.append(line)
    lines.append(f"\nmax index KB loaded: {max(r['bytes'] for r in rows) / 1024:.1f}; "
                 f"mean recall@10: {statistics.fmean(r['recall'] for r in rows):.2f}"
                 + (f" (Pagefind {statistics.fmean(p['recall'] for p in with_pagefind):.2f}, "
                    f"max KB {max(p['bytes'] for p in with_pagefind) / 1024:.1f}, "
                    f"median warm ms {median(p['warm_ms'] for p in with_pagefind):.1f}, "
                    f"cached ms {median(p['cached_ms'] for p in with_pagefind):.1f})" if with_pagefind else "")
                 + f"; failed requests: {sum(len(r['failed']) for r in rows)}")
    return "\n".join(lines)


def bench_size(items: int, work: Path, reuse: bool, pagefind: bool, browser) -> str:
    folder = work / f"n{items}"
    public = folder / "public"
    python = sys.executable
    out = [f"### {items:,} items", ""]
    if not (reuse and (public / "search" / "index.html").is_file()):
        run([python, str(ROOT / "bench" / "generate_corpus.py"), str(folder), "--items", str(items)])
        started = time.perf_counter()
        run([python, str(ROOT / "build.py"), "build", "--config", str(folder / "config.toml"),
             "--content", str(folder / "content"), "--out", str(public)], timeout=7200)
        out.append(f"Full site build (CLI): {time.perf_counter() - started:.1f} s")
    stats = json.loads(run([python, __file__, "--index-only", str(folder / "config.toml"),
                            str(folder / "content"), str(public)], timeout=7200).stdout)
    out.append(f"Search index phase alone ({stats['workers']} workers): load+validate {stats['load_s']:.1f} s (not search), "
               f"records {stats['records_s']:.1f} s, writer {stats['write_s']:.1f} s; "
               f"{stats['files']:,} files, {stats['bytes'] / 1024 / 1024:.1f} MB; peak RSS main {stats['peak_main_mb']:.0f} MB, "
               f"largest worker {stats['peak_worker_mb']:.0f} MB")
    manifest = (public / "assets" / "search" / "m.js").stat().st_size
    out.append(f"Manifest m.js {manifest / 1024:.1f} KB (in every first query), facets f.js "
               f"{(public / 'assets' / 'search' / 'f.js').stat().st_size / 1024:.1f} KB (only when filtering), "
               f"search.js {(public / 'assets' / 'js' / 'search.js').stat().st_size / 1024:.1f} KB (not index data)")
    items_fm = load_items(folder / "content")
    queries = query_set(items_fm)
    ours = measure_ours(browser, public, queries)
    theirs = None
    if pagefind:
        if not PAGEFIND.exists():
            out.append("Pagefind not installed (run `npm ci` in bench/); skipped.")
        else:
            started = time.perf_counter()
            result = subprocess.run(["/usr/bin/time", "-f", "%M", str(PAGEFIND), "--site", str(public),
                                     "--glob", "docs/**/index.html", "--root-selector", "main", "--force-language", "zh"],
                                    capture_output=True, text=True, timeout=7200)
            seconds = time.perf_counter() - started
            peak_kb = int(result.stderr.strip().splitlines()[-1]) if result.stderr.strip() else 0
            size = sum(p.stat().st_size for p in (public / "pagefind").rglob("*") if p.is_file())
            count = sum(1 for p in (public / "pagefind").rglob("*") if p.is_file())
            out.append(f"Pagefind 1.6.0 indexing: {seconds:.1f} s, peak {peak_kb / 1024:.0f} MB, "
                       f"{count:,} files, {size / 1024 / 1024:.1f} MB")
            url_map = {}
            for fm in items_fm:
                from sitegen.slugs import index_no_slug
                from sitegen.structure.document import NATIONAL_INDEX_NO
                m = NATIONAL_INDEX_NO.match(fm["index_no"])
                year = m.group("year") if m else fm["date"][:4]
                url_map[f"docs/{year}/{index_no_slug(fm['index_no'])}"] = fm["index_no"]
            theirs = measure_pagefind(browser, public, queries, url_map)
    out += ["", table(f"{items:,} items — file:// (ours), HTTP (Pagefind)", ours, theirs), ""]
    summary = {"items": items, "median_kb": median(r["bytes"] for r in ours) / 1024,
               "median_warm_ms": median(r["warm_ms"] for r in ours)}
    print(json.dumps(summary), file=sys.stderr)
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "out" / "search")
    parser.add_argument("--reuse", action="store_true", help="reuse catalogues already built in --work")
    parser.add_argument("--pagefind", action="store_true", help="also index and query with Pagefind")
    parser.add_argument("--index-only", nargs=3, type=Path, metavar=("CONFIG", "CONTENT", "OUT"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.index_only:
        print(json.dumps(index_only(*args.index_only)))
        return 0
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        for items in args.items:
            print(bench_size(items, args.work, args.reuse, args.pagefind, browser), flush=True)
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
