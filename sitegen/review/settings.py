"""The [review] table of config.toml: typed, validated, with defaults.

    [review]
    require_reviewers = false      # true: every published item needs reviewed_by and approved_by
    timeliness_limit = 20          # working days from written_date to date (条例 第二十六条)
    holiday_calendar = ""          # TOML file of holidays and make-up working days; default: the shipped one
    stale_after_days = 180         # a column whose newest item is older than this gets a warning

    [review.column_stale_days]     # per column (and its sub-columns), 0 = never stale
    "政府信息公开年报" = 400
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..config_options import Boolean, Integer, Option, OptionError, Text


@dataclass(frozen=True)
class IntegerMap(Option):
    """A table of name = whole number, e.g. column path = days."""
    minimum: int = 0
    maximum: int = 3650

    def clean(self, value: Any) -> dict[str, int]:
        if not isinstance(value, dict):
            raise OptionError('表格，例如 [review.column_stale_days] 下逐行写 "栏目路径" = 天数')
        result = {}
        for key, number in value.items():
            if isinstance(number, bool) or not isinstance(number, int) or not self.minimum <= number <= self.maximum:
                raise OptionError(f"“{key}”的值应是 {self.minimum} 到 {self.maximum} 之间的整数")
            result[key.strip()] = number
        return result


REVIEW_OPTIONS: dict[str, Option] = {
    "require_reviewers": Boolean("要求填写审核人和签发人", default=False),
    "timeliness_limit": Integer("公开时限（工作日）", default=20, minimum=1, maximum=365),
    "holiday_calendar": Text("节假日日历文件", default=""),
    "stale_after_days": Integer("栏目更新期限（天）", default=180, minimum=1, maximum=3650),
    "column_stale_days": IntegerMap("各栏目的更新期限（天）", default={}),
}


@dataclass(frozen=True)
class ReviewSettings:
    require_reviewers: bool = False
    timeliness_limit: int = 20
    holiday_calendar: str = ""
    stale_after_days: int = 180
    column_stale_days: dict[str, int] = field(default_factory=dict)
    line: int | None = None        # of [review] in config.toml, for messages
