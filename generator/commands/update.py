"""``statuskit update ID`` and ``statuskit resolve ID``: append an update as text."""

from __future__ import annotations

from pathlib import Path

import click

from .. import vocabulary as v
from ..authoring import AppendError, NewUpdate, append_update, write_atomic
from ..clock import build_now
from ..errors import Problem, format_problems
from ..load import load_text
from ..model import SiteConfig
from .common import BadInput, mkdocs_config, settings
from .new import time_option

RESOLVED_MESSAGE = "This incident has been resolved. Thank you for your patience."
COMPLETED_MESSAGE = "The maintenance is complete."


def find(incidents_dir: Path, incident_id: str, root: Path) -> Path:
    """The file of ``incident_id``, or a clear error listing close ids."""
    for suffix in (".yaml", ".yml"):
        path = incidents_dir / f"{incident_id}{suffix}"
        if path.is_file():
            return path
    import difflib

    ids = [p.stem for p in incidents_dir.glob("*.y*ml")]
    close = difflib.get_close_matches(incident_id, ids, n=3, cutoff=0.5)
    hint = f"did you mean {', '.join(close)}?" if close else "list them with `ls incidents/`"
    raise BadInput(f"{incident_id}: no such incident in {incidents_dir.relative_to(root)}/\n    fix: {hint}")


def run(
    config_file: str | None,
    incident_id: str,
    status: str | None,
    message: str | None,
    next_update: str | None,
    raw_components: tuple[str, ...],
    resolve: bool = False,
) -> str:
    """Append one update; refuse (file untouched) anything that would make it invalid."""
    config, incidents_dir, root = settings(mkdocs_config(config_file))
    path = find(incidents_dir, incident_id, root)
    shown = str(path.relative_to(root))
    original = path.read_bytes()
    try:
        text = original.decode("utf-8")
    except UnicodeDecodeError:
        raise BadInput(f"{shown}: the file is not UTF-8 text\n    fix: run statuskit validate") from None
    now = build_now()
    is_mnt = _is_maintenance(text, incident_id, config, now, shown)
    if resolve:
        status = v.COMPLETED if is_mnt else v.RESOLVED
        message = message or (COMPLETED_MESSAGE if is_mnt else RESOLVED_MESSAGE)
    if not status or not message:
        raise click.UsageError("--status and --message are required")
    update = NewUpdate(
        now, status, message, time_option(next_update, "--next-update", now, config), _pairs(raw_components)
    )
    try:
        new_text = append_update(text, update, config.timezone)
    except AppendError as exc:
        raise BadInput(f"{shown}: {exc}") from None
    result = load_text(new_text, path.stem, config, now, shown)
    if isinstance(result, list):
        problems = [_locate(p, text, new_text) for p in result]
        raise BadInput(format_problems(problems) + f"\n{shown} was left unchanged")
    write_atomic(path, new_text)
    click.echo(f"{shown}: added '{status}' update")
    return shown


def _is_maintenance(text: str, incident_id: str, config: SiteConfig, now: object, shown: str) -> bool:
    result = load_text(text, incident_id, config, now, shown)  # type: ignore[arg-type]
    if isinstance(result, list):
        raise BadInput(format_problems(result) + "\n    fix the file first; nothing was changed")
    return result.is_maintenance


def _pairs(raw: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    out = []
    for item in raw:
        cid, sep, status = item.partition("=")
        if not sep or not status.strip():
            raise click.UsageError(f"--component {item}: write it as ID=STATUS, e.g. api=operational")
        out.append((cid.strip(), status.strip()))
    return tuple(out)


def _locate(problem: Problem, old: str, new: str) -> Problem:
    """Point a problem of the candidate text at the operator's file, or at "the new update"."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    pairs = enumerate(zip(old_lines, new_lines, strict=False))
    first = next((i for i, (a, b) in pairs if a != b), len(old_lines))
    added = len(new_lines) - len(old_lines)
    line = problem.line
    if line is None or line <= first:
        return problem
    if line <= first + added:
        return Problem(problem.file, None, None, f"the new update: {problem.message}", problem.hint)
    return Problem(problem.file, line - added, problem.column, problem.message, problem.hint)
