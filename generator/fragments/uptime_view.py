"""The home page's uptime history: the template context for ``_uptime.html``.

Reads :mod:`generator.uptime` (the numbers) and the model (incident titles);
decides nothing about uptime itself. The bars are one empty element per day
with a one-letter class for the worst status (operational has none), so 90
days of 10 components stay a few KB; the facts are in a text list of the
days with incidents, readable without JavaScript, colour or tooltips.
Consecutive days with the same worst status and the same incidents make one
entry ("8 Sep 2026 – 14 Sep 2026"), so a week-long incident is one line, not
seven, and the list stays short.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .. import paths
from .. import vocabulary as v
from ..model import Component, Site
from ..uptime import DayUptime, uptime, window

# The bar's class per worst status of a day (see the uptime section of statuskit.css).
BAR_CLASS = {
    "operational": "",
    "under_maintenance": "u",
    "degraded_performance": "d",
    "partial_outage": "p",
    "major_outage": "m",
}


@dataclass(frozen=True)
class IncidentLink:
    """An incident named in a day's text alternative."""

    id: str
    title: str
    href: str  # site-relative: prefix with the page's ``base``


@dataclass(frozen=True)
class DayRow:
    """A day with incidents for the text list, or a run of days with the same facts."""

    first: date
    last: date  # == first for a single day
    status: str  # the worst status of each of these days
    durations: tuple[tuple[str, timedelta], ...]  # non-operational statuses, worst (= status) first
    incidents: tuple[IncidentLink, ...]


@dataclass(frozen=True)
class UptimeRow:
    """One component's bar, percentage and days with incidents (newest first)."""

    component: Component
    percent: str  # "99.87"
    bars: tuple[str, ...]  # BAR_CLASS of each day, oldest first
    days: tuple[DayRow, ...]

    @property
    def incident_days(self) -> int:
        """How many days had incidents (a run of days counts each of its days)."""
        return sum((row.last - row.first).days + 1 for row in self.days)


@dataclass(frozen=True)
class UptimeView:
    """Everything ``_uptime.html`` shows."""

    days: int
    first: date
    today: date
    rows: tuple[UptimeRow, ...]


def uptime_section(site: Site) -> UptimeView:
    """What the home page shows of uptime: a row per component."""
    rows = []
    for comp, data in zip(site.config.components, uptime(site), strict=True):
        bars = tuple(BAR_CLASS[day.status] for day in data.days)
        rows.append(UptimeRow(comp, data.percent_text, bars, _day_rows(data.days, site)))
    dates = window(site)
    return UptimeView(len(dates), dates[0], dates[-1], tuple(rows))


def _day_rows(days: tuple[DayUptime, ...], site: Site) -> tuple[DayRow, ...]:
    """Days with incidents, newest first; runs of days with the same facts merged."""
    runs: list[list[DayUptime]] = []
    for day in reversed(days):
        if not day.incidents:
            continue
        newer = runs[-1][-1] if runs else None
        if (
            newer is not None
            and newer.day - day.day == timedelta(days=1)
            and (newer.status, newer.incidents) == (day.status, day.incidents)
        ):
            runs[-1].append(day)
        else:
            runs.append([day])
    return tuple(_day_row(run, site) for run in runs)


def _day_row(run: list[DayUptime], site: Site) -> DayRow:
    """One entry for ``run`` (newest first)."""
    spent: dict[str, int] = {}
    for day in run:
        for status, seconds in day.seconds:
            spent[status] = spent.get(status, 0) + seconds
    order = [s for s in v.COMPONENT_STATUSES if s != v.OPERATIONAL and spent.get(s)]
    durations = tuple((s, timedelta(seconds=spent[s])) for s in order)
    links = tuple(IncidentLink(i, site.incident(i).title, paths.incident_page(i)) for i in run[0].incidents)  # type: ignore[union-attr]
    return DayRow(run[-1].day, run[0].day, run[0].status, durations, links)
