"""The build pipeline: config -> documents -> site model -> pages -> files.

Cold builds spread the per-file work (parse, validate, render Markdown) and the
page rendering over a process pool; bodies go to an on-disk store so memory
does not grow with the catalogue's text. Warm builds reuse everything whose
inputs did not change (see pipeline/): unchanged files are not read, unchanged
pages are not rendered, a build with no change at all stops after checking
file stamps, and one where only a few bodies changed takes the quick path
(pipeline/quick_edit.py). Everything is validated before a single output file
is written.

Start-up time is part of every build staff wait for, so this module imports only
what the no-change check needs; the rest is imported where it is used.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import time
from array import array
from dataclasses import dataclass, field
from itertools import chain, repeat
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .code_version import CODE_VERSION
from .content.paths import find_content_files, stamped_content_files
from .diagnostics import BuildAborted, Diagnostic, Report
from .pipeline.fileio import make_folder, write_file
from .pipeline.heap import long_lived, read_pickle, save_pickle
from .pipeline.site_writer import SiteWriter
from .pipeline.stamps import Stamp, digest_bytes, digest_text, stamp, tree_digest
from .render.output import check_output_dir
from .render.themes import LOCALES, load_ui_strings, theme_dirs
from .slugs import PINYIN_MEMO

if TYPE_CHECKING:
    from .config import SiteConfig
    from .feeds import Feed
    from .pipeline.body_store import BodyStore
    from .pipeline.documents import DocumentCache
    from .pipeline.page_store import PageStore
    from .pipeline.quick_edit import SourceRecord
    from .render.templates import PageRenderer
    from .structure.document import Document
    from .structure.pages import Page
    from .structure.site import Site

PARALLEL_THRESHOLD = 200       # pages; below this a pool costs more than it saves
TEMPLATES_CACHE = "templates"  # compiled Jinja templates, in the cache folder



@dataclass
class BuildOptions:
    config_path: Path
    content_dir: Path
    out_dir: Path
    jobs: int = 0                   # 0 = one per CPU core
    cache_dir: Path | None = None   # None = .cache/sitegen beside the config file
    use_cache: bool = True
    progress: bool = True           # shown only on a terminal
    # May stop early when nothing changed, or take the quick path when only bodies changed (then no
    # site model is returned); either trusts the record of the output instead of checking every file.
    shortcut: bool = True

    @property
    def workers(self) -> int:
        return self.jobs or os.cpu_count() or 1

    def cache_root(self) -> Path:
        return (self.cache_dir or self.config_path.resolve().parent / ".cache" / "sitegen").resolve()


@dataclass
class BuildResult:
    report: Report
    documents: int = 0              # published items
    withheld: int = 0               # items kept out of the output (依申请公开, 不予公开, drafts)
    pages: int = 0
    files: int = 0                  # files in the output
    written: int = 0                # files written by this build
    deleted: int = 0
    seconds: float = 0.0
    unchanged: bool = False         # nothing to do: no input changed since the last build
    site: Site | None = None
    phases: dict[str, float] = field(default_factory=dict)    # seconds per phase, for bench/
    search_index: str = ""          # how the search index was updated: unchanged, patched or written
    quick_declined: str = ""        # why a build that changed something did not take the quick path
    site_title: str = ""            # for the review report's heading


@dataclass
class CachePaths:
    bodies: Path                    # the cache root: the body store keeps its own folder in it
    documents: Path
    outputs: Path
    state: Path
    pinyin: Path
    search: Path
    pages: Path                     # item pages as planned (pipeline/page_store.py)
    quick: Path                     # what an edit of a few bodies needs (pipeline/quick_edit.py)


def display_path(path: Path) -> str:
    """Paths in messages: relative to the working folder when that is shorter."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def cache_paths(options: BuildOptions, prefix: str) -> CachePaths:
    root = options.cache_root()
    # One documents index per content folder (and message prefix), one record per output folder.
    source_key = digest_text(str(options.content_dir.resolve()), prefix)[:16]
    output_key = digest_text(str(options.out_dir.resolve()), source_key)[:16]
    return CachePaths(bodies=root, documents=root / f"documents-{source_key}.pickle",
                      outputs=root / f"outputs-{output_key}.pickle", state=root / f"state-{output_key}.pickle",
                      pinyin=root / "pinyin.pickle", search=root / f"search-{output_key}.pickle",
                      pages=root / f"pages-{output_key}.sqlite", quick=root / f"quick-{output_key}.pickle")


def content_prefix(options: BuildOptions) -> str:
    return display_path(options.content_dir).rstrip("/") + "/"


def open_document_cache(options: BuildOptions, paths: CachePaths) -> DocumentCache:
    from .pipeline.body_store import BodyStore
    from .pipeline.documents import DocumentCache
    return DocumentCache(paths.documents if options.use_cache else None, BodyStore(paths.bodies))


@dataclass
class ReportSpans:
    """Where each file's diagnostics sit in the report (start, end): entries by content file path,
    review of public items by source. A later build may replace them (pipeline/quick_edit.py)."""
    entries: dict[str, tuple[int, int]] = field(default_factory=dict)
    items: dict[str, tuple[int, int]] = field(default_factory=dict)


def load_site(options: BuildOptions, report: Report, cache: DocumentCache | None = None,
              files: list[Path] | None = None, spans: ReportSpans | None = None) -> Site:
    """Read and validate everything; raises BuildAborted when there are errors."""
    from .annual_report import DATA_KEY, load_annual_reports
    from .config import load_config
    from .review.site_review import review_site
    from .structure.site import build_site
    config_name = display_path(options.config_path)
    config = load_config(options.config_path, report, config_name)
    content_dir = options.content_dir
    if not content_dir.is_dir():
        report.error("content-not-found", display_path(content_dir), "找不到内容目录",
                     expected="存放 Markdown 文件的文件夹（默认 content/，可用 --content 指定）")
    if config is None or not content_dir.is_dir():
        raise BuildAborted(report)
    if files is None:
        files = find_content_files(content_dir)
    if not files:
        report.warning("content-empty", display_path(content_dir), "内容目录中没有 Markdown 文件",
                       expected="每条政府信息一个 .md 文件")
    prefix = content_prefix(options)
    if cache is None:
        cache = open_document_cache(options, cache_paths(options, prefix))
    # The documents, and the model that links and reviews them, live until the build ends; making
    # them leaves nearly no garbage. Collections meanwhile would walk all of them again and again
    # as they grow: at 100,000 items, a quarter of the time this takes.
    with long_lived():
        entries = cache.read_all(files, content_dir, prefix, options.workers, options.progress)
        spans = spans or ReportSpans()
        for path, entry in zip(files, entries):
            start = len(report.items)
            report.extend(entry.diagnostics)
            spans.entries[str(path)] = (start, len(report.items))
        cache.save()      # even when the site has errors: the next run rereads only what is fixed
        site = build_site(config, cache.fresh_documents(entries), report, config_name)
        review_site(site, report, config_name,      # 保密审查 etc.: a blocking finding is an error
                    body_of=lambda doc: cache.store.get(doc.content_key) if doc.content_key else doc.body_html,
                    item_spans=spans.items)
        # Annual reports split their body into the six sections: those few bodies come from the store.
        with_data = [d for d in (*site.documents, *site.withheld) if DATA_KEY in d.extra and d.content_key]
        for doc in with_data:
            doc.body_html = cache.store.get(doc.content_key)
        site.annual_reports = load_annual_reports(site, content_dir, prefix, report)
        for doc in with_data:
            doc.body_html = ""
    if report.has_errors:
        raise BuildAborted(report)
    return site


# ---------------------------------------------------------------- no-change fast path

@dataclass
class BuildState:
    """What the last successful build saw, to recognise a build with nothing to do."""
    inputs_key: str
    dependencies: list[str]
    diagnostics: list[Diagnostic]
    result: BuildResult = field(default_factory=lambda: BuildResult(Report()))
    # What the key read because the config named it; while the config is unchanged (its stamp is
    # in the key), a build can check the key without loading the config.
    config_inputs: ConfigInputs | None = None


ConfigInputs = tuple[list[Path], list[Path]]    # theme folders, files the config names


def config_inputs(config: SiteConfig | None) -> ConfigInputs:
    return (theme_dirs(config) if config is not None else [], config_files(config))


def inputs_key(options: BuildOptions, inputs: ConfigInputs, files: list[str], dependencies: list[str],
               file_stamps: list[Stamp] | None = None) -> str:
    """Digest of every input's stamp: content files, their attachments, config, theme, tool; and
    the date, as some checks count days (a column not updated for N days)."""
    theme_roots, named_files = inputs
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{CODE_VERSION}\x00{options.config_path.resolve()}\x00{stamp(options.config_path)}"
             f"\x00{dt.date.today().isoformat()}".encode())
    stamps = file_stamps if file_stamps is not None else [stamp(path) for path in files]
    # Names and stamps in two blocks (a name cannot hold \x00): one call each, for ten thousand files.
    h.update(f"{len(files)}\x00".encode())
    h.update("\x00".join(files).encode("utf-8", "surrogateescape"))
    h.update(array("q", chain.from_iterable(stamps)).tobytes())
    for path in dependencies:
        h.update(f"{path}\x00{stamp(path)}\x00".encode())
    for path in named_files:
        h.update(f"{path}\x00{stamp(path)}\x00".encode())
    for folder in [*theme_roots, LOCALES]:
        for entry in sorted(folder.rglob("*")):
            h.update(f"{entry}\x00{stamp(entry)}\x00".encode())
    return h.hexdigest()


def config_files(config: SiteConfig | None) -> list[Path]:
    """Files the config names whose content the checks read (a site's own holiday calendar)."""
    if config is None or not config.review.holiday_calendar:
        return []
    return [config.root / config.review.holiday_calendar]


def _load_state(path: Path) -> BuildState | None:
    state = read_pickle(path)
    return state if isinstance(state, BuildState) else None


def _save_state(path: Path, state: BuildState) -> None:
    save_pickle(path, state)


# Pinyin already looked up, by the slugs (file names, sort keys) and by search (title runs,
# unit and column names): kept in the cache so a rebuild need not load pypinyin's tables.
def pinyin_memos() -> dict[str, dict]:
    from .search.pinyin import KNOWN_RUNS
    return {"slugs": PINYIN_MEMO, "search": KNOWN_RUNS}


def _load_pinyin_memos(path: Path) -> int:
    """Seed the pinyin memos from the cache; returns their size, to know whether to save them."""
    saved = read_pickle(path)
    if isinstance(saved, dict):
        for name, memo in pinyin_memos().items():
            memo.update(saved.get(name, {}))
    return _memo_size()


def _memo_size() -> int:
    return sum(len(memo) for memo in pinyin_memos().values())


# ---------------------------------------------------------------- bodies edited (pipeline/quick_edit.py)

def site_global_key(options: BuildOptions, config: SiteConfig) -> str:
    """What every page depends on: the tool, the config, the theme, the UI strings."""
    return digest_text(CODE_VERSION, digest_bytes(options.config_path.read_bytes()),
                       tree_digest(theme_dirs(config)), tree_digest([LOCALES]))


def quick_key(global_key: str, config: SiteConfig, prefix: str) -> str:
    from .pipeline.quick_edit import record_key
    extra = "".join(f"{path}\x00{stamp(path)}\x00" for path in config_files(config))
    return record_key(digest_text(global_key, extra), dt.date.today().isoformat(), prefix)


def build_quickly(options: BuildOptions, paths: CachePaths, config: SiteConfig, files: list[str],
                  file_stamps: list[Stamp], writer: SiteWriter, previous: BuildState,
                  start_key: str) -> BuildResult | str:
    """The few items edited, when only their bodies changed; else why the full build must run."""
    from .pipeline.body_store import BodyStore
    from .pipeline.page_store import PageStore
    from .pipeline.quick_edit import Declined, changed_files, load_record, quick_edit
    started = time.perf_counter()
    prefix = content_prefix(options)
    record = load_record(paths.quick)
    global_key = site_global_key(options, config)
    if record is None or record.key != quick_key(global_key, config, prefix):
        return "no record, or the config, theme or date changed"
    changed = changed_files(record, files, file_stamps)
    if changed is None:
        return "files added or removed, or attachments changed"
    if not changed:
        return "no content file changed (the output or a record did)"
    memo_size = _load_pinyin_memos(paths.pinyin)
    done = quick_edit(record, changed, content_dir=options.content_dir, prefix=prefix, config=config,
                      config_name=display_path(options.config_path), global_key=global_key, writer=writer,
                      store=BodyStore(paths.bodies), pages=PageStore(paths.pages), search_record=paths.search,
                      documents_index=paths.documents, record_file=paths.quick,
                      templates_cache=options.cache_root() / TEMPLATES_CACHE)
    if isinstance(done, Declined):
        return done.reason
    documents, withheld, pages, files_count = record.counts
    saved = BuildResult(Report(), documents, withheld, pages, files_count, site_title=config.title)
    _save_state(paths.state, BuildState(start_key, previous.dependencies, done.diagnostics, saved,
                                        config_inputs(config)))
    if _memo_size() != memo_size:
        save_pickle(paths.pinyin, {name: dict(memo) for name, memo in pinyin_memos().items()})
    return BuildResult(Report(done.diagnostics), documents, withheld, pages, files_count, written=done.written,
                       phases={"quick edit": time.perf_counter() - started}, search_index="patched",
                       site_title=config.title)


def keep_plans(pages: list[Page], store: PageStore) -> None:
    """Every item page in the page store: those just rendered are in already; add any it lacks."""
    from .pipeline.documents import EXTRACTOR_PRIMERS
    from .pipeline.page_store import can_snapshot, snapshot
    wanted = {page.context["doc"].source: page for page in pages if can_snapshot(page)}
    missing = wanted.keys() - store.sources()      # after a cache upgrade, or the store deleted
    store.put((source, snapshot(wanted[source], EXTRACTOR_PRIMERS)) for source in sorted(missing))
    store.commit(keep=set(wanted))


def source_records(names: list[str], files: list[Path], cache: DocumentCache, spans: ReportSpans,
                   pages: list[Page]) -> dict[str, SourceRecord]:
    """Each content file as this build used it, with its item page when the page store keeps it."""
    from .pipeline.page_store import can_snapshot
    from .pipeline.quick_edit import SourceRecord
    kept = {page.context["doc"].source: page.path for page in pages if can_snapshot(page)}
    records = {}
    for name, path in zip(names, files):
        entry = cache.entries.get(str(path))
        if entry is None or entry.document is None:
            continue
        doc = entry.document
        records[name] = SourceRecord(entry.stamp, entry.deps, doc.source, doc.model_key, doc.content_key,
                                     kept.get(doc.source), spans.entries[str(path)], spans.items.get(doc.source))
    return records


# ---------------------------------------------------------------- the build

def build(options: BuildOptions) -> BuildResult:
    started = time.perf_counter()
    prefix = content_prefix(options)
    paths = cache_paths(options, prefix)
    # What a warm build loads (the last build's records) lives until it ends, and a quick one makes
    # little garbage: collections would walk all of it several times (5 % of a quick edit's time).
    with long_lived():
        previous_state = _load_state(paths.state) if options.use_cache else None
        # Stamps are taken before anything is read: a file saved during the build is seen next time.
        names, file_stamps = stamped_content_files(options.content_dir) if options.content_dir.is_dir() else ([], [])
        known_dependencies = previous_state.dependencies if previous_state else []
        start_key, declined = "", "--no-cache or --full" if not (options.use_cache and options.shortcut) else "no config"
        if options.use_cache and options.shortcut and options.config_path.is_file():
            last_inputs = previous_state.config_inputs if previous_state is not None else None
            if last_inputs is not None:
                start_key = inputs_key(options, last_inputs, names, known_dependencies, file_stamps)
                if start_key == previous_state.inputs_key and SiteWriter.record_matches(options.out_dir, paths.outputs):
                    result = previous_state.result
                    result.report = Report(list(previous_state.diagnostics))
                    result.unchanged, result.written, result.deleted = True, 0, 0
                    result.seconds = time.perf_counter() - started
                    return result
            from .config import load_config
            config = load_config(options.config_path, Report(), display_path(options.config_path))
            if last_inputs is None or config_inputs(config) != last_inputs:
                start_key = inputs_key(options, config_inputs(config), names, known_dependencies, file_stamps)
            declined = "no record of a previous build" if previous_state is None else "config has errors"
            if previous_state is not None and config is not None:
                writer = SiteWriter(options.out_dir, paths.outputs)
                quick = build_quickly(options, paths, config, names, file_stamps, writer, previous_state, start_key)
                if isinstance(quick, BuildResult):
                    quick.seconds = time.perf_counter() - started
                    return quick
                declined = quick

    from .feeds import all_feeds, feed_inputs
    from .pipeline.body_store import BodyStore
    from .pipeline.fingerprints import page_fingerprint
    from .pipeline.page_store import PageStore, cut_loose
    from .pipeline.quick_edit import RECORD_FORMAT, QuickRecord, save_record
    from .pipeline.search_outputs import start_search_index
    from .sitemap import search_engine_files
    from .structure.pages import PagePlanner
    from .structure.variants import VARIANTS, output_path

    if options.use_cache:
        paths.quick.unlink(missing_ok=True)      # written again at the end, for this build's output
    phases: dict[str, float] = {}
    clock = started

    def phase(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        phases[name] = now - clock
        clock = now

    phase("stamps")
    memo_size = _load_pinyin_memos(paths.pinyin) if options.use_cache else 0
    report = Report()
    cache = open_document_cache(options, paths)
    spans = ReportSpans()
    files = [Path(name) for name in names]
    site = load_site(options, report, cache, files, spans)
    phase("read+model")
    config = site.config
    check_output_dir(options.out_dir, [options.content_dir, config.root, *theme_dirs(config)])
    global_key = site_global_key(options, config)

    writer = SiteWriter(options.out_dir, paths.outputs if options.use_cache else None)
    with writer:
        # The search index depends on the documents alone: written whole, it is written by a
        # background process while the pages are planned and rendered (finished before the commit).
        with long_lived():      # a warm build's index record: it too lives until the build ends
            pending_index = start_search_index(site, writer, paths.search if options.use_cache else None,
                                               options.cache_root() / "search-scratch", global_key,
                                               options.workers, cache.store, background=True)
        try:
            with long_lived():      # the pages live until the build ends, like the model
                pages = list(PagePlanner(site, load_ui_strings(config.language)).plan())
            phase("plan")
            # The outputs to render, the standard page and its 关怀版 twin: one machine integer each,
            # page index * len(VARIANTS) + variant index (_render_batch decodes it), as a catalogue has
            # hundreds of thousands of outputs and workers receive them in batches.
            if writer.full:     # all of them: the render processes fingerprint the pages as they go
                todo = array("L", range(len(pages) * len(VARIANTS)))
            else:
                todo = array("L")
                memo: dict[int, str] = {}     # shared lists stay alive (in pages) while this runs
                for index, page in enumerate(pages):
                    fingerprint = page_fingerprint(page, global_key, memo)
                    todo.extend(index * len(VARIANTS) + number for number, variant in enumerate(VARIANTS)
                                if writer.needs(output_path(page.path, variant), fingerprint))
            # Feeds are written beside the pages, by the same processes: hundreds of small jobs.
            feeds = [(path, title, docs) for path, title, docs in all_feeds(site)
                     if writer.needs(path, digest_text(global_key, *feed_inputs(site, path, title, docs)))]
            phase("fingerprints")
            page_store = PageStore(paths.pages) if options.use_cache else None

            def rendered(fingerprints: list[tuple[str, str]]) -> None:
                for path, fingerprint in fingerprints:
                    writer.needs(path, fingerprint)

            copied = render_pages(pages, todo, site, writer.staging, BodyStore(paths.bodies), options,
                                  page_store.put if page_store else None, feeds,
                                  (global_key, rendered) if writer.full else None)
            phase("render")
            writer.written += len(todo) + len(feeds) + copied
            copy_document_files(site, writer)
            copy_theme_static(config, writer)
            phase("files")
            for path, data in search_engine_files(site, pages, report, display_path(options.config_path)):
                if writer.needs(path, digest_bytes(data)):
                    writer.write_bytes(path, data)
            phase("sitemap")
            # The search index must be complete before the commit, like every output.
            search_index = pending_index.finish()
            phase("search index")
        except BaseException:
            pending_index.discard()
            raise
        deleted = len(writer.previous.keys() - writer.current.keys())
        writer.commit()
        cache.prune()
        phase("commit")
        if page_store is not None:
            keep_plans(pages, page_store)

    result = BuildResult(report, documents=len(site.documents), withheld=len(site.withheld),
                         pages=len(pages) * len(VARIANTS), files=len(writer.current) + 1, written=writer.written,
                         deleted=deleted, site_title=config.title)
    if options.use_cache:
        dependencies = sorted({dep for entry in cache.entries.values() for dep, _ in entry.deps})
        if dependencies != known_dependencies:      # rare: an attachment was added or removed
            start_key = inputs_key(options, config_inputs(config), names, dependencies)
        saved = BuildResult(Report(), result.documents, result.withheld, result.pages, result.files,
                            site_title=config.title)
        _save_state(paths.state, BuildState(start_key, dependencies, list(report.items), saved,
                                            config_inputs(config)))
        save_record(paths.quick, QuickRecord(
            RECORD_FORMAT, quick_key(global_key, config, prefix),
            source_records(names, files, cache, spans, pages), list(report.items),
            [cut_loose(doc) for doc in site.withheld], cache.files_stamps(),
            (result.documents, result.withheld, result.pages, result.files)))
        if _memo_size() != memo_size:
            save_pickle(paths.pinyin, {name: dict(memo) for name, memo in pinyin_memos().items()})
    phase("save state")
    result.site, result.phases, result.search_index, result.quick_declined = site, phases, search_index, declined
    result.seconds = time.perf_counter() - started
    return result


# Pages and the site model reach forked workers by inheritance, not pickling.
_shared: tuple[list[Page], Site, Path, BodyStore, bool, Path | None, list[Feed], str | None] | None = None
_renderer: PageRenderer | None = None
# Digests of the large lists pages share, by id, for as long as the pages live (fingerprints.py).
_fingerprint_memo: dict[int, str] = {}
# A batch's result: outputs done, item pages as planned (source, snapshot), (output path, fingerprint) pairs,
# attachments copied.
Rendered = tuple[int, list[tuple[str, bytes]], list[tuple[str, str]], int]


def render_pages(pages: list[Page], todo: array[int], site: Site, root: Path, store: BodyStore,
                 options: BuildOptions, keep: Callable[[list[tuple[str, bytes]]], None] | None = None,
                 feeds: list[Feed] | None = None,
                 fingerprint: tuple[str, Callable[[list[tuple[str, str]]], None]] | None = None) -> int:
    """Render the outputs in todo, and write the feeds; keep receives the item pages rendered, as
    planned (source, page_store.snapshot), batch by batch, so that they never pile up in memory.
    fingerprint: (the global key, a callback) to have each output's page fingerprinted where it is
    rendered, in parallel, and the (output path, fingerprint) pairs passed to the callback; then the
    item pages' attachments are copied as they render, and passed to the callback too. Returns how
    many attachments were copied."""
    import multiprocessing
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor

    from .pipeline.progress import Progress
    from .structure.variants import VARIANTS
    global _shared, _renderer
    feeds = feeds or []
    if feeds:         # numbered after the pages' outputs (_render_batch tells them apart)
        todo = todo + array(todo.typecode, range(len(pages) * len(VARIANTS), len(pages) * len(VARIANTS) + len(feeds)))
    if not todo:
        return 0
    _shared = (pages, site, root, store, keep is not None,
               options.cache_root() / TEMPLATES_CACHE if options.use_cache else None, feeds,
               fingerprint[0] if fingerprint else None)
    progress = Progress("生成页面", len(todo), enabled=None if options.progress else False)

    copied = 0

    def take(result: Rendered) -> None:
        nonlocal copied
        done, snapshots, fingerprints, files = result
        copied += files
        progress.advance(done)
        if keep is not None:
            keep(snapshots)
        if fingerprint is not None:
            fingerprint[1](fingerprints)

    try:
        workers = options.workers
        if workers > 1 and len(todo) >= PARALLEL_THRESHOLD:
            step = max(1, min(200, len(todo) // (workers * 8)))
            batches = deque(todo[i: i + step] for i in range(0, len(todo), step))
            # The main process renders too, beside workers - 1 forked ones. A forked worker ends up
            # with a private copy of most of the model it inherited (reading an object writes its
            # reference count), so each worker fewer is a model's worth of memory fewer.
            outstanding: deque[Future[Rendered]] = deque()

            with ProcessPoolExecutor(workers - 1, mp_context=multiprocessing.get_context("fork")) as pool:
                while batches:
                    while outstanding and outstanding[0].done():
                        take(outstanding.popleft().result())
                    # Workers from the front, the main process from the back: each touches (and so
                    # copies) one end of the model's memory, instead of both touching all of it.
                    if len(outstanding) < 4 * (workers - 1):      # keep the workers fed first
                        outstanding.append(pool.submit(_render_batch, batches.popleft()))
                    else:
                        take(_render_batch(batches.pop()))
                while outstanding:
                    take(outstanding.popleft().result())
        else:
            take(_render_batch(todo))
    finally:
        _shared = _renderer = None      # the main process rendered too: let the model go
        _fingerprint_memo.clear()
        progress.finish()
    return copied


def _render_batch(batch: array[int]) -> Rendered:
    from .feeds import atom_feed
    from .pipeline.documents import EXTRACTOR_PRIMERS
    from .pipeline.fingerprints import page_fingerprint
    from .pipeline.page_store import can_snapshot, snapshot
    from .render.templates import PageRenderer
    from .structure.variants import STANDARD, VARIANTS, output_path
    global _renderer
    assert _shared is not None
    pages, site, root, store, keep_plans, templates_cache, feeds, global_key = _shared
    snapshots: list[tuple[str, bytes]] = []
    fingerprints: list[tuple[str, str]] = []
    fingerprinted, fingerprint = -1, ""
    copied = 0
    if _renderer is None or _renderer.site is not site:
        _renderer = PageRenderer(site.config, site, templates_cache)
    # Paths as strings: a Path object per output cost more than the rest of the bookkeeping.
    made_dirs: set[str] = set()
    root_dir = str(root)
    loaded: Document | None = None
    outputs = len(pages) * len(VARIANTS)
    for index, number in map(divmod, batch, repeat(len(VARIANTS))):
        if index >= len(pages):
            path, title, docs = feeds[index * len(VARIANTS) + number - outputs]
            make_folder(f"{root_dir}/{path}".rpartition("/")[0])
            write_file(f"{root_dir}/{path}", atom_feed(site, path, title, docs))
            continue
        page, variant = pages[index], VARIANTS[number]
        path = output_path(page.path, variant)
        if global_key is not None:
            if index != fingerprinted:      # a page's variants are next to each other
                fingerprinted, fingerprint = index, page_fingerprint(page, global_key, _fingerprint_memo)
            fingerprints.append((path, fingerprint))
        target = f"{root_dir}/{path}"
        folder = target.rpartition("/")[0]
        if folder not in made_dirs:
            make_folder(folder)
            made_dirs.add(folder)
        doc = page.context.get("doc") if page.kind == "document" else None
        if doc is not None and doc is not loaded:
            if loaded is not None:
                loaded.body_html = ""
            doc.body_html, loaded = store.get(doc.content_key), doc   # for this page's variants only
        if doc is not None and global_key is not None and variant == STANDARD:
            # A full build: the document's attachments are copied here, in parallel, not after.
            files = document_files(doc)
            if files:
                make_folder(f"{root_dir}/{doc.dir}")
            for file_path, source in files:
                recorded = file_fingerprint(source)       # the stamp before the copy, as the writer's
                shutil.copyfile(source, f"{root_dir}/{file_path}")
                fingerprints.append((file_path, recorded))
                copied += 1
        write_file(target, _renderer.render(page, variant).encode())
        if keep_plans and variant == page.variants[0] and can_snapshot(page):
            snapshots.append((page.context["doc"].source, snapshot(page, EXTRACTOR_PRIMERS)))
    if loaded is not None:
        loaded.body_html = ""
    return len(batch), snapshots, fingerprints, copied


def document_files(doc: Document) -> list[tuple[str, str]]:
    """A document's attachments and images, stored once in its files folder: (output path, source)."""
    return [(f"{doc.dir}/{name}", source)
            for source, name in [(a.source, a.file_name) for a in doc.attachments] + doc.assets]


def file_fingerprint(source: str) -> str:
    """An attachment's fingerprint is its source's stamp: a changed file is copied again."""
    return f"{source}\x00{stamp(source)}"


def copy_document_files(site: Site, writer: SiteWriter) -> None:
    """Attachments and images beside each document page, but those the render copied already."""
    for doc in site.documents:
        for path, source in document_files(doc):      # (the stamp only for those it has to check)
            if path not in writer.current and writer.needs(path, file_fingerprint(source)):
                writer.copy_file(path, source)


def copy_theme_static(config: SiteConfig, writer: SiteWriter) -> None:
    """Theme files under assets/; a site theme's file replaces the default's of the same name."""
    chosen: dict[str, Path] = {}
    for theme in reversed(theme_dirs(config)):
        static = theme / "static"
        if static.is_dir():
            for source in sorted(static.rglob("*")):
                if source.is_file():
                    chosen["assets/" + source.relative_to(static).as_posix()] = source
    for path, source in sorted(chosen.items()):
        if writer.needs(path, digest_bytes(source.read_bytes())):
            writer.copy_file(path, str(source))
