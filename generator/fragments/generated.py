"""The pages statuskit generates, as typed objects: where each lives, its title, what it renders,
and whether it is in the nav and in the search index.

The plugin adds every page of :func:`page_list` and asks each for its content; it never
branches on which page it holds, but on the flags each carries. ``kind`` is the head's name
for the page (its feeds and preview card: fragments/head.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Protocol

from ..i18n import translator
from ..model import Incident, Site
from ..render.htmlkit import site_clock
from . import pages


class Build(Protocol):
    """What a page reads while it renders: one build's site and memos (session.BuildSession)."""

    @property
    def site(self) -> Site: ...

    @property
    def months(self) -> pages.Months: ...

    def incident_content(self, incident: Incident, strip: bool = False) -> str: ...


@dataclass(frozen=True)
class GeneratedPage:
    """A page the plugin adds at ``src_uri`` (a Markdown path with no file behind it)."""

    src_uri: str
    title: str
    key: str = ""  # the incident id, year or YYYY-MM it shows ("" for the others)

    kind: ClassVar[str] = "page"
    in_nav: ClassVar[bool] = False  # listed in the nav (else built but not listed)
    in_search: ClassVar[bool] = False  # indexed by the search plugin (else by search_entries, compactly)
    yields: ClassVar[bool] = False  # a hand-written page at its path takes over, keeping this content on top
    outside_loop: ClassVar[bool] = False  # can be written after mkdocs' page loop (incident_pages.py)

    def content(self, build: Build, html: str = "") -> str:
        """The page's HTML; ``html`` is the hand-written page's own, for a page that yields."""
        raise NotImplementedError


@dataclass(frozen=True)
class HomePage(GeneratedPage):
    """``/``: state, components, open incidents, maintenance, recent days."""

    kind: ClassVar[str] = "home"
    in_nav: ClassVar[bool] = True
    in_search: ClassVar[bool] = True
    yields: ClassVar[bool] = True

    def content(self, build: Build, html: str = "") -> str:
        return pages.home(build.site) + html


@dataclass(frozen=True)
class HistoryPage(GeneratedPage):
    """``/history/``: recent months in full, then every year and month."""

    kind: ClassVar[str] = "history"
    in_nav: ClassVar[bool] = True
    in_search: ClassVar[bool] = True

    def content(self, build: Build, html: str = "") -> str:
        return pages.history_index(build.site, build.months)


@dataclass(frozen=True)
class YearPage(GeneratedPage):
    """``/history/<year>/``."""

    kind: ClassVar[str] = "history_year"

    def content(self, build: Build, html: str = "") -> str:
        return pages.history_year(build.site, build.months, int(self.key))


@dataclass(frozen=True)
class MonthPage(GeneratedPage):
    """``/history/<year>/<month>/``."""

    kind: ClassVar[str] = "history_month"

    def content(self, build: Build, html: str = "") -> str:
        return pages.history_month(build.site, build.months, self.key)


@dataclass(frozen=True)
class IncidentPage(GeneratedPage):
    """``/incidents/<id>/``: one incident or maintenance."""

    kind: ClassVar[str] = "incident"
    outside_loop: ClassVar[bool] = True

    def content(self, build: Build, html: str = "") -> str:
        incident = build.site.incident(self.key)
        assert incident is not None, self.key
        return build.incident_content(incident)


def incident_uri(incident: Incident) -> str:
    """Source path of an incident page (published at /incidents/<id>/)."""
    return f"incidents/{incident.id}.md"


def page_list(site: Site, months: pages.Months, home_title: str) -> list[GeneratedPage]:
    """Every page the plugin generates (titles in the site language)."""
    t, clock = translator(site.config.language), site_clock(site.config.timezone, site.config.language)
    made: list[GeneratedPage] = [HomePage("index.md", home_title)]
    made.append(HistoryPage("history/index.md", t("history")))
    for year in pages.years(site):
        made.append(YearPage(f"history/{year}.md", t("history_year", year=clock.year(year)), str(year)))
    made += [MonthPage(f"history/{key[:4]}/{key[5:]}.md", label, key) for key, label, _ in months]
    made += [IncidentPage(incident_uri(i), i.title, i.id) for i in site.incidents]
    return made
