"""``statuskit validate``: check every incident and the config."""

from __future__ import annotations

from pathlib import Path

import click

from .. import sitedir
from .build import check_target
from .common import load_model, mkdocs_config, setup_logging


def run(config_file: str | None) -> None:
    """Print a one-line verdict; exit 1 with every problem when invalid."""
    setup_logging()
    config = mkdocs_config(config_file)
    site = load_model(config)
    check_target(config, Path(config.site_dir), sitedir.from_config(config), existing=False)  # as build
    n = len(site.incidents)
    click.echo(
        f"ok: {n} incident file{'s' if n != 1 else ''} and "
        f"{len(site.config.components)} components are valid "
        f"({len(site.open_incidents)} open, {site.description})"
    )
