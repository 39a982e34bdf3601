"""Personal identifiers in one line of text: 身份证号, mobile numbers, bank card numbers.

Precision comes from structure, not from guessing: an 18-digit 身份证号 needs a
real province code, a real birth date and the GB 11643 check character; a bank
card needs the Luhn check *and* a word such as 卡号/账号/银行 nearby (or in its
table column's header). Every candidate needs a digit boundary on both sides,
so office landlines (0591-87654321), 400 numbers, dates, long serial numbers and
already-masked forms (138****1234) never match. 统一社会信用代码 and 索引号 are
recognised and left alone.

Province codes only, not a county list: people keep IDs whose county code was
abolished long ago, and GB/T 2260 changes every year.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable

from ..identifiers import is_valid_uscc
from . import kinds
from .masking import mask_bank_card, mask_id_card, mask_mobile

# GB/T 2260 province-level codes; 83 is used on residence permits for Taiwan residents.
PROVINCE_CODES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
    "71", "81", "82", "83",
})
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
EARLIEST_BIRTH = dt.date(1900, 1, 1)

# Full-width digits are common in real documents; map them one to one so columns stay right.
_NORMALISE = str.maketrans("０１２３４５６７８９ＸｘＡＢＣＤＥＦＧＨＪＫＬＭＮＰＱＲＴＵＷＹ",
                           "0123456789XxABCDEFGHJKLMNPQRTUWY")

_LEFT = r"(?<![0-9A-Za-z*＊])(?<!\d[.．])"
_RIGHT = r"(?![0-9A-Za-z*＊])(?![.．]\d)"
ID18 = re.compile(_LEFT + r"\d{17}[0-9Xx]" + _RIGHT)
ID15 = re.compile(_LEFT + r"\d{15}" + _RIGHT)
CARD_PLAIN = re.compile(_LEFT + r"\d{16,19}" + _RIGHT)
CARD_GROUPED = re.compile(_LEFT + r"\d{4}(?:[ \-]\d{4}){3}(?:[ \-]?\d{1,3})?" + _RIGHT)
MOBILE = re.compile(_LEFT + r"(?:[+＋]?86[ \-]?)?(?P<a>1[3-9]\d)(?P<sep>[ \-]?)(?P<b>\d{4})(?P=sep)(?P<c>\d{4})"
                    + _RIGHT)

# A 索引号 is <code>/<year>-<serial>: the code before the slash is an organisation's.
_INDEX_NO_TAIL = re.compile(r"\s*/\s*\d{4}")
_ORG_CODE_WORDS = re.compile(r"信用代码|社会信用|纳税人识别号|税号|机构代码|登记证号|注册号|索引号")
_SERIAL_WORDS = re.compile(r"注册号|执照|编号|编码|单号|流水号|订单|批次|序列号|条码|代码|账号|帐号|卡号|文号|索引号|合同号")
_ID_WORDS = re.compile(r"身份证|身份号|证件|公民身份|居民身份")
_CARD_WORDS = re.compile(r"卡号|账号|帐号|银行|账户|帐户|开户|储蓄卡|借记卡|信用卡|银联|工资卡|社保卡|一卡通|收款|代发|存折")
CARD_WINDOW_BEFORE, CARD_WINDOW_AFTER = 40, 12
SERIAL_WINDOW = 16


@dataclass(frozen=True)
class Match:
    """One identifier in a line. `value` never leaves the scanning process."""

    kind: kinds.Kind
    start: int
    end: int
    value: str          # digits (and X) only
    masked: str
    detail: str         # e.g. "18 位", "15 位旧号码"


_FULL_WIDTH = re.compile("[０-９ＸｘＡ-Ｙ]")


def normalise(text: str) -> str:
    # str.translate is slow on long texts; most documents have no full-width digit at all.
    return text.translate(_NORMALISE) if _FULL_WIDTH.search(text) else text


def id18_check_char(body17: str) -> str:
    return ID_CHECK_CHARS[sum(int(c) * w for c, w in zip(body17, ID_WEIGHTS)) % 11]


def _birth_date(year: int, month: int, day: int, today: dt.date) -> bool:
    try:
        born = dt.date(year, month, day)
    except ValueError:
        return False
    return EARLIEST_BIRTH <= born <= today


def is_valid_id18(value: str, today: dt.date | None = None) -> bool:
    value = value.upper()
    if len(value) != 18 or not value[:17].isdigit() or value[:2] not in PROVINCE_CODES:
        return False
    if not _birth_date(int(value[6:10]), int(value[10:12]), int(value[12:14]), today or dt.date.today()):
        return False
    return id18_check_char(value[:17]) == value[17]


def is_valid_id15(value: str) -> bool:
    """Pre-1999 numbers: region + YYMMDD + 3 digits, no check character."""
    if len(value) != 15 or not value.isdigit() or value[:2] not in PROVINCE_CODES:
        return False
    return _birth_date(1900 + int(value[6:8]), int(value[8:10]), int(value[10:12]), dt.date(1999, 12, 31))


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, char in enumerate(reversed(digits)):
        n = int(char)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def find_personal_data(line: str, header_at: Callable[[int], str] | None = None,
                       today: dt.date | None = None) -> list[Match]:
    """Every personal identifier in one line (already normalised), in order.

    header_at(pos) returns the column header of the table cell at pos ("" outside tables),
    which supplies context such as 银行卡号 for a card number alone in its cell.
    """
    today = today or dt.date.today()
    header_at = header_at or (lambda pos: "")
    found: list[Match] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    def claim(match: Match) -> None:
        found.append(match)
        taken.append((match.start, match.end))

    for m in ID18.finditer(line):
        value = m.group(0).upper()
        if not is_valid_id18(value, today) or _INDEX_NO_TAIL.match(line, m.end()):
            continue
        if is_valid_uscc(value) and _ORG_CODE_WORDS.search(line[max(0, m.start() - 30): m.start()]):
            continue
        claim(Match(kinds.ID_CARD, m.start(), m.end(), value, mask_id_card(value), "18 位"))
    for m in ID15.finditer(line):
        value = m.group(0)
        if not free(m.start(), m.end()) or not is_valid_id15(value):
            continue
        before = line[max(0, m.start() - SERIAL_WINDOW): m.start()]
        if _SERIAL_WORDS.search(before) and not _ID_WORDS.search(before):
            continue
        claim(Match(kinds.ID_CARD, m.start(), m.end(), value, mask_id_card(value), "15 位旧号码"))
    for pattern in (CARD_GROUPED, CARD_PLAIN):
        for m in pattern.finditer(line):
            digits = re.sub(r"\D", "", m.group(0))
            if not free(m.start(), m.end()) or not 16 <= len(digits) <= 19 or not luhn_ok(digits):
                continue
            context = line[max(0, m.start() - CARD_WINDOW_BEFORE): m.end() + CARD_WINDOW_AFTER]
            if not (_CARD_WORDS.search(context) or _CARD_WORDS.search(header_at(m.start()))):
                continue
            claim(Match(kinds.BANK_CARD, m.start(), m.end(), digits, mask_bank_card(digits),
                        f"{len(digits)} 位"))
    for m in MOBILE.finditer(line):
        if not free(m.start(), m.end()):
            continue
        digits = m.group("a") + m.group("b") + m.group("c")
        claim(Match(kinds.MOBILE, m.start(), m.end(), digits, mask_mobile(digits), "11 位"))
    return sorted(found, key=lambda f: f.start)
