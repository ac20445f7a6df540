"""Macros rendered once with placeholders, then filled by joining strings: template markup at string speed.

:func:`stamp` calls a macro with a placeholder for each named argument and
splits its markup at them; :meth:`Stamp.fill` puts values in, escaped
the way ``{{ value }}`` escapes them (Markup as is). The result is the macro's
own output for those values, provided the macro writes each placeholder
argument out as ``{{ name }}`` and branches only on its other arguments; a
placeholder the macro drops or changes is an error when the stamp is made.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from markupsafe import Markup, escape

from . import verify

_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use characters: no label, URL or catalogue has them
_SPECIAL = re.compile("[&<>\"']")  # what escape() changes: text without them is its own escape


def slot(name: str) -> str:
    """The placeholder for field ``name``."""
    return f"{_OPEN}{name}{_CLOSE}"


class Stamp:
    """A macro's markup split at each placeholder: literal text at even, field names at odd positions."""

    def __init__(
        self,
        html: str,
        fields: tuple[str, ...],
        inner: tuple[str, ...] = (),
        plain: Callable[[dict[str, object]], object] | None = None,
    ) -> None:
        for name in fields:
            if slot(name) not in html:
                raise ValueError(f"the macro does not write {name!r} out")
        known = "|".join(re.escape(name) for name in fields + inner)
        self.parts = re.split(f"{_OPEN}({known}){_CLOSE}", html)
        if any(_OPEN in part or _CLOSE in part for part in self.parts[::2]):
            raise ValueError("the macro changed a placeholder")
        self._slots = tuple(range(1, len(self.parts), 2))
        self.plain_render = plain  # the macro itself, for values (None: not known)
        self._plain = plain if verify.enabled() else None  # STATUSKIT_VERIFY: compare every fill

    def fill(self, **values: object) -> Markup:
        """The macro's markup for ``values`` (every field given)."""
        return self.fill_from(values)

    def fill_from(self, values: dict[str, object]) -> Markup:
        """:meth:`fill` from a dict, which it changes (its values are escaped in place)."""
        plain = None if self._plain is None else str(self._plain(dict(values)))
        for name, value in values.items():
            if type(value) is str:
                if _SPECIAL.search(value):
                    values[name] = escape(value)
            elif type(value) is not Markup:  # Markup is written as is, like escape() does
                values[name] = escape(value)
        out = self.parts.copy()
        for index in self._slots:
            out[index] = values[out[index]]
        if plain is not None:
            verify.same("a stamped macro", "".join(out), plain)
        return Markup("".join(out))


def stamp(
    macro: Callable[..., Any],
    fields: tuple[str, ...],
    inner: tuple[str, ...] = (),
    plain_render: Callable[[dict[str, object]], object] | None = None,
    **fixed: object,
) -> Stamp:
    """Stamp ``macro`` with placeholders for ``fields`` and the ``fixed`` keyword arguments.

    ``inner`` names placeholders the caller put inside ``fixed`` values (a
    field of each link, say); the macro may or may not write them out. Such a caller
    passes ``plain_render``, the macro called for real values, for STATUSKIT_VERIFY.
    """
    html = str(macro(**{name: slot(name) for name in fields}, **fixed))
    if plain_render is None:
        plain_render = lambda values: macro(**values, **fixed)  # noqa: E731
    return Stamp(html, fields, inner, plain=plain_render)
