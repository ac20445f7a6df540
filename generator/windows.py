"""Maintenance windows over time: the automatic transitions and when their components change.

Core module used by :func:`generator.model.derive`. A window's components are at the
statuses its file names (``under_maintenance`` by default) only while it is in progress:
from its start (or an earlier ``in_progress``/``verifying`` update) until its end (or its
``completed`` update). Before that a ``scheduled`` announcement changes no component, and
after it every component is back to operational. Where the clock moves a window on without
an update, a :class:`Transition` carries the step, as Statuspage's automatic transitions do.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from . import vocabulary as v

if TYPE_CHECKING:
    from .model import Update, Window

Changes = tuple[tuple[str, str, str], ...]  # ((component id, old status, new status), ...)
IN_PROGRESS = "in_progress"
# A transition is not needed when the update in force at its moment already has one of these.
_DONE_BY = {IN_PROGRESS: (IN_PROGRESS, "verifying", v.COMPLETED), v.COMPLETED: (v.COMPLETED,)}


@dataclass(frozen=True)
class Transition:
    """A step the clock made a window take without an update (``in_progress`` or ``completed``)."""

    status: str
    at: datetime
    changes: Changes = ()


def transitions(window: Window, updates: tuple[Update, ...], now: datetime) -> tuple[Transition, ...]:
    """The automatic transitions a window has taken by ``now``, without their changes.

    A window still ``scheduled`` when it starts moves to ``in_progress`` at its start; one not
    ``completed`` when it ends moves to ``completed`` at its end. A window announced late moves
    on from its announcement.
    """
    out = []
    for status, edge in ((IN_PROGRESS, window.start), (v.COMPLETED, window.end)):
        when = max(edge, updates[0].at)
        in_force = [u.status for u in updates if u.at <= when]
        if when <= now and in_force[-1] not in _DONE_BY[status]:
            out.append(Transition(status, when))
    return tuple(out)


def with_changes(
    updates: tuple[Update, ...], autos: tuple[Transition, ...], start: datetime, end: datetime
) -> tuple[tuple[Update, ...], tuple[Transition, ...]]:
    """The updates and transitions, each with the component changes readers saw at its moment.

    ``start``/``end``: when the window is in progress (``start`` <= t < ``end``). The work
    starts with an ``in_progress``/``verifying`` update or the automatic ``in_progress``
    transition, and ends with ``completed`` (update or transition); a ``scheduled`` update
    moves nothing. Each update's ``components`` stay what the file plans for the window; only
    ``changes`` follow the clock.
    """
    steps = sorted(
        [(u.at, 0, n) for n, u in enumerate(updates)] + [(t.at, 1, n) for n, t in enumerate(autos)],
        key=lambda s: (s[0], s[1]),  # stable: equal times keep file order, transitions after updates
    )
    planned: tuple[tuple[str, str], ...] = ()
    shown: dict[str, str] = {}
    live = False  # in progress at this step
    new_updates, new_autos = list(updates), list(autos)
    for at, kind, n in steps:
        if kind == 1:
            live = autos[n].status == IN_PROGRESS
        else:
            planned, status = updates[n].components, updates[n].status
            if status == v.COMPLETED:
                live = False
            elif status != "scheduled":  # in_progress, verifying: the work is on while in the window
                live = start <= at < end
            # a scheduled update neither starts nor ends the work: the clock or the next update does
        now_shown = {cid: status if live else v.OPERATIONAL for cid, status in planned}
        changes = tuple(
            (cid, shown.get(cid, v.OPERATIONAL), status)
            for cid, status in now_shown.items()
            if shown.get(cid, v.OPERATIONAL) != status
        )
        shown.update(now_shown)
        if kind == 0:
            new_updates[n] = replace(updates[n], changes=changes)
        else:
            new_autos[n] = replace(autos[n], changes=changes)
    return tuple(new_updates), tuple(new_autos)
