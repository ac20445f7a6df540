"""``statuskit publish``: validate, build atomically, commit the site to a branch, push."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from ..clock import build_now
from ..publish import PublishError, check_target, publish, shown
from ..times import iso
from .build import build_into
from .common import BadInput, load_model, mkdocs_config, setup_logging


def run(config_file: str | None, remote: str, branch: str, message: str | None, force: bool = False) -> None:
    """Nothing is committed unless validation, the target checks, the build and the remote check pass."""
    setup_logging()
    config = mkdocs_config(config_file)
    site = load_model(config)
    config_path = Path(config.config_file_path)
    repo = config_path.parent
    try:
        check_target(repo, remote, branch)  # before the build: a wrong --branch fails at once
    except PublishError as exc:
        raise BadInput(shown(str(exc))) from None
    text = message or f"Publish status site ({site.description}) at {iso(build_now())}"
    with tempfile.TemporaryDirectory(prefix="statuskit-site-") as tmp:
        target = Path(tmp) / "site"
        build_into(config_file, target)
        try:
            done = publish(target, repo, remote, branch, text, config_path, force=force)
        except PublishError as exc:
            raise BadInput(shown(str(exc))) from None
    click.echo(f"published {done.commit[:12]} to {shown(remote)} {done.branch}")
