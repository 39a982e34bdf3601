"""Render variants of one planned page: the standard page and its 关怀版 (care) twin.

A variant is not a second page in the planner's list: it is another rendering of
the same `Page`, written to a mirrored path. The care twin of `docs/2024/x.html`
is `care/docs/2024/x.html`, so a care page is one folder deeper than its
standard twin. Links between pages stay inside the variant the reader chose;
theme assets, attachments and body images exist once and are shared (an item's
in `docs/2024/x/`, beside its standard page).
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from functools import cached_property

from .document import files_folder

STANDARD = "standard"
CARE = "care"
VARIANTS = (STANDARD, CARE)

# The output folder that holds a variant's mirror of the site ("" = the site root).
_FOLDERS = {STANDARD: "", CARE: "care/"}

# Targets under this folder are shared by every variant (stylesheets, scripts, icons);
# so is every target that is not a page (feeds, sitemap).
SHARED_PREFIX = "assets/"


def output_path(page_path: str, variant: str) -> str:
    """Where a variant of the page at `page_path` is written, relative to the output root."""
    return _FOLDERS[variant] + page_path


def up(path: str) -> str:
    """Relative prefix from the file at `path` back to the output root ("" or "../../")."""
    return "../" * path.count("/")


@dataclass(frozen=True)
class PageOutput:
    """One written file: a page in one variant, and how links leave it."""

    page_path: str               # the planned page's (standard) path
    variant: str = STANDARD

    @property
    def path(self) -> str:
        return output_path(self.page_path, self.variant)

    # Cached: a page asks for them once per link, and a list page has dozens of links.
    @cached_property
    def to_site_root(self) -> str:
        """Prefix to the output root, where the shared assets/ and docs files live."""
        return up(self.path)

    @cached_property
    def to_variant_root(self) -> str:
        """Prefix to this variant's own root, where its copy of every page lives."""
        return up(self.page_path)

    def link(self, target: str) -> str:
        """A site path as seen from this file: pages in the same variant, assets shared."""
        if target.startswith(SHARED_PREFIX) or not target.endswith(".html"):
            return self.to_site_root + target      # assets, feeds and other files exist once
        return self.to_variant_root + target

    def twin(self, variant: str) -> str:
        """The same page in another variant (关怀版 ↔ 标准版)."""
        return self.to_site_root + output_path(self.page_path, variant)

    def beside_page(self, name: str) -> str:
        """A file shown on the page (attachment, body image): stored once, in the folder named
        after the standard page (docs/2024/x.html shows docs/2024/x/附件.pdf as x/附件.pdf)."""
        folder = files_folder(self.page_path)
        if self.variant == STANDARD:
            return f"{posixpath.basename(folder)}/{name}"
        return f"{self.to_site_root}{folder}/{name}"


# A body's local references are plain file names (see content/body.py), quoted either way.
_LOCAL_REF = re.compile(r"""(\b(?:src|href)=)(["'])([^"'/#?:]+)(#[^"']*)?\2""", re.I)


def relocate_body(body_html: str, local_names: set[str], output: PageOutput) -> str:
    """Point a body's references to its own files (written as bare names) at their one copy."""
    if not local_names:
        return body_html

    def fix(match: re.Match[str]) -> str:
        attr, quote, name, fragment = match.groups()
        if name not in local_names:
            return match.group(0)
        return f"{attr}{quote}{output.beside_page(name)}{fragment or ''}{quote}"

    return _LOCAL_REF.sub(fix, body_html)
