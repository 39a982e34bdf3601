"""Jinja2 environment: the default theme, overridable template by template."""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
from markupsafe import Markup

from ..config import SiteConfig
from ..structure.categories import Category
from ..structure.pages import Page, unit_column_pages
from ..structure.units import Unit
from ..structure.variants import STANDARD, VARIANTS, PageOutput, relocate_body
from .calls import DirectCallContext
from .fragment_cache import FragmentCache
from .fragment_cache import __file__ as fragment_cache_module
from .themes import DEFAULT_THEME, LOCALES, PROJECT_ROOT, load_ui_strings, theme_dirs  # noqa: F401 (re-exported)

def cn_date(value: str) -> str:
    """2024-03-05 -> 2024年03月05日, as the gov.cn 政策文件库 writes dates."""
    if len(value) == 10 and value[4] == "-" and value[7] == "-":
        return f"{value[:4]}年{value[5:7]}月{value[8:]}日"
    return value


class OutputLinks:
    """Links from the output being rendered: what url, twin_url, beside_page and body_html answer.

    PageRenderer points it at each output before rendering. Being part of the environment rather
    than a template variable, it serves macros imported without context too, whose module Jinja
    then builds once instead of for every page.

    The functions take Jinja's context and ignore it (a macro's is its module's, not the page's):
    marked pass_context, they are never evaluated while compiling, as Jinja does with a filter
    of a constant ('assets/css/site.css'|url) when it can.
    """

    def __init__(self) -> None:
        self.output = PageOutput("index.html", STANDARD)

    @jinja2.pass_context
    def url(self, _context: Any, target: str) -> str:
        """Relative link from the file being rendered to a site path (works from file://).

        Pages stay within the variant being rendered (a 关怀版 reader stays in 关怀版);
        `assets/...` is shared by all variants.
        """
        return self.output.link(target)

    @jinja2.pass_context
    def twin_url(self, _context: Any, variant: str) -> str:
        """The page being rendered, in another variant (关怀版 ↔ 标准版)."""
        return self.output.twin(variant)

    @jinja2.pass_context
    def beside_page(self, _context: Any, name: str) -> str:
        """A document's attachment: stored once, beside the standard page."""
        return self.output.beside_page(name)

    @jinja2.pass_context
    def body_html(self, _context: Any, doc: Any) -> Markup:
        """A document's body, its images and files linked from wherever this variant lives."""
        names = {name for _, name in doc.assets} | {a.file_name for a in doc.attachments}
        return Markup(relocate_body(doc.body_html, names, self.output))


def column_link(column: Category, unit: Unit | None = None) -> str:
    """A column's list page, or its list filtered to one unit."""
    return unit_column_pages(column, unit)[0] if unit is not None else column.url


# markupsafe.escape's C core; the public function wraps it in two Python calls.
_escape_text = getattr(markupsafe, "_escape_inner", None) or (lambda text: str(markupsafe.escape(text)))


def escape_output(value: Any) -> str:
    """markupsafe.escape for an output expression ({{ x }}) of an autoescaped template.

    Jinja joins a template's output pieces into one string at once, so the Markup that
    markupsafe.escape returns is not needed there; building it costs two Python calls, and a
    page has about a hundred expressions (a fifth of the time a page takes to render)."""
    if type(value) is str:
        return _escape_text(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return _escape_text(str(value))


class FastOutputTemplate(jinja2.Template):
    """A template whose output expressions are escaped by escape_output.

    The compiled module names `escape` for output expressions only ({{ x }}, in the page,
    macros, blocks and {% set %} bodies, whose joined output Jinja marks safe itself); filters
    such as |e and the ~ operator call markupsafe directly and are unaffected."""

    @classmethod
    def from_code(cls, environment: jinja2.Environment, code: Any, globals: Any,
                  uptodate: Any = None) -> jinja2.Template:
        template = super().from_code(environment, code, globals, uptodate)
        template.root_render_func.__globals__["escape"] = escape_output   # the module's namespace
        return template


class CatalogueEnvironment(jinja2.Environment):
    """Jinja's environment with each template's globals a plain dict: a snapshot, not a ChainMap.

    Every page render copies its template's globals into the new context, and every import
    compares two templates' globals: over a ChainMap each is a loop in Python, over a dict one
    call in C. Globals are all set before the first template loads, as Jinja asks of them."""

    context_class = DirectCallContext

    def make_globals(self, d: Any) -> Any:
        return {**self.globals, **(d or {})}


class TemplateStrings(dict[str, str]):
    """The UI strings as templates read them, ui.name: an attribute each, besides the dict.

    Jinja resolves ui.name by getattr() first; on a plain dict that raises AttributeError, caught
    before the key is tried, for each of the dozens of strings on every page."""

    def __init__(self, strings: dict[str, str]):
        super().__init__(strings)
        self.__dict__.update(strings)


class TemplateBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates, kept only while both the template and this module are unchanged.

    Jinja keys compiled code by the template's source alone, but the code also depends on the
    environment: whether a filter takes the context is decided while compiling, for instance.
    After an upgrade of this tool the old code would run against the new functions."""

    ENVIRONMENT = hashlib.sha256(b"".join(Path(module).read_bytes() for module in (__file__, fragment_cache_module))
                                 ).hexdigest()

    def get_source_checksum(self, source: str) -> str:
        return hashlib.sha256(f"{self.ENVIRONMENT}\x00{source}".encode("utf-8")).hexdigest()


def make_environment(config: SiteConfig, cache_dir: Path | None = None,
                     variant: str = STANDARD) -> tuple[jinja2.Environment, OutputLinks]:
    """The templates of one variant, and the links object to point at each output before rendering.

    One environment per variant: `variant` is a global, so macros see it without the page's context.
    cache_dir: where compiled templates are kept between runs (keyed by their source's checksum)."""
    loader = jinja2.FileSystemLoader([str(d / "templates") for d in theme_dirs(config)])
    bytecode_cache = None
    if cache_dir is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        bytecode_cache = TemplateBytecodeCache(str(cache_dir))
    env = CatalogueEnvironment(
        loader=loader, autoescape=jinja2.select_autoescape(["html", "xml"]),
        # Chainable: an optional key (doc.extra.x) simply tests false in a site's own templates.
        undefined=jinja2.ChainableUndefined, trim_blocks=True, lstrip_blocks=True,
        auto_reload=False, bytecode_cache=bytecode_cache, extensions=[FragmentCache],
        # A plain dict, not Jinja's locked LRU: every import and include of every page looks a
        # template up, and a theme has a few dozen.
        cache_size=-1,
    )
    env.template_class = FastOutputTemplate
    links = OutputLinks()
    fragments = env.extensions[FragmentCache.identifier]
    assert isinstance(fragments, FragmentCache)
    fragments.location = lambda: (links.output.to_site_root, links.output.to_variant_root)
    env.globals.update(url=links.url, twin_url=links.twin_url, beside_page=links.beside_page,
                       body_html=links.body_html, variant=variant, variants=VARIANTS, column_link=column_link,
                       ui=TemplateStrings(load_ui_strings(config.language)), config=config)
    # url is a filter too ({{ path|url }}, as the default theme writes it): Jinja calls filters
    # directly and functions through Context.call, and a catalogue's pages hold a million links.
    env.filters.update(cn_date=cn_date, url=links.url)
    return env, links


class PageRenderer:
    def __init__(self, config: SiteConfig, site: Any, cache_dir: Path | None = None):
        self.site = site
        self._environments = {variant: make_environment(config, cache_dir, variant) for variant in VARIANTS}
        for env, _ in self._environments.values():
            env.globals["site"] = site
        self._templates: dict[tuple[str, str], jinja2.Template] = {}

    def render(self, page: Page, variant: str = STANDARD) -> str:
        """The page in one variant; the same templates serve all, told apart by `variant`."""
        env, links = self._environments[variant]
        template = self._templates.get((page.template, variant))
        if template is None:
            template = self._templates[page.template, variant] = env.get_template(page.template)
        links.output = output = PageOutput(page.path, variant)
        return template.render(page=page, variant=variant, page_output=output, **page.context)
