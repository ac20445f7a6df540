"""The Jinja environment our page fragments are rendered with, and its filters."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import jinja2
from markupsafe import Markup

from .. import richtext
from ..i18n import translator
from ..times import human_duration, iso


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """An autoescaping environment over ``generator/templates/pages``."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates/pages"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["markdown"] = richtext.render
    env.filters["iso"] = iso
    env.filters["duration"] = lambda d: human_duration(d) if isinstance(d, timedelta) else ""
    return env


class Clock:
    """Formats times in the site timezone, always with the zone's name."""

    def __init__(self, tz: ZoneInfo) -> None:
        self.tz = tz

    def local(self, when: datetime) -> datetime:
        """``when`` in the site timezone."""
        return when.astimezone(self.tz)

    def text(self, when: datetime) -> str:
        """``22 Nov 2026, 10:20 CET``."""
        local = self.local(when)
        return f"{local.day} {local:%b %Y, %H:%M} {local.tzname()}"

    def short(self, when: datetime) -> str:
        """``10:20 CET``."""
        local = self.local(when)
        return f"{local:%H:%M} {local.tzname()}"

    def tag(self, when: datetime, short: bool = False) -> Markup:
        """A ``<time>`` element with the machine-readable instant."""
        shown = self.short(when) if short else self.text(when)
        return Markup('<time datetime="{}">{}</time>').format(iso(when), shown)

    def day(self, when: date | datetime) -> str:
        """``22 Nov 2026`` (a datetime is first moved to the site timezone)."""
        local = self.local(when) if isinstance(when, datetime) else when
        return f"{local.day} {local:%b %Y}"


def render(template: str, **context: object) -> str:
    """Render one page fragment."""
    language = str(context.get("language", "en"))
    return environment().get_template(template).render(t=translator(language), **context)
