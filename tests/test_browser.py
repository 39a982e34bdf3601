"""The built site in real headless Chromium, from file:// and over HTTP."""
from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from typing import Iterator

import pytest

from tests.chromium import CHROMIUM, LAUNCH_ARGS, Recorder  # noqa: F401  (also used by other modules)

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed (tests/setup.sh)")


@pytest.fixture(scope="module")
def http_root(sample_site: Path) -> Iterator[str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(sample_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def page_types(site: Path) -> list[str]:
    doc = sorted((site / "docs").glob("*/*.html"))[0].relative_to(site).as_posix()
    unit = sorted((site / "units").glob("*/index.html"))[0].relative_to(site).as_posix()
    return ["index.html", unit, "columns/statutory/index.html", "columns/statutory/page-2.html",
            next(site.glob("columns/annual-reports/u-*.html")).relative_to(site).as_posix(),
            "archive/index.html", "archive/2024/index.html", doc, "search/index.html", "404.html"]


@pytest.mark.parametrize("mode", ["file", "http"])
def test_every_page_type_loads_without_network(browser, sample_site: Path, http_root: str, mode: str) -> None:
    base = sample_site.as_uri() + "/" if mode == "file" else http_root
    page = browser.new_page()
    recorder = Recorder(page)
    # Both editions: the standard pages and their 关怀版 twins under care/.
    for edition, brand in (("", "rgb(11, 74, 130)"), ("care/", "rgb(8, 55, 100)")):
        for rel in page_types(sample_site):
            response = page.goto(base + edition + rel)
            assert response is None or response.ok, edition + rel
            assert page.locator("main h1").first.is_visible(), edition + rel
            # The stylesheets really applied: the masthead uses the edition's brand colour.
            assert page.evaluate("getComputedStyle(document.querySelector('.site-nav')).backgroundColor") == brand
    assert recorder.missing() == [] and recorder.errors == []
    assert recorder.requests and all(url.startswith(base) for url in recorder.requests), recorder.requests
    page.close()


def test_reader_can_click_from_home_to_a_document_and_back(browser, sample_site: Path) -> None:
    page = browser.new_page()
    recorder = Recorder(page)
    page.goto((sample_site / "index.html").as_uri())
    page.get_by_role("link", name="南安镇人民政府").first.click()
    assert page.locator("h1").inner_text() == "南安镇人民政府"
    page.locator("table.doc-list a").first.click()
    assert page.url.endswith(".html") and "/docs/" in page.url
    assert page.locator("table.meta-box").is_visible()
    page.locator("nav.breadcrumb a").first.click()
    assert page.url == (sample_site / "index.html").as_uri()
    # The search box on every page leads to the search page with the query in the URL.
    page.fill("#q-top", "低保")
    page.press("#q-top", "Enter")
    page.wait_for_url("**/search/index.html?q=*")
    assert recorder.missing() == [] and recorder.errors == []
    page.close()
