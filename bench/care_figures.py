"""Print the 关怀版 figures and axe-core results of a built site, measured in headless Chromium.

Usage::

    python bench/care_figures.py SITE_DIR [--pages N]

For the home page and N pages of every other type (both editions), prints the smallest
text size, heading size, line-height ratio and text contrast, and the lowest target height
found on the care pages, and the number of axe-core WCAG 2.0/2.1 A/AA violations per
edition. Needs Debian's /usr/bin/chromium and `npm ci` (axe-core).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser_tools import TARGETS, TEXT_STYLES, axe_violations  # noqa: E402
from tests.test_browser import CHROMIUM, LAUNCH_ARGS  # noqa: E402

PATTERNS = ["index.html", "units/*/index.html", "columns/*/index.html", "columns/**/u-*/index.html",
            "archive/index.html", "archive/*/index.html", "docs/*/*/index.html", "search/index.html", "404.html"]


def sample(site: Path, per_type: int) -> list[str]:
    pages: list[str] = []
    for pattern in PATTERNS:
        found = sorted(site.glob(pattern))
        step = max(1, len(found) // per_type)
        pages += [p.relative_to(site).as_posix() for p in found[::step][:per_type]]
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--pages", type=int, default=3, help="pages per page type (default 3)")
    args = parser.parse_args()
    site = args.site.resolve()
    pages = sample(site, args.pages)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        texts, targets, violations = [], [], {"standard": 0, "care": 0}
        for rel in pages:
            for edition, prefix in (("standard", ""), ("care", "care/")):
                page.goto((site / prefix / rel).as_uri())
                violations[edition] += len(axe_violations(page))
                if edition == "care":
                    texts += page.evaluate(TEXT_STYLES)
                    targets += [t for t in page.evaluate(TARGETS) if not t["inline"]]
        browser.close()
    body = [t for t in texts if not t["heading"]]
    headings = [t for t in texts if t["heading"]]
    print(f"{len(pages)} pages × 2 editions from {site}")
    print(f"axe-core violations (WCAG 2.0/2.1 A+AA): standard {violations['standard']}, care {violations['care']}")
    print(f"care text elements measured: {len(texts)}; targets: {len(targets)}")
    print(f"  smallest body text      {min(t['size'] for t in body):.1f} px")
    print(f"  smallest heading        {min(t['size'] for t in headings):.1f} px")
    print(f"  lowest line height      {min(t['lineHeight'] / t['size'] for t in texts):.2f} × font size")
    print(f"  lowest text contrast    {min(t['contrast'] for t in texts):.2f}:1")
    print(f"  lowest target height    {min(t['height'] for t in targets):.1f} px")


if __name__ == "__main__":
    main()
