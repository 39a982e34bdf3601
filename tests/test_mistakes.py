"""A content tree with many different mistakes: all reported at once, and nothing lost."""
from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

from .conftest import ROOT, run_cli

FIXTURE = ROOT / "tests/fixtures/mistakes"

# (file, line, words the message must contain) — one per planted mistake.
EXPECTED = [
    ("bad/01-missing-title.md", None, "缺少必填字段 title"),
    ("bad/02-date-format.md", 6, "日期“2024/02/01”格式不对"),
    ("bad/03-date-nonexistent.md", 6, "日期“2023-02-30”不存在"),
    ("bad/04-unit-typo.md", 4, "您是不是要写“测试县财政局”"),
    ("bad/05-category-typo.md", 5, "您是不是要写“法定主动公开内容/财政信息/预决算”"),
    ("bad/06-index-no-format.md", 3, "不符合国家规定的格式"),
    ("good/guide.md", 3, "bad/07-index-no-duplicate.md"),
    ("bad/08-written-after-date.md", 7, "晚于发布日期"),
    ("bad/09-disclosure-value.md", 7, "取值“公开”不在允许范围内"),
    ("bad/10-attachment-missing.md", 7, "附件“2024年预算表.xlsx”不存在"),
    ("bad/11-related-unknown.md", 7, "2024-09999”不存在"),
    ("bad/12-related-withheld.md", 7, "不是主动公开的信息"),
    ("bad/13-full-width-colon.md", 2, "中文冒号"),
    ("bad/14-no-front-matter.md", 1, "没有 front-matter"),
    ("bad/15-abolished-but-valid.md", 8, "有效性不是“失效”或“废止”"),
    ("bad/16-image-missing.md", 10, "“images/location.png”不存在"),
]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "site")
    return tmp_path / "site"


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_mistake_reported_in_one_run_and_old_site_kept(project: Path) -> None:
    bad = project / "content/bad"
    parked = project / "parked"
    shutil.move(bad, parked)
    first = run_cli("build", cwd=project)
    assert first.returncode == 0, first.stderr
    before = snapshot(project / "public")
    assert "index.html" in before

    shutil.move(parked, bad)
    second = run_cli("build", cwd=project)
    assert second.returncode == 1
    blocks = re.split(r"\n(?=\S)", second.stderr)     # one finding per block, details indented
    for file, line, words in EXPECTED:
        where = f"content/{file}:{line}: " if line else f"content/{file}: "
        assert any(b.startswith(where) and words in b for b in blocks), (file, line, words)
    assert "16 个错误" in second.stderr
    assert "未做任何改动" in second.stderr
    assert snapshot(project / "public") == before
    assert not any(p.name.startswith(".public.") for p in project.iterdir())


def test_check_writes_nothing_and_reports_json(project: Path) -> None:
    result = run_cli("check", "--format", "json", cwd=project)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["errors"] == len(EXPECTED)
    assert {f["code"] for f in report["findings"]} >= {
        "field-missing", "unknown-unit", "unknown-category", "index-no-format", "index-no-duplicate",
        "related-unknown", "related-not-public", "front-matter-syntax", "front-matter-missing",
        "attachment-missing", "body-file-missing"}
    assert not (project / "public").exists()


def test_refuses_to_overwrite_a_folder_it_did_not_make(project: Path) -> None:
    shutil.rmtree(project / "content/bad")
    precious = project / "public/notes.txt"
    precious.parent.mkdir()
    precious.write_text("不要删除", encoding="utf-8")
    result = run_cli("build", cwd=project)
    assert result.returncode == 1
    assert "不是本工具生成的" in result.stderr
    assert precious.read_text(encoding="utf-8") == "不要删除"


def test_usage_error_exits_2(project: Path) -> None:
    assert run_cli("build", "--jobs", "many", cwd=project).returncode == 2
