"""The layout of pickled classes, as part of the cache formats that hold them.

The cache pickles documents and pages. Change a field of those classes (add one,
or give one another type) and an old pickle would still load, with the old
shape, and fail far from here. Naming each field and its annotation in the
format string makes such a cache unreadable instead: it is read again.
"""
from __future__ import annotations

import dataclasses
import hashlib


def layout(*classes: type) -> str:
    """A short digest of the dataclasses' field names and annotations."""
    described = [(cls.__qualname__, [(f.name, str(f.type)) for f in dataclasses.fields(cls)]) for cls in classes]
    return hashlib.blake2b(repr(described).encode("utf-8"), digest_size=6).hexdigest()
