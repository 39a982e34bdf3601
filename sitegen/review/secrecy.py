"""密级 marks and not-for-publication headers (保密不上网，上网不保密).

Laws and guides talk *about* 秘密 and 内部资料 all the time, so only the forms a
mark takes on a document count:
- a level with its star, anywhere: 秘密★1年, 机密★长期, 绝密★启用前 (not when quoted: “秘密★”);
- 密级：秘密;
- a line that is nothing but marks: 秘密 / 内部资料　注意保存 / 内部文件，不得外传;
- a bracketed note: （内部资料）, 【内部文件】, （此件不公开）.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import kinds

LEVELS = "绝密|机密|秘密"
_STAR = r"(?:[★☆⭐✩✪＊]|\\?\*(?=\s*(?:\d|长期|启用|解密)))"
LEVEL_WITH_STAR = re.compile(rf"(?P<mark>(?:{LEVELS})\s*{_STAR}\s*(?:\d+\s*年|长期|启用前)?)")
LEVEL_FIELD = re.compile(rf"(?P<mark>密\s*级\s*[:：]?\s*(?:{LEVELS}))")
INTERNAL_WORDS = ("内部资料", "内部文件", "内部使用", "内部参考", "内部材料", "内部刊物", "内部传阅", "内部明电",
                  "注意保存", "注意保密", "不得外传", "严禁外传", "请勿外传", "不得翻印", "用后收回", "阅后收回",
                  "阅后退回", "仅供内部使用", "仅限内部使用", "此件不公开", "此件不予公开")
_INTERNAL = "|".join(INTERNAL_WORDS)
BRACKETED = re.compile(rf"[（(【\[〔［]\s*(?P<mark>{_INTERNAL}|{LEVELS})\s*[）)】\]〕］]")
# A line made only of marks, once Markdown decoration and punctuation are stripped.
_DECORATION = re.compile(r"[\s#>*_`|\-—:：,，、。.;；!！\\\u3000]+")
MARK_LINE = re.compile(rf"(?:(?:{_INTERNAL})|(?:{LEVELS})(?:[★☆⭐✩✪＊*](?:\d+年|长期|启用前)?)?)+")
_QUOTES = {"“": "”", "「": "」", "『": "』", "‘": "’", '"': '"', "'": "'", "《": "》"}


@dataclass(frozen=True)
class Mark:
    kind: kinds.Kind
    start: int
    end: int
    text: str       # the mark as written, spaces removed: what a waiver's `match` names


def _quoted(line: str, start: int, end: int) -> bool:
    before = line[max(0, start - 2): start].rstrip()
    if not before or before[-1] not in _QUOTES:
        return False
    return _QUOTES[before[-1]] in line[end: end + 8]


def _kind(text: str) -> kinds.Kind:
    return kinds.SECRET_MARK if re.search(LEVELS, text) else kinds.INTERNAL_MARK


def find_marks(line: str) -> list[Mark]:
    found: list[Mark] = []

    def add(start: int, end: int, text: str) -> None:
        if any(start < m.end and end > m.start for m in found) or _quoted(line, start, end):
            return
        found.append(Mark(_kind(text), start, end, re.sub(r"\s+", "", text)))

    for pattern in (LEVEL_WITH_STAR, LEVEL_FIELD, BRACKETED):
        for m in pattern.finditer(line):
            add(m.start("mark"), m.end("mark"), m.group("mark"))
    stripped = _DECORATION.sub("", line)
    if stripped and MARK_LINE.fullmatch(stripped):
        first = next((i for i, c in enumerate(line) if not _DECORATION.match(c)), 0)
        add(first, len(line.rstrip()), stripped)
    return sorted(found, key=lambda m: m.start)
