"""Which files are content, and paths shared by the per-file readers."""
from __future__ import annotations

import os
from functools import lru_cache
from operator import attrgetter
from pathlib import Path
from typing import Iterator

from ..pipeline.stamps import MISSING, Stamp


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
    return [entry.path for entry in _content_entries(content_dir)]


def stamped_content_files(content_dir: Path) -> tuple[list[str], list[Stamp]]:
    """content_file_names, and each file's stamp, taken as the folders are listed: listing
    and stamping ten thousand files is most of a build with nothing to do."""
    names: list[str] = []
    stamps: list[Stamp] = []
    for entry in _content_entries(content_dir):
        names.append(entry.path)
        try:
            info = entry.stat()
            stamps.append((info.st_mtime_ns, info.st_size))
        except OSError:
            stamps.append(MISSING)
    return names, stamps


def _content_entries(content_dir: Path) -> Iterator[os.DirEntry[str]]:
    """The content files, in os.walk's order (a folder's files, then its subfolders, each sorted
    by name), in one os.scandir pass; folder links are not followed."""
    folders = [str(content_dir)]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=_by_name)
        except OSError:
            continue
        subfolders = []
        for entry in entries:
            name = entry.name
            if name.startswith(_HIDDEN):
                continue
            try:
                is_folder = entry.is_dir()
            except OSError:
                is_folder = False
            if is_folder:
                if not entry.is_symlink():
                    subfolders.append(entry.path)
            elif name.endswith(".md"):
                yield entry
        folders.extend(reversed(subfolders))      # popped in name order


_HIDDEN = (".", "_")
_by_name = attrgetter("name")
