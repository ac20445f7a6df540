"""``statuskit update ID`` and ``statuskit resolve ID``: append an update as text."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from .. import vocabulary as v
from ..authoring import AppendError, NewUpdate, append_update, locked, write_atomic
from ..clock import build_now
from ..errors import Problem, ProblemList, format_problems
from ..load import ID_RE, load_text
from ..model import Incident, SiteConfig
from ..yamlsource import decode
from .common import (
    BadInput,
    candidate_problems,
    choice_value,
    file_error,
    mkdocs_config,
    named_by_flag,
    printable,
    settings,
    text_value,
)
from .new import components, promise_note, time_option

RESOLVED_MESSAGE = "This incident has been resolved. Thank you for your patience."
COMPLETED_MESSAGE = "The maintenance is complete."


def find(incidents_dir: Path, incident_id: str, root: Path) -> Path:
    """The file of ``incident_id``, or a clear error listing close ids."""
    text_value(incident_id, "ID")
    if not ID_RE.fullmatch(incident_id):
        raise BadInput(
            f"{printable(incident_id)}: not an incident id\n    fix: give the file name without .yaml, "
            "e.g. statuskit update 2026-11-22-eu-database-outage ..."
        )
    for suffix in (".yaml", ".yml"):
        path = incidents_dir / f"{incident_id}{suffix}"
        if path.is_file():
            return _written_file(path, incidents_dir, root)
    import difflib

    ids = [p.stem for p in incidents_dir.glob("*.y*ml")] if incidents_dir.is_dir() else []
    close = difflib.get_close_matches(incident_id, ids, n=3, cutoff=0.5)
    hint = f"did you mean {', '.join(close)}?" if close else "list them with `ls incidents/`"
    raise BadInput(f"{incident_id}: no such incident in {_rel(incidents_dir, root)}/\n    fix: {hint}")


def _written_file(path: Path, incidents_dir: Path, root: Path) -> Path:
    """The file an update of ``path`` must replace: a symlink's target (replacing the link would
    split one incident in two), never a file with other hard links (replacing breaks them)."""
    real = path.resolve()
    if path.is_symlink() and not real.is_relative_to(incidents_dir.resolve()):
        raise BadInput(
            f"{_rel(path, root)} is a link to {real}, outside {_rel(incidents_dir, root)}/\n"
            "    fix: move the file into the incidents directory (validate refuses such links too)"
        )
    if real.stat().st_nlink > 1:
        raise BadInput(
            f"{_rel(path, root)} has other hard links: an update replaces the file, which would leave "
            "them with the old text\n    fix: replace the hard links with one file (or symbolic links)"
        )
    return incidents_dir / real.relative_to(incidents_dir.resolve()) if path.is_symlink() else path


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def run(
    config_file: str | None,
    incident_id: str,
    status: str | None,
    message: str | None,
    next_update: str | None,
    raw_components: tuple[str, ...],
    resolve: bool = False,
) -> str:
    """Append one update; refuse (file untouched) anything that would make it invalid.

    The file is locked from reading to replacing it, so updates run at the same time
    on one incident all land, one after the other.
    """
    config, incidents_dir, root = settings(mkdocs_config(config_file))
    for value, option in ((status, "--status"), (message, "--message")):
        if value is not None:
            text_value(value, option)
    path = find(incidents_dir, incident_id, root)
    shown = _rel(path, root)
    try:
        with locked(path):
            return _append(path, shown, config, status, message, next_update, raw_components, resolve)
    except FileNotFoundError:  # deleted or renamed while we waited
        raise BadInput(
            f"{shown}: the file went away\n    fix: check it still exists, then try again"
        ) from None
    except OSError as exc:
        raise file_error(shown, exc) from None


def _append(
    path: Path,
    shown: str,
    config: SiteConfig,
    status: str | None,
    message: str | None,
    next_update: str | None,
    raw_components: tuple[str, ...],
    resolve: bool,
) -> str:
    """Read, append, validate, replace: the part of ``run`` that holds the lock."""
    original = path.read_bytes()
    problems = ProblemList(shown)
    if decode(original, problems) is None:
        raise BadInput(format_problems(problems.items) + "\n    fix the file first; nothing was changed")
    text = original.decode("utf-8")  # as written (a byte order mark stays)
    now = build_now()
    incident = _current(text, path.stem, config, now, shown)
    is_mnt = incident.is_maintenance
    final = v.COMPLETED if is_mnt else v.RESOLVED
    last = incident.updates[-1]
    if last.status == final:
        when = last.at.astimezone(config.timezone)
        what = "maintenance is already completed" if is_mnt else "incident is already resolved"
        raise BadInput(
            f"{shown}: this {what}: by its '{final}' update of {when:%Y-%m-%d %H:%M} {config.tz_name}"
            f" (line {last.line})\n"
            "    fix: nothing is left to do; if it started again, open a new incident with "
            "`statuskit new`, or correct the last update by editing the file"
            f"\n{shown} was left unchanged"
        )
    if resolve:
        status = final
        message = message or (COMPLETED_MESSAGE if is_mnt else RESOLVED_MESSAGE)
    if not status or not message:
        raise click.UsageError("--status and --message are required")
    allowed = v.MAINTENANCE_STATUSES if is_mnt else v.INCIDENT_STATUSES
    kind = "a maintenance" if is_mnt else "an incident"
    choice_value(status, allowed, "--status", f"a status of {kind}", f"{shown} was left unchanged")
    due = time_option(next_update, "--next-update", now, config)
    if due is not None and status == final:  # a closed incident promises nothing
        raise BadInput(
            f"--next-update with --status {final}: a {final} update promises no further update\n"
            f"    fix: leave --next-update out\n{shown} was left unchanged"
        )
    update = NewUpdate(now, status, message, due, _pairs(raw_components, config))
    try:
        new_text = append_update(text, update, config.timezone)
    except AppendError as exc:
        raise BadInput(f"{shown}: {exc}") from None
    found = candidate_problems(new_text, path.stem, config, now, shown)
    if found:
        first = _first_changed(text, new_text)
        added = len(new_text.splitlines()) - len(text.splitlines())
        new_lines = [p for p in found if p.line is not None and first < p.line <= first + added]
        rest = [_locate(p, text, new_text) for p in found if p not in new_lines]
        report = named_by_flag(new_lines, new_text, first + 1)
        if rest:
            report = format_problems(rest) + ("\n" + report if report else "")
        raise BadInput(report + f"\n{shown} was left unchanged")
    write_atomic(path, new_text)
    click.echo(f"{shown}: added '{status}' update")
    note = promise_note(next_update, due, now, config)
    if note:
        click.echo(note, err=True)
    return shown


def _current(text: str, incident_id: str, config: SiteConfig, now: datetime, shown: str) -> Incident:
    result = load_text(text, incident_id, config, now, shown)
    if isinstance(result, list):
        raise BadInput(format_problems(result) + "\n    fix the file first; nothing was changed")
    return result


def _pairs(raw: tuple[str, ...], config: SiteConfig) -> tuple[tuple[str, str], ...]:
    """``ID=STATUS`` options: each component known, each once, with a component status."""
    for item in raw:
        _, sep, status = item.partition("=")
        if not sep or not status.strip():
            raise click.UsageError(f"--component {item}: write it as ID=STATUS, e.g. api=operational")
    return tuple((cid, status or "") for cid, status in components(raw, config))


def _first_changed(old: str, new: str) -> int:
    """The 0-based index of the first line where ``new`` differs from ``old``."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    pairs = enumerate(zip(old_lines, new_lines, strict=False))
    return next((i for i, (a, b) in pairs if a != b), len(old_lines))


def _locate(problem: Problem, old: str, new: str) -> Problem:
    """Point a problem of the candidate text at the operator's file; the new update's lines stay
    (:func:`named_by_flag` then names the option that wrote them)."""
    first = _first_changed(old, new)
    added = len(new.splitlines()) - len(old.splitlines())
    line = problem.line
    if line is None or line <= first + added:
        return problem
    return Problem(problem.file, line - added, problem.column, problem.message, problem.hint)
