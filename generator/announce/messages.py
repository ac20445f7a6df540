"""What there is to announce: every update of the loaded Site, as a :class:`Message` per language.

An update's key is ``<incident id>/<update index>``; a delivery's is that and the channel id.
The key never depends on what a commit changed, so every run can compare everything that should
have been delivered with the ledger.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from generator import paths, richtext
from generator.announce.base import Message
from generator.i18n import translator
from generator.model import Incident, Site, Update
from generator.outputs.api import Api
from generator.times import iso


@dataclass(frozen=True)
class Item:
    """One update of one incident: what the plan sorts, filters and keys by."""

    key: str  # "<incident id>/<update index>"
    incident: Incident
    update: Update

    @property
    def at(self) -> datetime:
        return self.update.at


def items(site: Site) -> list[Item]:
    """Every update of every incident and maintenance, oldest first (an incident's in file order)."""
    found = [Item(f"{i.id}/{u.index}", i, u) for i in site.incidents for u in i.updates]
    return sorted(found, key=lambda it: (it.update.at, it.incident.id, it.update.index))


def update_url(site: Site, incident: Incident, update: Update) -> str:
    """The update's anchor on its incident page (``.../incidents/<id>/#update-2``)."""
    return paths.absolute(site.config.site_url, paths.incident_page(incident.id)) + "#" + update.anchor


class Composer:
    """Messages for one site, made once per (update, language)."""

    def __init__(self, site: Site) -> None:
        from generator.render.htmlkit import Clock

        self.site = site
        self.api = Api(site)
        self.names = {c.id: c.name for c in site.config.components}
        self._incidents: dict[str, dict[str, Any]] = {}
        self._made: dict[tuple[str, str], Message] = {}
        self._clocks: dict[str, Clock] = {}

    def message(self, item: Item, language: str) -> Message:
        key = (item.key, language)
        found = self._made.get(key)
        if found is None:
            found = self._made[key] = self._compose(item, language)
        return found

    def _clock(self, language: str) -> Any:
        from generator.render.htmlkit import Clock

        clock = self._clocks.get(language)
        if clock is None:
            clock = self._clocks[language] = Clock(self.site.config.timezone, language)
        return clock

    def _compose(self, item: Item, language: str) -> Message:
        t = translator(language)
        site, incident, update = self.site, item.incident, item.update
        promise = ""
        if update.next_update is not None:
            promise = t("next_update", time=self._clock(language).text(update.next_update))
        return Message(
            incident_id=incident.id,
            incident_title=incident.title,
            update_index=update.index,
            status=update.status,
            status_label=t(update.status),
            impact=incident.impact,
            body=richtext.plain_blocks(update.message),
            body_markdown=update.message,
            url=update_url(site, incident, update),
            incident_url=paths.absolute(site.config.site_url, paths.incident_page(incident.id)),
            at=iso(update.at),
            next_update=promise,
            components=tuple((self.names.get(cid, cid), t(new)) for cid, _old, new in update.changes),
            language=language,
            site_name=site.config.site_name,
            site_url=site.config.site_url,
            payload=self.payload(item),
        )

    def payload(self, item: Item) -> dict[str, object]:
        """Statuspage's webhook body: ``meta``, ``page`` and the ``incident`` as of this update
        (the API's incident object, its ``incident_updates`` up to this one, newest first)."""
        incident, update = item.incident, item.update
        whole = self._incidents.get(incident.id)
        if whole is None:
            whole = self._incidents[incident.id] = self.api.incident(incident)
        shown = {
            e.id
            for e in self.api.entries[incident.id]
            if (e.at, e.auto) <= (update.at, False)
            and (e.auto or int(e.id.rsplit("-", 1)[1]) <= update.index + 1)
        }
        as_of = dict(whole)
        as_of["status"] = update.status
        as_of["incident_updates"] = [u for u in whole["incident_updates"] if u["id"] in shown]
        return {
            "meta": {"unsubscribe": None, "documentation": None},
            "page": {
                "id": self.api.page_id,
                "status_indicator": self.site.indicator,
                "status_description": self.site.description,
            },
            "incident": as_of,
        }
