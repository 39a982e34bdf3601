"""Per-file scanning: the raw Markdown (front-matter values, body, tables) and its text attachments.

`review_file` is a pure function of its arguments (it reads the attachment files it
is given), returns small picklable Findings and is safe to run in a worker process
and to cache by content hash. A Finding holds only masked forms and a 16-bit tag,
never a full identifier.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Callable, Mapping, Sequence

from . import kinds
from .masking import apply_masks, excerpt, mask_id_card, value_tag
from .personal_data import find_personal_data, normalise
from .secrecy import find_marks

TEXT_STYLES = {".txt": "plain", ".md": "markdown", ".markdown": "markdown", ".csv": "csv", ".tsv": "tsv",
               ".htm": "plain", ".html": "plain", ".xml": "plain", ".json": "plain"}
UNSCANNED_KINDS = {".pdf": "PDF", ".doc": "Word", ".docx": "Word", ".wps": "WPS", ".xls": "Excel",
                   ".xlsx": "Excel", ".et": "WPS 表格", ".ofd": "OFD", ".zip": "压缩包", ".rar": "压缩包",
                   ".7z": "压缩包", ".jpg": "图片", ".jpeg": "图片", ".png": "图片", ".gif": "图片",
                   ".bmp": "图片", ".tif": "图片", ".tiff": "图片", ".ppt": "PowerPoint", ".pptx": "PowerPoint",
                   ".odt": "文档", ".ods": "表格"}
WAIVERS_KEY = "review_waivers"
_LONG_DIGITS = re.compile(r"\d{15,}")    # anything still this long in an excerpt is hidden too
# Cheap whole-text prefilters: only lines with a long enough digit group, or a word a mark
# needs, go through the full detectors (most lines of most documents have neither).
_DIGITS_PREFILTER = re.compile(r"\d{3}[ \-]?\d{4}[ \-]?\d{4}")
# One character class first, the rest looked back on: a pattern that begins with a class lets the
# engine skip, in C, every position whose character is not in it (twice as fast as a lookahead of
# the class before the alternatives, which it enters at every position).
_MARKS_PREFILTER = re.compile(r"[绝机秘密★☆内注外翻收退此](?:(?<=[绝机秘])密|(?<=密)\s*级|(?<=[★☆])|(?<=内)部|(?<=注)意保"
                              r"|(?<=外)传|(?<=翻)印|(?<=[收退])回|(?<=此)件不)")
_MD_LINK = re.compile(
    r"""\]\(\s*<?(?P<inline>[^)\s>]+?\.md)(?:#[^)\s>]*)?>?(?:\s+["'(][^)]*)?\)"""
    r"""|^\s*\[[^\]]+\]:\s*<?(?P<ref>\S+?\.md)(?:#\S*)?>?"""
    r"""|href\s*=\s*["'](?P<html>[^"'#]+?\.md)(?:#[^"']*)?["']""", re.M | re.I)
_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


@dataclass(frozen=True)
class Finding:
    kind: str              # kinds.Kind.code
    file: str              # display path of the file the text is in (the .md or the attachment)
    line: int | None
    column: int | None     # 1-based, in characters
    location: str          # 正文 / 元数据 title / 附件
    excerpt: str           # masked
    suggestion: str        # the masked form to publish instead, or what to do
    match_key: str         # what a waiver's `match` names: the masked form or the mark
    tag: str = ""          # tells two numbers with the same mask apart; never shown
    detail: str = ""

    @property
    def kind_info(self) -> kinds.Kind:
        return kinds.BY_CODE[self.kind]


@dataclass(frozen=True)
class AttachmentFile:
    display: str           # path as staff know it, for messages
    path: str              # absolute path to read


def read_text_file(path: str) -> str | None:
    """UTF-8 (with or without BOM), else GB18030 as Excel writes Chinese CSV; None if binary."""
    data = Path(path).read_bytes()
    if b"\x00" in data[:4096]:
        return None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _split_cells(line: str, delimiter: str) -> list[str]:
    cells, current, quoted = [], [], False
    for i, char in enumerate(line):
        if delimiter == "|":
            if char == "|" and (i == 0 or line[i - 1] != "\\"):
                cells.append("".join(current))
                current = []
                continue
        elif char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            cells.append("".join(current))
            current = []
            continue
        current.append(char)
    cells.append("".join(current))
    if delimiter == "|" and line.lstrip().startswith("|"):
        cells = cells[1:]
    return [c.strip() for c in cells]


def _cell_index(line: str, pos: int, delimiter: str) -> int:
    return len(_split_cells(line[:pos], delimiter)) - 1


def _column_headers(lines: list[str], index: int, style: str) -> list[str] | None:
    """Header cells of the table that line `index` (0-based) belongs to, if any.

    Markdown: walk up through the table's rows to its |---| separator; the row above it is
    the header. CSV/TSV: the first non-empty line.
    """
    if style == "markdown":
        if "|" not in lines[index]:
            return None
        for i in range(index, 0, -1):
            if "|" not in lines[i]:
                return None
            if _MD_SEPARATOR.match(lines[i]):
                return _split_cells(lines[i - 1], "|") if i < index and "|" in lines[i - 1] else None
        return None
    delimiter = {"csv": ",", "tsv": "\t"}.get(style)
    if delimiter is None:
        return None
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    return _split_cells(lines[first], delimiter) if first is not None and first < index else None


def _header_lookup(lines: list[str], index: int, style: str) -> Callable[[int], str]:
    header = _column_headers(lines, index, style)
    if not header:
        return lambda pos: ""
    line, delimiter = lines[index], {"markdown": "|", "csv": ",", "tsv": "\t"}[style]

    def header_at(pos: int) -> str:
        column = _cell_index(line, pos, delimiter)
        return header[column] if 0 <= column < len(header) else ""
    return header_at


def _lines_matching(pattern: re.Pattern[str], text: str, line_ends: Callable[[], list[int]]) -> set[int]:
    """1-based numbers of the lines (as splitlines() counts them) holding a match."""
    starts = [m.start() for m in pattern.finditer(text)]
    if not starts:
        return set()
    ends = line_ends()
    return {bisect.bisect_right(ends, start) + 1 for start in starts}


def scan_text(file: str, text: str, style: str, location_of: Callable[[int], str],
              skip_marks: Callable[[int], bool] = lambda n: False,
              today: dt.date | None = None) -> list[Finding]:
    findings: list[Finding] = []
    normalised = normalise(text)
    cache: list[list[int]] = []

    def line_ends() -> list[int]:
        if not cache:
            cache.append(list(accumulate(map(len, normalised.splitlines(True)))))
        return cache[0]

    digit_lines = _lines_matching(_DIGITS_PREFILTER, normalised, line_ends)
    mark_lines = _lines_matching(_MARKS_PREFILTER, normalised, line_ends)
    if not digit_lines and not mark_lines:
        return findings
    raw_lines, lines = text.splitlines(), normalised.splitlines()
    for number in sorted(digit_lines | mark_lines):
        raw, line = raw_lines[number - 1], lines[number - 1]
        matches = (find_personal_data(line, _header_lookup(lines, number - 1, style), today)
                   if number in digit_lines else [])
        marks = [] if number not in mark_lines or skip_marks(number) else find_marks(line)
        if not matches and not marks:
            continue
        masked_line, moved = apply_masks(raw, [(m.start, m.end, m.masked) for m in matches])
        masked_line = _LONG_DIGITS.sub(lambda r: mask_id_card(r.group(0)), masked_line)
        location = location_of(number)
        for m in matches:
            findings.append(Finding(
                m.kind.code, file, number, m.start + 1, location,
                excerpt(masked_line, moved[m.start], len(m.masked)), m.masked, m.masked,
                value_tag(m.value), m.detail))
        for mark in marks:
            shift = sum(len(m.masked) - (m.end - m.start) for m in matches if m.end <= mark.start)
            findings.append(Finding(
                mark.kind.code, file, number, mark.start + 1, location,
                excerpt(masked_line, mark.start + shift, mark.end - mark.start),
                "删除该标志；涉密或内部信息不得公开，应按规定解密或经保密审查后再发布", mark.text,
                value_tag(mark.text)))
    return findings


def markdown_links(text: str) -> list[tuple[str, int]]:
    """(target, 0-based line) of every link to a .md file in the text: perhaps another item.

    The body renderer turns such links into "#"; the review checks whether the target
    is an item that is not published (依申请公开, 不予公开, draft).
    """
    if ".md" not in text.lower():      # every form names a .md file (any case): most texts have none
        return []
    return [(m.group("inline") or m.group("ref") or m.group("html"), text.count("\n", 0, m.start()))
            for m in _MD_LINK.finditer(text) if "://" not in m.group(0)]


def _field_locator(field_lines: Mapping[str, int], body_line: int,
                   field_label: Callable[[str], str]) -> Callable[[int], str]:
    starts = sorted((line, key) for key, line in field_lines.items())
    lines = [line for line, _ in starts]

    def location_of(number: int) -> str:
        if number >= body_line:
            return "正文"
        i = bisect.bisect_right(lines, number) - 1
        return f"元数据 {field_label(starts[i][1])}" if i >= 0 else "元数据"
    return location_of


def _waiver_block(field_lines: Mapping[str, int], body_line: int) -> range:
    """Lines of the review_waivers value: it names marks on purpose, so marks there are not findings."""
    start = field_lines.get(WAIVERS_KEY)
    if start is None:
        return range(0)
    later = [line for line in field_lines.values() if line > start]
    return range(start, min(later) if later else body_line)


def review_file(file: str, raw_text: str, field_lines: Mapping[str, int], body_line: int,
                attachments: Sequence[AttachmentFile] = (), *,
                field_label: Callable[[str], str] = str, today: dt.date | None = None) -> tuple[Finding, ...]:
    """Findings for one item: its Markdown file (front-matter and body) and its attachments."""
    waiver_lines = _waiver_block(field_lines, body_line)
    findings = scan_text(file, raw_text, "markdown", _field_locator(field_lines, body_line, field_label),
                         skip_marks=lambda n: n in waiver_lines, today=today)
    for attachment in attachments:
        suffix = Path(attachment.path).suffix.lower()
        style = TEXT_STYLES.get(suffix)
        text = read_text_file(attachment.path) if style else None
        if text is None:
            what = UNSCANNED_KINDS.get(suffix, suffix.lstrip(".").upper() or "无扩展名")
            findings.append(Finding(
                kinds.UNSCANNED.code, attachment.display, None, None, "附件", "",
                f"{what}文件不能自动审查，请人工核对其中没有身份证号、手机号码、银行卡号和密级标志",
                attachment.display, detail=what))
            continue
        findings.extend(scan_text(attachment.display, text, style, lambda n: "附件", today=today))
    return tuple(findings)
