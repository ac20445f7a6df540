"""Safe YAML with line numbers: a node tree the validator can point into.

Only plain YAML data is accepted: no tags beyond YAML's own, no anchors or
aliases (so an alias bomb cannot expand), no nesting deeper than MAX_DEPTH
(whatever limit the installed libyaml has of its own), no duplicate keys, and
no character in any key or value that feeds or pages cannot carry
(:data:`generator.limits.REFUSED`, however it is written: raw or as a ``"\\e"``
escape). Problems are recorded with 1-based lines and columns, never raised as
tracebacks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from .errors import ProblemList
from .limits import MAX_BYTES, MAX_DEPTH, describe, refused_char
from .yamltraps import start_trap, syntax_trap

try:  # libyaml is several times faster; fall back to pure Python.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

__all__ = [
    "MAX_BYTES", "MAX_DEPTH", "Entry", "decode", "entries", "is_null", "line_of", "parse", "size_ok", "where"
]
_STD = "tag:yaml.org,2002:"
ALLOWED_TAGS = {_STD + t for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}
NULL = _STD + "null"


@dataclass(frozen=True)
class Entry:
    """A key of a mapping, its value node, and where the key stands."""

    key: str
    node: yaml.Node
    line: int
    column: int


def where(node: yaml.Node) -> tuple[int, int]:
    """The node's 1-based line and column."""
    return node.start_mark.line + 1, node.start_mark.column + 1


def size_ok(size: int, problems: ProblemList) -> bool:
    """True when a file of ``size`` bytes may be read; else a problem is recorded."""
    if size <= MAX_BYTES:
        return True
    problems.add(
        f"the file is {size} bytes; incident files are limited to {MAX_BYTES}",
        hint="split the text or move long material to a linked page",
    )
    return False


def decode(data: bytes, problems: ProblemList) -> str | None:
    """UTF-8 text of a file, or None with a plain problem."""
    if not size_ok(len(data), problems):
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line_start = before.rfind(b"\n") + 1
        column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
        problems.add(
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x} cannot be read)",
            before.count(b"\n") + 1,
            column,
            hint="save the file with UTF-8 encoding in your editor",
        )
        return None


def parse(text: str, problems: ProblemList) -> yaml.Node | None:
    """Compose one YAML document into nodes, or None with problems recorded."""
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        problems.add(
            "the file is empty",
            1,
            hint="write at least title:, impact: and updates:, or create it with `statuskit new`",
        )
        return None
    if not _raw_characters(text, problems):
        return None
    try:
        if not _scan(text, problems):
            return None
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        _yaml_problem(exc, text, problems)
        return None
    except yaml.reader.ReaderError as exc:
        _reader_problem(exc, text, problems)
        return None
    except yaml.YAMLError as exc:
        problems.add(f"the file is not valid YAML: {exc}", 1, hint="check the syntax near the start")
        return None
    if node is None:
        problems.add("the file holds no data", 1, hint="write at least title:, impact: and updates:")
        return None
    tags_ok = _check_tags(node, text, problems)
    # Scalars hold only characters of the file, or what a '\' escape writes: without either, clean.
    suspect = "\\" in text or refused_char(text) is not None
    if (suspect and not _check_text(node, text, problems)) or not tags_ok:
        return None
    return node


_RAW = re.compile("[\ud800-\udfff\x85\u2028\u2029]")


def _raw_characters(text: str, problems: ProblemList) -> bool:
    """Refuse what must not stand in the file as it is. True when clean.

    A lone surrogate is not text (it comes from a command's argument that was not UTF-8, never
    from a decoded file). U+0085, U+2028 and U+2029 are line breaks to YAML but not to most
    editors: every line number after one would point at the wrong line.
    """
    found = _RAW.search(text)
    if found is None:
        return True
    char, index = found.group(), found.start()
    line, column = text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)
    if "\ud800" <= char <= "\udfff":
        problems.add(
            f"{describe(char)} is not text (bytes that are not UTF-8?)",
            line,
            column,
            hint="delete it, or write the text again as UTF-8",
        )
    else:
        name = {"\x85": "NEXT LINE", "\u2028": "LINE SEPARATOR", "\u2029": "PARAGRAPH SEPARATOR"}[char]
        problems.add(
            f"U+{ord(char):04X} {name} is a line break to YAML but not to most editors",
            line,
            column,
            hint="replace it with an ordinary line break (or a space)",
        )
    return False


def _scan(text: str, problems: ProblemList, loader_class: type | None = None) -> bool:
    """Read the parser's events once, before composing: refuse anchors, aliases and deep nesting.

    Composing follows aliases (an alias bomb) and recurses in C for every
    level of nesting (thousands of '[' crash the process), so both are
    stopped here, where the parser walks the text with a flat loop. libyaml
    0.2.6 (PyYAML 6.0.4) has a nesting limit of its own that its scanner,
    reading ahead, can hit before this loop sees level MAX_DEPTH: then the
    pure-Python parser (no limit, only run for such a file) finds our place.
    """
    loader = (loader_class or _Loader)(text)
    depth = 0
    anchor: yaml.NodeEvent | None = None
    try:
        while (event := loader.get_event()) is not None:
            if isinstance(event, yaml.AliasEvent):
                problems.add(
                    "YAML anchors and aliases (&name, *name) are not supported",
                    *_at(event.start_mark),
                    hint="write the value out in full where it is used",
                )
                return False
            if isinstance(event, yaml.NodeEvent) and event.anchor is not None and anchor is None:
                anchor = event
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    problems.add(
                        f"the data is nested more than {MAX_DEPTH} levels deep",
                        *_at(event.start_mark),
                        hint="incident files are a few levels deep: check for stray '[' or '{'",
                    )
                    return False
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        if loader_class is yaml.SafeLoader or "nesting depth" not in str(exc.problem):
            raise
        found = ProblemList(problems.file)
        if _scan(text, found, yaml.SafeLoader):
            raise  # not deeper than ours after all: libyaml's own error is the one to report
        problems.items.extend(found.items)
        return False
    finally:
        loader.dispose()
    if anchor is not None:
        line, column = _at(anchor.start_mark)
        name = f"YAML anchors (&{anchor.anchor}) are not supported"
        trap = start_trap(line_of(text, line), "&", name) if isinstance(anchor, yaml.ScalarEvent) else None
        if trap is not None:
            problems.add(trap[0], line, column, hint=trap[1])
            return False
        problems.add(
            f"YAML anchors (&{anchor.anchor}) and aliases are not supported",
            *_at(anchor.start_mark),
            hint=f"delete '&{anchor.anchor}': incident files use no anchors or aliases",
        )
        return False
    return True


def line_of(text: str, line: int) -> str:
    """The 1-based ``line`` of ``text`` ("" past its end)."""
    lines = text.split("\n")
    return lines[line - 1].rstrip("\r") if 0 < line <= len(lines) else ""


def _at(mark: Any) -> tuple[int, int]:
    """A parser mark (libyaml's or PyYAML's; events always carry one) as a 1-based line and column."""
    return mark.line + 1, mark.column + 1


def _reader_problem(exc: yaml.reader.ReaderError, text: str, problems: ProblemList) -> None:
    """A character YAML refuses (control characters): name its line and column."""
    index = text.find(chr(exc.character)) if isinstance(exc.character, int) else -1
    line = text.count("\n", 0, index) + 1 if index >= 0 else 1
    column = index - text.rfind("\n", 0, index) if index >= 0 else None
    problems.add(
        f"the file holds a control character (0x{exc.character:02x}) that YAML does not allow"
        if isinstance(exc.character, int)
        else f"the file holds a character YAML does not allow ({exc.reason})",
        line,
        column,
        hint="delete it (it often comes with text pasted from a terminal or a word processor)",
    )


def _yaml_problem(exc: yaml.MarkedYAMLError, text: str, problems: ProblemList) -> None:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    what = exc.problem or exc.context or "invalid YAML"
    hint = "check indentation and quoting on this line and the one above"
    line_text = text.splitlines()[line - 1] if line and line <= len(text.splitlines()) else ""
    trap = syntax_trap(line_text, what) if "\t" not in what else None
    if trap is not None:
        what, hint, at = trap
        column = at or column
    elif "\t" in what or "\t" in line_text[: (column or 1)]:
        what = "a tab character is used for indentation"
        hint = "indent with spaces only (YAML does not allow tabs)"
    elif "expected a single document" in str(exc):
        what = "the file holds more than one YAML document (a second '---')"
        hint = "keep one incident per file and remove the extra '---'"
    elif "mapping values are not allowed" in what:
        hint = "put text that contains ': ' in quotes, or use a | block"
    elif "escape" in what or "hexdecimal" in what:  # libyaml: "found unknown escape character" ...
        what = "a '\\' escape in this double-quoted text is not one YAML knows, or names no character"
        hint = "write a backslash as '\\\\', or use single quotes, in which a backslash is just a backslash"
    elif "quoted scalar" in (exc.context or "") and exc.context_mark is not None:
        line, column = _at(exc.context_mark)
        what = "the quote that opens here is never closed"
        hint = "add the closing quote at the end of the text, or remove the opening one"
    problems.add(f"YAML syntax error: {what}", line, column, hint)


def _check_tags(root: yaml.Node, text: str, problems: ProblemList) -> bool:
    """Reject tags beyond YAML's own, each reported. True when clean."""
    ok = True
    stack = [root]
    while stack:
        node = stack.pop()
        if node.tag not in ALLOWED_TAGS:
            line, col = where(node)
            name = f"the YAML tag {node.tag.replace(_STD, '!!')} is not allowed"
            trap = start_trap(line_of(text, line), "!", name) if isinstance(node, yaml.ScalarNode) else None
            if trap is not None:
                problems.add(trap[0], line, col, hint=trap[1])
                ok = False
                continue
            problems.add(
                f"the YAML tag {node.tag.replace(_STD, '!!')} is not allowed",
                line,
                col,
                hint="remove the tag: incident files hold plain text, lists and mappings only",
            )
            ok = False
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((value, key))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return ok


def _check_text(root: yaml.Node, text: str, problems: ProblemList) -> bool:
    """Reject refused characters in every key and value, each scalar reported. True when clean."""
    ok = True
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            char = refused_char(str(node.value))
            if char is not None:
                ok = False
                _char_problem(node, char, text, problems)
        elif isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                stack.extend((value, key))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
    return ok


def _char_problem(node: yaml.ScalarNode, char: str, text: str, problems: ProblemList) -> None:
    """Where a refused character stands: its own place when it is in the file as it is."""
    start, end = node.start_mark.index, node.end_mark.index
    index = text.find(char, start, end) if 0 <= start <= end <= len(text) else -1
    if index >= 0:
        line, column = text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)
        how = ""
    else:
        line, column = where(node)
        how = f" (written {char.encode('unicode_escape').decode('ascii')} in this quoted text)"
    what = describe(char)
    problems.add(
        f"{what} is not allowed in incident text{how}",
        line,
        column,
        hint="delete it; to set the direction of punctuation, U+200F RIGHT-TO-LEFT MARK is allowed"
        if "bidirectional" in what
        else "delete it (it often comes with text pasted from a terminal or another program)",
    )


def is_null(node: yaml.Node) -> bool:
    """True for an empty value or ``null`` / ``~``."""
    return isinstance(node, yaml.ScalarNode) and node.tag == NULL


def entries(node: yaml.MappingNode, problems: ProblemList, item: str = "") -> dict[str, Entry]:
    """The mapping's keys in order; duplicate and non-text keys are problems.

    ``item`` names what the mapping is when it is an item of a list ("update"): a second run of
    its keys from its first key on is then one problem, the ``- `` that would start the next item
    being missing, rather than one duplicate-key problem per key.
    """
    out: dict[str, Entry] = {}
    restarted = False
    for key_node, value in node.value:
        line, col = where(key_node)
        if not isinstance(key_node, yaml.ScalarNode) or is_null(key_node):
            problems.add("a key must be a plain word", line, col, hint="write it as `name: value`")
            continue
        key = str(key_node.value)
        if key in out:
            if restarted:
                continue
            if item and key == next(iter(out)):
                restarted = True
                problems.add(
                    f"a second {item} starts here without '- ' "
                    f"('{key}:' is already set on line {out[key].line})",
                    line,
                    col,
                    hint=f"write '- ' before '{key}:' (two columns left of it, under the '- ' above) "
                    f"to start a new {item}",
                )
                continue
            first = out[key].line
            problems.add(
                f"duplicate key '{key}' (already set on line {first})",
                line,
                col,
                hint=f"keep one '{key}:' in this mapping and delete the other",
            )
            continue
        out[key] = Entry(key, value, line, col)
    return out
