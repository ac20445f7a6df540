"""The mkdocs settings statuskit depends on, outside its own block: checked with the block.

``statuskit validate`` must refuse what the build cannot use: a theme language the
theme lacks, ``use_directory_urls: false``, the plugin listed twice, a ``site_url``
that is no web address, control characters in ``site_name``, a missing incidents
directory. plugin.py reads these :class:`MkdocsFacts` from mkdocs' config.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .configtext import ConfigText, Report
from .errors import InputError, Problem


@dataclass(frozen=True)
class MkdocsFacts:
    """What statuskit needs from mkdocs.yml outside its own block (plugin.py reads them)."""

    use_directory_urls: object = True
    instances: int = 1  # how often statuskit is listed under plugins:
    theme_languages: frozenset[str] | None = None  # the languages the theme ships, when it has such a list
    site_description: object = None


def require_incidents_dir(directory: Path, config_path: Path | None) -> None:
    """An incidents directory that does not exist is an error: a typo must not build an empty page."""
    if directory.is_dir():
        return
    text = ConfigText(config_path)
    exists = directory.exists()
    raise InputError(
        [
            Problem(
                *text.at("incidents_dir"),
                f"the incidents directory {directory} "
                + ("is not a directory" if exists else "does not exist"),
                (
                    f"create it (mkdir {directory.name}) or correct incidents_dir: in mkdocs.yml"
                    if not exists
                    else "point incidents_dir: at the directory of the incident files"
                ),
            )
        ]
    )


def site_name(value: object, report: Report) -> str:
    at = report.text.top("site_name")
    if not isinstance(value, str) or not value.strip():
        report.add(
            "site_name is empty" if isinstance(value, str) or value is None else "site_name must be text",
            at,
            "name the page, e.g. site_name: Example Status",
        )
        return ""
    report.chars(value, "site_name", at)
    return value


def site_url(value: object, report: Report) -> str:
    """``https://host/path/`` (always with the closing slash), or '' when not set."""
    if value is None or value == "":
        return ""
    at = report.text.top("site_url")
    hint = "write the page's public address, e.g. site_url: https://status.example.com/"
    if not isinstance(value, str):
        report.add("site_url must be a web address", at, hint)
        return ""
    if not report.chars(value, "site_url", at):
        return ""
    try:
        parts = urlsplit(value)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        parts, port_ok = urlsplit(""), False
    wrong = (
        "it must start with https:// or http://"
        if parts.scheme.lower() not in ("http", "https")
        else "it has no host name"
        if not parts.hostname
        else "its port is not a number"
        if not port_ok
        else "it holds a user name or password"
        if "@" in parts.netloc
        else "it holds a ?query or #fragment"
        if parts.query or parts.fragment or value.rstrip().endswith(("?", "#"))
        else "it holds spaces"
        if any(ch.isspace() for ch in value)
        else ""
    )
    if wrong:
        report.add(f"site_url '{value}' is not usable: {wrong}", at, hint)
        return ""
    return value.rstrip("/") + "/"


def language(value: object, facts: MkdocsFacts | None, report: Report) -> str:
    at = report.text.top("theme", "language")
    if value is None or value == "":
        if report.text.node("theme", "language") is not None:  # written empty: the theme would fail
            report.add("theme.language is empty", at, "write a language code, e.g. language: en")
        return "en"
    if not isinstance(value, str):
        report.add("theme.language must be a language code", at, "write e.g. language: en")
        return "en"
    known = facts.theme_languages if facts is not None else None
    if known is not None and value not in known:
        close = difflib.get_close_matches(value, sorted(known), n=3, cutoff=0.5)
        report.add(
            f"theme.language '{value}' is not a language the theme has",
            at,
            (f"did you mean {' or '.join(repr(c) for c in close)}? " if close else "")
            + "use a code such as en, de, fr, pt-BR or he (the theme's partials/languages/ lists them)",
        )
        return "en"
    return value


def check_facts(facts: MkdocsFacts, report: Report) -> None:
    text = report.text
    if facts.use_directory_urls is not True:
        report.add(
            "statuskit needs use_directory_urls: true (its published paths are /incidents/<id>/)",
            text.top("use_directory_urls"),
            "remove the use_directory_urls: line (true is the default) or set it to true",
        )
    if facts.instances > 1:
        entries = text.plugin_entries()
        report.add(
            f"the statuskit plugin is listed {facts.instances} times under plugins:",
            entries[1] if len(entries) > 1 else text.top("plugins"),
            "keep one '- statuskit:' entry with all its options and delete the other",
        )
    if isinstance(facts.site_description, str):
        report.chars(facts.site_description, "site_description", text.top("site_description"))
