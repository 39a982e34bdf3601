"""The build pipeline: config -> documents -> site model -> pages -> files.

Per-file work (parse, validate, render Markdown) and page rendering are spread
over a process pool; everything is validated before a single file is written.
"""
from __future__ import annotations

import multiprocessing
import os
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .config import SiteConfig, load_config
from .content.loader import find_content_files, read_document
from .diagnostics import BuildAborted, Report
from .render.output import StagedOutput, check_output_dir
from .render.templates import PageRenderer, load_ui_strings, theme_dirs
from .search import write_search_index
from .search.records import search_records
from .structure.document import Document
from .structure.pages import Page, PagePlanner
from .structure.site import Site, build_site

# Below this many files a pool costs more than it saves.
PARALLEL_THRESHOLD = 200


@dataclass
class BuildOptions:
    config_path: Path
    content_dir: Path
    out_dir: Path
    jobs: int = 0            # 0 = one per CPU core

    @property
    def workers(self) -> int:
        return self.jobs or os.cpu_count() or 1


@dataclass
class BuildResult:
    site: Site
    report: Report
    pages: int = 0
    files: int = 0
    seconds: float = 0.0


def display_path(path: Path) -> str:
    """Paths in messages: relative to the working folder when that is shorter."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def load_site(options: BuildOptions, report: Report) -> Site:
    """Read and validate everything; raises BuildAborted when there are errors."""
    config_name = display_path(options.config_path)
    config = load_config(options.config_path, report, config_name)
    content_dir = options.content_dir
    if not content_dir.is_dir():
        report.error("content-not-found", display_path(content_dir), "找不到内容目录",
                     expected="存放 Markdown 文件的文件夹（默认 content/，可用 --content 指定）")
    if config is None or not content_dir.is_dir():
        raise BuildAborted(report)
    files = find_content_files(content_dir)
    if not files:
        report.warning("content-empty", display_path(content_dir), "内容目录中没有 Markdown 文件",
                       expected="每条政府信息一个 .md 文件")
    prefix = display_path(content_dir).rstrip("/") + "/"
    documents = read_documents(files, content_dir, prefix, options.workers, report)
    site = build_site(config, documents, report, config_name)
    if report.has_errors:
        raise BuildAborted(report)
    return site


def read_documents(files: list[Path], content_dir: Path, prefix: str, workers: int,
                   report: Report) -> list[Document]:
    args = [(f, content_dir, prefix) for f in files]
    if workers > 1 and len(files) >= PARALLEL_THRESHOLD:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            results = list(pool.map(_read_one, args, chunksize=max(1, len(args) // (workers * 8))))
    else:
        results = [_read_one(a) for a in args]
    documents = []
    for doc, diagnostics in results:
        report.extend(diagnostics)
        if doc is not None:
            documents.append(doc)
    return documents


def _read_one(args: tuple[Path, Path, str]):
    return read_document(*args)


def build(options: BuildOptions) -> BuildResult:
    started = time.perf_counter()
    report = Report()
    site = load_site(options, report)
    config = site.config
    check_output_dir(options.out_dir, [options.content_dir, config.root, *theme_dirs(config)])
    pages = list(PagePlanner(site, load_ui_strings(config.language)).plan())
    search = search_records(site.documents, options.workers)        # search hook 1: per-document records
    with StagedOutput(options.out_dir) as output:
        files = render_pages(pages, site, output.staging, options.workers)
        files += copy_theme_static(config, output.staging)
        files += write_search_index(site, search, output.staging, options.workers)   # search hook 2: the index
        output.commit()
    return BuildResult(site, report, pages=len(pages), files=files,
                       seconds=time.perf_counter() - started)


# Pages and the site model reach forked workers by inheritance, not pickling.
_shared: tuple[list[Page], Site, Path] | None = None
_renderer: PageRenderer | None = None


def render_pages(pages: list[Page], site: Site, root: Path, workers: int) -> int:
    global _shared
    _shared = (pages, site, root)
    try:
        if workers > 1 and len(pages) >= PARALLEL_THRESHOLD:
            step = max(1, len(pages) // (workers * 16))
            ranges = [(i, min(i + step, len(pages))) for i in range(0, len(pages), step)]
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
                return sum(pool.map(_render_range, ranges))
        return _render_range((0, len(pages)))
    finally:
        _shared = None


def _render_range(bounds: tuple[int, int]) -> int:
    global _renderer
    assert _shared is not None
    pages, site, root = _shared
    if _renderer is None or _renderer.env.globals["site"] is not site:
        _renderer = PageRenderer(site.config, site)
    written = 0
    made_dirs: set[Path] = set()
    for page in pages[bounds[0]: bounds[1]]:
        target = root / page.path
        if target.parent not in made_dirs:
            target.parent.mkdir(parents=True, exist_ok=True)
            made_dirs.add(target.parent)
        target.write_text(_renderer.render(page), encoding="utf-8")
        written += 1
        doc = page.context.get("doc") if page.kind == "document" else None
        if doc is not None:
            written += copy_document_files(doc, target.parent)
    return written


def copy_document_files(doc: Document, folder: Path) -> int:
    pairs: Iterable[tuple[str, str]] = [(a.source, a.file_name) for a in doc.attachments] + doc.assets
    count = 0
    for source, name in pairs:
        shutil.copyfile(source, folder / name)
        count += 1
    return count


def copy_theme_static(config: SiteConfig, root: Path) -> int:
    """Theme files under assets/; a site theme's file replaces the default's of the same name."""
    count = 0
    for theme in reversed(theme_dirs(config)):
        static = theme / "static"
        if not static.is_dir():
            continue
        for source in sorted(static.rglob("*")):
            if source.is_file():
                target = root / "assets" / source.relative_to(static)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
                count += 1
    return count
