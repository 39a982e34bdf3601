"""The preview HTTP server: serves the output, injects a reload script, shows build errors.

Every HTML page gets a small script that listens on an EventSource; when a
rebuild finishes the server tells every open page to reload. While the content
has an error, every HTML request gets an error page naming the problems instead
of the last (stale) site, so staff see what to fix where they are looking.
"""
from __future__ import annotations

import html
import http.server
import threading
from pathlib import Path

EVENTS_PATH = "/__sitegen/events"
RELOAD_SCRIPT = (
    "<script>(function(){if(!window.EventSource)return;var s=new EventSource('" + EVENTS_PATH + "');"
    "var v=null;s.onmessage=function(e){if(v!==null&&e.data!==v){location.reload();}v=e.data;};})();</script>"
)


class PreviewState:
    """The generation number of the site and the current error text, shared between threads."""

    def __init__(self) -> None:
        self.generation = 0
        self.error: str | None = None       # the build report when the last build failed
        self.changed = threading.Condition()

    def published(self, error: str | None) -> None:
        with self.changed:
            self.generation += 1
            self.error = error
            self.changed.notify_all()

    def wait_for_change(self, seen: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.generation != seen, timeout=timeout)
            return self.generation


def error_page(report_text: str, title: str, note: str) -> str:
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            '<style>body{font:18px/1.6 sans-serif;margin:2rem;color:#1a1a1a}h1{color:#a4000f}'
            'pre{white-space:pre-wrap;background:#fff4f4;border:2px solid #a4000f;padding:1rem}</style></head>'
            f'<body><main><h1>{html.escape(title)}</h1><p>{html.escape(note)}</p>'
            f'<pre id="build-errors">{html.escape(report_text)}</pre></main>{RELOAD_SCRIPT}</body></html>')


def make_handler(root: Path, state: PreviewState, strings: dict[str, str]) -> type[http.server.BaseHTTPRequestHandler]:
    class PreviewHandler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, format: str, *args) -> None:   # quiet: staff watch build messages
            pass

        def do_GET(self) -> None:
            if self.path.split("?")[0] == EVENTS_PATH:
                return self.send_events()
            if state.error is not None and self.wants_html():
                return self.send_html(error_page(state.error, strings["preview_error_title"],
                                                 strings["preview_error_note"]), status=500)
            file = Path(self.translate_path(self.path))
            if file.is_dir():
                file = file / "index.html"
            if file.suffix == ".html" and file.is_file():
                text = file.read_text(encoding="utf-8")
                at = text.rfind("</body>")
                text = text[:at] + RELOAD_SCRIPT + text[at:] if at >= 0 else text + RELOAD_SCRIPT
                return self.send_html(text)
            return super().do_GET()

        def wants_html(self) -> bool:
            path = self.path.split("?")[0]
            return path.endswith("/") or path.endswith(".html")

        def send_html(self, text: str, status: int = 200) -> None:
            body = text.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def send_events(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            seen = state.generation
            try:
                self.wfile.write(f"data: {seen}\n\n".encode())
                self.wfile.flush()
                while True:
                    current = state.wait_for_change(seen, timeout=15)
                    # A comment line every 15 s keeps the connection open; a change sends data.
                    self.wfile.write(f"data: {current}\n\n".encode() if current != seen else b": ping\n\n")
                    self.wfile.flush()
                    seen = current
            except (BrokenPipeError, ConnectionResetError):
                pass

    return PreviewHandler


class PreviewServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
