"""python build.py build: validate everything, then write the site atomically."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..builder import BuildOptions, BuildResult, build, display_path
from ..diagnostics import BuildAborted, Report, Severity
from ..pipeline.background import BackgroundFailed
from ..render.output import OutputError
from ..review.report_html import report_path, write_report
from ..review.summary import summary_line as review_summary_line

HELP = "校验全部内容并生成网站（默认命令）"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_report_argument(parser, "审查报告（HTML）写在哪里（默认与输出目录并列，如 public.review.html）")
    parser.add_argument("--full", action="store_true",
                        help="不走捷径：逐一核对全部页面和输出文件（例如补回从输出目录中误删的文件）")


def add_report_argument(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument("--report", type=Path, default=None, metavar="FILE", help=help_text)


def options_from(args: argparse.Namespace) -> BuildOptions:
    return BuildOptions(config_path=args.config, content_dir=args.content, out_dir=args.out, jobs=args.jobs,
                        cache_dir=args.cache_dir, use_cache=not args.no_cache,
                        progress=not getattr(args, "quiet", False), shortcut=not getattr(args, "full", False))


def print_report(report: Report, with_infos: bool = False) -> None:
    shown = [d for d in report.sorted() if with_infos or d.severity is not Severity.INFO]
    if shown:
        print("\n".join(d.format() for d in shown), file=sys.stderr)


def review_report_file(args: argparse.Namespace, default_beside_output: bool) -> Path | None:
    """Where the HTML review report goes; never inside the published output. Raises ValueError."""
    target = getattr(args, "report", None) or (report_path(args.out) if default_beside_output else None)
    if target is not None and target.resolve().is_relative_to(args.out.resolve()):
        raise ValueError(f"审查报告 {target} 不能写在输出目录 {args.out} 里：输出目录的内容会被发布")
    return target


def finish_review(report: Report, target: Path | None, options: BuildOptions, title: str | None = None) -> None:
    """The review summary line, and the HTML report beside the output (title: the site's, if known)."""
    print(review_summary_line(report), file=sys.stderr)
    if target is None:
        return
    write_report(report, target, _site_title(options.config_path) if title is None else title,
                 display_path(options.config_path), display_path(options.content_dir))
    infos = f"另有 {len(report.infos)} 条提示，" if report.infos else ""
    print(f"{infos}审查报告：{display_path(target)}", file=sys.stderr)


def _site_title(config_path: Path) -> str:
    """For the report heading only; the config itself is validated elsewhere."""
    import tomllib
    try:
        title = tomllib.loads(config_path.read_text(encoding="utf-8")).get("site", {}).get("title", "")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, AttributeError):
        return ""
    return title if isinstance(title, str) else ""


def run(args: argparse.Namespace) -> int:
    options = options_from(args)
    try:
        target = review_report_file(args, default_beside_output=True)
    except ValueError as exc:
        print(f"用法错误：{exc}", file=sys.stderr)
        return 2
    result = build_or_explain(options, target)
    if result is None:
        return 1
    print_built(result, options, target)
    return 0


def build_or_explain(options: BuildOptions, review_target: Path | None = None) -> BuildResult | None:
    """Build; on failure print why, in Chinese, and return None (the archive command reuses this)."""
    try:
        return build(options)
    except BuildAborted as aborted:
        print_report(aborted.report)
        finish_review(aborted.report, review_target, options)
        print(f"\n生成失败：发现 {len(aborted.report.errors)} 个错误、{len(aborted.report.warnings)} 个警告。"
              f"原有的输出目录 {display_path(options.out_dir)} 未做任何改动。", file=sys.stderr)
    except OutputError as exc:
        print(f"生成失败：{exc}", file=sys.stderr)
    except BackgroundFailed as exc:
        # Not the content's fault (a full disk, say): the cause is the error's last line.
        cause = str(exc).strip().splitlines()[-1] if str(exc).strip() else ""
        print(f"生成失败：写检索索引时出错（{cause}）。原有的输出目录 {display_path(options.out_dir)} 未做任何改动。",
              file=sys.stderr)
    except Exception as exc:
        problem = template_problem(exc)
        if problem is None:
            raise
        print(f"生成失败：模板出错，{problem}。"
              f"原有的输出目录 {display_path(options.out_dir)} 未做任何改动。", file=sys.stderr)
    return None


def template_problem(exc: Exception) -> str | None:
    """What is wrong with a theme's template, if exc is Jinja's error; else None.

    Jinja is looked up, not imported: a build with nothing to render never loads it, and an
    error of Jinja's can only come from a build that did."""
    jinja2 = sys.modules.get("jinja2")
    if jinja2 is None or not isinstance(exc, jinja2.TemplateError):
        return None
    where = f"{exc.filename}:{exc.lineno}：" if isinstance(exc, jinja2.TemplateSyntaxError) else ""
    return f"{where}{exc.message or exc}"


def print_built(result: BuildResult, options: BuildOptions, review_target: Path | None = None) -> None:
    print_report(result.report)
    finish_review(result.report, review_target, options, result.site_title or None)
    print(summary_line(result, options.out_dir))
    if os.environ.get("SITEGEN_TIMING"):
        print("  ".join(f"{name} {seconds:.2f}s" for name, seconds in result.phases.items()),
              f"(search index {result.search_index or 'unchanged'})",
              f"(quick path declined: {result.quick_declined})" if result.quick_declined else "", file=sys.stderr)


def summary_line(result: BuildResult, out_dir: Path) -> str:
    warnings = f"，{len(result.report.warnings)} 个警告" if result.report.warnings else ""
    if result.unchanged:
        change = "内容、配置和模板均无改动，输出保持不变"
    else:
        deleted = f"，删除 {result.deleted} 个" if result.deleted else ""
        change = f"本次写入 {result.written} 个文件{deleted}"
    return (f"已生成 {display_path(out_dir)}：{result.documents} 条公开信息，{result.pages} 个页面，"
            f"共 {result.files} 个文件；{change}；用时 {result.seconds:.2f} 秒{warnings}。"
            f"（未公开 {result.withheld} 条：依申请公开、不予公开或草稿）")
