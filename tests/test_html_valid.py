"""Every generated page passes the Nu Html Checker (the W3C validator's engine)."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import ROOT

VNU = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"


@pytest.mark.skipif(not VNU.is_file() or not shutil.which("java"),
                    reason="run tests/setup.sh to install the Nu Html Checker and Java")
def test_sample_site_is_valid_html(sample_site: Path) -> None:
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--skip-non-html", "--format", "json",
                             str(sample_site)], capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    problems = [f"{m.get('url', '').rsplit('/public/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
                for m in messages]
    assert problems == []
