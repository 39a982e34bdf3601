"""索引号 rules that need more than one file: uniqueness, prefix vs unit code, prefix checksum, serial gaps.

The format itself is a per-file rule (content/fields.py).
"""
from __future__ import annotations

from collections import defaultdict
from typing import Sequence

from ..content.fields import field_name
from ..diagnostics import Report
from ..identifiers import is_valid_unit_code
from ..slugs import index_no_slug
from ..structure.document import NATIONAL_INDEX_NO, Document

MAX_GAP_RANGES = 12


def check_unique(documents: Sequence[Document], report: Report) -> None:
    # Case-insensitive, and by output folder too: the tree must survive FAT32 and ISO 9660.
    seen: dict[str, Document] = {}
    for doc in sorted(documents, key=lambda d: d.source):
        for key in {doc.index_no.upper(), "dir:" + index_no_slug(doc.index_no)}:
            first = seen.get(key)
            if first is not None and first is not doc:
                report.error("index-no-duplicate", doc.source,
                             f"索引号“{doc.index_no}”与 {first.source} 的“{first.index_no}”重复",
                             line=doc.line("index_no"), field=field_name("index_no"),
                             expected="全站唯一的索引号（不区分大小写）")
                break
            seen[key] = doc


def check_prefixes(documents: Sequence[Document], configured_codes: set[str], report: Report) -> None:
    """Prefix against the unit's code (warning), and the prefix's own check character (warning, once per prefix)."""
    bad_checksum: dict[str, list[Document]] = defaultdict(list)
    for doc in documents:
        match = NATIONAL_INDEX_NO.match(doc.index_no)
        if not match:
            continue
        prefix = match.group("prefix").upper()
        if doc.unit and prefix not in {c.upper() for c in doc.unit.codes}:
            report.warning("index-no-prefix", doc.source,
                           f"索引号前段码 {match.group('prefix')} 与“{doc.unit.name}”配置的 {doc.unit.code} 不同",
                           line=doc.line("index_no"), field=field_name("index_no"),
                           expected=f"{doc.unit.code}/年份-流水号；机构代码变更前的旧索引号可在 former_codes 中登记")
        if prefix not in configured_codes and not is_valid_unit_code(prefix):
            bad_checksum[prefix].append(doc)    # configured codes are checked once, in config.toml
    for prefix, docs in sorted(bad_checksum.items()):
        first = min(docs, key=lambda d: d.source)
        others = f"（共 {len(docs)} 条信息使用该前段码）" if len(docs) > 1 else ""
        report.warning("index-no-prefix-checksum", first.source,
                       f"索引号前段码 {prefix} 不是校验位正确的组织机构代码（9 位，GB 11714）"
                       f"或统一社会信用代码（18 位，GB 32100）{others}",
                       line=first.line("index_no"), field=field_name("index_no"),
                       expected="本机构的组织机构代码或统一社会信用代码；个别早期代码校验不通过，核实无误可忽略")


def serial_gaps(documents: Sequence[Document]) -> dict[tuple[str, str], list[tuple[int, int]]]:
    """Missing serials per (prefix, year), as ranges; every item counts, published or not."""
    used: dict[tuple[str, str], set[int]] = defaultdict(set)
    for doc in documents:
        match = NATIONAL_INDEX_NO.match(doc.index_no)
        if match:
            used[(match.group("prefix").upper(), match.group("year"))].add(int(match.group("serial")))
    gaps: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for key, serials in sorted(used.items()):
        ranges: list[tuple[int, int]] = []
        for n in range(1, max(serials) + 1):
            if n in serials:
                continue
            if ranges and ranges[-1][1] == n - 1:
                ranges[-1] = (ranges[-1][0], n)
            else:
                ranges.append((n, n))
        if ranges:
            gaps[key] = ranges
    return gaps


def report_serial_gaps(documents: Sequence[Document], report: Report, config_name: str) -> None:
    for (prefix, year), ranges in serial_gaps(documents).items():
        missing = sum(b - a + 1 for a, b in ranges)
        shown = "、".join(f"{a:05d}" if a == b else f"{a:05d}–{b:05d}" for a, b in ranges[:MAX_GAP_RANGES])
        more = "等" if len(ranges) > MAX_GAP_RANGES else ""
        report.info("index-no-serial-gap", config_name,
                    f"索引号 {prefix}/{year} 的流水号缺 {missing} 个：{shown}{more}", field="index_no 索引号",
                    expected="流水号连续；空缺可能是在其他渠道发布或已撤下的信息，请核实没有遗漏")
