"""One disclosed item (政府信息) and its attachments."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..doc_numbers import canonical_doc_no
from ..slugs import index_no_slug

if TYPE_CHECKING:
    from .categories import Category
    from .units import Unit

NATIONAL_INDEX_NO = re.compile(r"^(?P<prefix>[0-9A-Za-z]+)/(?P<year>\d{4})-(?P<serial>\d{5})$")

_KIND_BY_EXTENSION = {
    ".pdf": "PDF", ".doc": "Word", ".docx": "Word", ".wps": "WPS", ".xls": "Excel", ".xlsx": "Excel",
    ".et": "WPS 表格", ".csv": "CSV", ".txt": "文本", ".ofd": "OFD", ".zip": "压缩包", ".rar": "压缩包",
    ".7z": "压缩包", ".jpg": "图片", ".jpeg": "图片", ".png": "图片", ".gif": "图片", ".ppt": "PowerPoint",
    ".pptx": "PowerPoint", ".odt": "文档", ".ods": "表格", ".md": "文本",
}


def files_folder(page_path: str) -> str:
    """Where the files shown on an item's page are stored once: beside it, in a folder of its name."""
    return page_path.removesuffix(".html")


def file_kind(extension: str) -> str:
    return _KIND_BY_EXTENSION.get(extension.lower(), extension.lstrip(".").upper() or "文件")


def size_label(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def encode_lines(lines: dict[str, int]) -> str:
    """Field -> line as one string ("key<TAB>line" per line), read by Document.line.

    Every item carries it for the whole build; a dict with its own key strings costs five times
    as much, and only a message ever asks."""
    return "".join(f"{key}\t{line}\n" for key, line in lines.items())


@dataclass(eq=False, slots=True)
class Attachment:
    name: str          # shown to readers, as the staff named it
    source: str        # absolute path of the file in the content tree
    file_name: str     # ASCII name in the output folder
    size: int
    kind: str

    @property
    def size_label(self) -> str:
        return size_label(self.size)


# Slots: a catalogue holds every item's metadata at once (100,000 items in a province), and
# forked render workers copy what they touch; an instance dict costs four times as much.
@dataclass(eq=False, slots=True)
class Document:
    source: str                       # content-relative path, for messages
    title: str
    index_no: str
    unit_name: str
    category_path: str
    date: str                         # YYYY-MM-DD, as written
    written_date: str = ""
    doc_no: str = ""
    topic: str = ""
    genre: str = ""
    keywords: list[str] = field(default_factory=list)
    summary: str = ""
    disclosure: str = "主动公开"
    validity: str = ""
    abolished_date: str = ""
    doc_kind: str = ""
    related_ids: list[str] = field(default_factory=list)
    draft: bool = False
    reviewed_by: str = ""             # 审核
    approved_by: str = ""             # 签发
    extra: dict[str, Any] = field(default_factory=dict)   # unknown keys, reachable from templates
    lines: str = ""                   # where each field is written: see encode_lines
    body_html: str = ""
    text: str = ""                    # plain text of the body (search, summary)
    attachments: list[Attachment] = field(default_factory=list)
    assets: list[tuple[str, str]] = field(default_factory=list)  # (source path, output name)
    # Set by the build pipeline: digest of the file and its dependencies, and what the
    # per-document extractors (search, review) computed from the body before it was dropped.
    content_key: str = ""
    listing_key: str = ""     # the same, without the body: what lists and links show
    model_key: str = ""       # every field but the body and what comes from it: what site checks see
    derived: dict[str, Any] = field(default_factory=dict)
    # Pre-publication review (sitegen/review): per-file findings and this item's waivers.
    review_findings: tuple[Any, ...] = ()
    review_waivers: tuple[Any, ...] = ()
    review_links: tuple[tuple[str, int], ...] = ()   # (content file the body links to, line)
    # Resolved against the site model after every file is read.
    unit: "Unit | None" = None
    category: "Category | None" = None
    related: list["Document"] = field(default_factory=list)
    newer: "Document | None" = None   # neighbours in the column list (newest first)
    older: "Document | None" = None
    _url: str = field(default="", init=False, repr=False)    # computed once (see url)

    @property
    def is_public(self) -> bool:
        return self.disclosure == "主动公开" and not self.draft

    @property
    def doc_no_key(self) -> str:
        """The 文号 in canonical form (〔〕, no 第, no leading zeros): for search and duplicates."""
        return canonical_doc_no(self.doc_no) if self.doc_no else ""

    @property
    def year(self) -> str:
        return self.date[:4]

    @property
    def month(self) -> str:
        return self.date[5:7]

    @property
    def folder_year(self) -> str:
        # The 索引号 never changes, so its year keeps the URL stable if the date is corrected.
        match = NATIONAL_INDEX_NO.match(self.index_no)
        return match.group("year") if match else self.year

    @property
    def dir(self) -> str:
        """The folder of the item's attachments and images, named as its page: docs/2024/<id>/."""
        return files_folder(self.url)

    @property
    def url(self) -> str:
        # Asked for by every list that shows the item: computed once (the 索引号 does not change).
        if not self._url:
            # A page, not a folder holding one: a catalogue has thousands of items, in two
            # editions, and every folder costs a disc image or USB stick space and copying time
            # of its own. A folder per year keeps every directory far below FAT32's 65,534 entries.
            self._url = f"docs/{self.folder_year}/{index_no_slug(self.index_no)}.html"
        return self._url

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.date, self.index_no)

    def line(self, key: str) -> int | None:
        """The line of the front matter where `key` is written, for messages."""
        at = ("\n" + self.lines).find(f"\n{key}\t")
        if at < 0:
            return None
        start = at + len(key) + 1
        return int(self.lines[start: self.lines.index("\n", start)])

    def __repr__(self) -> str:
        return f"Document({self.index_no!r}, {self.title!r})"
