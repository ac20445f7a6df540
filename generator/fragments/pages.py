"""HTML fragments for the generated pages: home overview, incidents, history.

Each function reads the model and returns the HTML that goes inside the
theme's content area. Links are relative (``base``), so a site works under
any path prefix (GitHub project pages included).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from ..model import Incident, Site
from ..render.htmlkit import Clock, render, site_clock
from ..vocabulary import worst
from . import incident_view
from .uptime_view import uptime_section

HISTORY_RECENT_MONTHS = 3
HISTORY_FULL_LIMIT = 300  # up to this many, /history/ lists every incident itself


Month = tuple[str, str, list[Incident]]  # (YYYY-MM, its name in the site language, incidents)
Months = list[Month]


def years(site: Site) -> list[int]:
    """Years that have incidents, newest first."""
    return sorted({_start(site, i).year for i in site.incidents}, reverse=True)


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
    by_day = site.incidents_by_day(days[-1], today)  # every day each was active or updated
    groups = [(name, comps, _worst(site, comps)) for name, comps in site.config.groups()]
    uptime = uptime_section(site)
    return render(
        "home.html",
        groups=groups,
        days=[(d, by_day.get(d, ())) for d in days],
        uptime=uptime,
        uptime_rows={row.component.id: row for row in uptime.rows},
        **_common(site, ""),
    )


def _worst(site: Site, comps: tuple) -> str:
    return worst([site.component_status(c.id) for c in comps])


def incident_page(site: Site, incident: Incident) -> str:
    """One incident: facts, share, contact, timeline newest first, video, FAQ, postmortem."""
    return incident_view.page(site, incident)


def months(site: Site) -> Months:
    """Every month with incidents, newest first (a build groups them once: session.py)."""
    months: dict[tuple[int, int], list[Incident]] = defaultdict(list)
    for incident in site.incidents:
        day = _start(site, incident)
        months[(day.year, day.month)].append(incident)
    clock = _clock(site)
    return [
        (f"{year}-{month:02d}", clock.month(year, month), items)
        for (year, month), items in sorted(months.items(), reverse=True)
    ]



def history_index(site: Site, months: Months) -> str:
    """The archive's front page: recent months in full, then every year and month."""
    index = [(y, [m for m in months if m[0].startswith(f"{y}-")]) for y in years(site)]
    return render(
        "history.html",
        recent=months if len(site.incidents) <= HISTORY_FULL_LIMIT else months[:HISTORY_RECENT_MONTHS],
        index=index,
        **_common(site, "../"),
    )


def history_year(site: Site, months: Months, year: int) -> str:
    """One year by month: every incident, or (a busy year) each month's count and page."""
    of_year = [m for m in months if m[0].startswith(f"{year}-")]
    full = sum(len(items) for _, _, items in of_year) <= HISTORY_FULL_LIMIT
    return render("history_year.html", year=year, months=of_year, full=full, **_common(site, "../../"))


def history_month(site: Site, months: Months, key: str) -> str:
    """Every incident of one month, with the months before and after."""
    at = next(n for n, m in enumerate(months) if m[0] == key)
    newer = months[at - 1] if at > 0 else None
    older = months[at + 1] if at + 1 < len(months) else None
    _, label, items = months[at]
    return render(
        "history_month.html",
        key=key,
        label=label,
        year=int(key[:4]),
        items=items,
        newer=newer,
        older=older,
        **_common(site, "../../../"),
    )


def faq_page(site: Site, html: str) -> str:
    """The hand-written FAQ with the questions of open incidents first, under its title."""
    open_ones = [i for i in site.open_incidents if i.faq]
    if not open_ones:
        return html
    section = render("open_faq.html", incidents=open_ones, **_common(site, "../"))
    head, sep, rest = html.partition("</h1>")
    return head + sep + section + rest if sep else section + html
