"""Where themes and UI strings live: what a build needs before it knows whether to render anything."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..config import SiteConfig

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_THEME = PROJECT_ROOT / "themes" / "default"
LOCALES = Path(__file__).resolve().parents[1] / "locales"


@lru_cache(maxsize=None)
def load_ui_strings(language: str) -> dict[str, str]:
    import tomllib       # here: a build with nothing to render reads no TOML at all
    with (LOCALES / f"{language}.toml").open("rb") as handle:
        return tomllib.load(handle)


def theme_dirs(config: SiteConfig) -> list[Path]:
    """Theme folders, most specific first: the site's own, then the default."""
    dirs = []
    if config.theme_dir:
        dirs.append((config.root / config.theme_dir).resolve())
    dirs.append(DEFAULT_THEME)
    return dirs
