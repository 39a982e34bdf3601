"""Counts of a run's review findings, for the terminal and the HTML report."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..diagnostics import Diagnostic, Report, Severity
from . import kinds

_REVIEW_CODES = {k.diagnostic_code for k in (*kinds.ALL, kinds.UNSCANNED)}


def is_review_finding(d: Diagnostic) -> bool:
    return d.code in _REVIEW_CODES


@dataclass
class ReviewCounts:
    blocking: Counter
    waived: list[Diagnostic]
    unscanned: list[Diagnostic]

    @property
    def blocked(self) -> bool:
        return bool(self.blocking)


def count(report: Report) -> ReviewCounts:
    blocking: Counter = Counter()
    waived, unscanned = [], []
    for d in report.items:
        if not is_review_finding(d):
            continue
        if d.waived_by:
            waived.append(d)
        elif d.severity is Severity.ERROR:
            blocking[d.kind] += 1
        elif d.code == kinds.UNSCANNED.diagnostic_code:
            unscanned.append(d)
    return ReviewCounts(blocking, waived, unscanned)


def summary_line(report: Report) -> str:
    counts = count(report)
    if counts.blocking:
        found = "、".join(f"{kind} {n} 处" for kind, n in counts.blocking.most_common())
        text = f"保密审查：发现 {found}，不能发布"
    else:
        text = "保密审查：未发现身份证号、手机号码、银行卡号、密级标志或内部资料标志"
    if counts.waived:
        text += f"；已豁免 {len(counts.waived)} 处（见报告）"
    if counts.unscanned:
        text += f"；{len(counts.unscanned)} 个附件或图片无法自动审查，需人工核对"
    return text + "。"
