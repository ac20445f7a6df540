"""Writing incident files: a new file, and an update appended as text.

An update is inserted as text right after the last item of ``updates:``, so
every comment, blank line, quote style and key order in the file stays
exactly as the operator wrote it. Callers validate the result before saving.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from .errors import ProblemList
from .vocabulary import IMPACT_COMPONENT_STATUS
from .yamlsource import entries, parse

SCHEMA_COMMENT = "# yaml-language-server: $schema={url}\n"


@dataclass(frozen=True)
class NewUpdate:
    """What an update adds: status, message, and optional promise and components."""

    at: datetime
    status: str
    message: str
    next_update: datetime | None = None
    components: tuple[tuple[str, str], ...] = ()


def slug(title: str, limit: int = 48) -> str:
    """``Database outage in the EU!`` -> ``database-outage-in-the-eu`` (``incident`` if nothing is left)."""
    flat = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", flat.lower()).strip("-")
    words = words[:limit].rstrip("-")
    return words or "incident"


def quoted(text: str) -> str:
    """A one-line YAML scalar: a JSON string is valid YAML and needs no guessing."""
    return json.dumps(text, ensure_ascii=False)


def stamp(when: datetime, tz: ZoneInfo) -> str:
    """A time in the site timezone with its offset: ``2026-11-22T10:20:00+01:00``."""
    return when.astimezone(tz).replace(microsecond=0).isoformat()


def block(key: str, text: str, indent: str) -> str:
    """``key: |`` with the text indented under it (or one quoted line).

    A first line that starts with a space (indented code, say) needs an
    explicit indentation indicator, or YAML would take its indent for all.
    """
    lines = text.strip("\n").splitlines()
    if len(lines) <= 1 and len(text) < 80:  # (no lines: an empty text, which validation refuses)
        return f"{indent}{key}: {quoted(text.strip())}\n"
    if len(lines) == 1 and len(lines[0]) < 80:
        return f"{indent}{key}: {quoted(lines[0])}\n"
    indicator = "2" if lines[0][:1] in (" ", "\t") else ""
    body = "".join(f"{indent}  {line}".rstrip() + "\n" for line in lines)
    return f"{indent}{key}: |{indicator}\n{body}"


def update_text(update: NewUpdate, tz: ZoneInfo, dash: str, keys: str) -> str:
    """One update as YAML: ``dash`` is the indent of '-', ``keys`` of the keys under it."""
    gap = " " * max(1, len(keys) - len(dash) - 1)
    out = f"{dash}-{gap}at: {stamp(update.at, tz)}\n"
    out += f"{keys}status: {update.status}\n"
    out += block("message", update.message, keys)
    if update.next_update is not None:
        out += f"{keys}next_update: {stamp(update.next_update, tz)}\n"
    if update.components:
        pairs = ", ".join(f"{cid}: {status}" for cid, status in update.components)
        out += f"{keys}components: {{{pairs}}}\n"
    return out


def new_file_text(
    *,
    schema_url: str,
    title: str,
    impact: str,
    components: tuple[tuple[str, str | None], ...],
    update: NewUpdate,
    tz: ZoneInfo,
    window: tuple[datetime, datetime] | None = None,
    faq: tuple[tuple[str, str], ...] = (),
) -> str:
    """The whole text of a new incident file, schema comment first."""
    out = SCHEMA_COMMENT.format(url=schema_url)
    out += f"title: {quoted(title)}\n"
    out += f"impact: {impact}\n"
    if window is not None:
        out += f"maintenance:\n  start: {stamp(window[0], tz)}\n  end: {stamp(window[1], tz)}\n"
    if components:
        if all(status is None for _, status in components):
            out += "components: [" + ", ".join(cid for cid, _ in components) + "]\n"
        else:
            out += "components:\n" + "".join(
                f"  {cid}: {status or _default(impact)}\n" for cid, status in components
            )
    out += "updates:  # oldest first: `statuskit update` appends new ones at the end\n"
    out += update_text(update, tz, "  ", "    ")
    if faq:
        out += "faq:\n"
        for q, a in faq:
            out += f"  - q: {quoted(q)}\n" + block("a", a, "    ")
    return out


def _default(impact: str) -> str:
    return IMPACT_COMPONENT_STATUS.get(impact, "operational")


class AppendError(Exception):
    """The file's shape does not allow a safe text append (reported as a problem)."""


def append_update(text: str, update: NewUpdate, tz: ZoneInfo) -> str:
    """``text`` with ``update`` inserted after the last item of ``updates:``."""
    problems = ProblemList("")
    root = parse(text, problems)
    if root is None or not isinstance(root, yaml.MappingNode):
        raise AppendError("the file is not a valid incident file; fix it first (statuskit validate)")
    found = entries(root, problems).get("updates")
    if found is None or not isinstance(found.node, yaml.SequenceNode) or not found.node.value:
        raise AppendError("the file has no list of updates to append to")
    seq = found.node
    if seq.flow_style:
        raise AppendError("updates: is written as a [flow] list; write it as a block list ('- at: ...')")
    last = seq.value[-1]
    deepest = last  # the last node of the last update: block collections end where their last item ends
    while isinstance(deepest, yaml.MappingNode | yaml.SequenceNode) and deepest.value:
        if deepest.flow_style:  # {...} and [...] end at their closing bracket, maybe lines later
            break
        tail = deepest.value[-1]
        deepest = tail[1] if isinstance(tail, tuple) else tail
    end = deepest.end_mark.index
    while end > 0 and text[end - 1] in " \t\r\n":
        end -= 1
    newline = text.find("\n", end)
    cut = len(text) if newline < 0 else newline + 1
    line_start = text.rfind("\n", 0, last.start_mark.index) + 1
    prefix = text[line_start : last.start_mark.index]
    dash = prefix[: prefix.index("-")] if "-" in prefix else " " * max(0, last.start_mark.column - 2)
    keys = " " * last.start_mark.column
    eol = "\r\n" if "\r\n" in text else "\n"  # keep a Windows file's line endings
    head = text[:cut] if text[:cut].endswith("\n") else text[:cut] + eol
    return head + update_text(update, tz, dash, keys).replace("\n", eol) + text[cut:]


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one rename (never a half-written file)."""
    tmp = _written_beside(path, text)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def create_new(path: Path, text: str) -> None:
    """Create ``path`` with ``text``, whole, or raise FileExistsError: it never replaces a file.

    The text is written beside it, then hard-linked into place: the link fails if the
    name was taken meanwhile (two ``statuskit new`` with one id), and readers never see
    a half-written file. File systems without hard links get an exclusive create.
    """
    tmp = _written_beside(path, text)
    try:
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise
        except OSError:  # no hard links here (some network and FAT file systems)
            with open(path, "x", encoding="utf-8", newline="") as handle:
                handle.write(text)
    finally:
        tmp.unlink(missing_ok=True)


def _written_beside(path: Path, text: str) -> Path:
    """A temporary file next to ``path`` holding ``text``, with the mode ``path`` has (or would get)."""
    # a short prefix: a name near the file system's limit must still leave room for it
    fd, name = tempfile.mkstemp(prefix=f".{path.name[:64]}.", dir=path.parent)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        try:
            mode = path.stat().st_mode & 0o777
        except FileNotFoundError:  # a new file: what the umask gives (mkstemp makes 0600)
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on the incident file ``path`` from reading it to replacing it.

    The lock is taken on the file itself (``flock``), so no lock file is left behind.
    :func:`write_atomic` replaces the file by a rename, so a waiter may wake up holding
    the lock of a file that is no longer there: it then locks the new file instead.
    """
    try:
        import fcntl
    except ImportError:  # Windows has no flock: there, as before, parallel updates are not serialised
        yield
        return
    while True:
        fd = os.open(path, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            held, now = os.fstat(fd), os.stat(path)
        except BaseException:
            os.close(fd)
            raise
        if (held.st_dev, held.st_ino) == (now.st_dev, now.st_ino):
            break
        os.close(fd)
    try:
        yield
    finally:
        os.close(fd)  # releases the lock
