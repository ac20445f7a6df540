"""Reading timestamps the way the contract defines them, and writing them back."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from .limits import EARLIEST, LATEST

_SHAPE = re.compile(r"(?a)^\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-]\d{2}:?[0-5]\d)?$")
TIME_HINT = "write it as 2026-11-22T09:20:00Z, 2026-11-22T10:20:00+01:00 or 2026-11-22 09:20"
RANGE_TEXT = f"from {EARLIEST:%Y-%m-%d} to {LATEST:%Y-%m-%d} (UTC)"


def out_of_range(text: str, value: datetime | None) -> str:
    """``before`` or ``after`` when a time ``text`` (``value`` parsed, or None) lies outside
    what statuskit shows, else ''.

    A well-formed time whose year is far off (0226; year 1 with an offset, or the last hours of
    9999, which overflow in UTC) is out of range rather than "not a time": the person sees
    which bound to check.
    """
    if value is None:
        wall = _wall(text)
        if wall is not None:  # a real date and time that overflows on the way to UTC
            return "before" if wall.year < 5000 else "after"
        if not _SHAPE.match(text.strip()):
            return ""
        return "before" if int(text.strip()[:4]) < EARLIEST.year else ""
    if value < EARLIEST:
        return "before"
    return "after" if value > LATEST else ""


def _wall(text: str) -> datetime | None:
    """The date and time ``text`` writes (with its offset, if any), or None when it is no time."""
    raw = text.strip()
    if not _SHAPE.match(raw):
        return None
    raw = re.sub(r"(?a)\s+(?=[Z+-]\S*$)", "", raw)  # YAML's spaced style: 09:20:00.5 +01:00
    if re.match(r"(?a)^\d{4}-\d{2}-\d{2}[T ]\d:", raw):  # 9:20 -> 09:20
        raw = raw[:11] + "0" + raw[11:]
    try:
        return datetime.fromisoformat(raw)
    except ValueError:
        return None


def parse_time(text: str, tz: ZoneInfo) -> datetime | None:
    """An aware UTC datetime, or None when ``text`` is not a contract timestamp.

    With an offset the time means what it says; without one it is read in
    the site timezone ``tz``.
    """
    value = _wall(text)
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    try:
        return value.astimezone(UTC)
    except (OverflowError, ValueError):  # e.g. year 1 with a positive offset
        return None


def iso(value: datetime) -> str:
    """ISO 8601 with an explicit offset, seconds precision (``...Z`` for UTC)."""
    text = value.replace(microsecond=0).isoformat()
    return text.replace("+00:00", "Z")


_RELATIVE = re.compile(r"(?a)^(\d+)\s*(m|min|h|d)$")
NEXT_HINT = "use a duration like 30m or 2h, a clock time like 14:30, or a full time like 2026-11-22T14:30:00Z"


def is_duration(text: str) -> bool:
    """True for a promise written as a duration (``30m``, ``2h``, ``3d``), whatever its size."""
    return bool(_RELATIVE.match(text.strip().lower()))


def parse_when(text: str, now: datetime, tz: ZoneInfo) -> datetime | None:
    """A promise like ``30m``, ``2h``, ``14:30`` (next such time in ``tz``) or a timestamp; None
    when ``text`` is none of these, or a duration too long for any date."""
    raw = text.strip().lower()
    if match := _RELATIVE.match(raw):
        amount, unit = int(match.group(1)), match.group(2)
        step = {"m": timedelta(minutes=1), "min": timedelta(minutes=1), "h": timedelta(hours=1)}
        try:
            return now + amount * step.get(unit, timedelta(days=1))
        except OverflowError:  # 99999999999999h: past any date there is
            return None
    if re.match(r"(?a)^\d{1,2}:\d{2}$", raw):
        hour, minute = (int(x) for x in raw.split(":"))
        if hour > 23 or minute > 59:
            return None
        local = now.astimezone(tz)
        candidate = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
        if candidate <= local:
            candidate += timedelta(days=1)
        return candidate.astimezone(UTC)
    return parse_time(text, tz)
