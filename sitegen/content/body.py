"""Markdown body -> HTML, with every referenced resource made local and offline-safe.

Local files the body links to are copied beside the page under ASCII names.
Nothing in a page may make the browser fetch from the network: a remote image
becomes a link to it, and remote scripts, frames and styles are dropped, each
with a warning to the author.
"""
from __future__ import annotations

import html
import importlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable
from urllib.parse import unquote, urlsplit

from ..diagnostics import Report
from ..slugs import uniquify, words_slug
from .paths import resolved_root
from .plain_markdown import render_plain
from .tables import accessible_tables

if TYPE_CHECKING:
    import markdown
    import markdown.extensions

EXTENSIONS = ["tables", "fenced_code", "sane_lists", "attr_list", "def_list", "footnotes", "abbr", "md_in_html"]

# Elements whose URL attribute makes the browser fetch something when the page loads.
_FETCHING = {"img": "src", "script": "src", "iframe": "src", "embed": "src", "source": "src",
             "video": "src", "audio": "src", "link": "href", "object": "data", "track": "src"}
# The tags the fixer may change: those with an attribute value (a URL to check) and every <img>
# (its alt). A body has dozens of bare <p>, <td> and <li>, each a Python call if matched.
_TAG = re.compile(r"<(?P<name>(?i:img)\b|[a-zA-Z][a-zA-Z0-9]*\b(?=[^>]*=))(?P<attrs>[^>]*)>", re.S)
_ATTR = re.compile(r"""(?P<key>\b(?:src|href|data|poster|srcset))\s*=\s*(?P<q>["'])(?P<value>.*?)(?P=q)""", re.S | re.I)
_ALT = re.compile(r"""\balt\s*=\s*(["'])(.*?)\1""", re.S | re.I)
_CONTAINER = re.compile(r"<(script|iframe|object|video|audio)\b[^>]*>.*?</\1\s*>", re.S | re.I)
_SAFE_SCHEMES = ("mailto:", "tel:", "#")
_TAGS = re.compile(r"<[^>]+>")


@dataclass
class RenderedBody:
    html: str
    text: str
    assets: list[tuple[str, str]] = field(default_factory=list)   # (source path, output name)


# Extensions whose syntax always contains a tell-tale sequence. Python-Markdown runs every
# extension over every body; a body without the sequence renders the same without the
# extension (tests/test_content_model.py compares), and most bodies use none of these.
_DEF_LIST_LINE = re.compile(r"(?m)^ {0,3}:")
ON_DEMAND: dict[str, Callable[[str], bool]] = {
    "fenced_code": lambda text: "```" in text or "~~~" in text,
    "attr_list": lambda text: "{" in text,
    "def_list": lambda text: _DEF_LIST_LINE.search(text) is not None,
    "footnotes": lambda text: "[^" in text,
    "abbr": lambda text: "*[" in text,
    "md_in_html": lambda text: "<" in text,
}


def extensions_for(text: str) -> tuple[str, ...]:
    """EXTENSIONS, less those the text cannot use."""
    return tuple(name for name in EXTENSIONS if name not in ON_DEMAND or ON_DEMAND[name](text))


def _extension(name: str) -> markdown.extensions.Extension:
    """A bundled extension by its short name, built directly: naming it would make Python-Markdown
    scan every installed package's entry points first (tens of milliseconds per process)."""
    return importlib.import_module(f"markdown.extensions.{name}").makeExtension()


class BodyRenderer:
    """One per process: Python-Markdown instances are reusable after reset()."""

    def __init__(self, fast: bool = True) -> None:
        self._fast = fast
        self._instances: dict[tuple[str, ...], markdown.Markdown] = {}

    def markdown_for(self, text: str) -> markdown.Markdown:
        extensions = extensions_for(text) if self._fast else tuple(EXTENSIONS)
        md = self._instances.get(extensions)
        if md is None:
            # Imported here: a plain body (plain_markdown.py), which most are, needs no Markdown,
            # and an edit of one then builds without loading it (3 % of the edit's instructions).
            import markdown

            from .fast_markdown import install as install_shortcuts
            md = self._instances[extensions] = markdown.Markdown(
                extensions=[_extension(name) for name in extensions], output_format="html")
            if self._fast:
                install_shortcuts(md)
        return md

    def convert(self, text: str) -> str:
        """Python-Markdown's HTML for text."""
        return self._convert(text)[0]

    def _convert(self, text: str) -> tuple[str, bool]:
        """(HTML, whether text is a plain body: one that Python-Markdown need not run for, and that
        has no link, image or embedded element; see plain_markdown.py)."""
        html = render_plain(text) if self._fast else None
        if html is not None:
            return html, True
        md = self.markdown_for(text)
        md.reset()
        return md.convert(text), False

    def render(self, source_text: str, source_file: Path, display_name: str, body_line: int,
               report: Report, taken_names: set[str], content_root: Path) -> RenderedBody:
        cleaned, plain = self._convert(source_text)
        assets: list[tuple[str, str]] = []
        if not plain:         # (a plain body has no URL for the fixer to check)
            fixer = _ResourceFixer(source_file, display_name, body_line, source_text, report, taken_names,
                                   content_root)
            cleaned = fixer.fix(cleaned)
            assets = fixer.assets
        cleaned, tables = accessible_tables(cleaned)
        report_tables(tables.without_caption, tables.without_headers, source_text, body_line, display_name, report)
        return RenderedBody(html=cleaned, text=plain_text(cleaned), assets=assets)


_TABLE_START = re.compile(r"^\s*(\||<table\b)", re.I)


def table_lines(source_text: str, body_line: int) -> list[int]:
    """File line of each table's first line, in body order (Markdown pipes or raw <table>)."""
    lines, inside = [], False
    for offset, text in enumerate(source_text.split("\n")):
        starts = bool(_TABLE_START.match(text))
        if starts and (not inside or "<table" in text.lower()):
            lines.append(body_line + offset)
        inside = starts and "<table" not in text.lower()
    return lines


def report_tables(without_caption: list[int], without_headers: list[int], source_text: str, body_line: int,
                  file: str, report: Report) -> None:
    """Tables a screen-reader user cannot follow: no title, or no header cells."""
    lines = table_lines(source_text, body_line)
    for number in without_caption:
        report.warning("table-caption-missing", file, f"正文第 {number} 个表格没有标题，读屏软件无法说明这是什么表",
                       line=lines[number - 1] if number <= len(lines) else None, field="正文",
                       expected="在表格上方紧挨着单独写一行加粗的表格名称，如 **表1 主要指标**；或在表格前写一个小标题")
    for number in without_headers:
        report.warning("table-header-missing", file, f"正文第 {number} 个表格没有表头单元格，读屏软件无法说明各列的含义",
                       line=lines[number - 1] if number <= len(lines) else None, field="正文",
                       expected="用 Markdown 表格书写（第一行为表头，第二行为 | --- |），或在 HTML 表格中用 <th>")


def plain_text(fragment: str) -> str:
    # split() and a regex's \s agree on what whitespace is (str.isspace); split() is three times faster.
    return " ".join(html.unescape(_TAGS.sub(" ", fragment)).split())


class _ResourceFixer:
    def __init__(self, source_file: Path, display_name: str, body_line: int, source_text: str,
                 report: Report, taken_names: set[str], content_root: Path):
        self.folder = source_file.parent
        self.root = resolved_root(content_root)
        self.file = display_name
        self.body_line = body_line
        self.source_text = source_text
        self.report = report
        self.taken = taken_names
        self.assets: list[tuple[str, str]] = []
        self._copied: dict[Path, str] = {}

    def line_of(self, needle: str) -> int | None:
        # Best effort: the first body line that mentions the reference.
        pos = self.source_text.find(needle)
        return self.body_line + self.source_text.count("\n", 0, pos) if pos >= 0 else None

    def fix(self, fragment: str) -> str:
        return _TAG.sub(self._fix_tag, _CONTAINER.sub(self._fix_container, fragment))

    def _fix_container(self, match: re.Match[str]) -> str:
        """Scripts never belong in a disclosed item; embedded remote media become links."""
        name = match.group(1).lower()
        if name == "script":
            self.report.warning("body-script", self.file, "正文中含有脚本 <script>，已移除",
                                line=self.line_of("<script"), field="正文", expected="正文只写文字、表格、图片和链接")
            return ""
        remote = re.search(r"""(?:src|data)\s*=\s*["']((?:https?:)?//[^"']+)""", match.group(0), re.I)
        if not remote:
            return match.group(0)
        self.report.warning("body-remote-resource", self.file,
                            f"正文嵌入了网络资源“{remote.group(1)[:100]}”；离线目录不联网加载，已改为链接",
                            line=self.line_of(remote.group(1)), field="正文",
                            expected="把文件放在 Markdown 文件旁边，用相对路径引用")
        url = html.escape(remote.group(1), quote=True)
        return f'<a href="{url}">［嵌入内容（网络链接）］</a>'

    def _fix_tag(self, match: re.Match[str]) -> str:
        name = match.group("name").lower()
        attrs = match.group("attrs")
        fetch_attr = _FETCHING.get(name)
        if name == "img":
            alt = _ALT.search(attrs)
            if not alt or not alt.group(2).strip():
                src = _ATTR.search(attrs)
                self.report.warning("image-alt-missing", self.file, "图片缺少替代文字（alt），读屏软件无法朗读",
                                    line=self.line_of(src.group("value")) if src else None, field="正文",
                                    expected="![图片内容的简要说明](文件名.png)")

        def fix_attr(attr: re.Match[str]) -> str:
            key, value = attr.group("key").lower(), html.unescape(attr.group("value"))
            replaced = self._fix_url(name, key, value, fetch_attr == key)
            if replaced is None:
                return attr.group(0)
            return f'{attr.group("key")}={attr.group("q")}{html.escape(replaced, quote=True)}{attr.group("q")}'

        try:
            new_attrs = _ATTR.sub(fix_attr, attrs)
        except _Drop as drop:
            return drop.replacement
        return f"<{match.group('name')}{new_attrs}>"

    def _fix_url(self, tag: str, key: str, value: str, fetches: bool) -> str | None:
        value = value.strip()
        if not value or value.startswith(_SAFE_SCHEMES):
            return None
        parts = urlsplit(value)
        if parts.scheme in ("http", "https") or value.startswith("//"):
            if not fetches and key == "href":
                return None   # an ordinary outbound link: followed only when clicked
            self._remote_resource(tag, value)
        if parts.scheme == "data" and tag == "img":
            return None
        if parts.scheme or key == "srcset":
            self.report.warning("body-unsafe-url", self.file, f"正文中的地址“{value[:80]}”不能在离线目录中使用，已移除",
                                line=self.line_of(value), field="正文", expected="站内相对路径或 http(s) 链接")
            if fetches:
                raise _Drop("")
            return "#"
        return self._local(value, parts.path, parts.fragment)

    def _remote_resource(self, tag: str, value: str) -> None:
        self.report.warning("body-remote-resource", self.file,
                            f"正文引用了网络资源“{value[:100]}”；离线目录不联网加载，已改为链接",
                            line=self.line_of(value), field="正文",
                            expected="把图片等文件放在 Markdown 文件旁边，用相对路径引用")
        if tag == "img":
            raise _Drop(f'<a href="{html.escape(value, quote=True)}">［图片（网络链接）］</a>')
        if tag in _FETCHING:
            raise _Drop("")

    def _local(self, value: str, path: str, fragment: str) -> str | None:
        target = (self.folder / unquote(path)).resolve()
        if target.suffix.lower() == ".md":
            self.report.warning("body-link-markdown", self.file, f"正文链接指向另一个 Markdown 文件“{path}”",
                                line=self.line_of(value), field="正文",
                                expected="用 related 字段列出相关文件的索引号，页面会自动互相链接")
            return "#"
        if not target.is_relative_to(self.root):
            self.report.error("body-file-outside", self.file, f"正文引用的文件“{path}”在内容目录之外",
                              line=self.line_of(value), field="正文", expected="内容目录中的文件")
            return "#"
        if not target.is_file():
            self.report.error("body-file-missing", self.file, f"正文引用的文件“{path}”不存在",
                              line=self.line_of(value), field="正文",
                              expected="相对于本 Markdown 文件的路径，且文件已放入内容目录")
            return "#"
        name = self._copied.get(target)
        if name is None:
            name = uniquify_file_name(target.name, self.taken)
            self._copied[target] = name
            self.assets.append((str(target), name))
        return name + (f"#{fragment}" if fragment else "")


class _Drop(Exception):
    def __init__(self, replacement: str):
        super().__init__(replacement)
        self.replacement = replacement


def uniquify_file_name(original: str, taken: set[str]) -> str:
    """ASCII file name for an attachment or image, unique within its document folder."""
    stem, ext = os.path.splitext(original)
    ext = re.sub(r"[^a-z0-9.]", "", ext.lower())[:10]
    base = words_slug(stem)[: 64 - len(ext) - 4]
    name = uniquify(base + ext, taken) if not ext else base + ext
    if ext:
        n = 2
        while name in taken:
            name = f"{base}-{n}{ext}"
            n += 1
        taken.add(name)
    return name
