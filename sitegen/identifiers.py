"""Check characters of the codes that prefix a 索引号.

GB 11714 organisation codes (9 chars) and GB 32100 unified social credit codes
(18 chars, which embed an organisation code). A failed checksum is only ever a
warning: some early pilot codes fail it too.
"""
from __future__ import annotations

import re

ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

ORG_CODE_SHAPE = re.compile(r"^[0-9A-Z]{8}[0-9X]$")
USCC_SHAPE = re.compile(r"^[0-9A-HJ-NP-RTUWXY]{18}$")


def _org_char_value(char: str) -> int:
    # Letters count from 10 (A) upwards, as in GB 11714.
    return int(char) if char.isdigit() else ord(char) - ord("A") + 10


def org_code_check_char(body: str) -> str:
    """Check character for the first 8 characters of an organisation code."""
    total = sum(_org_char_value(c) * w for c, w in zip(body, ORG_CODE_WEIGHTS))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def uscc_check_char(body: str) -> str:
    """Check character for the first 17 characters of a credit code."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body, USCC_WEIGHTS))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def is_valid_org_code(code: str) -> bool:
    code = code.upper()
    return bool(ORG_CODE_SHAPE.match(code)) and org_code_check_char(code[:8]) == code[8]


def is_valid_uscc(code: str) -> bool:
    code = code.upper()
    if not USCC_SHAPE.match(code) or uscc_check_char(code[:17]) != code[17]:
        return False
    return is_valid_org_code(code[8:17])


def is_valid_unit_code(code: str) -> bool:
    """True when the code is a 9-char org code or an 18-char USCC with valid checks."""
    return is_valid_org_code(code) if len(code) == 9 else len(code) == 18 and is_valid_uscc(code)
