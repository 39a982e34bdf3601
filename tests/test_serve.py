"""`build.py serve` in real Chromium: a save rebuilds, the open page reloads itself, errors show in the page."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

from tests.conftest import ROOT
from tests.chromium import CHROMIUM, launch

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed (tests/setup.sh)")


@pytest.fixture()
def preview(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copy(ROOT / "config.toml", tmp_path / "config.toml")
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--port", "0"], cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    address = None
    deadline = time.monotonic() + 120
    assert process.stdout is not None
    while address is None and time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        match = re.search(r"预览地址：(http://127\.0\.0\.1:\d+/)", line)
        address = match.group(1) if match else None
    try:
        assert address, "serve did not print its address"
        yield address, tmp_path
    finally:
        process.terminate()
        process.wait(timeout=10)


def wait_for(predicate, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except playwright_api.Error:      # the page is reloading right now: look again
            pass
        time.sleep(0.2)
    raise AssertionError("timed out")


def test_serve_listens_on_loopback_only(preview: tuple[str, Path]) -> None:
    address, _ = preview
    assert address.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(address + "index.html") as response:
        assert "EventSource" in response.read().decode("utf-8")


def test_a_saved_edit_reloads_the_open_page_and_an_error_replaces_the_stale_site(preview: tuple[str, Path]) -> None:
    address, project = preview
    source = project / "content/finance/2024/budget-2024.md"
    text = source.read_text(encoding="utf-8")
    title = re.search(r"^title: (.+)$", text, re.M).group(1).strip().strip('"')
    with playwright_api.sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page()
        doc_page = next(p for p in (project / "public/docs").glob("*/*.html")
                        if title in p.read_text(encoding="utf-8"))
        page.goto(address + doc_page.relative_to(project / "public").as_posix())
        assert title in page.content()
        page.wait_for_timeout(500)          # the page's reload listener is connected

        source.write_text(text.replace(title, "预览自动刷新测试标题", 1), encoding="utf-8")
        wait_for(lambda: "预览自动刷新测试标题" in page.content())    # no reload by the test

        source.write_text(text.replace("unit: 清河市财政局", "unit: 清河市财政厅", 1), encoding="utf-8")
        wait_for(lambda: page.locator("#build-errors").count() == 1)
        errors = page.locator("#build-errors").inner_text()
        assert "budget-2024.md" in errors and "清河市财政厅" in errors and "清河市财政局" in errors

        source.write_text(text, encoding="utf-8")
        wait_for(lambda: page.locator("#build-errors").count() == 0 and title in page.content())
        browser.close()
