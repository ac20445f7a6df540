"""An incident page: the view ``incident.html`` shows, and the page stamped from it.

:func:`view` reads the model and prepares every value the page prints
(times, badges, share panels, the timeline); :func:`page` renders it through
:class:`~.views.ViewTemplate`, so a page costs a few string joins once a site's
first page of the same shape has been rendered.
"""

from __future__ import annotations

import json
from functools import lru_cache

from markupsafe import Markup

from .. import paths, richtext, urls
from ..model import Component, Incident, Site
from ..render.htmlkit import site_clock
from ..render.macros import module
from ..render.views import View, ViewTemplate
from ..video import embed
from .share_panels import Panels
from .timeline import timeline

BASE = "../../"  # incident pages live at incidents/<id>/
_TEMPLATE = ViewTemplate("incident.html")


@lru_cache(maxsize=16)
def _names(components: tuple[Component, ...]) -> dict[str, str]:
    return {c.id: c.name for c in components}


def view(site: Site, incident: Incident) -> View:
    """Everything ``incident.html`` prints for ``incident``: strings (empty: not shown), flags, tuples."""
    config, language = site.config, site.config.language
    clock, m = site_clock(config.timezone, language), module("_macros.html", language)
    names = _names(config.components)
    url = paths.absolute(config.site_url, paths.incident_page(incident.id))
    panels = Panels(config.share, language, url, incident.title) if config.share else None
    window, latest = incident.maintenance, incident.latest
    contact = incident.contact or config.contact
    contact_href = urls.allowed(contact, "contact") or ""  # the one URL policy (generator/urls.py)
    video_href = urls.allowed(incident.video, "video") or "" if incident.video else ""
    video = embed(video_href) if video_href else None
    return {
        "impact": incident.impact,
        "title": incident.title,
        "status": m.status(incident.status),
        "impact_badge": m.impact(incident.impact),
        "maintenance": window is not None,
        "window_start": clock.tag(window.start) if window else "",
        "window_end": clock.tag(window.end) if window else "",
        "started": "" if window or incident.started_at is None else clock.tag(incident.started_at),
        "resolved": "" if window or incident.resolved_at is None else clock.tag(incident.resolved_at),
        "duration": clock.duration(incident.duration) if not window and incident.duration else "",
        "affected": tuple(names[cid] for cid in incident.affected),
        "next_update": module("_crisis.html", language).next_update(latest.next_update, clock)
        if incident.is_open and latest.next_update
        else "",
        "calendar": window is not None and incident.is_open,
        "share": panels.page() if panels else "",
        "contact": contact,
        "contact_href": contact_href,
        "contact_shown": urls.without_scheme(contact_href) if contact_href else contact,
        "timeline": timeline(incident, names, clock, language, panels),
        "video": video_href,
        "video_src": video.src if video else "",
        "video_provider": video.provider if video else "",
        "has_transcript": bool(incident.transcript),
        "transcript": richtext.render(incident.transcript) if incident.video and incident.transcript else "",
        "faq": tuple((item.q, richtext.render(item.a)) for item in incident.faq),
        "has_postmortem": bool(incident.postmortem),
        "postmortem": richtext.render(incident.postmortem) if incident.postmortem else "",
        "faq_jsonld": faq_jsonld(incident) or "",
        "example": config.example_clock,
    }


def page(site: Site, incident: Incident) -> str:
    """The content of ``incident``'s page."""
    return str(_TEMPLATE.render(view(site, incident), language=site.config.language, base=BASE))


def page_directly(site: Site, incident: Incident) -> str:
    """:func:`page` rendered by Jinja without stamps (the reference the stamps must equal)."""
    return _TEMPLATE.render_directly(view(site, incident), language=site.config.language, base=BASE)


def faq_jsonld(incident: Incident) -> Markup | None:
    """schema.org FAQPage data for search engines; safe inside a <script> element."""
    if not incident.faq:
        return None
    data = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": item.q,
                "acceptedAnswer": {"@type": "Answer", "text": str(richtext.render(item.a))},
            }
            for item in incident.faq
        ],
    }
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
