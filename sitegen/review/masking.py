"""Masked forms and excerpts. Nothing returned here contains a full identifier.

Masks follow the county rule quoted in docs/domain.md §5: 手机 138****1234,
身份证 35*************123. Bank cards keep the first and last four digits.
"""
from __future__ import annotations

import hashlib

EXCERPT_RADIUS = 16
_TAG_KEY = b"sitegen-review"


def mask_id_card(value: str) -> str:
    return value[:2] + "*" * (len(value) - 5) + value[-3:].upper()


def mask_mobile(digits: str) -> str:
    return digits[:3] + "****" + digits[-4:]


def mask_bank_card(digits: str) -> str:
    return digits[:4] + "*" * (len(digits) - 8) + digits[-4:]


def value_tag(value: str) -> str:
    """A 16-bit fingerprint that tells two numbers with the same mask apart.

    Too short to recover a number from (one tag fits tens of thousands of IDs
    with the same mask), enough to notice that a waiver would cover two people.
    """
    return hashlib.blake2b(value.upper().encode(), digest_size=2, key=_TAG_KEY).hexdigest()


def apply_masks(line: str, spans: list[tuple[int, int, str]]) -> tuple[str, dict[int, int]]:
    """The line with each (start, end, masked) span replaced, and where each span now starts.

    Spans must not overlap (the detectors claim each character once).
    """
    out: list[str] = []
    moved: dict[int, int] = {}
    pos = length = 0
    for start, end, masked in sorted(spans):
        out.append(line[pos:start])
        length += start - pos
        moved[start] = length
        out.append(masked)
        length += len(masked)
        pos = end
    out.append(line[pos:])
    return "".join(out), moved


def excerpt(masked_line: str, start: int, length: int, radius: int = EXCERPT_RADIUS) -> str:
    """A short window of an already masked line around [start, start+length)."""
    left = max(0, start - radius)
    right = min(len(masked_line), start + length + radius)
    text = " ".join(masked_line[left:right].split())
    return ("…" if left > 0 else "") + text + ("…" if right < len(masked_line) else "")
