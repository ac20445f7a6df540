"""Page macros as Python callables: the macros of one template of ``generator/templates/pages``
in one language, as ``{% import ... with context %}`` would give them.

Their calls are not remembered: ``python bench/fastpaths.py`` measured no saving from it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..i18n import translator
from .htmlkit import environment


@lru_cache(maxsize=64)
def module(template: str, language: str) -> Any:
    """The macros of ``template`` with ``t`` in ``language`` (as ``{% import ... with context %}``)."""
    return environment().get_template(template).make_module({"t": translator(language)})
