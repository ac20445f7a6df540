"""The bounds of an incident file, in one place: what ``validate`` accepts, every output can show.

The README's rules and ``schemas/incident.schema.json`` state the same bounds; the loader
(:mod:`generator.load`, :mod:`generator.yamlsource`) enforces them, with a fix for each.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime

MAX_BYTES = 2_000_000  # one incident file
MAX_DEPTH = 32  # levels of nested lists and mappings
MAX_TITLE = 200  # characters of a title (after runs of spaces become one): a headline, not a text
MAX_BRACKETS = 200  # unescaped '[' in one Markdown text: link parsing takes time quadratic in them
MAX_NESTING = 40  # levels of lists and quotes one Markdown line opens: each is a recursion

EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
"""No time before this (Unix time 0): a year like 0226 or 1026 is a typo, not an incident."""
LATEST = datetime(9999, 12, 30, tzinfo=UTC)
"""No time after this: the last day Python's datetime holds, less a margin that keeps every
time zone (UTC-12 to UTC+14) and a day of date arithmetic within year 9999."""

_ASTRAL_NONCHARACTERS = "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17)
)
_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff" + _ASTRAL_NONCHARACTERS
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
_BMP = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f"  # control characters but tab and line break (C0, DEL, C1)
    "\ud800-\udfff"  # lone surrogates: not text, cannot be written as UTF-8
    "\ufdd0-\ufdef\ufffe\uffff"  # noncharacters: XML 1.0 refuses U+FFFE and U+FFFF, HTML all of them
    + BIDI_CONTROLS  # embeddings, overrides, isolates: text that displays in a misleading order
)
REFUSED = re.compile(f"[{_BMP}{_ASTRAL_NONCHARACTERS}]")
"""Characters no incident text, key or value may hold. Bidi marks (U+200E, U+200F, U+061C)
stay allowed: they are how right-to-left text fixes the place of punctuation."""
_REFUSED_BMP = re.compile(f"[{_BMP}]")  # the same, searched several times faster
_REFUSED_ASTRAL = re.compile(f"[{_ASTRAL_NONCHARACTERS}]")

_INVISIBLE = frozenset(("Zs", "Zl", "Zp", "Cc", "Cf", "Mn", "Me", "Cs"))


def refused_char(text: str) -> str | None:
    """A character of ``text`` that :data:`REFUSED` names, or None."""
    found = _REFUSED_BMP.search(text)
    if found is None and not text.isascii() and max(text) > "\uffff":
        found = _REFUSED_ASTRAL.search(text)
    return found.group() if found else None


def describe(char: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``: a refused character, named for a person."""
    code = f"U+{ord(char):04X}"
    if re.match(f"[{BIDI_CONTROLS}]", char):
        return f"the bidirectional control {code} {unicodedata.name(char, '')}".rstrip()
    if "\ud800" <= char <= "\udfff":
        return f"the lone surrogate {code}"
    if re.match(f"[{_NONCHARACTERS}]", char):
        return f"the noncharacter {code}"
    return f"the control character {code}"


_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")  # Hangul fillers, the blank braille cell


def visible(text: str) -> bool:
    """True when ``text`` shows something: not only spaces, invisible formatting, lone accents or
    the letters that draw nothing (Hangul fillers, the blank braille pattern)."""
    return any(unicodedata.category(c) not in _INVISIBLE and c not in _BLANK_LETTERS for c in text)


def escaped(text: str, lines: bool = True) -> str:
    """``text`` with every refused character (and line breaks, unless ``lines`` is false) written
    as an escape: what a terminal shows of it can neither act on it nor be misread."""
    out = REFUSED.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
    return out.replace("\n", "\\n") if lines else out


_ESCAPE = re.compile(r"\\.", re.DOTALL)
_CONTAINERS = re.compile(r"[ \t]*(?:>|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t]))[ \t]*")


def nesting(line: str) -> int:
    """How many lists and quotes ``line`` may open: its markers, and its indent counted in fours."""
    indent = len(line) - len(line.lstrip(" \t"))
    markers, at = 0, 0
    while (found := _CONTAINERS.match(line, at)) is not None and found.end() > at:
        markers, at = markers + 1, found.end()
    return markers + indent // 4


def markdown_problem(text: str) -> tuple[int, str, str] | None:
    """(line within ``text``, what is wrong, the fix) when Markdown would take too long or recurse
    too deep on ``text``, else None. Prose never comes near these bounds."""
    brackets = _ESCAPE.sub("", text).count("[")
    if brackets > MAX_BRACKETS:
        return (
            0,
            f"the text has {brackets} '[' characters; at most {MAX_BRACKETS} per text "
            "(each may start a link, and links take time to read)",
            "split it into several updates, or write a bracket that starts no link as \\[",
        )
    for number, line in enumerate(text.split("\n")):
        if (levels := nesting(line)) > MAX_NESTING:
            return (
                number,
                f"this line nests lists or quotes {levels} levels deep; at most {MAX_NESTING}",
                "remove list markers ('- ', '1. ', '> ') or indentation at the start of the line",
            )
    return None
