"""Working days under the State Council holiday notices: weekends, holidays, make-up working days."""
from __future__ import annotations

import bisect
import datetime as dt
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

SHIPPED = Path(__file__).with_name("data") / "holidays.toml"
_FORMAT = '每年一个表，例如 [2025] 下写 holidays = ["2025-10-01..2025-10-08"] 和 workdays = ["2025-09-28"]'


class CalendarError(ValueError):
    """The calendar file is unusable; the message says why, in Chinese."""


@dataclass(frozen=True)
class HolidayCalendar:
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]      # weekend days that are working days (调休上班)
    years: frozenset[int]             # years the notices cover
    sources: tuple[str, ...] = ()
    # The days that change a weekday count, in order: holidays on weekdays, working weekend days.
    # Counting them by bisection, a catalogue's 100,000 items are measured in a fraction of a second.
    _weekday_holidays: list[dt.date] = field(init=False, repr=False, compare=False)
    _weekend_workdays: list[dt.date] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_weekday_holidays", sorted(d for d in self.holidays if d.weekday() < 5))
        object.__setattr__(self, "_weekend_workdays", sorted(d for d in self.workdays if d.weekday() >= 5))

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def working_days_after(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]: the day the information was formed does not count."""
        if end <= start:
            return 0
        return (_weekdays_after(start, end) - _count_within(self._weekday_holidays, start, end)
                + _count_within(self._weekend_workdays, start, end))

    def uncovered_years(self, start: dt.date, end: dt.date) -> list[int]:
        return [y for y in range(start.year, end.year + 1) if y not in self.years]


def _count_within(days: list[dt.date], start: dt.date, end: dt.date) -> int:
    """How many of the sorted days fall in (start, end]."""
    return bisect.bisect_right(days, end) - bisect.bisect_right(days, start)


def _weekdays_after(start: dt.date, end: dt.date) -> int:
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for offset in range(1, rest + 1):
        if (start + dt.timedelta(days=weeks * 7 + offset)).weekday() < 5:
            count += 1
    return count


def _days(text: str, where: str) -> list[dt.date]:
    try:
        if ".." in text:
            first, last = (dt.date.fromisoformat(p.strip()) for p in text.split("..", 1))
            if last < first:
                raise CalendarError(f"{where}的日期范围“{text}”首尾颠倒")
            return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
        return [dt.date.fromisoformat(text.strip())]
    except ValueError as exc:
        if isinstance(exc, CalendarError):
            raise
        raise CalendarError(f"{where}的“{text}”不是 YYYY-MM-DD 日期或 YYYY-MM-DD..YYYY-MM-DD 范围") from exc


def load_calendar(path: Path = SHIPPED) -> HolidayCalendar:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise CalendarError("找不到节假日日历文件") from exc
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CalendarError(f"节假日日历不是合法的 UTF-8 TOML 文件：{exc}") from exc
    holidays: set[dt.date] = set()
    workdays: set[dt.date] = set()
    years: set[int] = set()
    sources = []
    for key, table in data.items():
        if not (key.isdigit() and len(key) == 4 and isinstance(table, dict)):
            raise CalendarError(f"“{key}”不是年份表格；{_FORMAT}")
        years.add(int(key))
        for name, target in (("holidays", holidays), ("workdays", workdays)):
            values = table.get(name, [])
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                raise CalendarError(f"[{key}] 的 {name} 应是日期文字的列表；{_FORMAT}")
            for value in values:
                target.update(_days(value, f"[{key}] {name} "))
        if isinstance(table.get("source"), str):
            sources.append(table["source"])
    both = holidays & workdays
    if both:
        raise CalendarError(f"{min(both)} 既写在 holidays 又写在 workdays 中")
    return HolidayCalendar(frozenset(holidays), frozenset(workdays), frozenset(years), tuple(sources))
