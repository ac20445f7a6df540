"""Writes generated files into the site, on a thread of its own, skipping what did not change.

Creating thousands of small files is mostly time in the kernel, during which the
GIL is free: a writer thread takes the files from a short queue while the build
renders the next ones, so the two overlap. ``statuskit build`` writes into a
fresh directory, so every file is new. While ``serve`` previews, the site
directory is kept between rebuilds; then only files whose bytes changed are
written, and files a previous rebuild wrote but this one did not (a deleted
incident's pages) are removed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import queue
import shutil
import threading
from pathlib import Path

QUEUED = 256  # files waiting for the writer at most: memory stays flat
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def _place(source: Path, path: Path) -> None:
    """``source`` at ``path``: a hard link (the cache replaces, never rewrites, its files), else a copy."""
    path.unlink(missing_ok=True)
    try:
        os.link(source, path)
    except OSError:
        shutil.copyfile(source, path)


def _put(data: bytes, path: Path) -> None:
    """``data`` at ``path`` as a new file (Python's open() adds a few system calls more).

    Never written in place: the file there may be a hard link to a card cache entry (or any
    other file the site links), and truncating it would change that file and every site
    linked to it. The old name is unlinked first and a new file made.
    """
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
    fd = os.open(path, _FLAGS, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


class SiteWriter:
    """Files of one build. ``before``: the digests of what the previous build wrote into the same
    directory (its ``now``, kept by the caller), to compare with; None for a fresh directory.

    Call ``finish()`` at the end: it waits for the writer and raises what it met.
    """

    def __init__(self, site_dir: Path, before: dict[str, bytes] | None = None) -> None:
        self.site_dir = site_dir
        self.keep = before is not None
        self.before = before or {}
        self.now: dict[str, bytes] = {}  # what this build wrote: the next build's ``before``
        self.folders: set[Path] = set()
        self.queue: queue.Queue[tuple[Path, bytes | Path] | None] = queue.Queue(QUEUED)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._drain, name="statuskit-writer", daemon=True)
        self.thread.start()

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
        if self.error is not None:
            self.finish()
        self.queue.put((path, data))

    def _drain(self) -> None:
        while (item := self.queue.get()) is not None:
            if self.error is not None:
                continue  # keep taking items so write() never blocks; finish() raises
            path, data = item
            try:
                if path.parent not in self.folders:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    self.folders.add(path.parent)
                if isinstance(data, Path):
                    _place(data, path)
                else:
                    _put(data, path)
            except BaseException as exc:  # handed to the building thread by finish()
                self.error = exc

    def finish(self) -> None:
        """Wait for every file; remove what the previous build wrote and this one did not."""
        if self.thread.is_alive():
            self.queue.put(None)
            self.thread.join()
        if self.error is not None:
            raise self.error
        if not self.keep:
            return
        for rel in self.before.keys() - self.now.keys():
            (self.site_dir / rel).unlink(missing_ok=True)
