"""Where each setting of mkdocs.yml stands (file, line, column), for error messages.

mkdocs has already read the file; this composes it once more into YAML nodes
(no values are constructed, so mkdocs' own tags such as ``!ENV`` are
harmless) to point errors at a line and column. ``INHERIT`` is followed:
a setting found only in an inherited file is reported there. Best effort:
what cannot be found is reported with the file name alone.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import yaml

from .chars import CHAR_HINT, bad_character
from .errors import Problem
from .yamlsource import where

try:  # libyaml is several times faster; fall back to pure Python.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

PLUGIN = "statuskit"
MAX_INHERIT = 10
_STR = "tag:yaml.org,2002:str"
Step = str | int
Where = tuple[str, int | None, int | None]  # (file as shown, line, column)


class ConfigText:
    """The node trees of mkdocs.yml and the files it inherits, child first."""

    def __init__(self, path: Path | None) -> None:
        self.name = path.name if path else "mkdocs.yml"
        self.files: list[tuple[str, yaml.Node]] = _chain(path) if path else []

    def top(self, *steps: Step, key: bool = False) -> Where:
        """Where the value at ``steps`` from the top of mkdocs.yml stands (its key with ``key``)."""
        for shown, root in self.files:
            found = _walk(root, steps, key)
            if found is not None:
                return (shown, *where(found))
        if steps:  # not written: the nearest setting that is
            return self.top(*steps[:-1])
        return self.name, None, None

    def node(self, *steps: Step) -> yaml.Node | None:
        """The value node at ``steps`` from the top (mkdocs.yml first, then what it inherits), if written."""
        for _, root in self.files:
            found = _walk(root, steps, False)
            if found is not None:
                return found
        return None

    def at(self, *steps: Step, key: bool = False) -> Where:
        """Where the value at ``steps`` inside the plugin's block stands (its key with ``key``)."""
        for shown, root in self.files:
            block = _plugin_block(root)
            found = _walk(block, steps, key) if block is not None else None
            if found is not None:
                return (shown, *where(found))
        if steps:  # not written (a default, or a missing key): the nearest setting that is
            return self.at(*steps[:-1])
        return self.top("plugins")

    def plugin_entries(self) -> list[Where]:
        """Where each entry of ``plugins:`` that names statuskit stands (the file that sets plugins:)."""
        for shown, root in self.files:
            _, plugins = _step(root, "plugins")
            if plugins is None:
                continue
            items = plugins.value if isinstance(plugins, yaml.SequenceNode) else [plugins]
            out: list[Where] = []
            for item in items:
                if isinstance(item, yaml.ScalarNode) and item.value == PLUGIN:
                    out.append((shown, *where(item)))
                elif (found := _step(item, PLUGIN)[0]) is not None:
                    out.append((shown, *where(found)))
            return out
        return []


def _chain(path: Path) -> list[tuple[str, yaml.Node]]:
    """mkdocs.yml and its INHERIT parents, each composed once (unreadable ones end the chain)."""
    return _inherit(path)[0]


def inherit_problem(path: Path) -> Problem | None:
    """What stops mkdocs from reading the INHERIT chain (a loop, a missing file), if anything."""
    return _inherit(path)[1]


def _inherit(path: Path) -> tuple[list[tuple[str, yaml.Node]], Problem | None]:
    out: list[tuple[str, yaml.Node]] = []
    seen: list[Path] = []
    current = path
    while True:
        shown = path.name if current == path else os.path.relpath(current, path.parent)
        seen.append(current.resolve())
        try:
            root = yaml.compose(current.read_text(encoding="utf-8"), Loader=_Loader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            return out, None  # mkdocs reads it next and says what is wrong
        if root is None:
            return out, None
        out.append((shown, root))
        key, parent = _step(root, "INHERIT")
        if key is None or parent is None:
            return out, None
        line, column = where(parent)
        if isinstance(parent, yaml.ScalarNode) and parent.tag != _STR:
            return out, None  # a tag such as !ENV: mkdocs resolves it
        if not isinstance(parent, yaml.ScalarNode) or not parent.value:
            fix = "write the file name of the parent config, e.g. INHERIT: base.yml"
            return out, Problem(shown, line, column, "INHERIT must name one file", fix)
        target = current.parent / str(parent.value)
        if target.resolve() in seen:
            loop = " -> ".join(os.path.relpath(p, path.parent.resolve()) for p in [*seen, target.resolve()])
            fix = "remove the INHERIT: line from the file that closes the loop"
            return out, Problem(shown, line, column, f"INHERIT makes a loop: {loop}", fix)
        if not target.is_file():
            what = "is a directory" if target.is_dir() else "does not exist"
            fix = "correct the path (it is relative to the file that names it)"
            return out, Problem(shown, line, column, f"the inherited file {target} {what}", fix)
        if len(seen) >= MAX_INHERIT:
            fix = f"inherit through at most {MAX_INHERIT} files"
            return out, Problem(shown, line, column, "INHERIT goes too deep", fix)
        current = target


def _plugin_block(root: yaml.Node) -> yaml.MappingNode | None:
    """The ``statuskit:`` mapping under ``plugins:`` (list or mapping form), if any."""
    plugins = _step(root, "plugins")[1]
    items = plugins.value if isinstance(plugins, yaml.SequenceNode) else [plugins]
    for item in items:
        block = _step(item, PLUGIN)[1]
        if isinstance(block, yaml.MappingNode):
            return block
    return None


def _walk(node: yaml.Node | None, steps: tuple[Step, ...], key: bool) -> yaml.Node | None:
    """The node at ``steps`` below ``node`` (the last step's key node with ``key``)."""
    key_node: yaml.Node | None = None
    for step in steps:
        key_node, node = _step(node, step)
        if node is None:
            return None
    return key_node if key and key_node is not None else node


def _step(node: yaml.Node | None, step: Step) -> tuple[yaml.Node | None, yaml.Node | None]:
    """(key node, value node) one step down a mapping (by key) or a list (by index)."""
    if isinstance(node, yaml.MappingNode) and isinstance(step, str):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == step:
                return key, value
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
        return None, node.value[step]
    return None, None


class Report:
    """Problems of mkdocs.yml, each in the file (mkdocs.yml or an inherited one) that holds the setting."""

    def __init__(self, text: ConfigText) -> None:
        self.text = text
        self.items: list[Problem] = []

    def add(self, message: str, at: Where, hint: str) -> None:
        self.items.append(Problem(at[0], at[1], at[2], message, hint))

    def chars(self, value: str, what: str, at: Where) -> bool:
        """Record a forbidden character in ``value``; True when it is clean."""
        found = bad_character(value)
        if found is not None:
            self.add(f"{what} holds {found[1]}", at, CHAR_HINT)
        return found is None


def kind(value: object) -> str:
    """How a wrong value reads in a message: ``the text '100'``, ``a list``, ``true``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"the text '{value}'"
    if isinstance(value, int | float):
        return f"the number {value}"
    if value is None:
        return "empty"
    return "a mapping" if isinstance(value, Mapping) else "a list" if isinstance(value, list) else "a value"
