"""One build session: the state one build keeps, owned by whoever runs the build (the plugin).

A build used to keep its state in module globals (a ``KEEP`` box and a dict of
incident page content), so a process that builds twice (``serve``) shared them
without saying so. A ``BuildSession`` holds one build's state; what ``serve``
may carry into the next rebuild is a ``Kept`` object handed over explicitly,
each entry keyed by every argument its value is computed from, so a changed
site-level fact (site name, components, contact: all in ``SiteConfig``) makes
a new key, never a stale page.

Not yet moved here (left for a later step): ``load._LOADED``,
``outputs/pages._GROUPED``, ``outputs/cards._MEMO``, ``sitewriter._WRITTEN`` and
``template_cache``. The ``lru_cache``s of pure functions of their arguments
(text measurement, regex and escaping helpers in richtext, htmlkit, cards_draw)
stay: their key is all they read, so they cannot go stale.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Incident, Site, SiteConfig

CONTENT_KEEP = 20000  # incident pages' content kept across serve rebuilds (bounded)


@dataclass
class Kept:
    """What a ``serve`` process carries from one build to the next."""

    content: dict[tuple[SiteConfig, Incident, bool], str] = field(default_factory=dict)


@dataclass
class BuildSession:
    """The state of one build of ``site``; ``kept`` (serve only) survives into the next build."""

    site: Site
    kept: Kept | None = None

    def content(self, key: tuple[SiteConfig, Incident, bool]) -> str | None:
        """Content rendered for ``key`` by this or (serve) an earlier build, if any."""
        return self.kept.content.get(key) if self.kept is not None else None

    def keep_content(self, key: tuple[SiteConfig, Incident, bool], html: str) -> None:
        """Remember content for the next serve rebuild (nothing outside serve)."""
        if self.kept is None:
            return
        if len(self.kept.content) >= CONTENT_KEEP:
            self.kept.content.clear()
        self.kept.content[key] = html
