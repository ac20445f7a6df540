"""What each page announces in its <head>: feeds, calendar and API (autodiscovery)."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from .. import paths, richtext
from ..i18n import translator
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
    t = translator(site.config.language)

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
        link("application/rss+xml", t("alt_feed_site", name=name) + " (RSS)", paths.HISTORY_RSS),
        link("application/atom+xml", t("alt_feed_site", name=name) + " (Atom)", paths.HISTORY_ATOM),
        link("text/calendar", t("alt_calendar", name=name), paths.CALENDAR),
        link("application/json", t("alt_api", name=name), paths.API_PREFIX + "summary.json"),
    ]
    return out


@dataclass(frozen=True)
class Preview:
    """Open Graph / Twitter card facts of one page (already escaped)."""

    title: Markup
    description: Markup
    url: Markup
    image: Markup
    type: str


def preview(site: Site, kind: str, key: str, title: str, canonical: str, fallback: str) -> Preview:
    """Title, description (an incident's latest update), absolute URL and card image."""
    url_base = site.config.site_url or ""
    image = paths.absolute(url_base, paths.SITE_CARD)
    description = fallback
    kind_og = "website"
    if kind == "incident" and (incident := site.incident(key)) is not None:
        description = richtext.excerpt(incident.latest.message, 200)
        image = paths.absolute(url_base, paths.incident_card(incident.id))
        kind_og = "article"
    elif kind == "home":
        description = f"{site.description}. {fallback}".strip(". ") if fallback else site.description
    return Preview(escape(title), escape(description), escape(canonical), escape(image), kind_og)


def announcement(site: Site, base_url: str) -> list[tuple[Markup, Markup]]:
    """(title, href) of each open major or critical incident, for the banner on every page."""
    root = base_url.rstrip("/") or "."
    return [
        (escape(i.title), escape(f"{root}/{paths.incident_page(i.id)}"))
        for i in site.open_incidents
        if i.impact in ("major", "critical")
    ]
