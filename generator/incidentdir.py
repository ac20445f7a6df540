"""What is in the incidents directory: the files to read, and the names that are no incident file.

Files in subfolders are not read, and each is reported: an incident filed under ``incidents/2026/``
must not go unpublished without a word. Nothing is opened while listing: a named pipe would block
the build, a symbolic link that leads out of the directory would publish (or quote, in an error) a
file that is not an incident. A link to a file inside the directory is read like that file; Emacs'
lock files (``.#name.yaml``, links to nowhere while a file is edited) are left alone.
"""

from __future__ import annotations

import os
import stat as st
from pathlib import Path

SUFFIXES = (".yaml", ".yml")


def incident_files(directory: Path) -> list[Path]:
    """The incident files of a directory, sorted by name: regular files, or links to one inside it."""
    return [path for path, (why, _) in listing(directory) if not why]


def misnamed_files(directory: Path) -> list[Path]:
    """Files that look like incidents but would be skipped: ``.YAML``, ``.Yml`` ..."""
    if not directory.is_dir():
        return []
    return sorted(
        p
        for p in directory.iterdir()
        if p.suffix.lower() in SUFFIXES and p.suffix not in SUFFIXES and p.is_file()
    )


def listing(directory: Path) -> list[tuple[Path, tuple[str, str]]]:
    """Every ``*.yaml`` / ``*.yml`` name, sorted, with why it is not read (``("", "")``: it is).

    Nothing is opened here: a named pipe would block the build, a link out of the directory
    would publish (or quote, in an error) a file that is not an incident.
    """
    if not directory.is_dir():
        return []
    base = directory.resolve()
    found: list[tuple[Path, tuple[str, str]]] = []
    for path in sorted(directory.iterdir()):
        if path.suffix not in SUFFIXES:
            if not path.name.startswith(".") and path.is_dir() and not path.is_symlink():
                found.extend((nested, _nested(nested, directory)) for nested in _nested_files(path))
            continue
        why = _unreadable(path, base)
        if why is not None:
            found.append((path, why))
    return found


def _nested_files(folder: Path) -> list[Path]:
    """Incident-like files (``*.yaml``, ``*.yml``, any case) in ``folder`` and below it, sorted;
    folders whose name starts with '.' (an editor's, a tool's) and symbolic links are not entered."""
    out: list[Path] = []
    for top, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        names = (f for f in files if Path(f).suffix.lower() in SUFFIXES and not f.startswith("."))
        out.extend(Path(top) / name for name in names)
    return sorted(out)


def _nested(path: Path, directory: Path) -> tuple[str, str]:
    """Why a file in a subfolder is not read, and what to do."""
    inner = path.relative_to(directory)
    return (
        f"files in subfolders of {directory.name}/ are not read: this incident would not be published",
        f"move it to {directory.name}/{path.name} (the file name is the id, so all incidents share one "
        f"folder), or move {directory.name}/{inner.parts[0]}/ out of {directory.name}/ if it holds no "
        "incidents to publish",
    )


FIX_TYPE = "delete it and write the incident as an ordinary file"


def _unreadable(path: Path, base: Path) -> tuple[str, str] | None:
    """``(what is wrong, fix)`` for a name that is not an incident file to read, ``("", "")`` for one,
    None for an editor's lock file (Emacs' ``.#name.yaml`` links to nowhere while it edits)."""
    try:
        mode = path.lstat().st_mode
        if st.S_ISLNK(mode):
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):  # a link to nothing, or a loop of links
                if path.name.startswith(".#"):
                    return None
                return (
                    f"this is a symbolic link to nothing ({os.readlink(path)})",
                    "delete the link, or replace it with the incident file itself",
                )
            if not target.is_relative_to(base):
                return (
                    f"this is a symbolic link to {target}, outside {base.name}/: it is not read or published",
                    f"copy the incident file into {base.name}/ instead of linking to it",
                )
            mode = target.stat().st_mode
    except OSError as exc:
        return (f"cannot read the file: {exc.strerror}", "check it exists and is readable")
    if st.S_ISREG(mode):
        return ("", "")
    if st.S_ISDIR(mode):
        return (
            "this is a directory, not an incident file",
            "rename the directory so its name does not end in .yaml or .yml, or move it out",
        )
    kind = "a named pipe (FIFO)" if st.S_ISFIFO(mode) else "a socket or device"
    return (f"this is {kind}, not an incident file: it is not read", FIX_TYPE)


def read_at_most(fd: int, limit: int) -> bytes:
    """At most ``limit`` bytes of an open file (a file that grew since its size was read stops there)."""
    chunks: list[bytes] = []
    left = limit
    while left > 0 and (chunk := os.read(fd, min(left, 1 << 20))):
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
