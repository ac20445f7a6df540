"""Macros rendered once with placeholders, then filled with ``str.format``: template markup at string speed.

:func:`stamp` calls a macro with a placeholder for each named argument and
turns its markup into a pattern; :meth:`Stamp.fill` puts values in, escaped
the way ``{{ value }}`` escapes them (Markup as is). The result is the macro's
own output for those values, provided the macro writes each placeholder
argument out as ``{{ name }}`` and branches only on its other arguments; a
placeholder the macro drops or changes is an error when the stamp is made.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup, escape

_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use characters: no label, URL or catalogue has them


def slot(name: str) -> str:
    """The placeholder for field ``name``."""
    return f"{_OPEN}{name}{_CLOSE}"


class Stamp:
    """A macro's markup with a ``{name}`` field where each placeholder argument was written."""

    def __init__(self, html: str, fields: tuple[str, ...], inner: tuple[str, ...] = ()) -> None:
        text = html.replace("{", "{{").replace("}", "}}")
        for name in fields + inner:
            if slot(name) not in text and name not in inner:
                raise ValueError(f"the macro does not write {name!r} out")
            text = text.replace(slot(name), "{" + name + "}")
        if _OPEN in text or _CLOSE in text:
            raise ValueError("the macro changed a placeholder")
        self.pattern = text

    def fill(self, **values: object) -> Markup:
        """The macro's markup for ``values`` (every field given)."""
        return Markup(self.pattern.format_map({name: escape(value) for name, value in values.items()}))


def stamp(
    macro: Callable[..., Any], fields: tuple[str, ...], inner: tuple[str, ...] = (), **fixed: object
) -> Stamp:
    """Stamp ``macro`` with placeholders for ``fields`` and the ``fixed`` keyword arguments.

    ``inner`` names placeholders the caller put inside ``fixed`` values (a
    field of each link, say); the macro may or may not write them out.
    """
    return Stamp(str(macro(**{name: slot(name) for name in fields}, **fixed)), fields, inner)
