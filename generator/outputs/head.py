"""What each page announces in its <head>: feeds, calendar and API (autodiscovery)."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from .. import paths
from ..model import Site


@dataclass(frozen=True)
class Alternate:
    """One ``<link rel="alternate">``: MIME type, title, href (already escaped)."""

    type: str
    title: Markup
    href: Markup


def alternates(site: Site, kind: str, key: str, base_url: str) -> list[Alternate]:
    """Site feeds, calendar and API on every page; own feeds on incident and component pages."""
    name = site.config.site_name

    def link(mime: str, title: str, path: str) -> Alternate:
        return Alternate(mime, escape(title), escape(f"{base_url.rstrip('/') or '.'}/{path}"))

    out = []
    if kind == "incident" and (incident := site.incident(key)) is not None:
        out += [
            link("application/rss+xml", f"{incident.title} (RSS)", paths.incident_feed(key, "rss")),
            link("application/atom+xml", f"{incident.title} (Atom)", paths.incident_feed(key, "atom")),
        ]
    if kind == "component" and (component := site.config.component(key)) is not None:
        out += [
            link("application/rss+xml", f"{component.name} (RSS)", paths.component_feed(key, "rss")),
            link("application/atom+xml", f"{component.name} (Atom)", paths.component_feed(key, "atom")),
        ]
    out += [
        link("application/rss+xml", f"{name}: all updates (RSS)", paths.HISTORY_RSS),
        link("application/atom+xml", f"{name}: all updates (Atom)", paths.HISTORY_ATOM),
        link("text/calendar", f"{name}: maintenance calendar", paths.CALENDAR),
        link("application/json", f"{name}: status API", paths.API_PREFIX + "summary.json"),
    ]
    return out
