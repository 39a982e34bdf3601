"""python build.py serve: preview on this computer, rebuilt and reloaded on every save."""
from __future__ import annotations

import argparse
import sys
import threading

import jinja2

from ..builder import build, display_path
from ..diagnostics import BuildAborted
from ..pipeline.heap import release
from ..preview.server import PreviewServer, PreviewState, make_handler
from ..preview.watcher import ChangeWatcher
from ..render.output import OutputError
from ..render.templates import load_ui_strings, theme_dirs
from .build import options_from, print_report, summary_line

HELP = "本机预览：修改内容、模板或配置后自动重新生成并刷新浏览器"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=8000, help="端口（默认 8000；0 表示任选空闲端口）")
    parser.add_argument("--bind", default="127.0.0.1",
                        help="监听地址（默认 127.0.0.1，只有本机能访问）")


class Rebuilder:
    """Runs one build at a time; a change during a build triggers one more afterwards."""

    def __init__(self, args: argparse.Namespace, state: PreviewState):
        self.options = options_from(args)
        self.options.progress = False
        self.state = state
        self._lock = threading.Lock()
        self._again = threading.Event()

    def rebuild(self) -> None:
        self._again.set()
        if not self._lock.acquire(blocking=False):
            return          # the running build will go round again
        try:
            while self._again.is_set():
                self._again.clear()
                self._build_once()
        finally:
            self._lock.release()

    def _build_once(self) -> None:
        try:
            self._publish_build()
        finally:
            release()       # each build's model hidden from the collector: this process builds again

    def _publish_build(self) -> None:
        try:
            result = build(self.options)
        except BuildAborted as aborted:
            text = aborted.report.format_text()
            print(text + f"\n生成失败：{len(aborted.report.errors)} 个错误。修改保存后会自动重试。", file=sys.stderr)
            self.state.published(text)
            return
        except (OutputError, jinja2.TemplateError) as exc:
            message = f"生成失败：{exc}"
            print(message, file=sys.stderr)
            self.state.published(message)
            return
        print_report(result.report)
        print(summary_line(result, self.options.out_dir), flush=True)
        self.state.published(None)


def run(args: argparse.Namespace) -> int:
    state = PreviewState()
    rebuilder = Rebuilder(args, state)
    rebuilder.rebuild()
    options = rebuilder.options
    try:
        from ..config import load_config
        from ..diagnostics import Report
        config = load_config(options.config_path, Report(), str(options.config_path))
        themes = theme_dirs(config) if config else []
        strings = load_ui_strings(config.language if config else "zh-CN")
    except Exception:
        themes, strings = [], load_ui_strings("zh-CN")
    options.out_dir.mkdir(parents=True, exist_ok=True)
    server = PreviewServer((args.bind, args.port), make_handler(options.out_dir.resolve(), state, strings))
    watcher = ChangeWatcher([options.content_dir, *themes], [options.config_path], rebuilder.rebuild)
    watcher.start()
    host, port = server.server_address[:2]
    print(f"预览地址：http://{host}:{port}/ （监视 {display_path(options.content_dir)}、模板和 "
          f"{display_path(options.config_path)}；按 Ctrl+C 停止）", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("\n预览已停止。")
    finally:
        watcher.stop()
        server.server_close()
    return 0



