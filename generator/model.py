"""The immutable model: incidents, components and every fact derived from them.

Outputs read this model and never re-derive what it knows. Times are aware
datetimes in UTC; outputs convert them to the site timezone for display.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

from . import vocabulary as v
from . import windows
from .page_state import PageState, page_state
from .windows import Transition

StatusMap = tuple[tuple[str, str], ...]  # ((component id, component status), ...)
Changes = tuple[tuple[str, str, str], ...]  # ((component id, old status, new status), ...)


@dataclass(frozen=True)
class Component:
    """A component as configured in mkdocs.yml."""

    id: str
    name: str
    description: str = ""
    group: str = ""
    position: int = 0


@dataclass(frozen=True)
class SiteConfig:
    """The plugin block of mkdocs.yml, validated."""

    site_name: str
    site_url: str
    timezone: ZoneInfo
    components: tuple[Component, ...]
    contact: str = ""
    language: str = "en"
    feed_cap: int = 200
    recent_days: int = 14
    share: tuple[str, ...] = ()
    cache_dir: str = ""  # where expensive outputs (preview cards) are kept between builds
    example_clock: bool = False  # an example site: every incident time moved to the build (example_clock.py)

    @property
    def tz_name(self) -> str:
        """The IANA name of the site timezone."""
        return self.timezone.key

    def component(self, component_id: str) -> Component | None:
        """The configured component with this id, if any."""
        return next((c for c in self.components if c.id == component_id), None)

    def groups(self) -> tuple[tuple[str, tuple[Component, ...]], ...]:
        """Components by group, in configuration order; ungrouped ones under ""."""
        order: dict[str, list[Component]] = {}
        for comp in self.components:
            order.setdefault(comp.group, []).append(comp)
        return tuple((name, tuple(comps)) for name, comps in order.items())


@dataclass(frozen=True)
class Update:
    """One timeline entry, with the component statuses in force after it."""

    index: int
    at: datetime
    status: str
    message: str
    next_update: datetime | None = None
    components: StatusMap = ()
    # What changed when it was posted: (id, old status, new status). For a maintenance, components
    # change only while the window is in progress (derive() recomputes these).
    changes: Changes = ()
    line: int | None = None
    edited: datetime | None = None  # when the operator last corrected it (the file's ``edited:``)

    @property
    def updated(self) -> datetime:
        """When this update last changed: its ``edited`` time, else its ``at``."""
        return self.edited if self.edited is not None and self.edited > self.at else self.at

    @property
    def anchor(self) -> str:
        """The fragment that links to this update on its incident page."""
        return f"update-{self.index + 1}"


@dataclass(frozen=True)
class FaqItem:
    """A question affected people ask, and its Markdown answer."""

    q: str
    a: str


@dataclass(frozen=True)
class Window:
    """A scheduled maintenance window."""

    start: datetime
    end: datetime


@dataclass(frozen=True)
class Segment:
    """A component held at a status from ``start`` until ``end`` (None: still)."""

    component: str
    start: datetime
    end: datetime | None
    status: str
    incident: str


@dataclass(frozen=True)
class Incident:
    """An incident or a maintenance, validated, with its derived facts."""

    id: str
    title: str
    impact: str
    updates: tuple[Update, ...]
    source: str
    components: StatusMap = ()
    faq: tuple[FaqItem, ...] = ()
    video: str = ""
    contact: str = ""
    postmortem: str = ""
    transcript: str = ""
    maintenance: Window | None = None
    # Derived facts, computed once by derive().
    status: str = ""
    phase: str = ""  # open | resolved; maintenance: upcoming | active | completed
    started_at: datetime | None = None
    resolved_at: datetime | None = None
    monitoring_at: datetime | None = None
    segments: tuple[Segment, ...] = ()
    transitions: tuple[Transition, ...] = ()  # maintenance only, oldest first

    @property
    def is_maintenance(self) -> bool:
        """True for a scheduled maintenance."""
        return self.maintenance is not None

    @property
    def is_open(self) -> bool:
        """An incident not yet resolved, or a maintenance not yet completed."""
        return self.phase in ("open", "upcoming", "active")

    @property
    def latest(self) -> Update:
        """The newest update."""
        return self.updates[-1]

    @property
    def updated_at(self) -> datetime:
        """When the incident last changed."""
        return self.updates[-1].at

    @property
    def duration(self) -> timedelta | None:
        """From the first update to resolution; None while open."""
        if self.resolved_at is None or self.started_at is None:
            return None
        return self.resolved_at - self.started_at

    @property
    def affected(self) -> tuple[str, ...]:
        """Every component this incident named at any point, in first-named order."""
        seen: dict[str, None] = {}
        for cid, _ in self.components:
            seen[cid] = None
        for update in self.updates:
            for cid, _ in update.components:
                seen[cid] = None
        return tuple(seen)


def derive(incident: Incident, now: datetime) -> Incident:
    """Return ``incident`` with status, phase, times and segments filled in."""
    first = incident.updates[0]
    last = incident.updates[-1]
    monitoring = next((u.at for u in incident.updates if u.status == "monitoring"), None)
    if incident.maintenance is None:
        done = last.status == v.RESOLVED
        resolved_at = last.at if done else None
        start, end = first.at, resolved_at
        return replace(
            incident,
            status=last.status,
            phase="resolved" if done else "open",
            started_at=first.at,
            resolved_at=resolved_at,
            monitoring_at=monitoring,
            segments=_segments(incident, start, end),
        )
    window = incident.maintenance
    completed_update = last.at if last.status == v.COMPLETED else None
    if completed_update is not None or now >= window.end:
        phase = "completed"
    elif window.start <= now or last.status in ("in_progress", "verifying"):
        phase = "active"
    else:
        phase = "upcoming"
    status = last.status
    if phase == "completed":
        status = v.COMPLETED
    elif phase == "active" and status == "scheduled":
        status = "in_progress"
    began = next((u.at for u in incident.updates if u.status in ("in_progress", "verifying")), None)
    active_start = min(window.start, began) if began else window.start
    active_end = min(window.end, completed_update) if completed_update else window.end
    autos = windows.transitions(window, incident.updates, now)
    updates, transitions = windows.with_changes(incident.updates, autos, active_start, active_end)
    return replace(
        incident,
        updates=updates,
        status=status,
        phase=phase,
        started_at=active_start,
        resolved_at=active_end if phase == "completed" else None,
        monitoring_at=monitoring,
        segments=_segments(incident, active_start, active_end),
        transitions=transitions,
    )



def _segments(incident: Incident, start: datetime, end: datetime | None) -> tuple[Segment, ...]:
    """Component statuses over time, clipped to [start, end)."""
    out: list[Segment] = []
    ups = incident.updates
    for i, update in enumerate(ups):
        seg_start = max(update.at, start)
        seg_end = ups[i + 1].at if i + 1 < len(ups) else None
        if end is not None:
            seg_end = end if seg_end is None else min(seg_end, end)
        if incident.maintenance is not None and i == 0:
            seg_start = start  # a window is active from its start, not its announcement
        if seg_end is not None and seg_end <= seg_start:
            continue
        for cid, status in update.components:
            if status != v.OPERATIONAL:
                out.append(Segment(cid, seg_start, seg_end, status, incident.id))
    return tuple(out)


@dataclass(frozen=True)
class Site:
    """Everything the outputs need: config, incidents, "now" and derived facts."""

    config: SiteConfig
    incidents: tuple[Incident, ...]  # newest first by start, then id
    now: datetime
    _by_component: Mapping[str, tuple[Segment, ...]] = field(default_factory=dict, repr=False)
    _by_id: Mapping[str, Incident] = field(default_factory=dict, repr=False)
    open_incidents: tuple[Incident, ...] = ()  # unresolved incidents (not maintenance), newest first
    active_maintenance: tuple[Incident, ...] = ()  # windows in progress, soonest end first
    upcoming_maintenance: tuple[Incident, ...] = ()  # windows not yet started, soonest first

    @classmethod
    def build(cls, config: SiteConfig, incidents: list[Incident], now: datetime) -> Site:
        """Derive every fact once and index segments by component."""
        derived = [derive(i, now) for i in incidents]
        derived.sort(key=lambda i: (i.updates[0].at, i.id), reverse=True)
        index: dict[str, list[Segment]] = {}
        for inc in derived:
            for seg in inc.segments:
                index.setdefault(seg.component, []).append(seg)
        frozen = {k: tuple(sorted(s, key=lambda g: g.start)) for k, s in index.items()}
        active = [i for i in derived if i.phase == "active"]
        upcoming = [i for i in derived if i.phase == "upcoming"]
        return cls(
            config,
            tuple(derived),
            now,
            frozen,
            {i.id: i for i in derived},
            tuple(i for i in derived if not i.is_maintenance and i.phase == "open"),
            tuple(sorted(active, key=lambda i: (i.maintenance.end, i.id))),  # type: ignore[union-attr]
            tuple(sorted(upcoming, key=lambda i: (i.maintenance.start, i.id))),  # type: ignore[union-attr]
        )

    def incident(self, incident_id: str) -> Incident | None:
        """The incident or maintenance with this id."""
        return self._by_id.get(incident_id)

    def component_status_at(self, component_id: str, when: datetime) -> str:
        """The worst status any incident or window gave the component at ``when``."""
        segs = self._by_component.get(component_id, ())
        hi = bisect.bisect_right([s.start for s in segs], when)
        live = [s.status for s in segs[:hi] if s.end is None or s.end > when]
        return v.worst(live)

    def component_status(self, component_id: str) -> str:
        """The component's status now."""
        return self.component_status_at(component_id, self.now)

    def segments_for(self, component_id: str) -> tuple[Segment, ...]:
        """Every segment that touched the component, by start."""
        return self._by_component.get(component_id, ())

    @cached_property
    def state(self) -> PageState:
        """The page's overall state (headline, ``status.json``): see generator/page_state.py."""
        statuses = [self.component_status(c.id) for c in self.config.components]
        own = [(i.impact, [s for _, s in i.latest.components] or None) for i in self.open_incidents]
        bare_window = any(not i.affected for i in self.active_maintenance)
        return page_state(statuses, own, bare_window)

    @property
    def indicator(self) -> str:
        """Statuspage's page indicator: none, maintenance, minor, major, critical."""
        return self.state.indicator

    @property
    def description(self) -> str:
        """The overall state in Statuspage's words."""
        return self.state.description

    def days_of(self, incident: Incident) -> tuple[date, ...]:
        """The days (site timezone) ``incident`` was active or had an update, oldest first.

        Active: an incident from its first update until it is resolved (or now); a maintenance
        while its window is in progress (from its start, or an earlier ``in_progress`` update,
        until its end or ``completed``), never before it starts.
        """
        tz = self.config.timezone
        days = {u.at.astimezone(tz).date() for u in incident.updates}
        start = incident.started_at
        if start is not None and start <= self.now and incident.phase != "upcoming":
            end = min(incident.resolved_at or self.now, self.now)
            if end > start:
                end -= timedelta(microseconds=1)  # active until, not at, its end
            first, last = start.astimezone(tz).date(), end.astimezone(tz).date()
            days.update(first + timedelta(days=n) for n in range((last - first).days + 1))
        return tuple(sorted(days))

    def incidents_by_day(self, first: date, last: date) -> dict[date, tuple[Incident, ...]]:
        """Every incident and maintenance of each day from ``first`` to ``last`` (:meth:`days_of`).

        Within a day, newest first (the model's order); days without any are left out.
        """
        found: dict[date, list[Incident]] = {}
        for incident in self.incidents:
            for day in self.days_of(incident):
                if first <= day <= last:
                    found.setdefault(day, []).append(incident)
        return {day: tuple(items) for day, items in found.items()}
