"""Front-matter with line numbers, every scalar kept exactly as written.

YAML 1.1 would turn `date: 2021-03-01` into a date and `doc_no: 012` into 10;
a 文号 or 索引号 must never change, so every scalar stays a string and the
field rules decide what it means.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import frontmatter
import yaml

from .simple_yaml import read_simple

_Loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


_FULL_WIDTH_COLON_KEY = re.compile(r"^\s*[A-Za-z_][A-Za-z0-9_]*\s*：")

# libyaml speaks English; staff get the likely cause in Chinese, the original after it.
_YAML_PROBLEMS = {
    "mapping values are not allowed": "值里含有“: ”，请把整个值用英文双引号括起来",
    "found character that cannot start any token": "这一行有 YAML 不接受的字符（常见原因：用了 Tab 缩进，或值以 @、` 开头），请改用空格缩进或给值加英文双引号",
    "could not find expected ':'": "缺少英文冒号“: ”，或上一行的引号没有闭合",
    "did not find expected key": "缩进不一致，同一级的字段要左对齐",
    "found unexpected end of stream": "引号或括号没有闭合",
    "did not find expected '-' indicator": "列表的缩进不一致",
    "found undefined alias": "值以 * 开头时请加英文双引号",
    "found unknown escape character": "双引号里的反斜杠 \\ 需要写成 \\\\，或改用单引号",
}


def _explain(problem: str) -> str:
    for needle, advice in _YAML_PROBLEMS.items():
        if needle in problem:
            return f"{advice}（{problem}）"
    return problem


class FrontMatterError(ValueError):
    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


@dataclass
class FrontMatter:
    values: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)   # key -> line in the file (1-based)
    present: bool = True


class _CapturingHandler(frontmatter.YAMLHandler):
    """python-frontmatter does the splitting; we keep the raw text for line numbers."""

    def __init__(self) -> None:
        super().__init__()
        self.raw: str | None = None

    def load(self, fm: str, **kwargs: object) -> dict[str, Any]:
        self.raw = fm
        return {}


def _to_python(node: yaml.Node, line_offset: int) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, line_offset) for item in node.value]
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _to_python(key_node, line_offset)
            if not isinstance(key, str):
                raise FrontMatterError("字段名必须是文字", key_node.start_mark.line + line_offset)
            result[key] = _to_python(value_node, line_offset)
        return result
    raise FrontMatterError("无法识别的 YAML 结构", node.start_mark.line + line_offset)


def parse_document(text: str) -> tuple[FrontMatter, str, int]:
    """Split a Markdown file into front-matter and body.

    Returns (front-matter, body, line number where the body starts).
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    leading = len(text) - len(text.lstrip())
    leading_lines = text[:leading].count("\n")
    handler = _CapturingHandler()
    if not handler.detect(text.strip()):
        return FrontMatter(present=False), text, 1
    try:
        _, body = frontmatter.parse(text, handler=handler)
    except ValueError as exc:
        raise FrontMatterError("front-matter 没有结束：缺少第二行 ---", 1) from exc
    raw = handler.raw or ""
    stripped = text.strip()
    start = stripped.find(raw, 3) if raw else stripped.find("\n", 3) + 1
    offset = leading_lines + stripped[:start].count("\n")   # lines before the first YAML line
    body_start = offset + raw.count("\n") + 2
    if body and raw:
        # python-frontmatter strips the blank lines that usually follow the closing ---.
        at = text.find(body, text.find(raw) + len(raw))
        if at >= 0:
            body_start = text.count("\n", 0, at) + 1

    for number, line_text in enumerate(raw.splitlines(), offset + 1):
        if _FULL_WIDTH_COLON_KEY.match(line_text):
            raise FrontMatterError("字段名后用了中文冒号“：”，应为英文冒号加空格“: ”", number)
    simple = read_simple(raw)
    if simple is not None:          # the usual front-matter, read as YAML reads it (simple_yaml.py)
        values, key_lines = simple
        return FrontMatter(values, {key: line + offset + 1 for key, line in key_lines.items()}), body, body_start
    try:
        node = yaml.compose(raw, Loader=_Loader) if raw.strip() else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + offset + 1 if mark else None
        raise FrontMatterError(f"front-matter 的 YAML 写法有误：{_explain(exc.problem or str(exc))}", line) from exc
    except yaml.reader.ReaderError as exc:       # a control character, often pasted from a word processor
        # (libyaml's position counts bytes of UTF-8, not characters: find the character itself.)
        at = raw.find(chr(exc.character)) if isinstance(exc.character, int) else -1
        line = raw.count("\n", 0, at) + offset + 1 if at >= 0 else None
        raise FrontMatterError(f"front-matter 里有不可见的控制字符（U+{exc.character:04X}），YAML 不接受",
                               line) from exc
    if node is None:
        return FrontMatter(), body, body_start
    if not isinstance(node, yaml.MappingNode):
        raise FrontMatterError("front-matter 应是“字段: 值”的列表", node.start_mark.line + offset + 1)

    result = FrontMatter()
    for key_node, value_node in node.value:
        key = _to_python(key_node, offset + 1)
        line = key_node.start_mark.line + offset + 1
        if not isinstance(key, str):
            raise FrontMatterError("字段名必须是文字", line)
        if key in result.values:
            raise FrontMatterError(f"字段“{key}”写了两次（第 {result.lines[key]} 行和第 {line} 行）", line)
        result.values[key] = _to_python(value_node, offset + 1)
        result.lines[key] = line
    return result, body, body_start
