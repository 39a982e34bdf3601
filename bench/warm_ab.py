"""Warm builds of two checkouts of this tool, timed alternately on the same catalogue.

This machine's speed drifts by a fifth from hour to hour (bench/RESULTS.md), more than most
changes to a warm path; runs of the two checkouts interleaved, round by round, meet the same
conditions. Each checkout builds its own copy of the corpus (its cache is keyed by its code),
then every round times, for each checkout in turn: a build with nothing to do, one after the
bench's edit (a sentence appended to the middle item), and with --added one after the bench's
new item; each change is undone and built back untimed.

Usage:
    python bench/warm_ab.py --corpus bench/out/corpus-10000 [--rounds 5] [--added] BEFORE AFTER
BEFORE and AFTER are checkouts (e.g. a `git worktree` of the older commit, and `.`).
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run_bench import EDIT_SENTENCE, added_item_text  # noqa: E402


class Side:
    """One checkout and its own copy of the corpus."""

    def __init__(self, checkout: Path, folder: Path):
        self.checkout, self.folder = checkout.resolve(), folder
        items = sorted((folder / "content").rglob("*.md"))
        self.item = items[len(items) // 2]
        self.original = self.item.read_text(encoding="utf-8")
        self.added = self.item.with_name("zz-bench-added.md")
        self.times: dict[str, list[float]] = {"no change": [], "one item edited": [], "one item added": []}

    def build(self) -> float:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        os.sync()        # the last build's writes reach the disk before this one is timed
        started = time.perf_counter()
        done = subprocess.run([sys.executable, str(self.checkout / "build.py"), "build", "--quiet"],
                              cwd=self.folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            raise SystemExit(f"{self.checkout}: build failed\n{done.stderr.decode()[-2000:]}")
        return seconds

    def round(self, added: bool) -> None:
        self.times["no change"].append(self.build())
        self.item.write_text(self.original + EDIT_SENTENCE, encoding="utf-8")
        self.times["one item edited"].append(self.build())
        self.item.write_text(self.original, encoding="utf-8")
        self.build()
        if added:
            self.added.write_text(added_item_text(self.original), encoding="utf-8")
            self.times["one item added"].append(self.build())
            self.added.unlink()
            self.build()


def copy_corpus(corpus: Path, folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    shutil.copytree(corpus / "content", folder / "content")
    shutil.copy(corpus / "config.toml", folder / "config.toml")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--corpus", type=Path, required=True, help="a corpus from bench/generate_corpus.py")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--added", action="store_true", help="time an item added too (slower)")
    parser.add_argument("--work", type=Path, default=Path(__file__).resolve().parent / "out",
                        help="where the two copies of the corpus go (default bench/out)")
    args = parser.parse_args()
    sides = []
    for name, checkout in (("before", args.before), ("after", args.after)):
        folder = args.work / f"warm-ab-{name}"
        copy_corpus(args.corpus.resolve(), folder)
        side = Side(checkout, folder)
        side.build()          # cold
        side.build()          # records in place
        sides.append(side)
    for number in range(1, args.rounds + 1):
        for side in sides:
            side.round(args.added)
        print(f"round {number}: " + "; ".join(
            f"{label} {' / '.join(f'{side.times[label][-1]:.2f}' for side in sides)} s"
            for label in sides[0].times if sides[0].times[label]), flush=True)
    print(f"\nmedian of {args.rounds} rounds, before ({args.before}) / after ({args.after}):")
    for label in sides[0].times:
        if sides[0].times[label]:
            before, after = (statistics.median(side.times[label]) for side in sides)
            print(f"  {label}: {before:.2f} s / {after:.2f} s = {after / before:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
