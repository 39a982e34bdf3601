"""The search page in real headless Chromium, from file:// and over HTTP, as a citizen uses it."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from sitegen.doc_numbers import canonical_doc_no

from .test_browser import Recorder, http_root  # noqa: F401  (fixture)
from .test_doc_numbers import test_variants_share_the_canonical_form as _variants

CIVIL_AFFAIRS = "清河市民政局"
DIBAO_2025 = "清河市民政局关于印发《清河市最低生活保障审核确认办法》的通知"


@pytest.fixture
def base(sample_site: Path) -> str:
    """The DVD/USB case: every test runs from file://."""
    return sample_site.as_uri() + "/"


@pytest.fixture(params=["file", "http"])
def any_base(request, sample_site: Path, http_root: str) -> str:  # noqa: F811
    """The same site from file:// and from a static web server."""
    return sample_site.as_uri() + "/" if request.param == "file" else http_root


@pytest.fixture
def page(browser):  # noqa: F811
    context = browser.new_context()
    page = context.new_page()
    page.recorder = Recorder(page)
    yield page
    # Every page a test opened: nothing failed to load, nothing went to the console as an error.
    assert page.recorder.missing() == [] and page.recorder.errors == []
    context.close()


def open_search(page, base: str, query: str = "", **params: str) -> None:
    url = base + "search/index.html"
    pairs = ([("q", query)] if query else []) + list(params.items())
    if pairs:
        url += "?" + "&".join(f"{k}={quote(v)}" for k, v in pairs)
    runs = 0
    page.goto(url)
    page.wait_for_function(f"window.sgSearch && window.sgSearch.runs > {runs}")


def titles(page) -> list[str]:
    return page.locator("#search-results li.search-hit h3 a").all_inner_texts()


def fields(page, label: str) -> list[str]:
    return [t.split("：", 1)[1] for t in page.locator("#search-results .hit-field").all_inner_texts()
            if t.startswith(label + "：")]


def test_chinese_query_lists_linked_results_with_count_and_highlight(page, any_base: str) -> None:
    open_search(page, any_base, "最低生活保障")
    assert DIBAO_2025 in titles(page)
    assert page.locator("#search-status").inner_text().startswith("共找到")
    assert page.locator("#search-results mark", has_text="最低生活保障").count() > 0
    # Each result is a link to the item's page that opens it.
    page.get_by_role("link", name=DIBAO_2025).first.click()
    assert page.locator("h1").inner_text() == DIBAO_2025


def test_abbreviation_pinyin_and_initials(page, base: str) -> None:
    open_search(page, base, "低保")                 # titles say 最低生活保障
    assert DIBAO_2025 in titles(page)
    open_search(page, base, "nianbao")              # 年报 -> 年度报告
    found = titles(page)
    assert found and all("年度报告" in t for t in found[:3])
    open_search(page, base, "zwgk")                 # 政务公开
    assert "政务公开" in titles(page)[0]


@pytest.mark.parametrize("query", ["清民发[2025]3号", "清民发（２０２５）第03号", "清民发〔2025〕3号",
                                   "11330100082462814g/2025-00001"])
def test_exact_document_number_or_index_number_comes_first(page, base: str, query: str) -> None:
    open_search(page, base, query)
    assert titles(page)[0] == DIBAO_2025


def test_client_reads_document_numbers_like_the_build(page, sample_site: Path) -> None:
    open_search(page, sample_site.as_uri() + "/")
    variants = _variants.pytestmark[0].args[1]
    got = page.evaluate("list => list.map(v => window.sgSearch.canonicalDocNos(v)[0])", variants)
    assert got == [canonical_doc_no(v) for v in variants]


def test_deep_link_with_filters_reproduces_the_results(page, any_base: str) -> None:
    base = any_base
    open_search(page, base, "低保")
    everything = titles(page)
    unit_slug = page.evaluate(f"""Array.from(document.querySelectorAll('#f-unit option'))
        .find(o => o.dataset.name === '{CIVIL_AFFAIRS}').value""")
    open_search(page, base, "低保", unit=unit_slug, year="2023")
    filtered = titles(page)
    assert filtered and len(filtered) < len(everything)
    assert set(fields(page, "发布机构")) == {CIVIL_AFFAIRS}
    assert all(d.startswith("2023") for d in fields(page, "发布日期"))
    assert page.locator("#f-unit").input_value() == unit_slug and page.locator("#q").input_value() == "低保"
    # Choosing a filter on the page puts it in the URL, so the search can be bookmarked.
    runs = page.evaluate("window.sgSearch.runs")
    page.select_option("#f-year", "2025")
    page.wait_for_url("**year=2025**")
    page.wait_for_function(f"window.sgSearch.runs > {runs}")
    assert all(d.startswith("2025") for d in fields(page, "发布日期"))
    url = page.url
    page.goto(base + "index.html")
    page.goto(url)
    page.wait_for_function("window.sgSearch && window.sgSearch.runs > 0")
    assert all(d.startswith("2025") for d in fields(page, "发布日期")) and titles(page)


def test_column_filter_and_pagination(page, base: str) -> None:
    open_search(page, base, "公开")
    first = titles(page)
    assert len(first) == 10
    page.get_by_role("link", name="下一页").click()
    page.wait_for_url("**page=2**")
    page.wait_for_function("window.sgSearch.runs > 1")
    second = titles(page)
    assert second and not set(second) & set(first)
    assert page.locator("#search-results ol").get_attribute("start") == "11"
    page.go_back()
    page.wait_for_function("window.sgSearch.runs > 2")
    assert titles(page) == first
    page.select_option("#f-column", "annual-reports")
    page.wait_for_url("**column=annual-reports**")
    page.wait_for_function("window.sgSearch.runs > 3")
    assert titles(page) and all("年度报告" in t for t in titles(page))


def test_keyboard_search_and_live_count(page, base: str) -> None:
    open_search(page, base)
    assert page.locator("#search-status").get_attribute("role") == "status"
    page.focus("#q")
    page.keyboard.type("预算")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=%E9%A2%84%E7%AE%97**")
    page.wait_for_function("window.sgSearch.runs > 1")
    assert "共找到" in page.locator("#search-status").inner_text()
    page.keyboard.press("Tab")          # from the status, straight to the filters or the results
    assert page.evaluate("document.activeElement.closest('#search-results, #search-filters') !== null")


def test_query_without_results_says_so(page, base: str) -> None:
    open_search(page, base, "量子计算机")
    assert titles(page) == [] and "没有找到" in page.locator("#search-status").inner_text()


def test_without_javascript_the_page_points_to_the_catalogue(browser, sample_site: Path) -> None:  # noqa: F811
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((sample_site / "search/index.html").as_uri())
    assert "检索需要浏览器启用脚本" in page.locator("main p.notice").inner_text()
    assert not page.locator("#search-filters").is_visible()
    page.get_by_role("link", name="年度归档").last.click()
    assert page.locator("h1").inner_text() == "年度归档"
    context.close()


def test_search_box_on_every_page_leads_to_results(page, sample_site: Path) -> None:
    page.goto((sample_site / "archive/2024/index.html").as_uri())
    page.fill("#q-top", "低保")
    page.press("#q-top", "Enter")
    page.wait_for_function("window.sgSearch && window.sgSearch.runs > 0")
    assert DIBAO_2025 in titles(page)
