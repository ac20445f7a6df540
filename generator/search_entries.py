"""One compact search entry per incident: title, status, impact, components and a summary.

The theme's search plugin would index every section of every incident page
(the whole timeline), and ``search_index.json`` is fetched by every reader who
opens the search box. An entry carries what finds an incident; the full text
lives on its page.
"""

from __future__ import annotations

from html import escape

from mkdocs.config.defaults import MkDocsConfig

from . import paths, richtext, upstream
from .i18n import translator
from .model import Incident, Site

SUMMARY_CHARS = 160


def entry(site: Site, incident: Incident, names: dict[str, str]) -> dict[str, str]:
    """The search entry of one incident, as the theme's index stores entries (HTML text)."""
    t = translator(site.config.language)
    facts = [t(incident.status), t("impact_" + incident.impact)]
    facts += [names.get(cid, cid) for cid in incident.affected]
    summary = richtext.excerpt(incident.updates[0].message, SUMMARY_CHARS)
    if len(incident.updates) > 1:
        summary += " … " + richtext.excerpt(incident.latest.message, SUMMARY_CHARS)
    return {
        "location": paths.incident_page(incident.id),
        "title": escape(incident.title, quote=False),
        "text": escape(" · ".join(facts) + ". " + summary, quote=False),
    }


def entries(site: Site) -> list[dict[str, str]]:
    """Every incident's entry, newest first (the model's order)."""
    names = {c.id: c.name for c in site.config.components}
    return [entry(site, incident, names) for incident in site.incidents]


def add(config: MkDocsConfig, site: Site) -> int:
    """Append the incidents' entries to the search index before it is written; how many."""
    plugin = upstream.search_plugin(config)
    if plugin is None:
        return 0
    made = entries(site)
    upstream.search_entries(plugin).extend(made)
    return len(made)
