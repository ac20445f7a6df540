""" "Now" for everything time-dependent: the build time, or SOURCE_DATE_EPOCH."""

from __future__ import annotations

import os
from datetime import UTC, datetime

from .errors import InputError, Problem


def build_now(environ: dict[str, str] | None = None) -> datetime:
    """The moment the site describes, as an aware UTC datetime.

    ``SOURCE_DATE_EPOCH`` (seconds since 1970, reproducible-builds.org) wins
    over the wall clock, so the same input and epoch give the same site.
    """
    env = os.environ if environ is None else environ
    raw = env.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return datetime.now(UTC).replace(microsecond=0)
    try:
        return datetime.fromtimestamp(int(raw), UTC)
    except (ValueError, OverflowError, OSError):
        raise InputError(
            [
                Problem(
                    "SOURCE_DATE_EPOCH",
                    None,
                    None,
                    f"{raw!r} is not a number of seconds since 1970-01-01",
                    "set it to an integer such as 1763900000, or unset it to use the clock",
                )
            ]
        ) from None
