"""The plugin block of mkdocs.yml (and what statuskit needs around it) as a validated :class:`SiteConfig`.

Every value is checked here, with its type, so that ``statuskit validate``
refuses what the build could not use: each problem names the mkdocs.yml
line (or the ``INHERIT`` file that sets it) and says how to fix it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from . import mkdocs_settings
from .chars import bad_character
from .configtext import ConfigText, Report, kind
from .errors import InputError
from .model import Component, SiteConfig
from .vocabulary import SHARE_TARGETS

ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*\Z")  # \Z: "$" would let a trailing newline through
COMPONENT_KEYS = ("id", "name", "description", "group")
OPTIONS = (
    "timezone",
    "contact",
    "components",
    "incidents_dir",
    "feed_cap",
    "recent_days",
    "share",
    "fast_pages",
    "example_clock",
    "announce",
)
MAX_COMPONENT_ID = 64  # ids name files and URLs (components/<id>/, badges/<id>.svg)


def site_config(
    options: Mapping[str, Any],
    site_name: object,
    site_url: object,
    language: object = "en",
    config_path: Path | None = None,
    facts: mkdocs_settings.MkdocsFacts | None = None,
) -> SiteConfig:
    """Validate the plugin options (and with ``facts`` the mkdocs settings); raise InputError."""
    text = ConfigText(config_path)
    report = Report(text)
    for key in options:
        if key not in OPTIONS:
            close = difflib.get_close_matches(str(key), OPTIONS, n=1, cutoff=0.6)
            report.add(
                f"unknown option '{key}' of the statuskit plugin",
                text.at(str(key), key=True),
                (f"did you mean '{close[0]}'? " if close else "") + f"the options are: {', '.join(OPTIONS)}",
            )
    name = mkdocs_settings.site_name(site_name, report)
    url = mkdocs_settings.site_url(site_url, report)
    lang = mkdocs_settings.language(language, facts, report)
    if facts is not None:
        mkdocs_settings.check_facts(facts, report)
    timezone = _timezone(options.get("timezone"), report)
    components = _components(options.get("components"), report)
    contact = _text_option(options, "contact", report)
    _text_option(options, "incidents_dir", report, required=True)
    cap = _whole(options, "feed_cap", 200, 50, None, report, "set e.g. feed_cap: 100")
    days = _whole(options, "recent_days", 14, 1, 90, report, "set e.g. recent_days: 7")
    share = _share(options.get("share", list(SHARE_TARGETS)), report)
    fast = options.get("fast_pages", True)
    if not isinstance(fast, bool):
        report.add(
            f"fast_pages must be true or false, not {kind(fast)}",
            text.at("fast_pages"),
            "write fast_pages: true (the default) or fast_pages: false, without quotes",
        )
    example = options.get("example_clock", False)
    if not isinstance(example, bool):
        report.add(
            f"example_clock must be true or false, not {kind(example)}",
            text.at("example_clock"),
            "write example_clock: true for an example site, or remove the line for real incidents",
        )
    from .announce.settings import check as check_announce  # the announce: block (announce/settings.py)

    check_announce(options.get("announce"), report, lang, frozenset(c.id for c in components))
    if report.items:
        raise InputError(report.items)
    return SiteConfig(
        site_name=name,
        site_url=url,
        timezone=timezone,
        components=components,
        contact=contact,
        language=lang,
        feed_cap=cap,
        recent_days=days,
        share=share,
        example_clock=example is True,
    )


def incidents_dir(options: Mapping[str, Any], root: Path) -> Path:
    """Where the incident files live (checked by :func:`site_config`)."""
    return root / str(options.get("incidents_dir") or "incidents")


# -- plugin options ---------------------------------------------------------------------------------


def _text_option(options: Mapping[str, Any], key: str, report: Report, required: bool = False) -> str:
    value = options.get(key)
    at = report.text.at(key)
    if value is None or (value == "" and not required):
        return ""
    if not isinstance(value, str) or not value.strip():
        report.add(
            f"{key} must be text, not {kind(value)}" if not isinstance(value, str) else f"{key} is empty",
            at,
            f'write it in quotes, e.g. {key}: "...", or remove the line for the default',
        )
        return ""
    report.chars(value, key, at)
    return value


def _whole(
    options: Mapping[str, Any],
    key: str,
    default: int,
    low: int,
    high: int | None,
    report: Report,
    example: str,
) -> int:
    value = options.get(key, default)
    if value is None:
        return default
    if isinstance(value, int) and not isinstance(value, bool) and low <= value <= (high or value):
        return value
    limits = f"from {low} to {high}" if high else f"of at least {low}"
    report.add(
        f"{key} must be a whole number {limits}, not {kind(value)}",
        report.text.at(key),
        f"remove it (default {default}) or {example} (a number, without quotes)",
    )
    return default


def _timezone(value: object, report: Report) -> ZoneInfo:
    """The site timezone, or UTC with a problem (and the closest known name as the hint)."""
    at = report.text.at("timezone")
    if value is None or value == "":
        return ZoneInfo("UTC")
    if value in ("localtime", "posixrules", "Factory") or (
        isinstance(value, str) and value.startswith(("/", ".", "posix/", "right/"))
    ):
        report.add(
            f"timezone '{value}' is a file of the building machine's, not a zone's name: sites would differ "
            "by machine",
            at,
            "name the zone, e.g. UTC, Europe/Budapest or America/New_York",
        )
        return ZoneInfo("UTC")
    if isinstance(value, str) and bad_character(value) is None:
        try:
            return ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            pass
        close = difflib.get_close_matches(value, sorted(available_timezones()), n=1, cutoff=0.6)
        message = f"timezone '{value}' is not a known IANA time zone name"
    else:
        close = []
        message = f"timezone must be a time zone name, not {kind(value)}"
    report.add(
        message,
        at,
        (f"did you mean '{close[0]}'? " if close else "")
        + "use a name such as UTC, Europe/Budapest or America/New_York",
    )
    return ZoneInfo("UTC")


def _share(value: object, report: Report) -> tuple[str, ...]:
    text = report.text
    choose = f"choose from: {', '.join(SHARE_TARGETS)} (or share: [] for none)"
    if value is None:
        return SHARE_TARGETS
    if not isinstance(value, list | tuple):
        report.add(f"share must be a list of targets, not {kind(value)}", text.at("share"), choose)
        return SHARE_TARGETS
    seen: list[str] = []
    for index, target in enumerate(value):
        at = text.at("share", index)
        if not isinstance(target, str) or target not in SHARE_TARGETS:
            close = difflib.get_close_matches(str(target), SHARE_TARGETS, n=1, cutoff=0.6)
            report.add(
                f"'{target}' is not a share target",
                at,
                (f"did you mean '{close[0]}'? " if close else "") + choose,
            )
        elif target in seen:
            report.add(f"share target '{target}' is listed twice", at, "list each target once")
        else:
            seen.append(target)
    return tuple(seen)


def _components(raw: object, report: Report) -> tuple[Component, ...]:
    """The configured components; each problem points at its entry in mkdocs.yml."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        report.add(
            f"components must be a list of entries with id: and name:, not {kind(raw)}",
            report.text.at("components"),
            "write each component as '- id: api' with 'name: Public API' under it",
        )
        return ()
    out: list[Component] = []
    seen: set[str] = set()
    for index, item in enumerate(raw):
        found = _component(index, item, report)
        if found is None:
            continue
        at = report.text.at("components", index, "id")
        if found.id == "status":
            report.add(
                "component id 'status' is reserved (it names the overall badge)",
                at,
                "choose another id, e.g. status-page",
            )
        elif found.id in seen:
            report.add(
                f"component id '{found.id}' is defined twice",
                at,
                "ids must be unique: rename or remove one of them",
            )
        else:
            seen.add(found.id)
            out.append(found)
    return tuple(out)


def _component(index: int, item: object, report: Report) -> Component | None:
    """One entry of ``components:``, or None with its problems recorded."""
    text = report.text
    position = index + 1
    if not isinstance(item, Mapping):
        report.add(
            f"component #{position} is not a mapping",
            text.at("components", index),
            "write it as '- id: api' with 'name: Public API' under it",
        )
        return None
    raw_id = item.get("id")
    cid = raw_id if isinstance(raw_id, str) else ""
    for key in item:
        if key not in COMPONENT_KEYS:
            close = difflib.get_close_matches(str(key), COMPONENT_KEYS, n=1, cutoff=0.6)
            report.add(
                f"unknown key '{key}' in component '{cid or position}'",
                text.at("components", index, str(key), key=True),
                (f"did you mean '{close[0]}'? " if close else "")
                + f"components take only {', '.join(COMPONENT_KEYS)}",
            )
    at_id = text.at("components", index, "id")
    if not isinstance(raw_id, str) or not ID_RE.fullmatch(raw_id) or len(raw_id) > MAX_COMPONENT_ID:
        shown = repr(raw_id) if isinstance(raw_id, str) else kind(raw_id)
        report.add(
            f"component #{position} needs an id of at most {MAX_COMPONENT_ID} lowercase letters, digits, "
            f"'-' or '_'" + (f" (got {shown})" if raw_id is not None else ""),
            at_id,
            "for example: id: api"
            + (' (in quotes when it is a number: id: "5g")' if raw_id is not None else ""),
        )
        return None
    values = {key: _component_text(cid, index, key, item, report) for key in ("name", "description", "group")}
    return Component(
        id=cid,
        name=values["name"] or cid,
        description=values["description"],
        group=values["group"],
        position=position,
    )


def _component_text(cid: str, index: int, key: str, item: Mapping[str, Any], report: Report) -> str:
    """A component's name (required), description or group (optional): text, not empty, clean."""
    at = report.text.at("components", index, key)
    if key not in item and key != "name":
        return ""
    value = item.get(key)
    if isinstance(value, str) and value.strip():
        return value.strip() if report.chars(value, f"the {key} of component '{cid}'", at) else ""
    if key == "name" and (value is None or (isinstance(value, str))):
        report.add(f"component '{cid}' has no name", at, f"add 'name: ...' under 'id: {cid}'")
    elif isinstance(value, str) or value is None:
        report.add(
            f"the {key} of component '{cid}' is empty",
            at,
            f"write the {key} after '{key}:', or remove the line",
        )
    else:
        report.add(
            f"the {key} of component '{cid}' must be text, not {kind(value)}",
            at,
            f'write it in quotes: {key}: "..."',
        )
    return ""
