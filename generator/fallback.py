"""The notice a status page shows when a tool that does not run statuskit builds it.

Zensical reads mkdocs.yml but skips plugins it does not know, and "MkDocs 2.0"
drops plugins: either would publish the hand-written pages only, a status page
without a status, which readers take for "no incidents". So the hand-written
home (site_src/index.md, also the scaffold's) carries this notice between two
HTML comments, and the plugin removes it from every page before Markdown sees
it: only a build without statuskit shows it.
"""

from __future__ import annotations

import re

START = "<!-- statuskit:fallback (only a build without statuskit shows this; keep it) -->"
END = "<!-- /statuskit:fallback -->"

NOTICE = (
    "**This status page was built without statuskit: it shows no status and no incidents, "
    "whatever is happening.** Build it with `statuskit build` (or `mkdocs build` or "
    "`properdocs build` with statuskit installed); Zensical and MkDocs 2.0 skip the statuskit "
    "plugin. statuskit removes this paragraph when it builds the page."
)

BLOCK = f"{START}\n\n{NOTICE}\n\n{END}\n"

# The markers as the owner may have retouched them (the words after the name, spacing).
_BLOCK = re.compile(
    r"<!--\s*statuskit:fallback\b.*?-->.*?<!--\s*/statuskit:fallback\s*-->[ \t]*\n?", re.DOTALL
)


def remove(markdown: str) -> str:
    """``markdown`` without the notice (every block of it); unchanged when it has none."""
    if "statuskit:fallback" not in markdown:
        return markdown
    return _BLOCK.sub("", markdown)
