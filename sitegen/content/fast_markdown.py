"""Shortcuts through Python-Markdown for plain Chinese text, each with the stock result.

Python-Markdown feeds every text to an HTML parser, tries every block processor on
every block, every inline pattern (emphasis, links, code, entities …) on every text
node, and a regular expression over every text in its unescape pass. Each of those
needs some character to be present: the HTML parser `<` or `&`, a header `#`, a
table `|`, an inline pattern one of a few ASCII trigger characters, an escaped
character the STX marker. Where the character is
absent the stock code would find nothing, so the shortcut returns its "nothing"
at once. Output is identical to stock Python-Markdown's (tests/test_content_model.py
compares, bench/markdown_equivalence.py over whole corpora).
"""
from __future__ import annotations

import re
from typing import Callable
from xml.etree import ElementTree as etree

import markdown
from markdown import util
from markdown.preprocessors import HtmlBlockPreprocessor
from markdown.treeprocessors import InlineProcessor, UnescapeTreeprocessor

# Every character an inline pattern of the enabled extensions starts from or needs:
# ` \ [ ] ! (links, images, footnotes) < > (autolinks, raw HTML) & (entities)
# * _ (emphasis), the stash markers, and the two-space hard line break.
_TRIGGER = re.compile(r"[`\\\[\]!<>&*_\x02\x03]|  \n")


def _needs_inline(text: str | None) -> bool:
    return bool(text) and not isinstance(text, util.AtomicString) and _TRIGGER.search(text) is not None


class FastInlineProcessor(InlineProcessor):
    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        # A text or tail without a trigger comes out of the stock pass as it went in, and the pass
        # changes a block (a paragraph, a table) only from within. So it runs over the top-level
        # blocks that have a trigger somewhere (held by a stand-in root: elements do not know their
        # parent), and most bodies, which have none, skip it.
        blocks = list(tree)
        if _needs_inline(tree.text) or any(_needs_inline(block.tail) for block in blocks):
            return super().run(tree, ancestors)     # the pass would insert at the top level
        needing = [block for block in blocks if any(_needs_inline(node.text) or _needs_inline(node.tail)
                                                    for node in block.iter())]
        if len(needing) == len(blocks):
            return super().run(tree, ancestors)
        if needing:
            holder = etree.Element(tree.tag)
            holder.extend(needing)
            super().run(holder, ancestors)
        return tree

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802
        if patternIndex == 0 and not _needs_inline(data):      # the stock pass returns these as they are
            return data
        return InlineProcessor._InlineProcessor__handleInline(self, data, patternIndex)  # type: ignore[attr-defined]


class FastHtmlBlockPreprocessor(HtmlBlockPreprocessor):
    def run(self, lines: list[str]) -> list[str]:
        # The stock pass feeds the text to an HTML parser, which acts only at < (tags, comments)
        # and & (references): a text without either comes out as it went in.
        if any("<" in line or "&" in line for line in lines):
            return super().run(lines)
        return lines


class FastUnescapeTreeprocessor(UnescapeTreeprocessor):
    def unescape(self, text: str) -> str:
        # Escaped characters are stored as STX<code>ETX: a text without STX has none.
        return super().unescape(text) if util.STX in text else text


# A character (or pair) without which a block processor's test cannot succeed, by registered name.
# hashheader: a line starting with #; setextheader: a line of = or - under the first; table: a row
# of cells needs a pipe; quote: a line starting with >; hr: three of the same -, _ or *.
BLOCK_NEEDS: dict[str, Callable[[str], bool]] = {
    "hashheader": lambda block: "#" in block,
    "setextheader": lambda block: "\n=" in block or "\n-" in block,
    "table": lambda block: "|" in block,
    "quote": lambda block: ">" in block,
    "hr": lambda block: block.count("-") >= 3 or block.count("_") >= 3 or block.count("*") >= 3,
}


def _guard(processor: markdown.blockprocessors.BlockProcessor, needed: Callable[[str], bool]) -> None:
    stock_test = processor.test

    def test(parent: etree.Element, block: str) -> bool:
        return needed(block) and stock_test(parent, block)

    processor.test = test  # type: ignore[method-assign]


def _plain_pipes(processor: markdown.blockprocessors.BlockProcessor) -> None:
    """The table processor's row split, by str.split where the stock one would find what it finds."""
    stock_split = processor._split  # type: ignore[attr-defined]

    def split(row: str) -> list[str]:
        # The stock split walks the row's backslashes and backticks to keep escaped pipes (\|) and
        # pipes in code spans inside a cell: without either character every pipe ends a cell.
        if "`" in row or "\\" in row:
            return stock_split(row)
        return row.split("|")

    processor._split = split  # type: ignore[attr-defined]


def install(md: markdown.Markdown) -> None:
    md.treeprocessors.register(FastInlineProcessor(md), "inline", 20)
    md.treeprocessors.register(FastUnescapeTreeprocessor(md), "unescape", 0)
    if type(md.preprocessors["html_block"]) is HtmlBlockPreprocessor:      # md_in_html brings its own
        md.preprocessors.register(FastHtmlBlockPreprocessor(md), "html_block", 20)
    for name, needed in BLOCK_NEEDS.items():
        if name in md.parser.blockprocessors:
            _guard(md.parser.blockprocessors[name], needed)
    if "table" in md.parser.blockprocessors:
        _plain_pipes(md.parser.blockprocessors["table"])
    md.is_block_level = _memoised_block_level(md)  # type: ignore[method-assign]


def _memoised_block_level(md: markdown.Markdown):
    """Markdown.is_block_level searches a 50-item list for every element; remember the answers."""
    elements = md.block_level_elements
    known: dict[str, bool] = {}

    def is_block_level(tag: object) -> bool:
        if not isinstance(tag, str):
            return False
        answer = known.get(tag)
        if answer is None:
            answer = known[tag] = tag.lower().rstrip("/") in elements
        return answer

    return is_block_level
