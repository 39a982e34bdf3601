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
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from .structure.categories import Category
from .structure.document import Document
from .structure.site import Site
from .structure.units import Unit

ATOM = "http://www.w3.org/2005/Atom"
FEED_FILE = "feed.xml"
FEED_SIZE = 50                 # newest items per feed
TIME_OF_DAY = "T00:00:00+08:00"  # items carry dates only; they are dates in China time
EMPTY_FEED_DATE = "1970-01-01"


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
    return _stable_id(site.config.site_id_code, name)


# An item sits in the site's feed, its unit's and each of its column's ancestors': its id (a SHA-1
# of the site's code and the name, nothing else) is computed once, not once per feed.
@lru_cache(maxsize=None)
def _stable_id(site_code: str, name: str) -> str:
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"sitegen:{site_code}:{name}"))


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
    # The site's newest date dates an empty feed only: were it an input of every feed, each new
    # item dated newest would rewrite all of them (hundreds) instead of the few that list it.
    return (path, title, _feed_updated(site, docs), *(doc.listing_key for doc in docs[:FEED_SIZE]))


def _feed_updated(site: Site, docs: list[Document]) -> str:
    """The feed's `updated` date: its newest item's, or the site's for a feed with none yet."""
    return docs[0].date if docs else (site.documents[0].date if site.documents else EMPTY_FEED_DATE)


def atom_feed(site: Site, path: str, title: str, docs: list[Document]) -> bytes:
    """The feed as bytes: written out directly, as ElementTree's serialiser took most of the time
    of hundreds of feeds with 50 entries each (tests/test_feeds.py parses every one)."""
    base = base_url(site)
    up = "../" * path.count("/")
    folder = path.rpartition("/")[0]

    def href(target: str) -> str:
        return base + target if base else up + target

    newest = _feed_updated(site, docs)
    lines = [
        "<?xml version='1.0' encoding='utf-8'?>",
        f'<feed xmlns="{ATOM}" xml:lang={_attribute(site.config.language)}>',
        _text("  ", "id", stable_id(site, "feed:" + path)),
        _text("  ", "title", title),
        _text("  ", "updated", newest + TIME_OF_DAY),
        _link("  ", "self", "application/atom+xml", base + path if base else FEED_FILE),
        _link("  ", "alternate", "text/html", href(f"{folder}/index.html" if folder else "index.html")),
        "  <author>",
        _text("    ", "name", site.config.title),
        "  </author>",
        _text("  ", "generator", "sitegen"),
    ]
    for doc in docs[:FEED_SIZE]:
        lines += (
            "  <entry>",
            _text("    ", "id", stable_id(site, doc.index_no.upper())),
            _text("    ", "title", doc.title),
            _link("    ", "alternate", "text/html", href(doc.url)),
            _text("    ", "published", doc.date + TIME_OF_DAY),
            _text("    ", "updated", doc.date + TIME_OF_DAY),
            "    <author>",
            _text("      ", "name", doc.unit_name),
            "    </author>",
        )
        if doc.category is not None:
            lines.append(f"    <category term={_attribute(doc.category.path)} "
                         f"label={_attribute(doc.category.name)} />")
        if doc.summary:
            lines.append(_text("    ", "summary", doc.summary))
        lines.append("  </entry>")
    lines.append("</feed>\n")
    # xmlcharrefreplace: what ElementTree did with what UTF-8 cannot encode (lone surrogates).
    return "\n".join(lines).encode("utf-8", "xmlcharrefreplace")


def _text(indent: str, tag: str, text: str) -> str:
    # ElementTree's form, which the tests and earlier outputs have: an empty element self-closes.
    if not text:
        return f"{indent}<{tag} />"
    return f"{indent}<{tag}>{escape(text)}</{tag}>"


def _link(indent: str, rel: str, type_: str, target: str) -> str:
    return f'{indent}<link rel={_attribute(rel)} type={_attribute(type_)} href={_attribute(target)} />'


# ElementTree's escapes, which earlier outputs have (a tab is &#09;, where quoteattr writes &#9;).
_ATTRIBUTE_ESCAPES = {'"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"}


def _attribute(value: str) -> str:
    """A quoted attribute value."""
    return '"' + escape(value, _ATTRIBUTE_ESCAPES) + '"'
