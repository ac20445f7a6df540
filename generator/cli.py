"""The ``statuskit`` command line: thin click wrappers around generator.commands.

Heavy imports happen inside each command so ``statuskit --help`` stays fast.
Exit codes: 0 success, 1 bad input (with file, line and fix), 2 usage.
"""

from __future__ import annotations

import click

from . import vocabulary as v
from .commands.common import Choice, config_option, unexpected, verbose_option
from .incident_templates import TEMPLATES


class Statuskit(click.Group):
    """The command group: an unexpected exception in any command becomes the friendly error (exit 1)."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:  # a bug: friendly text, the traceback with --verbose / STATUSKIT_DEBUG=1
            raise unexpected(exc) from None


@click.group(cls=Statuskit, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="statuskit")
@verbose_option
def main() -> None:
    """Git-native status pages: incidents as YAML files in, a static site out."""


@main.command()
@verbose_option
@config_option
def validate(config_file: str | None) -> None:
    """Check every incident file and the config; exit 1 with every error found."""
    from .commands.validate import run

    run(config_file)


@main.command()
@verbose_option
@config_option
@click.option("--site-dir", "-d", type=click.Path(file_okay=False), help="Where to write the site.")
@click.option("--strict", is_flag=True, help="Fail on mkdocs warnings too (e.g. broken links).")
@click.option("--force", is_flag=True, help="Replace a non-empty site dir that holds no earlier build.")
def build(config_file: str | None, site_dir: str | None, strict: bool, force: bool) -> None:
    """Validate, then build the whole site atomically (pages, feeds, API)."""
    from .commands.build import run

    run(config_file, site_dir, strict, force)


@main.command()
@verbose_option
@config_option
@click.option(
    "--dev-addr", "-a", default="127.0.0.1:8000", show_default=True, help="IP address and port to serve on."
)
def serve(config_file: str | None, dev_addr: str) -> None:
    """Live preview that rebuilds when an incident file changes."""
    from .commands.serve import run

    run(config_file, dev_addr)


@main.command()
@verbose_option
@config_option
@click.option("--title", help="Plain words: what is affected.")
@click.option("--impact", type=Choice([*v.IMPACTS, v.MAINTENANCE_IMPACT]))
@click.option("--component", "components", multiple=True, help="ID or ID=STATUS; repeat for several.")
@click.option("--message", help="The first update (Markdown).")
@click.option("--status", help="First status (default investigating, or scheduled for maintenance).")
@click.option("--id", "incident_id", help="The incident id (default: date and title).")
@click.option("--next-update", help="When the next update comes: 30m, 2h, 14:30 or a full time.")
@click.option("--template", type=Choice(list(TEMPLATES)))
@click.option("--maintenance-start", help="Start of a maintenance window.")
@click.option("--maintenance-end", help="End of a maintenance window.")
def new(config_file: str | None, **options: object) -> None:
    """Start an incident file with its first update; print its path."""
    from .commands.new import NewOptions, run

    run(config_file, NewOptions(**options))  # type: ignore[arg-type]


@main.command()
@verbose_option
@config_option
@click.argument("incident_id", metavar="ID")
@click.option("--status", required=True, help="The new status.")
@click.option("--message", required=True, help="What changed (Markdown).")
@click.option("--next-update", help="When the next update comes: 30m, 2h, 14:30 or a full time.")
@click.option("--component", "components", multiple=True, help="ID=STATUS from this update on.")
def update(
    config_file: str | None,
    incident_id: str,
    status: str,
    message: str,
    next_update: str | None,
    components: tuple[str, ...],
) -> None:
    """Append an update to incident ID, keeping the file's comments and layout."""
    from .commands.update import run

    run(config_file, incident_id, status, message, next_update, components)


@main.command()
@verbose_option
@config_option
@click.argument("incident_id", metavar="ID")
@click.option("--message", help="The closing message (a sensible default otherwise).")
def resolve(config_file: str | None, incident_id: str, message: str | None) -> None:
    """Append the resolving update (completed, for a maintenance)."""
    from .commands.update import run

    run(config_file, incident_id, None, message, None, (), resolve=True)


@main.command()
@verbose_option
@config_option
@click.option("--remote", default="origin", show_default=True, help="Remote name or URL.")
@click.option("--branch", default="gh-pages", show_default=True, help="Branch to publish to.")
@click.option("--message", help="Commit message.")
@click.option("--force", is_flag=True, help="Publish over a branch that holds something other than a site.")
def publish(config_file: str | None, remote: str, branch: str, message: str | None, force: bool) -> None:
    """Validate, build and publish the site to a git branch (keeps history, CNAME, .nojekyll)."""
    from .commands.publish import run

    run(config_file, remote, branch, message, force)


@main.command()
@verbose_option
@config_option
@click.option("--remote", default="origin", show_default=True, help="Remote holding the ledger.")
@click.option("--dry-run", is_flag=True, help="Print the plan; send and record nothing.")
def announce(config_file: str | None, remote: str, dry_run: bool) -> None:
    """Tell the configured channels about every update not yet delivered (exactly once)."""
    from .commands.announce import run

    run(config_file, remote, dry_run)


@main.command()
@verbose_option
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--name", default="Example Status", show_default=True, help="The site's name.")
def init(directory: str, name: str) -> None:
    """Scaffold a new status site in DIRECTORY."""
    from .commands.init import run

    run(directory, name)


if __name__ == "__main__":  # pragma: no cover
    main()
