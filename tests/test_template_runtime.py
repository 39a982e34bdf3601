"""The two pieces of template machinery the renderer adds to Jinja: calls that skip Jinja's
context look-ups (render/calls.py) and cached fragments (render/fragment_cache.py)."""
from __future__ import annotations

from typing import Any

import jinja2
import pytest

from sitegen.render.calls import DirectCallContext
from sitegen.render.fragment_cache import FragmentCache


class _Environment(jinja2.Environment):
    context_class = DirectCallContext


def _render(source: str, **context: Any) -> str:
    env = _Environment(loader=jinja2.DictLoader({"page.html": source}))
    return env.get_template("page.html").render(**context)


@jinja2.pass_context
def _page_title(context: Any, suffix: str) -> str:
    return context["title"] + suffix


@jinja2.pass_environment
def _environment_kind(environment: Any) -> str:
    return type(environment).__name__


class _Site:
    def count(self, column: str) -> int:
        return len(column)

    @jinja2.pass_context
    def title_of(self, context: Any) -> str:
        return context["title"]


def test_calls_still_pass_the_context_or_environment_to_functions_that_ask() -> None:
    html = _render("{{ f('!') }}|{{ e() }}|{{ site.title_of() }}|{% for x in [1] %}{{ f(x|string) }}{% endfor %}",
                   f=_page_title, e=_environment_kind, site=_Site(), title="公告")
    assert html == "公告!|_Environment|公告|公告1"


def test_plain_calls_get_their_arguments_and_nothing_else() -> None:
    html = _render("{{ '{n} 条'.format(n=3) }}|{{ site.count('abc') }}|{{ add(2, b=5) }}|"
                   "{% macro m(a, b=1) %}{{ a }}{{ b }}{{ caller() if caller }}{% endmacro %}"
                   "{{ m(7) }}|{% call m(8, b=9) %}内{% endcall %}|{% for i in [1, 2] %}{{ add(i, b=i) }}{% endfor %}",
                   site=_Site(), add=lambda a, b: a + b)
    assert html == "3 条|3|7|71|89内|24"


def test_a_call_raising_stop_iteration_is_undefined_as_in_jinja() -> None:
    assert _render("[{{ next(it) }}]", next=next, it=iter(())) == "[]"


def _cached_environment(templates: dict[str, str]) -> tuple[jinja2.Environment, FragmentCache, list[str]]:
    env = jinja2.Environment(loader=jinja2.DictLoader(templates), extensions=[FragmentCache])
    cache = env.extensions[FragmentCache.identifier]
    assert isinstance(cache, FragmentCache)
    location = ["../"]
    cache.location = lambda: (location[0], location[0])
    env.globals["location"] = location
    return env, cache, location


def test_a_cached_fragment_renders_once_per_key_and_location() -> None:
    renders: list[str] = []

    def note(name: str) -> str:
        renders.append(name)
        return name

    env, _, location = _cached_environment({
        "page.html": "{% cache 'nav', kind == 'home' %}<a href=\"{{ location[0] }}index.html\">{{ note(kind) }}</a>"
                     "{% endcache %}<h1>{{ title }}</h1>"})
    template = env.get_template("page.html")
    first = template.render(kind="column", title="一", note=note)
    second = template.render(kind="column", title="二", note=note)
    home = template.render(kind="home", title="首页", note=note)
    location[0] = "../../"
    deeper = template.render(kind="column", title="三", note=note)
    assert first == '<a href="../index.html">column</a><h1>一</h1>'
    assert second == '<a href="../index.html">column</a><h1>二</h1>'       # the fragment reused, the rest not
    assert home == '<a href="../index.html">home</a><h1>首页</h1>'
    assert deeper == '<a href="../../index.html">column</a><h1>三</h1>'   # another depth: rendered again
    assert renders == ["column", "home", "column"]


def test_a_cached_fragment_stays_escaped_markup() -> None:
    env, _, _ = _cached_environment({"page.html": "{% cache 'x' %}{{ text }}{% endcache %}|{{ text }}"})
    env.autoescape = True
    assert env.get_template("page.html").render(text="<b>") == "&lt;b&gt;|&lt;b&gt;"
    assert env.get_template("page.html").render(text="<i>") == "&lt;b&gt;|&lt;i&gt;"


def test_the_fragment_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sitegen.render.fragment_cache.MAX_FRAGMENTS", 3)
    env, cache, _ = _cached_environment({"page.html": "{% cache title %}{{ title }}{% endcache %}"})
    for title in "一二三四五":
        assert env.get_template("page.html").render(title=title) == title
    assert 0 < len(cache.fragments) <= 3
