"""审核 (reviewed_by) and 签发 (approved_by): optional, or required by [review] require_reviewers."""
from __future__ import annotations

from typing import Sequence

from ..content.fields import field_name
from ..diagnostics import Report
from ..structure.document import Document


def check_reviewers(documents: Sequence[Document], required: bool, report: Report) -> None:
    if not required:
        return
    for doc in documents:
        for key, role in (("reviewed_by", "审核人"), ("approved_by", "签发人")):
            if not getattr(doc, key):
                report.error("review-signoff-missing", doc.source, f"缺少{role}（配置要求每条公开信息都经过审核和签发）",
                             line=doc.line("title"), field=field_name(key),
                             expected=f"{key}: {role}姓名（先审查、后公开；谁公开谁审查谁负责）")
