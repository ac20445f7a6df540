"""Compiled theme templates kept in memory across ``serve`` rebuilds.

mkdocs makes a new Jinja environment for every build, so each rebuild
compiles the theme's templates again (about 0.2 s for mkdocs-material).
Jinja's bytecode cache keys each template by name and source checksum, so an
edited template is compiled afresh.
"""

from __future__ import annotations

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket


class MemoryBytecodeCache(BytecodeCache):
    """Bytecode by (template key, source checksum), in this process."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


SHARED = MemoryBytecodeCache()
