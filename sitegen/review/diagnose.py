"""Findings -> Diagnostics: blocking findings are errors, waived ones and notes are listed as 提示."""
from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from ..diagnostics import Diagnostic, Severity
from . import kinds
from .kinds import WAIVER_HINT
from .scan import Finding
from .waivers import FIELD, Waiver, apply_waivers

if TYPE_CHECKING:
    from ..structure.document import Document


def _describe(finding: Finding) -> tuple[str, str]:
    """(message, expected) for one finding, in Chinese; only masked forms appear."""
    kind = finding.kind_info
    where = finding.location
    if kind in kinds.PERSONAL:
        detail = f"（{finding.detail}）" if finding.detail else ""
        return (f"{where}中有未遮盖的{kind.label}{detail}：{finding.suggestion}",
                f"公开前遮盖为 {finding.suggestion}，或删除")
    if kind is kinds.SECRET_MARK:
        return (f"{where}中有密级标志“{finding.match_key}”：涉密信息不得公开（保密不上网，上网不保密）",
                "删除该信息或该标志；已解密的文件须经保密审查后再发布")
    if kind is kinds.INTERNAL_MARK:
        return (f"{where}中有“{finding.match_key}”标志：内部资料和注明不公开的文件不得发布",
                "删除该信息或该标志；确属可以公开的，须经保密审查后再发布")
    if kind is kinds.WITHHELD_REFERENCE:
        return f"{where}{finding.detail}", finding.suggestion
    return f"附件“{finding.file}”是{finding.detail}文件，无法自动审查", finding.suggestion


def finding_diagnostic(finding: Finding, waiver: Waiver | None = None) -> Diagnostic:
    kind = finding.kind_info
    message, expected = _describe(finding)
    if waiver is not None:
        severity = Severity.INFO
        message = "（已豁免）" + message
    else:
        severity = Severity.ERROR if kind.blocking else Severity.INFO
    return Diagnostic(
        severity, kind.diagnostic_code, finding.file, message, line=finding.line,
        field=finding.location, expected=expected,
        hint=WAIVER_HINT if kind.blocking and waiver is None else None,
        column=finding.column, kind=kind.label, excerpt=finding.excerpt or None,
        suggestion=finding.suggestion if kind in kinds.PERSONAL else None,
        waived_by=waiver.reviewer if waiver else None, waiver_reason=waiver.reason if waiver else None)


def item_diagnostics(item_file: str, findings: Sequence[Finding], waivers: Sequence[Waiver]) -> list[Diagnostic]:
    """Everything the review says about one item, its waivers applied."""
    outcome = apply_waivers(findings, waivers)
    result = [finding_diagnostic(f, outcome.accepted.get(i)) for i, f in enumerate(findings)]
    for waiver in outcome.unused:
        result.append(Diagnostic(
            Severity.WARNING, "review-waiver-unused", item_file,
            f"审查豁免（{waiver.label}“{waiver.match}”）没有对应的发现，未起作用", line=waiver.declared_at,
            field=FIELD, expected="删除这条豁免，或把 match 改为审查报告中给出的遮盖形式（如 138****1234）"))
    for waiver, count in outcome.ambiguous:
        result.append(Diagnostic(
            Severity.WARNING, "review-waiver-ambiguous", item_file,
            f"审查豁免（{waiver.label}“{waiver.match}”）对应 {count} 个不同的号码，未起作用", line=waiver.declared_at,
            field=FIELD, expected="加写 line: 行号，指明豁免的是哪一处；每个号码单独登记一条豁免"))
    return result


def review_item(doc: Document, references: Sequence[Finding]) -> list[Diagnostic]:
    """What the review says of one public item itself: its findings and references, waivers applied."""
    findings = [*doc.review_findings, *references]
    return item_diagnostics(doc.source, findings, doc.review_waivers) if findings or doc.review_waivers else []
