"""Cheap change detection: a file's (mtime, size) before any byte is read."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Iterable

Stamp = tuple[int, int]        # (mtime_ns, size)
MISSING: Stamp = (-1, -1)


def stamp(path: str | Path) -> Stamp:
    try:
        st = os.stat(path)
    except OSError:
        return MISSING
    return (st.st_mtime_ns, st.st_size)


def digest_bytes(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def digest_text(*parts: str) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


def tree_digest(folders: Iterable[Path]) -> str:
    """Content digest of every file under the folders (themes: a few dozen small files)."""
    h = hashlib.blake2b(digest_size=16)
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            h.update(path.relative_to(folder).as_posix().encode())
            h.update(b"\x00")
            h.update(hashlib.blake2b(path.read_bytes(), digest_size=16).digest())
    return h.hexdigest()
