"""``statuskit publish``: validate, build atomically, commit the site to a branch, push."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from ..clock import build_now
from ..publish import PublishError, check_target, publish, shown, uncommitted, unpushed
from ..times import iso
from .build import build_into
from .common import BadInput, load_model, mkdocs_config, plugin_options, setup_logging


def run(config_file: str | None, remote: str, branch: str, message: str | None, force: bool = False) -> None:
    """Nothing is committed unless validation, the target checks, the build and the remote check pass."""
    setup_logging()
    config = mkdocs_config(config_file)
    site = load_model(config)
    config_path = Path(config.config_file_path)
    repo = config_path.parent
    try:
        check_target(repo, remote, branch)  # before the build: a wrong --branch fails at once
        sources = [config_path, Path(config.docs_dir), repo / plugin_options(config)["incidents_dir"]]
        changed = uncommitted(repo, sources)
        ahead = unpushed(repo)
    except PublishError as exc:
        raise BadInput(shown(str(exc))) from None
    if changed and not force:
        listed = "".join(f"\n    {name}" for name in changed[:20]) + ("\n    ..." * (len(changed) > 20))
        raise BadInput(
            f"{len(changed)} file(s) of the site are not committed:{listed}\n"
            "publishing them now puts online what the next CI deploy from your source branch would undo\n"
            "    fix: commit and push them first (git add -A incidents site_src mkdocs.yml && git commit -m "
            "'Status update' && git push), or pass --force to publish them anyway"
        )
    if ahead:
        click.echo(
            f"warning: your branch has {ahead} commit(s) its upstream lacks; push them (git push), or the "
            "next CI deploy from the source branch will publish an older site",
            err=True,
        )
    text = message or f"Publish status site ({site.description}) at {iso(build_now())}"
    with tempfile.TemporaryDirectory(prefix="statuskit-site-") as tmp:
        target = Path(tmp) / "site"
        build_into(config_file, target)
        try:
            done = publish(target, repo, remote, branch, text, config_path, force=force)
        except PublishError as exc:
            raise BadInput(shown(str(exc))) from None
    click.echo(f"published {done.commit[:12]} to {shown(remote)} {done.branch}")
