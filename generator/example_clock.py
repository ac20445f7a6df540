"""``example_clock: true``: an example site whose incidents stay current relative to the build.

The example's files carry fixed dates. Built weeks later, its open incident would be weeks
overdue and its "upcoming" maintenance long past. With ``example_clock`` every time of every
incident (updates' ``at``, ``next_update`` and ``edited``, maintenance ``start`` and ``end``)
moves forward by one whole number of days on the site's wall clock (its ``timezone``), the
smallest that brings the newest update to at least :data:`LEAD` before "now" (so it lies between
one hour and a day and an hour before the build). Whole days on the wall clock keep every local
time of day and order as written, so a message's "since 10:20" still matches its timeline when
the shift crosses a change of daylight saving time (a duration spanning such a night gains or
loses that hour); messages should not name calendar dates, which do not move. "now" is the build
time or ``SOURCE_DATE_EPOCH``, so the same input and epoch give the same shift, and the same
bytes. The shift is applied once, to the loaded model, so pages, feeds, the API, the calendar
and the cards all show the same shifted times. It only moves times forward: a site whose
newest update is recent (a real incident written with ``statuskit new``) is not moved.

Real sites must not set it (the scaffold's mkdocs.yml says so where it sets it): the pages say
they show an example.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path

from . import limits
from .load import LoadMemo, load_incidents
from .model import Incident, SiteConfig, Window

LEAD = timedelta(hours=1)
DAY = timedelta(days=1)


def offset(incidents: Iterable[Incident], now: datetime, zone: tzinfo = UTC) -> timedelta:
    """Whole days that bring the newest update (or correction) to at least LEAD before ``now``.

    The days are added on the wall clock of ``zone`` (see :func:`moved`).
    """
    found = list(incidents)
    moments = [m for i in found for u in i.updates for m in (u.at, u.edited) if m is not None]
    if not moments:
        return timedelta(0)
    newest = max(moments)
    days = (now - LEAD - newest) // DAY
    while days > 0 and moved(newest, DAY * days, zone) > now - LEAD:
        days -= 1  # a change of daylight saving time between them costs an hour
    latest = [m for i in found for m in _times(i)]
    room = (limits.LATEST - max(latest)) // DAY - 1  # never past the last time the pages can show
    return DAY * max(0, min(days, room))


def moved(when: datetime, by: timedelta, zone: tzinfo) -> datetime:
    """``when`` moved by ``by`` (whole days) on the wall clock of ``zone``, in UTC."""
    return (when.astimezone(zone) + by).astimezone(UTC)


def _times(incident: Incident) -> list[datetime]:
    out = [m for u in incident.updates for m in (u.at, u.next_update, u.edited) if m is not None]
    if incident.maintenance is not None:
        out += [incident.maintenance.start, incident.maintenance.end]
    return out


def shifted(incident: Incident, by: timedelta, zone: tzinfo = UTC) -> Incident:
    """``incident`` with every time moved by ``by`` on the wall clock of ``zone``."""
    if not by:
        return incident

    def move(when: datetime) -> datetime:
        return moved(when, by, zone)

    updates = tuple(
        replace(
            u,
            at=move(u.at),
            next_update=move(u.next_update) if u.next_update else None,
            edited=move(u.edited) if u.edited else None,
        )
        for u in incident.updates
    )
    window = incident.maintenance
    shifted_window = Window(move(window.start), move(window.end)) if window else None
    return replace(incident, updates=updates, maintenance=shifted_window)


def load(
    directory: Path, config: SiteConfig, now: datetime, root: Path | None = None, memo: LoadMemo | None = None
) -> list[Incident]:
    """Every incident, validated, with the example's times moved to ``now``.

    The files are checked as written, except that an update may not be "in the future" of
    the written dates: the shift puts every update at least an hour before ``now``. When no
    shift is needed (offset 0) they are checked against ``now`` exactly as without the option.
    """
    memo = memo if memo is not None else LoadMemo()  # the second load reads nothing again
    incidents = load_incidents(directory, config, limits.LATEST, root, memo)
    by = offset(incidents, now, config.timezone)
    if not by:
        return load_incidents(directory, config, now, root, memo)
    return [shifted(i, by, config.timezone) for i in incidents]
