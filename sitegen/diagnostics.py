"""Findings about the input: errors block a build, warnings only inform.

Every finding names the file, the line where known, the field, what was found
and what is expected, in Chinese for the staff who read it.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Iterable

from .review.redact import redact_diagnostic


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"        # listed in reports (waived findings, serial gaps), never blocks

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


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
    # Pre-publication review (sitegen/review): where in the line, what was found, masked.
    column: int | None = None
    kind: str | None = None          # e.g. 身份证号, 手机号码, 密级标志
    excerpt: str | None = None       # the line around the finding, identifiers masked
    suggestion: str | None = None    # the masked form to publish instead
    waived_by: str | None = None     # reviewer who accepted this finding
    waiver_reason: str | None = None

    def format(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        if self.line and self.column:
            where += f":{self.column}"
        head = f"{where}: {self.severity.label}"
        if self.field:
            head += f"〔{self.field}〕"
        lines = [f"{head}：{self.message}"]
        if self.expected:
            lines.append(f"    应为：{self.expected}")
        if self.excerpt:
            lines.append(f"    原文：{self.excerpt}")
        if self.hint:
            lines.append(f"    提示：{self.hint}")
        if self.waived_by:
            lines.append(f"    已豁免：审核人 {self.waived_by}，理由：{self.waiver_reason or '（未写）'}")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        row = asdict(self)
        waived_by, reason = row.pop("waived_by"), row.pop("waiver_reason")
        row["severity"] = self.severity.value
        row["waiver"] = {"reviewer": waived_by, "reason": reason} if waived_by else None
        return row

    def sort_key(self) -> tuple:
        return (self.file, self.line or 0, self.column or 0, self.code, self.message)


@dataclass
class Report:
    """All findings of one run, so every problem is reported at once."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        # Last line of defence: no full 身份证号 or mobile number ever reaches a terminal,
        # a JSON report or an HTML report, whichever check produced the message.
        self.items.append(redact_diagnostic(diagnostic))

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        for diagnostic in diagnostics:
            self.add(diagnostic)

    def error(self, code: str, file: str, message: str, **kw: object) -> None:
        self.add(Diagnostic(Severity.ERROR, code, file, message, **kw))  # type: ignore[arg-type]

    def warning(self, code: str, file: str, message: str, **kw: object) -> None:
        self.add(Diagnostic(Severity.WARNING, code, file, message, **kw))  # type: ignore[arg-type]

    def info(self, code: str, file: str, message: str, **kw: object) -> None:
        self.add(Diagnostic(Severity.INFO, code, file, message, **kw))  # type: ignore[arg-type]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.WARNING]

    @property
    def infos(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.INFO]

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.items)

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=Diagnostic.sort_key)

    def format_text(self) -> str:
        return "\n".join(d.format() for d in self.sorted())

    def to_json(self) -> str:
        rows = [d.to_dict() for d in self.sorted()]
        return json.dumps(
            {"errors": len(self.errors), "warnings": len(self.warnings), "infos": len(self.infos),
             "findings": rows},
            ensure_ascii=False, indent=2,
        )


class BuildAborted(Exception):
    """Raised when the input has errors: the caller prints the report and exits 1."""

    def __init__(self, report: Report):
        super().__init__(f"{len(report.errors)} errors")
        self.report = report
