"""Command line: python build.py [build|check|init|serve] [options]. Messages are in Chinese."""
from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from types import ModuleType

# One module per verb under commands/, imported only when used: a build should not wait for the
# preview server's or the archive's libraries to load.
COMMANDS = ("build", "check", "init", "serve", "archive")
INTERRUPTED = "已中断（Ctrl+C）：本次没有完成。再运行一次即可。"


def command_module(name: str) -> ModuleType:
    return importlib.import_module(f"{__package__}.commands.{name}")


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


def make_parser(chosen: str | None = None) -> argparse.ArgumentParser:
    """The whole parser; with `chosen`, only that command's options are loaded (the rest are names)."""
    parser = argparse.ArgumentParser(
        prog="python build.py", description="政府信息公开目录静态网站生成工具",
        epilog="不写命令时等同于 build。")
    sub = parser.add_subparsers(dest="command", metavar="命令")
    for name in COMMANDS:
        if chosen is not None and name != chosen:
            sub.add_parser(name)
            continue
        module = command_module(name)
        command_parser = sub.add_parser(name, help=module.HELP, description=module.HELP)
        _common(command_parser)
        module.add_arguments(command_parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or args_list[0] not in COMMANDS and args_list[0] not in ("-h", "--help"):
        args_list.insert(0, "build")
    parser = make_parser(args_list[0] if args_list[0] in COMMANDS else None)
    args = parser.parse_args(args_list)
    try:
        return command_module(args.command).run(args)
    except KeyboardInterrupt:
        # What was being written is discarded or finished by the next run; no traceback for staff.
        print(f"\n{INTERRUPTED}", file=sys.stderr)
        return 130
