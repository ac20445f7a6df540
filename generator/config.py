"""The plugin block of mkdocs.yml turned into a validated :class:`SiteConfig`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import InputError, ProblemList
from .model import Component, SiteConfig

ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
COMPONENT_KEYS = ("id", "name", "description", "group")


class ConfigText:
    """Finds the line of a setting in mkdocs.yml for error messages (best effort)."""

    def __init__(self, path: Path | None) -> None:
        self.name = path.name if path else "mkdocs.yml"
        try:
            self.lines = path.read_text(encoding="utf-8").splitlines() if path else []
        except (OSError, UnicodeDecodeError):
            self.lines = []

    def line_of(self, pattern: str, after: int = 0) -> int | None:
        """First 1-based line at or after ``after`` matching the regex ``pattern``."""
        rx = re.compile(pattern)
        for number, text in enumerate(self.lines[after:], start=after + 1):
            if rx.search(text):
                return number
        return None


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
    plugin_line = text.line_of(r"^\s*-?\s*statuskit\s*:") or text.line_of(r"statuskit")

    tz_name = str(options.get("timezone") or "UTC")
    try:
        timezone = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        problems.add(
            f"timezone '{tz_name}' is not a known IANA time zone name",
            text.line_of(r"^\s*timezone\s*:"),
            hint="use a name such as UTC, Europe/Budapest or America/New_York",
        )
        timezone = ZoneInfo("UTC")

    components = _components(options.get("components") or [], problems, text, plugin_line or 0)
    cap = options.get("feed_cap", 200)
    if not isinstance(cap, int) or isinstance(cap, bool) or cap < 50:
        problems.add(
            f"feed_cap must be a whole number of at least 50, not {cap!r}",
            text.line_of(r"^\s*feed_cap\s*:"),
            hint="remove it (default 200) or set e.g. feed_cap: 100",
        )
        cap = 200
    days = options.get("recent_days", 14)
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 90:
        problems.add(
            f"recent_days must be a whole number from 1 to 90, not {days!r}",
            text.line_of(r"^\s*recent_days\s*:"),
            hint="remove it (default 14) or set e.g. recent_days: 7",
        )
        days = 14
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
    )


def _components(raw: Any, problems: ProblemList, text: ConfigText, start: int) -> tuple[Component, ...]:
    if not isinstance(raw, list):
        problems.add(
            "components must be a list of entries with id: and name:",
            text.line_of(r"^\s*components\s*:", start),
            hint="write each component as '- id: api' with 'name: Public API' under it",
        )
        return ()
    out: list[Component] = []
    seen: set[str] = set()
    for position, item in enumerate(raw, start=1):
        if not isinstance(item, Mapping):
            problems.add(
                f"component #{position} is not a mapping",
                text.line_of(r"^\s*components\s*:", start),
                hint="write it as '- id: api' with 'name: Public API' under it",
            )
            continue
        cid = str(item.get("id", "") or "")
        line = text.line_of(rf"^\s*-?\s*id\s*:\s*['\"]?{re.escape(cid)}['\"]?\s*$", start) if cid else None
        for key in item:
            if key not in COMPONENT_KEYS:
                problems.add(
                    f"unknown key '{key}' in component '{cid or position}'",
                    line,
                    hint=f"components take only {', '.join(COMPONENT_KEYS)}",
                )
        if not ID_RE.match(cid):
            problems.add(
                f"component #{position} needs an id of lowercase letters, digits, '-' or '_'"
                + (f" (got '{cid}')" if cid else ""),
                line,
                hint="for example: id: api",
            )
            continue
        if cid in seen:
            problems.add(f"component id '{cid}' is defined twice", line, hint="ids must be unique")
            continue
        seen.add(cid)
        name = str(item.get("name") or "").strip()
        if not name:
            problems.add(f"component '{cid}' has no name", line, hint=f"add 'name: ...' under 'id: {cid}'")
        out.append(
            Component(
                id=cid,
                name=name or cid,
                description=str(item.get("description") or "").strip(),
                group=str(item.get("group") or "").strip(),
                position=position,
            )
        )
    return tuple(out)
