"""Accessibility and the 关怀版, measured in real headless Chromium from file://.

axe-core audits every page type of both editions (sample site and the real 1,409-item
catalogue); the 关怀版 figures (type size, line height, contrast, target size) are read
from computed styles; the edition links, keyboard use, the text-size control, 朗读 and
printing are exercised as a reader would.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from .browser_tools import AXE, FOCUSED, MOTION_AND_POPUPS, TARGETS, TEXT_STYLES, axe_violations
from .conftest import ROOT, SHARED, run_cli
from .sitecheck import html_pages, parse_page
from .test_browser import CHROMIUM, Recorder, page_types, playwright_api

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed (tests/setup.sh)"),
    pytest.mark.skipif(not AXE.is_file(), reason="axe-core is not installed (npm ci)"),
]

REAL = SHARED / "corpus" / "real"
CARE = "care/"


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real catalogue (1,409 documents), prepared and built once for this module."""
    if not REAL.is_dir():
        pytest.skip("../shared/corpus/real is not beside the project")
    prepared = tmp_path_factory.mktemp("real") / "catalogue"
    prep = subprocess.run([sys.executable, str(ROOT / "bench/prepare_real_corpus.py"), str(prepared)],
                          capture_output=True, text=True, timeout=300)
    assert prep.returncode == 0, prep.stderr
    result = run_cli("build", cwd=prepared)
    assert result.returncode == 0, result.stderr[-3000:]
    return prepared / "public"


def first(site: Path, pattern: str) -> str:
    return sorted(site.glob(pattern))[0].relative_to(site).as_posix()


def doc_with(site: Path, *needles: str) -> str:
    """The first document page whose HTML contains every needle."""
    for path in sorted(site.glob("docs/*/*.html")):
        html = path.read_text(encoding="utf-8")
        if all(n in html for n in needles):
            return path.relative_to(site).as_posix()
    raise AssertionError(f"no document page contains {needles}")


def real_sample(site: Path) -> list[str]:
    """Every page type of the real catalogue, with the hardest documents: body tables, many links."""
    docs = sorted(site.glob("docs/*/*.html"))
    with_tables = [p for p in docs if "<table" in p.read_text(encoding="utf-8").split('class="doc-body"')[1]]
    longest = max(docs, key=lambda p: p.stat().st_size)
    chosen = {p.relative_to(site).as_posix() for p in (docs[0], docs[len(docs) // 2], longest, *with_tables[:4])}
    unit_pages = sorted(site.glob("units/*/page-2.html")) or sorted(site.glob("units/*/index.html"))
    return ["index.html", first(site, "units/*/index.html"), unit_pages[0].relative_to(site).as_posix(),
            first(site, "columns/*/index.html"), first(site, "columns/*/page-2.html"),
            first(site, "columns/**/u-*.html"), "archive/index.html", first(site, "archive/*/index.html"),
            first(site, "archive/*/page-2.html"), "search/index.html", "404.html", *sorted(chosen)]


def audit(browser, site: Path, pages: list[str]) -> dict[str, list[str]]:
    page = browser.new_page()
    recorder = Recorder(page)
    found = {}
    for rel in pages:
        page.goto((site / rel).as_uri())
        violations = axe_violations(page)
        if violations:
            found[rel] = violations
    assert recorder.errors == [] and recorder.missing() == []
    page.close()
    return found


# ---------------------------------------------------------------- axe-core, both editions

def test_axe_finds_nothing_on_any_sample_page_type_in_either_edition(browser, sample_site: Path) -> None:
    types = page_types(sample_site) + [doc_with(sample_site, "<caption", "attachments"),
                                       doc_with(sample_site, "<img")]
    pages = types + [CARE + rel for rel in types]
    assert audit(browser, sample_site, pages) == {}


def test_axe_finds_nothing_on_the_real_catalogue_in_either_edition(browser, real_site: Path) -> None:
    sample = real_sample(real_site)
    assert len(list(real_site.glob("docs/*/*.html"))) >= 1000
    assert audit(browser, real_site, sample + [CARE + rel for rel in sample]) == {}


# ---------------------------------------------------------------- the 关怀版 figures

def care_pages(site: Path) -> list[str]:
    return [CARE + rel for rel in (page_types(site) + [doc_with(site, "<caption", "attachments")])]


def test_care_pages_measure_up_in_chromium(browser, sample_site: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    measured = 0
    for rel in care_pages(sample_site):
        page.goto((sample_site / rel).as_uri())
        for t in page.evaluate(TEXT_STYLES):
            measured += 1
            where = f"{rel}: <{t['tag']} class={t['cls']!r}> {t['text']!r}"
            if t["size"] < 20:
                problems.append(f"{where} text {t['size']}px < 20px")
            if t["heading"] and t["size"] < 30:
                problems.append(f"{where} heading {t['size']}px < 30px")
            if t["lineHeight"] < 1.5 * t["size"] - 0.01:
                problems.append(f"{where} line height {t['lineHeight']}px < 1.5 × {t['size']}px")
            if t["contrast"] < 7:
                problems.append(f"{where} contrast {t['contrast']:.2f}:1 < 7:1")
        for target in page.evaluate(TARGETS):
            if not target["inline"] and target["height"] < 44:
                problems.append(f"{rel}: <{target['tag']}> {target['text']!r} is {target['height']:.0f}px high < 44px")
        problems += [f"{rel}: {m}" for m in page.evaluate(MOTION_AND_POPUPS)]
        # Executable scripts only: a JSON data block (the search page's UI strings) runs nothing.
        scripts = page.evaluate("() => [...document.scripts].filter(s => s.type !== 'application/json')"
                                ".map(s => s.getAttribute('src'))")
        assert all(s and re.fullmatch(r"(\.\./)+assets/js/[a-z]+\.js", s) for s in scripts), (rel, scripts)
    assert measured > 500
    assert problems == [], "\n".join(problems)
    page.close()


def test_pages_reflow_on_a_320_pixel_screen_without_sideways_scrolling(browser, sample_site: Path) -> None:
    """WCAG 1.4.10: at 320 CSS px only wide data tables scroll, inside their own box."""
    page = browser.new_page(viewport={"width": 320, "height": 640})
    wide = {}
    for rel in care_pages(sample_site) + [rel[len(CARE):] for rel in care_pages(sample_site)]:
        page.goto((sample_site / rel).as_uri())
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            wide[rel] = width
    assert wide == {}
    page.close()


def test_standard_pages_keep_their_own_look(browser, sample_site: Path) -> None:
    """The care rules live in care.css, loaded only by care pages."""
    page = browser.new_page()
    page.goto((sample_site / "index.html").as_uri())
    assert page.evaluate("getComputedStyle(document.body).fontSize") == "16px"
    assert page.evaluate("[...document.styleSheets].map(s => s.href.split('/').pop())") == ["site.css"]
    page.goto((sample_site / CARE / "index.html").as_uri())
    assert page.evaluate("getComputedStyle(document.body).fontSize") == "20px"
    page.close()


def test_text_size_control_scales_everything_and_is_remembered(browser, sample_site: Path) -> None:
    context = browser.new_context()
    page = context.new_page()
    recorder = Recorder(page)
    doc = doc_with(sample_site, "attachments")
    page.goto((sample_site / CARE / "index.html").as_uri())
    group = page.get_by_role("group", name="字号")
    assert group.is_visible()
    body_size = "() => parseFloat(getComputedStyle(document.querySelector('main p, main li')).fontSize)"
    h1_size = "() => parseFloat(getComputedStyle(document.querySelector('h1')).fontSize)"
    assert page.evaluate(body_size) == 20
    group.get_by_role("button", name="最大").click()
    assert page.evaluate(body_size) == 30 and page.evaluate(h1_size) >= 45
    assert group.get_by_role("button", name="最大").get_attribute("aria-pressed") == "true"
    assert group.get_by_role("button", name="默认").get_attribute("aria-pressed") == "false"
    # Not the browser's zoom: the layout width is unchanged, the text itself is larger.
    assert page.evaluate("() => [window.devicePixelRatio, document.documentElement.clientWidth]")[0] == 1
    # Remembered on the next page, opened from file:// like a DVD copy.
    page.goto((sample_site / CARE / doc).as_uri())
    assert page.evaluate(body_size) == 30
    assert page.get_by_role("button", name="最大").get_attribute("aria-pressed") == "true"
    page.get_by_role("button", name="较大").click()
    assert page.evaluate(body_size) == 25
    page.get_by_role("link", name="首页").first.click()
    page.wait_for_url("**/care/index.html")
    page.wait_for_load_state()
    assert page.evaluate(body_size) == 25
    page.get_by_role("button", name="默认").click()
    assert page.evaluate(body_size) == 20
    assert recorder.errors == [] and recorder.missing() == []
    context.close()


def test_text_size_survives_blocked_storage(browser, sample_site: Path) -> None:
    context = browser.new_context()
    context.add_init_script("Object.defineProperty(window, 'localStorage', {get() { throw new DOMException('blocked', 'SecurityError'); }});")
    page = context.new_page()
    recorder = Recorder(page)
    page.goto((sample_site / CARE / "index.html").as_uri())
    page.get_by_role("button", name="较大").click()
    assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") == 25
    assert recorder.errors == []
    context.close()


def test_care_pages_read_fully_with_scripts_off(browser, sample_site: Path) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    doc = doc_with(sample_site, "attachments")
    for rel in (CARE + "index.html", CARE + doc, doc):
        page.goto((sample_site / rel).as_uri())
        assert page.locator("main h1").is_visible()
        assert not page.locator("[data-text-size]").is_visible()      # no dead controls
        assert not page.locator("[data-read-aloud-control]").is_visible()
    page.goto((sample_site / CARE / doc).as_uri())
    assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('.doc-body p')).fontSize)") >= 20
    assert page.locator(".meta-list dt").first.is_visible()
    assert page.locator(".doc-body").inner_text().strip()
    context.close()


# ---------------------------------------------------------------- 关怀版 ↔ 标准版

def test_every_page_links_to_its_own_twin_and_back(sample_site: Path) -> None:
    standard = [p for p in html_pages(sample_site) if not p.relative_to(sample_site).as_posix().startswith(CARE)]
    assert len(standard) > 100
    for path in standard:
        rel = path.relative_to(sample_site).as_posix()
        twin = sample_site / CARE / rel
        assert twin.is_file(), rel
        (to_care,) = [r.url for r in parse_page(path).references if r.tag == "a" and r.url.endswith(CARE + rel)]
        assert (path.parent / to_care).resolve() == twin.resolve(), rel
        back = [r.url for r in parse_page(twin).references if r.tag == "a" and (twin.parent / r.url).resolve() == path.resolve()]
        assert back, f"{CARE}{rel} has no link back to {rel}"


def test_care_pages_lead_to_care_pages_and_share_files(sample_site: Path) -> None:
    """A care reader stays in 关怀版; stylesheets, attachments and images exist once."""
    care_root = (sample_site / CARE).resolve()
    for path in html_pages(sample_site / CARE):
        for ref in parse_page(path).references:
            if ref.url.startswith(("http:", "https:", "#", "mailto:")) or ref.url == "":
                continue
            target = (path.parent / ref.url.split("#")[0]).resolve()
            if target.suffix == ".html" and ref.tag in ("a", "form"):
                standard_twin = (sample_site / path.relative_to(sample_site / CARE)).resolve()
                assert target.is_relative_to(care_root) or target == standard_twin, (path, ref.url)
            else:
                assert not target.is_relative_to(care_root), (path, ref.url)
    assert not list((sample_site / CARE).rglob("*.css")) and not list((sample_site / CARE / "docs").rglob("*.pdf"))


def test_edition_links_land_on_the_twin_in_the_browser(browser, sample_site: Path) -> None:
    page = browser.new_page()
    recorder = Recorder(page)
    for rel in [doc_with(sample_site, "attachments"), "columns/statutory/page-2.html", "archive/2024/index.html",
                "search/index.html", "404.html"]:
        page.goto((sample_site / rel).as_uri())
        page.get_by_role("link", name="关怀版", exact=True).click()
        page.wait_for_url((sample_site / CARE / rel).as_uri())     # the twin itself, nothing else
        assert page.title().endswith("（关怀版）")
        page.get_by_role("link", name="标准版", exact=True).click()
        page.wait_for_url((sample_site / rel).as_uri())
    # Attachments and body images of a care page load from the standard page's folder.
    image_doc = doc_with(sample_site, "<img")
    page.goto((sample_site / CARE / image_doc).as_uri())
    assert page.evaluate("[...document.querySelectorAll('.doc-body img')].every(i => i.complete && i.naturalWidth > 0)")
    assert recorder.errors == [] and recorder.missing() == []
    page.close()


# ---------------------------------------------------------------- keyboard

@pytest.mark.parametrize("edition", ["", CARE])
def test_keyboard_reaches_everything_on_a_document_page_with_visible_focus(browser, sample_site: Path,
                                                                           edition: str) -> None:
    doc = doc_with(sample_site, "attachments", "<table")
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto((sample_site / edition / doc).as_uri())
    page.keyboard.press("Tab")
    skip = page.evaluate(FOCUSED)
    assert skip["cls"] == "skip-link" and skip["ring"] and skip["onScreen"], skip
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.goto((sample_site / edition / doc).as_uri())
    seen = []
    for _ in range(150):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None or (seen and focused == seen[0]):
            break
        assert focused["ring"] and focused["onScreen"], focused
        seen.append(focused)
    texts = [f["text"] for f in seen]
    classes = " ".join(f["cls"] for f in seen)
    assert "skip-link" in classes and "variant-link" in classes
    assert {"首页", "年度归档", "朗读全文", "搜索"} <= set(texts)
    assert any(f["tag"] == "input" for f in seen)
    assert "table-scroll" in classes                        # a wide table can be scrolled by keyboard
    attachments = page.locator(".attachments a").all_inner_texts()
    assert attachments and set(attachments) <= set(texts)
    if edition:
        assert {"默认", "较大", "最大"} <= set(texts)
    # The read-aloud button works from the keyboard too.
    page.get_by_role("button", name="朗读全文").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('[data-read-aloud-control] button').textContent !== '朗读全文'"
                           " || document.querySelector('[data-read-aloud-control] [role=status]').textContent !== ''")
    page.close()


# ---------------------------------------------------------------- 朗读

# The machine has no speech voices, so to follow a whole reading the test holds the
# utterances the page queues (a stand-in for the voice), and records cancel().
HOLD_SPEECH = """
window.__spoken = []; window.__cancelled = 0;
speechSynthesis.speak = (u) => window.__spoken.push({text: u.text, lang: u.lang});
speechSynthesis.cancel = () => { window.__cancelled += 1; };
"""


@pytest.mark.parametrize("edition", ["", CARE])
def test_read_aloud_reads_title_and_body_and_stops(browser, sample_site: Path, edition: str) -> None:
    doc = doc_with(sample_site, "attachments")
    context = browser.new_context()
    context.add_init_script(HOLD_SPEECH)
    page = context.new_page()
    page.goto((sample_site / edition / doc).as_uri())
    button = page.locator("[data-read-aloud-control] button")
    assert button.inner_text() == "朗读全文"
    button.click()
    assert button.inner_text() == "停止朗读"
    spoken = page.evaluate("window.__spoken")
    text = "".join(u["text"] for u in spoken)
    title = page.locator("h1").inner_text()
    first_paragraph = page.locator(".doc-body p").first.inner_text()
    assert text.startswith(title) and first_paragraph.strip()[:20] in text
    assert all(u["lang"] == "zh-CN" and 0 < len(u["text"]) <= 200 for u in spoken)
    assert "信息属性" not in text and "首页" not in text          # the page's chrome is not read
    button.click()
    assert button.inner_text() == "朗读全文"
    assert page.evaluate("window.__cancelled") >= 2
    context.close()


def test_read_aloud_with_the_real_engine_reports_a_missing_voice(browser, sample_site: Path) -> None:
    page = browser.new_page()
    recorder = Recorder(page)
    page.goto((sample_site / doc_with(sample_site, "attachments")).as_uri())
    page.get_by_role("button", name="朗读全文").click()
    page.wait_for_function("speechSynthesis.speaking || document.querySelector('.read-aloud-status').textContent")
    if not page.evaluate("speechSynthesis.speaking"):       # no voice on this machine: said so, button reset
        assert "无法朗读" in page.locator(".read-aloud-status").inner_text()
        assert page.locator("[data-read-aloud-control] button").inner_text() == "朗读全文"
    assert recorder.errors == []
    page.close()


def test_read_aloud_is_hidden_without_speech_synthesis(browser, sample_site: Path) -> None:
    context = browser.new_context()
    context.add_init_script("Object.defineProperty(window, 'speechSynthesis', {value: undefined});")
    page = context.new_page()
    recorder = Recorder(page)
    for edition in ("", CARE):
        page.goto((sample_site / edition / doc_with(sample_site, "attachments")).as_uri())
        assert page.locator("[data-read-aloud-control]").count() == 1
        assert not page.locator("[data-read-aloud-control]").is_visible()
    assert recorder.errors == []
    context.close()


# ---------------------------------------------------------------- print

@pytest.mark.parametrize("edition", ["", CARE])
def test_document_prints_cleanly_with_its_metadata(browser, sample_site: Path, edition: str) -> None:
    page = browser.new_page()
    page.goto((sample_site / edition / doc_with(sample_site, "attachments")).as_uri())
    page.emulate_media(media="print")
    for hidden in (".topbar", ".site-nav", ".search-box", ".breadcrumb", ".prev-next", "[data-read-aloud-control]"):
        assert not page.locator(hidden).is_visible(), hidden
    metadata = page.locator(".meta-list" if edition else "table.meta-box")
    assert metadata.is_visible() and "索引号" in metadata.inner_text()
    assert page.locator("h1.doc-title").is_visible() and page.locator(".doc-body").is_visible()
    assert page.locator(".attachments").is_visible()
    assert page.evaluate("getComputedStyle(document.querySelector('.doc-body p')).fontSize") == "16px"   # 12pt
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    page.close()
