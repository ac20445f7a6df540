"""The Jinja environment our page fragments are rendered with, and its filters."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

import jinja2
from babel import Locale
from babel.dates import format_datetime, get_timezone_name, match_skeleton
from babel.dates import parse_pattern as parse_pattern_dates
from babel.numbers import format_decimal, parse_pattern
from babel.units import format_unit
from markupsafe import Markup, escape

from .. import richtext, template_cache
from ..i18n import babel_locale, native_digits, translator
from ..times import iso

_MISSING = object()
INSTANTS_REMEMBERED = 4096  # texts per instant kept by a Clock: a page's and its neighbours', not all history


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """An autoescaping environment over ``generator/templates/pages``."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates/pages"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,  # package templates do not change while we run: no stat() per render
        bytecode_cache=template_cache.LayeredBytecodeCache(),  # the package's own templates
    )
    env.filters["markdown"] = richtext.render
    env.filters["iso"] = iso
    env.filters["duration"] = _duration_filter
    return env


@jinja2.pass_context
def _duration_filter(context: jinja2.runtime.Context, delta: object) -> str:
    """``{{ delta | duration }}``: in the language of the page's ``clock`` (English without one)."""
    clock = context.get("clock")
    return (clock if isinstance(clock, Clock) else Clock(ZoneInfo("UTC"))).duration(delta)


@lru_cache(maxsize=64)
def _patterns(locale: Locale) -> tuple[str, str, str, str]:
    """(day, time, date-and-time glue, month) patterns of ``locale``."""

    def skeleton(name: str) -> str:
        found = name if name in locale.datetime_skeletons else match_skeleton(name, locale.datetime_skeletons)
        pattern = locale.datetime_skeletons.get(found) if found else None
        return getattr(pattern, "pattern", None) or "d MMM y"

    time = locale.time_formats["short"]
    glue = locale.datetime_formats.get("medium") or "{1} {0}"
    return skeleton("yMMMd"), getattr(time, "pattern", str(time)), str(glue), skeleton("yMMMM")


# Babel's pattern fields that read only the date, or only the time of day (dates.DateTimeFormat).
_DATE_FIELDS = frozenset("GyYuQqMLwWdDFgEec")
_CLOCK_FIELDS = frozenset("abBhHKkmsSA")


@lru_cache(maxsize=256)
def _pattern_shows(pattern: str) -> str:
    """``date``: a pattern of date fields only (``d MMM y``); ``clock``: of time-of-day ones; else ``""``."""
    fields = set(re.findall(r"%\((\w)", str(parse_pattern_dates(pattern).format)))
    return "date" if fields <= _DATE_FIELDS else "clock" if fields <= _CLOCK_FIELDS else ""


@lru_cache(maxsize=1024)
def _unit(count: int, unit: str, locale: Locale) -> str:
    """``5 hours``: the widest unit form Babel has for ``locale`` (some lengths lack data)."""
    for length in ("long", "short", "narrow"):
        text = format_unit(count, unit, length=length, locale=locale, numbering_system="default")
        if unit not in text:  # Babel falls back to the unit's id when a length has no pattern
            return native_digits(text, locale)
    return native_digits(f"{count} {unit.removeprefix('duration-')}", locale)


def _join_units(parts: list[str], locale: Locale) -> str:
    """Units joined with CLDR's list pattern for units (Babel lacks some styles' data).

    The narrow style where the locale has one (``5 hours 40 minutes``,
    ``5 ساعات و40 دقيقة``), else the short one (``5 Stunden, 40 Minuten``); a
    pattern that glues units without a space (Japanese narrow ``{0}{1}``, made
    for symbols like ``5h40m``) is skipped (``5 時間 40 分``).
    """
    if len(parts) == 1:
        return parts[0]
    pair = "{0} {1}"
    for style in ("unit-narrow", "unit-short"):
        patterns = locale.list_patterns.get(style) or {}
        found = patterns.get("2") or patterns.get("end")
        if found and " " in found:
            pair = found
            break
    text = parts[0]
    for part in parts[1:]:
        text = pair.replace("{0}", text).replace("{1}", part)
    return text


class Clock:
    """Formats times in the site timezone and language, always with the zone's name.

    Dates, times, numbers and durations come from Babel's locale data for the
    site language (see :func:`generator.i18n.babel_locale`), written with the
    locale's own digits. Nothing here reads the clock: the same instant gives
    the same text, so each text is made once per value and remembered.
    """

    def __init__(self, tz: ZoneInfo, language: str = "en") -> None:
        self.tz = tz
        self.language = language
        self.locale = babel_locale(language)
        self._day, self._time, self._glue, self._month = _patterns(self.locale)
        # Remembered texts: by (pattern, shown part of the value), by instant (see _instant).
        self._formats: dict[tuple[str, object], str] = {}
        self._texts: dict[Hashable, str] = {}
        self._shorts: dict[Hashable, str] = {}
        self._tags: dict[Hashable, Markup] = {}
        self._short_tags: dict[Hashable, Markup] = {}
        self._memo: dict[tuple[object, ...], Any] = {}

    def _remember(self, key: tuple[object, ...], make: Callable[..., Any], *args: Any) -> Any:
        found = self._memo.get(key, _MISSING)
        if found is _MISSING:
            found = self._memo[key] = make(*args)
        return found

    def local(self, when: datetime) -> datetime:
        """``when`` in the site timezone."""
        return when.astimezone(self.tz)

    def _format(self, value: date | datetime, pattern: str) -> str:
        """``value`` in ``pattern``, remembered by the part of ``value`` the pattern shows.

        A pattern of date fields only gives the same text for every time of a
        day, one of clock fields only for every day at a time of day.
        """
        shows = _pattern_shows(pattern)
        if shows == "date":
            part: object = value.date() if isinstance(value, datetime) else value
        elif shows == "clock" and isinstance(value, datetime):
            part = value.time()
        else:
            return self._format_now(value, pattern)
        found = self._formats.get((pattern, part))
        if found is None:
            found = self._formats[pattern, part] = self._format_now(value, pattern)
        return found

    def _format_now(self, value: date | datetime, pattern: str) -> str:
        return native_digits(format_datetime(value, pattern, locale=self.locale), self.locale)

    def zone(self, local: datetime) -> str:
        """The name of the site timezone at ``local``, as readers of the language know it.

        The locale's abbreviation when it has one (``CET``, ``MEZ``, ``JST``,
        ``UTC``); in English the tz database's (``CEST``, ``IST``); otherwise
        the locale's full name (``שעון ישראל (קיץ)``, ``heure normale d’Europe centrale``).
        Never a bare offset.
        """
        # Babel names a zone by its tz key, whether it is in daylight time, and else its offset.
        key = ("zone", local.tzinfo, local.tzname(), local.utcoffset(), local.dst())
        return self._remember(key, self._zone, local)

    def _zone(self, local: datetime) -> str:
        abbreviation = local.tzname() or ""
        if self.locale.language == "en" and abbreviation.isalpha():
            return abbreviation
        short = get_timezone_name(local, "short", locale=self.locale)
        if short and not any(char.isdigit() for char in short):
            return short
        return native_digits(get_timezone_name(local, "long", locale=self.locale), self.locale)

    def short(self, when: datetime) -> str:
        """``10:20 CET``."""
        key = _instant(when)
        found = self._shorts.get(key)
        return found if found is not None else self._short(key, self.local(when))

    def _short(self, key: Hashable, local: datetime) -> str:
        _make_room(self._shorts)
        found = self._shorts[key] = f"{self._format(local, self._time)} {self.zone(local)}"
        return found

    def text(self, when: datetime) -> str:
        """``22 Nov 2026, 10:20 CET`` (``22. Nov. 2026, 10:20 MEZ`` in German)."""
        key = _instant(when)
        found = self._texts.get(key)
        if found is None:
            _make_room(self._texts)
            local = self.local(when)
            short = self._shorts.get(key) or self._short(key, local)
            day = self._format(local, self._day)
            found = self._texts[key] = self._glue.replace("{1}", day).replace("{0}", short)
        return found

    def tag(self, when: datetime, short: bool = False) -> Markup:
        """A ``<time>`` element with the machine-readable instant."""
        tags = self._short_tags if short else self._tags
        key = _instant(when)
        found = tags.get(key)
        if found is None:
            _make_room(tags)
            shown = self.short(when) if short else self.text(when)
            found = tags[key] = Markup(f'<time datetime="{escape(iso(when))}">{escape(shown)}</time>')
        return found

    def day(self, when: date | datetime) -> str:
        """``22 Nov 2026`` (a datetime is first moved to the site timezone)."""
        return self._format(self.local(when) if isinstance(when, datetime) else when, self._day)

    def month(self, year: int, month: int) -> str:
        """``November 2026``."""
        return self._format(date(year, month, 1), self._month)

    def year(self, year: int) -> str:
        """``2026`` in the locale's digits (no grouping)."""
        return native_digits(str(year), self.locale)

    def number(self, value: int) -> str:
        """``1,234`` with the locale's separators and digits."""
        text = format_decimal(value, locale=self.locale, numbering_system="default")
        return native_digits(text, self.locale)

    def percent(self, value: str | Decimal) -> str:
        """A percentage given as its number (``"99.87"``) shown with two decimals: ``99.87%``.

        The number is neither rounded nor recomputed, only written the
        locale's way (``99,87 %`` in German, ``۹۹٫۸۷٪`` in Persian).
        """
        system = self.locale.default_numbering_system
        number = format_decimal(Decimal(value), "0.00", locale=self.locale, numbering_system="default")
        pattern = parse_pattern(self.locale.percent_formats[None].pattern)
        sign = self.locale.number_symbols.get(system, {}).get("percentSign", "%")
        prefix = pattern.prefix[0].replace("%", sign)
        suffix = pattern.suffix[0].replace("%", sign)
        return native_digits(f"{prefix}{number}{suffix}", self.locale)

    def duration(self, delta: object) -> str:
        """``5 hours 40 minutes``, ``3 days 4 hours``, ``45 minutes``; empty for a non-timedelta."""
        if not isinstance(delta, timedelta):
            return ""
        return self._remember(("duration", delta), self._duration, delta)

    def _duration(self, delta: timedelta) -> str:
        minutes = int(delta.total_seconds() // 60)
        days, rest = divmod(minutes, 24 * 60)
        hours, mins = divmod(rest, 60)
        if days:
            amounts = [(days, "duration-day"), (hours, "duration-hour")]
        elif hours:
            amounts = [(hours, "duration-hour"), (mins, "duration-minute")]
        else:
            amounts = [(mins, "duration-minute")]
        parts = [_unit(n, unit, self.locale) for n, unit in amounts if n or len(amounts) == 1]
        return _join_units(parts, self.locale)


def _instant(when: datetime) -> Hashable:
    """The memo key of ``when``: itself in UTC, else with its offset (iso() writes it, and datetimes
    of one zone compare equal across a DST fold)."""
    return when if when.tzinfo is UTC else (when, when.utcoffset())


def _make_room(memo: dict) -> None:
    """Forget every remembered text of ``memo`` once it holds :data:`INSTANTS_REMEMBERED`."""
    if len(memo) >= INSTANTS_REMEMBERED:
        memo.clear()


@lru_cache(maxsize=16)
def site_clock(tz: ZoneInfo, language: str = "en") -> Clock:
    """The shared :class:`Clock` of a timezone and language (its texts are remembered across pages)."""
    return Clock(tz, language)


def render(template: str, **context: object) -> str:
    """Render one page fragment."""
    language = str(context.get("language", "en"))
    return environment().get_template(template).render(t=translator(language), **context)
