"""Keeping Python's cycle collector out of the way of a build.

A build holds one large, long-lived object graph (documents, the site model,
planned pages). The cycle collector would walk all of it again and again as
new objects are allocated, and in forked workers its bookkeeping writes would
copy every shared memory page. Loading a cache creates hundreds of thousands
of objects at once, each allocation counting towards the next collection.
What a build freezes stays frozen until release(): a process that builds again
and again (the preview server) releases after each build.
"""
from __future__ import annotations

import gc
import pickle
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Iterator


@contextmanager
def long_lived() -> Iterator[None]:
    """Build objects that live until the build ends (the model, the planned pages, the caches
    read): no collections meanwhile, and afterwards out of the collector's view, so that it never
    walks them again and forked workers share their memory pages instead of copying them.

    They leave the collector's view before it resumes: its first collection would otherwise go
    through everything made in the pause (0.7 s for the pages of 100,000 items)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def load_pickle(handle: IO[bytes]) -> Any:
    """A cache's value: it lives until the build ends."""
    with long_lived():
        return pickle.load(handle)


def read_pickle(path: Path) -> Any:
    """A cache file's value, or None when it is missing or unreadable (a cache only costs time)."""
    try:
        with path.open("rb") as handle:
            return load_pickle(handle)
    except Exception:
        return None


def save_pickle(path: Path, value: object) -> None:
    """A cache file written aside and moved in place: a reader never sees half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    with temporary.open("wb") as handle:
        pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
    temporary.replace(path)


def release() -> None:
    """A build is over: what long_lived() hid from the collector is its again. A process that goes
    on building (the preview server) would otherwise keep every build's model, whose objects refer
    to each other in cycles that only the collector frees."""
    gc.unfreeze()
