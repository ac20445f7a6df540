"""The ``announce:`` block of the statuskit plugin, validated into :class:`Settings`.

Every problem names its mkdocs.yml line (``Report``) and a fix, so that ``statuskit validate``
refuses what ``statuskit announce`` could not run. Secrets are never accepted as values: a key
that would hold one (``url:``, ``token:``, ``password:``...) is refused and its ``*_env`` form
suggested, and the message never repeats the value.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from generator import i18n
from generator import vocabulary as v
from generator.announce.channels import CHANNEL_TYPES, COMMON_KEYS, OPTION_KEYS
from generator.configtext import Report, kind

BLOCK = "announce"
KEYS = ("ledger_branch", "max_age", "channels")
FILTER_KEYS = ("components", "impacts")
DEFAULT_BRANCH = "statuskit-announce"
DEFAULT_MAX_AGE = "24h"
ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}\Z")
ENV_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\Z")
AGE_RE = re.compile(r"^\s*(\d+)\s*([mhd])\s*\Z")
BRANCH_RE = re.compile(r"^(?![/-])(?!.*(?:\.\.|//|@\{|\.lock\Z|/\Z))[A-Za-z0-9._/-]+\Z")
UNITS = {"m": "minutes", "h": "hours", "d": "days"}
IMPACTS = (*v.IMPACTS, v.MAINTENANCE_IMPACT)
# Keys that would hold a secret in the file: refused, with the *_env key to use instead.
SECRET_WORDS = ("url", "token", "secret", "password", "username", "webhook", "api_key", "key")


@dataclass(frozen=True)
class ChannelSpec:
    """One channel entry: ``options`` go to ``make_channel``; the filters stay with the engine."""

    id: str
    type: str
    language: str
    options: Mapping[str, object]
    components: frozenset[str] = frozenset()  # empty: every incident
    impacts: frozenset[str] = frozenset()  # empty: every impact
    timeout: float = 10.0


@dataclass(frozen=True)
class Settings:
    ledger_branch: str = DEFAULT_BRANCH
    max_age: timedelta = timedelta(hours=24)
    channels: tuple[ChannelSpec, ...] = ()


def check(raw: object, report: Report, site_language: str, component_ids: frozenset[str]) -> Settings:
    """The validated block (``{}`` when absent); each problem is added to ``report``."""
    if raw is None or raw == {}:
        return Settings()
    at = report.text.at(BLOCK)
    if not isinstance(raw, Mapping):
        report.add(
            f"announce must be a mapping with channels:, not {kind(raw)}",
            at,
            "write announce: with channels: under it (see the README's Announce section)",
        )
        return Settings()
    for key in raw:
        if key not in KEYS:
            close = difflib.get_close_matches(str(key), KEYS, n=1, cutoff=0.6)
            report.add(
                f"unknown key '{key}' in announce",
                report.text.at(BLOCK, str(key), key=True),
                (f"did you mean '{close[0]}'? " if close else "") + f"the keys are: {', '.join(KEYS)}",
            )
    branch = raw.get("ledger_branch", DEFAULT_BRANCH)
    if not isinstance(branch, str) or not BRANCH_RE.match(branch):
        report.add(
            f"announce ledger_branch must be a git branch name, not {kind(branch)}",
            report.text.at(BLOCK, "ledger_branch"),
            f"remove it (default {DEFAULT_BRANCH}) or name a branch, e.g. ledger_branch: status-announce",
        )
        branch = DEFAULT_BRANCH
    age = _max_age(raw.get("max_age", DEFAULT_MAX_AGE), report)
    channels = _channels(raw.get("channels"), report, site_language, component_ids)
    return Settings(str(branch), age, channels)


def _max_age(value: object, report: Report) -> timedelta:
    found = AGE_RE.match(value) if isinstance(value, str) else None
    if found is None or int(found.group(1)) == 0:
        report.add(
            f"announce max_age must be a duration such as 90m, 24h or 3d, not {kind(value)}",
            report.text.at(BLOCK, "max_age"),
            f"remove it (default {DEFAULT_MAX_AGE}) or write e.g. max_age: 12h",
        )
        return timedelta(hours=24)
    return timedelta(**{UNITS[found.group(2)]: int(found.group(1))})


def _channels(
    raw: object, report: Report, site_language: str, component_ids: frozenset[str]
) -> tuple[ChannelSpec, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        report.add(
            f"announce channels must be a list of entries with id: and type:, not {kind(raw)}",
            report.text.at(BLOCK, "channels"),
            "write each channel as '- id: ops' with 'type: webhook' and its keys under it",
        )
        return ()
    out: list[ChannelSpec] = []
    seen: set[str] = set()
    for index, item in enumerate(raw):
        spec = _channel(index, item, report, site_language, component_ids)
        if spec is None:
            continue
        if spec.id in seen:
            report.add(
                f"announce channel id '{spec.id}' is used twice",
                report.text.at(BLOCK, "channels", index, "id"),
                "ids must be unique (the ledger records deliveries by id): rename one",
            )
            continue
        seen.add(spec.id)
        out.append(spec)
    return tuple(out)


def _channel(
    index: int, item: object, report: Report, site_language: str, component_ids: frozenset[str]
) -> ChannelSpec | None:
    text = report.text
    here = (BLOCK, "channels", index)
    if not isinstance(item, Mapping):
        report.add(
            f"announce channel {index + 1} must be a mapping with id: and type:, not {kind(item)}",
            text.at(*here),
            "write it as '- id: ops' with 'type: webhook' and its keys under it",
        )
        return None
    problems = len(report.items)
    cid, ctype = item.get("id"), item.get("type")
    if not isinstance(cid, str) or not ID_RE.match(cid):
        report.add(
            f"announce channel {index + 1}: id must be lowercase letters, digits, - and _, not {kind(cid)}",
            text.at(*here, "id"),
            "name the channel, e.g. id: ops (the ledger records its deliveries by this id)",
        )
    if ctype not in CHANNEL_TYPES:
        close = difflib.get_close_matches(str(ctype), CHANNEL_TYPES, n=1, cutoff=0.6)
        report.add(
            f"announce channel {index + 1}: unknown type {kind(ctype)}",
            text.at(*here, "type"),
            (f"did you mean '{close[0]}'? " if close else "") + f"the types are: {', '.join(CHANNEL_TYPES)}",
        )
        return None
    name = f"announce channel '{cid}'" if isinstance(cid, str) else f"announce channel {index + 1}"
    required, optional = OPTION_KEYS[str(ctype)]
    known = (*COMMON_KEYS, *FILTER_KEYS, *required, *optional)
    for key, value in item.items():
        key = str(key)
        if key in known:
            if key.endswith("_env") and (not isinstance(value, str) or not ENV_RE.match(value)):
                report.add(
                    f"{name}: {key} must be the name of an environment variable (letters, digits, _); "
                    "the value is not shown, it may be a secret",
                    text.at(*here, key),
                    f"write the variable's name, e.g. {key}: {_example(cid, key)}",
                )
            continue
        env_key = f"{key}_env"
        if key.lower() in SECRET_WORDS or env_key in known:
            report.add(
                f"{name}: '{key}' would put a secret in mkdocs.yml (the value is not shown here)",
                text.at(*here, key, key=True),
                f"store it as a CI secret and name its variable: {env_key}: {_example(cid, env_key)}"
                if env_key in known
                else f"this type takes: {', '.join(required + optional)}; secrets only through *_env keys",
            )
            continue
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        report.add(
            f"{name}: unknown key '{key}' for type {ctype}",
            text.at(*here, key, key=True),
            (f"did you mean '{close[0]}'? " if close else "")
            + f"a {ctype} channel takes: {', '.join(required + optional)} (and {', '.join(COMMON_KEYS[2:])})",
        )
    for key in required:
        if item.get(key) in (None, "", []):
            report.add(
                f"{name}: '{key}' is missing",
                text.at(*here),
                f"add {key}: {_example(cid, key) if key.endswith('_env') else '...'} to this channel",
            )
    language = _language(item.get("language"), site_language, report, name, text.at(*here, "language"))
    components = _filter(item, "components", component_ids, report, name, here, "a component id of the site")
    impacts = _filter(item, "impacts", frozenset(IMPACTS), report, name, here, "an impact")
    timeout = item.get("timeout", 10)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not 0 < timeout <= 120:
        report.add(
            f"{name}: timeout must be a number of seconds from 0 to 120, not {kind(timeout)}",
            text.at(*here, "timeout"),
            "remove it (default 10) or write e.g. timeout: 5",
        )
        timeout = 10
    if len(report.items) > problems:
        return None
    options: dict[str, Any] = {k: v for k, v in item.items() if k not in FILTER_KEYS}
    options["language"] = language
    refused = _refused(options)
    if refused:
        named = re.search(r"'(\w+)'", refused)
        at = text.at(*here, named.group(1)) if named and named.group(1) in item else text.at(*here)
        report.add(f"{name}: {refused}", at, "correct the value this names (see the README's table)")
        return None
    return ChannelSpec(str(cid), str(ctype), language, options, components, impacts, float(timeout))


def _refused(options: Mapping[str, object]) -> str:
    """What the channel itself refuses in its options (a bad server URL, port, visibility...), with
    placeholders for the secrets: their values are checked only when ``announce`` runs."""
    from generator.announce.channels import ChannelSetupError, make_channel

    env = {}
    for key, value in options.items():
        if key.endswith("_env") and isinstance(value, str):
            env[value] = PLACEHOLDERS.get(key, "placeholder")
    try:
        make_channel(options, env)
    except ChannelSetupError as exc:
        return str(exc).split("): ", 1)[-1]
    return ""


PLACEHOLDERS = {"url_env": "https://placeholder.invalid/hook", "secret_env": "whsec_cGxhY2Vob2xkZXI="}


def _example(cid: object, key: str) -> str:
    stem = re.sub(r"[^A-Z0-9]+", "_", str(cid or "status").upper()).strip("_") or "STATUS"
    return f"{stem}_{key.removesuffix('_env').upper()}"


def _language(value: object, site_language: str, report: Report, name: str, at: Any) -> str:
    if value is None or value == "":
        return site_language or "en"
    known = i18n.languages()
    if isinstance(value, str) and (value in known or value.split("-")[0] in known):
        return value
    report.add(
        f"{name}: language {kind(value)} has no catalogue",
        at,
        f"use one of: {', '.join(known)} (default: the site's language)",
    )
    return site_language or "en"


def _filter(
    item: Mapping[str, object],
    key: str,
    allowed: frozenset[str],
    report: Report,
    name: str,
    here: tuple[str | int, ...],
    what: str,
) -> frozenset[str]:
    value = item.get(key)
    if value is None:
        return frozenset()
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values:
        report.add(
            f"{name}: {key} must be a list, not {kind(value)}",
            report.text.at(*here, key),
            f"e.g. {key}: [{', '.join(sorted(allowed)[:2])}]",
        )
        return frozenset()
    out: set[str] = set()
    for position, entry in enumerate(values):
        if not isinstance(entry, str) or entry not in allowed:
            close = difflib.get_close_matches(str(entry), sorted(allowed), n=1, cutoff=0.6)
            report.add(
                f"{name}: {kind(entry)} in {key} is not {what}",
                report.text.at(*here, key, position)
                if isinstance(value, list)
                else report.text.at(*here, key),
                (f"did you mean '{close[0]}'? " if close else "") + f"use: {', '.join(sorted(allowed))}",
            )
        else:
            out.add(entry)
    return frozenset(out)
