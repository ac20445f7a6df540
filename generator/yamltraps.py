"""YAML's traps in hand-written files, explained from the line as written, with the line that fixes it.

An unquoted value is read by rules few people know: ``#`` after a space starts a comment, ``: ``
starts another key, and ``@ ` % * & ! | > [ { " ' - ? ,`` at its start mean something else
than text. The parser's own words ("found character that cannot start any token") point the
wrong way; these functions name the real cause and give the quoted line to write instead.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection

__all__ = ["COLLECTION_KEYS", "comment_cut", "quoted_line", "split_line", "start_trap", "syntax_trap"]

COLLECTION_KEYS = frozenset({"components", "updates", "faq", "maintenance"})
"""Keys of an incident file whose value may be written as a ``[...]`` or ``{...}`` collection."""

_LINE = re.compile(r"^(?P<lead>\s*(?:-\s+)*)(?P<key>[A-Za-z_][\w.-]*):(?P<gap>[ \t]+)(?P<value>\S.*?)\s*$")
_START = {
    "@": "'@' cannot start an unquoted value in YAML (it is reserved)",
    "`": "'`' cannot start an unquoted value in YAML (it is reserved)",
    "%": "'%' cannot start an unquoted value in YAML (it starts a directive)",
    "*": "an unquoted value that starts with '*' is a YAML alias (a reference), not text",
    "&": "an unquoted value that starts with '&' is a YAML anchor, not text",
    "!": "an unquoted value that starts with '!' is a YAML tag, not text",
    "|": "'|' at the start of a value starts a block of text on the lines below, not on this line",
    ">": "'>' at the start of a value starts a folded block on the lines below, not on this line",
    "[": "an unquoted value that starts with '[' is a YAML list ([a, b]), not text",
    "{": "an unquoted value that starts with '{' is a YAML mapping ({a: b}), not text",
    '"': "the text goes on after its closing quote",
    "'": "the text goes on after its closing quote",
    "-": "'- ' at the start of a value starts a list item, not text",
    "?": "'? ' at the start of a value starts a YAML key, not text",
    ",": "',' cannot start an unquoted value in YAML",
}
_ALWAYS = frozenset("@`%")  # never valid at the start of a plain value, whatever the key holds


def split_line(line: str) -> tuple[str, str, str] | None:
    """``(lead, key, value)`` of a ``key: value`` line (``lead``: indentation and any ``- ``)."""
    found = _LINE.match(line)
    if found is None:
        return None
    return found["lead"], found["key"], found["value"]


def quoted_line(key: str, value: str, lead: str = "") -> str:
    """The line with ``value`` in double quotes (a JSON string is a valid YAML double-quoted one)."""
    return f"{lead.strip()} {key}: {json.dumps(value, ensure_ascii=False)}".strip()


def _quote_fix(key: str, value: str, lead: str) -> str:
    shown = quoted_line(key, value, lead)
    if len(shown) > 90:
        return f'put the whole text in double quotes: {key}: "...", or use a | block on the lines below'
    return f"put the whole text in double quotes: {shown}"


def syntax_trap(
    line_text: str, problem: str, collections: Collection[str] | None = COLLECTION_KEYS
) -> tuple[str, str, int | None] | None:
    """``(what, fix, column)`` for a YAML syntax error on ``line_text`` caused by an unquoted text value
    (``column``: 1-based, where the cause stands; None where the parser's own column is right).

    ``collections`` are the keys whose value may rightly be a ``[...]``/``{...}``/``!tag`` (None: any
    key may hold anything, as in mkdocs.yml): only characters that never start a value are then
    explained there.
    """
    if "expected '-' indicator" in problem and re.match(r"^\s*[A-Za-z_][\w-]*:", line_text):
        return (
            "this line is in a list, but does not start with '- '",
            "start a new item with '- ' (e.g. '- at: ...'), or indent the line under the item above",
            None,
        )
    parts = split_line(line_text)
    if parts is None:
        return None
    lead, key, value = parts
    column = _LINE.match(line_text).start("value") + 1  # type: ignore[union-attr]
    first = value[0]
    may_be_collection = collections is None or key in collections
    indicator = first in _START and not (first in "-?" and value[1:2] not in ("", " ", "\t"))
    quoted_early = first in "\"'" and _closed_early(value)
    if indicator and (first in _ALWAYS or not may_be_collection) and (first not in "\"'" or quoted_early):
        return f"'{key}': {_START[first]}", _quote_fix(key, value, lead), column
    if (not may_be_collection or first not in "[{") and first not in "\"'|>" and ": " in value:
        return (*_colon(key, value, lead), None)
    return None


def _colon(key: str, value: str, lead: str) -> tuple[str, str]:
    return (
        f"'{key}': ': ' inside an unquoted value makes YAML read a second key on the same line",
        _quote_fix(key, value, lead),
    )


def _closed_early(value: str) -> bool:
    """True when a quoted value's closing quote is followed by more text (``"a" b``)."""
    quote = value[0]
    index = 1
    while index < len(value):
        char = value[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and value[index + 1 : index + 2] == "'":
                index += 2
                continue
            rest = value[index + 1 :].strip()
            return bool(rest) and not rest.startswith("#")
        index += 1
    return False


def comment_cut(key: str, rest_of_line: str, value: str) -> tuple[str, str] | None:
    """``(what, fix)`` when a ``#`` cut a value short: empty (``key: #1``) or at ``text #1``.

    ``rest_of_line`` is what follows the value on its line. A comment written as a comment
    (``# `` with a space) after some text is left alone: the contract's own example has them.
    """
    after = rest_of_line.lstrip(" \t")
    if not after.startswith("#"):
        return None
    if not value:
        return (
            f"'{key}' is empty: YAML reads everything from '#' on as a comment",
            _quote_fix(key, after, ""),
        )
    if len(after) > 1 and not after[1].isspace() and after[1] != "#":
        return (
            f"'{key}' stops before '{after[:20]}': YAML reads ' #' and what follows as a comment",
            _quote_fix(key, f"{value} {after}" if rest_of_line[:1] in " \t" else value + after, ""),
        )
    return None


def start_trap(line_text: str, char: str, name: str) -> tuple[str, str] | None:
    """``(what, fix)`` when a text value on ``line_text`` starts with ``char`` (``&`` or ``!``) that
    YAML took for an anchor or a tag (``name``: how the parser's own problem calls it)."""
    parts = split_line(line_text)
    if parts is None or parts[1] in COLLECTION_KEYS or not parts[2].startswith(char):
        return None
    lead, key, value = parts
    word = "an anchor" if char == "&" else "a tag"
    return (
        f"'{key}': {name}: an unquoted value that starts with '{char}' is {word}, not text",
        f"{_quote_fix(key, value, lead)} (or remove the {word.split()[1]} if it is not text)",
    )
