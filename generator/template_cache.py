"""Compiled Jinja templates kept between builds: in memory (one cache per owner), and on disk.

mkdocs makes a new Jinja environment for every build, so every build (and every
``serve`` rebuild) compiles the theme's templates again, and ours; that is about
0.3 s of a build. Jinja's bytecode cache keys each template by name and checks the
source's checksum and Python's bytecode version, so an edited template is compiled
afresh and a cached one behaves exactly like a fresh compile.
"""

from __future__ import annotations

import contextlib
import sys

from jinja2 import BytecodeCache, FileSystemBytecodeCache
from jinja2.bccache import Bucket

from . import cachedir


class LayeredBytecodeCache(BytecodeCache):
    """Memory first (this process), then the on-disk cache (if any)."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}
        self.disk: FileSystemBytecodeCache | None = None
        if cachedir.enabled():
            folder = cachedir.cache_home() / f"jinja-py{sys.version_info[0]}{sys.version_info[1]}"
            try:
                folder.mkdir(parents=True, exist_ok=True)
                self.disk = FileSystemBytecodeCache(str(folder))
            except OSError:
                self.disk = None  # a read-only home: compile every time

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)
        elif self.disk is not None:
            try:
                self.disk.load_bytecode(bucket)
            except (OSError, EOFError, ValueError):
                bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()
        if self.disk is not None:
            with contextlib.suppress(OSError):
                self.disk.dump_bytecode(bucket)
