"""`{% cache "name", key... %}…{% endcache %}`: a template fragment rendered once per key, as Hugo's
partialCached and Django's {% cache %} do.

Every page of a catalogue repeats the same header, navigation and footer; rendering them again for
each of some forty thousand outputs was a fifth of the time the pages took. A cached fragment is
rendered the first time its key is seen and reused after, within one build process.

The key is the tag's arguments plus where the output lies (its prefixes back to the site root and
to its variant's root): every link a fragment holds is relative to the page it is on, so two pages
share a fragment only when the links in it come out the same. Each variant has its own environment,
and so its own cache. A fragment may depend only on its keys, the configuration and site-wide data
(the column tree, say): anything else of the page (its title, its twin's address) must not be
inside one, or must be a key.
"""
from __future__ import annotations

from typing import Any, Callable

from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.parser import Parser
from markupsafe import Markup

# A site theme might key a fragment by something of every page; the cache then stops growing.
MAX_FRAGMENTS = 10_000


class FragmentCache(Extension):
    tags = {"cache"}

    def __init__(self, environment: Any) -> None:
        super().__init__(environment)
        self.fragments: dict[tuple[Any, ...], Markup] = {}
        # Where the output being rendered lies: set by make_environment (templates.OutputLinks).
        self.location: Callable[[], tuple[str, str]] = lambda: ("", "")

    def parse(self, parser: Parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        keys = [parser.parse_expression()]
        while parser.stream.skip_if("comma"):
            keys.append(parser.parse_expression())
        body = parser.parse_statements(("name:endcache",), drop_needle=True)
        return nodes.CallBlock(self.call_method("_fragment", [nodes.Tuple(keys, "load")]), [], [], body
                               ).set_lineno(lineno)

    def _fragment(self, keys: tuple[Any, ...], caller: Callable[[], str]) -> Markup:
        key = (*self.location(), *keys)
        fragment = self.fragments.get(key)
        if fragment is None:
            if len(self.fragments) >= MAX_FRAGMENTS:
                self.fragments.clear()
            fragment = self.fragments[key] = Markup(caller())
        return fragment
