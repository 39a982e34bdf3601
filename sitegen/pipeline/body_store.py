"""Rendered Markdown bodies and their search terms, addressed by content key, in one SQLite file.

Bodies, and the search terms drawn from them, are the bulk of a catalogue.
Keeping them here instead of in memory lets the main process hold only
metadata however large the catalogue grows, and lets workers write and read
them without passing them between processes.

One database rather than a file per document: creating 10,000 small files cost
more than rendering their Markdown (bench/RESULTS.md). WAL mode lets the read
workers write while others read; it is a cache, so nothing is synced to disk
and a damaged file is simply started afresh (the documents cache then rereads
the files whose bodies are gone: DocumentCache.read_all).
"""
from __future__ import annotations

import os
import sqlite3
import weakref
from pathlib import Path
from typing import Iterable

from ..code_version import CODE_VERSION
from .cache_db import delete_cache_db, open_cache_db

STORE_FORMAT = "3"         # part of the file name: a new layout never reads an old one
_LEGACY_FOLDERS = ("bodies", "bodies-2")     # one file per body, before this store


class BodyStore:
    def __init__(self, cache_root: Path):
        self.cache_root = cache_root
        # Bodies and terms as this version of the code makes them: another version's are stale.
        self.path = cache_root / f"bodies-{STORE_FORMAT}-{CODE_VERSION}.sqlite"
        self._db: sqlite3.Connection | None = None

    def prepare(self) -> None:
        """Create the database before workers fork, so that they never race to create it."""
        for other in self.cache_root.glob("bodies-*.sqlite"):     # left by another version of the code
            if other != self.path:
                delete_cache_db(other)
        self._open()
        for name in _LEGACY_FOLDERS:
            legacy = self.cache_root / name
            if legacy.is_dir():
                from .site_writer import remove_in_background
                remove_in_background(legacy)

    def put(self, key: str, html: str, terms: str = "") -> None:
        self._open().execute("INSERT OR IGNORE INTO bodies VALUES (?, ?, ?)", (key, terms, html))

    def put_many(self, rows: list[tuple[str, str, str]]) -> None:
        """(key, html, terms) rows put in one transaction: each commit takes the database's one
        write lock, and read workers committing every body wait on each other's (SQLite's busy
        handler sleeps a millisecond or more at a time). The rows are ready before the lock is
        taken, so it is held for the writing only."""
        db = self._open()
        db.execute("BEGIN IMMEDIATE")
        try:
            db.executemany("INSERT OR IGNORE INTO bodies VALUES (?, ?, ?)",
                           ((key, terms, html) for key, html, terms in rows))
        finally:
            db.execute("COMMIT")

    def get(self, key: str) -> str:
        """The rendered body."""
        return self._value("body", key)

    def get_terms(self, key: str) -> str:
        """The search terms stored with the body (search/records.py: SearchRecord.terms_text)."""
        return self._value("terms", key)

    def has(self, key: str) -> bool:
        return self._open().execute("SELECT 1 FROM bodies WHERE key = ?", (key,)).fetchone() is not None

    def keys(self) -> set[str]:
        """Every stored key; a store too damaged to list is started afresh (and found empty)."""
        try:
            return {row[0] for row in self._open().execute("SELECT key FROM bodies")}
        except sqlite3.DatabaseError:
            self.close()
            delete_cache_db(self.path)
            return set()

    def delete(self, keys: Iterable[str]) -> None:
        self._open().executemany("DELETE FROM bodies WHERE key = ?", ((key,) for key in keys))

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _value(self, column: str, key: str) -> str:
        row = self._open().execute(f"SELECT {column} FROM bodies WHERE key = ?", (key,)).fetchone()
        if row is None:
            raise LookupError(f"no stored body for content key {key} in {self.path}")
        return row[0]

    def _open(self) -> sqlite3.Connection:
        if self._db is None:
            # Autocommit: each body is committed as it is put, so a killed build keeps what it stored.
            self._db = open_cache_db(
                self.path, "CREATE TABLE IF NOT EXISTS bodies (key TEXT PRIMARY KEY, terms TEXT, body TEXT)",
                autocommit=True)
            _open_stores.add(self)
        return self._db


class PendingBodies:
    """Stands in for a BodyStore while a batch of files is read: keeps what is put, for put_many."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str]] = []

    def put(self, key: str, html: str, terms: str = "") -> None:
        self.rows.append((key, html, terms))


# An SQLite connection must not cross a fork (https://www.sqlite.org/howtocorrupt.html, 2.6):
# every open store is closed before any fork, and reopens on its next use, in either process.
_open_stores: "weakref.WeakSet[BodyStore]" = weakref.WeakSet()


def _close_before_fork() -> None:
    for store in list(_open_stores):
        store.close()


os.register_at_fork(before=_close_before_fork)
