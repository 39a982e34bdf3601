"""Count the instructions of a cold build under Valgrind: a figure that does not drift with the machine.

On this shared 2-core machine the same cold build's CPU time varies by a tenth or more from one
run to the next (bench/RESULTS.md), so a change worth 2 % cannot be seen in timings. Valgrind's
cachegrind counts the instructions the build executes, the same from run to run to within about
half a percent. Each checkout given builds its own fresh copy of the corpus, once untimed (so that
its bytecode is compiled, as in a real install) and once under Valgrind.

The build runs with --jobs 1: a process forked under Valgrind starts with its parent's counts, so
the counts of a pool's workers cannot be added up. The one process does all the work the pool
would, except that the body's bigrams take the one-by-one way (search/records.py).

Usage (Valgrind is Debian's `valgrind` package; a build of 1,000 items takes one to two minutes):
    python bench/instructions.py [--corpus bench/out/corpus-1000] [CHECKOUT ...]

With no checkout, this one. Prints instructions per checkout and each one's ratio to the first.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def count(checkout: Path, corpus: Path) -> int:
    with tempfile.TemporaryDirectory(prefix="instructions-", dir="/dev/shm" if Path("/dev/shm").is_dir() else None) as work:
        folder = Path(work)
        shutil.copytree(corpus / "content", folder / "content")
        shutil.copy(corpus / "config.toml", folder / "config.toml")
        env = {**os.environ, "PYTHONHASHSEED": "0"}      # the same dict layouts in every run
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        build = [sys.executable, str(checkout / "build.py"), "build", "--quiet", "--jobs", "1"]
        subprocess.run(build, cwd=folder, env=env, capture_output=True, check=False)
        for name in ("public", ".cache", "public.review.html"):
            target = folder / name
            shutil.rmtree(target) if target.is_dir() else target.unlink(missing_ok=True)
        out = folder / "cachegrind.out"
        result = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", f"--cachegrind-out-file={out}",
                                 *build], cwd=folder, env=env, capture_output=True, text=True, check=False)
        summary = [line for line in out.read_text().splitlines() if line.startswith("summary:")] if out.exists() else []
        if not summary:
            raise SystemExit(f"no count for {checkout}:\n{result.stderr[-2000:]}")
        return int(summary[0].split()[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "bench" / "out" / "corpus-1000")
    parser.add_argument("checkouts", nargs="*", type=Path, default=[ROOT])
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt install valgrind)")
    if not (args.corpus / "config.toml").exists():
        raise SystemExit(f"no corpus at {args.corpus}: python bench/generate_corpus.py {args.corpus} --items 1000")
    first = 0
    for checkout in args.checkouts:
        instructions = count(checkout.resolve(), args.corpus.resolve())
        first = first or instructions
        print(f"{checkout}: {instructions:,} instructions ({instructions / first:.3f} of the first)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
