"""Command line: python build.py [build|check|init|serve] [options]. Messages are in Chinese."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .commands import archive as archive_command
from .commands import build as build_command
from .commands import check as check_command
from .commands import init as init_command
from .commands import serve as serve_command

COMMANDS = {"build": build_command, "check": check_command, "init": init_command, "serve": serve_command,
            "archive": archive_command}


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, default=Path("config.toml"), metavar="FILE",
                        help="配置文件（默认 config.toml）")
    parser.add_argument("--content", type=Path, default=Path("content"), metavar="DIR",
                        help="内容目录（默认 content/）")
    parser.add_argument("--out", type=Path, default=Path("public"), metavar="DIR",
                        help="输出目录（默认 public/）")
    parser.add_argument("--jobs", type=int, default=0, metavar="N",
                        help="并行进程数（默认每个 CPU 核一个）")
    parser.add_argument("--cache-dir", type=Path, default=None, metavar="DIR",
                        help="缓存目录（默认配置文件旁的 .cache/sitegen/，可随时删除）")
    parser.add_argument("--no-cache", action="store_true",
                        help="不读不写缓存，全部重新生成")
    parser.add_argument("--quiet", action="store_true", help="不显示进度")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python build.py", description="政府信息公开目录静态网站生成工具",
        epilog="不写命令时等同于 build。")
    sub = parser.add_subparsers(dest="command", metavar="命令")
    for name, module in COMMANDS.items():
        command_parser = sub.add_parser(name, help=module.HELP, description=module.HELP)
        _common(command_parser)
        module.add_arguments(command_parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or args_list[0] not in COMMANDS and args_list[0] not in ("-h", "--help"):
        args_list.insert(0, "build")
    parser = make_parser()
    args = parser.parse_args(args_list)
    return COMMANDS[args.command].run(args)
