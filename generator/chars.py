"""Characters no text of ours may hold, for the config and the command line.

The one rule is :data:`generator.limits.REFUSED` (control characters but tab and line
break, lone surrogates, noncharacters, bidi embeddings/overrides/isolates): incident
files, mkdocs.yml and command-line values are held to it alike. Command-line values can
also hold bytes that were not UTF-8 (Python keeps them as lone surrogates), named so here.
"""

from __future__ import annotations

from .limits import REFUSED, describe


def bad_character(text: str) -> tuple[int, str] | None:
    """(index, what it is) of the first character ``text`` may not hold, or None when clean."""
    found = REFUSED.search(text)
    if found is None:
        return None
    cp = ord(found.group())
    if 0xDC80 <= cp <= 0xDCFF:
        return found.start(), f"a byte that is not UTF-8 text (0x{cp - 0xDC00:02X})"
    return found.start(), describe(found.group())


CHAR_HINT = "delete it (it often comes with text pasted from a terminal or a word processor)"
