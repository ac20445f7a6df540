"""HTML fragments for the generated pages: home overview, incidents, history.

Each function reads the model and returns the HTML that goes inside the
theme's content area. Links are relative (``base``), so a site works under
any path prefix (GitHub project pages included).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from ..i18n import translator
from ..model import Incident, Site
from ..vocabulary import worst
from . import incident_view
from .htmlkit import Clock, render, site_clock
from .incident_view import faq_jsonld as faq_jsonld  # re-exported: it used to live here
from .uptime_view import uptime_section

HISTORY_RECENT_MONTHS = 3
HISTORY_FULL_LIMIT = 300  # up to this many, /history/ lists every incident itself


@dataclass(frozen=True)
class GeneratedPage:
    """A page the plugin adds: its source path, title and how to render it."""

    src_uri: str
    title: str
    kind: str  # home | incident | history | history_year
    key: str = ""


def incident_uri(incident: Incident) -> str:
    """Source path of an incident page (published at /incidents/<id>/)."""
    return f"incidents/{incident.id}.md"


def years(site: Site) -> list[int]:
    """Years that have incidents, newest first."""
    return sorted({_start(site, i).year for i in site.incidents}, reverse=True)


def page_list(site: Site, home_title: str) -> list[GeneratedPage]:
    """Every page the plugin generates (titles in the site language)."""
    t, clock = translator(site.config.language), _clock(site)
    pages = [
        GeneratedPage("index.md", home_title, "home"),
        GeneratedPage("history/index.md", t("history"), "history"),
    ]
    pages += [
        GeneratedPage(f"history/{y}.md", t("history_year", year=clock.year(y)), "history_year", str(y))
        for y in years(site)
    ]
    pages += [GeneratedPage(incident_uri(i), i.title, "incident", i.id) for i in site.incidents]
    return pages


def _start(site: Site, incident: Incident) -> date:
    when = incident.maintenance.start if incident.maintenance else incident.updates[0].at
    return when.astimezone(site.config.timezone).date()


def _clock(site: Site) -> Clock:
    """Times, dates and numbers in the site timezone and language."""
    return site_clock(site.config.timezone, site.config.language)


def _common(site: Site, base: str) -> dict[str, object]:
    return {
        "site": site,
        "config": site.config,
        "clock": _clock(site),
        "language": site.config.language,
        "base": base,
    }


def home(site: Site) -> str:
    """The status overview: state, components, open incidents, maintenance, recent days."""
    clock = _clock(site)
    today = clock.local(site.now).date()
    days = [today - timedelta(days=n) for n in range(site.config.recent_days)]
    by_day: dict[date, list[Incident]] = defaultdict(list)
    oldest = days[-1]
    for incident in site.incidents:
        day = _start(site, incident)
        if oldest <= day <= today and incident.phase in ("resolved", "completed"):
            by_day[day].append(incident)
    groups = [(name, comps, _worst(site, comps)) for name, comps in site.config.groups()]
    return render(
        "home.html",
        groups=groups,
        days=[(d, by_day.get(d, [])) for d in days],
        **uptime_section(site),
        **_common(site, ""),
    )


def _worst(site: Site, comps: tuple) -> str:
    return worst([site.component_status(c.id) for c in comps])


def incident_page(site: Site, incident: Incident) -> str:
    """One incident: facts, share, contact, timeline newest first, video, FAQ, postmortem."""
    return incident_view.page(site, incident)


def _by_month(site: Site, incidents: list[Incident]) -> list[tuple[str, str, list[Incident]]]:
    months: dict[tuple[int, int], list[Incident]] = defaultdict(list)
    for incident in incidents:
        day = _start(site, incident)
        months[(day.year, day.month)].append(incident)
    clock = _clock(site)
    return [
        (f"{year}-{month:02d}", clock.month(year, month), items)
        for (year, month), items in sorted(months.items(), reverse=True)
    ]


def history_index(site: Site) -> str:
    """The archive's front page: recent months in full, then every year and month."""
    months = _by_month(site, list(site.incidents))
    index = [(y, [m for m in months if m[0].startswith(f"{y}-")]) for y in years(site)]
    return render(
        "history.html",
        recent=months if len(site.incidents) <= HISTORY_FULL_LIMIT else months[:HISTORY_RECENT_MONTHS],
        index=index,
        **_common(site, "../"),
    )


def history_year(site: Site, year: int) -> str:
    """Every incident of one year, by month."""
    items = [i for i in site.incidents if _start(site, i).year == year]
    return render("history_year.html", year=year, months=_by_month(site, items), **_common(site, "../../"))


def faq_page(site: Site, html: str) -> str:
    """The hand-written FAQ with the questions of open incidents first, under its title."""
    open_ones = [i for i in site.open_incidents if i.faq]
    if not open_ones:
        return html
    section = render("open_faq.html", incidents=open_ones, **_common(site, "../"))
    head, sep, rest = html.partition("</h1>")
    return head + sep + section + rest if sep else section + html
