"""Posting lists as short ASCII strings that a plain <script> can carry.

A posting is (document id, field bits: 4 title, 2 metadata, 1 body). Two forms, whichever is shorter:
  sparse  varint of ((id - previous id - 1) << 3 | bits), 5 bits per character,
          characters below 32 end a number (ids ascend, so gaps are small);
  dense   "!" then 2 documents per character, 3 field bits each (very common terms).
The client's decoder (search.js: decodeList) mirrors this module.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Sequence, TypeVar

if TYPE_CHECKING:
    import numpy as np

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
DENSE = "!"
_ONE = list(ALPHABET[:32])
# Two-character codes for 32..1023 save a loop for the common mid-size gaps.
_TWO = [ALPHABET[32 + (v & 31)] + ALPHABET[v >> 5] for v in range(1024)]


def varint(value: int) -> str:
    if value < 32:
        return _ONE[value]
    if value < 1024:
        return _TWO[value]
    out = []
    while value >= 32:
        out.append(ALPHABET[32 + (value & 31)])
        value >>= 5
    out.append(ALPHABET[value])
    return "".join(out)


# Codes of every value below 1024 (one or two characters): most gaps, looked up without a call.
_SHORT = _ONE + [_TWO[v] for v in range(32, 1024)]


_Ids = TypeVar("_Ids", int, "np.ndarray")


def dense_length(last_id: _Ids) -> _Ids:
    """Characters of the dense form of a list whose last document is last_id (an int, or a numpy
    array of them: bulk_postings.py decides with the same rule)."""
    return 1 + last_id // 2 + 1


def encode_postings(postings: Sequence[int]) -> str:
    """postings: ascending (id << 3 | field bits) values, one per document."""
    parts = []
    append, short = parts.append, _SHORT
    previous = -1
    for packed in postings:
        doc = packed >> 3
        value = ((doc - previous - 1) << 3) | (packed & 7)
        append(short[value] if value < 1024 else varint(value))
        previous = doc
    sparse = "".join(parts)
    last = postings[-1] >> 3 if postings else -1
    if dense_length(last) >= len(sparse):
        return sparse
    cells = [0] * (last // 2 + 1)
    for packed in postings:
        doc = packed >> 3
        cells[doc // 2] |= (packed & 7) << (3 * (doc % 2))
    return DENSE + "".join(ALPHABET[c] for c in cells)


def decode_postings(text: str) -> list[tuple[int, int]]:
    """(id, field bits) pairs; used by tests to check the encoder against its definition."""
    result: list[tuple[int, int]] = []
    if text.startswith(DENSE):
        for i, ch in enumerate(text[1:]):
            cell = ALPHABET.index(ch)
            for k in range(2):
                if (cell >> (3 * k)) & 7:
                    result.append((i * 2 + k, (cell >> (3 * k)) & 7))
        return result
    previous, value, shift = -1, 0, 0
    for ch in text:
        digit = ALPHABET.index(ch)
        if digit >= 32:
            value |= (digit - 32) << shift
            shift += 5
            continue
        value |= digit << shift
        previous += (value >> 3) + 1
        result.append((previous, value & 7))
        value, shift = 0, 0
    return result


def fixed_width(values: Sequence[int], width: int) -> str:
    """Small integers as fixed-width base-64 digits (facet codes per document)."""
    out = []
    for v in values:
        digits = []
        for _ in range(width):
            digits.append(ALPHABET[v & 63])
            v >>= 6
        out.append("".join(reversed(digits)))
    return "".join(out)


def width_for(count: int) -> int:
    width = 1
    while 64 ** width < count:
        width += 1
    return width
