"""Reach every reader (issue 6, items 2-8), in headless Chromium (tests/browser.py).

The repository's example site in English (conftest's ``example_site``) and the same
site with ``theme.language: he`` are served on 127.0.0.1 and checked for: the reader's
own time and the relative time beside every site-timezone time (statuskit.js); axe-core
(WCAG 2.1 A/AA) on the home, an incident, the history and the FAQ page in light and
dark mode; every fact readable without JavaScript; dark mode following
``prefers-color-scheme`` with a toggle; no request to any other host and the home
page's compressed weight; phones at 375 px (no sideways scrolling, 24 px touch
targets); screenshots of the home and an incident page in English and Hebrew, light
and dark (``test-artifacts/reach-*.png``).
"""

from __future__ import annotations

import gzip
import itertools
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import browser
import pytest
from browser import open_page, screenshot, serve
from conftest import REPO, TestSite, mkdocs_yml

chromium = browser.chromium  # the session's headless Chromium (a fixture: pytest finds it here)

BREACH = "2026-11-20-store-payment-card-breach"  # open, critical; its latest update below
LATEST = datetime(2026, 11, 22, 11, 10, tzinfo=UTC)  # shown as "22 Nov 2026, 12:10 CET"
PAGES = {
    "home": "",
    "incident": f"incidents/{BREACH}/",
    "history": "history/",
    "faq": "faq/",
}
SCHEMES = ["light", "dark"]
LANGUAGES = ["en", "he"]
BUDGET = 100_000  # bytes, gzip -9 of every response the home page makes with JavaScript on

# No waiver for the theme's markup: what we ship is ours, and its findings are fixed through the
# theme layer (generator/templates/theme/), e.g. the search dialog's name (partials/search.html).
# Ours, by design (moderate): axe counts a skip link as one only before the page's first other link;
# ours follows the incident banner's one link (material's banner comes before any block of ours
# in <body>, and the banner must hold exactly that link), so "region" reports it outside landmarks.
BY_DESIGN = {("region", ".md-skip")}
# Rules about page structure that must pass outright (any impact), not only above "moderate".
STRUCTURE = {"bypass", "region", "landmark-one-main", "landmark-unique", "landmark-no-duplicate-main",
             "heading-order", "page-has-heading-one", "skip-link", "link-in-text-block", "color-contrast"}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

# Our interactive elements, each at least 24 x 24 px when shown (WCAG 2.2 2.5.8, the AA floor).
TARGETS = (".sk-share a, .sk-share button, .sk-share summary, a.sk-anchor, .sk-uptime__days > summary, "
           ".sk-follow a, .sk-video__play, .sk-faq summary, .sk-transcript summary")


@pytest.fixture(scope="module")
def hebrew_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site with ``theme.language: he`` (right to left), built at EPOCH."""
    root = tmp_path_factory.mktemp("hebrew")
    for name in ("incidents", "site_src"):
        shutil.copytree(REPO / name, root / name)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  language: en\n" in config
    (root / "mkdocs.yml").write_text(config.replace("  language: en\n", "  language: he\n"), encoding="utf-8")
    return TestSite(root).build(root / "site")


@pytest.fixture(scope="module")
def urls(example_site: Path, hebrew_site: Path) -> Iterator[dict[str, str]]:
    """Base URL of each language's site."""
    with serve(example_site) as en, serve(hebrew_site) as he:
        yield {"en": en, "he": he}


def settle(page: Any) -> None:
    """Wait until the network is quiet (material's search worker fetches its index late)."""
    page.wait_for_load_state("networkidle")


# --- 2. time zones ------------------------------------------------------------------------------

def time_and_extra(page: Any, instant: str) -> dict[str, str]:
    """The first <time datetime=instant> in the content: its text and the spans added after it."""
    return page.evaluate(
        """(instant) => {
            const time = document.querySelector(`.md-content time[datetime="${instant}"]`);
            const extra = time.nextElementSibling;
            const has = extra && extra.classList.contains("sk-time");
            const part = (name) => (has && extra.querySelector(name) || {textContent: ""}).textContent;
            return {text: time.textContent, local: part(".sk-time__local"), ago: part(".sk-time__ago"),
                    shown: has ? extra.innerText : ""};
        }""",
        instant,
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_times_gain_the_readers_zone_and_relative_time(chromium, urls, lang):
    options = {"timezone_id": "America/New_York", "locale": "en-US"}
    with open_page(chromium, **options) as visit:
        page = visit.page
        page.clock.install(time=LATEST + timedelta(minutes=12))
        page.goto(urls[lang] + PAGES["incident"], wait_until="load")
        found = time_and_extra(page, "2026-11-22T11:10:00Z")
        expected_ago = page.evaluate(
            "(lang) => new Intl.RelativeTimeFormat(lang, {numeric: 'auto'}).format(-12, 'minute')", lang
        )
        expected_local = page.evaluate(
            """(lang) => new Intl.DateTimeFormat(lang, {month: "short", day: "numeric", hour: "numeric",
                minute: "2-digit", timeZoneName: "short"}).format(new Date("2026-11-22T11:10:00Z"))""",
            lang,
        )
        assert page.evaluate("document.documentElement.lang") == lang
        # The site's time stays as built; the reader's (06:10 in New York) and "12 minutes ago" follow.
        assert "12:10" in found["text"] or "12:10" in found["text"].replace("\u200f", "")
        assert found["local"] == expected_local
        assert "6:10" in found["local"] or "06:10" in found["local"]
        assert found["ago"] == expected_ago
        assert "12" in found["ago"]
        if lang == "en":
            assert found["text"] == "22 Nov 2026, 12:10 CET"
            assert found["ago"] == "12 minutes ago"
            assert "EST" in found["local"]
        else:
            assert "ago" not in found["ago"] and "EST" not in found["shown"]
        # A promise in the future reads "in 4 hours"; a day (the uptime list) is left alone.
        due = time_and_extra(page, "2026-11-23T16:00:00Z")
        assert due["ago"] == page.evaluate(
            "(lang) => new Intl.RelativeTimeFormat(lang, {numeric: 'auto'}).format(29, 'hour')", lang
        )
        assert page.locator(".md-content time:not([datetime*='T']) + .sk-time").count() == 0
        # A page left open keeps its relative times fresh.
        page.clock.run_for(2 * 60 * 1000)
        assert time_and_extra(page, "2026-11-22T11:10:00Z")["ago"] == page.evaluate(
            "(lang) => new Intl.RelativeTimeFormat(lang, {numeric: 'auto'}).format(-14, 'minute')", lang
        )


def test_reader_in_the_site_timezone_gets_only_the_relative_time(chromium, urls):
    with open_page(chromium, timezone_id="Europe/Budapest") as visit:
        page = visit.page
        page.clock.install(time=LATEST + timedelta(minutes=12))
        page.goto(urls["en"] + PAGES["incident"], wait_until="load")
        found = time_and_extra(page, "2026-11-22T11:10:00Z")
        assert found == {"text": "22 Nov 2026, 12:10 CET", "local": "", "ago": "12 minutes ago",
                         "shown": found["shown"]}
        assert page.locator(".md-content .sk-time__local").count() == 0


def test_without_javascript_the_absolute_time_stays(chromium, urls, example_site):
    html = (example_site / PAGES["incident"] / "index.html").read_text(encoding="utf-8")
    assert "sk-time__" not in html and 'name="statuskit:timezone" content="Europe/Budapest"' in html
    with open_page(chromium, urls["en"] + PAGES["incident"], java_script_enabled=False,
                   timezone_id="America/New_York") as visit:
        page = visit.page
        assert page.locator(".md-content .sk-time").count() == 0
        time = page.locator('.md-content time[datetime="2026-11-22T11:10:00Z"]').first
        assert time.is_visible() and time.inner_text() == "22 Nov 2026, 12:10 CET"


# --- 3. accessibility (axe-core) -------------------------------------------------------------------

def axe_violations(page: Any) -> list[dict[str, Any]]:
    sync = pytest.importorskip("axe_playwright_python.sync_playwright", reason="pip install -e '.[test]'")
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    return sync.Axe().run(page, options=options).response["violations"]


def findings(violations: list[dict[str, Any]]) -> list[str]:
    """What fails the test: every serious or critical finding, and any on page structure."""
    failing = []
    for violation in violations:
        rule = violation["id"]
        for node in violation["nodes"]:
            selector = " ".join(str(part) for part in node["target"])
            if (rule, selector) in BY_DESIGN and violation["impact"] not in ("serious", "critical"):
                continue
            if violation["impact"] in ("serious", "critical") or rule in STRUCTURE:
                summary = (node.get("failureSummary") or "").replace("\n", " ")[:300]
                failing.append(f"{violation['impact']} {rule} {selector}: {summary}")
    return failing


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("kind", list(PAGES))
@pytest.mark.parametrize("lang", LANGUAGES)
def test_axe_finds_no_serious_violation(chromium, urls, lang, kind, scheme):
    with open_page(chromium, urls[lang] + PAGES[kind], color_scheme=scheme) as visit:
        page = visit.page
        expected = "slate" if scheme == "dark" else "default"
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected
        failing = findings(axe_violations(page))
        assert not failing, "\n".join(failing)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_axe_finds_no_serious_violation_in_the_search_dialog(chromium, urls, lang, scheme):
    """The theme's search, open with results: its dialog, its result list and highlighted terms
    (on the history page: the status pages leave the header to the status)."""
    with open_page(chromium, urls[lang] + "history/", color_scheme=scheme) as visit:
        page = visit.page
        settle(page)
        page.keyboard.press("s")  # material's shortcut opens the search dialog
        page.keyboard.type("payment")
        page.locator(".md-search-result__item").first.wait_for()
        assert page.locator(".md-search-result mark").count() > 0
        dialog = page.locator(".md-search[role=dialog]")
        assert dialog.get_attribute("aria-label") == ("Search" if lang == "en" else "חיפוש")
        failing = findings(axe_violations(page))
        assert not failing, "\n".join(failing)


@pytest.mark.parametrize("kind", list(PAGES))
def test_landmarks_headings_and_a_skip_link(chromium, urls, kind):
    with open_page(chromium, urls["en"] + PAGES[kind]) as visit:
        page = visit.page
        structure = page.evaluate(
            """() => ({
                main: document.querySelectorAll("main").length,
                header: document.querySelectorAll("body > header, .md-header").length,
                footer: document.querySelectorAll("footer").length,
                levels: Array.from(document.querySelectorAll(".md-content h1, .md-content h2, "
                    + ".md-content h3, .md-content h4, .md-content h5, .md-content h6"))
                    .filter((h) => h.offsetParent !== null).map((h) => Number(h.tagName[1])),
                skips: Array.from(document.querySelectorAll("a.md-skip")).map((a) => a.getAttribute("href")),
                outside: Array.from(document.querySelectorAll("[class^='sk-'], [class*=' sk-']"))
                    .filter((el) => !el.closest("main, header, footer, nav, aside, [role=status]")
                        && !el.classList.contains("sk-skip"))
                    .map((el) => el.className),
            })"""
        )
        assert (structure["main"], structure["footer"]) == (1, 1)
        assert structure["header"] >= 1
        levels = structure["levels"]
        assert levels and levels[0] == 1 and levels.count(1) == 1, levels
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
        assert len(structure["skips"]) == 1, structure["skips"]
        assert page.locator(structure["skips"][0]).count() == 1
        assert not structure["outside"], structure["outside"]
        # The skip link is the first stop of the keyboard (after the incident banner's one link,
        # when there is a banner) and shows itself when focused.
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement.closest('.md-banner')"):
            page.keyboard.press("Tab")
        page.wait_for_function("getComputedStyle(document.activeElement).opacity === '1'")
        focused = page.evaluate(
            "() => ({cls: document.activeElement.className,"
            " opacity: getComputedStyle(document.activeElement).opacity})"
        )
        assert "md-skip" in focused["cls"] and focused["opacity"] == "1", focused
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        inside = page.evaluate("() => !!document.activeElement.closest('.md-content')")
        assert inside, "after the skip link, the next stop is in the content"


@pytest.mark.parametrize("javascript", [True, False])
def test_focus_is_visible(chromium, urls, javascript):
    with open_page(chromium, urls["en"] + PAGES["incident"], java_script_enabled=javascript) as visit:
        page = visit.page
        for selector in (".sk-faq summary", "a.sk-anchor", ".sk-share:not(.sk-share--compact) a",
                         ".sk-follow a"):
            target = page.locator(selector).first
            target.focus()
            page.keyboard.press("Shift+Tab")
            page.keyboard.press("Tab")
            style = target.evaluate(
                "(el) => ({focused: el === document.activeElement, style: getComputedStyle(el).outlineStyle,"
                " width: parseFloat(getComputedStyle(el).outlineWidth)})"
            )
            assert style["focused"], selector
            assert style["style"] != "none" and style["width"] >= 2, (selector, style)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_status_is_never_colour_alone(chromium, urls, scheme):
    with open_page(chromium, urls["en"], color_scheme=scheme) as visit:
        statuses = visit.page.evaluate(
            """() => Array.from(document.querySelectorAll(".sk-status, .sk-banner")).map((el) => ({
                text: el.textContent.trim(),
                icon: getComputedStyle(el, "::before").content,
            }))"""
        )
        assert len(statuses) > 10
        for status in statuses:
            assert status["text"], status
            assert status["icon"] not in ("none", "normal", '""'), status


# --- 4. without JavaScript --------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_fact_is_readable_without_javascript(chromium, urls, example_site, lang):
    base = urls[lang]
    with open_page(chromium, base, java_script_enabled=False) as visit:
        page = visit.page
        assert page.locator(".sk-banner").is_visible()
        card = page.locator(f'.sk-card:has(a[href$="incidents/{BREACH}/"])')
        assert card.is_visible()
        assert card.locator(".sk-status").is_visible() and card.locator(".sk-latest").is_visible()
        components = page.locator("li.sk-component")
        assert components.count() == 10
        for i in range(components.count()):
            component = components.nth(i)
            assert component.locator(".sk-component__name").is_visible()
            status = component.locator(".sk-component__head .sk-status")
            assert status.is_visible() and status.inner_text().strip()
        assert page.locator(".sk-uptime__pct").first.is_visible()

        page.goto(base + PAGES["incident"], wait_until="load")
        assert page.locator("h1").is_visible()
        assert page.locator("dl.sk-facts .sk-status").is_visible()
        updates = page.locator("li.sk-update")
        assert updates.count() >= 3
        for i in range(updates.count()):
            update = updates.nth(i)
            assert update.locator(".sk-update__head").is_visible()
            assert update.locator("time").is_visible()
            assert update.locator(".sk-update__body").is_visible()
            assert update.locator(".sk-update__body").inner_text().strip()
        assert page.locator(".sk-next").is_visible()

        page.goto(base + PAGES["faq"], wait_until="load")
        assert page.locator(".md-content h1").is_visible()
        questions = page.locator(".sk-open-faq details.sk-faq")
        assert questions.count() >= 1
        first = questions.first
        assert first.locator("summary").is_visible()
        first.locator("summary").click()  # <details> opens without any script
        assert first.evaluate("(el) => el.open")
        answer = first.locator(":scope > :not(summary)").first
        assert answer.is_visible() and answer.inner_text().strip()


# --- 5. dark mode ------------------------------------------------------------------------------------

def colours(page: Any) -> dict[str, str]:
    return page.evaluate(
        """() => ({
            scheme: document.body.getAttribute("data-md-color-scheme"),
            ok: getComputedStyle(document.body).getPropertyValue("--sk-ok").trim(),
            operational: getComputedStyle(document.querySelector(".sk-status--operational")).color,
            group: getComputedStyle(document.querySelector(".sk-group__name")).backgroundColor,
        })"""
    )


def test_dark_mode_follows_the_preference_and_has_a_toggle(chromium, urls):
    with open_page(chromium, urls["en"], color_scheme="light") as light_visit:
        light = colours(light_visit.page)
    with open_page(chromium, urls["en"], color_scheme="dark") as visit:
        page = visit.page
        dark = colours(page)
        assert (light["scheme"], dark["scheme"]) == ("default", "slate")
        for key in ("ok", "operational", "group"):
            assert light[key] != dark[key], key
        # The toggle in the header switches to light and back; the choice outlives the page.
        toggle = page.locator("form[data-md-component='palette'] label:visible")
        assert toggle.count() == 1
        assert toggle.get_attribute("title") or toggle.get_attribute("aria-label")
        toggle.click()
        assert colours(page) == light
        page.reload(wait_until="load")
        assert colours(page)["scheme"] == "default"
        page.locator("form[data-md-component='palette'] label:visible").click()
        assert colours(page) == dark


# --- 6. weight and independence -------------------------------------------------------------------

@pytest.mark.parametrize("kind", list(PAGES))
def test_no_request_leaves_the_site(chromium, urls, kind):
    with open_page(chromium, urls["en"] + PAGES[kind]) as visit:
        settle(visit.page)
        assert visit.requests
        assert visit.foreign() == []


def test_home_page_weight_is_under_budget(chromium, urls):
    responses: list[Any] = []
    with open_page(chromium) as visit:
        page = visit.page
        page.context.on("response", lambda response: responses.append(response))
        page.goto(urls["en"], wait_until="load")
        settle(page)
        page.wait_for_timeout(300)
        settle(page)
        rows = []
        for response in responses:
            try:
                body = response.body()
            except Exception:  # a response without a body (a redirect, an aborted request)
                body = b""
            rows.append((len(gzip.compress(body, 9)), len(body), response.url.removeprefix(urls["en"])))
        total = sum(size for size, _, _ in rows)
        print(f"\nhome page, gzip -9 of every response ({len(rows)}):")
        for size, raw, url in sorted(rows, reverse=True):
            print(f"{size:>8,} B  (raw {raw:>8,})  /{url}")
        print(f"{total:>8,} B  total (budget {BUDGET:,})")
        assert visit.foreign() == []
        assert any(url == "" for _, _, url in rows) and any(url.endswith(".css") for _, _, url in rows)
        assert total <= BUDGET, f"home page weighs {total:,} B compressed (budget {BUDGET:,})"


# --- 7. phones ---------------------------------------------------------------------------------------

# What sticks out of the viewport sideways (shown when a page is too wide): elements whose box
# leaves it, unless an ancestor clips them or takes them out of the page (the theme's drawer and
# search dialog are fixed, and do not make the page scroll).
OUTSIDE = """() => {
    const width = document.documentElement.clientWidth, out = [];
    const contained = (el) => {
        for (let up = el; up && up !== document.body; up = up.parentElement) {
            const style = getComputedStyle(up);
            if (style.position === "fixed" || (up !== el && style.overflowX !== "visible")) return true;
        }
        return false;
    };
    for (const el of document.querySelectorAll("body *")) {
        const box = el.getBoundingClientRect();
        if (!box.width || (box.right <= width + 0.5 && box.left >= -0.5) || contained(el)) continue;
        const name = `${el.tagName.toLowerCase()}.${el.getAttribute("class")}`;
        out.push(`${name} ${Math.round(box.left)}..${Math.round(box.right)}`);
    }
    return out.slice(0, 10);
}"""


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("kind", list(PAGES))
@pytest.mark.parametrize("lang", LANGUAGES)
def test_phone_width_no_sideways_scrolling_and_touch_targets(chromium, urls, lang, kind, javascript):
    with open_page(chromium, urls[lang] + PAGES[kind], viewport={"width": 375, "height": 812},
                   device_scale_factor=2, is_mobile=True, has_touch=True,
                   java_script_enabled=javascript) as visit:
        page = visit.page
        width = page.evaluate("document.documentElement.scrollWidth")
        outside = page.evaluate(OUTSIDE)
        assert width <= 375, f"{lang} {kind}: the page is {width}px wide at 375px; sticking out: {outside}"
        page.evaluate("document.querySelectorAll('.sk-share--compact details').forEach((d) => d.open = true)")
        small = page.evaluate(
            """(selector) => Array.from(document.querySelectorAll(selector))
                .filter((el) => el.getClientRects().length && getComputedStyle(el).visibility !== "hidden")
                .map((el) => ({el: el.className || el.tagName, text: el.textContent.trim().slice(0, 30),
                               w: el.getBoundingClientRect().width, h: el.getBoundingClientRect().height}))
                .filter((box) => box.w < 24 || box.h < 24)""",
            TARGETS,
        )
        assert not small, small
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        if kind == "incident":
            assert page.locator(".sk-share:not(.sk-share--compact) a").first.is_visible()
            screenshot(page, f"reach-phone-{lang}-{kind}{'' if javascript else '-nojs'}")
        if kind == "home":
            assert page.locator(".sk-bar").first.is_visible()


OTHER_DIRECTION = """\
title: התמיכה הטלפונית אינה זמינה
impact: minor
components: [email]
updates:
  - at: 2026-11-22T09:00:00Z
    status: investigating
    message: |
      מה ידוע כרגע:

      - השיחות אינן מגיעות למוקד
      - הצ'אט באתר פועל כרגיל

          1. גם הדואר האלקטרוני
faq:
  - q: מה לעשות?
    a: |
      - לכתוב לנו בצ'אט
      - או בדואר האלקטרוני
"""


def test_phone_width_with_text_in_the_other_direction(chromium, tmp_path):
    """Hebrew lists on an English page (the Hebrew site shows English lists in the tests above):
    the theme indents lists by the page's direction, operator text is dir="auto"."""
    root = tmp_path / "other"
    (root / "incidents").mkdir(parents=True)
    (root / "site_src").mkdir()
    (root / "site_src" / "faq.md").write_text("# FAQ\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(mkdocs_yml(), encoding="utf-8")
    (root / "incidents" / "2026-11-22-support.yaml").write_text(OTHER_DIRECTION, encoding="utf-8")
    built = TestSite(root).build()
    with serve(built) as base:
        for javascript in (True, False):
            with open_page(chromium, base + "incidents/2026-11-22-support/", java_script_enabled=javascript,
                           viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True) as visit:
                page = visit.page
                assert page.locator(".sk-update__body li").count() == 3
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= 375, f"{width}px wide at 375px; sticking out: {page.evaluate(OUTSIDE)}"


# --- 8. screenshots ----------------------------------------------------------------------------------

@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_screenshots(chromium, urls, lang, scheme):
    with open_page(chromium, color_scheme=scheme, viewport={"width": 1280, "height": 900}) as visit:
        page = visit.page
        page.clock.install(time=LATEST + timedelta(hours=1))
        for kind in ("home", "incident"):
            page.goto(urls[lang] + PAGES[kind], wait_until="load")
            direction = page.evaluate("[document.documentElement.dir, document.body.dir]")
            assert direction == (["rtl", "rtl"] if lang == "he" else ["", "ltr"])
            path = screenshot(page, f"reach-{kind}-{lang}-{scheme}")
            assert path.stat().st_size > 10_000
