"""Reading a built site the way a browser would: every reference, every id."""
from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Attributes whose URL the browser loads by itself (not only when clicked).
FETCHING = {("img", "src"), ("script", "src"), ("link", "href"), ("iframe", "src"), ("source", "src"),
            ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data")}


@dataclass
class Reference:
    page: Path
    tag: str
    attr: str
    url: str

    @property
    def fetches(self) -> bool:
        return (self.tag, self.attr) in FETCHING


@dataclass
class ParsedPage:
    path: Path
    references: list[Reference] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    meta: dict[str, str] = field(default_factory=dict)
    text: list[str] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self, page: ParsedPage):
        super().__init__(convert_charrefs=True)
        self.page = page

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if "id" in values and values["id"]:
            self.page.ids.add(values["id"])
        if tag == "meta" and values.get("name"):
            self.page.meta[values["name"]] = values.get("content") or ""
        for attr in ("href", "src", "data", "action"):
            if values.get(attr) is not None:
                self.page.references.append(Reference(self.page.path, tag, attr, values[attr]))

    def handle_data(self, data):
        self.page.text.append(data)


def parse_page(path: Path) -> ParsedPage:
    page = ParsedPage(path)
    _Parser(page).feed(path.read_text(encoding="utf-8"))
    return page


def html_pages(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


@dataclass
class LinkProblems:
    broken: list[str] = field(default_factory=list)
    root_relative: list[str] = field(default_factory=list)
    network_fetches: list[str] = field(default_factory=list)
    missing_fragments: list[str] = field(default_factory=list)


def check_links(root: Path) -> tuple[LinkProblems, int]:
    """Every relative reference must name an existing file (never a bare folder)."""
    pages = {p.resolve(): parse_page(p) for p in html_pages(root)}
    problems = LinkProblems()
    checked = 0
    for page in pages.values():
        for ref in page.references:
            where = f"{page.path.relative_to(root)}: <{ref.tag} {ref.attr}={ref.url!r}>"
            parts = urlsplit(ref.url)
            if parts.scheme in ("http", "https") or ref.url.startswith("//"):
                if ref.fetches:
                    problems.network_fetches.append(where)
                continue
            if parts.scheme in ("mailto", "tel", "data"):
                continue
            if ref.url.startswith("/"):
                problems.root_relative.append(where)
                continue
            checked += 1
            target = (page.path.parent / unquote(parts.path)).resolve() if parts.path else page.path.resolve()
            if not target.is_file():
                problems.broken.append(where)
                continue
            if parts.fragment and target.suffix == ".html":
                target_page = pages.get(target)
                if target_page is not None and parts.fragment not in target_page.ids:
                    problems.missing_fragments.append(where)
    return problems, checked
