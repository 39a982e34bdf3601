"""A shortcut for Python-Markdown's inline pass on plain Chinese text.

Python-Markdown tries every inline pattern (emphasis, links, code, entities …)
on every text node, which is most of its running time on a catalogue. Each of
those patterns needs one of a few ASCII trigger characters; a text node that
has none of them comes out unchanged, so it is returned at once. The result is
identical to the stock processor's (tests/test_content_model.py compares them).
The block-level test, asked for every element, is memoised for the same reason.
"""
from __future__ import annotations

import re

import markdown
from markdown import util
from markdown.treeprocessors import InlineProcessor

# Every character an inline pattern of the enabled extensions starts from or needs:
# ` \ [ ] ! (links, images, footnotes) < > (autolinks, raw HTML) & (entities)
# * _ (emphasis), the stash markers, and the two-space hard line break.
_TRIGGER = re.compile(r"[`\\\[\]!<>&*_\x02\x03]|  \n")


class FastInlineProcessor(InlineProcessor):
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802
        if patternIndex == 0 and not isinstance(data, util.AtomicString) and _TRIGGER.search(data) is None:
            return data
        return InlineProcessor._InlineProcessor__handleInline(self, data, patternIndex)  # type: ignore[attr-defined]


def install(md: markdown.Markdown) -> None:
    md.treeprocessors.register(FastInlineProcessor(md), "inline", 20)
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
