"""What every command shares: finding mkdocs.yml, loading the model, failing well."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import InputError

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from ..model import Site, SiteConfig

config_option = click.option(
    "--config-file",
    "-f",
    type=click.Path(dir_okay=False),
    default=None,
    help="Path to mkdocs.yml (default: ./mkdocs.yml).",
)


class BadInput(click.ClickException):
    """Bad input from the operator: printed as is, exit 1."""

    exit_code = 1

    def show(self, file: Any = None) -> None:
        click.echo(self.format_message(), err=True)


def config_path(config_file: str | None) -> Path:
    """The mkdocs.yml to use, or a clear error."""
    path = Path(config_file) if config_file else Path("mkdocs.yml")
    if not path.is_file():
        raise BadInput(
            f"{path}: no such file\n    fix: run statuskit from the site's root "
            "(where mkdocs.yml is), pass --config-file PATH, or create a site with `statuskit init DIR`"
        )
    return path


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is at the time (click's test runner swaps it)."""

    @property  # type: ignore[override]
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


def setup_logging(verbose: bool = False) -> None:
    """mkdocs' and statuskit's messages on stderr as ``WARNING - ...`` (INFO with verbose).

    statuskit's own warnings (an overdue next-update promise, for one) go to the
    ``statuskit`` logger, outside ``mkdocs`` so that they never fail ``--strict``;
    it gets the same handler, or they would reach the terminal only through
    logging's last-resort handler (and not at all when the root logger has one).
    """
    for name in ("mkdocs", "statuskit"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.INFO if verbose else logging.WARNING)
        if any(getattr(h, "_statuskit", False) for h in logger.handlers):
            continue
        handler = _StderrHandler()
        handler._statuskit = True  # type: ignore[attr-defined]
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False


def mkdocs_config(config_file: str | None, **overrides: Any) -> MkDocsConfig:
    """Load mkdocs.yml through mkdocs itself; its errors become BadInput."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    path = config_path(config_file)
    try:
        return load_config(config_file=str(path), **overrides)
    except MkDocsException as exc:
        raise BadInput(f"{path}: {exc.format_message()}") from None
    except SystemExit as exc:  # mkdocs aborts config errors this way
        raise BadInput(f"{path}: the configuration is invalid ({exc})") from None


def plugin_options(config: MkDocsConfig) -> Any:
    """The statuskit plugin's options, or BadInput when the plugin is not enabled."""
    from ..plugin import StatuskitPlugin

    plugin = config.plugins.get("statuskit")
    if not isinstance(plugin, StatuskitPlugin):
        raise BadInput(
            f"{config.config_file_path}: the statuskit plugin is not enabled\n"
            "    fix: add '- statuskit' under 'plugins:' in mkdocs.yml"
        )
    return plugin.config


def settings(config: MkDocsConfig) -> tuple[SiteConfig, Path, Path]:
    """SiteConfig, incidents directory and site root, or BadInput."""
    from ..plugin import site_settings

    try:
        return site_settings(config, plugin_options(config))
    except InputError as exc:
        raise BadInput(str(exc)) from None


def load_model(config: MkDocsConfig) -> Site:
    """The validated Site for a loaded config, or BadInput with every problem."""
    from ..plugin import load_site

    options = plugin_options(config)
    try:
        return load_site(config, options)
    except InputError as exc:
        raise BadInput(str(exc)) from None
