"""The offline edition (python build.py archive): reproducible, verifiable, and usable from file:// anywhere."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from .chromium import Recorder, needs_chromium
from .conftest import ROOT
from .sitecheck import check_links
from .test_html_valid import VNU

NAME = "qinghe-offline"
EPOCH = 1767225600            # 2026-01-01T00:00:00Z

try:
    import pycdlib
except ImportError:
    pycdlib = None


def archive(out: Path, dist: Path, *extra: str, epoch: int | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = str(epoch)
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "archive", "--out", str(out), "--dist", str(dist),
                           "--name", NAME, *extra], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("archive")
    iso = ["--iso"] if pycdlib else []
    for run in ("one", "two"):
        result = archive(base / run / "public", base / run / "dist", *iso)
        assert result.returncode == 0, result.stderr
        assert f"{NAME}.zip  SHA-256 {sha256(base / run / 'dist' / f'{NAME}.zip')}" in result.stdout
    result = archive(base / "epoch" / "public", base / "epoch" / "dist", epoch=EPOCH)
    assert result.returncode == 0, result.stderr
    # Unpacked "anywhere": a folder whose path has spaces and Chinese characters.
    unpacked = base / "光盘 副本" / "清河"
    with zipfile.ZipFile(base / "one/dist" / f"{NAME}.zip") as zf:
        zf.extractall(unpacked)
    return {"one": base / "one/dist", "two": base / "two/dist", "epoch": base / "epoch/dist", "unpacked": unpacked}


def test_two_runs_give_the_same_zip(editions: dict[str, Path]) -> None:
    assert sha256(editions["one"] / f"{NAME}.zip") == sha256(editions["two"] / f"{NAME}.zip")
    if pycdlib:
        assert sha256(editions["one"] / f"{NAME}.iso") == sha256(editions["two"] / f"{NAME}.iso")


def test_zip_entries_are_sorted_with_one_time_and_fixed_modes(editions: dict[str, Path]) -> None:
    with zipfile.ZipFile(editions["epoch"] / f"{NAME}.zip") as zf:
        infos = zf.infolist()
    names = [i.filename for i in infos]
    assert names == sorted(names)
    assert {i.date_time for i in infos} == {time.gmtime(EPOCH)[:6]}
    assert {i.external_attr >> 16 for i in infos if not i.is_dir()} == {0o100644}
    assert {i.external_attr >> 16 for i in infos if i.is_dir()} == {0o040755}
    # Without SOURCE_DATE_EPOCH the time is the newest item's date, so the archives differ only by it.
    with zipfile.ZipFile(editions["one"] / f"{NAME}.zip") as zf:
        assert {i.date_time for i in zf.infolist()} != {time.gmtime(EPOCH)[:6]}
        assert [i.filename for i in zf.infolist()] == names


def test_edition_has_the_site_at_its_root_with_instructions_and_manifest(editions: dict[str, Path]) -> None:
    folder = editions["one"] / NAME
    with zipfile.ZipFile(editions["one"] / f"{NAME}.zip") as zf:
        zipped = sorted(n for n in zf.namelist() if not n.endswith("/"))
    on_disk = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert zipped == on_disk
    for name in ("index.html", "README.txt", "SHA256SUMS", "verify.html", "verify.py", "verify/manifest.js"):
        assert name in zipped, name
    assert not any(part.startswith(".") for name in zipped for part in name.split("/"))
    readme = (folder / "README.txt").read_bytes()
    assert readme.startswith(b"\xef\xbb\xbf") and b"\r\n" in readme
    text = readme.decode("utf-8-sig")
    assert "使用说明" in text and "双击本文件夹中的 index.html" in text and "verify.html" in text
    listed = (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert sorted(line.split("  ", 1)[1] for line in listed) == sorted(set(on_disk) - {"SHA256SUMS"})


def test_every_path_is_ascii_and_short(editions: dict[str, Path]) -> None:
    with zipfile.ZipFile(editions["one"] / f"{NAME}.zip") as zf:
        names = zf.namelist()
    assert len(names) > 200
    for name in names:
        assert name.isascii(), name
        assert all(len(part) <= 64 for part in name.rstrip("/").split("/")), name


def test_manifest_verifies_and_catches_changes(editions: dict[str, Path], tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(editions["unpacked"], copy)
    if shutil.which("sha256sum"):
        check = subprocess.run(["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=copy, capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
    ok = subprocess.run([sys.executable, "verify.py"], cwd=copy, capture_output=True, text=True)
    total = len((copy / "SHA256SUMS").read_text(encoding="utf-8").splitlines())
    assert ok.returncode == 0 and f"核对通过：全部 {total} 个文件完整无误。" in ok.stdout
    (copy / "archive/index.html").write_text("tampered", encoding="utf-8")
    (copy / "feed.xml").unlink()
    (copy / "Thumbs.db").write_bytes(b"")
    bad = subprocess.run([sys.executable, str(copy / "verify.py")], capture_output=True, text=True)
    assert bad.returncode == 1
    assert "内容不一致：archive/index.html" in bad.stdout and "缺少文件：feed.xml" in bad.stdout
    assert "清单之外的文件（不影响使用）：Thumbs.db" in bad.stdout


def test_unpacked_copy_has_no_broken_links(editions: dict[str, Path]) -> None:
    problems, checked = check_links(editions["unpacked"])
    assert checked > 2000
    assert problems.broken == [] and problems.root_relative == [] and problems.network_fetches == []


@pytest.mark.skipif(not VNU.is_file() or not shutil.which("java"), reason="run tests/setup.sh for vnu and Java")
def test_archive_only_pages_are_valid_html(editions: dict[str, Path]) -> None:
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "gnu",
                             str(editions["unpacked"] / "verify.html")], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(pycdlib is None, reason="pycdlib is not installed (requirements.txt)")
def test_iso_image_carries_every_file_under_its_joliet_name(editions: dict[str, Path]) -> None:
    folder = editions["one"] / NAME
    iso = pycdlib.PyCdlib()
    iso.open(str(editions["one"] / f"{NAME}.iso"))
    try:
        found = sorted(path.lstrip("/") for root, _, files in iso.walk(joliet_path="/")
                       for path in (f"{root.rstrip('/')}/{name}" for name in files))
        assert found == sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
        for rel in ("index.html", "SHA256SUMS", found[-1]):
            data = __import__("io").BytesIO()
            iso.get_file_from_iso_fp(data, joliet_path="/" + rel)
            assert data.getvalue() == (folder / rel).read_bytes(), rel
    finally:
        iso.close()


@pytest.mark.skipif(pycdlib is None or not shutil.which("isoinfo"),
                    reason="needs pycdlib and an independent ISO reader (isoinfo, Debian package genisoimage)")
def test_iso_image_reads_back_with_an_independent_reader(editions: dict[str, Path]) -> None:
    folder, image = editions["one"] / NAME, str(editions["one"] / f"{NAME}.iso")
    listing = subprocess.run(["isoinfo", "-J", "-f", "-i", image], capture_output=True, text=True, check=True).stdout
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert set(files) <= {line.lstrip("/") for line in listing.splitlines()}
    for rel in ("index.html", files[-1]):
        data = subprocess.run(["isoinfo", "-J", "-x", "/" + rel, "-i", image], capture_output=True, check=True).stdout
        assert data == (folder / rel).read_bytes(), rel


def test_existing_folder_not_made_by_the_tool_is_left_alone(tmp_path: Path) -> None:
    foreign = tmp_path / "dist" / NAME
    foreign.mkdir(parents=True)
    (foreign / "notes.docx").write_bytes(b"someone's work")
    result = archive(tmp_path / "public", tmp_path / "dist")
    assert result.returncode == 1
    assert "不是本工具生成的离线版" in result.stderr
    assert (foreign / "notes.docx").read_bytes() == b"someone's work"
    assert not (tmp_path / "dist" / f"{NAME}.zip").exists()


def test_archive_inside_the_site_folder_is_refused(tmp_path: Path) -> None:
    result = archive(tmp_path / "public", tmp_path / "public" / "dist")
    assert result.returncode == 2
    assert "在网站输出目录" in result.stderr and not (tmp_path / "public").exists()


# ---- in a real browser, from file:// ----------------------------------------------------------

playwright_api = pytest.importorskip("playwright.sync_api")


@needs_chromium
def test_unpacked_archive_browses_from_file_url_without_failed_requests(browser, editions: dict[str, Path]) -> None:
    root = editions["unpacked"]
    base = root.as_uri() + "/"
    page = browser.new_page()
    recorder = Recorder(page)

    def settle() -> None:
        # Let late requests (the favicon) finish before the next navigation aborts them.
        page.wait_for_load_state("networkidle")

    page.goto(base + "index.html")
    settle()
    page.get_by_role("link", name="清河市人民政府", exact=True).first.click()
    settle()
    assert page.locator("main h1").inner_text() == "清河市人民政府"
    page.get_by_role("link", name="清河市人民政府2024年政府信息公开工作年度报告").first.click()
    settle()
    assert page.locator("table.report-table").count() == 6
    page.locator("nav.breadcrumb a").nth(1).click()
    settle()
    page.get_by_role("link", name="年度归档").first.click()
    settle()
    assert page.locator("table.stats-table").is_visible()
    for rel in ("search/index.html", "verify.html", "columns/annual-reports/index.html"):
        response = page.goto(base + rel)
        settle()
        assert response is None or response.ok, rel
        assert page.locator("main h1").first.is_visible(), rel
    assert recorder.missing() == [] and recorder.errors == []
    assert recorder.requests and all(url.startswith(base) for url in recorder.requests)
    page.close()


@needs_chromium
def test_verify_page_checks_the_copy_in_the_browser(browser, editions: dict[str, Path], tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(editions["unpacked"], copy)
    total = len((copy / "SHA256SUMS").read_text(encoding="utf-8").splitlines())
    page = browser.new_page()
    recorder = Recorder(page)
    page.goto((copy / "verify.html").as_uri())
    page.wait_for_load_state("networkidle")
    assert f"共有 {total} 个文件" in page.locator("main").inner_text()
    page.set_input_files("#verify-folder", str(copy))
    page.wait_for_function("document.getElementById('verify-status').textContent.indexOf('核对') === 0 "
                           "&& document.getElementById('verify-status').textContent.indexOf('正在') < 0")
    assert page.locator("#verify-status").inner_text() == f"核对通过：全部 {total} 个文件完整无误。"
    damaged = next((copy / "docs").glob("*/*.html"))
    damaged.write_bytes(damaged.read_bytes() + b"<!-- changed -->")
    page.reload()
    page.wait_for_load_state("networkidle")
    page.set_input_files("#verify-folder", str(copy))
    page.wait_for_function("document.getElementById('verify-status').textContent.indexOf('核对未通过') === 0")
    assert "内容不一致 1 个" in page.locator("#verify-status").inner_text()
    assert damaged.relative_to(copy).as_posix() in page.locator("#verify-details").inner_text()
    # Without its SHA256SUMS the copy is still checked, against the list the page itself loaded.
    (copy / "SHA256SUMS").unlink()
    page.reload()
    page.wait_for_load_state("networkidle")
    page.set_input_files("#verify-folder", str(copy))
    page.wait_for_function("document.getElementById('verify-status').textContent.indexOf('核对未通过') === 0")
    assert "缺少 1 个，内容不一致 1 个" in page.locator("#verify-status").inner_text()
    assert "SHA256SUMS" in page.locator("#verify-details").inner_text()
    assert recorder.missing() == [] and recorder.errors == []
    page.close()


@needs_chromium
def test_archive_search_works_offline(browser, editions: dict[str, Path]) -> None:
    """Hook for the search index (issue: search shards loaded by <script>): active once it is merged."""
    root = editions["unpacked"]
    search_page = (root / "search/index.html").read_text(encoding="utf-8")
    if "<script" not in search_page:
        pytest.skip("the search index is not part of this branch yet; this test runs once it is merged")
    page = browser.new_page()
    recorder = Recorder(page)
    page.goto((root / "search/index.html").as_uri() + "?q=" + "年度报告")
    page.wait_for_function("document.querySelectorAll('#search-results a').length > 0", timeout=10000)
    first = page.locator("#search-results a").first
    first.click()
    assert page.locator("main h1").first.is_visible()
    assert recorder.missing() == [] and recorder.errors == []
    page.close()
