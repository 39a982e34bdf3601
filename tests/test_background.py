"""Work run beside the build (pipeline/background.py), and the search index written that way."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitegen.cli import main
from sitegen.pipeline.background import Background, BackgroundFailed
from tests.conftest import ROOT


def test_background_work_returns_its_result() -> None:
    values = list(range(1000))
    assert Background(lambda: sum(values)).result() == sum(values)      # the data arrives by fork


def test_background_failure_carries_the_error() -> None:
    def fail() -> None:
        raise ValueError("磁盘已满")
    with pytest.raises(BackgroundFailed, match="ValueError: 磁盘已满"):
        Background(fail).result()


def test_a_background_process_that_dies_is_a_failure_not_a_hang() -> None:
    with pytest.raises(BackgroundFailed, match="exit code 3"):
        Background(lambda: os._exit(3)).result()


def test_ctrl_c_while_the_process_answers_is_a_failure_not_a_crash() -> None:
    # The answer is larger than the pipe holds, so the process is still sending it when Ctrl+C
    # reaches it: the parent must see a failure, not a torn message (OSError) or a hang.
    job = Background(lambda: b"x" * 20_000_000)
    assert job._receiver.poll(60)               # it has begun to answer
    time.sleep(0.2)
    os.kill(job._process.pid, signal.SIGINT)
    with pytest.raises(BackgroundFailed, match="exit code 130"):
        job.result()


def test_ctrl_c_during_a_build_says_so_in_chinese_and_keeps_the_last_site(project: Path) -> None:
    assert _build(project, "public") == 0
    before = _tree(project / "public")
    # A real SIGINT, delivered once the pages are about to be written, in a real process.
    script = (
        "import os, signal, sys\n"
        "import sitegen.builder as builder\n"
        "from sitegen.cli import main\n"
        "real = builder.render_pages\n"
        "def interrupted(*args, **kwargs):\n"
        "    os.kill(os.getpid(), signal.SIGINT)\n"
        "    return real(*args, **kwargs)\n"
        "builder.render_pages = interrupted\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, "build", "--quiet", "--full", "--config", str(project / "config.toml"),
         "--content", str(project / "content"), "--out", str(project / "public"),
         "--cache-dir", str(project / "cache-public")],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 130
    assert "已中断（Ctrl+C）" in result.stderr and "Traceback" not in result.stderr
    assert _tree(project / "public") == before


def test_discard_waits_for_the_work(tmp_path: Path) -> None:
    marker = tmp_path / "done"

    def work() -> None:
        import time
        time.sleep(0.3)
        marker.write_text("x")
    Background(work).discard()
    assert marker.exists()          # it ended before discard returned: nothing writes afterwards


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copy(ROOT / "config.toml", tmp_path / "config.toml")
    return tmp_path


def _build(project: Path, out: str, *extra: str) -> int:
    return main(["build", "--quiet", "--config", str(project / "config.toml"), "--content", str(project / "content"),
                 "--out", str(project / out), "--cache-dir", str(project / f"cache-{out}"), *extra])


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _index_in_background(monkeypatch: pytest.MonkeyPatch) -> None:
    """The sample site is far below the size at which the index is written in the background."""
    monkeypatch.setattr("sitegen.pipeline.search_outputs.PARALLEL_MIN_DOCS", 1)
    monkeypatch.setattr("sitegen.search.writer.PARALLEL_MIN_DOCS", 1)


def test_an_index_written_in_the_background_is_the_same_index(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _build(project, "plain", "--jobs", "1") == 0
    _index_in_background(monkeypatch)
    started: list[object] = []
    import sitegen.pipeline.search_outputs as search_outputs
    real = search_outputs.Background
    monkeypatch.setattr(search_outputs, "Background", lambda work: started.append(work) or real(work))
    assert _build(project, "background", "--jobs", "2") == 0
    assert started, "the index was not written in the background"
    plain, background = _tree(project / "plain"), _tree(project / "background")
    assert plain.keys() == background.keys()
    assert [p for p in plain if plain[p] != background[p]] == []
    assert any(p.startswith("assets/search/") for p in background)


def test_a_failed_background_index_fails_the_build_and_keeps_the_last_site(
        project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    assert _build(project, "public", "--jobs", "2", "--no-cache") == 0
    before = _tree(project / "public")
    _index_in_background(monkeypatch)

    def full_disk(*args: object, **kwargs: object) -> dict[str, str]:
        raise OSError(28, "No space left on device")
    monkeypatch.setattr("sitegen.pipeline.search_outputs.write_index_files", full_disk)
    assert _build(project, "public", "--jobs", "2", "--no-cache") == 1
    message = capsys.readouterr().err
    assert "生成失败：写检索索引时出错" in message and "No space left on device" in message
    assert _tree(project / "public") == before


def test_a_catalogue_too_large_for_two_at_once_writes_its_index_after_the_pages(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Memory: beside the render, the index's process adds its own to the build's peak.
    _index_in_background(monkeypatch)
    import sitegen.pipeline.search_outputs as search_outputs
    items = len(list((project / "content").rglob("*.md")))
    monkeypatch.setattr(search_outputs, "BACKGROUND_MAX_DOCS", items // 2)
    started: list[object] = []
    monkeypatch.setattr(search_outputs, "Background", lambda work: started.append(work))
    assert _build(project, "public", "--jobs", "2") == 0
    assert started == []
    assert (project / "public/assets/search").is_dir()
