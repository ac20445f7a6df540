"""While ``serve`` shows the last good build, every page says why: the errors, escaped, at the top.

The banner is only ever made while previewing (a published site never carries it) and goes away
with the next good build, because every page is rendered again then.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from .sitewriter import SiteWriter

__all__ = ["BannerWriter", "banner", "inject"]

MARK = "sk-serve-error"
_BODY = re.compile(r"<body\b[^>]*>", re.I)
_STYLE = (
    "position:relative;z-index:10;margin:0;padding:.8rem 1rem;background:#fff3f3;color:#5f0000;"
    "border-bottom:3px solid #b00020;font:14px/1.45 system-ui,sans-serif"
)


def banner(report: str) -> str:
    """The error box for ``report`` (the problems as the terminal shows them), HTML-escaped."""
    return (
        f'<div class="{MARK}" role="alert" style="{_STYLE}">'
        "<strong>statuskit serve: the last change could not be built. "
        "This preview shows the last good build until the errors below are fixed.</strong>"
        '<pre style="margin:.5rem 0 0;white-space:pre-wrap;font:13px/1.4 ui-monospace,monospace">'
        f"{html.escape(report)}</pre></div>"
    )


def inject(page: str, box: str) -> str:
    """``page`` with ``box`` right after its ``<body>`` tag (at the start when it has none)."""
    found = _BODY.search(page)
    return page[: found.end()] + box + page[found.end() :] if found else box + page


class BannerWriter(SiteWriter):
    """A :class:`SiteWriter` that puts the error box into every HTML page it writes."""

    def __init__(self, site_dir: Path, before: dict[str, bytes] | None, box: str) -> None:
        super().__init__(site_dir, before)
        self.box = box

    def write(self, rel: str, data: bytes | Path) -> None:
        if rel.endswith(".html") and isinstance(data, bytes):
            data = inject(data.decode("utf-8"), self.box).encode("utf-8", "xmlcharrefreplace")
        super().write(rel, data)
