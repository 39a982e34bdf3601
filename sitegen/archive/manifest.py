"""SHA256SUMS (the `sha256sum -c` format) and the same list as a script the verify page loads.

A browser cannot read files beside a page opened from file://, so the verify
page gets the expected hashes from verify/manifest.js, loaded with <script>
like any other page asset, and hashes the files the reader picks.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

MANIFEST = "SHA256SUMS"
MANIFEST_JS = "verify/manifest.js"
CHUNK = 1 << 20


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def archive_files(root: Path) -> list[str]:
    """Every file under root as a relative POSIX path, sorted; hidden files are not part of the edition."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                  if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts))


def write_manifests(root: Path) -> list[tuple[str, str]]:
    """Write verify/manifest.js, then SHA256SUMS covering every file but itself."""
    listed = [(rel, sha256_of(root / rel)) for rel in archive_files(root) if rel not in (MANIFEST, MANIFEST_JS)]
    script = root / MANIFEST_JS
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text("window.SITEGEN_MANIFEST = " + json.dumps({"files": listed}, separators=(",", ":"))
                      + ";\n", encoding="utf-8")
    entries = sorted([*listed, (MANIFEST_JS, sha256_of(script))])
    (root / MANIFEST).write_text("".join(f"{digest}  {rel}\n" for rel, digest in entries), encoding="utf-8")
    return entries


def read_manifest(path: Path) -> dict[str, str]:
    entries: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            digest, _, rel = line.partition("  ")
            entries[rel.lstrip("*")] = digest
    return entries
