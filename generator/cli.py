"""The ``statuskit`` command line: thin click wrappers around generator.commands.

Heavy imports happen inside each command so ``statuskit --help`` stays fast.
Exit codes: 0 success, 1 bad input (with file, line and fix), 2 usage.
"""

from __future__ import annotations

import click

from .commands.common import config_option


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="statuskit")
def main() -> None:
    """Git-native status pages: incidents as YAML files in, a static site out."""


@main.command()
@config_option
def validate(config_file: str | None) -> None:
    """Check every incident file and the config; exit 1 with every error found."""
    from .commands.validate import run

    run(config_file)


@main.command()
@config_option
@click.option("--site-dir", "-d", type=click.Path(file_okay=False), help="Where to write the site.")
@click.option("--strict", is_flag=True, help="Fail on mkdocs warnings too (e.g. broken links).")
def build(config_file: str | None, site_dir: str | None, strict: bool) -> None:
    """Validate, then build the whole site atomically (pages, feeds, API)."""
    from .commands.build import run

    run(config_file, site_dir, strict)


@main.command()
@config_option
@click.option(
    "--dev-addr", "-a", default="127.0.0.1:8000", show_default=True, help="IP address and port to serve on."
)
def serve(config_file: str | None, dev_addr: str) -> None:
    """Live preview that rebuilds when an incident file changes."""
    from .commands.serve import run

    run(config_file, dev_addr)


@main.command()
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--name", default="Example Status", show_default=True, help="The site's name.")
def init(directory: str, name: str) -> None:
    """Scaffold a new status site in DIRECTORY."""
    from .commands.init import run

    run(directory, name)


if __name__ == "__main__":  # pragma: no cover
    main()
