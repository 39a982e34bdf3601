"""The review report as one self-contained HTML page, written beside (never inside) the output.

public/ -> public.review.html in the same parent folder: staff open it from the
file manager; it is never published with the site.

Every build writes the report, most of them with the same findings as the last: then the
last report gets the new time and is not rendered again (nor Jinja loaded, a fifth of a
no-change build). The report carries a digest of what it shows to recognise that case.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..code_version import CODE_VERSION
from ..diagnostics import Diagnostic, Report, Severity
from .kinds import WAIVER_HINT
from .summary import count, is_review_finding, summary_line

LIMITS = (
    "PDF、Word、Excel、压缩包和图片中的内容无法自动审查（报告“提示”部分逐个列出），须人工核对。",
    "姓名、家庭住址、病情、收入等个人信息没有固定格式，无法自动识别；低保、扶贫、征地等名单须逐条人工审查，地址只写到乡镇（街道）。",
    "只识别 18 位和 15 位居民身份证号、手机号码、银行卡号（16–19 位、符合校验规则且附近有“卡号”“账号”“银行”等字样），"
    "不识别护照、港澳台证件号码和车牌号。",
    "密级和内部资料标志按常见写法识别；正文中讨论保密工作的文字不会被当成标志。",
)


@dataclass
class Section:
    id: str
    title: str
    rows: list[Diagnostic] = field(default_factory=list)
    note: str = ""
    waivers: bool = False


def report_path(out_dir: Path) -> Path:
    out = out_dir.resolve()
    return out.parent / f"{out.name}.review.html"


def _sections(report: Report) -> list[Section]:
    blocking = Section("blocking", "阻止发布的问题",
                       note="这些问题改正之前，网站不会生成或更新。" + WAIVER_HINT + "。")
    waived = Section("waived", "已豁免的发现", note="审核人在该信息的 review_waivers 中逐条登记、同意公开的内容。",
                     waivers=True)
    warnings = Section("warnings", "警告", note="不阻止发布，但应当核实或改正。")
    infos = Section("infos", "提示")
    for d in report.sorted():
        if d.waived_by:
            waived.rows.append(d)
        elif d.severity is Severity.ERROR:
            blocking.rows.append(d)
        elif d.severity is Severity.WARNING:
            warnings.rows.append(d)
        else:
            infos.rows.append(d)
    blocking.rows.sort(key=lambda d: (not is_review_finding(d), d.sort_key()))
    return [blocking, waived, warnings, infos]


def render_report(report: Report, title: str, config: str, content: str, generated: str, key: str) -> str:
    """The report's HTML; generated: its time, key: report_key of the rest."""
    import jinja2
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).with_name("templates")),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True)
    blocked = report.has_errors
    return env.get_template("report.html").render(
        title=title or "政府信息公开目录", config=config, content=content,
        generated=generated, key=key, blocked=blocked,
        verdict="存在阻止发布的问题，本次未发布。" if blocked else "未发现阻止发布的问题。",
        summary=summary_line(report), sections=_sections(report), limits=LIMITS, common_hint=WAIVER_HINT,
        counts={"errors": len(report.errors), "warnings": len(report.warnings), "infos": len(report.infos)},
        review=count(report))


def report_key(report: Report, title: str, config: str, content: str) -> str:
    """Digest of everything a report shows but its time; the code version covers the template."""
    shown = repr((CODE_VERSION, title, config, content, report.sorted()))
    return hashlib.blake2b(shown.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


_KEY = re.compile(r'<meta name="sitegen-report" content="([0-9a-f]+)">')
_GENERATED = re.compile(r'(<time class="generated">)[^<]*(</time>)')


def _now() -> str:
    return dt.datetime.now().strftime("%Y-%m-%d %H:%M")


def _last_report_retimed(path: Path, key: str, generated: str) -> str | None:
    """The report at `path` with a new time, if it shows what `key` stands for; else None."""
    try:
        html = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    found = _KEY.search(html, 0, 2000)
    if found is None or found.group(1) != key:
        return None
    html, replaced = _GENERATED.subn(lambda m: f"{m.group(1)}{generated}{m.group(2)}", html, count=1)
    return html if replaced else None


def write_report(report: Report, path: Path, title: str, config: str, content: str) -> None:
    """Atomic: a reader never sees half a report."""
    key, generated = report_key(report, title, config, content), _now()
    html = _last_report_retimed(path, key, generated) or render_report(report, title, config, content,
                                                                        generated, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_text(html, encoding="utf-8")
    os.replace(temp, path)
