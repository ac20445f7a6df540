"""Where every output is published, relative to the site root (no leading slash).

Pages, feeds, the API and the templates all take paths from here, so links
and files always agree. The fixed paths of format.md are kept exactly.
"""

from __future__ import annotations

HISTORY_RSS = "history.rss"
HISTORY_ATOM = "history.atom"
CALENDAR = "maintenance.ics"
API_PREFIX = "api/v2/"
API_DOCUMENTS = (
    "summary.json",
    "status.json",
    "components.json",
    "incidents.json",
    "incidents/unresolved.json",
    "scheduled-maintenances.json",
    "scheduled-maintenances/upcoming.json",
    "scheduled-maintenances/active.json",
)
INCIDENT_SCHEMA = "schemas/incident.schema.json"
FALLBACK_SITE_URL = "http://localhost:8000/"  # links and ids without a site_url (serve's address)


def site_root(site_url: str) -> str:
    """The site's public address: ``site_url``, else the fallback."""
    return site_url or FALLBACK_SITE_URL


def incident_page(incident_id: str) -> str:
    """``incidents/<id>/``: one incident's page."""
    return f"incidents/{incident_id}/"


def incident_feed(incident_id: str, kind: str) -> str:
    """``incidents/<id>/feed.rss`` or ``.atom``: one incident's updates."""
    return f"incidents/{incident_id}/feed.{kind}"


def component_page(component_id: str) -> str:
    """``components/<id>/``: one component's page."""
    return f"components/{component_id}/"


def component_feed(component_id: str, kind: str) -> str:
    """``components/<id>/feed.rss`` or ``.atom``: updates of incidents touching it."""
    return f"components/{component_id}/feed.{kind}"


def badge(name: str, kind: str = "svg") -> str:
    """``badges/<name>.svg`` (an SVG badge) or ``badges/<name>.json`` (shields.io endpoint)."""
    return f"badges/{name}.{kind}"


def absolute(site_url: str, path: str) -> str:
    """``path`` joined to the site URL (which ends with '/')."""
    return (site_url or "/") + path


SITE_CARD = "assets/statuskit/card.png"
SCRIPT = "assets/statuskit/statuskit.js"


def incident_card(incident_id: str) -> str:
    """``incidents/<id>/card.png``: the incident's 1200x630 preview card."""
    return f"incidents/{incident_id}/card.png"
