"""Assemble the offline edition from a built site: folder, zip, optional ISO.

    dist/<name>/            the site, index.html at the top, plus
        README.txt          使用说明
        verify.html         checks a copy in the browser (verify/*.js)
        verify.py           checks a copy with Python
        SHA256SUMS          every file's SHA-256 (sha256sum -c)
    dist/<name>.zip         the same files, byte-for-byte reproducible
    dist/<name>.iso         ISO 9660 + Joliet (with --iso, needs pycdlib)

The folder is assembled beside its final place and swapped in when complete;
an existing folder is replaced only if it is an earlier edition (it has a
SHA256SUMS), never a folder of someone else's.
"""
from __future__ import annotations

import calendar
import datetime as dt
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..render.templates import PageRenderer, load_ui_strings
from ..slugs import MAX_COMPONENT
from ..structure.pages import Crumb, Page
from ..structure.site import Site
from ..structure.variants import STANDARD
from . import iso_image
from .manifest import MANIFEST, archive_files, sha256_of, write_manifests
from .readme import write_readme
from .reproducible_zip import write_zip

PACKAGE = Path(__file__).resolve().parent
VERIFY_PAGE = "verify.html"
VERIFY_SCRIPT = "verify.py"
VERIFY_JS = "verify/verify.js"
VERIFY_TEXT_KEYS = ("progress", "ok", "failed", "missing", "changed", "extra", "unsupported", "wrong_folder")


class ArchiveError(Exception):
    """The edition cannot be made; the message is for staff, in Chinese."""


@dataclass
class Edition:
    folder: Path
    zip_path: Path
    iso_path: Path | None
    files: int
    epoch: int
    manifest_sha256: str
    zip_sha256: str
    iso_sha256: str | None


def archive_epoch(site: Site, environ: dict[str, str] | None = None) -> int:
    """SOURCE_DATE_EPOCH when set (reproducible-builds.org), else midnight UTC of the newest item's date."""
    env = os.environ if environ is None else environ
    value = env.get("SOURCE_DATE_EPOCH", "").strip()
    if value:
        if not value.isdigit():
            raise ArchiveError(f"环境变量 SOURCE_DATE_EPOCH 的值“{value}”不是整数秒数（例如 1735689600）")
        return int(value)
    if not site.documents:
        return 0
    newest = max(d.date for d in site.documents)
    return calendar.timegm(dt.date.fromisoformat(newest).timetuple())


def default_name(site: Site, epoch: int) -> str:
    return f"site-{site.config.site_id_code}-{dt.datetime.fromtimestamp(epoch, dt.timezone.utc):%Y%m%d}"


def check_paths(files: list[str]) -> None:
    """FAT32, exFAT and Joliet need ASCII names of at most 64 characters per component."""
    for rel in files:
        if not rel.isascii() or any(len(part) > MAX_COMPONENT for part in rel.split("/")):
            raise ArchiveError(f"文件名“{rel}”不是 ASCII 字符或某一级超过 {MAX_COMPONENT} 个字符，"
                               "拷到 U 盘或刻成光盘后可能无法打开；请改用英文字母、数字和连字符命名（常见于自定义主题中的文件）")


def make_edition(site: Site, site_dir: Path, dist: Path, name: str, epoch: int, with_iso: bool) -> Edition:
    if with_iso and not iso_image.available():
        raise ArchiveError("没有安装 pycdlib，无法生成 ISO 光盘映像（pip install -r requirements.txt），或去掉 --iso")
    dist.mkdir(parents=True, exist_ok=True)
    final = dist / name
    if final.exists() and not (final / MANIFEST).is_file():
        raise ArchiveError(f"{final} 已存在，但不是本工具生成的离线版；为防止误删文件，不会覆盖它。请换一个 --name 或 --dist")
    staging = dist / f".{name}.building"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        _assemble(site, site_dir, staging, epoch)
        files = archive_files(staging)
        check_paths(files)
        _pin_times(staging, files, epoch)
        zip_tmp = dist / f".{name}.zip.tmp"
        write_zip(staging, files, zip_tmp, epoch)
        iso_tmp = dist / f".{name}.iso.tmp"
        if with_iso:
            try:
                iso_image.write_iso(staging, files, iso_tmp, epoch, f"S{site.config.site_id_code}")
            except iso_image.IsoUnavailable as exc:
                raise ArchiveError(str(exc)) from exc
        # Everything is complete: swap it into place.
        previous = dist / f".{name}.previous"
        shutil.rmtree(previous, ignore_errors=True)
        if final.exists():
            os.replace(final, previous)
        os.replace(staging, final)
        shutil.rmtree(previous, ignore_errors=True)
        os.replace(zip_tmp, dist / f"{name}.zip")
        iso_path = None
        if with_iso:
            iso_path = dist / f"{name}.iso"
            os.replace(iso_tmp, iso_path)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        for leftover in (dist / f".{name}.zip.tmp", dist / f".{name}.iso.tmp"):
            leftover.unlink(missing_ok=True)
    zip_path = dist / f"{name}.zip"
    return Edition(folder=final, zip_path=zip_path, iso_path=iso_path, files=len(files), epoch=epoch,
                   manifest_sha256=sha256_of(final / MANIFEST), zip_sha256=sha256_of(zip_path),
                   iso_sha256=sha256_of(iso_path) if iso_path else None)


def _assemble(site: Site, site_dir: Path, staging: Path, epoch: int) -> None:
    # The built site without the builder's hidden marker file.
    shutil.copytree(site_dir, staging, ignore=lambda folder, names: [n for n in names if n.startswith(".")])
    date = dt.datetime.fromtimestamp(epoch, dt.timezone.utc).date().isoformat()
    write_readme(staging, site.config.title, len(site.documents),
                 f"{date[:4]}年{date[5:7]}月{date[8:]}日")
    shutil.copyfile(PACKAGE / "verify_copy.py", staging / VERIFY_SCRIPT)
    (staging / VERIFY_JS).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(PACKAGE / "verify.js", staging / VERIFY_JS)
    file_count = len(archive_files(staging)) + 2          # what SHA256SUMS will list: + verify.html, manifest.js
    (staging / VERIFY_PAGE).write_text(_verify_page(site, file_count), encoding="utf-8")
    write_manifests(staging)


def _verify_page(site: Site, file_count: int) -> str:
    ui = load_ui_strings(site.config.language)
    title = ui["verify_title"]
    page = Page(VERIFY_PAGE, "verify.html", "verify", title, variants=(STANDARD,), crumbs=[Crumb(ui["home"], "index.html"), Crumb(title)],
                meta={"SiteName": site.config.title, "SiteDomain": site.config.domain,
                      "SiteIDCode": site.config.site_id_code},
                context={"file_count": file_count,
                         "verify_text": {key: ui[f"verify_{key}"] for key in VERIFY_TEXT_KEYS}})
    return PageRenderer(site.config, site).render(page)


def _pin_times(root: Path, files: list[str], epoch: int) -> None:
    """Give every file and folder the edition's date, so copies of the folder match too."""
    folders = {root / "/".join(f.split("/")[:i]) for f in files for i in range(1, f.count("/") + 1)}
    for path in [*(root / f for f in files), *sorted(folders, reverse=True), root]:
        os.utime(path, (epoch, epoch))
