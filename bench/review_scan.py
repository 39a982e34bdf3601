"""Measure the pre-publication scanner on a content tree and print what it finds.

Usage::

    python bench/prepare_real_corpus.py /tmp/real
    python bench/review_scan.py /tmp/real/content

Prints the number of files and characters scanned, the findings by kind (masked
excerpts only, never a full number), and the scanning speed in one process.
Every finding on the real corpus is a false positive to look at: it holds
published laws, reports and press conferences, not personal data.
"""
from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sitegen.content.fields import field_name  # noqa: E402
from sitegen.content.frontmatter_yaml import FrontMatterError, parse_document  # noqa: E402
from sitegen.review.scan import review_file  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("--show", type=int, default=20, help="findings to list (default 20)")
    args = parser.parse_args()
    files = sorted(p for p in args.content.rglob("*.md") if p.is_file())
    texts = [(p, p.read_text(encoding="utf-8")) for p in files]
    parsed = []
    for path, text in texts:
        try:
            fm, _, body_line = parse_document(text)
            parsed.append((path, text, fm.lines, body_line))
        except FrontMatterError:
            parsed.append((path, text, {}, 1))
    started = time.perf_counter()
    findings = [f for path, text, lines, body_line in parsed
                for f in review_file(path.relative_to(args.content).as_posix(), text, lines, body_line,
                                     field_label=field_name)]
    seconds = time.perf_counter() - started
    chars = sum(len(text) for _, text in texts)
    print(f"files {len(files)}, characters {chars:,}, scan {seconds:.2f} s in one process "
          f"({chars / seconds / 1e6:.1f} M characters/s)")
    by_kind = collections.Counter(f.kind_info.label for f in findings)
    print("findings:", ", ".join(f"{k} {n}" for k, n in by_kind.most_common()) or "none")
    for f in findings[: args.show]:
        print(f"  {f.file}:{f.line}:{f.column} {f.kind_info.label} {f.excerpt}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
