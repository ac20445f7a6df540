"""The Statuspage v2 public API, emitted as eight static JSON documents under ``/api/v2/``.

Field names, key order and vocabularies are Statuspage's own (see
``generator/schemas/STATUSPAGE_NOTES.md`` and ``statuspage-v2.schema.json``),
so existing Statuspage clients can read a statuskit site unchanged.

Every value is derived from the input and "now" (``SOURCE_DATE_EPOCH``), never
from the clock, so two builds of the same input give the same bytes. Ids:

- page: the site URL's host and path as a slug (``status-example-com``);
- component: its configured id; group row: a slug of the group name;
- incident / maintenance: the file stem;
- update: ``<incident id>-<n>``, n counting the file's updates from 1 (appending
  an update never renames another); Statuspage's automatic maintenance
  transitions, published as updates, are ``<incident id>-auto-in-progress``
  and ``<incident id>-auto-completed``.

Times carry the page's offset, as Statuspage's do: ``2026-11-22T10:20:00+01:00`` on a
page in ``Europe/Budapest`` (``+02:00`` in summer), ``...Z`` where the offset is zero.
An update corrected later (its ``edited:`` key) keeps its ``created_at`` and
``display_at``; its ``updated_at``, and its incident's, are the correction's time.
A grouped component is named ``Group - Component`` in ``affected_components``, as
on Statuspage pages.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from itertools import count
from typing import Any
from urllib.parse import urlsplit

from .. import paths
from .. import vocabulary as v
from ..i18n import translator
from ..model import Component, Incident, Site
from ..times import iso

LIMIT = 50  # incidents.json and scheduled-maintenances.json: the 50 most recent
# Statuspage's wording for its automatic maintenance transitions: the English catalogue's, which
# incident pages show in the site's language (fragments/timeline.py).
AUTO_BODIES = {s: str(translator("en")(f"auto_{s}")) for s in ("in_progress", "completed")}
Json = dict[str, Any]
VERIFYING = "verifying"


@dataclass(frozen=True)
class Entry:
    """One published incident update: an update of the file, or an automatic transition."""

    id: str
    status: str
    body: str
    at: datetime
    changes: tuple[tuple[str, str, str], ...]  # (component id, old, new)
    auto: bool = False
    edited: datetime | None = None  # a correction of the update, later than ``at``

    @property
    def updated(self) -> datetime:
        """When the update last changed."""
        return self.edited or self.at


def slug(text: str) -> str:
    """Lowercase ASCII letters and digits joined by '-' ('' when nothing is left)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def base_url(site: Site) -> str:
    """The site URL, ending with '/'."""
    return paths.site_root(site.config.site_url)


def page_id(site: Site) -> str:
    """A stable page id: the site URL's host and path as a slug, else the site name's."""
    parts = urlsplit(site.config.site_url)
    return slug(parts.netloc + parts.path) or slug(site.config.site_name) or "statuskit"


def entries(incident: Incident) -> list[Entry]:
    """The incident's published updates, oldest first.

    A maintenance's automatic transitions (the model's ``transitions``: ``in_progress`` at a
    window's start while it was still ``scheduled``, ``completed`` at its end) are published
    as updates in Statuspage's words, so the newest update's status is always the
    incident's status, and each carries the component changes the clock made.
    """
    out = [
        Entry(f"{incident.id}-{u.index + 1}", u.status, u.message.strip(), u.at, u.changes, edited=u.edited)
        for u in incident.updates
    ]
    for step in incident.transitions:
        auto_id = f"{incident.id}-auto-{step.status.replace('_', '-')}"
        out.append(Entry(auto_id, step.status, AUTO_BODIES[step.status], step.at, step.changes, auto=True))
    return sorted(out, key=lambda e: (e.at, e.auto))  # stable: equal times keep file order


class Api:
    """Builds the Statuspage objects of one site; every document shares them."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.page_id = page_id(site)
        self.entries = {i.id: entries(i) for i in site.incidents}
        times = [e.at for found in self.entries.values() for e in found]
        changes = [e.updated for found in self.entries.values() for e in found]
        self.updated_at = max(changes, default=site.now)
        starts = [s.start for c in site.config.components for s in site.segments_for(c.id)]
        self.created_at = min(times + starts, default=site.now)
        self.components = self._components()
        self.by_id = {row["id"]: row for row in self.components if not row["group"]}
        # affected_components names: "Group - Component" for a grouped one, as Statuspage writes them
        self.names = {
            c.id: f"{c.group} - {c.name}" if c.group else c.name for c in site.config.components
        }

    def iso(self, value: datetime) -> str:
        """``value`` in ISO 8601 with the page's offset at that time (``Z`` when it is zero)."""
        return iso(value.astimezone(self.site.config.timezone))

    def page(self) -> Json:
        """The ``page`` block that opens every document."""
        return {
            "id": self.page_id,
            "name": self.site.config.site_name,
            "url": base_url(self.site).rstrip("/"),
            "time_zone": self.site.config.tz_name,
            "updated_at": self.iso(self.updated_at),
        }

    def status(self) -> Json:
        """``status{indicator, description}``: the model's page state, in Atlassian's words."""
        return {"indicator": self.site.indicator, "description": self.site.description}

    def _components(self) -> list[Json]:
        """Group rows and components in page order, each group row right before its children.

        ``position`` is 1-based among siblings: top-level rows (groups and
        ungrouped components, in order of first appearance in mkdocs.yml), or
        the components inside one group.
        """
        config = self.site.config
        group_ids = self._group_ids(config.components)
        members = dict(config.groups())
        rows: list[Json] = []
        top = 0
        done: set[str] = set()
        for comp in config.components:
            if comp.group in done:
                continue
            top += 1
            if not comp.group:
                rows.append(self._component(comp, top, None))
                continue
            done.add(comp.group)
            gid = group_ids[comp.group]
            rows.append(self._group_row(comp.group, gid, top, members[comp.group]))
            rows.extend(self._component(c, n, gid) for n, c in enumerate(members[comp.group], 1))
        return rows

    @staticmethod
    def _group_ids(components: tuple[Component, ...]) -> dict[str, str]:
        """A unique id per group name, distinct from every component id."""
        taken = {c.id for c in components}
        out: dict[str, str] = {}
        for comp in components:
            if comp.group and comp.group not in out:
                gid = base = slug(comp.group) or f"group-{len(out) + 1}"
                for n in count(2):  # "api" group beside an "api" component: "api-group"
                    if gid not in taken:
                        break
                    gid = f"{base}-group" + (f"-{n - 1}" if n > 2 else "")
                taken.add(gid)
                out[comp.group] = gid
        return out

    def _changed_at(self, comp: Component) -> datetime:
        """When the component's status last changed (a segment began or ended), else created_at."""
        now = self.site.now
        edges = [t for s in self.site.segments_for(comp.id) for t in (s.start, s.end) if t and t <= now]
        return max([self.created_at, *edges])

    def _component(self, comp: Component, position: int, group_id: str | None) -> Json:
        """One component's object, with its current status."""
        row = self._row(comp.id, comp.name, self.site.component_status(comp.id), position)
        row.update(updated_at=self.iso(self._changed_at(comp)), description=comp.description or None)
        row.update(showcase=True, group_id=group_id)
        return row

    def _group_row(self, name: str, gid: str, position: int, members: tuple[Component, ...]) -> Json:
        """A group row: the worst status of its children, their ids under ``components``."""
        status = v.worst([self.site.component_status(c.id) for c in members])
        row = self._row(gid, name, status, position)
        row.update(updated_at=self.iso(max(self._changed_at(c) for c in members)), group=True)
        row["components"] = [c.id for c in members]
        return row

    def _row(self, cid: str, name: str, status: str, position: int) -> Json:
        """A component object in Statuspage's key order, with the defaults filled in."""
        return {
            "id": cid,
            "name": name,
            "status": status,
            "created_at": self.iso(self.created_at),
            "updated_at": self.iso(self.created_at),
            "position": position,
            "description": None,
            "showcase": False,
            "start_date": None,
            "group_id": None,
            "page_id": self.page_id,
            "group": False,
            "only_show_if_degraded": False,
        }

    def incident(self, inc: Incident) -> Json:
        """An incident or maintenance object, its updates newest first."""
        found = self.entries[inc.id]
        verifying = next((e.at for e in found if e.status == VERIFYING), None)
        monitoring = verifying if inc.is_maintenance else inc.monitoring_at  # model: "monitoring" only
        out: Json = {
            "id": inc.id,
            "name": inc.title,
            "status": inc.status,
            "created_at": self.iso(found[0].at),
            "updated_at": self.iso(max(e.updated for e in found)),
            "monitoring_at": self.iso(monitoring) if monitoring else None,
            "resolved_at": self.iso(inc.resolved_at) if inc.resolved_at else None,
            "impact": inc.impact,
            "shortlink": paths.absolute(base_url(self.site), paths.incident_page(inc.id)),
            "started_at": self.iso(found[0].at),
            "page_id": self.page_id,
            "incident_updates": [self._update(inc, e) for e in reversed(found)],
            "components": [self.by_id[cid] for cid in inc.affected if cid in self.by_id],
        }
        if inc.maintenance is not None:
            out["scheduled_for"] = self.iso(inc.maintenance.start)
            out["scheduled_until"] = self.iso(inc.maintenance.end)
        return out

    def _update(self, inc: Incident, entry: Entry) -> Json:
        """One ``incident_updates`` item."""
        affected = [
            {"code": cid, "name": self.names[cid], "old_status": old, "new_status": new}
            for cid, old, new in entry.changes
            if cid in self.by_id
        ]
        return {
            "id": entry.id,
            "status": entry.status,
            "body": entry.body,
            "incident_id": inc.id,
            "created_at": self.iso(entry.at),
            "updated_at": self.iso(entry.updated),
            "display_at": self.iso(entry.at),
            "affected_components": affected or None,
            "deliver_notifications": False,
            "custom_tweet": None,
            "tweet_id": None,
        }

    def documents(self) -> dict[str, Json]:
        """The eight documents by their path under ``api/v2/``, in Statuspage's key order."""
        site = self.site
        page, status = self.page(), self.status()
        obj = {i.id: self.incident(i) for i in site.incidents}
        incidents = [obj[i.id] for i in site.incidents if not i.is_maintenance]  # newest first
        unresolved = [obj[i.id] for i in site.open_incidents]
        windows = sorted(
            (i for i in site.incidents if i.maintenance is not None),
            key=lambda i: (i.maintenance.start, i.id),  # type: ignore[union-attr]
            reverse=True,
        )
        upcoming = [obj[i.id] for i in windows if i.phase == "upcoming"]
        active = [obj[i.id] for i in windows if i.phase == "active"]
        return {
            "summary.json": {
                "page": page,
                "components": self.components,
                "incidents": unresolved,
                "scheduled_maintenances": [obj[i.id] for i in windows if i.phase in ("upcoming", "active")],
                "status": status,
            },
            "status.json": {"page": page, "status": status},
            "components.json": {"page": page, "components": self.components},
            "incidents.json": {"page": page, "incidents": incidents[:LIMIT]},
            "incidents/unresolved.json": {"page": page, "incidents": unresolved},
            "scheduled-maintenances.json": {
                "page": page,
                "scheduled_maintenances": [obj[i.id] for i in windows[:LIMIT]],
            },
            "scheduled-maintenances/upcoming.json": {"page": page, "scheduled_maintenances": upcoming},
            "scheduled-maintenances/active.json": {"page": page, "scheduled_maintenances": active},
        }


def encode(document: Json) -> bytes:
    """Deterministic bytes: UTF-8, two-space indent, keys in insertion order, final newline."""
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def render(site: Site) -> dict[str, bytes]:
    """Every API document, keyed by its site-relative path (``api/v2/...``)."""
    documents = Api(site).documents()
    return {paths.API_PREFIX + name: encode(documents[name]) for name in paths.API_DOCUMENTS}
