"""The timeline of an incident page: its updates newest first, each a stamp of ``_timeline.html``."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from markupsafe import Markup

from .. import richtext
from ..i18n import translator
from ..model import Incident
from ..render.htmlkit import Clock
from ..render.macros import module
from ..render.stamps import Stamp, stamp
from .share_panels import Panels

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

    A maintenance's automatic steps (``in_progress`` at its start, ``completed`` at its end,
    when no update said so) are items too, in the site's language, as the API publishes them.

    ``names``: component names by id; ``panels``: the page's share panels (None: no sharing).
    """
    t = translator(language)
    newest, older = _stamps(language)
    changes = module("_timeline.html", language).changes
    steps = sorted(
        [(u.at, 0, n) for n, u in enumerate(incident.updates)]
        + [(s.at, 1, n) for n, s in enumerate(incident.transitions)],
        key=lambda s: (s[0], s[1]),  # as the API orders them: equal times keep file order
    )
    items: list[str] = []
    for at, auto, n in reversed(steps):
        if auto:
            step = incident.transitions[n]
            anchor, status, text, changed_ids = auto_anchor(step.status), step.status, "", step.changes
            body = Markup("<p>{}</p>").format(t(f"auto_{step.status}"))
        else:
            update = incident.updates[n]
            anchor, status, changed_ids = update.anchor, update.status, update.changes
            body = richtext.render(update.message)
            text = clock.text(at)
        changed = tuple((names[cid], new) for cid, _, new in changed_ids)
        items.append(
            (older if items else newest).fill(
                anchor=anchor,
                status=t(status),
                time=clock.tag(at),
                body=body,
                changes=changes(changed) if changed else "",
                share=panels.update(anchor, text) if panels and text else "",
            )
        )
    return Markup("".join(items))


def auto_anchor(status: str) -> str:
    """The fragment of a maintenance's automatic step (``update-auto-in-progress``)."""
    return f"update-auto-{status.replace('_', '-')}"
