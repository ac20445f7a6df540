"""The crisis kit (issue 5): FAQ data, preview cards and meta, share links, the
click-to-load video, the next-update promise, banner, FAQ page, postmortem and
follow panel, checked on built sites and, where behaviour needs a browser, in
headless Chromium (tests/browser.py).

Sites are built once per module: the repository's example (conftest's
``example_site``), a second build of it for byte-identity, a site with an
English and a Hebrew incident (``bilingual``) and one with ``share: [x, email]``
and only a minor incident open (``narrow``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import browser
import pytest
import yaml
from browser import open_page, screenshot, serve
from bs4 import BeautifulSoup, Tag
from click.testing import Result
from conftest import EPOCH, REPO, TestSite, mkdocs_yml
from PIL import Image, ImageDraw, features

from generator import richtext
from generator.outputs import cards

chromium = browser.chromium  # the session's headless Chromium (a fixture: pytest finds it here)

SITE_URL = "https://status.northwind.example/"
DEFAULT_TARGETS = ["x", "facebook", "linkedin", "bluesky", "mastodon", "whatsapp", "telegram", "reddit",
                   "email", "copy"]
OUTAGE = "2026-10-14-budapest-datacentre-power-outage"  # resolved, critical: YouTube video, FAQ, review
BREACH = "2026-11-20-store-payment-card-breach"  # open, critical: next update 2026-11-23T16:00Z, Vimeo
BREACH_DUE = datetime(2026, 11, 23, 16, 0, tzinfo=UTC)

HE_ID = "2026-11-23-payments-he"
HE_TITLE = 'תקלה בתשלומים: כרטיסי אשראי & PayPal + "מזומן" #1? 50%'
HE_QUESTIONS = ["האם הכסף שלי בטוח? </script><script>alert(1)</script>", "מתי זה יתוקן & איך?"]
EN_ID = "2026-11-22-checkout-errors"
EN_TITLE = 'Checkout & sign-in errors: 50% of "EU" users? #2 + more'
MINOR_ID = "2026-11-23-email-delays"
OLD_MAJOR_ID = "2026-11-20-dashboard-outage"

BILINGUAL = {
    f"{HE_ID}.yaml": f"""
        title: {json.dumps(HE_TITLE, ensure_ascii=False)}
        impact: major
        components:
          api: partial_outage
        updates:
          - at: 2026-11-23T10:00:00Z
            status: investigating
            message: אנחנו בודקים תקלה בתשלומים בכרטיסי אשראי.
            next_update: 2026-11-23T11:30:00Z
          - at: 2026-11-23T11:00:00Z
            status: identified
            message: |
              מצאנו את הגורם לתקלה, **והתיקון בדרך**. העדכון הבא עד 14:30.
            next_update: 2026-11-23T14:30:00Z
        faq:
          - q: {json.dumps(HE_QUESTIONS[0], ensure_ascii=False)}
            a: "כן. <b>מודגש</b> & עוד"
          - q: {json.dumps(HE_QUESTIONS[1], ensure_ascii=False)}
            a: בקרוב.
        video: https://youtu.be/Qm7tR2xKp4w
        """,
    f"{EN_ID}.yaml": f"""
        title: {json.dumps(EN_TITLE)}
        impact: minor
        components:
          dashboard: degraded_performance
        updates:
          - at: 2026-11-22T08:00:00Z
            status: investigating
            message: Some people cannot check out.
          - at: 2026-11-22T09:00:00Z
            status: resolved
            message: Checkout works again.
        """,
}

NARROW = {
    f"{MINOR_ID}.yaml": """
        title: Email delays
        impact: minor
        components:
          email: degraded_performance
        updates:
          - at: 2026-11-23T09:00:00Z
            status: investigating
            message: Some e-mails arrive late.
            next_update: 2026-11-23T10:00:00Z
        """,
    f"{OLD_MAJOR_ID}.yaml": """
        title: Dashboard outage
        impact: major
        components:
          dashboard: major_outage
        updates:
          - at: 2026-11-20T08:00:00Z
            status: investigating
            message: The dashboard is down.
            next_update: 2026-11-20T09:00:00Z
          - at: 2026-11-20T10:00:00Z
            status: resolved
            message: The dashboard is back.
        faq:
          - q: Was data lost?
            a: No.
        """,
}


# --- building and reading sites ------------------------------------------------------------------

def build_site(root: Path, incidents: dict[str, str], extra: str = "") -> tuple[Path, Result]:
    """A site with the conftest components and ``incidents``, built at EPOCH; (site dir, CLI result)."""
    (root / "incidents").mkdir(parents=True)
    (root / "site_src").mkdir()
    faq = "# FAQ\n\nAsk us.\n\n## Hand-written\n\nYes.\n"
    (root / "site_src" / "faq.md").write_text(faq, encoding="utf-8")
    (root / "mkdocs.yml").write_text(mkdocs_yml(extra=extra, site_url=SITE_URL), encoding="utf-8")
    site = TestSite(root)
    for name, text in incidents.items():
        site.write(name, text)
    out = root / "site"
    result = site.cli("build", "--site-dir", str(out))
    assert result.exit_code == 0, result.output + repr(result.exception)
    return out, result


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An open major Hebrew incident (FAQ, YouTube video) and a resolved English one."""
    out, result = build_site(tmp_path_factory.mktemp("bilingual"), BILINGUAL)
    assert "overdue" not in result.output, result.output
    return out


@pytest.fixture(scope="module")
def narrow_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    """``share: [x, email]``; only a minor incident open (its promise overdue at EPOCH)."""
    return build_site(tmp_path_factory.mktemp("narrow"), NARROW, extra="share: [x, email]\n")


@pytest.fixture(scope="module")
def narrow(narrow_build: tuple[Path, Result]) -> Path:
    return narrow_build[0]


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def pages(site: Path) -> list[Path]:
    """Every page of a built site (each directory's index.html)."""
    found = sorted(site.rglob("index.html"))
    assert found, f"no pages in {site}"
    return found


def page_url(site: Path, page: Path) -> str:
    """The published absolute URL of a built page."""
    rel = page.parent.relative_to(site).as_posix()
    return SITE_URL if rel == "." else f"{SITE_URL}{rel}/"


def incident_page(site: Path, incident_id: str) -> BeautifulSoup:
    return soup_of(site / "incidents" / incident_id / "index.html")


def meta(soup: BeautifulSoup, key: str) -> str:
    """The content of ``<meta property=key>`` or ``<meta name=key>``; fails when missing."""
    tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
    assert isinstance(tag, Tag), f"no <meta> {key}"
    return str(tag.get("content", ""))


def local_target(site: Path, page: Path, href: str) -> Path:
    """The file a relative link on ``page`` points at (directories mean their index.html)."""
    path = urlsplit(href).path
    target = (page.parent / path).resolve() if path else page
    return target / "index.html" if target.is_dir() else target


def flat(text: str) -> str:
    return " ".join(text.split())


def example_incident(incident_id: str) -> dict:
    return yaml.safe_load((REPO / "incidents" / f"{incident_id}.yaml").read_text(encoding="utf-8"))


def example_ids() -> list[str]:
    return sorted(p.stem for p in (REPO / "incidents").glob("*.yaml"))


def query(href: str) -> dict[str, str]:
    """The decoded query of a share link (each key once)."""
    parsed = parse_qs(urlsplit(href).query, keep_blank_values=True, strict_parsing=True)
    assert all(len(v) == 1 for v in parsed.values()), href
    return {k: v[0] for k, v in parsed.items()}


# --- FAQ as schema.org FAQPage --------------------------------------------------------------------

def jsonld(soup: BeautifulSoup) -> list[dict]:
    return [json.loads(s.string or "") for s in soup.find_all("script", type="application/ld+json")]


@pytest.mark.parametrize("incident_id", [OUTAGE, BREACH])
def test_faq_jsonld_is_a_faqpage_with_the_incidents_questions(example_site, incident_id):
    [data] = jsonld(incident_page(example_site, incident_id))
    faq = example_incident(incident_id)["faq"]
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "FAQPage"
    assert [q["@type"] for q in data["mainEntity"]] == ["Question"] * len(faq)
    assert [q["name"] for q in data["mainEntity"]] == [item["q"] for item in faq]
    for question, item in zip(data["mainEntity"], faq, strict=True):
        answer = question["acceptedAnswer"]
        assert answer["@type"] == "Answer"
        words = flat(BeautifulSoup(answer["text"], "lxml").get_text())
        assert words and words[:40] == flat(richtext.plain(item["a"]))[:40]


def test_faq_jsonld_only_on_pages_with_a_faq(example_site):
    with_faq = {i for i in example_ids() if example_incident(i).get("faq")}
    assert {OUTAGE, BREACH} <= with_faq
    for page in pages(example_site):
        data = jsonld(soup_of(page))
        if page.parent.parent.name == "incidents" and page.parent.name in with_faq:
            assert len(data) == 1, page
        else:
            assert data == [], f"{page}: FAQPage data on a page without a FAQ"


def test_faq_jsonld_cannot_close_its_script_element(bilingual):
    soup = incident_page(bilingual, HE_ID)
    [data] = jsonld(soup)
    assert [q["name"] for q in data["mainEntity"]] == HE_QUESTIONS
    inline = [s for s in soup.find_all("script") if not s.get("src")]
    assert not any("alert(1)" in (s.string or "") and s.get("type") != "application/ld+json" for s in inline)


# --- Open Graph / Twitter preview meta ------------------------------------------------------------

def test_preview_meta_with_absolute_urls_on_every_page(example_site):
    for page in pages(example_site):
        soup = soup_of(page)
        for key in ("og:title", "og:description"):
            assert meta(soup, key).strip(), f"{page}: empty {key}"
        assert meta(soup, "twitter:card") == "summary_large_image", page
        assert meta(soup, "og:url") == page_url(example_site, page)
        for key in ("og:url", "og:image", "twitter:image"):
            parts = urlsplit(meta(soup, key))
            assert (parts.scheme, parts.netloc) == ("https", "status.northwind.example"), f"{page}: {key}"
        image = urlsplit(meta(soup, "og:image")).path.lstrip("/")
        assert (example_site / image).is_file(), f"{page}: og:image {image} is not in the build"


@pytest.mark.parametrize("incident_id", example_ids())
def test_incident_preview_is_its_latest_update_and_its_card(example_site, incident_id):
    soup = incident_page(example_site, incident_id)
    description = meta(soup, "og:description")
    bodies = [flat(b.get_text()) for b in soup.select("li.sk-update .sk-update__body")]  # newest first
    assert description.rstrip("…") and bodies[0].startswith(description.rstrip("…"))
    if len(bodies) > 1 and bodies[1] != bodies[0]:
        assert not bodies[1].startswith(description.rstrip("…"))
    assert meta(soup, "twitter:description") == description
    assert meta(soup, "og:title") == example_incident(incident_id)["title"]
    image = meta(soup, "og:image")
    assert image == f"{SITE_URL}incidents/{incident_id}/card.png"
    assert (example_site / "incidents" / incident_id / "card.png").is_file()


# --- share links ----------------------------------------------------------------------------------

def check_share(nav: Tag, url: str, title: str, targets: list[str]) -> None:
    """The share panel ``nav`` offers exactly ``targets`` for ``url`` titled ``title``."""
    links = {a["class"][0].removeprefix("sk-share__"): a["href"] for a in nav.select("a[href]")}
    copy = nav.select("button.sk-copy")
    found = [*links, *(["copy"] if copy else [])]
    assert sorted(found) == sorted(targets), found
    both = f"{title} {url}"
    expected = {
        "x": ("x.com", {"text": title, "url": url}),
        "facebook": ("www.facebook.com", {"u": url}),
        "linkedin": ("www.linkedin.com", {"url": url}),
        "bluesky": ("bsky.app", {"text": both}),
        "mastodon": ("mastodonshare.com", {"text": title, "url": url}),
        "whatsapp": ("wa.me", {"text": both}),
        "telegram": ("t.me", {"url": url, "text": title}),
        "reddit": ("www.reddit.com", {"url": url, "title": title}),
    }
    for target, href in links.items():
        if target == "email":
            assert href.startswith("mailto:?"), href
            assert query(href) == {"subject": title, "body": url}
            continue
        host, params = expected[target]
        parts = urlsplit(href)
        assert (parts.scheme, parts.hostname) == ("https", host), href
        assert query(href) == params, target
    for button in copy:
        assert button["data-url"] == url


SHARED = [("example", OUTAGE), ("bilingual", EN_ID), ("bilingual", HE_ID)]


@pytest.mark.parametrize(("site_name", "incident_id"), SHARED)
def test_share_links_carry_the_url_and_the_encoded_title(request, site_name, incident_id):
    site = request.getfixturevalue("example_site" if site_name == "example" else site_name)
    soup = incident_page(site, incident_id)
    title = flat(soup.find("h1").get_text())
    if incident_id in (HE_ID, EN_ID):
        assert title == (HE_TITLE if incident_id == HE_ID else EN_TITLE)
    url = f"{SITE_URL}incidents/{incident_id}/"
    [panel] = [nav for nav in soup.select("nav.sk-share") if "sk-share--compact" not in nav["class"]]
    check_share(panel, url, title, DEFAULT_TARGETS)
    updates = soup.select("li.sk-update")
    assert updates
    for update in updates:
        assert re.fullmatch(r"update-\d+", update["id"])
        [nav] = update.select("nav.sk-share")
        check_share(nav, f"{url}#{update['id']}", title, DEFAULT_TARGETS)


def test_share_targets_come_from_the_plugin_block(narrow):
    soup = incident_page(narrow, MINOR_ID)
    url = f"{SITE_URL}incidents/{MINOR_ID}/"
    navs = soup.select("nav.sk-share")
    assert len(navs) == 2  # the page's and its one update's
    page_panel = soup.select_one("nav.sk-share:not(.sk-share--compact)")
    update_panel = soup.select_one("nav.sk-share--compact")
    check_share(page_panel, url, "Email delays", ["x", "email"])
    check_share(update_panel, f"{url}#update-1", "Email delays", ["x", "email"])


@pytest.mark.parametrize("site_name", ["example_site", "bilingual", "narrow"])
def test_no_third_party_scripts_or_styles(request, site_name):
    site = request.getfixturevalue(site_name)
    for page in sorted(site.rglob("*.html")):
        soup = soup_of(page)
        for tag, attr in (("script", "src"), ("link", "href"), ("iframe", "src")):
            for element in soup.find_all(tag, attrs={attr: True}):
                if tag == "link" and not {"stylesheet", "preconnect", "preload", "modulepreload"} & set(
                    element.get("rel", [])
                ):
                    continue
                assert not urlsplit(element[attr]).netloc, f"{page}: third-party <{tag} {element[attr]}>"


def test_vimeo_statement_is_embedded_with_do_not_track(example_site):
    soup = incident_page(example_site, BREACH)
    src = soup.select_one("button.sk-video__play")["data-src"]
    parts = urlsplit(src)
    assert parts.hostname == "player.vimeo.com"
    assert query(src)["dnt"] == "1"
    assert soup.find("iframe") is None


@pytest.mark.parametrize("site_name", ["example_site", "bilingual"])
def test_no_unfilled_placeholders_in_what_readers_see(request, site_name):
    site = request.getfixturevalue(site_name)
    for page in sorted(site.rglob("*.html")):
        soup = soup_of(page)
        for element in soup(["script", "style", "code", "pre"]):
            element.decompose()
        attributes = [
            str(value) for element in soup.find_all(True) for key, value in element.attrs.items()
            if key in ("title", "aria-label", "alt", "content", "data-title")
        ]
        found = set(re.findall(r"\{[a-z_]+\}", " ".join([soup.get_text(" "), *attributes])))
        assert not found, f"{page}: {found}"


# --- in Chromium: click-to-load video, the overdue marker, screenshots ------------------------------

@pytest.fixture(scope="module")
def example_url(example_site: Path) -> Iterator[str]:
    with serve(example_site) as url:
        yield url


def test_home_loads_nothing_from_third_parties(chromium, example_url):
    with open_page(chromium, example_url) as visit:
        visit.page.wait_for_load_state("networkidle")
        assert visit.requests and visit.requests[0] == example_url
        assert visit.foreign() == []
        banner = visit.page.locator(".md-banner a")
        assert banner.is_visible()
        screenshot(visit.page, "home")


def test_video_loads_from_youtube_nocookie_only_after_the_click(chromium, example_url):
    with open_page(chromium, f"{example_url}incidents/{OUTAGE}/") as visit:
        page = visit.page
        page.wait_for_load_state("networkidle")
        assert visit.foreign() == [], "a third-party request before the play button was pressed"
        assert page.locator("iframe").count() == 0
        screenshot(page, f"incident-{OUTAGE}")
        clicked = visit.mark()
        with page.expect_request(lambda r: urlsplit(r.url).hostname == "www.youtube-nocookie.com") as player:
            page.locator("button.sk-video__play").click()
        frame = page.locator("iframe.sk-video__frame")
        src = frame.get_attribute("src") or ""
        assert urlsplit(src).hostname == "www.youtube-nocookie.com"
        assert urlsplit(src).path == "/embed/Qm7tR2xKp4w"
        assert player.value.url == src
        assert visit.foreign(since=clicked) == [src]  # the player, and nothing else from elsewhere
        assert page.locator("button.sk-video__play").count() == 0


def test_video_is_a_plain_visible_link_without_javascript(chromium, example_url):
    with open_page(chromium, f"{example_url}incidents/{OUTAGE}/", java_script_enabled=False) as visit:
        link = visit.page.locator(".sk-video a[href='https://www.youtube.com/watch?v=Qm7tR2xKp4w']")
        assert link.count() == 1
        assert link.is_visible()
        assert visit.page.locator("iframe").count() == 0
        assert visit.foreign() == []


def test_video_play_button_is_hidden_without_javascript(chromium, example_url):
    with open_page(chromium, f"{example_url}incidents/{OUTAGE}/", java_script_enabled=False) as visit:
        assert not visit.page.locator("button.sk-video__play").is_visible()


def overdue_state(page) -> tuple[bool, bool]:
    """(the "(overdue)" mark is visible, the promise has the class sk-next--overdue)."""
    promise = page.locator(".sk-next[data-due]")
    assert promise.count() == 1
    classes = (promise.get_attribute("class") or "").split()
    return promise.locator(".sk-overdue").is_visible(), "sk-next--overdue" in classes


@pytest.mark.parametrize(
    ("reader_clock", "overdue"),
    [
        (BREACH_DUE - timedelta(hours=3), False),
        (BREACH_DUE - timedelta(seconds=30), False),
        (BREACH_DUE + timedelta(minutes=1), True),
        (BREACH_DUE + timedelta(days=2), True),
    ],
)
def test_overdue_marker_follows_the_readers_clock(chromium, example_url, reader_clock, overdue):
    with open_page(chromium) as visit:
        page = visit.page
        page.clock.install(time=reader_clock)
        page.goto(f"{example_url}incidents/{BREACH}/")
        promise = page.locator(".sk-next[data-due]")
        assert promise.get_attribute("data-due") == "2026-11-23T16:00:00Z"
        assert overdue_state(page) == (overdue, overdue)
        if overdue:
            screenshot(page, f"incident-{BREACH}-overdue", full_page=False)


def test_overdue_marker_appears_on_a_page_left_open(chromium, example_url):
    with open_page(chromium) as visit:
        page = visit.page
        page.clock.install(time=BREACH_DUE - timedelta(minutes=5))
        page.goto(f"{example_url}incidents/{BREACH}/")
        assert overdue_state(page) == (False, False)
        page.clock.run_for(4 * 60 * 1000)
        assert overdue_state(page) == (False, False)
        page.clock.run_for(2 * 60 * 1000)
        assert overdue_state(page) == (True, True)


def test_overdue_marker_on_the_home_page(chromium, example_url):
    with open_page(chromium) as visit:
        visit.page.clock.install(time=BREACH_DUE + timedelta(minutes=1))
        visit.page.goto(example_url)
        assert overdue_state(visit.page) == (True, True)


# --- preview cards --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def example_rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("example-again")
    for name in ("mkdocs.yml", "incidents", "site_src"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, root / name)
    os.environ["STATUSKIT_NO_CACHE"] = "1"  # draw every card again: no memory or disk cache
    try:
        return TestSite(root).build(root / "site")
    finally:
        del os.environ["STATUSKIT_NO_CACHE"]


def test_cards_are_1200x630_pngs_identical_across_builds(example_site, example_rebuilt):
    found = sorted(p.relative_to(example_site) for p in example_site.rglob("card.png"))
    expected = [Path("assets/statuskit/card.png")] + [Path("incidents", i, "card.png") for i in example_ids()]
    assert found == sorted(expected)
    for rel in found:
        with Image.open(example_site / rel) as image:
            assert image.format == "PNG"
            assert image.size == (1200, 630)
        assert (example_site / rel).read_bytes() == (example_rebuilt / rel).read_bytes(), rel


def ink_columns(path: Path, top: int, bottom: int) -> tuple[int, int]:
    """Leftmost and rightmost column with title text (white-ish pixels) between two rows."""
    with Image.open(path) as image:
        band = image.convert("L").crop((cards.MARGIN // 2, top, cards.WIDTH, bottom))
        box = band.point(lambda v: 255 if v > 200 else 0).getbbox()
    assert box is not None, f"{path}: no title text"
    return box[0] + cards.MARGIN // 2, box[2] + cards.MARGIN // 2


@pytest.mark.parametrize(("site_name", "incident_id"), [("bilingual", HE_ID), ("bilingual", EN_ID)])
def test_cards_of_hebrew_and_english_titles_render(request, site_name, incident_id):
    card = request.getfixturevalue(site_name) / "incidents" / incident_id / "card.png"
    with Image.open(card) as image:
        assert image.size == (1200, 630)
    left, right = ink_columns(card, 170, 250)  # the first line of the title
    if incident_id == HE_ID and features.check("raqm"):
        assert right >= cards.WIDTH - cards.MARGIN - 8, "a right-to-left title starts at the right margin"
    else:
        assert left <= cards.MARGIN + 8, "a left-to-right title starts at the left margin"
    assert right <= cards.WIDTH - cards.MARGIN + 4, "the title runs off the card"
    status_left, _ = ink_columns(card, 430, 480)  # "Identified · Impact: Major", after its dot
    assert status_left >= cards.MARGIN + 20, "the status dot is drawn over the status text"


@pytest.mark.parametrize(
    "title",
    [
        "Safety recall: accelerator pedals that may stick (Aster and Brio, 2024–2026)",
        "Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherungsanstalt " * 3,
        "x" * 300,
        "קו התמיכה הטלפוני אינו זמין " * 6,
    ],
)
def test_card_title_wraps_inside_the_card(title):
    draw = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    face = cards.font(64)
    width = cards.WIDTH - 2 * cards.MARGIN
    lines = cards.wrap(draw, title, face, width, 3)
    assert 1 <= len(lines) <= 3
    assert all(draw.textlength(line, font=face) <= width for line in lines), lines
    if "".join(lines).replace(" ", "") != title.replace(" ", ""):
        assert lines[-1].endswith("…")


# --- the next-update promise at build time ----------------------------------------------------------

def test_build_warns_about_an_overdue_promise(narrow_build):
    _, result = narrow_build
    assert result.exit_code == 0
    warnings = [line for line in result.output.splitlines() if "overdue" in line]
    assert len(warnings) == 1, result.output
    assert warnings[0].startswith("WARNING"), warnings
    assert f"incidents/{MINOR_ID}.yaml" in warnings[0]
    assert "2026-11-23T10:00:00Z" in warnings[0]
    assert OLD_MAJOR_ID not in result.output  # resolved: its old promise does not matter


def test_build_does_not_warn_before_the_promise(tmp_path):
    _, result = build_site(tmp_path / "s", {f"{MINOR_ID}.yaml": NARROW[f"{MINOR_ID}.yaml"]})
    assert "overdue" in result.output  # EPOCH is 12:00Z, the promise 10:00Z
    site = TestSite(tmp_path / "s")
    early = EPOCH - 3 * 3600  # 09:00Z: the update was posted, the promise not yet due
    result = site.cli("build", "--site-dir", str(tmp_path / "s" / "early"), epoch=early)
    assert result.exit_code == 0, result.output
    assert "overdue" not in result.output


# --- announcement banner -----------------------------------------------------------------------------

@pytest.mark.parametrize(("site_name", "incident_id"), [("example_site", BREACH), ("bilingual", HE_ID)])
def test_banner_links_the_open_major_incident_on_every_page(request, site_name, incident_id):
    site = request.getfixturevalue(site_name)
    target = site / "incidents" / incident_id / "index.html"
    for page in pages(site):
        links = soup_of(page).select(".md-banner a[href]")
        assert len(links) == 1, f"{page}: {links}"
        assert local_target(site, page, links[0]["href"]) == target.resolve(), page


def test_no_announcement_when_only_minor_incidents_are_open(narrow):
    for page in pages(narrow):
        assert soup_of(page).select(".sk-announce, .md-banner a") == [], page


def test_no_empty_banner_when_only_minor_incidents_are_open(narrow):
    for page in pages(narrow):
        assert soup_of(page).select(".md-banner") == [], page


# --- the site FAQ page ---------------------------------------------------------------------------------

def test_faq_page_puts_open_incidents_questions_after_the_title(example_site):
    soup = soup_of(example_site / "faq" / "index.html")
    title = soup.select_one("article h1")
    section = soup.select_one("article section.sk-open-faq")
    assert section is not None
    assert title.find_next_sibling() is section, "the open incidents' questions come right after the title"
    handwritten = soup.find("h2", id="what-is-this-page")
    assert handwritten is not None and section in handwritten.find_all_previous("section")
    assert section.find_next("h2", id="what-is-this-page") is handwritten
    questions = [flat(s.get_text()) for s in section.select("summary")]
    assert questions == [item["q"] for item in example_incident(BREACH)["faq"]]
    [link] = section.select("h3 a")
    page = example_site / "faq" / "index.html"
    breach = example_site / "incidents" / BREACH / "index.html"
    assert local_target(example_site, page, link["href"]) == breach
    assert OUTAGE not in str(section)  # resolved


def test_faq_page_has_no_open_section_without_an_open_faq(narrow):
    soup = soup_of(narrow / "faq" / "index.html")
    assert soup.select(".sk-open-faq") == []
    assert flat(soup.find("h1").get_text()) == "FAQ"
    assert soup.find("h2", id="hand-written") is not None


def test_faq_page_of_the_bilingual_site_lists_the_hebrew_questions(bilingual):
    section = soup_of(bilingual / "faq" / "index.html").select_one("section.sk-open-faq")
    assert [flat(s.get_text()) for s in section.select("summary")] == HE_QUESTIONS


# --- postmortem ----------------------------------------------------------------------------------------

def test_postmortem_section_and_mark_in_the_history(example_site):
    soup = incident_page(example_site, OUTAGE)
    section = soup.select_one("section.sk-postmortem")
    assert section is not None
    assert flat(section.find("h2").get_text()) == "Post-incident review"
    assert section.find("table") is not None
    with_review = {i for i in example_ids() if example_incident(i).get("postmortem")}
    assert OUTAGE in with_review
    history = example_site / "history" / "index.html"
    rows = soup_of(history).select("li.sk-row")
    assert len(rows) == len(example_ids())
    for row in rows:
        incident_id = urlsplit(row.find("a")["href"]).path.rstrip("/").rsplit("/", 1)[-1]
        tags = [flat(t.get_text()) for t in row.select(".sk-tag")]
        assert tags == (["review"] if incident_id in with_review else []), incident_id
    for incident_id in set(example_ids()) - with_review:
        assert incident_page(example_site, incident_id).select("section.sk-postmortem") == []


# --- follow panel ----------------------------------------------------------------------------------------

FOLLOW_PAGES = [
    "index.html",
    f"incidents/{OUTAGE}/index.html",
    f"incidents/{BREACH}/index.html",
]


@pytest.mark.parametrize("rel", FOLLOW_PAGES)
def test_follow_panel_links_feeds_calendar_and_api_that_exist(example_site, rel):
    page = example_site / rel
    panel = soup_of(page).select_one("aside.sk-follow")
    assert panel is not None, f"{rel}: no follow panel"
    targets = {local_target(example_site, page, a["href"]) for a in panel.select("a[href]")}
    for target in targets:
        assert target.is_file(), f"{rel}: the follow panel links {target}, which is not in the build"
    names = {t.relative_to(example_site.resolve()).as_posix() for t in targets}
    assert {"history.rss", "history.atom", "maintenance.ics", "api/v2/summary.json"} <= names
    if rel.startswith("incidents/"):
        incident_dir = Path(rel).parent.as_posix()
        assert {f"{incident_dir}/feed.rss", f"{incident_dir}/feed.atom"} <= names



def test_card_cache_returns_what_drawing_gives(tmp_path):
    from generator.outputs import cards

    parts = ("Site", "A title", "Investigating", "22 Nov 2026, 10:20 CET", (180, 35, 24))
    first = cards.cached_card(str(tmp_path), *parts)
    assert list((tmp_path / "cards").glob("*.png"))
    from_disk = cards.cached_card(str(tmp_path), *parts)
    assert first == from_disk == cards.card(*parts)
