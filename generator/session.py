"""One build session: the state of one build, and what a process that builds again carries over.

Nothing a build computes lives in a module global. A ``BuildSession`` holds one
build's state (the Site, its months, its incident pages' content); what the next
build of the same process may reuse is a ``Kept`` object, owned by whoever runs
the builds (the plugin for ``serve``; ``statuskit build`` hands the plugin the
files it validated) and handed over explicitly. Each entry is keyed by every input
its value is computed from, so a changed site-level fact (site name, components,
contact: all in ``SiteConfig``) makes a new key, never a stale page.

What stays process-wide is keyed by its whole input and cannot go stale: the
``lru_cache``s of pure functions (text measurement, escaping, translators, stamps
of a template in a language) and the compiled templates of the package's own
pages (Jinja checks each template's source checksum).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .fragments import pages
from .load import LoadMemo
from .model import Incident, Site, SiteConfig
from .template_cache import LayeredBytecodeCache

CONTENT_KEEP = 20000  # incident pages' content kept across serve rebuilds (bounded)

ContentKey = tuple[SiteConfig, Incident, bool]


@dataclass
class Kept:
    """What a process that builds more than once (``serve``) carries from one build to the next."""

    loaded: LoadMemo = field(default_factory=LoadMemo)  # validated incident files
    content: dict[ContentKey, str] = field(default_factory=dict)  # incident pages' content
    written: dict[Path, dict[str, bytes]] = field(default_factory=dict)  # site dir -> file digests
    templates: LayeredBytecodeCache = field(default_factory=LayeredBytecodeCache)  # the theme's, compiled


@dataclass
class BuildSession:
    """The state of one build of ``site``; ``kept`` (serve only) survives into the next build.

    ``strip`` is what the search plugin does to a page's content (None: no search plugin).
    """

    site: Site
    kept: Kept | None = None
    strip: Callable[[str], str] | None = None

    @cached_property
    def months(self) -> pages.Months:
        """Every month with incidents, newest first (the archive's pages read them)."""
        return pages.months(self.site)

    def incident_content(self, incident: Incident, strip: bool = False) -> str:
        """The incident page's content (``strip``: as the search plugin leaves it); while serving,
        kept while its config and incident are equal."""
        key = (self.site.config, incident, strip)
        found = self.kept.content.get(key) if self.kept is not None else None
        if found is None:
            found = pages.incident_page(self.site, incident)
            if strip and self.strip is not None:
                found = self.strip(found)
            if self.kept is not None:
                if len(self.kept.content) >= CONTENT_KEEP:
                    self.kept.content.clear()
                self.kept.content[key] = found
        return found
