"""Uptime history: per component, the last 90 days and an uptime percentage.

Core module (no mkdocs): it reads only the model's segments and "now".

Days are calendar days in the site timezone; the window ends with today
(the date of ``Site.now`` in the site timezone) and a day only counts up to
"now", so today is partial and an ongoing incident counts until now, not
until the end of the day. Days that change clocks are 23 or 25 hours long.
Times are counted in whole seconds.

At every moment a component has one status: the worst status any segment
gives it then (segments of a maintenance count as ``under_maintenance``,
whatever status the window names), else ``operational``. Overlapping
incidents on one component are therefore never counted twice: a sweep over
the change points keeps only the worst status of each stretch of time.

**The uptime rule** (Statuspage-like), over the window:

- ``major_outage`` counts fully as downtime (weight 1);
- ``partial_outage`` counts as 30 % downtime (weight 0.3);
- ``degraded_performance`` counts as up (weight 0: slow, but working);
- ``under_maintenance`` is left out of both sides (planned, announced);
- ``operational`` is up.

``uptime % = 100 * (1 - (major + 0.3 * partial) / (observed - maintenance))``
with every term in seconds and ``observed`` the window's seconds up to now.
A window that is all maintenance is 100 %. For display, the percentage is
cut (not rounded) to two decimals, so ``100.00`` means no weighted downtime
at all: see :attr:`ComponentUptime.percent_text`.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from fractions import Fraction

from . import vocabulary as v
from .model import Site

WINDOW_DAYS = 90
MAJOR = "major_outage"
PARTIAL = "partial_outage"
# Downtime weight of each status; maintenance is excluded, not weighted.
WEIGHTS: dict[str, Fraction] = {
    "major_outage": Fraction(1),
    "partial_outage": Fraction(3, 10),
    "degraded_performance": Fraction(0),
    "operational": Fraction(0),
}

# Statuses by severity: index = vocabulary.severity(status), operational 0.
_BY_SEVERITY = tuple(sorted(v.COMPONENT_STATUSES, key=v.severity))
_WORST_FIRST = tuple(reversed(_BY_SEVERITY))
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

Seconds = tuple[tuple[str, int], ...]  # ((status, seconds), ...) worst first, zeros left out
_Bounds = tuple[tuple[date, ...], list[int], int]  # dates, day starts + end of today, now (epoch s)


@dataclass(frozen=True)
class DayUptime:
    """One calendar day (site timezone) of one component."""

    day: date
    observed: int  # seconds of the day up to now (86400; 82800 or 90000 on DST days; less today)
    status: str  # the worst status the component had at any moment of the day
    incidents: tuple[str, ...]  # ids of incidents and maintenance touching it that day, first first
    seconds: Seconds  # time spent in each status that day, operational included

    def seconds_of(self, status: str) -> int:
        """Seconds spent in ``status`` that day."""
        return dict(self.seconds).get(status, 0)


@dataclass(frozen=True)
class ComponentUptime:
    """A component's days (oldest first, today last) and its uptime over them."""

    component: str
    days: tuple[DayUptime, ...]
    observed: int  # seconds in the window up to now
    seconds: Seconds  # totals over the window, per status
    percent: float  # 100 * (1 - weighted down / (observed - maintenance)), unrounded

    def seconds_of(self, status: str) -> int:
        """Seconds spent in ``status`` over the window."""
        return dict(self.seconds).get(status, 0)

    @property
    def ratio(self) -> Fraction:
        """The exact uptime fraction (1 for a window with no counted time)."""
        return _ratio(self.seconds, self.observed)

    @property
    def percent_text(self) -> str:
        """``99.87``: the percentage cut to two decimals (never rounded up to 100.00)."""
        hundredths = (self.ratio * 10000).__floor__()
        return f"{hundredths // 100}.{hundredths % 100:02d}"


def window(site: Site, days: int = WINDOW_DAYS) -> tuple[date, ...]:
    """The window's dates, oldest first, ending with today in the site timezone."""
    today = site.now.astimezone(site.config.timezone).date()
    return tuple(today - timedelta(days=n) for n in range(days - 1, -1, -1))


def uptime(site: Site, days: int = WINDOW_DAYS) -> tuple[ComponentUptime, ...]:
    """Every configured component's uptime, in configuration order."""
    maintenance = frozenset(i.id for i in site.incidents if i.is_maintenance)
    bounds = _bounds(site, days)
    return tuple(_component(site, c.id, bounds, maintenance) for c in site.config.components)


def component_uptime(site: Site, component_id: str, days: int = WINDOW_DAYS) -> ComponentUptime:
    """One component's uptime over the last ``days`` days."""
    maintenance = frozenset(i.id for i in site.incidents if i.is_maintenance)
    return _component(site, component_id, _bounds(site, days), maintenance)


def _ts(when: datetime) -> int:
    """Whole seconds since 1970 (exact: no float)."""
    return (when - _EPOCH) // timedelta(seconds=1)


def _bounds(site: Site, days: int) -> _Bounds:
    """The dates, the start of each day plus the end of today (epoch seconds), and now."""
    if days < 1:
        raise ValueError("an uptime window has at least one day")
    tz = site.config.timezone
    dates = window(site, days)
    starts = [_ts(datetime.combine(d, time(), tzinfo=tz)) for d in dates]
    starts.append(_ts(datetime.combine(dates[-1] + timedelta(days=1), time(), tzinfo=tz)))
    return dates, starts, _ts(site.now)


def _component(site: Site, cid: str, bounds: _Bounds, maintenance: frozenset[str]) -> ComponentUptime:
    dates, starts, now = bounds
    n = len(dates)
    lo = starts[0]
    # 1. Segments clipped to [window start, now), maintenance as under_maintenance.
    clipped: list[tuple[int, int, int, str]] = []  # (start, end, severity, incident id)
    for seg in site.segments_for(cid):
        start = max(_ts(seg.start), lo)
        end = min(now if seg.end is None else _ts(seg.end), now)
        if end <= start:
            continue
        status = v.UNDER_MAINTENANCE if seg.incident in maintenance else seg.status
        clipped.append((start, end, v.severity(status), seg.incident))

    # 2. Sweep over change points: disjoint pieces at the worst status of each moment.
    events = sorted([(s, 1, sev) for s, _, sev, _ in clipped] + [(e, -1, sev) for _, e, sev, _ in clipped])
    counts = [0] * len(_BY_SEVERITY)
    pieces: list[tuple[int, int, int]] = []
    prev = lo
    for at, delta, sev in events:
        if at > prev:
            worst = next((k for k in range(len(counts) - 1, 0, -1) if counts[k]), 0)
            if worst:
                if pieces and pieces[-1][1] == prev and pieces[-1][2] == worst:
                    pieces[-1] = (pieces[-1][0], at, worst)
                else:
                    pieces.append((prev, at, worst))
        counts[sev] += delta
        prev = at

    # 3. Pieces into days (both sorted: one pass).
    per_day = [[0] * len(_BY_SEVERITY) for _ in range(n)]
    worst_day = [0] * n
    k = 0
    for start, end, sev in pieces:
        while starts[k + 1] <= start:
            k += 1
        j = k
        while j < n and starts[j] < end:
            per_day[j][sev] += min(end, starts[j + 1]) - max(start, starts[j])
            worst_day[j] = max(worst_day[j], sev)
            j += 1

    # 4. Incidents touching each day, in order of their first moment that day.
    touching: list[dict[str, int]] = [{} for _ in range(n)]
    for start, end, _, incident in clipped:
        j = bisect.bisect_right(starts, start) - 1
        while j < n and starts[j] < end:
            first = max(start, starts[j])
            seen = touching[j]
            if incident not in seen or first < seen[incident]:
                seen[incident] = first
            j += 1

    days: list[DayUptime] = []
    totals = [0] * len(_BY_SEVERITY)
    observed_total = 0
    for i, day in enumerate(dates):
        observed = max(0, min(starts[i + 1], now) - starts[i])
        secs = per_day[i]
        secs[0] = observed - sum(secs[1:])
        for sev, amount in enumerate(secs):
            totals[sev] += amount
        observed_total += observed
        seen = touching[i]
        ids = tuple(sorted(seen, key=lambda x: (seen[x], x)))
        days.append(DayUptime(day, observed, _BY_SEVERITY[worst_day[i]], ids, _pairs(secs)))
    seconds = _pairs(totals)
    percent = float(_ratio(seconds, observed_total) * 100)
    return ComponentUptime(cid, tuple(days), observed_total, seconds, percent)


def _ratio(seconds: Seconds, observed: int) -> Fraction:
    """``1 - (major + 0.3 * partial) / (observed - maintenance)``, exactly; 1 when nothing counts."""
    spent = dict(seconds)
    counted = observed - spent.get(v.UNDER_MAINTENANCE, 0)
    if counted <= 0:
        return Fraction(1)
    down = sum((WEIGHTS[s] * n for s, n in spent.items() if s in WEIGHTS), Fraction(0))
    return 1 - down / counted


def _pairs(by_severity: list[int]) -> Seconds:
    return tuple((s, by_severity[v.severity(s)]) for s in _WORST_FIRST if by_severity[v.severity(s)])
