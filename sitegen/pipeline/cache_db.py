"""Opening an SQLite file of the cache: created when missing, started afresh when damaged.

Everything in the cache can be computed again, so a file that is not a database any more
(a crash mid-write, a disk error, a hand edit) costs only time, never a failed build.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path


def open_cache_db(path: Path, schema: str, autocommit: bool = False) -> sqlite3.Connection:
    """A connection to the cache database at path, its table made by `schema` if missing.

    autocommit: every statement commits by itself, in WAL mode, so that forked workers may
    write beside each other; otherwise changes wait for commit()."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _connect(path, schema, autocommit)
    except sqlite3.DatabaseError:
        delete_cache_db(path)
        return _connect(path, schema, autocommit)


def delete_cache_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _connect(path: Path, schema: str, autocommit: bool) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=60, isolation_level=None) if autocommit else sqlite3.connect(path)
    try:
        if autocommit:
            db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=OFF")     # a cache: a torn file is detected and dropped
        db.execute(schema)
    except sqlite3.DatabaseError:
        db.close()
        raise
    return db
