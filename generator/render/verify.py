"""``STATUSKIT_VERIFY=1``: every fast path also renders the plain way, and any difference stops the build.

The fast paths (theme shells, stamped templates and macros) promise the bytes a plain Jinja
render gives. With the variable set, each result is compared with that render as it is made;
the test suite (so CI) builds the example site this way once. It costs a plain render per use,
so it is for checking, not for publishing.
"""

from __future__ import annotations

import os

CONTEXT = 60  # characters shown around the first difference


class VerifyError(RuntimeError):
    """A fast path gave other bytes than the plain render (a statuskit bug: please report it)."""


def enabled() -> bool:
    """True when ``STATUSKIT_VERIFY=1`` is set (read at each call: cheap, and tests may set it)."""
    return os.environ.get("STATUSKIT_VERIFY") == "1"


def same(what: str, fast: str, plain: str) -> None:
    """Raise :class:`VerifyError` naming ``what`` and the first difference unless ``fast == plain``."""
    if fast == plain:
        return
    pairs = enumerate(zip(fast, plain, strict=False))
    at = next((n for n, (a, b) in pairs if a != b), min(len(fast), len(plain)))
    start = max(0, at - CONTEXT)
    raise VerifyError(
        f"STATUSKIT_VERIFY: {what} differs from its plain render at character {at}:\n"
        f"  fast:  {fast[start : at + CONTEXT]!r}\n  plain: {plain[start : at + CONTEXT]!r}\n"
        "  this is a statuskit bug: build without STATUSKIT_VERIFY to publish, and report it"
    )
