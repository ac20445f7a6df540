"""What a feed entry says beside the update's message, and who it is from.

A reader in a feed app should know what a dashboard reader knows: each entry's HTML
ends with the incident's impact (a maintenance: its window), the components whose
status this update changed ("Website: Degraded performance → Operational") and the
next-update promise the update made, times in the site's timezone with the zone's
name, words in the site language. Every value is HTML-escaped here (names and titles
are plain text); feeds_xml.py then XML-escapes the whole HTML once.

The author of every entry is the site (its name), with the site's ``contact`` as the
e-mail address when that is one plain ``mailto:`` address: RSS's ``<author>`` must be
an address, so without one the name goes in ``<dc:creator>``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import escape
from urllib.parse import unquote

from ..i18n import is_rtl
from ..model import Incident, Update
from ..render.htmlkit import Clock

# One address, nothing RSS's "email (name)" or Atom's addr-spec could misread.
_ADDRESS = re.compile(r"[^\s@<>()\[\],;:\"\\]+@[^\s@<>()\[\],;:\"\\]+\.[^\s@<>()\[\],;:\"\\]+")


@dataclass(frozen=True, slots=True)
class Author:
    """An entry's author: a name, and an e-mail address or ""."""

    name: str
    email: str = ""


def author(site_name: str, contact: str) -> Author:
    """The site as author; ``contact`` gives the address when it is a single ``mailto:`` one."""
    if contact[:7].lower() == "mailto:":
        address = unquote(contact[7:].split("?", 1)[0])
        if _ADDRESS.fullmatch(address):
            return Author(site_name, address)
    return Author(site_name)


@dataclass(frozen=True)
class Details:
    """Writes the details block of entries for one site (language, clock, component names)."""

    translate: Callable[..., str]
    clock: Clock
    names: Mapping[str, str]  # component id -> name
    language: str

    def html(self, incident: Incident, update: Update) -> str:
        """Impact or window, component changes and the next-update promise, as HTML."""
        t = self.translate
        out = [f"<p><strong>{escape(t('impact'))}:</strong> {escape(t('impact_' + incident.impact))}</p>"]
        if incident.maintenance is not None:
            start, end = incident.maintenance.start, incident.maintenance.end
            window = f"{self.clock.text(start)} – {self.clock.text(end)}"
            out.append(f"<p><strong>{escape(t('window'))}:</strong> {escape(window)}</p>")
        if update.changes:
            # Arrows are not mirrored right to left: it must point at the new status either way.
            arrow = "←" if is_rtl(self.language) else "→"
            items = "".join(
                f"<li>{escape(self.names.get(cid, cid))}: {escape(t(old))} {arrow} {escape(t(new))}</li>"
                for cid, old, new in update.changes
            )
            out.append(f"<p><strong>{escape(t('components'))}:</strong></p><ul>{items}</ul>")
        if update.next_update is not None:
            out.append(f"<p>{escape(t('next_update', time=self.clock.text(update.next_update)))}</p>")
        return "\n".join(out)
