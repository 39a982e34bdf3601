"""Rendered Markdown bodies on disk, addressed by content key.

Bodies are the bulk of a catalogue. Keeping them here instead of in memory
lets the main process hold only metadata however large the catalogue grows,
and lets workers write and read them without passing them between processes.
"""
from __future__ import annotations

import os
from pathlib import Path


class BodyStore:
    def __init__(self, folder: Path):
        self.folder = folder

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.html"

    def put(self, key: str, html: str) -> None:
        target = self.path(key)
        if target.exists():
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(html, encoding="utf-8")
        os.replace(temporary, target)

    def get(self, key: str) -> str:
        return self.path(key).read_text(encoding="utf-8")
