"""The maintenance calendar: ``maintenance.ics``, one VEVENT per maintenance window.

An RFC 5545 VCALENDAR written with the ``icalendar`` package, which escapes
TEXT values and folds lines at 75 octets; its property order is fixed, so the
same model always gives the same bytes. Nothing reads the clock:

- ``UID`` is ``<incident id>@<host of site_url>``: stable for the life of the window;
- ``DTSTAMP`` and ``LAST-MODIFIED`` are the time of the incident's latest change
  (an update, or a correction of one: its ``edited:``), ``CREATED`` that of its first
  update, and ``SEQUENCE`` counts the updates after the first plus the corrected
  ones, so calendar clients see each new update or correction as a revision;
- ``DTSTART``/``DTEND`` are the window in UTC (``...Z``): no VTIMEZONE needed, and
  ``X-WR-TIMEZONE`` tells clients which zone the site displays.

``SUMMARY`` and ``DESCRIPTION`` carry ``LANGUAGE`` (the site's ``theme.language``);
the description is the latest update as plain text that keeps its paragraphs and
list items on lines of their own, then the window's page.

Windows are always ``STATUS:CONFIRMED`` (the contract has no cancellation; a
completed window stays confirmed) and ``TRANSP:TRANSPARENT`` (maintenance must
not block a subscriber's free/busy time).
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from icalendar import Calendar, Event, vText

from .. import paths, richtext
from ..model import Incident, Site

PRODID = "-//statuskit//maintenance calendar//EN"
# Without a site_url the event URLs cannot be right anywhere: point them at a
# local preview address rather than emit relative URLs, which iCalendar forbids.


def _utc(value: datetime) -> datetime:
    """``value`` in UTC, whole seconds (iCalendar has no fractions)."""
    return value.astimezone(UTC).replace(microsecond=0)


def event_uid(site: Site, incident: Incident) -> str:
    """The stable UID of a maintenance window: ``<id>@<host>``."""
    host = urlsplit(paths.site_root(site.config.site_url)).hostname or "localhost"
    return f"{incident.id}@{host}"


def _event(site: Site, incident: Incident) -> Event:
    """One VEVENT for a maintenance window."""
    assert incident.maintenance is not None
    base = paths.site_root(site.config.site_url)
    url = paths.absolute(base, paths.incident_page(incident.id))
    latest = incident.latest
    changed = max(u.updated for u in incident.updates)
    corrections = sum(u.updated > u.at for u in incident.updates)
    language = {"LANGUAGE": site.config.language.replace("_", "-")} if site.config.language else {}
    event = Event()
    event.add("uid", event_uid(site, incident))
    event.add("dtstamp", _utc(changed))
    event.add("created", _utc(incident.updates[0].at))
    event.add("last-modified", _utc(changed))
    event.add("sequence", len(incident.updates) - 1 + corrections)
    event.add("dtstart", _utc(incident.maintenance.start))
    event.add("dtend", _utc(incident.maintenance.end))
    event.add("summary", vText(incident.title), parameters=language)
    # Many clients (Google Calendar among them) do not show URL: repeat it in the text.
    event.add("description", vText(f"{richtext.plain_blocks(latest.message)}\n\n{url}"), parameters=language)
    event.add("url", url)
    event.add("status", "CONFIRMED")
    event.add("transp", "TRANSPARENT")
    return event


def calendar(site: Site) -> Calendar:
    """The VCALENDAR of every maintenance window, soonest start first."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", vText(f"{site.config.site_name}: maintenance"))
    cal.add("x-wr-timezone", vText(site.config.tz_name))
    windows = [i for i in site.incidents if i.maintenance is not None]
    for incident in sorted(windows, key=lambda i: (i.maintenance.start, i.id)):  # type: ignore[union-attr]
        cal.add_component(_event(site, incident))
    return cal


def render(site: Site) -> dict[str, bytes]:
    """``maintenance.ics`` as site-relative path -> bytes."""
    return {paths.CALENDAR: calendar(site).to_ical()}
