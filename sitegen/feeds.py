"""Atom feeds (RFC 4287): one for the site, one per unit, one per column.

Each feed sits beside the list page it follows (feed.xml next to index.html)
and carries the newest items. The output is deterministic: no build time
anywhere, `updated` comes from the items' dates, and the same content gives
the same bytes.

Ids must be absolute IRIs that never change. They are `urn:uuid:` names
derived from the site's 网站标识码 and the item's 索引号, so they stay the same
when `domain` or `base_url` is set or changed later. Links are absolute when
`base_url` is configured and relative to the feed otherwise (a feed reader
resolves them against the feed's own address).
"""
from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

from .structure.categories import Category
from .structure.document import Document
from .structure.site import Site
from .structure.units import Unit

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FEED_FILE = "feed.xml"
FEED_SIZE = 50                 # newest items per feed
TIME_OF_DAY = "T00:00:00+08:00"  # items carry dates only; they are dates in China time
EMPTY_FEED_DATE = "1970-01-01"

ET.register_namespace("", ATOM)


def feed_path(unit: Unit | None = None, category: Category | None = None) -> str:
    """Where the feed of the site, a unit or a column lives (beside its list page)."""
    if unit is not None:
        return f"units/{unit.slug}/{FEED_FILE}"
    if category is not None:
        return f"{category.dir}/{FEED_FILE}"
    return FEED_FILE


def base_url(site: Site) -> str:
    url = site.config.base_url
    return url if not url or url.endswith("/") else url + "/"


def stable_id(site: Site, name: str) -> str:
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"sitegen:{site.config.site_id_code}:{name}"))


Feed = tuple[str, str, list[Document]]          # path, title, items newest first


def all_feeds(site: Site) -> list[Feed]:
    """(path, title, items newest first) of every feed, in a stable order."""
    title = site.config.title
    feeds = [(feed_path(), title, site.documents)]
    feeds += [(feed_path(unit=u), f"{u.name} - {title}", site.by_unit.get(u, [])) for u in site.units]
    feeds += [(feed_path(category=c), f"{c.name} - {title}", site.in_subtree.get(c, [])) for c in site.categories]
    return feeds


def feed_inputs(site: Site, path: str, title: str, docs: list[Document]) -> tuple[str, ...]:
    """Everything a feed's bytes depend on besides the config: the builder skips a feed whose
    inputs are unchanged without serialising it (hundreds of feeds, most untouched by an edit)."""
    fallback = site.documents[0].date if site.documents else EMPTY_FEED_DATE
    return (path, title, fallback, *(doc.listing_key for doc in docs[:FEED_SIZE]))


def atom_feed(site: Site, path: str, title: str, docs: list[Document]) -> bytes:
    base = base_url(site)
    up = "../" * path.count("/")
    folder = path.rpartition("/")[0]

    def href(target: str) -> str:
        return base + target if base else up + target

    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: site.config.language})
    _text(feed, "id", stable_id(site, "feed:" + path))
    _text(feed, "title", title)
    newest = docs[0].date if docs else (site.documents[0].date if site.documents else EMPTY_FEED_DATE)
    _text(feed, "updated", newest + TIME_OF_DAY)
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "type": "application/atom+xml",
                                              "href": base + path if base else FEED_FILE})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html",
                                              "href": href(f"{folder}/index.html" if folder else "index.html")})
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", site.config.title)
    _text(feed, "generator", "sitegen")
    for doc in docs[:FEED_SIZE]:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", stable_id(site, doc.index_no.upper()))
        _text(entry, "title", doc.title)
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": href(doc.url)})
        _text(entry, "published", doc.date + TIME_OF_DAY)
        _text(entry, "updated", doc.date + TIME_OF_DAY)
        entry_author = ET.SubElement(entry, f"{{{ATOM}}}author")
        _text(entry_author, "name", doc.unit_name)
        if doc.category is not None:
            ET.SubElement(entry, f"{{{ATOM}}}category", {"term": doc.category.path, "label": doc.category.name})
        if doc.summary:
            _text(entry, "summary", doc.summary)
    ET.indent(feed, space="  ")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = text
    return element
