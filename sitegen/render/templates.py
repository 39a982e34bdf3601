"""Jinja2 environment: the default theme, overridable template by template."""
from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from ..config import SiteConfig
from ..structure.categories import Category
from ..structure.pages import Page, unit_column_dir
from ..structure.units import Unit

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_THEME = PROJECT_ROOT / "themes" / "default"
LOCALES = Path(__file__).resolve().parents[1] / "locales"


@lru_cache(maxsize=None)
def load_ui_strings(language: str) -> dict[str, str]:
    with (LOCALES / f"{language}.toml").open("rb") as handle:
        return tomllib.load(handle)


def theme_dirs(config: SiteConfig) -> list[Path]:
    """Theme folders, most specific first: the site's own, then the default."""
    dirs = []
    if config.theme_dir:
        dirs.append((config.root / config.theme_dir).resolve())
    dirs.append(DEFAULT_THEME)
    return dirs


def cn_date(value: str) -> str:
    """2024-03-05 -> 2024年03月05日, as the gov.cn 政策文件库 writes dates."""
    if len(value) == 10 and value[4] == "-" and value[7] == "-":
        return f"{value[:4]}年{value[5:7]}月{value[8:]}日"
    return value


@jinja2.pass_context
def url(context: jinja2.runtime.Context, target: str) -> str:
    """Relative link from the page being rendered to a site path (works from file://)."""
    return context["page"].root + target


def column_link(column: Category, unit: Unit | None = None) -> str:
    """A column's list page, or its list filtered to one unit."""
    return f"{unit_column_dir(column, unit)}/index.html" if unit is not None else column.url


def make_environment(config: SiteConfig) -> jinja2.Environment:
    loader = jinja2.FileSystemLoader([str(d / "templates") for d in theme_dirs(config)])
    env = jinja2.Environment(
        loader=loader, autoescape=jinja2.select_autoescape(["html", "xml"]),
        # Chainable: an optional key (doc.extra.x) simply tests false in a site's own templates.
        undefined=jinja2.ChainableUndefined, trim_blocks=True, lstrip_blocks=True,
        auto_reload=False,
    )
    env.globals.update(url=url, column_link=column_link, ui=load_ui_strings(config.language), config=config)
    env.filters["cn_date"] = cn_date
    return env


class PageRenderer:
    def __init__(self, config: SiteConfig, site: Any):
        self.env = make_environment(config)
        self.env.globals["site"] = site
        self._templates: dict[str, jinja2.Template] = {}

    def render(self, page: Page) -> str:
        template = self._templates.get(page.template)
        if template is None:
            template = self._templates[page.template] = self.env.get_template(page.template)
        return template.render(page=page, **page.context)
