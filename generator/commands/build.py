"""``statuskit build``: validate, then build into a sibling directory and swap."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import click

from .common import BadInput, load_model, mkdocs_config, setup_logging


def run(config_file: str | None, site_dir: str | None, strict: bool) -> Path:
    """Build the site; on any failure the previous site is left untouched."""
    setup_logging()
    config = mkdocs_config(config_file)
    load_model(config)  # fail fast, with our own error format, before writing anything
    target = Path(site_dir).resolve() if site_dir else Path(config.site_dir).resolve()
    build_into(config_file, target, strict)
    click.echo(f"built {target}")
    return target


def build_into(config_file: str | None, target: Path, strict: bool = False) -> None:
    """Build into a temporary directory beside ``target``, then swap it in."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    umask = os.umask(0)
    os.umask(umask)
    staging.chmod(0o777 & ~umask)  # mkdtemp makes 0700; a published site must be readable
    try:
        config = mkdocs_config(config_file, site_dir=str(staging), strict=strict)
        try:
            build(config)
        except (MkDocsException, SystemExit) as exc:
            raise BadInput(f"the build failed: {exc}\nthe previous site was left untouched") from None
        except Exception as exc:  # a bug of ours or a theme's: still no traceback for the operator
            raise BadInput(
                f"the build failed unexpectedly: {type(exc).__name__}: {exc}\n"
                "the previous site was left untouched; please report this with the incident file"
            ) from None
        swap(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def swap(staging: Path, target: Path) -> None:
    """Replace ``target`` with ``staging`` using renames (atomic per rename)."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{staging.name[-8:]}")
        target.rename(old)
    staging.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
