"""Characters no text of ours may hold: control characters, noncharacters, undecodable bytes.

YAML refuses most control characters written raw, but a quoted ``"\\u001b"``
gets through, and the feeds' XML (and terminals) cannot carry them. Command
line values can also hold bytes that were not UTF-8 (Python keeps them as
lone surrogates). The config and the CLI refuse them all with this check.
"""

from __future__ import annotations

import re

_ALLOWED_CONTROLS = "\t\n\r"
_RANGES = (
    (0x00, 0x1F),  # C0 controls (tab, newline and carriage return are allowed)
    (0x7F, 0x9F),  # DEL and C1 controls
    (0xD800, 0xDFFF),  # surrogates: never text; argv bytes that were not UTF-8
    (0xFDD0, 0xFDEF),  # noncharacters
)
_PLANE_ENDS = tuple((plane << 16) | end for plane in range(17) for end in (0xFFFE, 0xFFFF))


def _class() -> re.Pattern[str]:
    parts = [f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in _RANGES]
    parts += [f"\\U{cp:08x}" for cp in _PLANE_ENDS]
    body = "".join(parts)
    return re.compile(f"(?![{re.escape(_ALLOWED_CONTROLS)}])[{body}]")


_BAD = _class()


def bad_character(text: str) -> tuple[int, str] | None:
    """(index, what it is) of the first character text may not hold, or None when clean."""
    found = _BAD.search(text)
    if found is None:
        return None
    cp = ord(found.group())
    if 0xDC80 <= cp <= 0xDCFF:
        return found.start(), f"a byte that is not UTF-8 text (0x{cp - 0xDC00:02X})"
    if 0xD800 <= cp <= 0xDFFF:
        return found.start(), f"a lone surrogate (U+{cp:04X})"
    if cp <= 0x9F:
        return found.start(), f"a control character (U+{cp:04X})"
    return found.start(), f"the noncharacter U+{cp:04X}"


CHAR_HINT = "delete it (it often comes with text pasted from a terminal or a word processor)"
