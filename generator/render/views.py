"""Templates rendered from a view of plain values, stamped once per shape of the view.

A view maps names to strings (Markup for ready markup), booleans, or tuples
of those. When a template only prints a view's strings (``{{ v.title }}``),
tests them and its booleans (``{% if v.resolved %}``) and loops over its
tuples, its output depends on the values only where it prints them. So
:class:`ViewTemplate` renders the template once per *shape* (which strings
are empty, the booleans, the tuples' lengths) with placeholders for the
strings (:mod:`.stamps`) and fills that stamp per view: the template's bytes
for a fraction of a template render.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from types import SimpleNamespace

from markupsafe import Markup

from . import verify
from .htmlkit import render
from .stamps import Stamp, slot

View = Mapping[str, object]
MAX_SHAPES = 512  # stamps kept per template; a site has a few dozen shapes at most


def _shape(value: object, path: str, strings: dict[str, object]) -> Hashable:
    """The shape of ``value``; its non-empty strings go into ``strings`` by path."""
    if isinstance(value, str):
        if value:
            strings[path] = value
        return bool(value)
    if isinstance(value, tuple):
        return tuple(_shape(item, f"{path}.{index}", strings) for index, item in enumerate(value))
    if isinstance(value, bool) or value is None:
        return value
    raise TypeError(f"a view holds strings, booleans and tuples, not {type(value).__name__} ({path})")


def _placeholders(value: object, path: str) -> object:
    """``value`` with each non-empty string replaced by the placeholder of its path."""
    if isinstance(value, str):
        return slot(path) if value else value
    if isinstance(value, tuple):
        return tuple(_placeholders(item, f"{path}.{index}") for index, item in enumerate(value))
    return value


class ViewTemplate:
    """One template of ``generator/templates/pages`` that reads its view as ``v``."""

    def __init__(self, template: str) -> None:
        self.template = template
        self._stamps: dict[Hashable, Stamp] = {}

    def render(self, view: View, **context: Hashable) -> Markup:
        """The template for ``view``, with the other (hashable) template variables in ``context``."""
        strings: dict[str, object] = {}
        shape: list[tuple[str, Hashable]] = []
        for name, value in view.items():
            if isinstance(value, str):  # most values: inline _shape's first case
                if value:
                    strings[name] = value
                shape.append((name, bool(value)))
            else:
                shape.append((name, _shape(value, name, strings)))
        key = (tuple(shape), tuple(sorted(context.items())))
        found = self._stamps.get(key)
        if found is None:
            if len(self._stamps) >= MAX_SHAPES:
                self._stamps.clear()
            found = self._stamps[key] = self._stamp(view, strings, context)
        if verify.enabled():
            fast = found.fill_from(strings)
            verify.same(f"the stamped template {self.template}", fast, self.render_directly(view, **context))
            return fast
        return found.fill_from(strings)

    def render_directly(self, view: View, **context: Hashable) -> str:
        """The template rendered by Jinja for ``view``: what :meth:`render` must equal."""
        return render(self.template, v=SimpleNamespace(**view), **context)

    def _stamp(self, view: View, strings: dict[str, object], context: Mapping[str, Hashable]) -> Stamp:
        placeholders = SimpleNamespace(**{name: _placeholders(value, name) for name, value in view.items()})
        return Stamp(render(self.template, v=placeholders, **context), (), inner=tuple(strings))
