"""The CJK bigrams of a body, with numpy: the bulk reader's way (records.py), and the writer's.

A body's bigrams are most of a document's search terms: a 6,000-character
report has some 1,800 distinct ones. Making a string of each pair, hashing it
into a set and computing the CRC-32 of each to find its bucket costs about a
microsecond and a half per term in Python. Here the pairs are machine integers
(two code points), made distinct by sorting, and handed on as one string of
two characters per bigram (body_bigram_pairs). The index writer reads such
strings back as integers, buckets and sorts their postings and encodes them
all at once (writer.py, bulk_postings.py).

The bucket of a term comes from the CRC-32 of its UTF-8, as token_hash gives
(the client computes the same). Every CJK character is three
bytes in UTF-8, so a pair's CRC-32 splits into a part from each character:
CRC is affine, so for messages of one length
crc(a b) = crc(a z) ^ crc(z b) ^ crc(z z), with z any fixed three-byte
character: one table per position.

Output equals the pure-Python path's as sets of terms (tests/test_search_index.py).
"""
from __future__ import annotations

import numpy as np

from .records import BUCKETS
from .tokens import BODY, CJK_RANGES

assert BUCKETS & (BUCKETS - 1) == 0, "the bucket must be the CRC's low bits for the tables to split it"
_PLACEHOLDER = "\u0800"    # z above: any character of three bytes in UTF-8

_IS_CJK = np.zeros(0x110000, dtype=bool)
for _low, _high in CJK_RANGES:
    _IS_CJK[_low: _high + 1] = True


def _crc_byte_table() -> np.ndarray:
    """The usual byte table of CRC-32 (the polynomial zlib uses)."""
    table = np.arange(256, dtype=np.uint32)
    for _ in range(8):
        table = np.where(table & 1, (table >> 1) ^ np.uint32(0xEDB88320), table >> 1).astype(np.uint32)
    return table


def _crc32_of_pairs(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """zlib.crc32 of the UTF-8 of each pair of characters of three bytes each, all at once."""
    table = _crc_byte_table()
    crc = np.full(len(first), 0xFFFFFFFF, dtype=np.uint32)
    for code in (first, second):
        for byte in (0xE0 | (code >> 12), 0x80 | ((code >> 6) & 0x3F), 0x80 | (code & 0x3F)):
            crc = (crc >> 8) ^ table[(crc ^ byte) & 0xFF]
    return crc ^ np.uint32(0xFFFFFFFF)


def _position_tables() -> tuple[np.ndarray, np.ndarray]:
    """(crc(a z) ^ crc(z z), crc(z b)) for every code point a, b of the BMP, where every CJK range lies."""
    codes = np.arange(0x10000, dtype=np.uint32)
    placeholder = np.full(len(codes), ord(_PLACEHOLDER), dtype=np.uint32)
    both = _crc32_of_pairs(placeholder[:1], placeholder[:1])[0]
    return _crc32_of_pairs(codes, placeholder) ^ both, _crc32_of_pairs(placeholder, codes)


_CRC_FIRST, _CRC_SECOND = _position_tables()
_IS_CJK_BMP = _IS_CJK[:0x10000]
# The bucket's bits alone, for the readers: a table of bytes is faster to index.
_FIRST = np.where(_IS_CJK_BMP, _CRC_FIRST % BUCKETS, 0).astype(np.uint8)
_SECOND = np.where(_IS_CJK_BMP, _CRC_SECOND % BUCKETS, 0).astype(np.uint8)
assert all(0xFFFF >= high for _, high in CJK_RANGES), "a pair is two code points below 0x10000"


def pair_codes(pairs: str) -> np.ndarray:
    """The bigrams of a body_bigram_pairs string as integers, first character << 16 | second."""
    codes = _code_points(pairs)
    return (codes[0::2] << 16) | codes[1::2]


def pair_buckets(codes: np.ndarray) -> np.ndarray:
    return _FIRST[codes >> 16] ^ _SECOND[codes & 0xFFFF]


def pair_terms(codes: np.ndarray) -> str:
    """The bigrams as one string, two characters each: pair_codes read backwards."""
    return _as_text(codes >> 16, codes & 0xFFFF)


def _as_text(first: np.ndarray, second: np.ndarray) -> str:
    grid = np.empty((len(first), 2), dtype=np.uint32)
    grid[:, 0] = first
    grid[:, 1] = second
    return grid.tobytes().decode("utf-32-le")


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def body_bigram_pairs(normalised: str, others: dict[str, int]) -> str:
    """The body's distinct CJK bigrams not among `others`, as one string of two characters each.

    A bigram already in `others` (a title's, say) gets the BODY bit there instead, so that every
    term occurs once with all its field bits. Every bigram of the string has the BODY bit alone.
    """
    codes = _code_points(normalised)
    cjk = _IS_CJK[codes]
    starts = np.flatnonzero(cjk[:-1] & cjk[1:])
    if not len(starts):
        return ""
    pairs = np.sort((codes[starts] << 16) | codes[starts + 1])
    if len(pairs) > 1:          # distinct (np.unique hashes them first: slower for a body's few hundred)
        distinct = np.empty(len(pairs), dtype=bool)
        distinct[0] = True
        np.not_equal(pairs[1:], pairs[:-1], out=distinct[1:])
        pairs = pairs[distinct]
    two = [token for token in others if len(token) == 2]      # bigrams among them (and other pairs)
    if two:
        two_codes = _code_points("".join(two))
        first, second = two_codes[0::2], two_codes[1::2]
        # A pair not both CJK is not among pairs, and as code points beyond 0xFFFF it would not fit.
        both_cjk = _IS_CJK[first] & _IS_CJK[second]
        known = np.where(both_cjk, (first << 16) | (second & 0xFFFF), 0)
        at = np.minimum(np.searchsorted(pairs, known), len(pairs) - 1)
        found = (pairs[at] == known) & both_cjk
        for index in np.flatnonzero(found).tolist():
            others[two[index]] |= BODY
        if found.any():
            keep = np.ones(len(pairs), dtype=bool)
            keep[at[found]] = False
            pairs = pairs[keep]
    return _as_text(pairs >> 16, pairs & 0xFFFF)

