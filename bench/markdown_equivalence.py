"""Our Markdown conversion against stock Python-Markdown: identical output, and the time per body.

Usage::

    python bench/markdown_equivalence.py content bench/out/corpus-10000/content ../shared/corpus/real

Every .md file under the given folders is converted twice: by stock Python-Markdown with the
project's extensions, and by BodyRenderer.convert (plain bodies without Python-Markdown, see
content/plain_markdown.py; the others with the inline shortcut and the extensions a body cannot use
left out). Prints the number of bodies, how many differ (must be 0) and the time per body.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import markdown  # noqa: E402

from sitegen.content.body import EXTENSIONS, BodyRenderer  # noqa: E402
from sitegen.content.frontmatter_yaml import FrontMatterError, parse_document  # noqa: E402


def body_of(path: Path) -> str:
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    try:
        return parse_document(text)[1]
    except FrontMatterError:
        return text


def main(folders: list[str]) -> int:
    bodies = [body_of(p) for folder in folders for p in sorted(Path(folder).rglob("*.md"))]
    stock = markdown.Markdown(extensions=EXTENSIONS, output_format="html")
    ours = BodyRenderer()
    differing, stock_time, our_time = [], 0.0, 0.0
    for body in bodies:
        started = time.perf_counter()
        stock.reset()
        expected = stock.convert(body)
        stock_time += time.perf_counter() - started
        started = time.perf_counter()
        got = ours.convert(body)
        our_time += time.perf_counter() - started
        if got != expected:
            differing.append(body[:60])
    count = max(1, len(bodies))
    print(f"{len(bodies)} bodies, {len(differing)} differing; stock {stock_time / count * 1000:.3f} ms per body, "
          f"ours {our_time / count * 1000:.3f} ms")
    for start in differing[:5]:
        print("differs:", start)
    return 1 if differing else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:] or ["content"]))
