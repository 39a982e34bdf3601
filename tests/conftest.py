from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def run_cli(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """The real command line, as staff run it."""
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample catalogue, built once per test session."""
    out = tmp_path_factory.mktemp("sample") / "public"
    result = run_cli("build", "--out", out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright (tests/chromium.py), one per test module."""
    sync_api = pytest.importorskip("playwright.sync_api")
    from tests.chromium import launch
    with sync_api.sync_playwright() as playwright:
        instance = launch(playwright)
        yield instance
        instance.close()
