"""The front-matter keys of a disclosed item and the rules each must follow.

Only per-file rules live here; rules that need the config or other files
(declared unit and column, unique 索引号, related items) are in structure/site.py.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any

from ..diagnostics import Report
from .frontmatter_yaml import FrontMatter

FIELD_LABELS = {
    "title": "名称", "index_no": "索引号", "unit": "发布机构", "category": "栏目", "date": "发布日期",
    "written_date": "成文日期", "doc_no": "文号", "topic": "主题分类", "genre": "体裁", "keywords": "主题词",
    "summary": "内容概述", "disclosure": "公开方式", "validity": "有效性", "abolished_date": "失效/废止日期",
    "doc_kind": "文件类型", "attachments": "附件", "related": "相关文件", "draft": "草稿",
    "reviewed_by": "审核", "approved_by": "签发", "review_waivers": "审查豁免",
}
REQUIRED = ("title", "index_no", "unit", "category", "date")
DISCLOSURE_VALUES = ("主动公开", "依申请公开", "不予公开")
VALIDITY_VALUES = ("有效", "失效", "废止")
DOC_KIND_VALUES = ("规章", "行政规范性文件", "其他")
TRUE_WORDS = {"true", "yes", "on", "是", "1"}
FALSE_WORDS = {"false", "no", "off", "否", "0", ""}

INDEX_NO_FORM = re.compile(r"^[0-9A-Za-z]{6,20}/\d{4}-\d{5}$")
DATE_FORM = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LIST_SEPARATORS = re.compile(r"[\s,，、;；]+")


def field_name(key: str) -> str:
    label = FIELD_LABELS.get(key)
    return f"{key} {label}" if label else key


class FieldReader:
    """Reads one file's front-matter into clean values, reporting every problem."""

    def __init__(self, fm: FrontMatter, file: str, report: Report):
        self.fm, self.file, self.report = fm, file, report
        self.ok = True

    def fail(self, key: str, message: str, expected: str | None = None, hint: str | None = None,
             code: str = "field-invalid") -> None:
        self.ok = False
        self.report.error(code, self.file, message, line=self.fm.lines.get(key), field=field_name(key),
                          expected=expected, hint=hint)

    def warn(self, key: str, message: str, expected: str | None = None, code: str = "field-suspicious",
             hint: str | None = None) -> None:
        self.report.warning(code, self.file, message, line=self.fm.lines.get(key), field=field_name(key),
                            expected=expected, hint=hint)

    def raw(self, key: str) -> Any:
        return self.fm.values.get(key)

    def text(self, key: str, *, single_line: bool = True) -> str:
        value = self.raw(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            self.fail(key, f"应是一段文字，实际写成了{_shape(value)}", expected="一行文字")
            return ""
        value = value.strip()
        if single_line and "\n" in value:
            self.fail(key, "不能换行", expected="写在一行内的文字")
            return value.replace("\n", " ")
        return value

    def date(self, key: str) -> str:
        value = self.text(key)
        if not value:
            return ""
        if not DATE_FORM.match(value):
            self.fail(key, f"日期“{value}”格式不对", expected="YYYY-MM-DD，例如 2024-03-05")
            return ""
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            self.fail(key, f"日期“{value}”不存在", expected="真实存在的日期，格式 YYYY-MM-DD")
            return ""
        return value

    def choice(self, key: str, allowed: tuple[str, ...], default: str = "") -> str:
        value = self.text(key)
        if not value:
            return default
        if value not in allowed:
            self.fail(key, f"取值“{value}”不在允许范围内", expected=" · ".join(allowed),
                      hint=_suggest(value, list(allowed)))
            return default
        return value

    def text_list(self, key: str, *, split_words: bool = False) -> list[str]:
        value = self.raw(key)
        if value is None or value == "":
            return []
        if isinstance(value, str):
            parts = _LIST_SEPARATORS.split(value) if split_words else [value]
            return [p.strip() for p in parts if p.strip()]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return [v.strip() for v in value if v.strip()]
        self.fail(key, f"应是文字列表，实际写成了{_shape(value)}", expected="每行一项的列表，例如\n      - 第一项\n      - 第二项")
        return []

    def flag(self, key: str) -> bool:
        value = self.raw(key)
        if value is None:
            return False
        if isinstance(value, str) and value.strip().lower() in TRUE_WORDS | FALSE_WORDS:
            return value.strip().lower() in TRUE_WORDS
        self.fail(key, f"取值 {value!r} 不是是/否", expected="true 或 false")
        return False


def _shape(value: Any) -> str:
    return "列表" if isinstance(value, list) else "多个字段的组合" if isinstance(value, dict) else "其他内容"


def _suggest(value: str, choices: list[str]) -> str | None:
    match = difflib.get_close_matches(value, choices, n=1, cutoff=0.3)
    return f"您是不是要写“{match[0]}”？" if match else None


def read_fields(fm: FrontMatter, file: str, report: Report) -> dict[str, Any] | None:
    """Clean values of the known keys plus `extra` (unknown keys, kept as written).

    Returns None when a required value is unusable.
    """
    r = FieldReader(fm, file, report)
    for key in REQUIRED:
        value = fm.values.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            r.fail(key, f"缺少必填字段 {key}（{FIELD_LABELS[key]}）", code="field-missing",
                   expected=_REQUIRED_EXAMPLES[key])
    values: dict[str, Any] = {
        "title": r.text("title"),
        "index_no": r.text("index_no"),
        "unit_name": r.text("unit"),
        "category_path": r.text("category"),
        "date": r.date("date"),
        "written_date": r.date("written_date"),
        "doc_no": r.text("doc_no"),
        "topic": r.text("topic"),
        "genre": r.text("genre"),
        "keywords": r.text_list("keywords", split_words=True),
        "summary": " ".join(r.text("summary", single_line=False).split()),
        "disclosure": r.choice("disclosure", DISCLOSURE_VALUES, "主动公开"),
        "validity": r.choice("validity", VALIDITY_VALUES),
        "abolished_date": r.date("abolished_date"),
        "doc_kind": r.choice("doc_kind", DOC_KIND_VALUES),
        "related_ids": r.text_list("related"),
        "draft": r.flag("draft"),
        "reviewed_by": r.text("reviewed_by"),
        "approved_by": r.text("approved_by"),
    }
    index_no = values["index_no"]
    if index_no and not INDEX_NO_FORM.match(index_no):
        r.fail("index_no", f"索引号“{index_no}”不符合国家规定的格式", code="index-no-format",
               expected="前段码/年份-5位流水号，例如 11330100908301663R/2024-00012（前段码为本机构的组织机构代码或统一社会信用代码）")
    elif index_no:
        year = int(index_no.split("/")[1][:4])
        if not 1949 <= year <= dt.date.today().year + 1:
            r.fail("index_no", f"索引号中的年份 {year} 不合理", code="index-no-format",
                   expected="1949 年至明年之间的年份")
    if values["written_date"] and values["date"] and values["written_date"] > values["date"]:
        r.fail("written_date", f"成文日期 {values['written_date']} 晚于发布日期 {values['date']}",
               expected="成文日期不晚于发布日期")
    validity, abolished = values["validity"], values["abolished_date"]
    if validity in ("失效", "废止") and not abolished and "abolished_date" not in fm.values:
        # Legal (old laws often lack the date), but the annual report cannot count it.
        r.warn("validity", f"有效性为“{validity}”，但没有写失效/废止日期，年度报告无法统计该文件的废止年份",
               code="abolished-date-missing", expected="同时填写 abolished_date: YYYY-MM-DD")
    if abolished and validity not in ("失效", "废止"):
        r.fail("abolished_date", "写了失效/废止日期，但有效性不是“失效”或“废止”",
               expected="validity: 失效 或 validity: 废止；仍然有效的文件不写 abolished_date")
    if abolished and values["date"] and abolished < values["date"]:
        r.warn("abolished_date", f"失效/废止日期 {abolished} 早于发布日期 {values['date']}",
               expected="通常不早于发布日期；如属补录历史文件可忽略")
    topic = values["topic"].replace("\\", "/")
    if topic and not 1 <= len([p for p in topic.split("/") if p.strip()]) <= 2:
        r.fail("topic", f"主题分类“{topic}”层级不对", expected="一级或两级，例如 综合政务/政务公开")
    values["topic"] = "/".join(p.strip() for p in topic.split("/") if p.strip())
    if values["title"] and len(values["title"]) > 200:
        r.warn("title", f"名称长达 {len(values['title'])} 个字", expected="只写主标题，一般不超过 200 字")

    known = set(FIELD_LABELS)
    values["extra"] = {k: v for k, v in fm.values.items() if k not in known}
    for key in values["extra"]:
        close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.75)
        if close:
            r.warn(key, f"未知字段“{key}”，将原样保留", code="field-unknown",
                   hint=f"您是不是要写“{close[0]}”（{FIELD_LABELS[close[0]]}）？")
    return values if r.ok else None


_REQUIRED_EXAMPLES = {
    "title": "title: 关于印发《……》的通知",
    "index_no": "index_no: \"11330100908301663R/2024-00012\"",
    "unit": "unit: 本机构在 config.toml 中声明的名称",
    "category": "category: 法定主动公开内容/财政信息/预决算",
    "date": "date: 2024-03-05",
}
