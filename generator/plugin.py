"""The mkdocs plugin ``statuskit``: a thin adapter from mkdocs events to the core.

``on_config`` loads and validates the model (state is reset every build: the
plugin object lives across ``serve`` rebuilds), ``on_files`` adds the
generated pages, ``on_page_content`` swaps in their HTML, ``on_post_build``
writes the machine outputs, ``on_serve`` watches the incident files.
"""

from __future__ import annotations

import importlib
import logging
from importlib import resources
from pathlib import Path
from typing import Any, cast

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from . import (
    fallback,
    incident_pages,
    nav_titles,
    outputs,
    paths,
    search_entries,
    serve_errors,
    sitedir,
    theme_text,
    upstream,
)
from .config import incidents_dir
from .errors import InputError
from .fragments import head, pages
from .fragments.generated import GeneratedPage, IncidentPage, page_list
from .i18n import translator
from .load import LoadMemo
from .model import Site
from .outputs.cards_prefetch import Prefetch
from .page_events import foreign_page_events
from .session import BuildSession, Kept
from .sitebuild import load_site
from .sitewriter import SiteWriter
from .template_cache import LayeredBytecodeCache
from .times import iso
from .vocabulary import SHARE_TARGETS

log = logging.getLogger("mkdocs.plugins.statuskit")
warn = logging.getLogger("statuskit")  # outside "mkdocs": a warning here never fails --strict
CSS_URI = "assets/statuskit/statuskit.css"


class StatuskitConfig(base.Config):
    """Options of the ``statuskit`` block in mkdocs.yml.

    Any value passes here: config.py checks each (type included) and reports it with its
    mkdocs.yml line and a fix, where mkdocs would stop at the first with neither.
    """

    timezone = c.Type(object, default="UTC")
    contact = c.Type(object, default="")
    components = c.Type(object, default=[])
    incidents_dir = c.Type(object, default="incidents")
    feed_cap = c.Type(object, default=200)
    recent_days = c.Type(object, default=14)
    share = c.Type(object, default=list(SHARE_TARGETS))
    fast_pages = c.Type(object, default=True)
    example_clock = c.Type(object, default=False)
    announce = c.Type(object, default={})  # announce/settings.py checks it


class _IncidentLinks(logging.Filter):
    """mkdocs says a link to an incident page goes to a page "excluded from the built site":
    with fast_pages the plugin writes those pages itself, so the note is dropped."""

    def __init__(self) -> None:
        super().__init__()
        self.uris: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if upstream.EXCLUDED_LINK not in message:
            return True
        return not any(f"'{uri}'" in message for uri in self.uris)


_QUIET_LINKS = _IncidentLinks()
logging.getLogger("mkdocs.structure.pages").addFilter(_QUIET_LINKS)


class _OurOptions(logging.Filter):
    """mkdocs warns of an unknown option of our block ("Plugin 'statuskit' option 'contatc'") just
    before on_config reports it as an error with its line and did-you-mean: one report is enough.
    (Installed when mkdocs imports the plugin, before it validates the plugin's options.)"""

    def filter(self, record: logging.LogRecord) -> bool:
        return upstream.OUR_OPTION not in record.getMessage()


logging.getLogger("mkdocs.config").addFilter(_OurOptions())


class StatuskitPlugin(BasePlugin[StatuskitConfig]):
    """Turns incidents/*.yaml into status pages, feeds and the API."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.site: Site | None = None
        self.last_good: Site | None = None
        self.serving = False
        self.dirty = False
        self.generated: dict[str, GeneratedPage] = {}
        self.home_handwritten = False
        self.nav: Any = None
        self.env: Any = None
        self.files: Files | None = None
        self.cards: Prefetch | None = None
        self.said_loop: list[str] = []
        self.serve_error = ""  # serve: the last change's errors, shown on the last good build's pages
        self.kept: Kept | None = None  # serve: what one build hands to the next (session.py)
        self.loaded = LoadMemo()  # files validated before (statuskit build hands over its own)
        self.session: BuildSession | None = None
        self.fast = True  # incident pages outside mkdocs' page loop (fast_pages, unless a plugin needs them)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether we serve (a broken file then keeps the last good site) and how."""
        self.serving = command == "serve"
        self.dirty = dirty
        self.kept = Kept(loaded=self.loaded) if self.serving else None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Load the model afresh; fail the build with every problem found."""
        self.site = None
        self.session = None
        self.generated = {}
        self.home_handwritten = False  # mkdocs may hand this object to the next config of the process
        self.serve_error = ""
        try:
            sitedir.check_config(config, self.config.incidents_dir, existing=not self.serving)
        except InputError as exc:  # before mkdocs empties site_dir
            raise PluginError(str(exc)) from None
        try:
            self.site = load_site(config, self.config, self.loaded)
        except InputError as exc:
            if self.serving and self.last_good is not None:
                log.error("%s\nStill serving the last good build; its pages show these errors.", exc)
                self.serve_error = str(exc)
                self.site = self.last_good
            else:
                raise PluginError(str(exc)) from None
        self.last_good = self.site
        self.session = BuildSession(self.site, self.kept, upstream.search_stripped)
        self.fast = self._fast_pages(config)
        self.cards = Prefetch(self.site)  # drawn on the other cores while the pages build
        if self.serving and self.dirty:
            self._whole_search_index(config)
        theme_dir = str(resources.files("generator").joinpath("templates/theme"))
        if theme_dir not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, theme_dir)
        if CSS_URI not in config.extra_css:
            config.extra_css.append(CSS_URI)
        if paths.SCRIPT not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(paths.SCRIPT)
        theme_text.escape_config(config)  # the theme prints settings raw: hand it escaped text
        for incident in self.site.open_incidents:
            due = incident.latest.next_update
            if due is not None and due < self.site.now:
                warn.warning(
                    "%s: the next update was promised by %s and is overdue; post one with "
                    "`statuskit update %s --status ... --message ...`",
                    incident.source,
                    iso(due),
                    incident.id,
                )
        return config

    def _fast_pages(self, config: MkDocsConfig) -> bool:
        """``fast_pages``, unless another plugin or hook acts on pages: then mkdocs' loop, said once."""
        if not self.config.fast_pages:
            return False
        others = foreign_page_events(config)
        if others and others != self.said_loop:
            self.said_loop = others
            warn.warning(
                "statuskit: incident pages go through mkdocs' page loop so that these page events "
                "run on them too: %s (a slower build; set fast_pages: false to silence this)",
                ", ".join(others),
            )
        return not others

    @staticmethod
    def _whole_search_index(config: MkDocsConfig) -> None:
        """``serve`` keeps its directory between rebuilds (mkdocs' dirty build) but rebuilds every
        page (``on_files``): the search plugin must index them afresh, not merge with before."""
        plugin = upstream.search_plugin(config)
        if plugin is not None:
            upstream.index_afresh(plugin)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add the generated pages; a hand-written page at the same path is an error."""
        assert self.site is not None
        if self.serving and self.dirty:
            for file in files.documentation_pages():
                upstream.rebuild_always(file)
        clashes = []
        incident_uris: set[str] = set()
        home_title = translator(self.site.config.language)("status")
        assert self.session is not None
        for page in page_list(self.site, self.session.months, home_title):
            existing = files.get_file_from_path(page.src_uri)
            if page.yields and existing is not None:
                self.home_handwritten = True
                self.generated[page.src_uri] = page
                continue
            if existing is not None:
                clashes.append(page.src_uri)
                continue
            if page.outside_loop and self.fast:
                # Written by on_post_build through incident_pages; listed (excluded from mkdocs'
                # page loop) so that hand-written links to incidents/<id>.md still resolve.
                files.append(
                    File.generated(config, page.src_uri, content="", inclusion=InclusionLevel.EXCLUDED)
                )
                incident_uris.add(page.src_uri)
                continue
            in_nav = page.in_nav
            files.append(
                File.generated(
                    config,
                    page.src_uri,
                    content="",
                    inclusion=InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV,
                )
            )
            self.generated[page.src_uri] = page
        if clashes:
            docs = Path(config.docs_dir).name
            raise PluginError(
                "\n".join(
                    f"{docs}/{uri}: this hand-written page has the path of a generated page"
                    for uri in clashes
                )
                + "\n    fix: rename or delete the hand-written file (statuskit generates it)"
            )
        package = resources.files("generator")
        files.append(
            File.generated(config, CSS_URI, content=package.joinpath("assets/statuskit.css").read_bytes())
        )
        script = package.joinpath("assets/statuskit.js").read_bytes()
        files.append(File.generated(config, paths.SCRIPT, content=script))
        schema = package.joinpath("schemas/incident.schema.json")
        if schema.is_file():
            files.append(File.generated(config, paths.INCIDENT_SCHEMA, content=schema.read_bytes()))
        self.files = files
        _QUIET_LINKS.uris = incident_uris
        return files

    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Without a configured nav, our pages first (nav_titles.py); titles follow in the page events."""
        self.nav = nav
        theme_text.escape_nav(nav.items)
        if not config.nav and self.site is not None:
            nav_titles.arrange(nav, theme_text.text(translator(self.site.config.language)("history")))
        return nav

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Keep the theme's environment (incident pages are rendered with it after the loop) and
        give it a bytecode cache: templates compiled by an earlier build are not compiled again."""
        self.env = env
        if env.bytecode_cache is None:  # compiled by an earlier rebuild (serve), else from the disk cache
            env.bytecode_cache = self.kept.templates if self.kept is not None else LayeredBytecodeCache()
        return env

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Front-matter text and generated pages' titles as escaped text; keep long lists out of search;
        drop the notice that only a build without statuskit may show (fallback.py)."""
        markdown = fallback.remove(markdown)
        theme_text.escape_meta(page.meta)
        found = self.generated.get(page.file.src_uri)
        if found is not None and not found.in_search:
            page.meta.update(incident_pages.SEARCH_META)
        handwritten = found is None or (found.yields and self.home_handwritten)
        if not handwritten and found is not None and not nav_titles.given(page):
            page.title = theme_text.text(found.title)  # in the site language, unless nav names it
        return markdown

    def _title_handwritten(self, page: Page, html: str) -> None:
        """A hand-written home or FAQ without a title of its own takes the locale's."""
        if self.site is None or nav_titles.own_title(page, html):
            return
        t = translator(self.site.config.language)
        uri = page.file.src_uri
        title = t("status") if uri == "index.md" else nav_titles.expected_title(uri, t)
        if title is not None:
            page.title = theme_text.text(title)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Replace generated pages' content with the HTML rendered from the model."""
        found = self.generated.get(page.file.src_uri)
        if found is None or (found.yields and self.home_handwritten):
            self._title_handwritten(page, html)
        if self.site is None or (found is None and page.file.src_uri != nav_titles.FAQ_URI):
            return html
        site = self.site
        if found is None:  # the hand-written FAQ
            return pages.faq_page(site, html)
        assert self.session is not None
        return found.content(self.session, html)

    def on_template_context(
        self, context: TemplateContext, *, template_name: str, config: MkDocsConfig
    ) -> TemplateContext:
        """The 404 page gets the same head links, preview and banner as every other page."""
        upstream.same_generator(context)  # the same bytes under MkDocs and ProperDocs
        self._not_found_context(cast(dict[str, Any], context), template_name, config)
        return context

    def _not_found_context(self, context: dict[str, Any], template_name: str, config: MkDocsConfig) -> None:
        if self.site is not None and template_name == "404.html":
            base_url = context.get("base_url") or "."
            context["statuskit_alternates"] = head.alternates(self.site, "page", "", base_url)
            url = paths.absolute(self.site.config.site_url, "404.html")
            context["statuskit_preview"] = head.preview(
                self.site, "page", "", config.site_name, url, theme_text.plain(config.site_description or "")
            )
            context["statuskit_announce"] = head.announcement(self.site, base_url)
            context["statuskit_announce_label"] = translator(self.site.config.language)("announce")

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> TemplateContext:
        """Give every page its feed, calendar and API links for the <head>."""
        upstream.same_generator(context)
        self._page_context(cast(dict[str, Any], context), page, config)
        return context

    def _page_context(self, context: dict[str, Any], page: Page, config: MkDocsConfig) -> None:
        if self.site is not None:
            found = self.generated.get(page.file.src_uri)
            kind, key = (found.kind, found.key) if found else ("page", "")
            incident = self.site.incident(key) if isinstance(found, IncidentPage) else None
            if incident is not None:
                incident_pages.page_context(self.site, page, context, incident_pages.head_values(incident))
                return
            context["statuskit_alternates"] = head.alternates(self.site, kind, key, context["base_url"])
            fallback = theme_text.plain(page.meta.get("description") or config.site_description or "")
            title = str(page.title or config.site_name)
            canonical = page.canonical_url or page.url
            context["statuskit_preview"] = head.preview(self.site, kind, key, title, canonical, fallback)
            context["statuskit_announce"] = head.announcement(self.site, context["base_url"])
            context["statuskit_announce_label"] = translator(self.site.config.language)("announce")

    @event_priority(50)  # before the search plugin writes its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the incident pages (fast_pages), their search entries and the machine outputs."""
        if self.site is None:
            return
        site_dir = Path(config.site_dir)
        kept = self.kept if self.serving and self.dirty else None  # the directory holds the last build
        before = kept.written.get(site_dir, {}) if kept is not None else None
        writer = (
            serve_errors.BannerWriter(site_dir, before, serve_errors.banner(self.serve_error))
            if self.serve_error
            else SiteWriter(site_dir, before)
        )
        try:
            self._write_outputs(config, writer)
        finally:
            writer.finish()  # waits for the writer thread; raises what it met
        if kept is not None:
            kept.written[site_dir] = writer.now

    def _write_outputs(self, config: MkDocsConfig, writer: SiteWriter) -> None:
        assert self.site is not None
        if self.fast:
            assert self.env is not None and self.files is not None
            strip = upstream.search_plugin(config) is not None
            assert self.session is not None
            renderer = incident_pages.Renderer(self.session, config, self.env, self.nav, self.files, strip)
            incident_pages.write_pages(renderer, writer)
            incident_pages.write_sitemap(renderer)
        search_entries.add(config, self.site)
        for name in outputs.MACHINE_OUTPUTS:
            if name == "cards" and self.cards is not None:
                self.cards.wait()  # as late as possible: they are drawn on the other cores
            module = importlib.import_module(f"generator.outputs.{name}")
            made = module.render(self.site)
            # A dict, or an iterator of (path, bytes) that is written as it comes (cards: memory stays flat).
            for rel, data in made.items() if isinstance(made, dict) else made:
                writer.write(rel, data)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """While serving the last good build, every page shows the errors of the last change."""
        if not self.serve_error:
            return output
        return serve_errors.inject(output, serve_errors.banner(self.serve_error))

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        """The 404 page too."""
        if self.serve_error and template_name == "404.html":
            return serve_errors.inject(output_content, serve_errors.banner(self.serve_error))
        return output_content

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuild when an incident file changes."""
        root = Path(config.config_file_path).parent
        incidents = incidents_dir(self.config, root)
        if incidents.is_dir():
            server.watch(str(incidents))
        return server
