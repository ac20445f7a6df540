"""Which other plugins act on pages: the fast path for incident pages must not skip them.

Incident pages written outside mkdocs' page loop (``fast_pages``) reproduce what
statuskit and the search plugin do to a page, and nothing else. Any other plugin
or hook with a page event (``on_page_markdown``, ``on_post_page``, ...) would
silently not run on them, so such a site builds its incident pages in mkdocs' loop.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig

from . import upstream

PAGE_EVENTS = ("pre_page", "page_read_source", "page_markdown", "page_content", "page_context", "post_page")
REPRODUCED = frozenset({"statuskit", "search", "material/search"})
"""Plugins whose page events the fast path reproduces: ours, and the search plugins' indexing
(``search_entries`` adds compact entries; ``upstream.search_stripped`` strips attributes)."""


def foreign_page_events(config: MkDocsConfig) -> list[str]:
    """``plugin: event`` for every page event of a plugin or hook the fast path does not reproduce."""
    plugins = config.plugins
    found: list[str] = []
    for event in PAGE_EVENTS:
        for method in plugins.events.get(event, []):
            origin = upstream.event_origin(config, method)
            if origin not in REPRODUCED:
                found.append(f"{origin}: on_{event}")
    return found
