"""An ISO 9660 disc image with Joliet names, through pycdlib (pure Python, optional).

The ISO 9660 tree gets short upper-case names (level 3: d-characters only,
at most 30 characters per file name and 31 per folder, unique per folder);
the Joliet tree, which Windows, macOS and Linux read, carries the real
names (ASCII, at most 64 characters, as the site's paths already are).
pycdlib stamps the current time into the image, so the clock is pinned to
the archive's date while the image is made: the same content gives the
same image.
"""
from __future__ import annotations

import contextlib
import re
import time
from pathlib import Path
from typing import Iterator

try:
    import pycdlib
except ImportError:        # the ISO is optional; the folder and the zip need nothing extra
    pycdlib = None

ISO_DEPTH = 7              # Ecma-119: eight levels including the root
_NOT_D_CHAR = re.compile(r"[^A-Z0-9_]")


class IsoUnavailable(Exception):
    """The image cannot be made here; the message is for staff, in Chinese."""


def available() -> bool:
    return pycdlib is not None


def _d_name(name: str, is_file: bool, taken: set[str]) -> str:
    stem, dot, ext = name.rpartition(".") if is_file and "." in name else (name, "", "")
    stem = _NOT_D_CHAR.sub("_", stem.upper()) or "_"
    ext = _NOT_D_CHAR.sub("_", ext.upper())[:3] if dot else ""
    limit = (30 - len(ext) - 1) if ext else (30 if is_file else 31)
    candidate, n = stem[:limit], 1
    while (candidate + ("." + ext if ext else "")) in taken:
        suffix = f"_{n}"
        candidate, n = stem[: limit - len(suffix)] + suffix, n + 1
    full = candidate + ("." + ext if ext else "")
    taken.add(full)
    return full


def iso_paths(files: list[str]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """(file -> ISO 9660 path, [(folder, ISO 9660 path)] parents first) for relative POSIX paths."""
    taken: dict[str, set[str]] = {}
    mapped: dict[str, str] = {"": ""}
    folders: list[str] = []

    def folder(rel: str) -> str:
        if rel not in mapped:
            parent, _, name = rel.rpartition("/")
            parent_iso = folder(parent)
            mapped[rel] = parent_iso + "/" + _d_name(name, False, taken.setdefault(parent, set()))
            folders.append(rel)
        return mapped[rel]

    result = {}
    for rel in sorted(files):
        parent, _, name = rel.rpartition("/")
        result[rel] = folder(parent) + "/" + _d_name(name, True, taken.setdefault(parent, set())) + ";1"
    return result, [(rel, mapped[rel]) for rel in folders]


@contextlib.contextmanager
def _pinned_clock(epoch: int) -> Iterator[None]:
    real_time, real_localtime = time.time, time.localtime
    time.time = lambda: float(epoch)                                           # type: ignore[assignment]
    time.localtime = lambda secs=None: time.gmtime(epoch if secs is None else secs)  # type: ignore[assignment]
    try:
        yield
    finally:
        time.time, time.localtime = real_time, real_localtime                  # type: ignore[assignment]


def write_iso(root: Path, files: list[str], target: Path, epoch: int, volume: str) -> None:
    if pycdlib is None:
        raise IsoUnavailable("没有安装 pycdlib，无法生成 ISO 光盘映像（pip install -r requirements.txt）")
    mapping, folders = iso_paths(files)
    too_deep = [f for f in files if f.count("/") + 1 > ISO_DEPTH]
    if too_deep:
        raise IsoUnavailable(f"路径层级超过 ISO 9660 允许的 {ISO_DEPTH} 层，无法刻盘：{too_deep[0]}")
    label = _NOT_D_CHAR.sub("_", volume.upper())[:32] or "SITE"
    with _pinned_clock(epoch):
        iso = pycdlib.PyCdlib()
        iso.new(interchange_level=3, joliet=3, vol_ident=label, sys_ident="", app_ident_str="SITEGEN")
        try:
            for rel, iso_path in folders:
                iso.add_directory(iso_path=iso_path, joliet_path="/" + rel)
            for rel in sorted(files):
                source = root / rel
                iso.add_file(str(source), iso_path=mapping[rel], joliet_path="/" + rel)
            iso.write(str(target))
        finally:
            iso.close()

