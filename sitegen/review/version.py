"""A digest of the review rules, so cached per-file findings never outlive a rule change.

The document cache and the no-change fast path key on the tool version; a new
detector, mask or calendar must invalidate them even when the version string
stays the same during development.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

_FOLDER = Path(__file__).parent


def _digest() -> str:
    h = hashlib.blake2b(digest_size=8)
    for path in sorted([*_FOLDER.glob("*.py"), *_FOLDER.glob("data/*")]):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


RULES_VERSION = _digest()
