"""Languages (issue 6, items 1 and 2): message catalogues, Babel formatting, right to left.

A Hebrew site must show no English UI word of ours; an English site shows
them. Catalogues all have the keys of ``en.json``. Times are shown in the
site timezone with the zone's name, in the language's own format (Babel /
CLDR), while ``<time datetime>`` stays ISO 8601.

What the visible-text checks leave out, and why:

- ``.md-copyright``: mkdocs-material's footer credit "Made with Material for
  MkDocs", hard-coded English in material's ``partials/copyright.html`` (it
  is in none of material's translations);
- ``<script>``, ``<style>``, ``<template>``: not shown;
- the site name "Test Status" (fixed by ``conftest.mkdocs_yml``) and the
  contact address: the site author's words, not ours.

The test sites have a ``nav:`` in their language; without one statuskit titles
its pages from the catalogue (see ``test_no_nav_titles_are_not_english`` and
``tests/test_chrome_language.py``).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel import Locale
from bs4 import BeautifulSoup

from generator import share
from generator.i18n import babel_locale, is_rtl, languages, translator
from generator.render.htmlkit import Clock

LANGUAGES = ("en", "id", "he", "fa", "hu", "de", "fr", "es", "pt", "ar", "ja")
RTL = ("he", "fa", "ar")

# Our English UI words; none may appear on a page in another language.
ENGLISH_WORDS = (
    "Operational",
    "Degraded performance",
    "Major outage",
    "Investigating",
    "Identified",
    "Monitoring",
    "Resolved",
    "Scheduled",
    "Components",
    "Open incidents",
    "Upcoming maintenance",
    "Past incidents",
    "Timeline",
    "Share",
    "Copy link",
    "Email",
    "Next update",
    "uptime",
    "days ago",
    "Today",
    "History",
    "Impact",
    "Duration",
    "Started",
    "Affected components",
    "Follow updates",
    "Questions",
    "Statement",
    "Transcript",
    "Post-incident review",
    "Back to the current status",
    "Link to this update",
    "Add to calendar",
    "Maintenance",
    "No incidents",
    "incident",
    "hours",
    "minutes",
)
# Names that stay as they are in every language (brands, formats) and the test site's own words.
LATIN_ALLOWED = {
    "X", "Facebook", "LinkedIn", "Bluesky", "Mastodon", "WhatsApp", "Telegram", "Reddit",
    "RSS", "Atom", "iCalendar", "JSON", "API", "Statuspage", "v2", "YouTube",
}  # fmt: skip
SITE_NAME = "Test Status"

OPEN = "2026-11-23-api-errors"
PAST = "2026-11-18-dashboard-slow"
PLANNED = "2026-12-05-mail-upgrade"


def incidents(lang: str) -> dict[str, str]:
    """Three incident files with titles and messages in ``lang`` (he, fa or ar)."""
    words = {
        "he": ["שגיאות בממשק התכנות", "האטה בלוח הבקרה", "שדרוג שרת הדואר", "אנחנו בודקים.",
               "האם המידע בטוח?"],
        "fa": ["خطا در رابط برنامه‌نویسی", "کندی داشبورد", "ارتقای سرور ایمیل", "در حال بررسی هستیم.",
               "آیا داده‌ها امن است؟"],
        "ar": ["أخطاء في واجهة البرمجة", "بطء لوحة التحكم", "ترقية خادم البريد", "نحن نتحقق من الأمر.",
               "هل البيانات آمنة؟"],
        "en": ["Errors in the programming interface", "Slow dashboard", "Mail server upgrade",
               "We are checking.", "Is the data safe?"],
    }[lang]  # fmt: skip
    first, second, third, message, question = words
    return {
        f"{OPEN}.yaml": f"""
            title: {first}
            impact: major
            components:
              api: major_outage
            updates:
              - at: 2026-11-23T08:10:00Z
                status: investigating
                message: {message}
                next_update: 2026-11-23T09:00:00Z
              - at: 2026-11-23T09:05:00Z
                status: identified
                message: {message}
                next_update: 2026-11-23T14:00:00Z
            faq:
              - q: {question}
                a: {message}
            video: https://www.youtube.com/watch?v=dQw4w9WgXcQ
            transcript: {message}
            """,
        f"{PAST}.yaml": f"""
            title: {second}
            impact: minor
            components:
              dashboard: degraded_performance
            updates:
              - at: 2026-11-18T08:00:00Z
                status: investigating
                message: {message}
              - at: 2026-11-18T09:00:00Z
                status: monitoring
                message: {message}
              - at: 2026-11-18T13:40:00Z
                status: resolved
                message: {message}
            postmortem: {message}
            """,
        f"{PLANNED}.yaml": f"""
            title: {third}
            maintenance:
              start: 2026-12-05T01:00:00Z
              end: 2026-12-05T03:00:00Z
            components: [mail]
            updates:
              - at: 2026-11-20T09:00:00Z
                status: scheduled
                message: {message}
            """,
    }


COMPONENTS = {  # api, dashboard, its description, mail, group; nav: home, history, FAQ
    "he": ["ממשק התכנות", "לוח הבקרה", "אפליקציית הרשת", "דואר", "פלטפורמה",
           "מצב", "היסטוריה", "שאלות נפוצות"],
    "fa": ["رابط برنامه‌نویسی", "داشبورد", "برنامه وب", "ایمیل", "سکو",
           "وضعیت", "تاریخچه", "پرسش‌ها"],
    "ar": ["واجهة البرمجة", "لوحة التحكم", "تطبيق الويب", "البريد", "المنصة",
           "الحالة", "السجل", "الأسئلة"],
    "en": ["Programming interface", "Dashboard", "The web app", "Mail", "Platform",
           "Status", "History", "FAQ"],
}  # fmt: skip


def build(make_site, lang: str, timezone: str = "UTC", nav: bool = True) -> Path:
    """A site in ``lang`` (its incidents, components, nav and FAQ in that language), built."""
    api, dash, desc, mail, group, home, history, faq = COMPONENTS.get(lang, COMPONENTS["en"])
    components = f"""
        - id: api
          name: {api}
          group: {group}
        - id: dashboard
          name: {dash}
          group: {group}
          description: {desc}
        - id: mail
          name: {mail}
"""
    site = make_site(incidents(lang if lang in COMPONENTS else "en"), components=components,
                     language=lang, timezone=timezone)  # fmt: skip
    if nav:
        site.config.write_text(
            site.config.read_text(encoding="utf-8")
            + f"nav:\n  - {home}: index.md\n  - {history}: history/index.md\n  - {faq}: faq.md\n",
            encoding="utf-8",
        )
    (site.root / "site_src" / "faq.md").write_text(f"# {faq}\n\n{desc}\n", encoding="utf-8")
    return site.build()


PAGES = (
    "index.html",
    f"incidents/{OPEN}/index.html",
    f"incidents/{PAST}/index.html",
    f"incidents/{PLANNED}/index.html",
    "history/index.html",
    "history/2026/index.html",
    "faq/index.html",
)


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def visible_text(soup: BeautifulSoup) -> str:
    """The body's text as a reader sees it, without material's footer credit (see the module doc)."""
    body = soup.body
    assert body is not None
    for node in body.select("script, style, template, .md-copyright"):
        node.decompose()
    shown = " ".join(body.get_text(" ", strip=True).split())
    return shown.replace(SITE_NAME, " ").replace("help@example.com", " ")


def labels(soup: BeautifulSoup) -> str:
    """Texts given to assistive technology and tooltips: aria-label, title, alt, data-copied."""
    out = []
    for attr in ("aria-label", "title", "alt", "data-copied", "placeholder"):
        out += [str(el[attr]) for el in soup.find_all(attrs={attr: True})]
    return " ".join(out).replace(SITE_NAME, " ")


def english_words(text: str) -> list[str]:
    return [w for w in ENGLISH_WORDS if re.search(rf"\b{re.escape(w)}", text, re.IGNORECASE)]


@pytest.fixture
def hebrew(make_site) -> Path:
    return build(make_site, "he", timezone="Asia/Jerusalem")


# ----------------------------------------------------------------- a Hebrew site


def test_hebrew_site_is_rtl_and_has_no_english_ui_words(hebrew):
    for rel in PAGES:
        soup = soup_of(hebrew / rel)
        assert soup.html.get("lang") == "he", rel
        assert soup.html.get("dir") == "rtl", rel
        assert soup.body.get("dir") == "rtl", rel
        shown = visible_text(soup)
        assert not english_words(shown), f"{rel}: English UI words {english_words(shown)} in {shown!r}"
        assert not english_words(labels(soup)), f"{rel}: English in labels: {labels(soup)!r}"
        latin = set(re.findall(r"[A-Za-z][A-Za-z0-9]*", shown)) - LATIN_ALLOWED
        assert not latin, f"{rel}: untranslated Latin-script words {sorted(latin)}"


def test_hebrew_times_in_the_site_timezone_with_its_name(hebrew):
    soup = soup_of(hebrew / f"incidents/{OPEN}/index.html")
    times = soup.select("article time")
    assert times
    for tag in times:
        when = datetime.fromisoformat(tag["datetime"].replace("Z", "+00:00"))  # still ISO 8601
        shown = tag.get_text()
        local = when.astimezone(ZoneInfo("Asia/Jerusalem"))
        assert f"{local:%H:%M}".lstrip("0") in shown, shown
        assert "שעון ישראל" in shown, shown  # the zone's name, in Hebrew
    promise = soup.select_one(".sk-next")
    assert promise is not None and promise.get_text(" ", strip=True).startswith("העדכון הבא עד")


def test_hebrew_page_titles_and_months(hebrew):
    assert soup_of(hebrew / "history/2026/index.html").title.get_text().startswith("היסטוריה 2026")
    assert soup_of(hebrew / "history/index.html").title.get_text().startswith("היסטוריה")
    history = soup_of(hebrew / "history/index.html")
    assert "נובמבר 2026" in [h.get_text() for h in history.select("h2")]
    home = soup_of(hebrew / "index.html")
    assert home.select_one(".sk-uptime__axis").get_text(" ", strip=True) == "לפני 90 ימים היום"
    pct = home.select_one("#uptime-mail .sk-uptime__pct").get_text()
    assert pct == "זמינות 100.00%"


def test_no_nav_titles_are_not_english(make_site):
    site = build(make_site, "he", nav=False)
    shown = visible_text(soup_of(site / "index.html"))
    assert not re.search(r"\b(Home|History)\b", shown), shown


# ----------------------------------------------------------------- English, Persian, Arabic


def test_english_site_has_the_words(make_site):
    site = build(make_site, "en", timezone="Europe/Budapest")
    shown = " ".join(visible_text(soup_of(site / rel)) for rel in PAGES)
    for word in ("Operational", "Investigating", "Resolved", "Components", "Timeline", "Share",
                 "Next update", "uptime", "days ago", "Scheduled", "History"):  # fmt: skip
        assert re.search(rf"\b{word}", shown), word
    home = soup_of(site / "index.html")
    assert home.html.get("lang") == "en" and home.html.get("dir") in (None, "ltr")
    assert "23 Nov 2026, 10:05 CET" in visible_text(home)  # the open incident's latest update
    assert soup_of(site / "history/2026/index.html").title.get_text().startswith("History 2026")


@pytest.mark.parametrize("lang", ["fa", "ar"])
def test_persian_and_arabic_sites_are_rtl(make_site, lang):
    site = build(make_site, lang, timezone="Asia/Tehran")
    t = translator(lang)
    for rel in PAGES:
        soup = soup_of(site / rel)
        assert soup.html.get("lang") == lang and soup.html.get("dir") == "rtl", rel
        shown = visible_text(soup)
        assert not english_words(shown), f"{rel}: {english_words(shown)}"
    home = visible_text(soup_of(site / "index.html"))
    assert t("components") in home and t("indicator_major") in home
    if lang == "fa":  # Persian digits, as CLDR's default numbering system for fa
        assert "۹۰" in home and "۲۰۲۶" in home


# ----------------------------------------------------------------- catalogues


def catalogue(code: str) -> dict:
    path = resources.files("generator").joinpath(f"locales/{code}.json")
    return json.loads(path.read_text(encoding="utf-8"))


def placeholders(message) -> set[str]:
    texts = message.values() if isinstance(message, dict) else [message]
    return {name for text in texts for name in re.findall(r"\{(\w+)\}", text)}


def test_every_language_has_a_catalogue():
    assert set(languages()) == set(LANGUAGES)
    material = resources.files("material").joinpath("templates/partials/languages")
    for code in LANGUAGES:
        assert material.joinpath(f"{code}.html").is_file(), f"mkdocs-material has no {code}"


@pytest.mark.parametrize("code", LANGUAGES)
def test_catalogue_has_exactly_the_english_keys(code):
    english, found = catalogue("en"), catalogue(code)
    assert sorted(found) == sorted(english), (
        f"{code}.json: missing {sorted(set(english) - set(found))}, extra {sorted(set(found) - set(english))}"
    )
    categories = Locale.parse(code).plural_form.tags | {"other"}
    for key, message in found.items():
        assert isinstance(message, type(english[key])), key
        if isinstance(message, dict):
            assert set(message) == categories, f"{code}.json {key}: plural forms {sorted(message)}"
            assert all(isinstance(v, str) and v.strip() for v in message.values()), key
        else:
            assert isinstance(message, str) and message.strip(), key
        used = placeholders(message)
        assert used <= placeholders(english[key]), f"{code}.json {key}: unknown placeholder {used}"
        if not isinstance(message, dict):  # a plural form may spell the number out ("يومين")
            assert used == placeholders(english[key]), f"{code}.json {key}: placeholders {used}"


def test_translator_falls_back_per_key_and_by_region():
    assert translator("pt-BR")("operational") == catalogue("pt")["operational"]
    assert translator("pt_BR")("operational") == catalogue("pt")["operational"]
    assert translator("xx")("operational") == "Operational"
    assert translator("he")("no_such_key") == "no_such_key"
    assert translator("he")("uptime_days_ago", n=1) == "לפני יום"
    assert translator("he")("uptime_days_ago", n=2) == "לפני יומיים"
    assert translator("ar")("uptime_days_ago", n=90) == "قبل 90 يومًا"
    assert translator("fa")("uptime_days_ago", n=90) == "۹۰ روز پیش"
    assert translator("en")("uptime_days_ago", n=1) == "1 day ago"
    assert is_rtl("he") and is_rtl("fa") and is_rtl("ar") and not is_rtl("en") and not is_rtl("ja")
    assert str(babel_locale("pt-BR")) == "pt_BR" and str(babel_locale("xx")) == "en_GB"


def test_share_labels_are_translated():
    links = share.links(("x", "email", "copy"), "https://e/", "t", translator("he"))
    assert {link.target: link.label for link in links} == {"x": "X", "email": "דוא״ל", "copy": "העתקת קישור"}
    assert share.links(("email",), "https://e/", "t")[0].label == "Email"


# ----------------------------------------------------------------- Babel formatting

WINTER = datetime(2026, 11, 22, 9, 20, tzinfo=UTC)
SUMMER = datetime(2026, 7, 22, 9, 20, tzinfo=UTC)


@pytest.mark.parametrize(
    ("lang", "zone", "when", "expected"),
    [
        ("en", "Europe/Budapest", WINTER, "22 Nov 2026, 10:20 CET"),
        ("en", "Europe/Budapest", SUMMER, "22 Jul 2026, 11:20 CEST"),
        ("de", "Europe/Berlin", WINTER, "22. Nov. 2026, 10:20 MEZ"),
        ("de", "Europe/Berlin", SUMMER, "22. Juli 2026, 11:20 MESZ"),
        ("he", "Asia/Jerusalem", WINTER, "22 בנוב׳ 2026, 11:20 שעון ישראל (חורף)"),
        ("he", "Europe/Budapest", SUMMER, "22 ביולי 2026, 11:20 שעון מרכז אירופה (קיץ)"),
        ("ja", "Asia/Tokyo", WINTER, "2026年11月22日 18:20 JST"),
        ("ja", "Europe/Budapest", WINTER, "2026年11月22日 10:20 中央ヨーロッパ標準時"),
        ("fa", "Asia/Tehran", WINTER, "۲۲ نوامبر ۲۰۲۶،\u200f ۱۲:۵۰ وقت عادی ایران"),
        ("ar", "Asia/Tehran", WINTER, "22 نوفمبر 2026، 12:50 م توقيت إيران الرسمي"),
        ("hu", "Europe/Budapest", WINTER, "2026. nov. 22. 10:20 CET"),
        ("fr", "UTC", WINTER, "22 nov. 2026, 09:20 TU"),
    ],
)
def test_clock_formats_a_known_instant(lang, zone, when, expected):
    assert Clock(ZoneInfo(zone), lang).text(when) == expected


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("zone", ["UTC", "Europe/Budapest", "Asia/Tehran", "America/Sao_Paulo", "Etc/GMT-3"])
def test_every_time_names_its_zone(lang, zone):
    clock = Clock(ZoneInfo(zone), lang)
    shown = clock.short(WINTER)
    name = shown.split(" ", 1)[1] if lang != "ar" else shown.split(" ", 2)[2]
    assert re.search(r"[^\W\d_]", name), f"{lang} {zone}: no zone name in {shown!r}"
    assert clock.tag(WINTER).startswith('<time datetime="2026-11-22T09:20:00Z">')


def test_days_months_numbers_durations():
    he, ja, de, en = (Clock(ZoneInfo("UTC"), code) for code in ("he", "ja", "de", "en"))
    assert en.day(date(2026, 11, 12)) == "12 Nov 2026"
    assert de.day(date(2026, 11, 12)) == "12. Nov. 2026"
    assert ja.day(date(2026, 11, 12)) == "2026年11月12日"
    assert he.month(2026, 11) == "נובמבר 2026" and en.month(2026, 11) == "November 2026"
    assert ja.month(2026, 11) == "2026年11月"
    assert en.percent("99.67") == "99.67%" and en.percent(Decimal("100.00")) == "100.00%"
    assert de.percent("99.67") == "99,67\u00a0%"
    assert Clock(ZoneInfo("UTC"), "fa").percent("99.67") == "۹۹٫۶۷٪"
    assert en.duration(timedelta(hours=5, minutes=40)) == "5 hours 40 minutes"
    assert en.duration(timedelta(days=3, hours=4)) == "3 days 4 hours"
    assert en.duration(timedelta(minutes=45)) == "45 minutes"
    assert de.duration(timedelta(hours=1)) == "1 Stunde"
    assert he.duration(timedelta(hours=2)) == "שעתיים"
    assert ja.duration(timedelta(hours=5, minutes=40)) == "5 時間 40 分"
    assert Clock(ZoneInfo("UTC"), "ar").duration(timedelta(hours=5, minutes=40)) == "5 ساعات و40 دقيقة"
    assert en.number(1234) == "1,234" and Clock(ZoneInfo("UTC"), "fa").number(1234) == "۱٬۲۳۴"
