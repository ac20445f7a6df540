"""The timeline of an incident page: its updates newest first, each a stamp of ``_timeline.html``."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from markupsafe import Markup

from .. import richtext
from ..i18n import translator
from ..model import Incident
from .htmlkit import Clock
from .macros import module, remembered
from .share_panels import Panels
from .stamps import Stamp, stamp

FIELDS = ("anchor", "status", "time", "body", "changes", "share")


@lru_cache(maxsize=16)
def _stamps(language: str) -> tuple[Stamp, Stamp]:
    """The update macro for the newest update and for the older ones."""
    macro = module("_timeline.html", language).update
    return stamp(macro, FIELDS, first=True), stamp(macro, FIELDS, first=False)


def timeline(
    incident: Incident, names: Mapping[str, str], clock: Clock, language: str, panels: Panels | None
) -> Markup:
    """Every update of ``incident``, newest first, as the ``<li>`` items of the timeline list.

    ``names``: component names by id; ``panels``: the page's share panels (None: no sharing).
    """
    t = translator(language)
    newest, older = _stamps(language)
    changes = remembered("_timeline.html", language).changes
    items: list[str] = []
    for update in reversed(incident.updates):
        anchor = update.anchor
        changed = tuple((names[cid], new) for cid, _, new in update.changes)
        items.append(
            (older if items else newest).fill(
                anchor=anchor,
                status=t(update.status),
                time=clock.tag(update.at),
                body=richtext.render(update.message),
                changes=changes(changed) if changed else "",
                share=panels.update(anchor, clock.text(update.at)) if panels else "",
            )
        )
    return Markup("".join(items))
