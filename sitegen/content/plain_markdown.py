"""Python-Markdown's output for plain bodies, without running Python-Markdown.

Most disclosed items are headings, paragraphs of plain Chinese text, simple lists and
pipe tables, and a bold line naming each table. For such a body Python-Markdown's
passes find nothing to do beyond building those elements, yet they cost about a
millisecond per body: more than anything else in reading a file. `render_plain`
recognises that subset line by line and writes what Python-Markdown (with this
project's extensions) writes for it; anything outside the subset, or any line it is
unsure of, returns None and the body goes to Python-Markdown. The subset is narrow on
purpose: a miss costs only the time of the check.

tests/test_plain_markdown.py and bench/markdown_equivalence.py compare the output
with Python-Markdown's, over the sample site, the benchmark corpora, real documents
and generated near-misses.
"""
from __future__ import annotations

import re

# Anything an inline pattern, an extension or the HTML parser could act on, and the
# characters Python-Markdown replaces before parsing (tabs, carriage returns, its markers).
_NOT_PLAIN = re.compile(r"[`\\\[\]!<>&*_{}|#\t\r\x02\x03]")
# A paragraph line must not start what another block starts: a list item, a heading, a
# quote, a rule, a setext underline, a code block (indented), a definition or a fence.
# (1.坚持… is not a list item: Python-Markdown's needs a space after the dot.)
_BLOCK_START = re.compile(r"[ #*+\-=_>|:~]|\d+\. ")
# Trailing spaces may make a line break: a line ending in whitespace is left to Python-Markdown,
# unless it is a no-break or ideographic space (common in pasted text), which none of its passes
# treats as anything but text (tests/test_plain_markdown.py compares).
_TEXT_SPACES = "\xa0\u3000"
_HEADING = re.compile(r"(#{1,6}) (\S(?:.*\S)?)")
_ORDERED_ITEM = re.compile(r"(?P<number>\d+)\. +(?P<content>.+)")
_BULLET_ITEM = re.compile(r"- +(?P<content>.+)")
_STRONG_LINE = re.compile(r"\*\*(\S(?:[^*]*\S)?)\*\*")
_SEPARATOR_CELL = re.compile(r" *(:?)-+(:?) *")
_ALIGNMENTS = {(":", ""): ' style="text-align: left;"', ("", ":"): ' style="text-align: right;"',
               (":", ":"): ' style="text-align: center;"', ("", ""): ""}


def render_plain(text: str) -> str | None:
    """The HTML Python-Markdown would make of text, or None when text is not plainly in the subset."""
    if not text.strip():
        return ""
    blocks: list[str] = []
    last_list = ""            # Python-Markdown joins a list to a list of its kind just before it
    lines = text.split("\n")
    start, count = 0, len(lines)
    while start < count:
        if not lines[start]:
            start += 1
            continue
        end = start + 1
        while end < count and lines[end]:
            end += 1
        block = lines[start:end]
        start = end
        first = block[0]
        if any(line[-1].isspace() and line[-1] not in _TEXT_SPACES for line in block):
            return None
        kind = ""
        if first.startswith("|"):
            html = _table(block)
        elif first.startswith("#"):
            html = _heading(block)
        elif first.startswith("- "):
            html, kind = _list(block, _BULLET_ITEM, "ul"), "ul"
        elif first[0].isdigit() and _ORDERED_ITEM.match(first):
            html, kind = _list(block, _ORDERED_ITEM, "ol"), "ol"
        elif first.startswith("**"):
            html = _strong_paragraph(block)
        else:
            html = _paragraph(block)
        if html is None or (kind and kind == last_list):
            return None
        last_list = kind
        blocks.append(html)
    return "\n".join(blocks)


def _plain(text: str) -> bool:
    return _NOT_PLAIN.search(text) is None


def _paragraph(block: list[str]) -> str | None:
    for line in block:
        if _BLOCK_START.match(line) or not _plain(line):
            return None
    text = "\n".join(block).lstrip()       # as Python-Markdown's paragraph: leading space goes
    return f"<p>{text}</p>" if text else None


def _strong_paragraph(block: list[str]) -> str | None:
    match = _STRONG_LINE.fullmatch(block[0]) if len(block) == 1 else None
    if match is None or not _plain(match.group(1)):
        return None
    return f"<p><strong>{match.group(1)}</strong></p>"


def _heading(block: list[str]) -> str | None:
    match = _HEADING.fullmatch(block[0]) if len(block) == 1 else None
    if match is None or not _plain(match.group(2)):
        return None
    level = len(match.group(1))
    return f"<h{level}>{match.group(2)}</h{level}>"


def _list(block: list[str], item: re.Pattern[str], tag: str) -> str | None:
    items = []
    for number, line in enumerate(block):
        match = item.fullmatch(line)
        if match is None:
            return None
        if tag == "ol" and number == 0 and match["number"] != "1":
            return None        # a list starting elsewhere gets start="…": left to Python-Markdown
        content = match["content"]
        if content[0].isspace() or _BLOCK_START.match(content) or not _plain(content):
            return None
        items.append(f"<li>{content}</li>")
    return f"<{tag}>\n" + "\n".join(items) + f"\n</{tag}>"


def _table(block: list[str]) -> str | None:
    if len(block) < 3:
        return None
    rows = []
    for line in block:
        if len(line) < 2 or not line.startswith("|") or not line.endswith("|"):
            return None
        rows.append(line[1:-1].split("|"))
    header, separator, body = rows[0], rows[1], rows[2:]
    if len(header) < 2 or len(separator) != len(header):
        return None
    styles = []
    for cell in separator:
        match = _SEPARATOR_CELL.fullmatch(cell)
        if match is None:
            return None
        styles.append(_ALIGNMENTS[match.groups()])
    if any(len(row) != len(header) or not all(map(_plain, row)) for row in (header, *body)):
        return None
    parts = ["<table>\n<thead>\n", _row(header, "th", styles), "</thead>\n<tbody>\n"]
    parts.extend(_row(row, "td", styles) for row in body)
    parts.append("</tbody>\n</table>")
    return "".join(parts)


def _row(cells: list[str], tag: str, styles: list[str]) -> str:
    return "<tr>\n" + "".join(f"<{tag}{style}>{cell.strip(' ')}</{tag}>\n"
                              for cell, style in zip(cells, styles)) + "</tr>\n"
