"""A .zip whose bytes depend only on the files: sorted entries, one fixed time, fixed permissions.

Same content -> same bytes, so two people (or two runs) can compare the
archive by its SHA-256 alone. Entries are written with Unix attributes
(0644 files, 0755 folders) whatever the building machine is, and the time is
the archive's date (SOURCE_DATE_EPOCH, or the newest item's date).
"""
from __future__ import annotations

import shutil
import time
import zipfile
from pathlib import Path

DOS_EPOCH = 315532800            # 1980-01-01, the earliest time a zip entry can hold
UNIX = 3
FILE_MODE = 0o100644
DIR_MODE = 0o040755
MS_DOS_DIRECTORY = 0x10
ZIP64_LIMIT = (1 << 31) - 1


def zip_time(epoch: int) -> tuple[int, int, int, int, int, int]:
    return time.gmtime(max(epoch, DOS_EPOCH))[:6]


def write_zip(root: Path, files: list[str], target: Path, epoch: int) -> None:
    """Zip `files` (relative POSIX paths under root) into target; folder entries included, all sorted."""
    stamp = zip_time(epoch)
    folders = sorted({"/".join(f.split("/")[:i]) + "/" for f in files for i in range(1, f.count("/") + 1)})
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in sorted([*folders, *files]):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = UNIX
            if name.endswith("/"):
                info.external_attr = (DIR_MODE << 16) | MS_DOS_DIRECTORY
                info.compress_type = zipfile.ZIP_STORED
                archive.writestr(info, b"")
                continue
            source = root / name
            info.external_attr = FILE_MODE << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            info.file_size = source.stat().st_size
            with source.open("rb") as src, archive.open(info, "w", force_zip64=info.file_size > ZIP64_LIMIT) as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
