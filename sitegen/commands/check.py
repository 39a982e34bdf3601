"""python build.py check: validate config and content without writing anything."""
from __future__ import annotations

import argparse
import sys

from ..builder import load_site
from ..diagnostics import BuildAborted, Report
from .build import add_report_argument, finish_review, options_from, print_report, review_report_file

HELP = "只校验配置和内容，不生成任何文件"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="结果格式：text（默认，便于阅读）或 json（供 CI 使用）")
    add_report_argument(parser, "另把审查报告写成 HTML 文件（不能在输出目录里）")


def run(args: argparse.Namespace) -> int:
    try:
        target = review_report_file(args, default_beside_output=False)
    except ValueError as exc:
        print(f"用法错误：{exc}", file=sys.stderr)
        return 2
    report = Report()
    site = None
    try:
        site = load_site(options_from(args), report)
    except BuildAborted:
        pass
    if args.format == "json":
        print(report.to_json())
        if target is not None:
            finish_review(report, target, options_from(args))
    else:
        print_report(report, with_infos=True)
        finish_review(report, target, options_from(args))
        if report.has_errors:
            print(f"\n校验未通过：{len(report.errors)} 个错误、{len(report.warnings)} 个警告。", file=sys.stderr)
        else:
            assert site is not None
            print(f"校验通过：{len(site.documents)} 条公开信息，{len(site.withheld)} 条不公开，"
                  f"{len(report.warnings)} 个警告。")
    return 1 if report.has_errors else 0
