"""python build.py archive: build the site, then package the offline edition (folder, zip, ISO)."""
from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

from ..builder import display_path
from .build import build_or_explain, options_from, print_built, review_report_file

HELP = "生成网站并打包离线版（光盘、U 盘）：文件夹、.zip 压缩包、可选 ISO 光盘映像，含使用说明和校验清单"
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,59}")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dist", type=Path, default=Path("dist"), metavar="DIR",
                        help="离线版的存放目录（默认 dist/）")
    parser.add_argument("--name", default="", metavar="NAME",
                        help="离线版的名称（文件夹和压缩包的名字，英文字母、数字、连字符；默认 site-网站标识码-日期）")
    parser.add_argument("--iso", action="store_true", help="同时生成 ISO 9660（Joliet）光盘映像，需要 pycdlib")


def run(args: argparse.Namespace) -> int:
    # Imported here: packaging needs the template engine, which a plain build may not.
    from ..archive.bundle import ArchiveError, archive_epoch, default_name, make_edition
    if args.name and not NAME_PATTERN.fullmatch(args.name):
        print(f"离线版名称“{args.name}”不可用：只能用英文字母、数字、点、连字符和下划线，最长 60 个字符", file=sys.stderr)
        return 2
    options = options_from(args)
    options.shortcut = False        # the edition is made from the site model, so build it
    dist = args.dist.resolve()
    for inside, label in ((options.out_dir, "网站输出目录"), (options.content_dir, "内容目录")):
        if dist == inside.resolve() or dist.is_relative_to(inside.resolve()):
            print(f"离线版存放目录 {args.dist} 在{label} {inside} 之中，会被下一次生成覆盖或混入内容；"
                  "请另选一个目录（默认 dist/）", file=sys.stderr)
            return 2
    review_target = review_report_file(args, default_beside_output=True)
    result = build_or_explain(options, review_target)
    if result is None:
        return 1
    print_built(result, options, review_target)
    site = result.site
    try:
        epoch = archive_epoch(site)
        edition = make_edition(site, options.out_dir, args.dist, args.name or default_name(site, epoch), epoch,
                               args.iso)
    except ArchiveError as exc:
        print(f"打包失败：{exc}", file=sys.stderr)
        return 1
    date = dt.datetime.fromtimestamp(edition.epoch, dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    print(f"已生成离线版（{edition.files} 个文件，时间戳 {date}）：")
    print(f"  文件夹  {display_path(edition.folder)}/")
    print(f"  压缩包  {display_path(edition.zip_path)}  SHA-256 {edition.zip_sha256}")
    if edition.iso_path is not None:
        print(f"  光盘映像 {display_path(edition.iso_path)}  SHA-256 {edition.iso_sha256}")
    print(f"  校验清单 SHA256SUMS 的 SHA-256：{edition.manifest_sha256}")
    print("  交付时请记下以上校验值，收到方可据此确认拿到的是同一份离线版。")
    return 0
