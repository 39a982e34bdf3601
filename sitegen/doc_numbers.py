"""文号 (document numbers): recognise the bracket variants seen in real documents.

GB/T 9704-2012 writes 机关代字〔年份〕序号号 with 六角括号, no 第 and no leading
zeros. Real documents use „‟ (a lost symbol-font mapping), [] ［］ 【】 （） () ﹝﹞ 〖〗,
spaces and 第. The original string is kept for display; the canonical form is the
key for search and duplicate detection. 令 numbers (国务院令第711号) have no year
and keep their 第.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

OPENING = "〔［[【（(﹝„〖"
CLOSING = "〕］]】）)﹞‟〗"
_SPACE = r"[\s\u3000]*"
_DIGIT = r"[0-9０-９]"
# 机关代字: Chinese characters and letters (some agencies use Latin codes), no punctuation.
_AGENCY_CHAR = r"[\u4e00-\u9fffA-Za-z]"

DOC_NO = re.compile(
    rf"(?P<agency>{_AGENCY_CHAR}{{1,20}}?){_SPACE}"
    rf"(?P<open>[{re.escape(OPENING)}]){_SPACE}(?P<year>{_DIGIT}{{4}}){_SPACE}"
    rf"(?P<close>[{re.escape(CLOSING)}]){_SPACE}(?P<di>第?){_SPACE}(?P<serial>{_DIGIT}+){_SPACE}号"
)
# What every DOC_NO match contains: an opening bracket, then a year.
_BRACKETED_YEAR = re.compile(rf"[{re.escape(OPENING)}]{_SPACE}{_DIGIT}{{4}}")
ORDER_NO = re.compile(rf"(?P<agency>{_AGENCY_CHAR}{{0,20}}令){_SPACE}第{_SPACE}(?P<serial>{_DIGIT}+){_SPACE}号")


@dataclass(frozen=True)
class DocNumber:
    original: str
    canonical: str       # 国办发〔2019〕54号, or the trimmed original when not recognised
    agency: str = ""     # 国办发
    year: str = ""
    serial: str = ""     # without leading zeros
    recognised: bool = False
    is_order: bool = False

    @property
    def is_canonical(self) -> bool:
        """False when staff wrote a variant form that should be corrected."""
        return not self.recognised or self.original.strip() == self.canonical


def _ascii_digits(text: str) -> str:
    # NFKC only inside the match: on the whole text it would also turn （） into ().
    return unicodedata.normalize("NFKC", text)


def parse_doc_no(text: str) -> DocNumber:
    """Parse one 文号 field value; unrecognised values are kept as written."""
    stripped = text.strip()
    order = ORDER_NO.fullmatch(stripped)
    if order:
        serial = str(int(_ascii_digits(order["serial"])))
        canonical = f"{order['agency']}第{serial}号"
        return DocNumber(text, canonical, order["agency"], "", serial, recognised=True, is_order=True)
    match = DOC_NO.fullmatch(stripped)
    if not match or CLOSING[OPENING.index(match["open"])] != match["close"]:
        return DocNumber(text, stripped)
    year = _ascii_digits(match["year"])
    serial = str(int(_ascii_digits(match["serial"])))
    agency = match["agency"]
    return DocNumber(text, f"{agency}〔{year}〕{serial}号", agency, year, serial, recognised=True)


def canonical_doc_no(text: str) -> str:
    return parse_doc_no(text).canonical


def find_doc_numbers(text: str) -> list[str]:
    """Canonical forms of every 文号 cited in running text (for search and cross-references).

    Without a dictionary of 机关代字 the start of a number is the last punctuation or
    space before it, so "和清政发〔2024〕3号" yields "和清政发〔2024〕3号"; citations in
    （…） or after 、，： are found exactly.
    """
    found: list[str] = []
    if not _BRACKETED_YEAR.search(text):        # most text cites none: skip the slow scan
        return found
    for match in DOC_NO.finditer(text):
        if CLOSING[OPENING.index(match["open"])] == match["close"]:
            found.append(canonical_doc_no(match.group(0)))
    return found
