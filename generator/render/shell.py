"""Page shells: render a theme template once, then fill per-page values into it.

Every incident page shares the theme around its content: header, nav, footer,
scripts. Only a few values differ (id, title, description, content). A shell
is the theme's output for a probe page whose values are unique tokens, cut at
those tokens. What the theme does to each value (print it as given, escape it,
strip its tags) is learnt from a second probe whose values carry the
characters those filters change; a value whose treatment is not one of the
known filters makes ``Shell.learn`` return None and the caller renders every
page with the theme instead. Filling a shell is a string join, so 1,000 pages
cost what one theme render costs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from markupsafe import Markup, escape

Render = Callable[[Mapping[str, str]], str]
Filter = Callable[[str], str]


def _escaped(value: str) -> str:
    return str(escape(value))


def _double_escaped(value: str) -> str:
    return str(escape(str(escape(value))))


def _stripped(value: str) -> str:
    return Markup(escape(value)).striptags()


def _stripped_escaped(value: str) -> str:
    return str(escape(_stripped(value)))


def _urlencoded(value: str) -> str:
    return quote(str(escape(value)), safe="/")


FILTERS: tuple[Filter, ...] = (str, _escaped, _stripped, _stripped_escaped, _double_escaped, _urlencoded)
"""What a theme may do to a raw value, as seen in its output: context values are set as given
(``str``) or escaped once, and templates print them, strip their tags (and escape the text
again, as the theme layer's ``<title>`` does) or escape them again."""

TRICKY = ' & <b>x</b> "q" \'s\' a  b'
"""Appended to each token in the second probe: every filter above changes it differently."""


def token(name: str) -> str:
    """A probe value no theme filter changes and no page contains."""
    return f"zqx{name.replace('_', '')}xqz"


@dataclass(frozen=True)
class Shell:
    """Literal text with (slot name, filter) holes between the pieces."""

    literals: tuple[str, ...]
    slots: tuple[tuple[str, Filter], ...]

    def fill(self, values: Mapping[str, str]) -> str:
        """The page for ``values`` (raw values, as the context builder takes them)."""
        out = [self.literals[0]]
        for (name, flt), literal in zip(self.slots, self.literals[1:], strict=True):
            out.append(flt(values[name]))
            out.append(literal)
        return "".join(out)

    @classmethod
    def learn(
        cls, render: Render, names: Sequence[str], suffixes: Mapping[str, str] | None = None,
        tricky: Mapping[str, str] | None = None,
    ) -> Shell | None:
        """Learn the shell of ``render`` over the values ``names``; None if it can't be learnt.

        ``suffixes`` are appended to a value in both probes (e.g. content that must contain an
        ``<h1`` as real content does); ``tricky`` overrides the second probe's addition per name
        (an id must stay an id).
        """
        suffixes = suffixes or {}
        tricky = tricky or {}
        first = {n: token(n) + suffixes.get(n, "") for n in names}
        page = render(first)
        by_value = {value: name for name, value in first.items()}
        pattern = re.compile("|".join(re.escape(v) for v in sorted(by_value, key=len, reverse=True)))
        literals: list[str] = []
        found: list[str] = []
        pos = 0
        for match in pattern.finditer(page):
            literals.append(page[pos : match.start()])
            found.append(by_value[match.group()])
            pos = match.end()
        literals.append(page[pos:])
        second = {n: token(n) + tricky.get(n, TRICKY) + suffixes.get(n, "") for n in names}
        filters = _match_filters(render(second), literals, found, second)
        if filters is None:
            return None
        shell = cls(tuple(literals), tuple(zip(found, filters, strict=True)))
        return shell if shell.fill(second) == render(second) else None


def _match_filters(
    page: str, literals: list[str], names: list[str], values: Mapping[str, str]
) -> list[Filter] | None:
    """For each hole, the filter that turns its value into what ``page`` shows there."""
    if not page.startswith(literals[0]):
        return None
    pos = len(literals[0])
    chosen: list[Filter] = []
    for name, literal in zip(names, literals[1:], strict=True):
        for flt in FILTERS:
            shown = flt(values[name])
            if page.startswith(shown, pos) and page.startswith(literal, pos + len(shown)):
                chosen.append(flt)
                pos += len(shown) + len(literal)
                break
        else:
            return None
    return chosen if pos == len(page) else None
