"""``statuskit serve``: mkdocs' live-reloading preview, watching incidents/ too.

The plugin keeps the last good model while serving, so a broken incident
file prints its clear error and readers keep seeing the last good site.
"""

from __future__ import annotations

from .common import BadInput, config_path, load_model, mkdocs_config, setup_logging


def run(config_file: str | None, dev_addr: str) -> None:
    """Validate once (fail fast), then serve until interrupted."""
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import MkDocsException

    setup_logging(verbose=True)
    load_model(mkdocs_config(config_file))
    try:
        serve(config_file=str(config_path(config_file)), dev_addr=dev_addr, livereload=True)
    except MkDocsException as exc:
        raise BadInput(str(exc)) from None
    except OSError as exc:
        raise BadInput(
            f"cannot serve on {dev_addr}: {exc.strerror}\n"
            "    fix: pass --dev-addr 127.0.0.1:PORT with a free port"
        ) from None
