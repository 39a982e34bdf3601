"""A one-line progress display for long builds; silent when stderr is not a terminal."""
from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    MIN_INTERVAL = 0.2     # seconds between redraws

    def __init__(self, label: str, total: int, stream: TextIO | None = None, enabled: bool | None = None):
        self.label, self.total, self.done = label, total, 0
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.started = self._last = time.perf_counter()

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.perf_counter()
        if self.enabled and (now - self._last >= self.MIN_INTERVAL or self.done >= self.total):
            self._last = now
            self.stream.write("\r" + self.line(now) + "\033[K")
            self.stream.flush()

    def line(self, now: float) -> str:
        elapsed = max(now - self.started, 1e-6)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate > 0 else 0.0
        percent = 100 * self.done // self.total if self.total else 100
        return (f"{self.label}：{self.done}/{self.total}（{percent}%），"
                f"每秒 {rate:,.0f} 个，约剩 {left:.0f} 秒")

    def finish(self) -> None:
        if self.enabled and self.done:
            self.stream.write("\r\033[K")
            self.stream.flush()
