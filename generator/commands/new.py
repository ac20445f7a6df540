"""``statuskit new``: start an incident file with its first update."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import datetime

import click

from .. import vocabulary as v
from ..authoring import NewUpdate, new_file_text, slug, write_atomic
from ..clock import build_now
from ..errors import InputError, format_problems
from ..incident_templates import TEMPLATES
from ..load import ID_RE, load_text
from ..model import SiteConfig
from ..times import NEXT_HINT, TIME_HINT, parse_time, parse_when
from .common import BadInput, mkdocs_config, settings


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
    """``api`` or ``api=major_outage`` pairs, checked against the config."""
    out = []
    for item in raw:
        cid, _, status = item.partition("=")
        cid, status = cid.strip(), status.strip()
        if config.component(cid) is None:
            known = ", ".join(c.id for c in config.components)
            raise BadInput(
                f"--component {cid}: no such component in mkdocs.yml\n    fix: use one of: {known}"
            )
        if status and status not in v.COMPONENT_STATUSES:
            raise BadInput(
                f"--component {item}: '{status}' is not a component status\n"
                f"    fix: use one of: {', '.join(v.COMPONENT_STATUSES)}"
            )
        out.append((cid, status or None))
    return tuple(out)


def time_option(raw: str | None, option: str, now: datetime, config: SiteConfig) -> datetime | None:
    """Parse a time option or fail with the format hint."""
    if not raw:
        return None
    value = (
        parse_when(raw, now, config.timezone)
        if option == "--next-update"
        else parse_time(raw, config.timezone)
    )
    if value is None:
        raise BadInput(
            f"{option} {raw}: not a time\n    fix: {NEXT_HINT if option == '--next-update' else TIME_HINT}"
        )
    return value


def run(config_file: str | None, opts: NewOptions) -> str:
    """Write the new file after validating it exactly as the build will; print its path."""
    config, incidents_dir, root = settings(mkdocs_config(config_file))
    template = TEMPLATES.get(opts.template or "")
    is_mnt = bool(opts.maintenance_start or opts.maintenance_end) or opts.template == "maintenance"
    impact_choices = (v.MAINTENANCE_IMPACT,) if is_mnt else v.IMPACTS
    title = ask(opts.title, "--title", "Title (plain words: what is affected)")
    impact = (
        opts.impact or (template.impact if template else None) or (v.MAINTENANCE_IMPACT if is_mnt else None)
    )
    impact = ask(impact, "--impact", "Impact", impact_choices)
    message = ask(opts.message or (template.message if template else None), "--message", "First message")
    statuses = v.MAINTENANCE_STATUSES if is_mnt else v.INCIDENT_STATUSES
    status = opts.status or statuses[0]
    now = build_now()
    window = None
    if is_mnt:
        start = time_option(
            ask(opts.maintenance_start, "--maintenance-start", "Window start"),
            "--maintenance-start",
            now,
            config,
        )
        end = time_option(
            ask(opts.maintenance_end, "--maintenance-end", "Window end"), "--maintenance-end", now, config
        )
        window = (start, end)  # type: ignore[assignment]
    promise = opts.next_update if opts.next_update is not None else (template.next_update if template else "")
    update = NewUpdate(now, status, message, time_option(promise, "--next-update", now, config))
    incident_id = opts.incident_id or f"{now.astimezone(config.timezone):%Y-%m-%d}-{slug(title)}"
    if not ID_RE.match(incident_id):
        raise BadInput(f"--id {incident_id}: not a valid id\n    fix: use lowercase letters, digits and '-'")
    path = incidents_dir / f"{incident_id}.yaml"
    if path.exists() or path.with_suffix(".yml").exists():
        raise BadInput(
            f"{path.relative_to(root)}: already exists\n    fix: pass --id with another id, "
            f"or add an update with `statuskit update {incident_id}`"
        )
    text = new_file_text(
        schema_url=schema_url(config),
        title=title,
        impact=impact,
        components=components(opts.components, config),
        update=update,
        tz=config.timezone,
        window=window,
        faq=template.faq if template else (),
    )
    shown = str(path.relative_to(root))
    result = load_text(text, incident_id, config, now, shown)
    if isinstance(result, list):
        raise BadInput(format_problems(result))
    incidents_dir.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text)
    click.echo(shown)
    return shown


def schema_url(config: SiteConfig) -> str:
    """Where editors find the incident schema: the site's published copy."""
    from ..paths import INCIDENT_SCHEMA

    return (config.site_url or "https://status.example.com/") + INCIDENT_SCHEMA


__all__ = ["InputError", "NewOptions", "run"]
