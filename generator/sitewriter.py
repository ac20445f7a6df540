"""Writes generated files into the site, skipping what an earlier build of this process wrote.

``statuskit build`` writes into a fresh directory, so every file is new. While
``serve`` previews, the site directory is kept between rebuilds; then only
files whose bytes changed are written, and files a previous rebuild wrote
but this one did not (a deleted incident's pages) are removed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

_WRITTEN: dict[Path, dict[str, bytes]] = {}


def _place(source: Path, path: Path) -> None:
    """``source`` at ``path``: a hard link (the cache replaces, never rewrites, its files), else a copy."""
    path.unlink(missing_ok=True)
    try:
        os.link(source, path)
    except OSError:
        shutil.copyfile(source, path)


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


class SiteWriter:
    """Files of one build; ``keep=True`` compares with the previous build into the same directory."""

    def __init__(self, site_dir: Path, keep: bool = False) -> None:
        self.site_dir = site_dir
        self.keep = keep
        self.before = _WRITTEN.get(site_dir, {}) if keep else {}
        self.now: dict[str, bytes] = {}
        self.written = 0
        self.folders: set[Path] = set()

    def write(self, rel: str, data: bytes | Path) -> None:
        """Write ``data`` at ``rel`` unless the same bytes are already there.

        ``data`` may be a file whose name says what it holds (a content-addressed cache entry):
        it is linked into the site (copied across file systems) instead of read and written.
        """
        digest = b""
        if self.keep:
            digest = str(data.name).encode() if isinstance(data, Path) else _digest(data)
        self.now[rel] = digest
        path = self.site_dir / rel
        if self.keep and self.before.get(rel) == digest and path.is_file():
            return
        if path.parent not in self.folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.folders.add(path.parent)
        if isinstance(data, Path):
            _place(data, path)
        else:
            with open(path, "wb") as out:
                out.write(data)
        self.written += 1

    def finish(self) -> None:
        """Remove what the previous build wrote and this one did not; remember this build."""
        if not self.keep:
            return
        for rel in self.before.keys() - self.now.keys():
            (self.site_dir / rel).unlink(missing_ok=True)
        _WRITTEN[self.site_dir] = self.now
