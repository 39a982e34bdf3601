"""Rendered Markdown bodies and their search terms on disk, addressed by content key.

Bodies, and the search terms drawn from them, are the bulk of a catalogue.
Keeping them here instead of in memory lets the main process hold only
metadata however large the catalogue grows, and lets workers write and read
them without passing them between processes. One file per document: a line
with the length of the terms, the terms, then the body.
"""
from __future__ import annotations

import os
from pathlib import Path


STORE_FORMAT = "2"         # part of the folder name: a new layout never reads an old one


class BodyStore:
    def __init__(self, cache_root: Path):
        self.folder = cache_root / f"bodies-{STORE_FORMAT}"

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.html"

    def put(self, key: str, html: str, terms: str = "") -> None:
        target = self.path(key)
        if target.exists():
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(f"{len(terms)}\n{terms}{html}", encoding="utf-8")
        os.replace(temporary, target)

    def _read(self, key: str) -> tuple[str, int, int]:
        """The file's text, where its terms start and where its body starts."""
        text = self.path(key).read_text(encoding="utf-8")
        terms_start = text.index("\n") + 1
        return text, terms_start, terms_start + int(text[: terms_start - 1])

    def get(self, key: str) -> str:
        """The rendered body."""
        text, _, body_start = self._read(key)
        return text[body_start:]

    def get_terms(self, key: str) -> str:
        """The search terms stored with the body (search/records.py: SearchRecord.terms_text)."""
        text, terms_start, body_start = self._read(key)
        return text[terms_start:body_start]

    def has(self, key: str) -> bool:
        return self.path(key).exists()
