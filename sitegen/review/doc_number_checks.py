"""文号: warn on non-canonical spellings and on two items with the same normalised 文号."""
from __future__ import annotations

from collections import defaultdict
from typing import Sequence

from ..content.fields import field_name
from ..diagnostics import Report
from ..doc_numbers import parse_doc_no
from ..structure.document import Document


def check_doc_numbers(documents: Sequence[Document], report: Report) -> None:
    by_key: dict[str, list[Document]] = defaultdict(list)
    for doc in documents:
        if not doc.doc_no:
            continue
        number = parse_doc_no(doc.doc_no)
        if not number.recognised:
            continue
        by_key[number.canonical].append(doc)
        if not number.is_canonical:
            rule = ("令的编号写作“第N号”" if number.is_order
                    else "年份用六角括号〔〕，序号不编虚位（1 不写作 01）、不加“第”字")
            report.warning("doc-no-variant", doc.source, f"文号“{doc.doc_no}”不是规范写法",
                           line=doc.line("doc_no"), field=field_name("doc_no"),
                           expected=f"{number.canonical}（GB/T 9704-2012：{rule}）")
    for canonical, docs in sorted(by_key.items()):
        if len(docs) < 2:
            continue
        docs = sorted(docs, key=lambda d: d.source)
        for doc in docs[1:]:
            report.warning("doc-no-duplicate", doc.source,
                           f"文号“{doc.doc_no}”与 {docs[0].source} 的“{docs[0].doc_no}”相同（规范形式 {canonical}）",
                           line=doc.line("doc_no"), field=field_name("doc_no"),
                           expected="每个文件的文号唯一；政策解读等不是原文件的信息不填原文件的文号")
