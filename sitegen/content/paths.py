"""Which files are content, and paths shared by the per-file readers."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=8)
def resolved_root(content_dir: Path) -> Path:
    """The content folder's real path, resolved once per process instead of once per file."""
    return content_dir.resolve()


def find_content_files(content_dir: Path) -> list[Path]:
    """Every Markdown file under content_dir, in a stable order.

    Files and folders starting with '.' or '_' are skipped (drafts folders, editor files).
    """
    return [Path(name) for name in content_file_names(content_dir)]


def content_file_names(content_dir: Path) -> list[str]:
    """find_content_files as strings: a build with nothing or little to do compares names and
    stamps only, and making ten thousand Path objects would be most of its work."""
    found: list[str] = []
    for folder, dirs, files in os.walk(str(content_dir)):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        found.extend(os.path.join(folder, name) for name in sorted(files)
                     if name.endswith(".md") and not name.startswith((".", "_")))
    return found
