"""The new pages in real Chromium: accessibility (axe-core) and the annual report on A4 paper."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from .chromium import Recorder, needs_chromium
from .conftest import ROOT

playwright_api = pytest.importorskip("playwright.sync_api")
AXE = ROOT / "node_modules/axe-core/axe.min.js"
REPORT = "docs/2025/1133010052601815xr-2025-00001.html"
MM = 96 / 25.4                        # CSS pixels per millimetre
A4_PRINTABLE_WIDTH = (210 - 24) * MM  # the report stylesheet's @page margins: 15mm top/bottom, 12mm sides
A4_PRINTABLE_HEIGHT = (297 - 30) * MM

pytestmark = needs_chromium


@pytest.mark.skipif(not AXE.is_file(), reason="run tests/setup.sh (npm ci) to install axe-core")
@pytest.mark.parametrize("rel", [REPORT, "units/city/index.html", "archive/index.html"])
def test_pages_have_no_accessibility_violations(browser, sample_site: Path, rel: str) -> None:
    page = browser.new_page()
    page.goto((sample_site / rel).as_uri())
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {runOnly: {type: 'tag', values: "
                           "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})")
    violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert violations == []
    page.close()


def test_report_prints_on_a4_without_cutting_tables(browser, sample_site: Path) -> None:
    page = browser.new_page(viewport={"width": round(A4_PRINTABLE_WIDTH), "height": 1000})
    recorder = Recorder(page)
    page.goto((sample_site / REPORT).as_uri())
    page.wait_for_load_state("networkidle")
    page.emulate_media(media="print")
    sizes = page.evaluate("""() => Array.from(document.querySelectorAll('.report-table')).map(t => ({
        scroll: t.scrollWidth, width: t.getBoundingClientRect().width,
        box: t.parentElement.clientWidth, height: t.getBoundingClientRect().height}))""")
    assert len(sizes) == 6
    for size in sizes:
        assert size["scroll"] <= size["width"] + 1 and size["width"] <= size["box"] + 1, size
    # Table 三, the longest, fits on one page, so it is never split across sheets.
    assert sizes[4]["height"] < A4_PRINTABLE_HEIGHT
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF") and 2 <= len(re.findall(rb"/Type\s*/Page[^s]", pdf)) <= 8
    # Screen-only parts stay off paper.
    assert page.evaluate("getComputedStyle(document.querySelector('.report-evidence')).display") == "none"
    assert recorder.missing() == [] and recorder.errors == []
    page.close()
