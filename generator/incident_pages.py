"""Incident pages outside mkdocs' page loop: the theme renders a shell once, pages fill it.

mkdocs builds a page by converting its Markdown, running every plugin's page
events and rendering the whole theme template: about 3 ms a page, the floor of
any mkdocs site. Incident pages have no Markdown (their HTML comes from the
model) and all sit at the same depth, out of the nav, so the theme's output
around their content is the same for all of them but for a few values. This
module renders them through ``shell.Shell`` (one theme render, then string
joins), or, if the theme does something the shell can't learn, one theme
render per page with the context mkdocs would give: either way byte-identical
to the pages mkdocs' own loop makes (``fast_pages: false``; a test compares).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from typing import Any, cast

from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from . import paths, theme_text, upstream
from .fragments import head
from .i18n import translator
from .model import Incident, Site
from .render import verify
from .render.shell import Shell
from .session import BuildSession
from .sitewriter import SiteWriter

log = logging.getLogger("mkdocs.plugins.statuskit")

SLOTS = ("id", "title", "description", "content")
PROBE_SUFFIX = {"content": "<h1></h1>"}  # real content opens with an <h1>; themes test for one
PROBE_TRICKY = {"id": "-probe-2"}  # an id stays an id
SEARCH_META = {"search": {"exclude": True}}  # indexed once, compactly, by search_entries()


def head_values(incident: Incident) -> dict[str, str]:
    """The raw values an incident page shows outside its content."""
    return {
        "id": incident.id,
        "title": incident.title,
        "description": head.incident_description(incident),
    }


def values(session: BuildSession, incident: Incident, strip_search: bool = False) -> dict[str, str]:
    """The raw per-page values of an incident page (``strip_search``: as the search plugin leaves it)."""
    return {**head_values(incident), "content": session.incident_content(incident, strip_search)}


def page_context(site: Site, page: Page, context: MutableMapping[str, Any], vals: Mapping[str, str]) -> None:
    """statuskit's additions to an incident page's template context."""
    base_url = context["base_url"]
    context["statuskit_alternates"] = head.incident_alternates(site, vals["id"], vals["title"], base_url)
    canonical = page.canonical_url or page.url
    context["statuskit_preview"] = head.incident_preview(
        site, vals["id"], vals["title"], vals["description"], canonical
    )
    context["statuskit_announce"] = head.announcement(site, base_url)
    context["statuskit_announce_label"] = translator(site.config.language)("announce")


def make_page(config: MkDocsConfig, incident_id: str, title: str) -> Page:
    """The mkdocs Page an incident page would be, without reading or rendering anything."""
    file = File.generated(
        config, f"incidents/{incident_id}.md", content="", inclusion=InclusionLevel.NOT_IN_NAV
    )
    page = Page(theme_text.text(title), file, config)
    page.meta = dict(SEARCH_META)
    page.toc = get_toc([])
    return page


class Renderer:
    """Renders incident pages with the theme, the way mkdocs' page loop would."""

    def __init__(
        self, session: BuildSession, config: MkDocsConfig, env: Any, nav: Any, files: Any, strip_search: bool
    ):
        self.session, self.site = session, session.site
        self.config, self.env, self.nav, self.files = config, env, nav, files
        self.strip_search = strip_search
        self.template = env.get_template("main.html")

    def theme(self, vals: Mapping[str, str]) -> str:
        """One page through the whole theme template."""
        page = make_page(self.config, vals["id"], vals["title"])
        page.content = vals["content"]  # already as the search plugin leaves content (values())
        context = get_context(self.nav, self.files, self.config, page)
        upstream.same_generator(context)
        page_context(self.site, page, cast(dict[str, Any], context), vals)
        page.active = True
        upstream.set_current_page(self.config, page)
        try:
            return self.template.render(context)
        finally:
            page.active = False
            upstream.set_current_page(self.config, None)

    def pages(self) -> Iterator[tuple[str, str]]:
        """(id, HTML) of every incident page: through the shell if it can be learnt."""
        incidents = self.site.incidents
        if not incidents:
            return
        shell = Shell.learn(self.theme, SLOTS, PROBE_SUFFIX, PROBE_TRICKY)
        first = self._values(incidents[0])
        page = self.theme(first)
        fill: Callable[[Mapping[str, str]], str] = self.theme
        if shell is not None and shell.fill(first) == page:
            fill = shell.fill
        else:
            log.info("statuskit: the theme is rendered for every incident page (no shell)")
        yield incidents[0].id, page
        check = verify.enabled() and fill is not self.theme
        for incident in incidents[1:]:
            vals = self._values(incident)
            html = fill(vals)
            if check:
                verify.same(f"the theme shell of incidents/{incident.id}/", html, self.theme(vals))
            yield incident.id, html

    def _values(self, incident: Incident) -> dict[str, str]:
        return values(self.session, incident, self.strip_search)


def write_sitemap(renderer: Renderer) -> None:
    """Render the theme's sitemap again, listing the incident pages where mkdocs' loop would."""
    from mkdocs.structure.files import Files

    config = renderer.config
    if "sitemap.xml" not in config.theme.static_templates:
        return
    made = [make_page(config, i.id, i.title).file for i in renderer.site.incidents]
    # mkdocs' loop lists them after every other page (on_files appends them last of the pages)
    listed = Files([*renderer.files, *made])
    upstream.build_theme_template("sitemap.xml", renderer.env, listed, config, renderer.nav)


def write_pages(renderer: Renderer, writer: SiteWriter) -> None:
    """Write every incident page (encoded as mkdocs writes pages)."""
    for incident_id, html in renderer.pages():
        data = html.encode("utf-8", "xmlcharrefreplace")
        writer.write(paths.incident_page(incident_id) + "index.html", data)

