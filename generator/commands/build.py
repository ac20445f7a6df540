"""``statuskit build``: validate, check the target, then build into a sibling directory and swap."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .. import sitedir, siteswap
from ..errors import InputError
from ..load import LoadMemo
from .common import (
    BadInput,
    load_model,
    mkdocs_config,
    plugin_instance,
    plugin_options,
    setup_logging,
    unexpected,
)

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


def run(config_file: str | None, site_dir: str | None, strict: bool, force: bool = False) -> Path:
    """Build the site; on any failure the previous site is left untouched."""
    setup_logging()
    config = mkdocs_config(config_file)
    given = Path(site_dir).expanduser() if site_dir else Path(config.site_dir)
    origin = sitedir.from_option(site_dir) if site_dir else sitedir.from_config(config)
    check_target(config, given, origin, force=force)  # a symlink loop or a NUL byte is refused here
    target = given.resolve()
    repair(target)  # a killed build's previous site is back even if this build fails
    memo = LoadMemo()
    load_model(config, memo)  # fail fast, with our own error format, before writing anything
    build_into(config_file, target, strict, memo)
    click.echo(f"built {target}")
    return target


def check_target(
    config: MkDocsConfig, target: Path, origin: sitedir.Origin, *, force: bool = False, existing: bool = True
) -> None:
    """BadInput when a build must not go to ``target`` (the project, its sources, foreign files)."""
    protected = sitedir.sources(config, plugin_options(config)["incidents_dir"])
    try:
        sitedir.check(target, protected, origin, force=force, existing=existing)
    except InputError as exc:
        raise BadInput("\n".join(p.format() for p in exc.problems)) from None


def build_into(
    config_file: str | None, target: Path, strict: bool = False, memo: LoadMemo | None = None
) -> None:
    """Build into a temporary directory beside ``target``, then swap it in.

    ``memo``: the incident files validated just before, which the build does not read again.
    """
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    with staged(target) as staging:
        config = mkdocs_config(config_file, site_dir=str(staging), strict=strict)
        if memo is not None:
            plugin_instance(config).loaded = memo
        try:
            build(config)
        except (MkDocsException, SystemExit) as exc:
            raise BadInput(f"the build failed: {exc}\nthe previous site was left untouched") from None
        except Exception as exc:  # a bug of ours or a theme's: no traceback unless asked (--verbose)
            kept = "the previous site was left untouched"
            raise unexpected(exc, "the build failed unexpectedly", kept) from None
        swap(staging, target)


def swap(staging: Path, target: Path) -> None:
    """Put the finished build in place (atomically where the system can); BadInput if it cannot."""
    try:
        siteswap.swap(staging, target)
    except siteswap.SwapError as exc:
        raise BadInput(str(exc)) from None


def repair(target: Path) -> None:
    """Put back the previous site a killed build left parked, and remove its leftovers."""
    if target.parent.is_dir():
        with turn(target):
            return


@contextlib.contextmanager
def turn(target: Path) -> Iterator[None]:
    """Hold the lock of ``target``'s builds (they take turns), after repairing what a killed one left."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadInput(f"{target.parent}: cannot create the directory: {exc.strerror}") from None
    with siteswap.locked(target.parent):
        try:
            siteswap.recover(target)
        except siteswap.SwapError as exc:
            raise BadInput(str(exc)) from None
        yield


@contextlib.contextmanager
def staged(target: Path) -> Iterator[Path]:
    """A fresh build directory beside ``target`` (in its turn), removed afterwards with the previous site."""
    with turn(target):
        try:
            staging = siteswap.staging_dir(target)
        except OSError as exc:
            raise BadInput(
                f"{target.parent}: cannot make the build directory: {exc.strerror}\n"
                "    fix: make the directory writable, or build elsewhere with --site-dir"
            ) from None
        try:
            yield staging
        finally:
            siteswap.remove(staging)  # a failed build, or the previous site after an exchange
            if target.exists():  # else the previous site is parked there: the next build puts it back
                siteswap.remove(siteswap.old_dir(staging, target))  # the previous site after two renames
