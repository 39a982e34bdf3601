"""A digest of this tool's own files, so that nothing cached outlives a change to them.

Caches (parsed items, rendered bodies, search terms, review findings, page fingerprints)
are keyed by their inputs; the code that turned those inputs into output is an input too.
The version string stays the same between releases, and a tool run from a git checkout
changes under it. So the digest covers every file of the package, by its size and
modification time (reading them all would cost every build, the no-change one included,
several times as much), and the installed versions of the libraries whose output the
caches keep (Markdown, pypinyin, ...): after any change to either, the next build reads
and renders everything again, as a cold build would.
"""
from __future__ import annotations

import hashlib
import os
import sysconfig

_PACKAGE = os.path.dirname(os.path.abspath(__file__))


def package_digest(package: str) -> str:
    """Digest of the stamps of every file under package, compiled bytecode aside."""
    stamps = []
    folders = [package]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_dir():
                    if entry.name != "__pycache__":
                        folders.append(entry.path)
                else:
                    info = entry.stat()
                    stamps.append(f"{entry.path[len(package):]}\0{info.st_size}\0{info.st_mtime_ns}\0")
    return hashlib.blake2b("".join(sorted(stamps)).encode(), digest_size=8).hexdigest()


# Distributions (normalised names) whose output is cached: rendered bodies, search terms, pages.
_LIBRARIES = frozenset({"jinja2", "markupsafe", "markdown", "python_frontmatter", "pyyaml", "pypinyin", "numpy"})


def library_versions() -> str:
    """The installed versions of _LIBRARIES, from their .dist-info folders' names (no import)."""
    paths = sysconfig.get_paths()
    found = []
    for folder in {paths["purelib"], paths["platlib"]}:
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        found += [name for name in names
                  if name.endswith(".dist-info") and name.split("-")[0].lower().replace(".", "_") in _LIBRARIES]
    return " ".join(sorted(found))


CODE_VERSION = hashlib.blake2b(f"{package_digest(_PACKAGE)} {library_versions()}".encode(), digest_size=8).hexdigest()
