"""The kinds of review finding: a stable code, the Chinese name staff use, whether it blocks."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    code: str              # used in JSON and accepted in a waiver's `kind`
    label: str             # what staff call it; also accepted in a waiver
    diagnostic_code: str   # Diagnostic.code
    blocking: bool
    aliases: tuple[str, ...] = ()


ID_CARD = Kind("id_card", "身份证号", "personal-id-card", True, ("身份证", "身份证号码", "公民身份号码"))
MOBILE = Kind("mobile", "手机号码", "personal-mobile", True, ("手机号", "手机", "移动电话"))
BANK_CARD = Kind("bank_card", "银行卡号", "personal-bank-card", True, ("银行卡", "卡号", "银行账号", "账号"))
SECRET_MARK = Kind("secret_mark", "密级标志", "secrecy-mark", True, ("密级", "涉密标志"))
INTERNAL_MARK = Kind("internal_mark", "内部标志", "secrecy-internal", True, ("内部资料", "不公开标志"))
WITHHELD_REFERENCE = Kind("withheld_reference", "不公开信息引用", "disclosure-withheld-reference", True,
                          ("不公开引用",))
# Not a finding about the text: a published file the scanner could not read (PDF, Word, images).
UNSCANNED = Kind("unscanned", "未能自动审查", "review-unscanned", False)

ALL = (ID_CARD, MOBILE, BANK_CARD, SECRET_MARK, INTERNAL_MARK, WITHHELD_REFERENCE)
BY_CODE = {k.code: k for k in (*ALL, UNSCANNED)}
PERSONAL = (ID_CARD, MOBILE, BANK_CARD)

# How staff keep a blocking finding they have checked: shown with each one, and in the report.
WAIVER_HINT = ("如经审核确须公开（如依法须列明的公示），在本文件 front-matter 的 review_waivers 中登记："
               "kind、match（写遮盖后的形式）、reviewer、reason")

_BY_NAME = {name: k for k in ALL for name in (k.code, k.label, *k.aliases)}


def kind_named(name: str) -> Kind | None:
    """The kind a waiver names, by code, Chinese label or a common alias."""
    return _BY_NAME.get(name.strip())


def kind_choices() -> str:
    return " · ".join(f"{k.label}（{k.code}）" for k in ALL)
