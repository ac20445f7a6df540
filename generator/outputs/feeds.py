"""RSS 2.0 and Atom 1.0 feeds: the whole site, each incident, each component.

One entry per update (not per incident, unlike Statuspage), newest first:

- ``history.rss`` / ``history.atom``: every update of every incident and maintenance;
- ``incidents/<id>/feed.rss|.atom``: the updates of one incident or maintenance;
- ``components/<id>/feed.rss|.atom``: the updates of every incident whose
  ``affected`` components include that component (an empty feed if none).

Every feed keeps the ``max(feed_cap, 50)`` newest entries.

Entry ids (Atom ``<id>``, RSS ``<guid isPermaLink="false">``) are RFC 4151 tag URIs
derived from the input only, so they never change when updates are appended::

    tag:<host>,<YYYY-MM-DD>:<path>incidents/<incident id>/update-<n>

- ``<host>`` is the host of ``site_url`` (``localhost`` without one) and
  ``<path>`` its path without the leading slash (empty for a site at the root),
  so two status sites on one host never share ids;
- ``<YYYY-MM-DD>`` is the UTC date of the incident's first update;
- ``<n>`` is the update's 1-based position in the file (``Update.anchor``):
  updates are appended at the end, so earlier positions never move.

Example: ``tag:status.example.com,2026-11-22:incidents/2026-11-22-eu-db/update-2``.
An id changes only if someone edits published history (the incident id, the
first update's date, inserts an update before others) or moves the site.

Nothing reads the clock: feed-level ``updated``/``lastBuildDate`` is the newest
entry's time (the Unix epoch for an empty feed), so the same model always gives
the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator

from .. import paths, richtext
from ..i18n import translator
from ..model import Incident, Site, Update

# Feeds need absolute URLs. Without a site_url the links cannot be right
# anywhere, so they point at a local preview address rather than being relative
# (feed readers resolve relative links inconsistently).
FALLBACK_URL = "http://localhost/"
MIN_CAP = 50  # format.md: a cap, if any, keeps at least the 50 newest entries
EMPTY_FEED_TIME = datetime(1970, 1, 1, tzinfo=UTC)  # fixed, never the clock
MIME = {"rss": "application/rss+xml", "atom": "application/atom+xml"}
KINDS = ("rss", "atom")


@dataclass(frozen=True)
class Entry:
    """One feed entry: an update of an incident."""

    incident: Incident
    update: Update


def site_url(site: Site) -> str:
    """The site URL, ending with '/', or the local fallback when none is configured."""
    return site.config.site_url or FALLBACK_URL


def entry_id(base: str, incident: Incident, update: Update) -> str:
    """The stable tag URI of one update (see the module docstring)."""
    parts = urlsplit(base)
    host = parts.hostname or "localhost"
    path = parts.path.lstrip("/")
    if path and not path.endswith("/"):
        path += "/"
    day = incident.updates[0].at.astimezone(UTC).date().isoformat()
    return f"tag:{host},{day}:{path}incidents/{incident.id}/{update.anchor}"


def entry_link(base: str, incident: Incident, update: Update) -> str:
    """The absolute URL of the update's anchor on its incident page."""
    return paths.absolute(base, paths.incident_page(incident.id)) + "#" + update.anchor


def cap(site: Site) -> int:
    """How many entries a feed keeps: the configured cap, never fewer than 50."""
    return max(site.config.feed_cap, MIN_CAP)


def newest_first(incidents: Iterable[Incident], limit: int) -> list[Entry]:
    """Every update of ``incidents`` as entries, newest first, at most ``limit``.

    Equal times are ordered by incident id, then by position in the file (a
    later update of the same incident counts as newer), so the order is total.
    """
    entries = [Entry(inc, up) for inc in incidents for up in inc.updates]
    entries.sort(key=lambda e: (e.update.at, e.incident.id, e.update.index), reverse=True)
    return entries[:limit]


@dataclass(frozen=True)
class FeedSpec:
    """What distinguishes one feed from another."""

    path_of: Callable[[str], str]  # kind ("rss" or "atom") -> site-relative path
    feed_id: str
    title: str
    subtitle: str
    alternate: str  # absolute URL of the HTML page the feed mirrors


def _write(site: Site, spec: FeedSpec, entries: list[Entry], kind: str) -> bytes:
    """Serialise one feed with feedgen, avoiding its clock and ordering pitfalls."""
    base = site_url(site)
    t = translator(site.config.language)
    fg = FeedGenerator()
    fg.id(spec.feed_id)
    fg.title(spec.title)
    fg.subtitle(spec.subtitle)
    # RSS <link> is the last link added: rel=self first, then the alternate page.
    fg.link(href=paths.absolute(base, spec.path_of(kind)), rel="self", type=MIME[kind])
    fg.link(href=spec.alternate, rel="alternate", type="text/html")
    fg.language(site.config.language.replace("_", "-"))  # an RFC 3066 tag for xml:lang
    fg.author({"name": site.config.site_name})  # Atom: the feed or every entry needs one
    fg.generator("statuskit")  # no library version: upgrades must not change the bytes
    # Explicit times everywhere: feedgen defaults updated/lastBuildDate to now().
    fg.updated(entries[0].update.at if entries else EMPTY_FEED_TIME)
    for entry in entries:
        inc, up = entry.incident, entry.update
        fe = fg.add_entry(order="append")  # the default prepends; entries are newest first
        fe.id(entry_id(base, inc, up))  # also the RSS guid, isPermaLink="false"
        fe.title(f"{inc.title}: {t(up.status)}")
        # feedgen 1.0 drops rel/type of entry links; a link without rel is "alternate" in Atom.
        fe.link(href=entry_link(base, inc, up), rel="alternate", type="text/html")
        fe.published(up.at)
        fe.updated(up.at)
        # type="html" escapes the markup (CDATA would make invalid Atom); feedgen
        # also puts this escaped HTML in the RSS <description>.
        fe.content(str(richtext.render(up.message)), type="html")
        for cid in inc.affected:
            comp = site.config.component(cid)
            if comp is not None:
                fe.category(term=cid, label=comp.name)
    if kind == "rss":
        return fg.rss_str(pretty=True)
    return fg.atom_str(pretty=True)


def _specs(site: Site) -> list[tuple[FeedSpec, list[Entry]]]:
    """Every feed of the site with its entries."""
    base = site_url(site)
    name = site.config.site_name
    limit = cap(site)
    home = paths.absolute(base, "")
    t = translator(site.config.language)  # feed titles in the site's language, like its pages
    out = [
        (
            FeedSpec(
                lambda kind: paths.HISTORY_RSS if kind == "rss" else paths.HISTORY_ATOM,
                home,
                t("alt_feed_site", name=name),
                t("feed_site"),
                home,
            ),
            newest_first(site.incidents, limit),
        )
    ]
    for inc in sorted(site.incidents, key=lambda i: i.id):
        page = paths.absolute(base, paths.incident_page(inc.id))
        out.append(
            (
                FeedSpec(
                    lambda kind, i=inc.id: paths.incident_feed(i, kind),
                    page,
                    f"{name}: {inc.title}",
                    t("feed_incident"),
                    page,
                ),
                newest_first([inc], limit),
            )
        )
    for comp in site.config.components:
        covering = [i for i in site.incidents if comp.id in i.affected]
        out.append(
            (
                FeedSpec(
                    lambda kind, c=comp.id: paths.component_feed(c, kind),
                    paths.absolute(base, paths.component_page(comp.id)),
                    f"{name}: {comp.name}",
                    f"{t('affected_components')}: {comp.name}",
                    # No component pages are generated (yet): the status page shows the component.
                    home,
                ),
                newest_first(covering, limit),
            )
        )
    return out


def render(site: Site) -> dict[str, bytes]:
    """Every feed, as site-relative path -> bytes."""
    files: dict[str, bytes] = {}
    for spec, entries in _specs(site):
        for kind in KINDS:
            files[spec.path_of(kind)] = _write(site, spec, entries, kind)
    return files
