"""Warm builds: only what changed is redone, and the result is byte-identical to a cold build."""
from __future__ import annotations

import datetime as dt
import gc
import os
import re
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A private copy of the sample project, so edits stay in the test."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copy(ROOT / "config.toml", tmp_path / "config.toml")
    return tmp_path


def build(project: Path, out: str = "public", *extra: str) -> subprocess.CompletedProcess[str]:
    return run_cli("build", "--config", project / "config.toml", "--content", project / "content",
                   "--out", project / out, "--cache-dir", project / "cache", *extra, cwd=project)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_same_as_cold(project: Path) -> None:
    cold = build(project, "cold", "--no-cache")
    assert cold.returncode == 0, cold.stderr
    warm, fresh = tree(project / "public"), tree(project / "cold")
    assert warm.keys() == fresh.keys()
    different = [path for path in warm if warm[path] != fresh[path]]
    assert not different, different[:5]
    shutil.rmtree(project / "cold")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_warm_builds_match_cold_builds_through_a_day_of_edits(project: Path, monkeypatch) -> None:
    monkeypatch.setenv("SITEGEN_TIMING", "1")       # the build says how it updated the search index
    assert build(project).returncode == 0
    content = project / "content"
    budget = content / "finance/2024/budget-2024.md"
    def add_item() -> None:
        copy = content / "finance/2024/budget-copy.md"
        shutil.copy(budget, copy)
        edit(copy, "/2024-00001", "/2024-00090")

    steps = [
        lambda: edit(budget, "主要用于学前教育", "主要用于（更新）学前教育"),                  # deep in the body
        lambda: edit(budget, "现将有关情况公开如下", "现将有关情况（更新）公开如下"),          # the summary too
        lambda: edit(budget, "title: ", "title: 更新后的"),                                   # title: lists and neighbours
        add_item,
        lambda: (content / "finance/2024/budget-copy.md").unlink(),                          # removed again
        lambda: edit(project / "config.toml", 'name = "清河市财政局"', 'name = "清河市财政局（改）"')
        or edit(budget, "unit: 清河市财政局", "unit: 清河市财政局（改）")
        or [edit(p, "unit: 清河市财政局\n", "unit: 清河市财政局（改）\n")
            for p in content.rglob("*.md") if "unit: 清河市财政局\n" in p.read_text(encoding="utf-8")],
        lambda: (content / "finance/2024/附件1-2024年市级一般公共预算支出表.csv").write_text(
            "项目,金额\n教育,1\n", encoding="utf-8"),                                          # an attachment
    ]
    search_updates, quick = [], []
    for step in steps:
        step()
        result = build(project)
        assert result.returncode == 0, result.stderr
        search_updates.append(re.search(r"\(search index (\w+)\)", result.stderr).group(1))
        quick.append(took_quick_path(result))
        assert_same_as_cold(project)
    # Edits in place patch the index; the unit renamed in the config rewrites it.
    assert search_updates[:3] == ["patched"] * 3 and search_updates[5] == "written"
    # Only the body edit can skip the catalogue: the summary and the title reach other pages.
    assert quick == [True] + [False] * 6


def took_quick_path(result: subprocess.CompletedProcess[str]) -> bool:
    """With SITEGEN_TIMING set, the build names its phases; the quick path has only one."""
    return "quick edit" in result.stderr


def test_body_edits_skip_the_catalogue_and_match_cold_builds(project: Path, monkeypatch) -> None:
    monkeypatch.setenv("SITEGEN_TIMING", "1")
    assert build(project).returncode == 0
    content = project / "content"
    measures = content / "finance/2024/special-funds-measures.md"     # has related items and neighbours
    employment = content / "city/2023/employment-measures-2023.md"
    for change, quick in [
        (lambda: edit(measures, "提高资金使用效益，我局", "提高资金使用效益（一改），我局"), True),
        (lambda: edit(employment, "给予社会保险补贴。", "给予社会保险补贴（一改）。"), True),  # another item
        (lambda: edit(measures, "提高资金使用效益（一改），我局", "提高资金使用效益，我局"), True),  # undone
        (lambda: (edit(measures, "专项资金实行目录管理。", "专项资金实行目录管理（两处）。"),      # two at once
                  edit(employment, "给予社会保险补贴（一改）。", "给予社会保险补贴。")), True),
        # This item has no summary field: its opening sentences are its summary, shown in lists.
        (lambda: edit(employment, "现提出以下措施。", "现提出以下措施（一改）。"), False),
    ]:
        change()
        result = build(project)
        assert result.returncode == 0, result.stderr
        assert took_quick_path(result) == quick and "本次写入" in result.stdout, result.stderr[-300:]
        assert_same_as_cold(project)
    # The next full build starts from what the quick builds left: the cache and records agree.
    edit(measures, "title: \"", "title: \"（修订）")
    result = build(project)
    assert result.returncode == 0 and not took_quick_path(result)
    assert_same_as_cold(project)


REPORT_TIME = re.compile(r'(<time class="generated">)([^<]*)(</time>)')


def without_time(report_html: str) -> str:
    return REPORT_TIME.sub(r"\1\3", report_html)


def test_an_unchanged_build_dates_the_last_report_anew_and_shows_the_same(project: Path) -> None:
    report = project / "public.review.html"
    assert build(project).returncode == 0
    report.write_text(REPORT_TIME.sub(r"\g<1>2000-01-01 00:00\3", report.read_text(encoding="utf-8")),
                      encoding="utf-8")
    unchanged = build(project)
    assert unchanged.returncode == 0 and "输出保持不变" in unchanged.stdout
    retimed = report.read_text(encoding="utf-8")
    assert REPORT_TIME.search(retimed).group(2).startswith(dt.date.today().isoformat())
    report.unlink()                                      # the next report is drawn afresh
    assert build(project).returncode == 0
    assert without_time(report.read_text(encoding="utf-8")) == without_time(retimed)


def test_a_quick_build_reports_what_a_full_build_reports(project: Path, monkeypatch) -> None:
    """The edited item's own findings are spliced into the last report, with their new line numbers."""
    monkeypatch.setenv("SITEGEN_TIMING", "1")
    measures = project / "content/finance/2024/special-funds-measures.md"
    text = measures.read_text(encoding="utf-8").replace("related:\n", (
        "review_waivers:\n  - kind: 手机号码\n    match: \"138****5678\"\n    reviewer: 王某某\n"
        "    reason: 依法须公示的联系电话\nrelated:\n"), 1)
    measures.write_text(text.replace("现印发给你们", "联系人手机 13812345678，现印发给你们"), encoding="utf-8")
    assert build(project).returncode == 0
    report = project / "public.review.html"

    def findings() -> str:
        return without_time(report.read_text(encoding="utf-8"))

    line_before = re.search(r"special-funds-measures\.md:(\d+)", findings()).group(1)
    edit(measures, "市级各部门、各单位", "补充一段说明。\n\n市级各部门、各单位")    # the finding moves down
    quick = build(project)
    assert quick.returncode == 0 and took_quick_path(quick), quick.stderr[-300:]
    after_quick = findings()
    assert build(project, "public", "--full").returncode == 0
    assert after_quick == findings()
    assert re.search(r"special-funds-measures\.md:(\d+)", after_quick).group(1) == str(int(line_before) + 2)
    assert_same_as_cold(project)


def test_a_body_edit_the_review_objects_to_is_stopped_as_in_a_full_build(project: Path, monkeypatch) -> None:
    monkeypatch.setenv("SITEGEN_TIMING", "1")
    assert build(project).returncode == 0
    before = tree(project / "public")
    measures = project / "content/finance/2024/special-funds-measures.md"
    edit(measures, "现印发给你们", "联系人手机 13812345678，现印发给你们")
    result = build(project)
    assert result.returncode == 1 and "手机" in result.stderr
    assert tree(project / "public") == before
    edit(measures, "联系人手机 13812345678，现印发给你们", "现印发给你们")
    result = build(project)
    assert result.returncode == 0
    assert_same_as_cold(project)


def test_a_damaged_page_store_only_costs_time(project: Path, monkeypatch) -> None:
    monkeypatch.setenv("SITEGEN_TIMING", "1")
    assert build(project).returncode == 0
    store = next((project / "cache").glob("pages-*.sqlite"))
    store.write_bytes(b"not a database" * 100)
    edit(project / "content/finance/2024/special-funds-measures.md", "现印发给你们", "现印发给你们（改）")
    result = build(project)
    assert result.returncode == 0 and not took_quick_path(result)
    assert_same_as_cold(project)
    edit(project / "content/finance/2024/special-funds-measures.md", "现印发给你们（改）", "现印发给你们")
    assert took_quick_path(build(project))        # the full build stored every page again
    assert_same_as_cold(project)


def test_an_edit_rewrites_only_the_pages_it_touches(project: Path) -> None:
    assert build(project).returncode == 0
    out = project / "public"
    untouched = out / "archive/index.html"
    before = untouched.stat().st_mtime_ns
    # A correction deep in the body: the summary and every list stay as they were.
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    edit(project / "content/finance/2024/budget-2024.md", "主要用于学前教育", "主要用于（更新）学前教育")
    result = build(project)
    assert result.returncode == 0
    changed = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()
               and mtimes.get(p) != p.stat().st_mtime_ns}
    pages = {p for p in changed if p.endswith(".html")}
    assert len(pages) == 2 and {p.removeprefix("care/") for p in pages} == {next(iter(pages)).removeprefix("care/")}
    # Besides the item's page and its 关怀版 twin, only search-index files holding its new words.
    assert all(p.startswith("assets/search/") for p in changed - pages), changed
    assert untouched.stat().st_mtime_ns == before
    assert any("（更新）" in p.read_text(encoding="utf-8") for p in out.glob("docs/2024/*.html"))


def test_a_new_item_rewrites_only_the_feeds_that_list_it(project: Path) -> None:
    """Staff add an item, the newest, nearly every day: the feeds of other units and columns stay
    as they are (only an empty feed takes the site's newest date)."""
    assert build(project).returncode == 0
    out = project / "public"
    feeds = sorted(out.rglob("feed.xml"))
    mtimes = {p: p.stat().st_mtime_ns for p in feeds}
    budget = project / "content/finance/2024/budget-2024.md"
    added = budget.with_name("budget-added.md")
    shutil.copy(budget, added)
    edit(added, "/2024-00001", "/2024-00091")
    edit(added, "date: 2024-02-05", "date: 2026-01-05")
    edit(added, "清河市2024年市级预算公开", "清河市新增预算公开事项")
    assert build(project).returncode == 0
    texts = {p: p.read_text(encoding="utf-8") for p in feeds}
    rewritten = {p for p in feeds if p.stat().st_mtime_ns != mtimes[p]}
    expected = {p for p in feeds if "清河市新增预算公开事项" in texts[p] or "<entry>" not in texts[p]}
    assert out / "feed.xml" in expected and len(expected) < len(feeds) // 2
    assert rewritten == expected
    assert_same_as_cold(project)


def test_attachments_are_copied_once_and_again_only_when_changed(project: Path) -> None:
    """A full build copies the attachments as it renders their items' pages; the next build that
    goes through the whole catalogue (an item added) copies none of them again but a changed one."""
    assert build(project).returncode == 0
    out = project / "public"
    attachments = sorted(p for p in (out / "docs").glob("*/*/*") if p.is_file())   # docs/<year>/<item>/
    assert len(attachments) >= 3
    mtimes = {p: p.stat().st_mtime_ns for p in attachments}
    budget = project / "content/finance/2024/budget-2024.md"
    added = budget.with_name("budget-added.md")
    shutil.copy(budget, added)
    edit(added, "/2024-00001", "/2024-00092")
    assert build(project).returncode == 0
    assert {p for p in attachments if p.stat().st_mtime_ns != mtimes[p]} == set()
    table = project / "content/finance/2024/附件1-2024年市级一般公共预算支出表.csv"
    table.write_text("项目,金额\n教育,2\n", encoding="utf-8")
    assert build(project).returncode == 0
    rewritten = [p for p in attachments if p.stat().st_mtime_ns != mtimes[p]]
    assert len(rewritten) == 1 and rewritten[0].read_text(encoding="utf-8") == "项目,金额\n教育,2\n"
    assert_same_as_cold(project)


def test_a_site_wide_change_replaces_the_output_folder_and_matches_a_cold_build(project: Path) -> None:
    """Every page changes: the few unchanged files join the new pages aside, and the folder is swapped."""
    assert build(project).returncode == 0
    out = project / "public"
    attachment = next(p for p in out.rglob("*.csv"))
    before_folder, before_attachment = out.stat().st_ino, attachment.read_bytes()
    edit(project / "config.toml", 'title = "清河市政府信息公开"', 'title = "清河市政府信息公开（新）"')
    (project / "content/finance/2024/budget-2024.md").unlink()
    assert build(project).returncode == 0
    assert out.stat().st_ino != before_folder
    assert attachment.read_bytes() == before_attachment          # unchanged, carried over
    assert "（新）" in (out / "index.html").read_text(encoding="utf-8")
    assert_same_as_cold(project)                                 # the removed item's pages are gone too


def test_nothing_to_do_is_recognised_and_files_removed_by_hand_come_back(project: Path) -> None:
    assert build(project).returncode == 0
    again = build(project)
    assert "均无改动" in again.stdout
    removed = project / "public/archive/index.html"
    removed.unlink()
    edit(project / "content/finance/2024/budget-2024.md", "现将有关情况公开如下", "现将情况公开如下")
    assert build(project).returncode == 0
    assert removed.exists()
    # A body edit trusts the record of the output; --full checks every file.
    removed.unlink()
    edit(project / "content/finance/2024/budget-2024.md", "主要用于学前教育", "主要用于（更新）学前教育")
    assert build(project).returncode == 0
    assert build(project, "public", "--full").returncode == 0
    assert removed.exists()
    assert_same_as_cold(project)


def test_a_changed_holiday_calendar_is_a_change(project: Path) -> None:
    """The site's own calendar is read by the 20-working-day check, so it is an input like the config."""
    shutil.copy(ROOT / "sitegen/review/data/holidays.toml", project / "holidays.toml")
    edit(project / "config.toml", '# holiday_calendar = "holidays.toml"', 'holiday_calendar = "holidays.toml"')
    assert build(project).returncode == 0
    assert "均无改动" in build(project).stdout
    with (project / "holidays.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n# 本地补充\n")
    assert "均无改动" not in build(project).stdout


def test_a_failed_warm_build_leaves_the_last_site_untouched(project: Path) -> None:
    assert build(project).returncode == 0
    before = tree(project / "public")
    edit(project / "content/finance/2024/budget-2024.md", "现将有关情况公开如下", "现将情况公开如下")
    edit(sorted((project / "content/education").rglob("*.md"))[0], "unit: ", "unit: 不存在的")
    result = build(project)
    assert result.returncode == 1 and "没有在配置文件中声明" in result.stderr
    assert tree(project / "public") == before
    assert not list(project.glob(".public.*"))


def test_deleting_the_cache_only_costs_time(project: Path) -> None:
    assert build(project).returncode == 0
    shutil.rmtree(project / "cache")
    assert build(project).returncode == 0
    assert_same_as_cold(project)


@pytest.mark.parametrize("damage", ["deleted", "garbage", "damaged pages"])
def test_a_lost_body_store_only_costs_time(project: Path, damage: str) -> None:
    """The documents index survives but the bodies it points at are gone: those files are read again."""
    assert build(project).returncode == 0
    store = next((project / "cache").glob("bodies-*.sqlite"))
    for extra in (Path(f"{store}-wal"), Path(f"{store}-shm")):
        extra.unlink(missing_ok=True)
    if damage == "deleted":
        store.unlink()
    elif damage == "garbage":
        store.write_bytes(b"not a database" * 100)
    else:                 # the header and schema page intact, the bodies' pages overwritten
        data = store.read_bytes()
        store.write_bytes(data[:4096] + b"\xff" * (len(data) - 4096))
    edit(project / "content/finance/2024/budget-2024.md", "主要用于学前教育", "主要用于（更新）学前教育")
    assert build(project, "public", "--full").returncode == 0
    assert_same_as_cold(project)


def test_cache_formats_name_the_shape_of_what_they_pickle() -> None:
    """A cache pickled when a document had other fields is read again, never loaded into the new class."""
    import dataclasses

    from sitegen.pipeline import documents, page_store, quick_edit
    from sitegen.pipeline.schema import layout
    from sitegen.structure import document

    @dataclasses.dataclass
    class Document:
        lines: dict[str, int]
    before = layout(Document)

    @dataclasses.dataclass     # noqa: F811 (the same class, changed)
    class Document:
        lines: str
    assert layout(Document) != before
    item = (document.Document, document.Attachment)
    assert documents.CACHE_FORMAT.endswith(layout(documents.SourceEntry, *item))
    assert page_store.STORE_FORMAT.endswith(layout(page_store.Page, page_store.Crumb, *item))
    assert quick_edit.RECORD_FORMAT.endswith(layout(*item))


def test_a_torn_cache_journal_only_costs_time(project: Path) -> None:
    """An edit appends its entry to the documents journal; a write cut short there is harmless."""
    assert build(project).returncode == 0
    index = next((project / "cache").glob("documents-*.pickle"))
    written = index.stat().st_mtime_ns
    budget = project / "content/finance/2024/budget-2024.md"
    edit(budget, "主要用于学前教育", "主要用于（一改）学前教育")
    assert build(project).returncode == 0
    journal = index.with_suffix(".journal")
    assert journal.stat().st_size < index.stat().st_size // 10 and index.stat().st_mtime_ns == written
    with journal.open("ab") as handle:
        handle.write(journal.read_bytes()[:40])              # the start of a record, and then nothing
    edit(budget, "主要用于（一改）学前教育", "主要用于（二改）学前教育")
    assert build(project).returncode == 0        # a quick build: it does not append to a torn journal
    edit(budget, "主要用于（二改）学前教育", "主要用于（三改）学前教育")
    assert build(project, "public", "--full").returncode == 0     # reads the index and the torn journal
    assert_same_as_cold(project)
    assert "（三改）" in "".join(p.read_text(encoding="utf-8") for p in (project / "public/docs/2024").rglob("*.html"))


def test_progress_is_shown_on_a_terminal_and_silent_otherwise(project: Path) -> None:
    quiet = build(project, "public", "--no-cache")
    assert "生成页面" not in quiet.stderr          # stderr is a pipe here: no progress line
    primary, secondary = pty.openpty()
    command = [sys.executable, str(ROOT / "build.py"), "build", "--config", str(project / "config.toml"),
               "--content", str(project / "content"), "--out", str(project / "tty"), "--no-cache"]
    process = subprocess.run(command, cwd=project, stdout=subprocess.PIPE, stderr=secondary, timeout=300)
    os.close(secondary)
    seen = b""
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(primary)
    assert process.returncode == 0
    text = seen.decode("utf-8", "replace")
    assert re.search(r"生成页面：(\d+)/\1（100%）", text), text[-500:]     # counts up to the total


def test_two_cold_builds_agree_byte_for_byte(project: Path) -> None:
    """Nothing depends on the clock, on ordering or on the number of processes."""
    assert build(project, "a", "--no-cache").returncode == 0
    assert build(project, "b", "--no-cache", "--jobs", "1").returncode == 0
    assert tree(project / "a") == tree(project / "b")


def test_a_change_to_the_tools_own_code_is_a_change(project: Path, tmp_path: Path) -> None:
    """Cached bodies, search terms and findings were made by the code: after an update (same version
    string, as from a git checkout) the next build makes them again, and matches a cold build."""
    tool = tmp_path / "tool"
    for name in ("sitegen", "themes"):
        shutil.copytree(ROOT / name, tool / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "build.py", tool / "build.py")

    def build_with_copy(out: str, *extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, str(tool / "build.py"), "build", "--config", str(project / "config.toml"),
                               "--content", str(project / "content"), "--out", str(project / out),
                               "--cache-dir", str(project / "cache"), *extra],
                              cwd=project, capture_output=True, text=True, timeout=600)

    assert build_with_copy("public").returncode == 0
    before = tree(project / "public")
    stores = sorted((project / "cache").glob("bodies-*.sqlite"))
    # An update that changes the search index: longer digit runs in bodies become searchable words.
    edit(tool / "sitegen/search/tokens.py", "MAX_BODY_DIGITS = 4", "MAX_BODY_DIGITS = 12")
    warm = build_with_copy("public")
    assert warm.returncode == 0, warm.stderr
    assert build_with_copy("cold", "--no-cache").returncode == 0
    after, cold = tree(project / "public"), tree(project / "cold")
    assert after != before          # the premise: the change shows in the output
    assert after == cold
    # The bodies and terms the old code stored are deleted, not kept beside the new ones.
    now = sorted((project / "cache").glob("bodies-*.sqlite"))
    assert len(now) == 1 and now != stores


def test_the_code_version_covers_the_installed_libraries_whose_output_is_cached() -> None:
    """An upgrade of Markdown or pypinyin changes bodies and search terms as much as a change of ours."""
    from sitegen.code_version import _LIBRARIES, library_versions
    pins = dict(re.findall(r"(?m)^([A-Za-z0-9_.-]+)==(\S+)", (ROOT / "requirements.txt").read_text(encoding="utf-8")))
    pinned = {name.lower().replace("-", "_"): version for name, version in pins.items()}
    assert _LIBRARIES <= pinned.keys()
    found = library_versions().split()
    for name in _LIBRARIES:
        assert f"{name}-{pinned[name]}.dist-info" in found


def test_a_preview_server_keeps_no_earlier_build_in_memory(project: Path) -> None:
    """`serve` builds again in one process on every save, for a working day: each build's model,
    whose objects refer to each other in cycles, must be freed once the next one is made, after a
    failed build too."""
    from sitegen.cli import make_parser
    from sitegen.commands.serve import Rebuilder
    from sitegen.preview.server import PreviewState
    from sitegen.structure.document import Document

    args = make_parser("serve").parse_args([
        "serve", "--config", str(project / "config.toml"), "--content", str(project / "content"),
        "--out", str(project / "public"), "--cache-dir", str(project / "cache")])
    state = PreviewState()
    rebuilder = Rebuilder(args, state)
    budget = project / "content/finance/2024/budget-2024.md"

    def documents_alive() -> int:
        gc.collect()
        return sum(isinstance(thing, Document) for thing in gc.get_objects())

    rebuilder.rebuild()
    assert state.error is None
    alive = documents_alive()
    for number in range(3):        # title edits: the model is made anew each time
        edit(budget, "市级预算公开", f"市级预算公开{number}")
        rebuilder.rebuild()
        assert state.error is None and gc.get_freeze_count() == 0
    edit(budget, "date: 2024-02-05", "date: 2024-02-31")
    rebuilder.rebuild()
    assert state.error is not None and gc.get_freeze_count() == 0
    assert documents_alive() <= alive
