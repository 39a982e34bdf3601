"""Watch the content, the theme and the config with watchdog; coalesce bursts of saves."""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

IGNORED_PARTS = {".git", ".cache", "__pycache__"}


class ChangeWatcher(FileSystemEventHandler):
    """Calls on_change once things have been quiet for `settle` seconds after a change."""

    def __init__(self, folders: list[Path], files: list[Path], on_change: Callable[[], None],
                 settle: float = 0.3):
        self.files = {f.resolve() for f in files}
        self.on_change, self.settle = on_change, settle
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()
        self.observer = Observer()
        watched: set[Path] = set()
        for folder in [*folders, *(f.parent for f in files)]:
            folder = folder.resolve()
            if folder.is_dir() and folder not in watched:
                self.observer.schedule(self, str(folder), recursive=folder in {d.resolve() for d in folders})
                watched.add(folder)

    def relevant(self, event: FileSystemEvent) -> bool:
        paths = [Path(str(event.src_path))]
        if getattr(event, "dest_path", ""):
            paths.append(Path(str(event.dest_path)))
        for path in paths:
            if IGNORED_PARTS & set(path.parts) or path.name.endswith(("~", ".swp", ".tmp")):
                continue
            if path.resolve().parent in {f.parent for f in self.files} and path.resolve() not in self.files:
                # A sibling of config.toml (the project folder itself is not watched recursively).
                continue
            return True
        return False

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write") or not self.relevant(event):
            return
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self.settle, self.on_change)
            self._timer.daemon = True
            self._timer.start()

    def start(self) -> None:
        self.observer.start()

    def stop(self) -> None:
        self.observer.stop()
        self.observer.join(timeout=5)
