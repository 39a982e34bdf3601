"""Findings about the input: errors block a build, warnings only inform.

Every finding names the file, the line where known, the field, what was found
and what is expected, in Chinese for the staff who read it.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Iterable


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告"}[self.value]


@dataclass(frozen=True)
class Diagnostic:
    severity: Severity
    code: str            # stable machine-readable id, e.g. "unknown-unit"
    file: str            # path as the user knows it (relative to the project when possible)
    message: str         # what is wrong, in Chinese
    line: int | None = None
    field: str | None = None
    expected: str | None = None
    hint: str | None = None   # e.g. a "did you mean" suggestion

    def format(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        head = f"{where}: {self.severity.label}"
        if self.field:
            head += f"〔{self.field}〕"
        lines = [f"{head}：{self.message}"]
        if self.expected:
            lines.append(f"    应为：{self.expected}")
        if self.hint:
            lines.append(f"    提示：{self.hint}")
        return "\n".join(lines)

    def sort_key(self) -> tuple:
        return (self.file, self.line or 0, self.code, self.message)


@dataclass
class Report:
    """All findings of one run, so every problem is reported at once."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        self.items.append(diagnostic)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.items.extend(diagnostics)

    def error(self, code: str, file: str, message: str, **kw: object) -> None:
        self.add(Diagnostic(Severity.ERROR, code, file, message, **kw))  # type: ignore[arg-type]

    def warning(self, code: str, file: str, message: str, **kw: object) -> None:
        self.add(Diagnostic(Severity.WARNING, code, file, message, **kw))  # type: ignore[arg-type]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.WARNING]

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.items)

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=Diagnostic.sort_key)

    def format_text(self) -> str:
        return "\n".join(d.format() for d in self.sorted())

    def to_json(self) -> str:
        rows = [{**asdict(d), "severity": d.severity.value} for d in self.sorted()]
        return json.dumps(
            {"errors": len(self.errors), "warnings": len(self.warnings), "findings": rows},
            ensure_ascii=False, indent=2,
        )


class BuildAborted(Exception):
    """Raised when the input has errors: the caller prints the report and exits 1."""

    def __init__(self, report: Report):
        super().__init__(f"{len(report.errors)} errors")
        self.report = report
