"""Typed config options that validate themselves (one class per kind of value).

Each option checks one value and returns either the clean value or a Chinese
description of what is expected; the caller turns that into a Diagnostic with
the file and line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


class OptionError(ValueError):
    """The value is unusable; the message says what is expected, in Chinese."""


@dataclass(frozen=True)
class Option:
    label: str                 # Chinese name shown in messages
    required: bool = False
    default: Any = None

    def clean(self, value: Any) -> Any:
        return value


@dataclass(frozen=True)
class Text(Option):
    pattern: str | None = None
    pattern_help: str | None = None
    single_line: bool = True

    def clean(self, value: Any) -> str:
        if not isinstance(value, str):
            raise OptionError("一段文字（用英文双引号括起来）")
        value = value.strip()
        if self.required and not value:
            raise OptionError("非空文字")
        if self.single_line and "\n" in value:
            raise OptionError("单行文字")
        if self.pattern and value and not re.fullmatch(self.pattern, value):
            raise OptionError(self.pattern_help or f"符合格式 {self.pattern}")
        return value


@dataclass(frozen=True)
class Integer(Option):
    minimum: int | None = None
    maximum: int | None = None

    def clean(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise OptionError("整数（不加引号）")
        if self.minimum is not None and value < self.minimum or (
            self.maximum is not None and value > self.maximum
        ):
            raise OptionError(f"{self.minimum} 到 {self.maximum} 之间的整数")
        return value


@dataclass(frozen=True)
class Boolean(Option):
    def clean(self, value: Any) -> bool:
        if not isinstance(value, bool):
            raise OptionError("true 或 false（不加引号）")
        return value


@dataclass(frozen=True)
class TextList(Option):
    def clean(self, value: Any) -> list[str]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise OptionError('文字列表，例如 ["甲", "乙"]')
        return [v.strip() for v in value if v.strip()]


SLUG_PATTERN = r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?"
SLUG_HELP = "小写英文字母、数字和连字符组成的文件夹名，最长 64 个字符，例如 nanan 或 czxx"


@dataclass(frozen=True)
class TermMap(Option):
    """A table of short form -> full form(s): 社保 = "社会保险" or 医保 = ["医疗保险", "医疗保障"]."""

    def clean(self, value: Any) -> dict[str, tuple[str, ...]]:
        example = '例如 社保 = "社会保险" 或 医保 = ["医疗保险", "医疗保障"]'
        if not isinstance(value, dict):
            raise OptionError(f"一个表格，每行“简称 = 全称”，{example}")
        cleaned: dict[str, tuple[str, ...]] = {}
        for key, full in value.items():
            fulls = [full] if isinstance(full, str) else full
            if not isinstance(fulls, list) or not all(isinstance(f, str) for f in fulls):
                raise OptionError(f"“{key}”的全称应为文字或文字列表，{example}")
            fulls = [f.strip() for f in fulls if f.strip()]
            short = key.strip()
            if len(short) < 2 or not fulls or any(len(f) < 2 or f == short for f in fulls):
                raise OptionError(f"“{key}”：简称和全称都至少两个字，且全称不同于简称，{example}")
            cleaned[short] = tuple(fulls)
        return cleaned
