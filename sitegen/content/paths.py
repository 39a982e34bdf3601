"""Paths shared by the per-file readers."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=8)
def resolved_root(content_dir: Path) -> Path:
    """The content folder's real path, resolved once per process instead of once per file."""
    return content_dir.resolve()
