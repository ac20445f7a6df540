"""Every UI string of ours, by language, and the locale data to format for it.

The strings live in ``generator/locales/<code>.json``, one flat object per
language with the keys of ``en.json``. A value is a string, or for a message
that counts something an object of CLDR plural categories (``one``,
``other``, ...: exactly the categories of that language). ``{name}``
placeholders are filled in by :class:`Translator`.

Outputs call :func:`translator` once per build and look words up by key, so
adding a language means adding a catalogue, not touching templates. A key
missing from a catalogue falls back to the base language (``pt`` for
``pt-BR``), then to English.

Dates, times and numbers are formatted with Babel (see
:class:`generator.render.htmlkit.Clock`); :func:`babel_locale` is the locale
used for a site language, and :func:`native_digits` writes digits the way the
locale's default numbering system does (Persian digits for ``fa``), which
Babel itself leaves to the caller.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from babel import Locale, UnknownLocaleError
from markupsafe import Markup, escape

Message = str | dict[str, str]

# Languages written right to left (as mkdocs-material's "direction": "rtl"; ku-IQ is Sorani Kurdish).
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ku-IQ"})

# English pages show day-month-year and a 24-hour clock ("22 Nov 2026, 10:20 CET"),
# unambiguous to readers everywhere; Babel's plain "en" is US English ("Nov 22, 2026, 10:20 AM").
BABEL_LOCALE = {"en": "en-GB"}

# The digits of the decimal numbering systems a default locale may use (CLDR numberingSystems).
_ZERO = {"arab": "\u0660", "arabext": "\u06f0", "beng": "\u09e6", "deva": "\u0966", "mymr": "\u1040"}


def _code(language: str) -> str:
    return (language or "en").replace("_", "-")


@cache
def catalogue(code: str) -> dict[str, Message] | None:
    """The messages of ``code`` (e.g. ``he``), or None when there is no such catalogue."""
    if not code or not all(part.isalnum() for part in code.split("-")):
        return None
    path = resources.files("generator").joinpath(f"locales/{code}.json")
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else None


def languages() -> list[str]:
    """Codes of every shipped catalogue, sorted."""
    folder = resources.files("generator").joinpath("locales")
    return sorted(p.name.removesuffix(".json") for p in folder.iterdir() if p.name.endswith(".json"))


def is_rtl(language: str) -> bool:
    """True for a language written right to left (``he``, ``fa``, ``ar``, ``fa-IR``...)."""
    code = _code(language)
    return code in RTL_LANGUAGES or code.split("-")[0] in RTL_LANGUAGES


@cache
def babel_locale(language: str) -> Locale:
    """The Babel locale a site in ``language`` is formatted with (English when unknown)."""
    code = _code(language)
    for candidate in (code, code.split("-")[0]):
        try:
            return Locale.parse(BABEL_LOCALE.get(candidate, candidate), sep="-")
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse(BABEL_LOCALE["en"], sep="-")


def native_digits(text: str, locale: Locale) -> str:
    """``text`` with ASCII digits written in the locale's default numbering system."""
    zero = _ZERO.get(locale.default_numbering_system)
    if zero is None:
        return text
    return text.translate({ord("0") + n: chr(ord(zero) + n) for n in range(10)})


def format_number(number: int, locale: Locale) -> str:
    """An integer with the locale's grouping and digits (``1,234``; ``۱٬۲۳۴`` in Persian)."""
    from babel.numbers import format_decimal

    return native_digits(format_decimal(number, locale=locale, numbering_system="default"), locale)


class Translator:
    """``t(key)`` -> the message in the site language; ``t(key, n=3, name=...)`` fills it in.

    With ``n`` a plural message takes the form for that count (CLDR rules of
    the catalogue the message comes from). Integers are written with the
    locale's digits. When a value is :class:`~markupsafe.Markup` (a ``<time>``
    element) the result is Markup too, with the message itself escaped.
    """

    def __init__(self, language: str) -> None:
        code = _code(language)
        self.language = code
        self.locale = babel_locale(code)
        chain = [code, code.split("-")[0], "en"]
        self._chain = [(c, found) for c in dict.fromkeys(chain) if (found := catalogue(c)) is not None]

    def message(self, key: str) -> tuple[Message, str] | None:
        """The raw message for ``key`` and the code of the catalogue that has it."""
        for code, messages in self._chain:
            found = messages.get(key)
            if found:
                return found, code
        return None

    def __call__(self, key: str, **values: object) -> str:
        found = self.message(key)
        if found is None:
            return key
        message, code = found
        if isinstance(message, dict):
            count = values.get("n")
            form = babel_locale(code).plural_form(count) if isinstance(count, int) else "other"
            message = message.get(form) or message.get("other") or next(iter(message.values()))
        if not values:
            return message
        markup = any(isinstance(v, Markup) for v in values.values())
        text = str(escape(message)) if markup else message
        for name, value in values.items():
            if isinstance(value, int) and not isinstance(value, bool):
                shown = format_number(value, self.locale)
            else:
                shown = str(value) if not markup or isinstance(value, Markup) else str(escape(value))
            text = text.replace("{" + name + "}", shown)
        return Markup(text) if markup else text


@cache
def translator(language: str) -> Translator:
    """A lookup for ``language`` (e.g. ``he`` or ``pt-BR``), falling back to English per key."""
    return Translator(language)
