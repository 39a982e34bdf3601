"""Per-item waivers: a reviewer accepts one named finding, with a reason, in front-matter.

    review_waivers:
      - kind: 手机号码            # or mobile, 身份证号, 银行卡号, 密级标志, 内部标志 ...
        match: "138****1234"      # the masked form the report suggests (or the mark as written)
        reviewer: 王某某
        reason: 公示须列明联系人，本人已书面同意
        line: 42                  # only when two different numbers share one masked form

A waiver accepts every occurrence of exactly one number (or mark) in this item and
its attachments. There is no switch that turns the scanner off: a waiver that
matches nothing is a warning, one that would cover two different numbers is not
applied, and every waived finding is listed in the report.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

from ..diagnostics import Report
from . import kinds
from .scan import WAIVERS_KEY, Finding

FIELD = f"{WAIVERS_KEY} 审查豁免"
EXAMPLE = ('review_waivers:\n      - kind: 手机号码\n        match: "138****1234"\n'
           '        reviewer: 审核人姓名\n        reason: 豁免理由')


@dataclass(frozen=True)
class Waiver:
    kind: str            # kinds.Kind.code
    match: str           # as written
    reviewer: str
    reason: str
    line: int | None = None        # the finding's line, when needed to tell two numbers apart
    date: str = ""
    declared_at: int | None = None  # line of review_waivers in the front-matter

    @property
    def key(self) -> str:
        return normalise_match(self.match)

    @property
    def label(self) -> str:
        return kinds.BY_CODE[self.kind].label


def normalise_match(text: str) -> str:
    return "".join(text.split()).replace("＊", "*").replace("\\*", "*").upper()


def parse_waivers(raw: Any, file: str, line: int | None, report: Report) -> tuple[Waiver, ...]:
    if raw is None or raw == "":
        return ()
    entries = raw if isinstance(raw, list) else [raw]
    waivers: list[Waiver] = []
    for number, entry in enumerate(entries, 1):
        problem = _entry_problem(entry)
        if problem:
            report.error("review-waiver-invalid", file, f"第 {number} 条审查豁免{problem}", line=line,
                         field=FIELD, expected=EXAMPLE,
                         hint=f"kind 可写：{kinds.kind_choices()}")
            continue
        kind = kinds.kind_named(str(entry["kind"]))
        assert kind is not None
        waivers.append(Waiver(kind.code, entry["match"].strip(), entry["reviewer"].strip(),
                              " ".join(entry["reason"].split()),
                              int(entry["line"]) if entry.get("line") else None,
                              str(entry.get("date", "")).strip(), line))
    return tuple(waivers)


def _entry_problem(entry: Any) -> str | None:
    if not isinstance(entry, dict):
        return "应写成 kind、match、reviewer、reason 四项"
    unknown = sorted(set(entry) - {"kind", "match", "reviewer", "reason", "line", "date"})
    if unknown:
        return f"有未知的项“{'、'.join(unknown)}”"
    for key, label in (("kind", "种类"), ("match", "所豁免的内容"), ("reviewer", "审核人"), ("reason", "理由")):
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            return f"缺少 {key}（{label}）"
    if kinds.kind_named(entry["kind"]) is None:
        return f"的种类“{entry['kind']}”无法识别"
    if "line" in entry and not (isinstance(entry["line"], str) and entry["line"].strip().isdigit()):
        return "的 line 应是行号（整数）"
    return None


@dataclass
class WaiverOutcome:
    accepted: dict[int, Waiver] = field(default_factory=dict)   # finding index -> its waiver
    unused: list[Waiver] = field(default_factory=list)
    ambiguous: list[tuple[Waiver, int]] = field(default_factory=list)   # waiver, how many numbers


def apply_waivers(findings: Sequence[Finding], waivers: Sequence[Waiver]) -> WaiverOutcome:
    outcome = WaiverOutcome()
    for waiver in waivers:
        hits = [i for i, f in enumerate(findings)
                if f.kind == waiver.kind and normalise_match(f.match_key) == waiver.key
                and (waiver.line is None or f.line == waiver.line)]
        distinct = {findings[i].tag for i in hits}
        if not hits:
            outcome.unused.append(waiver)
        elif len(distinct) > 1:
            outcome.ambiguous.append((waiver, len(distinct)))
        else:
            for i in hits:
                outcome.accepted.setdefault(i, waiver)
    return outcome
