"""sitemap.xml and robots.txt for search engines.

The sitemap protocol accepts only complete addresses (https://…), so
sitemap.xml is written only when `base_url` is configured; without it the
build says so and robots.txt carries no Sitemap line. Output is
deterministic: pages in plan order, `lastmod` from item dates only.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Iterable

from .diagnostics import Report
from .feeds import base_url
from .structure.pages import Page
from .structure.site import Site

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITEMAP_FILE = "sitemap.xml"
MAX_URLS = 50_000                        # per file, by the protocol
SKIPPED_KINDS = {"not_found", "search"}  # no content of their own


def page_lastmod(page: Page) -> str | None:
    """The newest item date a page shows, if it shows items."""
    doc = page.context.get("doc")
    if doc is not None:
        return doc.date
    pager = page.context.get("pager")
    if pager is not None and pager.items:
        return max(d.date for d in pager.items)
    latest = page.context.get("latest")
    return latest[0].date if latest else None


def search_engine_files(site: Site, pages: Iterable[Page], report: Report,
                        config_name: str) -> list[tuple[str, bytes]]:
    """robots.txt always; sitemap.xml (split with an index past 50,000 pages) when base_url is set."""
    base = base_url(site)
    lines = ["User-agent: *", "Allow: /"]
    files: list[tuple[str, bytes]] = []
    if base:
        entries = [(base + p.path, page_lastmod(p)) for p in pages if p.kind not in SKIPPED_KINDS]
        chunks = [entries[i: i + MAX_URLS] for i in range(0, len(entries), MAX_URLS)] or [[]]
        if len(chunks) == 1:
            files.append((SITEMAP_FILE, _urlset(chunks[0])))
        else:
            names = [f"sitemap-{i}.xml" for i in range(1, len(chunks) + 1)]
            files += [(name, _urlset(chunk)) for name, chunk in zip(names, chunks)]
            files.append((SITEMAP_FILE, _index([base + n for n in names])))
        lines.append(f"Sitemap: {base}{SITEMAP_FILE}")
    else:
        report.warning("sitemap-skipped", config_name,
                       "没有设置网站地址 base_url，因此没有生成 sitemap.xml（站点地图只接受完整网址），"
                       "订阅源（feed.xml）中的链接为相对地址",
                       field="base_url",
                       expected='[site] 中写 base_url = "https://www.example.gov.cn/"（网站首页的完整地址）；'
                                "只刻光盘、拷 U 盘发布时可以不写")
    files.append(("robots.txt", ("\n".join(lines) + "\n").encode("utf-8")))
    return files


def _urlset(entries: list[tuple[str, str | None]]) -> bytes:
    urlset = ET.Element("urlset", {"xmlns": SITEMAP_NS})
    for loc, lastmod in entries:
        url = ET.SubElement(urlset, "url")
        ET.SubElement(url, "loc").text = loc
        if lastmod:
            ET.SubElement(url, "lastmod").text = lastmod
    return _serialise(urlset)


def _index(locations: list[str]) -> bytes:
    index = ET.Element("sitemapindex", {"xmlns": SITEMAP_NS})
    for loc in locations:
        ET.SubElement(ET.SubElement(index, "sitemap"), "loc").text = loc
    return _serialise(index)


def _serialise(element: ET.Element) -> bytes:
    ET.indent(element, space="  ")
    return ET.tostring(element, encoding="utf-8", xml_declaration=True) + b"\n"
