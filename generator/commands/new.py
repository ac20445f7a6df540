"""``statuskit new``: start an incident file with its first update."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import click

from .. import limits
from .. import vocabulary as v
from ..authoring import NewUpdate, create_new, new_file_text, slug
from ..clock import build_now
from ..errors import InputError
from ..incident_templates import TEMPLATES, Template
from ..load import ID_RE
from ..mkdocs_settings import require_incidents_dir
from ..model import SiteConfig
from ..suggest import did_you_mean
from ..times import NEXT_HINT, TIME_HINT, is_duration, iso, parse_time, parse_when
from .common import (
    BadInput,
    candidate_problems,
    choice_value,
    config_path,
    file_error,
    mkdocs_config,
    named_by_flag,
    printable,
    settings,
    text_value,
)


@dataclass
class NewOptions:
    """What the operator asked for (some may still be missing)."""

    title: str | None
    impact: str | None
    components: tuple[str, ...]
    message: str | None
    status: str | None
    incident_id: str | None
    next_update: str | None
    template: str | None
    maintenance_start: str | None
    maintenance_end: str | None


def interactive() -> bool:
    """True when a person can answer prompts."""
    return sys.stdin.isatty()


def ask(value: str | None, option: str, text: str, choices: tuple[str, ...] | None = None) -> str:
    """The value, a prompt on a terminal, or a usage error (exit 2) without one."""
    if value:
        return value
    if not interactive():
        raise click.UsageError(f"missing option {option} (no terminal to ask on)")
    kind = click.Choice(choices) if choices else str
    return str(click.prompt(text, type=kind, show_choices=True))


def components(raw: tuple[str, ...], config: SiteConfig) -> tuple[tuple[str, str | None], ...]:
    """``api`` or ``api=major_outage`` pairs, checked against the config (each id once)."""
    out: dict[str, str | None] = {}
    known = tuple(c.id for c in config.components)
    for item in raw:
        text_value(item, "--component")
        cid, sep, status = item.partition("=")
        cid, status = cid.strip(), status.strip()
        if sep and not status:
            raise BadInput(
                f"--component {item}: no status after '='\n"
                f"    fix: write --component {cid or 'ID'} or --component {cid or 'ID'}=STATUS "
                f"with one of: {', '.join(v.COMPONENT_STATUSES)}"
            )
        if config.component(cid) is None:
            listed = ", ".join(known) or "(none: add components in mkdocs.yml)"
            raise BadInput(
                f"--component {item}: {f'no component {cid!r}' if cid else 'no component id'} in mkdocs.yml\n"
                f"    fix: {did_you_mean(cid, known) if cid else ''}use one of: {listed}"
            )
        if status and status not in v.COMPONENT_STATUSES:
            raise BadInput(
                f"--component {item}: '{status}' is not a component status\n"
                f"    fix: {did_you_mean(status, v.COMPONENT_STATUSES)}"
                f"use one of: {', '.join(v.COMPONENT_STATUSES)}"
            )
        if cid in out:
            raise BadInput(f"--component {cid} is given twice\n    fix: name each component once")
        out[cid] = status or None
    return tuple(out.items())


def ask_components(config: SiteConfig) -> tuple[str, ...]:
    """On a terminal: which configured components are affected (ids or list numbers, or none)."""
    listed = config.components
    if not listed:
        return ()
    width = max(len(c.id) for c in listed)
    click.echo("Components:")
    for number, component in enumerate(listed, 1):
        click.echo(f"  {number:>2}. {component.id:<{width}}  {component.name}")
    known = tuple(c.id for c in listed)

    def pick(answer: str) -> tuple[str, ...]:
        chosen: list[str] = []
        for word in answer.replace(",", " ").split():
            cid, sep, status = word.partition("=")
            if cid.isdigit() and 1 <= int(cid) <= len(listed):
                cid = listed[int(cid) - 1].id
            if cid not in known:
                raise click.BadParameter(
                    f"'{cid}' is not a component: {did_you_mean(cid, known)}"
                    f"answer with ids ({', '.join(known)}) or numbers 1-{len(listed)}"
                )
            chosen.append(cid + sep + status)
        return tuple(chosen)

    answer = click.prompt(
        "Affected components (ids or numbers, comma-separated; Enter for none)",
        default="",
        show_default=False,
        value_proc=pick,
    )
    return answer if isinstance(answer, tuple) else pick(str(answer))


def time_option(raw: str | None, option: str, now: datetime, config: SiteConfig) -> datetime | None:
    """Parse a time option (None: not given) or fail with the format hint (also for an empty
    value, and for a time no calendar can hold)."""
    if raw is None:
        return None
    hint = NEXT_HINT if option == "--next-update" else TIME_HINT
    if not raw.strip():
        raise BadInput(f"{option} is empty\n    fix: {hint}, or leave the option out")
    text_value(raw, option)
    try:
        value = (
            parse_when(raw, now, config.timezone)
            if option == "--next-update"
            else parse_time(raw, config.timezone)
        )
        if value is not None:
            value.astimezone(config.timezone)  # it is written in the site's time zone
    except (OverflowError, ValueError):  # 9999-12-31T23:30Z east of UTC
        value = None
        far = True
    else:
        far = value is not None and not limits.EARLIEST <= value <= limits.LATEST
    if far or (value is None and option == "--next-update" and is_duration(raw)):  # 99999999999999h
        raise BadInput(
            f"{option} {raw}: too far from today to be a date (statuskit takes times from "
            f"{iso(limits.EARLIEST)} to {iso(limits.LATEST)})\n    fix: {hint}"
        )
    if value is None:
        raise BadInput(f"{option} {raw}: not a time\n    fix: {hint}")
    return value


def kind_of(opts: NewOptions, template: Template | None) -> bool:
    """True for a maintenance; refuses options that contradict each other."""
    window = bool(opts.maintenance_start or opts.maintenance_end)
    is_mnt = window or opts.template == "maintenance" or opts.impact == v.MAINTENANCE_IMPACT
    if opts.template and opts.template != "maintenance" and is_mnt:
        given = "--impact maintenance" if opts.impact == v.MAINTENANCE_IMPACT else "a maintenance window"
        raise BadInput(
            f"--template {opts.template} is for incidents, but {given} makes this a maintenance\n"
            "    fix: use --template maintenance, or leave the maintenance options out"
        )
    if is_mnt and opts.impact and opts.impact != v.MAINTENANCE_IMPACT:
        cause = "--template maintenance" if opts.template == "maintenance" else "a maintenance window"
        raise BadInput(
            f"--impact {opts.impact}: {cause} makes this a maintenance, "
            "whose impact is always 'maintenance'\n"
            "    fix: leave --impact out (or use --impact maintenance)"
        )
    return is_mnt


def _window(opts: NewOptions, now: datetime, config: SiteConfig) -> tuple[datetime, datetime]:
    """The maintenance window from the options (asked for on a terminal), end after start."""
    start, end = (
        time_option(ask(raw, option, prompt), option, now, config)
        for raw, option, prompt in (
            (opts.maintenance_start, "--maintenance-start", "Window start"),
            (opts.maintenance_end, "--maintenance-end", "Window end"),
        )
    )
    if start is None or end is None or end <= start:  # (ask() never gives an empty answer)
        raise BadInput(
            "--maintenance-end is not after --maintenance-start\n    fix: give an end after the start"
        )
    return start, end


def run(config_file: str | None, opts: NewOptions) -> str:
    """Write the new file after validating it exactly as the build will; print its path.

    Every value given as an option is checked first, before any question is asked or any
    file is composed, so an error names the option that holds it."""
    config, incidents_dir, root = settings(mkdocs_config(config_file))
    template = TEMPLATES.get(opts.template or "")
    is_mnt = kind_of(opts, template)
    statuses = v.MAINTENANCE_STATUSES if is_mnt else v.INCIDENT_STATUSES
    kind = "a maintenance" if is_mnt else "an incident"
    status = statuses[0]
    if opts.status is not None:
        status = choice_value(opts.status, statuses, "--status", f"a status of {kind}")
    for value, option in ((opts.title, "--title"), (opts.message, "--message"), (opts.incident_id, "--id")):
        if value is not None:
            text_value(value, option)
    if opts.incident_id is not None and not ID_RE.fullmatch(opts.incident_id):
        shown_id = printable(opts.incident_id)
        raise BadInput(f"--id {shown_id}: not a valid id\n    fix: use lowercase letters, digits and '-'")
    if opts.incident_id is not None and opts.incident_id.startswith("-"):  # no later command could name it
        raise BadInput(
            f"--id {printable(opts.incident_id)}: an id that starts with '-' reads as an option to "
            "'statuskit update' and 'resolve'\n    fix: start the id with a letter or digit"
        )
    chosen = components(opts.components, config)
    now = build_now()
    time_option(opts.maintenance_start, "--maintenance-start", now, config)
    time_option(opts.maintenance_end, "--maintenance-end", now, config)
    template_promise = (template.next_update or None) if template else None  # a template may promise none
    promise = opts.next_update if opts.next_update is not None else template_promise
    due = time_option(promise, "--next-update", now, config)
    if due is not None and due <= now:
        raise BadInput(f"--next-update {promise}: that time has passed\n    fix: {NEXT_HINT}")

    impact_choices = (v.MAINTENANCE_IMPACT,) if is_mnt else v.IMPACTS
    title = text_value(ask(opts.title, "--title", "Title (plain words: what is affected)"), "--title")
    impact = (
        opts.impact or (template.impact if template else None) or (v.MAINTENANCE_IMPACT if is_mnt else None)
    )
    impact = ask(impact, "--impact", "Impact", impact_choices)
    if not opts.components and interactive():
        chosen = components(ask_components(config), config)
    message = ask(opts.message or (template.message if template else None), "--message", "First message")
    message = text_value(message, "--message")
    window = _window(opts, now, config) if is_mnt else None
    update = NewUpdate(now, status, message, due)
    incident_id = opts.incident_id or f"{now.astimezone(config.timezone):%Y-%m-%d}-{slug(title)}"
    path = incidents_dir / f"{incident_id}.yaml"
    shown = _rel(path, root)
    try:
        taken = path.exists() or path.with_suffix(".yml").exists()
    except OSError as exc:  # e.g. a name longer than the file system allows
        raise file_error(shown, exc) from None
    if taken:
        raise _exists(shown, incident_id)
    text = new_file_text(
        schema_url=schema_url(config),
        title=title,
        impact=impact,
        components=chosen,
        update=update,
        tz=config.timezone,
        window=window,
        faq=template.faq if template else (),
    )
    problems = candidate_problems(text, incident_id, config, now, shown)
    if problems:
        raise BadInput(named_by_flag(problems, text) + "\nnothing was written")
    if incidents_dir.exists() and not incidents_dir.is_dir():  # a missing one is made; a file is wrong
        try:
            require_incidents_dir(incidents_dir, config_path(config_file))
        except InputError as exc:
            raise BadInput(str(exc)) from None
    try:
        incidents_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise file_error(_rel(incidents_dir, root), exc) from None
    try:
        create_new(path, text)
    except FileExistsError:  # another `statuskit new` took the id meanwhile
        raise _exists(shown, incident_id) from None
    except OSError as exc:
        raise file_error(shown, exc) from None
    click.echo(shown)
    note = promise_note(promise, due, now, config)
    if note:
        click.echo(note, err=True)
    return shown


def promise_note(raw: str | None, due: datetime | None, now: datetime, config: SiteConfig) -> str:
    """What to tell when a clock time (``08:00``) already passed today and now means tomorrow."""
    if not raw or due is None or not re.fullmatch(r"\s*\d{1,2}:\d{2}\s*", raw):
        return ""
    tz = config.timezone
    local_due, local_now = due.astimezone(tz), now.astimezone(tz)
    if local_due.date() == local_now.date():
        return ""
    zone = config.tz_name
    return (
        f"note: --next-update {raw.strip()}: {raw.strip()} has passed today ({local_now:%H:%M} {zone} now); "
        f"promising tomorrow, {local_due:%Y-%m-%d %H:%M} {zone}"
    )


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _exists(shown: str, incident_id: str) -> BadInput:
    return BadInput(
        f"{shown}: already exists\n    fix: pass --id with another id, "
        f"or add an update with `statuskit update {incident_id}`"
    )


def schema_url(config: SiteConfig) -> str:
    """Where editors find the incident schema: the site's published copy."""
    from ..paths import INCIDENT_SCHEMA

    return (config.site_url or "https://status.example.com/") + INCIDENT_SCHEMA


__all__ = ["InputError", "NewOptions", "run"]
