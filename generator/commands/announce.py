"""``statuskit announce``: tell the configured channels about every update not yet delivered."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

import click

from .common import BadInput, load_model, mkdocs_config, plugin_options, setup_logging


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run(config_file: str | None, remote: str, dry_run: bool, clock: Callable[[], float] = time.time) -> None:
    from ..announce import report
    from ..announce.channels import ChannelSetupError, make_channel
    from ..announce.ledger import Ledger, LedgerError, shown_remote
    from ..announce.run import Run
    from ..announce.settings import check
    from ..configtext import ConfigText, Report

    if remote.startswith("-") or not remote.strip():
        raise BadInput(f"--remote {remote!r}: not a remote\n    fix: name a remote (origin) or give its URL")
    setup_logging()
    config = mkdocs_config(config_file)
    site = load_model(config)  # validates the announce block too (config.py)
    path = Path(config.config_file_path)
    options = plugin_options(config)
    found = Report(ConfigText(path))
    components = frozenset(c.id for c in site.config.components)
    settings = check(options.get("announce"), found, site.config.language, components)
    if not settings.channels:
        click.echo(
            "announce: no channels configured (plugins: - statuskit: announce: channels:); nothing to do"
        )
        return
    if not site.config.site_url:
        raise BadInput(
            f"{path.name}: announce needs site_url: every message links to the update on the site\n"
            "    fix: set site_url: to the page's public address, e.g. site_url: https://status.example.com/"
        )
    channels: dict[str, object] = {}
    problems: dict[str, str] = {}
    for spec in settings.channels:
        try:
            channels[spec.id] = make_channel(spec.options, os.environ)
        except ChannelSetupError as exc:
            channels[spec.id] = exc
            problems[spec.id] = str(exc)
    ledger = Ledger(path.resolve().parent, remote, settings.ledger_branch)
    where = f"ledger {settings.ledger_branch} on {shown_remote(remote)}"
    click.echo(f"announce: {len(settings.channels)} channel(s), {where}")
    previous = signal.signal(signal.SIGTERM, _interrupted)  # CI cancels with SIGTERM: record, then stop
    try:
        ledger.check_repo()
        engine = Run(site, settings, channels, ledger, clock)  # type: ignore[arg-type]
        if dry_run:
            click.echo(report.dry_run(engine.dry_run(), problems))
            return
        plans = engine.execute()
        text, bad = report.run(plans, engine.tallies)
    except LedgerError as exc:
        raise BadInput(
            f"announce: {exc}\n    fix: the ledger is a branch of the remote {shown_remote(remote)}: "
            "check that the remote exists and this job may push to it (GitHub: permissions: contents: write)"
        ) from None
    finally:
        signal.signal(signal.SIGTERM, previous)
        ledger.close()
    click.echo(text)
    if bad:
        raise click.exceptions.Exit(1)
