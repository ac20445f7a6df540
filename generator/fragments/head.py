"""What each page announces in its <head>: feeds, calendar and API (autodiscovery)."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from .. import paths, richtext
from ..i18n import translator
from ..model import Incident, Site

FEEDS = ("application/rss+xml", "application/atom+xml")


@dataclass(frozen=True)
class Alternate:
    """One ``<link rel="alternate ...">``: MIME type, title, href (already escaped) and rel."""

    type: str
    title: Markup
    href: Markup
    rel: str = "alternate"


def rel_for(mime: str, path: str) -> str:
    """The ``rel`` of a head link to ``path`` (site-relative), in a form no page request fails on.

    mkdocs-material's script (``setupAlternate``) fetches ``sitemap.xml`` beside the ``href`` of
    every ``link[rel=alternate]``, an exact match of the attribute. Beside a file at the site's
    root that is the site's own sitemap; anywhere else (``incidents/<id>/feed.rss``,
    ``api/v2/summary.json``) it is a 404 on every page load. There ``rel`` carries a second
    token: still "alternate" to every reader that reads ``rel`` as the set of tokens it is, and
    left alone by material. Feeds add ``feed``; the JSON API adds ``status`` (RFC 8631: a
    resource that represents the context's status).
    """
    if "/" not in path:
        return "alternate"
    return "alternate feed" if mime in FEEDS else "alternate status"


def _link(mime: str, title: str, base_url: str, path: str) -> Alternate:
    href = escape(f"{base_url.rstrip('/') or '.'}/{path}")
    return Alternate(mime, escape(title), href, rel_for(mime, path))


def site_alternates(site: Site, base_url: str) -> list[Alternate]:
    """The site feeds, calendar and API: on every page."""
    name = site.config.site_name
    t = translator(site.config.language)
    feed = t("alt_feed_site", name=name)
    return [
        _link("application/rss+xml", feed + " (RSS)", base_url, paths.HISTORY_RSS),
        _link("application/atom+xml", feed + " (Atom)", base_url, paths.HISTORY_ATOM),
        _link("text/calendar", t("alt_calendar", name=name), base_url, paths.CALENDAR),
        _link("application/json", t("alt_api", name=name), base_url, paths.API_PREFIX + "summary.json"),
    ]


def incident_alternates(site: Site, incident_id: str, title: str, base_url: str) -> list[Alternate]:
    """An incident page's own feeds first, then the site's (``title`` is raw text)."""
    return [
        _link("application/rss+xml", f"{title} (RSS)", base_url, paths.incident_feed(incident_id, "rss")),
        _link("application/atom+xml", f"{title} (Atom)", base_url, paths.incident_feed(incident_id, "atom")),
        *site_alternates(site, base_url),
    ]


def alternates(site: Site, kind: str, key: str, base_url: str) -> list[Alternate]:
    """Site feeds, calendar and API on every page; own feeds on incident and component pages."""
    if kind == "incident" and (incident := site.incident(key)) is not None:
        return incident_alternates(site, key, incident.title, base_url)
    out = []
    if kind == "component" and (component := site.config.component(key)) is not None:
        for mime, fmt in zip(FEEDS, ("rss", "atom"), strict=True):
            title = f"{component.name} ({fmt.upper() if fmt == 'rss' else 'Atom'})"
            out.append(_link(mime, title, base_url, paths.component_feed(key, fmt)))
    return out + site_alternates(site, base_url)


@dataclass(frozen=True)
class Preview:
    """Open Graph / Twitter card facts of one page (already escaped)."""

    title: Markup
    description: Markup
    url: Markup
    image: Markup
    type: str


def incident_description(incident: Incident) -> str:
    """An incident's preview text: its latest update, cut at 200 characters."""
    return richtext.excerpt(incident.latest.message, 200)


def incident_preview(site: Site, incident_id: str, title: str, description: str, canonical: str) -> Preview:
    """An incident page's card facts, from raw text (escaped here)."""
    image = paths.absolute(site.config.site_url or "", paths.incident_card(incident_id))
    return Preview(escape(title), escape(description), escape(canonical), escape(image), "article")


def preview(site: Site, kind: str, key: str, title: str, canonical: str, fallback: str) -> Preview:
    """Title, description (an incident's latest update), absolute URL and card image.

    ``title`` is a page title as themes print it (HTML text): its tags go and its entities
    are read before it is escaped once for the attribute.
    """
    text_title = Markup(title).striptags()
    if kind == "incident" and (incident := site.incident(key)) is not None:
        return incident_preview(site, key, text_title, incident_description(incident), canonical)
    image = paths.absolute(site.config.site_url or "", paths.SITE_CARD)
    description = fallback
    if kind == "home":
        description = f"{site.description}. {fallback}".strip(". ") if fallback else site.description
    return Preview(escape(text_title), escape(description), escape(canonical), escape(image), "website")


def announcement(site: Site, base_url: str) -> list[tuple[Markup, Markup]]:
    """(title, href) of each open major or critical incident, for the banner on every page."""
    root = base_url.rstrip("/") or "."
    return [
        (escape(i.title), escape(f"{root}/{paths.incident_page(i.id)}"))
        for i in site.open_incidents
        if i.impact in ("major", "critical")
    ]
