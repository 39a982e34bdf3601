"""Cold builds of two checkouts of this tool, timed alternately on the same catalogue.

This machine's speed drifts by a fifth from hour to hour (bench/RESULTS.md): one cold run of
each checkout, an hour apart, says little about a change worth a few per cent. Here the two
checkouts build the same content in turn, round by round, each from nothing (no output, no
cache), as run_bench.py's cold runs do; the medians and their ratio are printed.

Usage:
    python bench/cold_ab.py --corpus bench/out/corpus-100000 [--rounds 2] [--settle 60] BEFORE AFTER
BEFORE and AFTER are checkouts (e.g. a `git worktree` of the older commit, and `.`).
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run_bench  # noqa: E402
from run_bench import Run, measure, settle_disk  # noqa: E402


def cold_build(checkout: Path, corpus: Path) -> Run:
    public, cache = corpus / "ab-public", corpus / "ab-cache"
    for leftover in (public, cache, corpus / ".ab-public.previous", corpus / ".ab-public.building"):
        shutil.rmtree(leftover, ignore_errors=True)
    settle_disk()
    return measure([sys.executable, str(checkout / "build.py"), "build", "--config", str(corpus / "config.toml"),
                    "--content", str(corpus / "content"), "--out", str(public), "--cache-dir", str(cache), "--quiet"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--settle", type=float, default=run_bench.SETTLE_SECONDS,
                        help="seconds to wait after deleting a run's output, before the next run")
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    args = parser.parse_args()
    run_bench.SETTLE_SECONDS = args.settle
    sides = {"before": args.before.resolve(), "after": args.after.resolve()}
    runs: dict[str, list[Run]] = {name: [] for name in sides}
    for round_number in range(args.rounds):
        # Which checkout goes first alternates too: the first build of a round meets a cooler disk.
        order = list(sides) if round_number % 2 == 0 else list(reversed(sides))
        for name in order:
            run = cold_build(sides[name], args.corpus)
            runs[name].append(run)
            print(f"round {round_number + 1} {name}: wall {run.wall:.2f} s, CPU {run.cpu:.2f} s, "
                  f"PSS {run.peak_pss_mb:.0f} MB", flush=True)
    for leftover in ("ab-public", "ab-cache"):
        shutil.rmtree(args.corpus / leftover, ignore_errors=True)
    print("| checkout | wall s (median) | CPU s (median) | peak PSS MB (median) | walls |")
    print("|---|---:|---:|---:|---|")
    for name, checkout in sides.items():
        walls = [r.wall for r in runs[name]]
        print(f"| {name} ({checkout}) | {statistics.median(walls):.2f} | "
              f"{statistics.median(r.cpu for r in runs[name]):.2f} | "
              f"{statistics.median(r.peak_pss_mb for r in runs[name]):.0f} | "
              f"{', '.join(f'{w:.1f}' for w in walls)} |")
    ratio = statistics.median(r.wall for r in runs["after"]) / statistics.median(r.wall for r in runs["before"])
    print(f"after / before (median wall): {ratio:.3f}")


if __name__ == "__main__":
    main()
