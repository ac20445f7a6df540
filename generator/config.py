"""The plugin block of mkdocs.yml turned into a validated :class:`SiteConfig`."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import yaml

from .errors import InputError, ProblemList
from .model import Component, SiteConfig
from .vocabulary import SHARE_TARGETS
from .yamlsource import where

try:  # libyaml is several times faster; fall back to pure Python.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*\Z")  # \Z: "$" would let a trailing newline through
COMPONENT_KEYS = ("id", "name", "description", "group")
Position = tuple[int | None, int | None]


class ConfigText:
    """Where each setting of the plugin block stands in mkdocs.yml, for error messages.

    mkdocs has already read the file; this composes it once more into YAML
    nodes (no values are constructed, so mkdocs' own tags such as ``!ENV``
    are harmless) to point errors at a line and column. Best effort: when
    the block cannot be found (e.g. it comes from an ``INHERIT`` file) the
    position is unknown and only the file is named.
    """

    def __init__(self, path: Path | None) -> None:
        self.name = path.name if path else "mkdocs.yml"
        self.block = _plugin_block(path)

    def at(self, *steps: str | int, key: bool = False) -> Position:
        """Position of the value at ``steps`` (keys and list indexes); of its key with ``key``."""
        node: yaml.Node | None = self.block
        key_node: yaml.Node | None = None
        for step in steps:
            key_node, node = _step(node, step)
        found = key_node if key else node
        return where(found) if found is not None else (None, None)


def _plugin_block(path: Path | None) -> yaml.MappingNode | None:
    """The ``statuskit:`` mapping under ``plugins:`` (list or mapping form), if any."""
    if path is None:
        return None
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    plugins = _step(root, "plugins")[1]
    items = plugins.value if isinstance(plugins, yaml.SequenceNode) else [plugins]
    for item in items:
        block = _step(item, "statuskit")[1]
        if isinstance(block, yaml.MappingNode):
            return block
    return None


def _step(node: yaml.Node | None, step: str | int) -> tuple[yaml.Node | None, yaml.Node | None]:
    """(key node, value node) one step down a mapping (by key) or a list (by index)."""
    if isinstance(node, yaml.MappingNode) and isinstance(step, str):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == step:
                return key, value
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
        return None, node.value[step]
    return None, None


def site_config(
    options: Mapping[str, Any],
    site_name: str,
    site_url: str | None,
    language: str = "en",
    config_path: Path | None = None,
) -> SiteConfig:
    """Validate the plugin options; raise InputError naming mkdocs.yml lines."""
    text = ConfigText(config_path)
    problems = ProblemList(text.name)
    timezone = _timezone(str(options.get("timezone") or "UTC"), problems, text)
    components = _components(options.get("components") or [], problems, text)
    cap = options.get("feed_cap", 200)
    if not isinstance(cap, int) or isinstance(cap, bool) or cap < 50:
        problems.add(
            f"feed_cap must be a whole number of at least 50, not {cap!r}",
            *text.at("feed_cap"),
            hint="remove it (default 200) or set e.g. feed_cap: 100",
        )
        cap = 200
    days = options.get("recent_days", 14)
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 90:
        problems.add(
            f"recent_days must be a whole number from 1 to 90, not {days!r}",
            *text.at("recent_days"),
            hint="remove it (default 14) or set e.g. recent_days: 7",
        )
        days = 14
    share = options.get("share", SHARE_TARGETS)
    if not isinstance(share, list | tuple) or any(t not in SHARE_TARGETS for t in share):
        problems.add(
            f"share must be a list of targets, not {share!r}",
            text.line_of(r"^\s*share\s*:"),
            hint=f"choose from: {', '.join(SHARE_TARGETS)} (or share: [] for none)",
        )
        share = SHARE_TARGETS
    if problems:
        raise InputError(problems.items)
    return SiteConfig(
        site_name=site_name,
        site_url=(site_url or "").rstrip("/") + "/" if site_url else "",
        timezone=timezone,
        components=components,
        contact=str(options.get("contact") or ""),
        language=language or "en",
        feed_cap=cap,
        recent_days=days,
        share=tuple(share),
    )


def _timezone(name: str, problems: ProblemList, text: ConfigText) -> ZoneInfo:
    """The site timezone, or UTC with a problem (and the closest known name as the hint)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        pass
    close = difflib.get_close_matches(name, sorted(available_timezones()), n=1, cutoff=0.6)
    problems.add(
        f"timezone '{name}' is not a known IANA time zone name",
        *text.at("timezone"),
        hint=(f"did you mean '{close[0]}'? " if close else "")
        + "use a name such as UTC, Europe/Budapest or America/New_York",
    )
    return ZoneInfo("UTC")


def _components(raw: Any, problems: ProblemList, text: ConfigText) -> tuple[Component, ...]:
    """The configured components; each problem points at its entry in mkdocs.yml."""
    if not isinstance(raw, list):
        problems.add(
            "components must be a list of entries with id: and name:",
            *text.at("components"),
            hint="write each component as '- id: api' with 'name: Public API' under it",
        )
        return ()
    out: list[Component] = []
    seen: set[str] = set()
    for index, item in enumerate(raw):
        found = _component(index, item, problems, text)
        if found is None:
            continue
        if found.id == "status":
            problems.add(
                "component id 'status' is reserved (it names the overall badge)",
                *text.at("components", index, "id"),
                hint="choose another id, e.g. status-page",
            )
            continue
        if found.id in seen:
            problems.add(
                f"component id '{found.id}' is defined twice",
                *text.at("components", index, "id"),
                hint="ids must be unique: rename or remove one of them",
            )
            continue
        seen.add(found.id)
        out.append(found)
    return tuple(out)


def _component(index: int, item: Any, problems: ProblemList, text: ConfigText) -> Component | None:
    """One entry of ``components:``, or None with its problems recorded."""
    position = index + 1
    if not isinstance(item, Mapping):
        problems.add(
            f"component #{position} is not a mapping",
            *text.at("components", index),
            hint="write it as '- id: api' with 'name: Public API' under it",
        )
        return None
    cid = str(item.get("id", "") or "")
    for key in item:
        if key not in COMPONENT_KEYS:
            close = difflib.get_close_matches(str(key), COMPONENT_KEYS, n=1, cutoff=0.6)
            problems.add(
                f"unknown key '{key}' in component '{cid or position}'",
                *text.at("components", index, str(key), key=True),
                hint=(f"did you mean '{close[0]}'? " if close else "")
                + f"components take only {', '.join(COMPONENT_KEYS)}",
            )
    if not ID_RE.match(cid):
        problems.add(
            f"component #{position} needs an id of lowercase letters, digits, '-' or '_'"
            + (f" (got '{cid}')" if cid else ""),
            *text.at("components", index, *(("id",) if "id" in item else ())),
            hint="for example: id: api",
        )
        return None
    name = str(item.get("name") or "").strip()
    if not name:
        problems.add(
            f"component '{cid}' has no name",
            *text.at("components", index, *(("name",) if "name" in item else ())),
            hint=f"add 'name: ...' under 'id: {cid}'",
        )
    return Component(
        id=cid,
        name=name or cid,
        description=str(item.get("description") or "").strip(),
        group=str(item.get("group") or "").strip(),
        position=position,
    )
