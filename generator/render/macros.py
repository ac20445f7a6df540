"""Page macros as Python callables whose results are remembered by their arguments.

A macro of ``generator/templates/pages`` that reads nothing but its arguments
and the translator ``t`` (a status badge, the follow panel) gives the same
markup for the same arguments on every page, so a page renders it once per
site instead of once per use.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import lru_cache
from typing import Any

from markupsafe import Markup

from ..i18n import translator
from . import verify
from .htmlkit import environment


@lru_cache(maxsize=64)
def module(template: str, language: str) -> Any:
    """The macros of ``template`` with ``t`` in ``language`` (as ``{% import ... with context %}``)."""
    return environment().get_template(template).make_module({"t": translator(language)})


class Remembered:
    """The macros of one template and language; each call with hashable arguments is made once."""

    def __init__(self, template: str, language: str) -> None:
        self._module = module(template, language)

    def __getattr__(self, name: str) -> Callable[..., Markup]:
        macro = getattr(self._module, name)
        memo: dict[Hashable, Markup] = {}

        def call(*args: Hashable, **kwargs: Hashable) -> Markup:
            key = (args, tuple(sorted(kwargs.items())))
            found = memo.get(key)
            if found is None:
                found = memo[key] = macro(*args, **kwargs)
            elif verify.enabled():
                verify.same(f"the remembered macro {name}", found, macro(*args, **kwargs))
            return found

        setattr(self, name, call)  # later lookups find the attribute and skip __getattr__
        return call


@lru_cache(maxsize=64)
def remembered(template: str, language: str) -> Remembered:
    """The shared :class:`Remembered` macros of ``template`` in ``language``."""
    return Remembered(template, language)
