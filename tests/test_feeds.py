"""Atom feeds, sitemap.xml and robots.txt: valid, complete, deterministic, and honest without base_url."""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from .conftest import ROOT, run_cli
from .sitecheck import html_pages, parse_page
from .test_sample_site import CONTENT, all_items, front_matter, is_public

A = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BASE = "https://www.qinghe.example.gov.cn/"


def public_items() -> list[dict]:
    return [fm for _, fm in all_items() if is_public(fm)]


def entries(feed: Path) -> list[ET.Element]:
    return ET.parse(feed).getroot().findall(f"{A}entry")


def target_of(href: str, feed: Path, site: Path) -> Path:
    """The file a feed link points to, whether absolute (base_url) or relative to the feed."""
    if href.startswith(BASE):
        return site / href[len(BASE):]
    assert not urlsplit(href).scheme, href
    return (feed.parent / href).resolve()


@pytest.fixture(scope="module")
def site_without_base_url(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    project = tmp_path_factory.mktemp("nobase")
    shutil.copytree(ROOT / "content", project / "content")
    config = (ROOT / "config.toml").read_text(encoding="utf-8")
    config = re.sub(r"^base_url = .*\n", "", config, flags=re.M)
    (project / "config.toml").write_text(config, encoding="utf-8")
    result = run_cli("build", cwd=project)
    assert result.returncode == 0, result.stderr
    return project / "public", result.stderr


def test_site_feed_lists_newest_public_items(sample_site: Path) -> None:
    feed = sample_site / "feed.xml"
    root = ET.parse(feed).getroot()
    assert root.tag == f"{A}feed" and root.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-CN"
    items = sorted(public_items(), key=lambda fm: (fm["date"], fm["index_no"]), reverse=True)
    found = entries(feed)
    assert [e.findtext(f"{A}title") for e in found] == [fm["title"] for fm in items][:50]
    assert root.findtext(f"{A}updated") == items[0]["date"] + "T00:00:00+08:00"
    ids = [e.findtext(f"{A}id") for e in found]
    assert len(set(ids)) == len(ids) and all(i.startswith("urn:uuid:") for i in ids)
    for entry, fm in zip(found, items):
        assert entry.findtext(f"{A}updated") == fm["date"] + "T00:00:00+08:00"
        assert entry.find(f"{A}author").findtext(f"{A}name") == fm["unit"]
        href = entry.find(f"{A}link").get("href")
        assert href.startswith(BASE)
        assert parse_page(target_of(href, feed, sample_site)).meta["ArticleTitle"] == fm["title"]
    self_link = root.find(f"{A}link[@rel='self']").get("href")
    assert self_link == BASE + "feed.xml"


def test_every_unit_and_column_has_a_feed_linked_from_its_page(sample_site: Path) -> None:
    pages = [p for p in html_pages(sample_site) if re.search(r"(units/[^/]+|columns/(?:[^/]+/)*[^u/][^/]*)/index\.html$",
                                                              p.relative_to(sample_site).as_posix())]
    assert len(pages) >= 12 + 20
    for page in pages + [sample_site / "index.html"]:
        html = page.read_text(encoding="utf-8")
        link = re.search(r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="([^"]+)">', html)
        assert link, page
        feed = (page.parent / link.group(1)).resolve()
        # One feed per list, shared by both editions: a 关怀版 page links to the standard page's feed.
        standard_folder = sample_site / page.parent.relative_to(sample_site).as_posix().removeprefix("care").lstrip("/")
        assert feed == standard_folder / "feed.xml" and feed.is_file()
        listed = {re.sub(r"<[^>]+>", "", t) for t in re.findall(r'<td class="c-title"><a href="[^"]+">(.*?)</a>', html)}
        titles = {e.findtext(f"{A}title") for e in entries(feed)}
        assert listed <= titles or len(titles) == 50, page             # the list's first page is in its feed


def test_unit_feed_holds_only_that_units_items(sample_site: Path) -> None:
    feed = sample_site / "units/city/feed.xml"
    expected = {fm["title"] for fm in public_items() if fm["unit"] == "清河市人民政府"}
    assert {e.findtext(f"{A}title") for e in entries(feed)} == expected


def test_sitemap_lists_every_content_page_with_full_addresses(sample_site: Path) -> None:
    root = ET.parse(sample_site / "sitemap.xml").getroot()
    locs = [u.findtext(f"{SM}loc") for u in root.findall(f"{SM}url")]
    # The standard edition only: each 关怀版 page repeats its standard twin's content.
    pages = {p.relative_to(sample_site).as_posix() for p in html_pages(sample_site)
             if not p.relative_to(sample_site).as_posix().startswith("care/")} - {"404.html", "search/index.html"}
    assert all(loc.startswith(BASE) for loc in locs)
    assert sorted(loc[len(BASE):] for loc in locs) == sorted(pages)
    fm = front_matter(CONTENT / "finance/2024/special-funds-measures.md")
    name = fm["index_no"].lower().replace("/", "-")
    doc = next(u for u in root.findall(f"{SM}url") if u.findtext(f"{SM}loc").endswith(f"/{name}.html"))
    assert doc.findtext(f"{SM}lastmod") == fm["date"]
    assert (sample_site / "robots.txt").read_text(encoding="utf-8") == \
        f"User-agent: *\nAllow: /\nSitemap: {BASE}sitemap.xml\n"


def test_without_base_url_sitemap_is_skipped_with_a_note_and_feed_links_are_relative(
        sample_site: Path, site_without_base_url: tuple[Path, str]) -> None:
    site, stderr = site_without_base_url
    assert "config.toml: 警告〔base_url〕：没有设置网站地址 base_url，因此没有生成 sitemap.xml" in stderr
    assert not (site / "sitemap.xml").exists()
    assert (site / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nAllow: /\n"
    feed = site / "columns/annual-reports/feed.xml"
    root = ET.parse(feed).getroot()
    assert root.find(f"{A}link[@rel='self']").get("href") == "feed.xml"
    for entry in root.findall(f"{A}entry"):
        href = entry.find(f"{A}link").get("href")
        assert href.startswith("../../docs/") and target_of(href, feed, site).is_file()
    # Ids do not depend on where the site is published.
    with_base = [e.findtext(f"{A}id") for e in entries(sample_site / "columns/annual-reports/feed.xml")]
    assert [e.findtext(f"{A}id") for e in root.findall(f"{A}entry")] == with_base


def test_two_builds_give_identical_files(sample_site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    result = run_cli("build", "--out", again)
    assert result.returncode == 0, result.stderr

    def digests(root: Path) -> dict[str, str]:
        return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(root.rglob("*")) if p.is_file()}

    first, second = digests(sample_site), digests(again)
    assert first == second
    assert any(name.endswith("feed.xml") for name in first) and "sitemap.xml" in first


def test_feed_is_read_by_a_browser_resolving_relative_links(site_without_base_url: tuple[Path, str]) -> None:
    # A feed reader resolves relative links against the feed's own address.
    site, _ = site_without_base_url
    feed = site / "units/city/feed.xml"
    address = "https://example.org/catalogue/units/city/feed.xml"
    for entry in entries(feed):
        resolved = urljoin(address, entry.find(f"{A}link").get("href"))
        assert resolved.startswith("https://example.org/catalogue/docs/")
        assert (site / resolved[len("https://example.org/catalogue/"):]).is_file()


def test_markup_characters_in_titles_and_summaries_reach_the_reader_unchanged(tmp_path: Path) -> None:
    # Feeds are written out as text: what XML gives meaning to must be escaped, in text and in
    # attributes alike, or a feed reader rejects the whole feed.
    shutil.copytree(ROOT / "content", tmp_path / "content")
    column = '法定主动公开内容/政策文件/A&B <试点> "专栏"'
    config = (ROOT / "config.toml").read_text(encoding="utf-8")
    config += f'\n[[categories]]\npath = {json.dumps(column, ensure_ascii=False)}\nslug = "pilot"\n'
    (tmp_path / "config.toml").write_text(config, encoding="utf-8")
    item = tmp_path / "content/finance/2024/special-funds-measures.md"
    title = 'R&D <试点> "专项" 资金 & 管理 ]]>'
    summary = "规范 <b>不是标签</b> & 其他 'quoted' \"text\"。"
    text = item.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^category: .*$", "category: '" + column.replace("'", "''") + "'", text)
    text = re.sub(r"(?m)^title: .*$", "title: '" + title.replace("'", "''") + "'", text)
    text = re.sub(r"(?m)^summary: .*$", "summary: '" + summary.replace("'", "''") + "'", text)
    item.write_text(text, encoding="utf-8")
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    found = [entry for feed in sorted((tmp_path / "public").rglob("feed.xml")) for entry in entries(feed)
             if entry.findtext(f"{A}title") == title]
    assert len(found) >= 3          # the site's, its unit's and its column's feeds
    assert {entry.findtext(f"{A}summary") for entry in found} == {summary}
    assert {(entry.find(f"{A}category").get("term"), entry.find(f"{A}category").get("label"))
            for entry in found} == {(column, column.rpartition("/")[2])}
