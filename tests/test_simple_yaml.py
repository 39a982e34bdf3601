"""The front-matter fast path (content/simple_yaml.py) reads exactly what libyaml reads, or declines."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

import sitegen.content.frontmatter_yaml as frontmatter_yaml
from sitegen.content.frontmatter_yaml import FrontMatterError, parse_document
from sitegen.content.simple_yaml import read_simple
from tests.conftest import ROOT


def _reading(text: str, fast: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[object, ...]:
    with monkeypatch.context() as patch:
        if not fast:
            patch.setattr(frontmatter_yaml, "read_simple", lambda raw: None)
        try:
            fm, body, body_line = parse_document(text)
        except FrontMatterError as exc:
            return "error", str(exc), exc.line
        return "ok", fm.values, fm.lines, fm.present, body, body_line


def _assert_same(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _reading(text, True, monkeypatch) == _reading(text, False, monkeypatch), text


def test_every_sample_and_fixture_file_reads_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    files = sorted((ROOT / "content").rglob("*.md")) + sorted((ROOT / "tests").rglob("*.md"))
    assert len(files) > 50
    for path in files:
        _assert_same(path.read_text(encoding="utf-8").replace("\r\n", "\n"), monkeypatch)


# Values that YAML reads in surprising ways, or not at all: each must be declined or read alike.
_TRICKY_VALUES = [
    "关于河长制工作有关事项的公告", "\"关于“河长制”的公告\"", "'单引号'", "'it''s'", "\"a\\tb\"", "\"未闭合",
    "2019-01-06", "012", "yes", "null", "~", "[河长制, 其他]", "[]", "[ a ,b ]", "[a, , b]", "[a, b,]",
    "[\"a, b\", c]", "['x', \"y\"]", "[[a]]", "[a]b]", "{a: b}", "a: b", "a:b", "10:30", "值 # 注释", "#标签",
    "a#b", "- 列表", "-5", "? 问", "&锚 值", "*别名", "!标签 值", "| 块", "> 折叠", "%指令", "@保留", "`反引号`",
    "  前后有空格  ", "内\u3000全角空格\u3000", "含\t制表符", "含,逗号", "含[方括号]", "清政发〔2022〕7号", "",
    "a\u2028b", "a\x85b", "a\x07b", "\ufeffBOM", "'a' b", "\"a\" # c", "value:", "https://www.gov.cn/x.html",
]
_TRICKY_LINES = ["", "   ", "# 注释", "  indented: 1", "- item", "---", "...", "title : x", "title:x", "2key: v",
                 "title：全角冒号", "key:", "key: ", "list:\n  - a\n  - b", "map:\n  a: b", "title: x\ntitle: y"]


def test_tricky_front_matter_reads_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(20261207)
    for value in _TRICKY_VALUES:
        _assert_same(f"---\ntitle: {value}\nunit: 南安镇\n---\n正文\n", monkeypatch)
    for _ in range(600):
        lines = []
        for key in rng.sample(["title", "unit", "category", "date", "keywords", "doc_no", "x_y"], rng.randint(1, 5)):
            lines.append(rng.choice(_TRICKY_LINES) if rng.random() < 0.2 else f"{key}: {rng.choice(_TRICKY_VALUES)}")
        _assert_same("---\n" + "\n".join(lines) + "\n---\n\n正文第一段。\n", monkeypatch)


def test_the_usual_front_matter_takes_the_fast_path() -> None:
    raw = ('title: "关于河长制工作有关事项的公告"\nindex_no: "113301535426262943/2019-00001"\nunit: 江北区人民政府\n'
           "date: 2019-01-06\nkeywords: [河长制, 其他]\nsummary: '内容概述'\n")
    assert read_simple(raw) == (
        {"title": "关于河长制工作有关事项的公告", "index_no": "113301535426262943/2019-00001", "unit": "江北区人民政府",
         "date": "2019-01-06", "keywords": ["河长制", "其他"], "summary": "内容概述"},
        {"title": 0, "index_no": 1, "unit": 2, "date": 3, "keywords": 4, "summary": 5})


def test_what_needs_yaml_is_declined() -> None:
    for raw in ("title: a # 注释\n", "title: a: b\n", "keywords:\n  - a\n", "title: \"a\\nb\"\n", "title: x\ntitle: y\n",
                "title: [a, b\n", "title:\tx\n"):
        assert read_simple(raw) is None, raw


def test_a_control_character_is_a_clear_error_not_a_crash() -> None:
    with pytest.raises(FrontMatterError, match="控制字符（U\\+0007）") as caught:
        parse_document("---\ntitle: 通知\nunit: 南安\x07镇\n---\n正文\n")
    assert caught.value.line == 3
