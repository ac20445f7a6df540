"""Where a build may go: never over the project, its sources, a git directory or foreign files.

A build replaces its whole target directory (``statuskit build`` swaps a new
one in; mkdocs empties it first), so the target is checked before anything
is written:

- it must not be, or contain, the directory of mkdocs.yml (``.``, ``..``,
  ``~``), and must not be, contain or sit inside ``docs_dir``, the incidents
  directory, ``theme.custom_dir``, a ``watch`` path or a ``.git`` directory;
  paths are compared after resolving symlinks;
- it must not be a file;
- an existing, non-empty directory must look like a site a build made (it
  has ``index.html`` and ``api/v2/status.json``), unless ``force``;
- never, not even with ``force``: the home directory, a directory that holds it, or a
  top-level directory (``/``, ``/etc``, ``/tmp``); nor a tree with a ``.git`` anywhere in it.

The checks read a few attributes of mkdocs' config and import nothing of it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import InputError, Problem

SIGNS = ("index.html", "api/v2/status.json")  # in every site statuskit (or mkdocs with its plugin) builds
REPLACES = "a build replaces its target directory"


@dataclass(frozen=True)
class Origin:
    """What named the target, for the message: ``--site-dir X`` or mkdocs.yml's ``site_dir``."""

    file: str
    line: int | None
    shown: str
    fix: str


def from_option(value: str) -> Origin:
    """The target given as ``--site-dir VALUE``."""
    return Origin(f"--site-dir {value}", None, "the site directory", "pass --site-dir with a directory "
                  "of its own for the site, e.g. --site-dir site (the default) beside mkdocs.yml")


def from_config(config: Any) -> Origin:
    """The target given by mkdocs.yml's ``site_dir`` (with its line when it is written there)."""
    path = str(config.config_file_path or "mkdocs.yml")
    line = None
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        text = ""
    for number, row in enumerate(text.splitlines(), start=1):
        if re.match(r"site_dir\s*:", row):
            line = number
            break
    return Origin(path, line, "site_dir", "set site_dir in mkdocs.yml (or pass --site-dir) to a "
                  "directory of its own for the site, e.g. `site_dir: site` (the default)")


def sources(config: Any, incidents_dir: object) -> list[tuple[str, Path, bool]]:
    """``(what, path, inside_too)`` for every directory a build must leave alone.

    ``incidents_dir`` is the option as written (it may not be checked yet: config.py reports a
    wrong type; here it only names a directory to protect)."""
    root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
    found = [
        ("the project (the directory of mkdocs.yml)", root, False),  # site/ inside it is the default
        ("docs_dir", Path(config.docs_dir), True),
        ("the incidents directory", root / str(incidents_dir or "incidents"), True),
    ]
    theme = getattr(config, "theme", None)
    custom = getattr(theme, "custom_dir", None)
    if custom:
        found.append(("theme.custom_dir", Path(custom), True))
    found.extend(("a watch path", Path(p), True) for p in (getattr(config, "watch", None) or []))
    return found


def _real(path: Path) -> Path:
    """``path`` with ``~`` and every symlink resolved; a loop is a ValueError (as a NUL byte is)."""
    try:
        return path.expanduser().resolve()
    except RuntimeError as exc:  # Python 3.11: "Symlink loop from ..."
        raise ValueError(f"its symbolic links go round in a loop ({exc})") from None


def _git_inside(top: Path) -> Path | None:
    """The first ``.git`` (a directory or a worktree's file) anywhere below ``top``, without
    following symlinks; None when there is none."""
    stack = [top]
    while stack:
        try:
            with os.scandir(stack.pop()) as entries:
                for entry in entries:
                    if entry.name == ".git":
                        return Path(entry.path)
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(Path(entry.path))
        except OSError:
            continue  # unreadable: the swap reports it if it matters
    return None


def _never(real: Path) -> str:
    """Why ``real`` may never be a target, even with --force ("" when it may be)."""
    home = Path.home().resolve()
    if real == home:
        return "is your home directory"
    if real in home.parents:
        return "contains your home directory"
    if len(real.parts) <= 2:
        return "is a top-level directory of the system"
    return ""



def problems(
    target: Path, protected: list[tuple[str, Path, bool]], origin: Origin, *, force: bool = False,
    existing: bool = True,
) -> list[Problem]:
    """Why ``target`` must not be built into (empty when it may). ``existing=False`` skips the
    checks of what the directory holds now (for ``serve``, which builds elsewhere)."""
    def problem(message: str, fix: str = origin.fix) -> list[Problem]:
        return [Problem(origin.file, origin.line, 1 if origin.line else None, message, fix)]

    try:
        real = _real(target)
        resolved = [(what, _real(path), inside_too) for what, path, inside_too in protected]
    except (ValueError, OSError) as exc:  # a symlink loop, a NUL byte, a name too long
        return problem(f"{origin.shown} {target} cannot be used: {exc}")
    where = f"{origin.shown} {real}"
    for what, source, inside_too in resolved:
        if real == source:
            return problem(f"{where} is {what}: {REPLACES}, so it would be deleted")
        if real in source.parents:
            return problem(f"{where} contains {what}, {source}: {REPLACES}, so it would be deleted")
        if inside_too and source in real.parents:
            return problem(f"{where} is inside {what}, {source}: {REPLACES}, which would delete "
                           "files there")
    never = _never(real)
    if never:
        return problem(f"{where} {never}: {REPLACES}, so everything in it would be deleted")
    if ".git" in real.parts:
        return problem(f"{where} is inside a git directory: {REPLACES}, which would damage the repository")
    if real.is_file() or (real.exists() and not real.is_dir()):
        return problem(f"{where} is a file, not a directory: {REPLACES}, which would delete it")
    if not existing or not real.is_dir():
        return []
    repository = _git_inside(real)
    if repository is not None:
        return problem(
            f"{where} holds a git repository ({repository.relative_to(real)}): {REPLACES}, "
            "which would delete it",
            "build into a directory of its own and publish with `statuskit publish` "
            "(it commits the site to a branch without a checkout)",
        )
    if force or all((real / sign).is_file() for sign in SIGNS):
        return []
    try:
        empty = next(real.iterdir(), None) is None
    except OSError as exc:
        return problem(f"{where} cannot be read: {exc.strerror}")
    if empty:
        return []
    return problem(
        f"{where} is not empty and does not look like a site a build made (no {' and '.join(SIGNS)}): "
        f"{REPLACES}, which would delete what is there",
        "choose a new or empty directory, or remove this one yourself if its files may go "
        "(`statuskit build --force` replaces it)",
    )


def check(
    target: Path, protected: list[tuple[str, Path, bool]], origin: Origin, *, force: bool = False,
    existing: bool = True,
) -> None:
    """Raise InputError when ``target`` must not be built into (see :func:`problems`)."""
    found = problems(target, protected, origin, force=force, existing=existing)
    if found:
        raise InputError(found)


def check_config(config: Any, incidents_dir: object, *, existing: bool = True) -> None:
    """The mkdocs plugin's check of the ``site_dir`` mkdocs is about to empty and fill."""
    check(Path(config.site_dir), sources(config, incidents_dir), from_config(config), existing=existing)
