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

Entries are dated by their update: Atom ``<published>`` is its ``at``; Atom
``<updated>`` and RSS ``<pubDate>`` are its ``edited`` time when the operator
corrected it (else its ``at``), so readers see a correction; its id never changes.
Entries stay in the order of their ``at``.

Nothing reads the clock: feed-level ``updated``/``lastBuildDate`` is the latest
change of its entries (the Unix epoch for an empty feed), so the same model
always gives the same bytes.

The message HTML is the pages' (:func:`generator.richtext.render`, one URL policy
for both), with relative links and images made absolute against the update's page:
a reader resolves them against the feed's address otherwise, which is another
directory (``../../faq/`` from ``history.atom`` leaves a site under a path).
Feeds and entries are marked with the site language (``theme.language``). After the
message comes what the dashboard shows beside it (impact or window, the update's
component changes, its next-update promise) and every entry names the site as its
author (feed_details.py).

The bytes are those feedgen 1.0 wrote for these fields; feeds_xml.py writes them
directly, each entry once for every feed that lists it (about ten times faster).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache, partial
from html import escape, unescape
from urllib.parse import urljoin, urlsplit

from .. import paths, richtext, urls
from ..i18n import translator
from ..model import Incident, Site, Update
from ..render.htmlkit import site_clock
from . import feeds_xml
from .feed_details import Author, Details, author
from .feeds_xml import Categories, EntryXml, Head

# Feeds need absolute URLs. Without a site_url the links cannot be right
# anywhere, so they point at a local preview address rather than being relative
# (feed readers resolve relative links inconsistently).
MIN_CAP = 50  # format.md: a cap, if any, keeps at least the 50 newest entries
EMPTY_FEED_TIME = datetime(1970, 1, 1, tzinfo=UTC)  # fixed, never the clock
MIME = {"rss": "application/rss+xml", "atom": "application/atom+xml"}
KINDS = ("rss", "atom")


def site_url(site: Site) -> str:
    """The site URL, ending with '/', or the local fallback when none is configured."""
    return paths.site_root(site.config.site_url)


def _tag_prefix(base: str) -> tuple[str, str]:
    """``("tag:<host>", "<path>/")`` of the entry ids for a site at ``base``."""
    parts = urlsplit(base)
    path = parts.path.lstrip("/")
    if path and not path.endswith("/"):
        path += "/"
    return f"tag:{parts.hostname or 'localhost'}", path


def _id_head(prefix: tuple[str, str], incident: Incident) -> str:
    """Everything of an entry id but the update's anchor."""
    day = incident.updates[0].at.astimezone(UTC).date().isoformat()
    return f"{prefix[0]},{day}:{prefix[1]}incidents/{incident.id}/"


def entry_id(base: str, incident: Incident, update: Update) -> str:
    """The stable tag URI of one update (see the module docstring)."""
    return _id_head(_tag_prefix(base), incident) + update.anchor


# An href or src attribute in richtext's own output: values are escaped there, so no '"' or '>' inside.
_URL_ATTRIBUTE = re.compile(r'(<(?:a|img)\b[^>]*? (?:href|src)=")([^"]*)(")')


def _absolute(match: re.Match[str], page: str) -> str:
    value = unescape(match.group(2))
    ref = urls.read(value)
    if ref.form != "absolute":  # against the page (http or https): a backslash before ? or # is a slash
        cut = min((i for i in (value.find("?"), value.find("#")) if i >= 0), default=len(value))
        value = urljoin(page, value[:cut].replace("\\", "/") + value[cut:])
    return match.group(1) + escape(value) + match.group(3)


def entry_html(message: str, page: str) -> str:
    """The update's HTML for feeds: the page's, with relative addresses resolved against ``page``."""
    html = str(richtext.render(message))
    if ' href="' not in html and ' src="' not in html:
        return html
    return _URL_ATTRIBUTE.sub(lambda m: _absolute(m, page), html)


def cap(site: Site) -> int:
    """How many entries a feed keeps: the configured cap, never fewer than 50."""
    return max(site.config.feed_cap, MIN_CAP)


@dataclass(frozen=True, slots=True)
class Entry:
    """One feed entry (an update of an incident), serialised once for all the feeds it is in."""

    key: tuple[datetime, str, int]  # newest first is descending order of this key
    affected: tuple[str, ...]  # the incident's components
    xml: EntryXml


def newest(entries: list[Entry]) -> list[Entry]:
    """``entries`` newest first.

    Equal times are ordered by incident id, then by position in the file (a
    later update of the same incident counts as newer), so the order is total.
    """
    return sorted(entries, key=lambda e: e.key, reverse=True)


@dataclass(frozen=True)
class _EntryMaker:
    """What every entry of a site shares: base URL, id prefix, component names, status words."""

    base: str
    prefix: tuple[str, str]
    names: dict[str, str]  # component id -> name (the first component of an id wins)
    translate: Callable[[str], str]
    limit: int
    language: str  # xml:lang of every entry: the site language (incidents cannot name theirs yet)
    details: Details  # impact, component changes, next update (feed_details.py)
    author: Author

    @classmethod
    def of(cls, site: Site, translate: Callable[..., str]) -> _EntryMaker:
        names: dict[str, str] = {}
        for comp in site.config.components:
            names.setdefault(comp.id, comp.name)
        base = site_url(site)
        cfg = site.config
        details = Details(translate, site_clock(cfg.timezone, cfg.language), names, cfg.language)
        return cls(
            base, _tag_prefix(base), names, cache(translate), cap(site), language_tag(site),
            details, author(cfg.site_name, cfg.contact),
        )  # fmt: skip

    def body(self, incident: Incident, up: Update) -> str:
        """The entry's HTML: the message (addresses absolute), then what the dashboard shows beside it."""
        page = paths.absolute(self.base, paths.incident_page(incident.id))
        return entry_html(up.message, page) + "\n" + self.details.html(incident, up)

    def entries(self, incident: Incident) -> list[Entry]:
        """The incident's entries in its own feed, newest first.

        Older updates are in no feed at all: every feed that lists an incident
        lists all its updates, so they would come after ``limit`` newer ones.
        """
        head = _id_head(self.prefix, incident)
        page = paths.absolute(self.base, paths.incident_page(incident.id)) + "#"
        affected = incident.affected
        cats = feeds_xml.categories((cid, self.names[cid]) for cid in affected if cid in self.names)
        kept = sorted(incident.updates, key=lambda up: (up.at, up.index), reverse=True)[: self.limit]
        return [
            Entry((up.at, incident.id, up.index), affected, self._xml(incident, up, head, page, cats))
            for up in kept
        ]

    def _xml(self, incident: Incident, up: Update, head: str, page: str, cats: Categories) -> EntryXml:
        return feeds_xml.entry(
            head + up.anchor,
            f"{incident.title}: {self.translate(up.status)}",
            page + up.anchor,
            (up.at, up.updated),
            self.body(incident, up),  # escaped HTML: Atom type="html", RSS description
            cats,
            self.language,
            (self.author.name, self.author.email),
        )


@dataclass(frozen=True)
class Feed:
    """One feed: where it goes, its feed-level fields, and its entries newest first."""

    path_of: Callable[[str], str]  # kind ("rss" or "atom") -> site-relative path
    head: Head
    entries: list[Entry]


def language_tag(site: Site) -> str:
    """The site language as an RFC 3066 tag for ``xml:lang`` and RSS ``<language>`` ("" for none)."""
    return site.config.language.replace("_", "-")


def _feeds(site: Site) -> Iterator[Feed]:
    """Every feed of the site: the whole history, each incident, each component."""
    base = site_url(site)
    name = site.config.site_name
    limit = cap(site)
    home = paths.absolute(base, "")
    t = translator(site.config.language)  # feed titles in the site's language, like its pages
    maker = _EntryMaker.of(site, t)
    own = [(inc, maker.entries(inc)) for inc in site.incidents]
    everything = newest([e for _, entries in own for e in entries])

    def head(feed_id: str, title: str, subtitle: str, alternate: str) -> Head:
        # An RFC 3066 tag for xml:lang; Atom needs an author for the feed or every entry.
        return Head(feed_id, title, subtitle, alternate, language_tag(site), name)

    yield Feed(
        lambda kind: paths.HISTORY_RSS if kind == "rss" else paths.HISTORY_ATOM,
        head(home, t("alt_feed_site", name=name), t("feed_site"), home),
        everything[:limit],
    )
    for inc, entries in sorted(own, key=lambda pair: pair[0].id):
        page = paths.absolute(base, paths.incident_page(inc.id))
        yield Feed(
            partial(paths.incident_feed, inc.id),
            head(page, f"{name}: {inc.title}", t("feed_incident"), page),
            entries,
        )
    for comp in site.config.components:
        yield Feed(
            partial(paths.component_feed, comp.id),
            # No component pages are generated (yet): the status page shows the component.
            head(
                paths.absolute(base, paths.component_page(comp.id)),
                f"{name}: {comp.name}",
                f"{t('affected_components')}: {comp.name}",
                home,
            ),
            _covering(everything, comp.id, limit),
        )


def _covering(everything: list[Entry], component_id: str, limit: int) -> list[Entry]:
    """The first ``limit`` of ``everything`` (newest first) whose incident affects the component."""
    found: list[Entry] = []
    for entry in everything:
        if component_id in entry.affected:
            found.append(entry)
            if len(found) == limit:
                break
    return found


def _write(site: Site, feed: Feed, kind: str) -> bytes:
    """Serialise one feed: the feed-level date is its entries' latest change (never the clock)."""
    xml = [e.xml for e in feed.entries]
    url = paths.absolute(site_url(site), feed.path_of(kind))
    latest = max(xml, key=lambda e: e.changed) if xml else None  # ties: the first, the newest
    if kind == "rss":
        updated = latest.rfc if latest else feeds_xml.rfc822(EMPTY_FEED_TIME)
        return feeds_xml.rss(feed.head, url, MIME[kind], xml, updated)
    updated = latest.iso if latest else EMPTY_FEED_TIME.isoformat()
    return feeds_xml.atom(feed.head, url, MIME[kind], xml, updated)


def render(site: Site) -> dict[str, bytes]:
    """Every feed, as site-relative path -> bytes."""
    return {feed.path_of(kind): _write(site, feed, kind) for feed in _feeds(site) for kind in KINDS}
