"""Starting a site, overriding the theme, and building a real catalogue written elsewhere."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, SHARED, run_cli
from .sitecheck import check_links


def test_init_starts_from_standard_columns_and_builds(tmp_path: Path) -> None:
    result = run_cli("init", "--unit", "南安镇人民政府", "--code", "11330102432319488N", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    config = (tmp_path / "config.toml").read_text(encoding="utf-8")
    for column in ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报"):
        assert f'path = "{column}"' in config
    assert run_cli("init", cwd=tmp_path).returncode == 1          # never overwrites
    built = run_cli("build", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "public/columns/zfxxgkzn/index.html").is_file()


def test_site_theme_overrides_one_template_and_reads_unknown_keys(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    config = (ROOT / "config.toml").read_text(encoding="utf-8")
    config = config.replace('# theme_dir = "mytheme"', 'theme_dir = "mytheme"')
    (tmp_path / "config.toml").write_text(config, encoding="utf-8")
    templates = tmp_path / "mytheme/templates"
    templates.mkdir(parents=True)
    original = (ROOT / "themes/default/templates/document.html").read_text(encoding="utf-8")
    (templates / "document.html").write_text(original.replace(
        '<div class="doc-body"',
        '{% if doc.extra.contact %}<p class="contact">联系方式：{{ doc.extra.contact }}</p>{% endif %}'
        '<div class="doc-body"'), encoding="utf-8")
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    pages = [p.read_text(encoding="utf-8") for p in (tmp_path / "public/docs").glob("*/*.html")]
    with_contact = [p for p in pages if 'class="contact"' in p]
    assert len(with_contact) == 1 and "柳林镇党政办 0571-8821 6600" in with_contact[0]
    # The override serves the 关怀版 twin too: one template set for both editions.
    care_pages = [p.read_text(encoding="utf-8") for p in (tmp_path / "public/care/docs").glob("*/*.html")]
    assert len([p for p in care_pages if "柳林镇党政办 0571-8821 6600" in p]) == 1
    assert (tmp_path / "public/assets/css/site.css").is_file()    # the rest still comes from the default


REAL = SHARED / "corpus" / "real"


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/corpus/real is not beside the project")
def test_real_catalogue_of_1000_plus_documents_builds(tmp_path: Path) -> None:
    prepared = tmp_path / "real"
    prep = subprocess.run([sys.executable, str(ROOT / "bench/prepare_real_corpus.py"), str(prepared)],
                          capture_output=True, text=True, timeout=300)
    assert prep.returncode == 0, prep.stderr
    result = run_cli("build", cwd=prepared)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "错误" not in result.stderr
    documents = list((prepared / "public/docs").glob("*/*.html"))
    assert len(documents) >= 1000
    problems, _ = check_links(prepared / "public")
    assert problems.broken == [] and problems.root_relative == [] and problems.network_fetches == []


def test_broken_site_template_is_reported_and_old_site_kept(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    config = (ROOT / "config.toml").read_text(encoding="utf-8")
    (tmp_path / "config.toml").write_text(config.replace('# theme_dir = "mytheme"', 'theme_dir = "mytheme"'),
                                          encoding="utf-8")
    assert run_cli("build", cwd=tmp_path).returncode == 0
    home = (tmp_path / "public/index.html").read_bytes()
    templates = tmp_path / "mytheme/templates"
    templates.mkdir(parents=True)
    (templates / "404.html").write_text('{% extends "base.html" %}\n{% block main %}\n{% if %}\n{% endblock %}\n',
                                        encoding="utf-8")
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 1
    assert "模板出错" in result.stderr and "404.html:3" in result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "public/index.html").read_bytes() == home
