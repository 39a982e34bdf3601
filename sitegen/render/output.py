"""The output folder's safety rules: the tool never writes into or deletes a folder it did not create.

Writing itself (staged, swapped or moved into place) is in pipeline/site_writer.py.
"""
from __future__ import annotations

from pathlib import Path

MARKER = ".sitegen-output"


class OutputError(Exception):
    """The output folder cannot be used; the message is for staff, in Chinese."""


def check_output_dir(out_dir: Path, protected: list[Path]) -> None:
    out = out_dir.resolve()
    for path in protected:
        p = path.resolve()
        if out == p or p.is_relative_to(out):
            raise OutputError(f"输出目录 {out_dir} 包含了 {path}，生成时会覆盖它；请另选一个输出目录（默认 public/）")
    if out.exists() and not out.is_dir():
        raise OutputError(f"输出路径 {out_dir} 已存在，但不是文件夹")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise OutputError(
            f"输出目录 {out_dir} 已有内容，但不是本工具生成的；为防止误删文件，不会覆盖它。"
            "请换一个输出目录，或先手动清空它")
