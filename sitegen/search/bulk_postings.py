"""Many posting lists encoded at once with numpy: how the full index writer encodes a bucket (writer.py).

encoding.py defines the two forms. Here the sparse form of every list of a
bucket is computed in a handful of array operations instead of a Python step
per posting (a catalogue has millions); the few lists the dense form suits
better (very common terms) are encoded one by one (encode_dense). Tests check
both against encoding.encode_postings.
"""
from __future__ import annotations

import numpy as np

from .encoding import ALPHABET, DENSE, dense_length

_ALPHABET_BYTES = np.frombuffer(ALPHABET.encode("ascii"), dtype=np.uint8)
_NOT_A_DIGIT = 255
_DIGITS = np.full(256, _NOT_A_DIGIT, dtype=np.uint8)     # character code -> its value in ALPHABET
_DIGITS[_ALPHABET_BYTES] = np.arange(len(ALPHABET), dtype=np.uint8)
# A value of the sparse form takes one more character at each of these (5 bits per character).
_WIDTH_STEPS = (1 << 5, 1 << 10, 1 << 15, 1 << 20, 1 << 25, 1 << 30)


def list_starts(sorted_ids: np.ndarray) -> np.ndarray:
    """Where each run of equal values begins."""
    if not len(sorted_ids):
        return np.empty(0, dtype=np.int64)
    return np.flatnonzero(np.concatenate(([True], sorted_ids[1:] != sorted_ids[:-1])))


# Postings encoded at a time: the temporaries take some 40 bytes per posting, and a bucket of a
# province's catalogue holds millions.
CHUNK = 1 << 20


def encode_sparse(packed: np.ndarray, starts: np.ndarray) -> tuple[str, list[int]]:
    """The sparse form of many lists: packed holds them one after another, each ascending
    (document id << 3 | field bits), and starts says where each begins. Returns the codes as
    one string and where each list's code begins in it, then its end."""
    texts: list[str] = []
    bounds: list[int] = []
    first, offset = 0, 0
    while first < len(starts):        # whole lists, about CHUNK postings at a time
        last = max(first + 1, int(np.searchsorted(starts, starts[first] + CHUNK)))
        end = int(starts[last]) if last < len(starts) else len(packed)
        text, chunk_bounds = _encode_sparse(packed[starts[first]: end], starts[first: last] - starts[first])
        texts.append(text)
        bounds += [offset + bound for bound in chunk_bounds[:-1]]
        offset += len(text)
        first = last
    return "".join(texts), [*bounds, offset]


def _encode_sparse(packed: np.ndarray, starts: np.ndarray) -> tuple[str, list[int]]:
    postings = packed.astype(np.int64)
    ids = postings >> 3
    previous = np.empty_like(ids)
    previous[1:] = ids[:-1]
    previous[starts] = -1
    values = ((ids - previous - 1) << 3) | (postings & 7)
    widths = np.ones(len(values), dtype=np.int64)
    for step in _WIDTH_STEPS:
        widths += values >= step
    ends = np.cumsum(widths)
    offsets = ends - widths
    out = np.empty(int(ends[-1]) if len(ends) else 0, dtype=np.uint8)
    for position in range(len(_WIDTH_STEPS) + 1):       # the k-th character of every value that has one
        chosen = np.flatnonzero(widths > position)
        if not len(chosen):
            break
        digit = (values[chosen] >> (5 * position)) & 31
        last = widths[chosen] == position + 1
        out[offsets[chosen] + position] = _ALPHABET_BYTES[np.where(last, digit, digit + 32)]
    return out.tobytes().decode("ascii"), [*offsets[starts].tolist(), len(out)]


def dense_is_shorter(packed: np.ndarray, starts: np.ndarray, bounds: list[int]) -> list[bool]:
    """For each list, whether encode_postings would choose the dense form (see there)."""
    if not len(starts):
        return []
    last_ids = packed[np.append(starts[1:], len(packed)) - 1].astype(np.int64) >> 3
    return (dense_length(last_ids) < np.diff(np.array(bounds))).tolist()


def encode_dense(packed: np.ndarray) -> str:
    """The dense form of one list (ascending document id << 3 | field bits), as encode_postings
    writes it: two documents per character."""
    ids = packed.astype(np.int64) >> 3
    bits = (packed & 7).astype(np.uint8)
    cells = np.zeros(int(ids[-1]) // 2 + 1, dtype=np.uint8)
    even = ids % 2 == 0           # each document once: no cell is written twice in one assignment
    cells[ids[even] // 2] = bits[even]
    cells[ids[~even] // 2] |= bits[~even] << 3
    return "!" + _ALPHABET_BYTES[cells].tobytes().decode("ascii")


def encode_list(packed: np.ndarray) -> str:
    """encoding.encode_postings of one non-empty list, in array operations."""
    sparse, _ = encode_sparse(packed, np.zeros(1, dtype=np.int64))
    if dense_length(int(packed[-1]) >> 3) < len(sparse):
        return encode_dense(packed)
    return sparse


def decode_list(text: str) -> np.ndarray:
    """encoding.decode_postings in array operations: the packed values (id << 3 | field bits),
    ascending, int64. Raises ValueError for a character outside the alphabet."""
    digits = _digits(text[1:] if text.startswith(DENSE) else text)
    if text.startswith(DENSE):          # two documents per character, 3 bits each
        bits = np.empty(2 * len(digits), dtype=np.int64)
        bits[0::2], bits[1::2] = digits & 7, digits >> 3
        ids = np.flatnonzero(bits)
        return (ids << 3) | bits[ids]
    ends = np.flatnonzero(digits < 32)           # a digit below 32 ends a number
    if not len(ends):
        return np.empty(0, dtype=np.int64)
    digits = digits[: ends[-1] + 1]
    starts = np.concatenate(([0], ends[:-1] + 1))
    position = np.arange(len(digits)) - np.repeat(starts, ends - starts + 1)
    values = np.add.reduceat((digits & 31) << (5 * position), starts)
    ids = np.cumsum((values >> 3) + 1) - 1
    return (ids << 3) | (values & 7)


def _digits(text: str) -> np.ndarray:
    digits = _DIGITS[np.frombuffer(text.encode("ascii", "replace"), dtype=np.uint8)]
    if (digits == _NOT_A_DIGIT).any():
        raise ValueError("not a posting list")
    return digits.astype(np.int64)
