"""``statuskit publish``: validate, build atomically, commit the site to a branch, push."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from ..clock import build_now
from ..publish import PublishError, publish
from ..times import iso
from .build import build_into
from .common import BadInput, load_model, mkdocs_config, setup_logging


def run(config_file: str | None, remote: str, branch: str, message: str | None) -> None:
    """Nothing is committed unless validation, the build and the remote check all pass."""
    setup_logging()
    config = mkdocs_config(config_file)
    site = load_model(config)
    repo = Path(config.config_file_path).parent
    text = message or f"Publish status site ({site.description}) at {iso(build_now())}"
    with tempfile.TemporaryDirectory(prefix="statuskit-site-") as tmp:
        target = Path(tmp) / "site"
        build_into(config_file, target)
        try:
            done = publish(target, repo, remote, branch, text)
        except PublishError as exc:
            raise BadInput(str(exc)) from None
    click.echo(f"published {done.commit[:12]} to {remote} {branch}")
