"""Find content files and read each into a Document (runs in worker processes)."""
from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote

from ..diagnostics import Diagnostic, Report
from ..review import scan as review_scan
from ..review.diagnose import item_diagnostics
from ..review.waivers import parse_waivers
from ..structure.document import Attachment, Document, encode_lines, file_kind
from .body import BodyRenderer, uniquify_file_name
from .fields import field_name, read_fields
from .frontmatter_yaml import FrontMatterError, parse_document
from .paths import find_content_files, resolved_root  # noqa: F401 (re-exported)

SUMMARY_LENGTH = 120
_renderer: BodyRenderer | None = None


def read_document(path: Path, content_dir: Path, display_prefix: str = "",
                  data: bytes | None = None) -> tuple[Document | None, list[Diagnostic]]:
    """Parse, validate and render one file. Never raises for bad content: it reports."""
    global _renderer
    report = Report()
    display = display_prefix + path.relative_to(content_dir).as_posix()
    try:
        # Universal newlines, as read_text() would give: files from Windows editors end lines with CRLF.
        text = (path.read_bytes() if data is None else data).decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        report.error("file-encoding", display, f"文件不是 UTF-8 编码（第 {exc.start} 个字节附近无法识别）",
                     expected="用 UTF-8 编码保存（记事本“另存为”时选择 UTF-8）")
        return None, report.items
    try:
        fm, body, body_line = parse_document(text)
    except FrontMatterError as exc:
        report.error("front-matter-syntax", display, str(exc), line=exc.line,
                     expected="文件开头用两行 --- 括起“字段: 值”，例如 title: 关于……的通知")
        return None, report.items
    if not fm.present:
        report.error("front-matter-missing", display, "文件开头没有 front-matter（元数据）", line=1,
                     expected="第一行写 ---，随后逐行写 title、index_no、unit、category、date 等字段，再以 --- 结束")
        return None, report.items

    waivers = parse_waivers(fm.values.get(review_scan.WAIVERS_KEY), display,
                            fm.lines.get(review_scan.WAIVERS_KEY), report)
    values = read_fields(fm, display, report)
    if values is None:
        if _may_be_published(fm.values):    # report privacy findings now, with everything else
            report.extend(item_diagnostics(display, _review(display, text, fm.lines, body_line), waivers))
        return None, report.items
    doc = Document(source=display, lines=encode_lines(fm.lines), **values)

    taken: set[str] = {"index.html"}
    doc.attachments = _read_attachments(fm.values.get("attachments"), path, content_dir, doc, report, taken)
    if _renderer is None:
        _renderer = BodyRenderer()
    rendered = _renderer.render(body, path, display, body_line, report, taken, content_dir)
    doc.body_html, doc.text, doc.assets = rendered.html, rendered.text, rendered.assets
    if not doc.text and not doc.attachments:
        report.warning("body-empty", display, "正文为空，也没有附件", line=body_line, field="正文",
                       expected="正文内容，或以附件形式发布的文件")
    if not doc.summary:
        doc.summary = derive_summary(doc.text)
    if doc.is_public:
        doc.review_findings = _review(display, text, fm.lines, body_line, doc, content_dir, display_prefix)
        doc.review_waivers = waivers
        doc.review_links = _linked_items(text, path, content_dir, display_prefix)
    if report.has_errors:
        report.extend(item_diagnostics(display, doc.review_findings, waivers))
        return None, report.items
    return doc, report.items


def _linked_items(text: str, path: Path, content_dir: Path, display_prefix: str) -> tuple[tuple[str, int], ...]:
    """Content files the file links to, as (display path, line): the review checks none is withheld."""
    root, found = resolved_root(content_dir), []
    for target, offset in review_scan.markdown_links(text):
        resolved = (path.parent / unquote(target)).resolve()
        if resolved.is_relative_to(root):
            found.append((display_prefix + resolved.relative_to(root).as_posix(), offset + 1))
    return tuple(found)


def _may_be_published(values: dict[str, Any]) -> bool:
    # An unreadable disclosure value counts as public: better one finding too many.
    draft = str(values.get("draft", "")).strip().lower() in ("true", "yes", "on", "是", "1")
    return values.get("disclosure") not in ("依申请公开", "不予公开") and not draft


def _review(display: str, text: str, lines: dict[str, int], body_line: int, doc: Document | None = None,
            content_dir: Path | None = None, display_prefix: str = "") -> tuple[review_scan.Finding, ...]:
    """Pre-publication scan of the file and of every file published with it (attachments, linked files)."""
    published: list[review_scan.AttachmentFile] = []
    if doc is not None and content_dir is not None:
        sources = [a.source for a in doc.attachments] + [source for source, _ in doc.assets]
        root = resolved_root(content_dir)
        for source in dict.fromkeys(sources):
            shown = display_prefix + Path(source).relative_to(root).as_posix()
            published.append(review_scan.AttachmentFile(shown, source))
    return review_scan.review_file(display, text, lines, body_line, published, field_label=field_name)


def derive_summary(text: str) -> str:
    """内容概述 from the body: its opening, cut at a sentence end where one is near."""
    if len(text) <= SUMMARY_LENGTH:
        return text
    cut = text[:SUMMARY_LENGTH]
    end = max(cut.rfind(mark) for mark in "。；！？")
    return cut[: end + 1] if end >= SUMMARY_LENGTH // 2 else cut.rstrip() + "……"


def _read_attachments(raw: Any, md_path: Path, content_dir: Path, doc: Document, report: Report,
                      taken: set[str]) -> list[Attachment]:
    if raw in (None, ""):
        return []
    entries = raw if isinstance(raw, list) else [raw]
    line = doc.line("attachments")
    result: list[Attachment] = []
    for entry in entries:
        if isinstance(entry, str):
            rel, name = entry.strip(), ""
        elif isinstance(entry, dict) and isinstance(entry.get("file"), str):
            rel, name = entry["file"].strip(), str(entry.get("name", "")).strip()
        else:
            report.error("attachment-invalid", doc.source, f"附件写法无法识别：{entry!r}", line=line,
                         field=field_name("attachments"),
                         expected="文件路径，或 file: 路径 加 name: 显示名称")
            continue
        source = (md_path.parent / rel).resolve()
        if not source.is_relative_to(resolved_root(content_dir)):
            report.error("attachment-outside", doc.source, f"附件“{rel}”在内容目录之外", line=line,
                         field=field_name("attachments"), expected="放在内容目录中、相对于本文件的路径")
            continue
        if not source.is_file():
            report.error("attachment-missing", doc.source, f"附件“{rel}”不存在", line=line,
                         field=field_name("attachments"), expected="相对于本 Markdown 文件的路径，且文件已放入内容目录")
            continue
        display_name = name or source.name
        result.append(Attachment(
            name=display_name, source=str(source), file_name=uniquify_file_name(source.name, taken),
            size=source.stat().st_size, kind=file_kind(source.suffix),
        ))
    return result


