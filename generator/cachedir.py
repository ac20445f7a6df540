"""Where statuskit keeps what it can reuse between builds (cards, compiled templates)."""

from __future__ import annotations

import os
from pathlib import Path


def cache_home() -> Path:
    """Outside the site's working tree: $STATUSKIT_CACHE_DIR, else $XDG_CACHE_HOME/statuskit."""
    if explicit := os.environ.get("STATUSKIT_CACHE_DIR"):
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "statuskit"


def enabled() -> bool:
    """False when STATUSKIT_NO_CACHE is set: every build starts from nothing."""
    return not os.environ.get("STATUSKIT_NO_CACHE")
