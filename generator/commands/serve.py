"""``statuskit serve``: mkdocs' live-reloading preview, watching incidents/ too.

The plugin keeps the last good model while serving, so a broken incident
file prints its clear error and readers keep seeing the last good site.
Rebuilds keep the served directory (mkdocs' "dirty" build) so that only
changed files are written; the plugin still renders every page and keeps
the search index whole, so what is served equals a clean build.
"""

from __future__ import annotations

import logging
from pathlib import Path

from .. import sitedir
from .build import check_target
from .common import BadInput, config_path, load_model, mkdocs_config, setup_logging

DIRTY_WARNING = "A 'dirty' build is being performed"


class _QuietDirty(logging.Filter):
    """Drop mkdocs' warning about dirty builds: statuskit rebuilds every page (see the plugin)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_WARNING)


def run(config_file: str | None, dev_addr: str) -> None:
    """Validate once (fail fast), then serve until interrupted."""
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import MkDocsException

    setup_logging(verbose=True)
    config = mkdocs_config(config_file)
    load_model(config)
    # serve builds into a temporary directory, but a site_dir a later build would wipe is refused now
    check_target(config, Path(config.site_dir), sitedir.from_config(config), existing=False)
    logging.getLogger("mkdocs.commands.build").addFilter(_QuietDirty())
    try:
        serve(
            config_file=str(config_path(config_file)), dev_addr=dev_addr, livereload=True, build_type="dirty"
        )
    except MkDocsException as exc:
        raise BadInput(str(exc)) from None
    except OSError as exc:
        raise BadInput(
            f"cannot serve on {dev_addr}: {exc.strerror}\n"
            "    fix: pass --dev-addr 127.0.0.1:PORT with a free port"
        ) from None
