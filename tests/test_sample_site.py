"""End to end: the bundled sample catalogue, built by the real CLI, as a reader meets it."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from .conftest import ROOT, run_cli
from .sitecheck import check_links, html_pages, parse_page

CONTENT = ROOT / "content"


def front_matter(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8").split("---")[1], Loader=yaml.BaseLoader)


def all_items() -> list[tuple[Path, dict]]:
    return [(p, front_matter(p)) for p in sorted(CONTENT.rglob("*.md"))]


def is_public(fm: dict) -> bool:
    return fm.get("disclosure", "主动公开") == "主动公开" and fm.get("draft", "false") != "true"


def page_text(path: Path) -> str:
    return " ".join(" ".join(parse_page(path).text).split())


def test_every_page_type_exists(sample_site: Path) -> None:
    expected = ["index.html", "404.html", "search/index.html", "archive/index.html",
                "archive/2023/index.html", "archive/2024/index.html", "archive/2025/index.html",
                "units/city/index.html", "columns/guide/index.html", "columns/statutory/index.html",
                "columns/annual-reports/index.html", "assets/css/site.css"]
    for rel in expected:
        assert (sample_site / rel).is_file(), rel
    unit_pages = list((sample_site / "units").glob("*/index.html"))
    assert len(unit_pages) == 12                      # every unit in config.toml
    column_pages = list((sample_site / "columns").rglob("index.html"))
    assert len(column_pages) == 20                    # every declared column, empty ones included
    public = [fm for _, fm in all_items() if is_public(fm)]
    doc_pages = list((sample_site / "docs").glob("*/*.html"))
    assert len(doc_pages) == len(public) >= 40


def test_links_resolve_offline(sample_site: Path) -> None:
    problems, checked = check_links(sample_site)
    assert checked > 2000
    assert problems.broken == []
    assert problems.root_relative == []
    assert problems.network_fetches == []
    assert problems.missing_fragments == []


def test_output_paths_survive_fat32_and_iso9660(sample_site: Path) -> None:
    seen: dict[str, Path] = {}
    for path in sample_site.rglob("*"):
        rel = path.relative_to(sample_site).as_posix()
        assert rel.isascii(), rel
        assert all(len(part) <= 64 for part in rel.split("/")), rel
        assert rel.lower() not in seen, (rel, seen.get(rel.lower()))
        seen[rel.lower()] = path


def test_non_public_items_appear_nowhere(sample_site: Path) -> None:
    withheld = [fm for _, fm in all_items() if not is_public(fm)]
    assert {fm.get("disclosure", "主动公开") for fm in withheld} >= {"依申请公开", "不予公开"}
    assert any(fm.get("draft") == "true" for fm in withheld)
    needles = ["UNPUBLISHED-SAMPLE-MARKER"]
    for fm in withheld:
        needles += [fm["title"], fm["index_no"], fm["index_no"].lower().replace("/", "-")]
    for path in sample_site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for needle in needles:
                assert needle.encode() not in data, (needle, path)


def test_document_page_shows_metadata_like_gov_cn(sample_site: Path) -> None:
    source = CONTENT / "finance/2024/special-funds-measures.md"
    fm = front_matter(source)
    page = next(sample_site.glob(f"docs/*/{fm['index_no'].lower().replace('/', '-')}.html"))
    text = page_text(page)
    for label, value in [("索引号", fm["index_no"]), ("发布机构", fm["unit"]), ("文号", fm["doc_no"]),
                         ("名称", fm["title"])]:
        assert f"{label} {value}" in text
    year, month, day = fm["date"].split("-")
    assert f"发布日期 {year}年{month}月{day}日" in text
    parsed = parse_page(page)
    assert parsed.meta["ArticleTitle"] == fm["title"]
    assert parsed.meta["PubDate"] == fm["date"]
    assert parsed.meta["ContentSource"] == fm["unit"]
    assert parsed.meta["SiteIDCode"] == "3301000001"
    assert parsed.meta["ColumnName"] == fm["category"].rsplit("/", 1)[-1]


def test_breadcrumb_walks_unit_tree_then_columns(sample_site: Path) -> None:
    fm = front_matter(CONTENT / "nanan/2024/annual-report-2023.md")
    page = next(sample_site.glob(f"docs/*/{fm['index_no'].lower().replace('/', '-')}.html"))
    html = page.read_text(encoding="utf-8")
    crumb = re.search(r'<nav class="breadcrumb[^>]*>(.*?)</nav>', html, re.S).group(1)
    labels = [re.sub(r"<[^>]+>", "", li).strip() for li in re.findall(r"<li>(.*?)</li>", crumb, re.S)]
    assert labels == ["首页", "清河市人民政府", "东城区人民政府", "南安镇人民政府", "政府信息公开年报", fm["title"]]
    # The column crumb leads to that column filtered to the unit.
    assert re.search(r'href="\.\./\.\./columns/annual-reports/u-[a-z0-9-]+\.html">政府信息公开年报<', crumb)


def test_related_items_link_both_ways(sample_site: Path) -> None:
    policy = front_matter(CONTENT / "finance/2024/special-funds-measures.md")
    reading = front_matter(CONTENT / "finance/2024/special-funds-interpretation.md")
    for a, b in ((policy, reading), (reading, policy)):
        page = next(sample_site.glob(f"docs/*/{a['index_no'].lower().replace('/', '-')}.html"))
        related = re.search(r'<section class="related".*?</section>', page.read_text(encoding="utf-8"), re.S)
        assert related and b["title"] in related.group(0)


def test_attachments_copied_and_listed(sample_site: Path) -> None:
    source = CONTENT / "city-office/2024/property-service-award.md"
    fm = front_matter(source)
    folder = next(sample_site.glob(f"docs/*/{fm['index_no'].lower().replace('/', '-')}"))
    html = folder.with_suffix(".html").read_text(encoding="utf-8")
    for attachment in fm["attachments"]:
        original = source.parent / attachment
        links = re.findall(r'<a href="([^"]+)" download="([^"]+)">', html)
        match = [href for href, name in links if name == original.name]
        assert match, (original.name, links)
        copied = folder.parent / match[0]
        assert copied.read_bytes() == original.read_bytes()
        assert match[0].isascii()
    assert "PDF" in html


def test_column_lists_paginate_newest_first(sample_site: Path) -> None:
    first = sample_site / "columns/statutory/index.html"
    second = sample_site / "columns/statutory/page-2.html"
    assert second.is_file()
    dates = re.findall(r'<td class="c-date">(\d{4}-\d{2}-\d{2})</td>',
                       first.read_text(encoding="utf-8") + second.read_text(encoding="utf-8"))
    assert len(dates) == 40 and dates == sorted(dates, reverse=True)
    assert 'href="../../columns/statutory/page-2.html" rel="next"' in first.read_text(encoding="utf-8")


def test_column_filtered_by_unit_lists_only_that_unit(sample_site: Path) -> None:
    pages = sorted((sample_site / "columns/annual-reports").glob("u-*.html"))
    assert len(pages) >= 2
    for page in pages:
        html = page.read_text(encoding="utf-8")
        unit = re.search(r'<span class="subtitle">([^<]+)</span>', html).group(1)
        links = re.findall(r'<td class="c-title"><a href="([^"]+)">', html)
        assert links
        for link in links:
            assert parse_page((page.parent / link).resolve()).meta["ContentSource"] == unit


def test_a_unit_filtered_list_pages_through_files_beside_its_column(tmp_path: Path) -> None:
    """With five items a page, a unit's list of a column runs over several files,
    u-<unit>.html then u-<unit>.page-2.html …, linked in order, every link resolving."""
    shutil.copytree(CONTENT, tmp_path / "content")
    config = (ROOT / "config.toml").read_text(encoding="utf-8")
    assert "page_size = 20" in config
    (tmp_path / "config.toml").write_text(config.replace("page_size = 20", "page_size = 5"), encoding="utf-8")
    result = run_cli("build", "--config", tmp_path / "config.toml", "--content", tmp_path / "content",
                     "--out", tmp_path / "public", "--cache-dir", tmp_path / "cache", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "public"
    assert not list((site / "columns").rglob("u-*/")), "a unit's list is a file, not a folder"
    second = sorted(site.glob("columns/statutory/u-*.page-2.html"))[0]
    first = second.with_name(second.name.replace(".page-2.html", ".html"))
    assert f'columns/statutory/{second.name}" rel="next"' in first.read_text(encoding="utf-8")
    assert f'columns/statutory/{first.name}" rel="prev"' in second.read_text(encoding="utf-8")
    unit = re.search(r'<span class="subtitle">([^<]+)</span>', first.read_text(encoding="utf-8")).group(1)
    for page in (first, second):
        links = re.findall(r'<td class="c-title"><a href="([^"]+)">', page.read_text(encoding="utf-8"))
        assert 1 <= len(links) <= 5 and (page is second or len(links) == 5)
        assert {parse_page((page.parent / link).resolve()).meta["ContentSource"] for link in links} == {unit}
    problems, _ = check_links(site)
    assert not problems.broken, problems.broken[:5]


def test_home_counts_match_content(sample_site: Path) -> None:
    public = [fm for _, fm in all_items() if is_public(fm)]
    html = (sample_site / "index.html").read_text(encoding="utf-8")
    statutory = sum(1 for fm in public if fm["category"].startswith("法定主动公开内容"))
    assert re.search(rf'>法定主动公开内容</a> <span class="count">{statutory} 条</span>', html)
    archive = (sample_site / "archive/index.html").read_text(encoding="utf-8")
    for year in ("2023", "2024", "2025"):
        count = sum(1 for fm in public if fm["date"].startswith(year))
        assert re.search(rf'{year}年</a>\s*<span class="count">{count} 条</span>', archive)


def test_every_page_declares_language_and_landmarks(sample_site: Path) -> None:
    for page in html_pages(sample_site):
        html = page.read_text(encoding="utf-8")
        assert '<html lang="zh-CN">' in html, page
        for landmark in ("<header", "<main", "<footer", 'class="skip-link" href="#main"'):
            assert landmark in html, (page, landmark)


def test_markup_typed_into_metadata_is_shown_as_text(tmp_path: Path) -> None:
    """A title, keyword or summary containing <, >, & or quotes is text on every page, never markup."""
    import shutil

    from .conftest import run_cli
    shutil.copytree(CONTENT, tmp_path / "content")
    shutil.copy(ROOT / "config.toml", tmp_path / "config.toml")
    item = tmp_path / "content/city/2023/urban-greening-measures.md"
    text = item.read_text(encoding="utf-8")
    text = text.replace('title: "清河市城市绿化管理办法"', "title: '绿化<script>alert(1)</script>办法 \"A&B\"'")
    text = text.replace("keywords: [城市绿化, 规章]", "keywords: ['<b>绿化</b>', 规章]")
    text = text.replace("summary: 《清河市", "summary: <img src=x onerror=alert(2)>《清河市")
    item.write_text(text, encoding="utf-8")
    built = run_cli("build", "--config", tmp_path / "config.toml", "--content", tmp_path / "content",
                    "--out", tmp_path / "public", "--no-cache", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    page = tmp_path / "public/docs/2023/1133010052601815xr-2023-00002.html"
    for path in (page, tmp_path / "public/care/docs/2023/1133010052601815xr-2023-00002.html",
                 tmp_path / "public/units/city/index.html"):
        html = path.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>绿化" not in html, path
        assert "绿化&lt;script&gt;alert(1)&lt;/script&gt;办法 &#34;A&amp;B&#34;" in html, path
    tags = parse_page(page).meta
    assert tags["ArticleTitle"] == '绿化<script>alert(1)</script>办法 "A&B"'
    assert tags["Keywords"] == "<b>绿化</b>，规章" and tags["Description"].startswith("<img src=x")


def test_lists_are_tables_in_the_standard_edition_and_cards_in_care(sample_site: Path) -> None:
    """The list macros learn the edition from the environment (they are imported without context)."""
    for rel in ("columns/guide/index.html", "units/city/index.html", "archive/2024/index.html"):
        standard = (sample_site / rel).read_text(encoding="utf-8")
        care = (sample_site / "care" / rel).read_text(encoding="utf-8")
        assert '<table class="doc-list">' in standard and 'class="doc-cards"' not in standard, rel
        assert 'class="doc-cards"' in care and '<table class="doc-list">' not in care, rel
        # ... and link from where the page is, in its own edition.
        first = re.search(r'<ul class="doc-cards">\s*<li>\s*<a href="([^"]+)"', care)
        assert first and (sample_site / "care" / rel).parent.joinpath(first.group(1)).resolve().is_relative_to(
            (sample_site / "care").resolve()), rel
