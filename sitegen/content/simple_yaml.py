"""The front-matter most items have, read without a YAML parser: one `key: value` per line.

Nearly every item's front-matter is a dozen lines of `field: value`, a value plain, in quotes,
or a short list in brackets (`keywords: [河长制, 其他]`). Reading those with libyaml costs a
Python object per token, as much as the rest of reading the item's fields. read_simple() reads
them directly and gives exactly what the YAML parser gives (every scalar a string); anything it
does not fully understand (comments, indentation, escapes, colons, anchors, blocks) makes it
answer None, and the YAML parser reads the text as before, errors and all. The equivalence is
tested line for line against libyaml (tests/test_content_model.py).
"""
from __future__ import annotations

import re

# A key as the field rules know them, then ": " and a value, or nothing (an empty value).
_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?: (.*))?")
# Anything that takes YAML to read: a character outside the printable set libyaml accepts (or a
# tab, CR, NEL, line or paragraph separator, BOM: line breaks and spacing of YAML's own), a
# comment, a flow mapping, an escape.
_NEEDS_YAML = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
                         r"|[#{}\\]")
# A plain value must not start with an indicator, nor hold a colon or brackets anywhere.
_PLAIN_NOT = re.compile(r"^[-?,&*!|>%@`'\"]|[:\[\]]")
# The same for an item of a list (split at commas), which must not be empty either.
_ITEM_NOT = re.compile(r"^[-?&*!|>%@`'\"]|[:\[\]]|^$")
_QUOTED = {'"': re.compile(r'"([^"]*)"'), "'": re.compile(r"'([^']*)'")}


def read_simple(raw: str) -> tuple[dict[str, object], dict[str, int]] | None:
    """(values, 0-based line of each key) of front-matter in the simple form, else None."""
    if _NEEDS_YAML.search(raw):
        return None
    values: dict[str, object] = {}
    lines: dict[str, int] = {}
    for number, line in enumerate(raw.split("\n")):
        if not line:
            continue
        match = _LINE.fullmatch(line)
        if match is None:
            return None
        key, text = match.group(1), match.group(2)
        value = _value(text.strip(" ")) if text is not None else ""
        if value is None or key in values:
            return None
        values[key], lines[key] = value, number
    return values, lines


def _value(text: str) -> object | None:
    if not text:
        return ""
    if text[0] in _QUOTED:
        match = _QUOTED[text[0]].fullmatch(text)
        return match.group(1) if match else None
    if text[0] == "[":
        return _flow_list(text)
    return None if _PLAIN_NOT.search(text) else text


def _flow_list(text: str) -> list[str] | None:
    if not text.endswith("]"):
        return None
    inner = text[1:-1].strip(" ")
    if not inner:
        return []
    items: list[str] = []
    for part in inner.split(","):
        item = part.strip(" ")
        if item[:1] in _QUOTED:
            match = _QUOTED[item[0]].fullmatch(item)
            if match is None:
                return None
            items.append(match.group(1))
        elif _ITEM_NOT.search(item):
            return None
        else:
            items.append(item)
    return items
