"""Nothing secret or non-public reaches the output: a 密级 mark blocks the build with the old site
kept byte for byte, and withheld items leave no trace in any output file."""
from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import ROOT, run_cli
from .test_html_valid import VNU
from .test_mistakes import snapshot
from .test_sample_site import all_items, is_public

CONTENT = ROOT / "content"


def copy_sample(tmp_path: Path) -> Path:
    shutil.copytree(CONTENT, tmp_path / "content")
    shutil.copy(ROOT / "config.toml", tmp_path / "config.toml")
    return tmp_path


def test_planted_secret_mark_blocks_build_and_keeps_old_output(tmp_path: Path) -> None:
    project = copy_sample(tmp_path)
    assert run_cli("build", cwd=project).returncode == 0
    before = snapshot(project / "public")
    target = project / "content/finance/2024/budget-2024.md"
    lines = target.read_text(encoding="utf-8").split("\n")
    body_start = lines.index("---", 1) + 1
    lines.insert(body_start + 1, "秘密★1年")
    target.write_text("\n".join(lines), encoding="utf-8")

    result = run_cli("build", cwd=project)
    assert result.returncode == 1
    where = f"content/finance/2024/budget-2024.md:{body_start + 2}:1: 错误〔正文〕"
    assert where in result.stderr and "密级标志“秘密★1年”" in result.stderr
    assert "未做任何改动" in result.stderr
    assert snapshot(project / "public") == before
    assert not any(p.name.startswith(".public.") for p in project.iterdir())
    report = (project / "public.review.html").read_text(encoding="utf-8")
    assert "存在阻止发布的问题" in report and "秘密★1年" in report
    assert not (project / "public" / "public.review.html").exists()

    check = run_cli("check", "--format", "json", cwd=project)
    assert check.returncode == 1
    finding = next(f for f in json.loads(check.stdout)["findings"] if f["code"] == "secrecy-mark")
    assert (finding["kind"], finding["line"], finding["column"]) == ("密级标志", body_start + 2, 1)


def test_internal_header_in_a_text_attachment_blocks_too(tmp_path: Path) -> None:
    project = copy_sample(tmp_path)
    attachment = project / "content/education/2023/附件2-报名登记表.txt"
    attachment.write_text("内部资料　注意保存\n" + attachment.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli("check", cwd=project)
    assert result.returncode == 1
    assert "content/education/2023/附件2-报名登记表.txt:1:1: 错误〔附件〕" in result.stderr


def _distinct_sentences(text: str, public_text: str) -> list[str]:
    parts = re.split(r"[。；！？\n]|\s{2,}", text)
    return [p.strip() for p in parts if len(p.strip()) >= 10 and p.strip() not in public_text]


def _forms(needle: str) -> set[bytes]:
    """The needle as raw UTF-8, HTML-escaped and JSON-escaped (as a search index might store it)."""
    forms = {needle, html.escape(needle), json.dumps(needle)[1:-1], json.dumps(needle, ensure_ascii=False)[1:-1],
             needle.replace("/", "\\/")}
    return {f.encode("utf-8") for f in forms}


def test_withheld_items_leave_no_trace_in_any_output_file(sample_site: Path) -> None:
    items = all_items()
    withheld = [(p, fm) for p, fm in items if not is_public(fm)]
    # 依申请公开, 不予公开 and the drafts of the sample (each carries UNPUBLISHED-SAMPLE-MARKER)
    assert len(withheld) >= 3
    public_text = "\n".join(p.read_text(encoding="utf-8") for p, fm in items if is_public(fm))
    needles: set[bytes] = set()
    for path, fm in withheld:
        body = path.read_text(encoding="utf-8").split("---", 2)[2]
        sentences = _distinct_sentences(body, public_text)
        assert len(sentences) >= 3, path
        slug = fm["index_no"].lower().replace("/", "-")
        for needle in [fm["title"], fm["index_no"], fm["index_no"].lower(), slug, *sentences]:
            needles |= _forms(needle)
    files = [p for p in sample_site.rglob("*") if p.is_file()]
    assert len(files) > 100
    for path in files:
        data = path.read_bytes()
        leaked = [n.decode() for n in needles if n in data]
        assert leaked == [], (path, leaked[:3])
    for _, fm in withheld:
        assert not list(sample_site.glob(f"docs/*/{fm['index_no'].lower().replace('/', '-')}*"))


def test_review_report_is_written_beside_the_output_never_inside(sample_site: Path) -> None:
    report = sample_site.parent / f"{sample_site.name}.review.html"
    assert report.is_file()
    assert not list(sample_site.rglob("*.review.html"))
    text = report.read_text(encoding="utf-8")
    assert "未发现阻止发布的问题" in text and "无法自动审查" in text
    inside = run_cli("check", "--report", sample_site / "r.html", "--out", sample_site)
    assert inside.returncode == 2 and "不能写在输出目录" in inside.stderr


def test_public_item_naming_a_withheld_item_is_an_error(tmp_path: Path) -> None:
    project = copy_sample(tmp_path)
    target = project / "content/city/2025/public-data-measures.md"
    target.write_text(target.read_text(encoding="utf-8") +
                      "\n另见东城区对信访事项的答复（索引号 11330102518190937Y/2024-00002）。\n", encoding="utf-8")
    result = run_cli("check", "--format", "json", cwd=project)
    assert result.returncode == 1
    finding = next(f for f in json.loads(result.stdout)["findings"]
                   if f["code"] == "disclosure-withheld-reference")
    assert finding["file"] == "content/city/2025/public-data-measures.md"
    assert "依申请公开" in finding["message"] and finding["field"] == "正文"


def test_public_item_linking_a_withheld_file_is_an_error_not_a_dead_link(tmp_path: Path) -> None:
    project = copy_sample(tmp_path)
    target = project / "content/civil-affairs/2024/temporary-assistance-guide.md"
    target.write_text(target.read_text(encoding="utf-8") +
                      "\n详见[处理意见](../../dongcheng/2024/petition-reply.md#二)。\n", encoding="utf-8")
    result = run_cli("build", cwd=project)
    assert result.returncode == 1
    line = len(target.read_text(encoding="utf-8").rstrip("\n").split("\n"))
    assert f"content/civil-affairs/2024/temporary-assistance-guide.md:{line}: 错误〔正文〕" in result.stderr
    assert "链接到不公开的信息（依申请公开）" in result.stderr
    assert not (project / "public").exists()


@pytest.mark.skipif(not VNU.is_file() or not shutil.which("java"),
                    reason="run tests/setup.sh to install the Nu Html Checker and Java")
def test_review_report_is_valid_html(sample_site: Path, tmp_path: Path) -> None:
    blocked = copy_sample(tmp_path)
    target = blocked / "content/finance/2024/budget-2024.md"
    target.write_text(target.read_text(encoding="utf-8") + "\n内部资料\n\n联系人手机 13912345678\n", encoding="utf-8")
    assert run_cli("build", cwd=blocked).returncode == 1
    reports = [sample_site.parent / f"{sample_site.name}.review.html", blocked / "public.review.html"]
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, reports)],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    assert [m["message"] for m in messages] == []


def test_warm_cache_still_catches_a_number_added_to_an_attachment(tmp_path: Path) -> None:
    project = copy_sample(tmp_path)
    assert run_cli("build", cwd=project).returncode == 0
    before = snapshot(project / "public")
    assert run_cli("build", cwd=project).returncode == 0          # warm: nothing reread
    csv = project / "content/finance/2024/附件1-2024年市级一般公共预算支出表.csv"
    csv.write_text(csv.read_text(encoding="utf-8") + "联系人,13912345678\n", encoding="utf-8")
    result = run_cli("build", cwd=project)
    assert result.returncode == 1
    assert "content/finance/2024/附件1-2024年市级一般公共预算支出表.csv:" in result.stderr
    assert "139****5678" in result.stderr and "13912345678" not in result.stderr
    assert snapshot(project / "public") == before
    csv.write_text(csv.read_text(encoding="utf-8").replace("13912345678", "139****5678"), encoding="utf-8")
    assert run_cli("build", cwd=project).returncode == 0
