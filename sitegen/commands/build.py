"""python build.py build: validate everything, then write the site atomically."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import jinja2

from ..builder import BuildOptions, BuildResult, build, display_path
from ..diagnostics import BuildAborted, Report
from ..render.output import OutputError

HELP = "校验全部内容并生成网站（默认命令）"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def options_from(args: argparse.Namespace) -> BuildOptions:
    return BuildOptions(config_path=args.config, content_dir=args.content, out_dir=args.out, jobs=args.jobs,
                        cache_dir=args.cache_dir, use_cache=not args.no_cache,
                        progress=not getattr(args, "quiet", False))


def print_report(report: Report) -> None:
    if report.items:
        print(report.format_text(), file=sys.stderr)


def build_or_explain(options: BuildOptions) -> BuildResult | None:
    """Build; on failure print why, in Chinese, and return None (the archive command reuses this)."""
    try:
        return build(options)
    except BuildAborted as aborted:
        print_report(aborted.report)
        print(f"\n生成失败：发现 {len(aborted.report.errors)} 个错误、{len(aborted.report.warnings)} 个警告。"
              f"原有的输出目录 {display_path(options.out_dir)} 未做任何改动。", file=sys.stderr)
    except OutputError as exc:
        print(f"生成失败：{exc}", file=sys.stderr)
    except jinja2.TemplateError as exc:
        where = f"{exc.filename}:{exc.lineno}：" if isinstance(exc, jinja2.TemplateSyntaxError) else ""
        print(f"生成失败：模板出错，{where}{exc.message or exc}。"
              f"原有的输出目录 {display_path(options.out_dir)} 未做任何改动。", file=sys.stderr)
    return None


def run(args: argparse.Namespace) -> int:
    options = options_from(args)
    result = build_or_explain(options)
    if result is None:
        return 1
    print_built(result, options)
    return 0


def print_built(result: BuildResult, options: BuildOptions) -> None:
    print_report(result.report)
    print(summary_line(result, options.out_dir))
    if os.environ.get("SITEGEN_TIMING"):
        print("  ".join(f"{name} {seconds:.2f}s" for name, seconds in result.phases.items()), file=sys.stderr)


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
