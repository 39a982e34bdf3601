"""Waivers, review settings and the site-level checks: 索引号, 文号, timeliness, columns, sign-off."""
from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest

from sitegen.diagnostics import Report
from sitegen.review.holidays import CalendarError, load_calendar
from sitegen.review.index_numbers import serial_gaps
from sitegen.review.scan import Finding
from sitegen.review.waivers import Waiver, apply_waivers

from .conftest import run_cli

UNIT_CODE = "11330100082462814G"
CONFIG = f"""[site]
title = "审查测试目录"
site_id_code = "3301000001"

[review]
{{review}}

[[units]]
name = "清河市民政局"
code = "{UNIT_CODE}"

[[categories]]
path = "法定主动公开内容/社会救助"

[[categories]]
path = "法定主动公开内容/人事信息"
"""


def item(serial: int, body: str = "正文。", *, date: str = "2026-03-16", written: str = "2026-03-12",
         extra: str = "", index_prefix: str = UNIT_CODE, year: str = "2026") -> str:
    return (f'---\ntitle: "测试信息{serial}"\nindex_no: "{index_prefix}/{year}-{serial:05d}"\nunit: 清河市民政局\n'
            f"category: 法定主动公开内容/社会救助\ndate: {date}\nwritten_date: {written}\n{extra}---\n\n{body}\n")


def project(tmp_path: Path, items: dict[str, str], review: str = "stale_after_days = 3650") -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "config.toml").write_text(CONFIG.replace("{review}", review), encoding="utf-8")
    for name, text in items.items():
        path = tmp_path / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def check(root: Path) -> tuple[int, list[dict]]:
    result = run_cli("check", "--format", "json", cwd=root)
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout)["findings"]


def codes(findings: list[dict]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for f in findings:
        grouped.setdefault(f["code"], []).append(f)
    return grouped


WAIVER = """review_waivers:
  - kind: 手机号码
    match: "{match}"
    reviewer: 王审核
    reason: 公示须列明联系人，本人书面同意
"""


def test_a_waiver_accepts_exactly_the_named_number(tmp_path: Path) -> None:
    body = "联系人：张某，电话 13912345678。\n\n另一联系人电话 13987654321。\n"
    root = project(tmp_path, {
        "a.md": item(1, body, extra=WAIVER.format(match="139****5678")),
        "b.md": item(2, "无关内容。", extra=WAIVER.format(match="139****0000")),
    })
    status, findings = check(root)
    found = codes(findings)
    assert status == 1                                   # the second number is still blocking
    mobiles = sorted(found["personal-mobile"], key=lambda f: f["line"])
    assert [(f["severity"], f["suggestion"]) for f in mobiles] == [("info", "139****5678"), ("error", "139****4321")]
    assert mobiles[0]["waiver"] == {"reviewer": "王审核", "reason": "公示须列明联系人，本人书面同意"}
    assert mobiles[1]["waiver"] is None
    unused = found["review-waiver-unused"]
    assert [f["file"] for f in unused] == ["content/b.md"]
    build = run_cli("build", cwd=root)
    assert build.returncode == 1 and "已豁免" in build.stderr and "已豁免 1 处" in build.stderr


def test_a_waiver_covering_two_different_numbers_is_not_applied() -> None:
    def finding(line: int, tag: str) -> Finding:
        return Finding("mobile", "a.md", line, 1, "正文", "", "139****5678", "139****5678", tag)
    waiver = Waiver("mobile", "139****5678", "王审核", "理由")
    two_people = [finding(10, "aaaa"), finding(12, "bbbb")]
    outcome = apply_waivers(two_people, [waiver])
    assert outcome.accepted == {} and outcome.ambiguous == [(waiver, 2)]
    pinned = apply_waivers(two_people, [Waiver("mobile", "139****5678", "王审核", "理由", line=12)])
    assert list(pinned.accepted) == [1]
    same_person_twice = apply_waivers([finding(10, "aaaa"), finding(30, "aaaa")], [waiver])
    assert sorted(same_person_twice.accepted) == [0, 1]


def test_malformed_waiver_is_an_error_and_there_is_no_global_switch(tmp_path: Path) -> None:
    bad = "review_waivers:\n  - kind: 全部\n    match: \"*\"\n    reviewer: 某\n    reason: 省事\n"
    root = project(tmp_path, {"a.md": item(1, "电话 13912345678。", extra=bad)},
                  review="stale_after_days = 3650\nscanner = false")
    status, findings = check(root)
    found = codes(findings)
    assert status == 1
    assert "种类“全部”无法识别" in found["review-waiver-invalid"][0]["message"]
    assert found["personal-mobile"][0]["severity"] == "error"
    assert any(f["field"] == "scanner" for f in found["config-unknown-key"])


def test_reviewers_required_by_config(tmp_path: Path) -> None:
    root = project(tmp_path, {"a.md": item(1, extra="reviewed_by: 李审核\napproved_by: 赵签发\n"),
                              "b.md": item(2, extra="reviewed_by: 李审核\n")},
                   review="stale_after_days = 3650\nrequire_reviewers = true")
    status, findings = check(root)
    missing = codes(findings)["review-signoff-missing"]
    assert status == 1 and [(f["file"], f["field"]) for f in missing] == [("content/b.md", "approved_by 签发")]
    assert "field-unknown" not in codes(findings)


def test_reviewers_optional_by_default(tmp_path: Path) -> None:
    status, findings = check(project(tmp_path, {"a.md": item(1)}))
    assert status == 0 and "review-signoff-missing" not in codes(findings)


def test_late_publication_counts_working_days_with_the_holiday_calendar(tmp_path: Path) -> None:
    root = project(tmp_path, {
        # From Thu 2026-09-24: 中秋 25–27 and 国庆 1–7 off, Sat 10-10 a make-up day -> Thu 10-29 is
        # the 20th working day, Fri 10-30 the 21st.
        "on-time.md": item(1, date="2026-10-29", written="2026-09-24"),
        "late.md": item(2, date="2026-10-30", written="2026-09-24"),
    })
    status, findings = check(root)
    late = codes(findings)["timeliness-late"]
    assert status == 0 and [f["file"] for f in late] == ["content/late.md"]
    assert "用了 21 个工作日" in late[0]["message"] and late[0]["severity"] == "warning"
    assert "1 条超过 20 个工作日" in codes(findings)["timeliness-summary"][0]["message"]


def test_shipped_calendar_follows_the_state_council_notices() -> None:
    calendar = load_calendar()
    assert calendar.years >= {2023, 2024, 2025, 2026}
    assert not calendar.is_working_day(dt.date(2025, 1, 28))     # 除夕 off from 2025 on
    assert calendar.is_working_day(dt.date(2025, 2, 8))          # Saturday make-up day
    assert calendar.working_days_after(dt.date(2024, 2, 8), dt.date(2024, 2, 19)) == 3



def test_working_days_are_counted_as_one_would_by_walking_the_calendar() -> None:
    """The count by bisection over the calendar's days agrees with checking day after day,
    across holidays, make-up Saturdays and years the notices do not cover."""
    calendar = load_calendar()
    rng = random.Random(5)
    first = dt.date(2021, 12, 1)
    for _ in range(400):
        start = first + dt.timedelta(days=rng.randrange(2000))
        end = start + dt.timedelta(days=rng.randrange(-5, 200))
        walked = sum(calendar.is_working_day(start + dt.timedelta(days=n)) for n in range(1, (end - start).days + 1))
        assert calendar.working_days_after(start, end) == walked, (start, end)

def test_own_calendar_file_is_validated(tmp_path: Path) -> None:
    broken = tmp_path / "holidays.toml"
    broken.write_text('[2027]\nholidays = ["2027-02-30"]\n', encoding="utf-8")
    with pytest.raises(CalendarError, match="2027-02-30"):
        load_calendar(broken)
    root = project(tmp_path / "site", {"a.md": item(1)},
                   review='stale_after_days = 3650\nholiday_calendar = "../holidays.toml"')
    status, findings = check(root)
    assert status == 1 and codes(findings)["review-calendar-invalid"]


def test_doc_number_variants_and_duplicates_warn(tmp_path: Path) -> None:
    root = project(tmp_path, {
        "a.md": item(1, extra='doc_no: "清民发[2026]07号"\n'),
        "b.md": item(2, extra='doc_no: "清民发〔2026〕7号"\n'),
        "c.md": item(3, extra='doc_no: "清河市人民政府令第3号"\n'),
    })
    status, findings = check(root)
    found = codes(findings)
    assert status == 0
    assert [(f["file"], f["expected"].split("（")[0]) for f in found["doc-no-variant"]] == [
        ("content/a.md", "清民发〔2026〕7号")]
    assert [f["file"] for f in found["doc-no-duplicate"]] == ["content/b.md"]


def test_index_number_prefix_checksum_and_serial_gaps(tmp_path: Path) -> None:
    root = project(tmp_path, {
        "a.md": item(1), "b.md": item(4),
        "c.md": item(5, extra="disclosure: 不予公开\n"),            # withheld items use serials too
        "d.md": item(1, index_prefix="113301000824628140"),         # checksum fails, not the unit's code
    })
    status, findings = check(root)
    found = codes(findings)
    assert status == 0
    assert [f["file"] for f in found["index-no-prefix"]] == ["content/d.md"]
    assert [f["file"] for f in found["index-no-prefix-checksum"]] == ["content/d.md"]
    gaps = found["index-no-serial-gap"]
    assert len(gaps) == 1 and gaps[0]["severity"] == "info" and "缺 2 个：00002–00003" in gaps[0]["message"]


def test_serial_gaps_are_ranges() -> None:
    class Doc:
        def __init__(self, index_no: str):
            self.index_no = index_no
    docs = [Doc(f"{UNIT_CODE}/2024-{n:05d}") for n in (1, 2, 5, 9)]
    assert serial_gaps(docs) == {(UNIT_CODE, "2024"): [(3, 4), (6, 8)]}   # type: ignore[arg-type]


def test_empty_and_stale_columns(tmp_path: Path) -> None:
    root = project(tmp_path, {"a.md": item(1, date="2024-01-10", written="2024-01-09")},
                   review='stale_after_days = 90\n[review.column_stale_days]\n"法定主动公开内容/人事信息" = 0\n'
                          '"没有这个栏目" = 30')
    status, findings = check(root)
    found = codes(findings)
    assert status == 0
    assert ["法定主动公开内容/人事信息" in f["message"] for f in found["column-empty"]] == [True]
    assert ["法定主动公开内容/社会救助" in f["message"] for f in found["column-stale"]] == [True]
    assert found["config-unknown-column"]


def test_masked_forms_in_messages_from_other_checks(tmp_path: Path) -> None:
    # A value staff typed into the wrong field is echoed in the error; the number must not be.
    root = project(tmp_path, {"a.md": item(1, extra="disclosure: 13912345678\n")})
    result = run_cli("check", cwd=root)
    assert result.returncode == 1
    assert "13912345678" not in result.stderr and "139****5678" in result.stderr


def test_report_info_severity_does_not_block() -> None:
    report = Report()
    report.info("x", "f", "提示")
    assert not report.has_errors and json.loads(report.to_json())["infos"] == 1
