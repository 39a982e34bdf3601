"""Memory of a build over time, process by process: where the peak is, and who holds it.

Usage::

    python bench/memory_timeline.py [--every 2] -- python build.py build --config ... --quiet

Every --every seconds prints the elapsed time, the PSS summed over the command's
process tree and each process's PSS (MB; shared pages split between the processes
that share them), and at the end the line with the peak. run_bench.py reports the
peak alone; this shows which phase reaches it (read workers, the main process
with its model, the forked render worker copying what it touches).
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time

from run_bench import BUILD_ENV, tree_pids, tree_pss_kb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=float, default=2.0, help="seconds between readings")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the command to run, after --")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given")
    started = time.perf_counter()
    process = subprocess.Popen(command, env=BUILD_ENV)
    peak, peak_line = 0, ""
    while process.poll() is None:
        each = [tree_pss_kb([pid]) // 1024 for pid in tree_pids(process.pid)]
        line = f"{time.perf_counter() - started:7.1f} s  PSS {sum(each):6d} MB  {each}"
        print(line, file=sys.stderr, flush=True)
        if sum(each) > peak:
            peak, peak_line = sum(each), line
        time.sleep(args.every)
    print(f"peak: {peak_line}", file=sys.stderr)
    return process.returncode


if __name__ == "__main__":
    sys.exit(main())
