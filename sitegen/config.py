"""config.toml: site identity, the unit tree and the column tree.

Validated in full before anything is built; every problem is reported with the
line of the table it belongs to.
"""
from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from .config_options import (
    SLUG_HELP, SLUG_PATTERN, Integer, Option, OptionError, TermMap, Text, TextList,
)
from .diagnostics import Report
from .review.settings import REVIEW_OPTIONS, ReviewSettings

SITE_OPTIONS: dict[str, Option] = {
    "title": Text("网站名称 SiteName", required=True),
    "site_id_code": Text(
        "网站标识码 SiteIDCode", required=True, pattern=r"\d{10}|bm\d{8}",
        pattern_help="10 位网站标识码：6 位行政区划代码 + 4 位数字（如 3301000001），或部门网站 bm + 8 位数字",
    ),
    "domain": Text("网站域名 SiteDomain", default=""),
    "description": Text("网站简介", default=""),
    "base_url": Text(
        "网站地址", default="", pattern=r"https?://\S+",
        pattern_help="以 http:// 或 https:// 开头的完整地址",
    ),
    "page_size": Integer("每页条数", default=20, minimum=5, maximum=500),
    "latest_count": Integer("首页最新信息条数", default=10, minimum=0, maximum=100),
    "theme_dir": Text("自定义主题文件夹", default=""),
    "language": Text("界面语言", default="zh-CN", pattern=r"zh-CN",
                      pattern_help="目前提供的界面语言：zh-CN"),
    "footer": Text("页脚文字", default="", single_line=False),
}
UNIT_OPTIONS: dict[str, Option] = {
    "name": Text("机构名称", required=True),
    "code": Text(
        "索引号前段码", required=True, pattern=r"[0-9A-Za-z]{6,20}",
        pattern_help="组织机构代码（9 位）或统一社会信用代码（18 位），只含字母和数字",
    ),
    "parent": Text("上级机构", default=""),
    "slug": Text("文件夹名", default="", pattern=SLUG_PATTERN, pattern_help=SLUG_HELP),
    "order": Integer("排列顺序", default=None, minimum=-10**6, maximum=10**6),
    "former_codes": TextList("曾用前段码", default=[]),
    "description": Text("机构简介", default="", single_line=False),
}
CATEGORY_OPTIONS: dict[str, Option] = {
    "path": Text("栏目路径", required=True, pattern=r"[^/\s](?:[^/]*[^/\s])?(?:/[^/\s](?:[^/]*[^/\s])?)*",
                 pattern_help="用 / 分隔的栏目名称，例如 法定主动公开内容/财政信息/预决算"),
    "slug": Text("文件夹名", default="", pattern=SLUG_PATTERN, pattern_help=SLUG_HELP),
    "description": Text("栏目说明", default="", single_line=False),
}
SEARCH_OPTIONS: dict[str, Option] = {
    "abbreviations": TermMap("检索简称表", default={}),
}
KNOWN_TABLES = {"site", "units", "categories", "review", "search"}


@dataclass(frozen=True)
class UnitSpec:
    name: str
    code: str
    parent: str
    slug: str
    order: int | None
    former_codes: tuple[str, ...]
    description: str
    line: int | None


@dataclass(frozen=True)
class CategorySpec:
    path: str
    slug: str
    description: str
    line: int | None


@dataclass
class SiteConfig:
    path: Path
    title: str
    site_id_code: str
    domain: str = ""
    description: str = ""
    base_url: str = ""
    page_size: int = 20
    latest_count: int = 10
    theme_dir: str = ""
    language: str = "zh-CN"
    footer: str = ""
    units: list[UnitSpec] = field(default_factory=list)
    categories: list[CategorySpec] = field(default_factory=list)
    review: ReviewSettings = field(default_factory=ReviewSettings)
    raw: dict[str, Any] = field(default_factory=dict)
    # [search] abbreviations: short form -> full forms, added to the built-in list.
    search_abbreviations: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        """Folder that relative paths in the config are resolved against."""
        return self.path.parent


def did_you_mean(word: str, choices: list[str]) -> str | None:
    match = difflib.get_close_matches(word, choices, n=1, cutoff=0.5)
    return f"您是不是要写“{match[0]}”？" if match else None


def _table_header_lines(text: str, name: str) -> list[int]:
    """Line numbers of each [[name]] header, so entries can be located by index."""
    pattern = re.compile(rf"^\s*\[\[\s*{re.escape(name)}\s*\]\]")
    return [i for i, line in enumerate(text.splitlines(), 1) if pattern.match(line)]


def _line_of_site_table(text: str, name: str = "site") -> int | None:
    for i, line in enumerate(text.splitlines(), 1):
        if re.match(rf"^\s*\[\s*{re.escape(name)}\s*\]", line):
            return i
    return None


def _clean_table(
    table: Mapping[str, Any], options: dict[str, Option], where: str, file: str,
    line: int | None, report: Report,
) -> dict[str, Any] | None:
    """Validate one table against its options; None when a required value is unusable."""
    values: dict[str, Any] = {}
    ok = True
    for key in table:
        if key not in options:
            report.warning("config-unknown-key", file, f"{where}中有未知的设置项“{key}”，已忽略",
                           line=line, field=key, hint=did_you_mean(key, list(options)))
    for key, option in options.items():
        if key not in table:
            if option.required:
                report.error("config-missing", file, f"{where}缺少必填的“{key}”（{option.label}）",
                             line=line, field=key)
                ok = False
            values[key] = option.default
            continue
        try:
            values[key] = option.clean(table[key])
        except OptionError as exc:
            report.error("config-invalid", file, f"{where}的“{key}”（{option.label}）取值 {table[key]!r} 不可用",
                         line=line, field=key, expected=str(exc))
            ok = ok and not option.required
            values[key] = option.default
    return values if ok else None


def load_config(path: Path, report: Report, display_name: str | None = None) -> SiteConfig | None:
    """Read and validate config.toml. Returns None when it cannot be used at all."""
    name = display_name or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        report.error("config-not-found", name, "找不到配置文件",
                     expected="项目根目录下的 config.toml，或用 --config 指定的文件",
                     hint="可以用 python build.py init 生成一份带标准栏目的配置")
        return None
    except UnicodeDecodeError:
        report.error("config-encoding", name, "配置文件不是 UTF-8 编码", expected="UTF-8 编码的文本文件")
        return None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = _toml_error_line(str(exc))
        report.error("config-syntax", name, f"配置文件不是合法的 TOML：{exc}", line=line,
                     expected="TOML 格式，例如 title = \"清河市政府信息公开\"")
        return None

    for key in data:
        if key not in KNOWN_TABLES:
            report.warning("config-unknown-key", name, f"配置文件中有未知的部分“{key}”，已忽略",
                           field=key, hint=did_you_mean(key, sorted(KNOWN_TABLES)))

    site_table = data.get("site")
    if not isinstance(site_table, dict):
        report.error("config-missing", name, "配置文件缺少 [site] 部分", field="site",
                     expected='[site] 下写 title = "网站名称" 和 site_id_code = "网站标识码"')
        return None
    site = _clean_table(site_table, SITE_OPTIONS, "[site] ", name, _line_of_site_table(text), report)

    review = _load_review(data, text, name, report)
    search = _load_search_table(data, text, name, report)
    units = _load_entries(data, "units", UNIT_OPTIONS, text, name, report)
    categories = _load_entries(data, "categories", CATEGORY_OPTIONS, text, name, report)
    if site is None:
        return None
    config = SiteConfig(path=path, raw=data, review=review, search_abbreviations=search["abbreviations"], **site)
    config.units = [
        UnitSpec(
            name=v["name"], code=v["code"], parent=v["parent"], slug=v["slug"], order=v["order"],
            former_codes=tuple(v["former_codes"]), description=v["description"], line=line,
        )
        for v, line in units
    ]
    config.categories = [
        CategorySpec(path=v["path"], slug=v["slug"], description=v["description"], line=line)
        for v, line in categories
    ]
    if not config.units:
        report.error("config-missing", name, "没有声明任何发布机构", field="units",
                     expected='至少一个 [[units]]，含 name = "机构名称" 和 code = "索引号前段码"')
    if not config.categories:
        report.error("config-missing", name, "没有声明任何栏目", field="categories",
                     expected='至少一个 [[categories]]，含 path = "栏目路径"',
                     hint="python build.py init 生成的配置包含标准的政府信息公开栏目")
    return config


def _load_review(data: dict[str, Any], text: str, file: str, report: Report) -> ReviewSettings:
    """[review]: pre-publication review settings (sitegen/review/settings.py)."""
    table = data.get("review", {})
    line = _line_of_site_table(text, "review")
    if not isinstance(table, dict):
        report.error("config-invalid", file, "“review”应写成 [review] 表格", field="review", line=line)
        return ReviewSettings()
    values = _clean_table(table, REVIEW_OPTIONS, "[review] ", file, line, report) or {}
    return ReviewSettings(**{k: v for k, v in values.items() if v is not None}, line=line)


def _load_entries(
    data: dict[str, Any], table: str, options: dict[str, Option], text: str, file: str,
    report: Report,
) -> list[tuple[dict[str, Any], int | None]]:
    entries = data.get(table, [])
    if not isinstance(entries, list):
        report.error("config-invalid", file, f"“{table}”应写成 [[{table}]] 表格数组", field=table)
        return []
    lines = _table_header_lines(text, table)
    cleaned = []
    for i, entry in enumerate(entries):
        line = lines[i] if i < len(lines) else None
        if not isinstance(entry, dict):
            report.error("config-invalid", file, f"第 {i + 1} 个 [[{table}]] 不是表格", line=line)
            continue
        values = _clean_table(entry, options, f"第 {i + 1} 个 [[{table}]] ", file, line, report)
        if values is not None:
            cleaned.append((values, line))
    return cleaned


def _load_search_table(data: dict[str, Any], text: str, file: str, report: Report) -> dict[str, Any]:
    table = data.get("search", {})
    line = next((i for i, row in enumerate(text.splitlines(), 1) if re.match(r"^\s*\[\s*search[\].]", row)), None)
    if not isinstance(table, dict):
        report.error("config-invalid", file, "“search”应写成 [search] 表格", line=line, field="search")
        table = {}
    return _clean_table(table, SEARCH_OPTIONS, "[search] ", file, line, report) or {
        key: option.default for key, option in SEARCH_OPTIONS.items()}


def _toml_error_line(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None
