"""Did-you-mean: the known word closest to a mistyped one, for every error that lists choices."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["closest", "did_you_mean"]


def closest(value: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The choice most like ``value``, or None when none is close."""
    found = difflib.get_close_matches(value, list(choices), n=1, cutoff=cutoff)
    return found[0] if found else None


def did_you_mean(value: str, choices: Iterable[str], cutoff: float = 0.6) -> str:
    """``did you mean 'x'? `` (with its trailing space) or ``""``."""
    found = closest(value, choices, cutoff)
    return f"did you mean '{found}'? " if found else ""
