"""The built site, checked structurally: home, incident, history and FAQ pages, safety,
reproducibility, atomic builds, ``init`` and ``serve``.

Expectations are written from the meaning of the example incident files at the
test epoch (2026-11-23T12:00Z), never read back from the model.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from click.testing import CliRunner
from conftest import EPOCH, REPO
from conftest import TestSite as Site

from generator.cli import main

BUDAPEST = ZoneInfo("Europe/Budapest")
CEST = timezone(timedelta(hours=2))
CET = timezone(timedelta(hours=1))
ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$")

OUTAGE = "2026-10-14-budapest-datacentre-power-outage"
BREACH = "2026-11-20-store-payment-card-breach"
HEBREW = "2026-11-12-support-line-unreachable"
ROUTER = "2026-12-05-network-core-router-upgrade"
ALL_IDS = sorted(p.stem for p in (REPO / "incidents").glob("*.y*ml"))

# At 2026-11-23T12:00Z the only open incident is the card breach; its last update
# (22 Nov, monitoring) sets card-payments operational and accounts degraded. The
# data-centre outage, login errors, slow shop, recall and support-line incidents
# are resolved; the firmware upgrade is completed and the router upgrade upcoming.
EXPECTED_STATUS = {
    "compute": "operational",
    "storage": "operational",
    "network": "operational",
    "control-panel": "operational",
    "card-payments": "operational",
    "online-shop": "operational",
    "accounts": "degraded_performance",
    "recall-lookup": "operational",
    "service-booking": "operational",
    "support": "operational",
}
STATUS_TEXT = {
    "operational": "Operational",
    "degraded_performance": "Degraded performance",
    "partial_outage": "Partial outage",
    "major_outage": "Major outage",
    "under_maintenance": "Under maintenance",
}


# ---------------------------------------------------------------- helpers


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def content(soup: BeautifulSoup) -> Tag:
    """The theme's content area (what the page is about, without header/nav/footer)."""
    found = soup.select_one("article.md-content__inner")
    assert found is not None, "no content area"
    return found


def text(node: Tag | None) -> str:
    assert node is not None
    return " ".join(node.get_text(" ", strip=True).split())


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def resolve(site: Path, page: Path, href: str) -> tuple[Path, str]:
    """The file a relative link on ``page`` points to, and its fragment."""
    parts = urlsplit(href)
    assert not parts.scheme and not parts.netloc, f"not a local link: {href}"
    base = site if parts.path.startswith("/") else page.parent
    target = (base / parts.path.lstrip("/")).resolve() if parts.path else page.resolve()
    if target.is_dir():
        target = target / "index.html"
    return target, parts.fragment


def local_links(node: Tag) -> list[str]:
    out = []
    for a in node.find_all("a", href=True):
        href = a["href"]
        if urlsplit(href).scheme or href.startswith("//"):
            continue
        out.append(href)
    return out


def parse_iso(value: str) -> datetime:
    assert ISO_WITH_OFFSET.match(value), f"not ISO 8601 with an offset: {value!r}"
    parsed = datetime.fromisoformat(value)
    assert parsed.tzinfo is not None
    return parsed


def section_by_heading(root: Tag, heading: str) -> Tag:
    """The <section> whose h2 reads ``heading``."""
    for h2 in root.find_all("h2"):
        if text(h2) == heading:
            section = h2.find_parent("section")
            assert section is not None, f"h2 {heading!r} is not in a section"
            return section
    raise AssertionError(f"no h2 {heading!r}; have {[text(h) for h in root.find_all('h2')]}")


def copy_example(dst: Path) -> Site:
    dst.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "incidents", "site_src"):
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, dst / name)
        else:
            shutil.copy(src, dst / name)
    return Site(dst)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def configured_components() -> list[dict]:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "statuskit" in plugin:
            return plugin["statuskit"]["components"]
    raise AssertionError("no statuskit block in mkdocs.yml")


def statuskit_cmd() -> list[str]:
    exe = shutil.which("statuskit")
    return [exe] if exe else [sys.executable, "-m", "generator.cli"]


def subprocess_env(epoch: int | None = EPOCH) -> dict[str, str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUNBUFFERED="1")
    env.pop("SOURCE_DATE_EPOCH", None)
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = str(epoch)
    return env


# ---------------------------------------------------------------- 1. home page


@pytest.fixture(scope="module")
def home(example_site: Path) -> BeautifulSoup:
    return soup_of(example_site / "index.html")


def test_home_banner_says_what_the_components_show(home):
    banner = home.select_one(".sk-banner")
    assert banner is not None
    # The open card breach has impact critical, but by now its only impaired component is
    # degraded: Statuspage's words for that (see generator/page_state.py), not "Major System Outage".
    assert text(banner) == "Partially Degraded Service"
    assert "sk-banner--minor" in banner["class"]


def test_home_lists_every_component_in_its_group_with_icon_and_text(home, example_site):
    components = configured_components()
    assert {c["id"] for c in components} == set(EXPECTED_STATUS)
    css = (example_site / "assets/statuskit/statuskit.css").read_text(encoding="utf-8")
    groups = content(home).select(".sk-group")
    assert groups, "no component groups"
    group_of: dict[str, str] = {}
    for group in groups:
        heading = group.select_one(".sk-group__name")
        name = heading.find(string=True).strip() if heading else ""
        for li in group.select("li.sk-component"):
            group_of[li["id"].removeprefix("component-")] = name
    for comp in components:
        li = content(home).select_one(f"li#component-{comp['id']}")
        assert li is not None, f"component {comp['id']} missing"
        assert text(li.select_one(".sk-component__name")) == comp["name"]
        if comp.get("group"):
            assert group_of[comp["id"]] == comp["group"], comp["id"]
        else:
            assert group_of[comp["id"]] not in {c.get("group") for c in components}
        expected = EXPECTED_STATUS[comp["id"]]
        status = li.select(".sk-component__head .sk-status")
        assert len(status) == 1, comp["id"]
        # never colour alone: the words are there, and the class carries an icon
        assert text(status[0]) == STATUS_TEXT[expected], comp["id"]
        assert f"sk-status--{expected}" in status[0]["class"], comp["id"]
        assert re.search(rf"\.sk-status--{expected}::before[^{{]*\{{[^}}]*content:\s*\"[^\"]+\"", css), (
            f"no icon for {expected}"
        )
    # group order and membership follow mkdocs.yml
    assert [text(g.select_one(".sk-component__name")) for g in groups] == [
        "Virtual servers",
        "Card payments in stores",
        "Recall lookup by VIN",
        "Customer support line",
    ]


def test_home_group_rows_show_their_worst_status(home):
    heads = {
        h.find(string=True).strip(): h.select_one(".sk-status")
        for h in content(home).select(".sk-group__name")
    }
    assert text(heads["Stores and payments"]) == "Degraded performance"
    assert text(heads["Hosting"]) == "Operational"
    assert text(heads["Vehicles"]) == "Operational"


def test_home_open_incident_shows_latest_update_and_next_update(home):
    section = section_by_heading(content(home), "Open incidents")
    cards = section.select("article")
    assert len(cards) == 1, "exactly one incident is open at the epoch"
    card = cards[0]
    link = card.select_one("h3 a")
    assert text(link) == "Payment card data stolen from checkout terminals in our stores"
    assert link["href"] == f"incidents/{BREACH}/"
    body = text(card)
    assert "Every checkout terminal in every store has been replaced" in body  # the 22 Nov update
    assert "Our card processor told us this afternoon" not in body  # not an older one
    assert "Monitoring" in body
    latest_time = card.select_one(".sk-latest time")
    assert parse_iso(latest_time["datetime"]) == datetime(2026, 11, 22, 12, 10, tzinfo=CET)
    nexts = [p for p in card.find_all("p") if text(p).startswith("Next update by")]
    assert len(nexts) == 1
    when = nexts[0].find("time")
    assert when is not None and parse_iso(when["datetime"]) == datetime(2026, 11, 23, 17, 0, tzinfo=CET)
    assert "17:00 CET" in text(when)


def test_home_upcoming_maintenance(home):
    upcoming = section_by_heading(content(home), "Upcoming maintenance")
    links = [a["href"] for a in upcoming.find_all("a", href=True)]
    assert f"incidents/{ROUTER}/" in links
    starts = [parse_iso(t["datetime"]) for t in upcoming.find_all("time")]
    assert datetime(2026, 12, 5, 1, 0, tzinfo=UTC) in starts
    assert datetime(2026, 12, 5, 3, 0, tzinfo=UTC) in starts
    assert "Scheduled" in text(upcoming)
    open_section = section_by_heading(content(home), "Open incidents")
    assert f"incidents/{ROUTER}/" not in [a["href"] for a in open_section.find_all("a", href=True)]


def test_home_recent_history_and_history_link(home, example_site):
    page = content(home)
    day = next((h for h in page.find_all("h3") if text(h) == "12 Nov 2026"), None)
    assert day is not None, "no heading for 12 Nov 2026 in the recent history"
    listing = day.find_next_sibling()
    assert listing is not None and listing.name == "ul", "12 Nov 2026 lists no incident"
    row = listing.find("a", href=f"incidents/{HEBREW}/")
    assert row is not None
    assert text(row) == "קו התמיכה הטלפוני אינו זמין"
    assert "Resolved" in text(row.find_parent("li"))
    targets = [resolve(example_site, example_site / "index.html", h)[0] for h in local_links(page)]
    assert (example_site / "history" / "index.html").resolve() in targets


# ---------------------------------------------------------------- 2. incident page


@pytest.fixture(scope="module")
def outage(example_site: Path) -> BeautifulSoup:
    return soup_of(example_site / "incidents" / OUTAGE / "index.html")


def facts(page: Tag) -> dict[str, Tag]:
    return {text(dt): dt.find_next_sibling("dd") for dt in page.select("dl dt")}


def test_incident_page_facts(outage):
    h1s = outage.find_all("h1")
    assert len(h1s) == 1
    assert text(h1s[0]) == "Power outage in the Budapest data centre"
    page = content(outage)
    f = facts(page)
    assert text(f["Status"]) == "Resolved"
    assert text(f["Impact"]) == "Critical"
    assert parse_iso(f["Started"].find("time")["datetime"]) == datetime(2026, 10, 14, 6, 12, tzinfo=CEST)
    assert parse_iso(f["Resolved"].find("time")["datetime"]) == datetime(2026, 10, 14, 11, 52, tzinfo=CEST)
    assert "06:12 CEST" in text(f["Started"]) and "11:52 CEST" in text(f["Resolved"])
    assert text(f["Duration"]) in {"5 h 40 min", "5h 40m", "5 hours 40 minutes"}
    affected = [text(li) for li in f["Affected components"].find_all("li")]
    assert sorted(affected) == ["Block storage", "Control panel", "Network and DNS", "Virtual servers"]
    assert not page.find(string=re.compile("Next update by")), "a resolved incident promises no next update"


# (at, status) of every update in the file, oldest first
OUTAGE_UPDATES = [
    ((6, 12), "Investigating"),
    ((6, 41), "Identified"),
    ((7, 26), "Identified"),
    ((8, 18), "Identified"),
    ((9, 4), "Monitoring"),
    ((10, 33), "Monitoring"),
    ((11, 52), "Resolved"),
]


def test_incident_timeline_newest_first_with_times_in_site_timezone(outage):
    page = content(outage)
    items = page.select("li[id^=update-]")
    n = len(OUTAGE_UPDATES)
    assert [li["id"] for li in items] == [f"update-{i}" for i in range(n, 0, -1)]
    assert len({li["id"] for li in outage.select("[id^=update-]")}) == n, "anchors must be unique"
    for li, ((hour, minute), status) in zip(items, reversed(OUTAGE_UPDATES), strict=True):
        times = li.find_all("time")
        assert len(times) >= 1
        when = parse_iso(times[0]["datetime"])
        assert when == datetime(2026, 10, 14, hour, minute, tzinfo=CEST), li["id"]
        local = when.astimezone(BUDAPEST)
        shown = text(times[0])
        assert f"{local:%H:%M} {local.tzname()}" in shown, shown
        assert local.tzname() == "CEST"
        assert "14 Oct 2026" in shown
        assert status in text(li)
        anchor = li.find("a", href=f"#{li['id']}")
        assert anchor is not None, f"no permalink for {li['id']}"
    # messages are rendered from Markdown, not shown as source
    second = page.select_one("li#update-2")
    assert text(second.find("strong", string="storage first")) == "storage first"
    assert len(second.select(".sk-update__body p, p")) >= 3
    assert "**" not in text(items[0].parent)


def test_incident_faq_video_contact_and_postmortem(outage):
    page = content(outage)
    questions = [text(s) for s in page.find_all("summary")] or [text(d) for d in page.find_all("dt")]
    for q in (
        "Was any of my data lost?",
        "Do I need to restart or rebuild my server?",
        "Will I get a refund for the downtime?",
        "Why did the backup power not take over?",
    ):
        assert q in questions
    assert "We have no sign of data loss." in text(page)
    video = page.find("a", href="https://www.youtube.com/watch?v=Qm7tR2xKp4w")
    assert video is not None and text(video)
    contact = page.find("a", href="mailto:hosting-support@northwind.example")
    assert contact is not None
    assert contact.find_parent(["aside", "section"]) is not None
    review = section_by_heading(page, "Post-incident review")
    assert "lost power for 83 minutes" in text(review)
    assert any(text(h) == "Summary" for h in review.find_all(re.compile("^h[2-6]$")))


def test_postmortem_headings_nest_under_the_review(outage):
    review = section_by_heading(content(outage), "Post-incident review")
    own = review.find("h2", string=re.compile("Post-incident review"))
    inner = [h.name for h in review.find_all(re.compile("^h[1-6]$")) if h is not own]
    assert inner, "the postmortem has headings"
    assert all(name in ("h3", "h4", "h5", "h6") for name in inner), inner


def test_incident_postmortem_table_is_rendered(outage):
    review = section_by_heading(content(outage), "Post-incident review")
    assert "|---|" not in text(review)
    assert review.find("table") is not None


# ---------------------------------------------------------------- 3. history


def incident_links(site: Path, page: Path) -> dict[str, Tag]:
    """Incident id -> link, for every link on ``page`` that resolves to an incident page."""
    out = {}
    for a in content(soup_of(page)).find_all("a", href=True):
        if urlsplit(a["href"]).scheme:
            continue
        target, _ = resolve(site, page, a["href"])
        rel = target.relative_to(site.resolve()).parts
        if len(rel) == 3 and rel[0] == "incidents" and rel[2] == "index.html":
            out[rel[1]] = a
    return out


def test_history_archive_links_every_incident_by_month(example_site):
    index = example_site / "history" / "index.html"
    year = example_site / "history" / "2026" / "index.html"
    assert index.is_file() and year.is_file()
    index_targets = [resolve(example_site, index, h)[0] for h in local_links(content(soup_of(index)))]
    assert year.resolve() in index_targets, "the history page does not link its year page"
    found: dict[str, Tag] = {}
    for page in (index, year):
        found.update(incident_links(example_site, page))
    assert sorted(found) == ALL_IDS
    year_links = incident_links(example_site, year)
    assert sorted(year_links) == ALL_IDS, "the year page lists every incident of the year"
    for incident_id, a in year_links.items():
        section = a.find_parent("section")
        heading = section.find(re.compile("^h[23]$"))
        month = datetime.strptime(incident_id[:7], "%Y-%m")
        assert text(heading) == f"{month:%B %Y}", incident_id


def test_history_links_resolve(example_site):
    history = example_site / "history"
    pages = [history / "index.html", *sorted(history.glob("*/index.html"))]
    assert len(pages) >= 2
    for page in pages:
        for href in local_links(content(soup_of(page))):
            target, fragment = resolve(example_site, page, href)
            assert target.is_file(), f"{page}: {href} -> {target} does not exist"
            if fragment:
                assert soup_of(target).find(id=fragment) is not None, f"{page}: {href}: no #{fragment}"


def test_history_index_itself_links_every_incident(example_site):
    assert sorted(incident_links(example_site, example_site / "history" / "index.html")) == ALL_IDS


# ---------------------------------------------------------------- 4. FAQ and nav


def test_faq_page_sits_beside_generated_pages(example_site):
    faq = example_site / "faq" / "index.html"
    assert faq.is_file()
    soup = soup_of(faq)
    assert [text(h) for h in soup.find_all("h1")] == ["Frequently asked questions"]
    assert "What do the component statuses mean?" in text(content(soup))
    for href in local_links(content(soup)):
        target, _ = resolve(example_site, faq, href)
        assert target.is_file(), f"FAQ link {href} is broken"
    nav_targets = [resolve(example_site, example_site / "index.html", a["href"])[0]
                   for a in soup_of(example_site / "index.html").select("nav a[href]")
                   if not urlsplit(a["href"]).scheme and not a["href"].startswith("#")]
    assert faq.resolve() in nav_targets
    assert (example_site / "history" / "index.html").resolve() in nav_targets


def test_incident_pages_are_not_in_the_nav(example_site):
    pages = html_files(example_site)
    assert any("incidents" in p.parts for p in pages)
    for page in pages:
        soup = soup_of(page)
        navs = soup.select("nav, .md-footer, .md-tabs")
        for nav in navs:
            for a in nav.find_all("a", href=True):
                if urlsplit(a["href"]).scheme or a["href"].startswith("#"):
                    continue
                target, _ = resolve(example_site, page, a["href"])
                rel = target.relative_to(example_site.resolve()).as_posix()
                assert not rel.startswith("incidents/"), f"{page}: nav links {a['href']}"
                assert not re.fullmatch(r"history/\d{4}/index\.html", rel), f"{page}: nav links {a['href']}"


# ---------------------------------------------------------------- 5. reproducibility


def test_two_builds_are_byte_identical(tmp_path):
    site = copy_example(tmp_path / "src")
    first = tree(site.build(tmp_path / "out-a"))
    second = tree(site.build(tmp_path / "elsewhere" / "out-b"))
    other = tree(copy_example(tmp_path / "src2").build(tmp_path / "out-c"))
    assert "sitemap.xml.gz" in first and "index.html" in first
    assert f"incidents/{OUTAGE}/index.html" in first
    for name, build in (("second build", second), ("build from another checkout", other)):
        assert sorted(first) == sorted(build), name
        differing = [rel for rel in first if first[rel] != build[rel]]
        assert not differing, f"{name}: files differ: {differing}"


# ---------------------------------------------------------------- 6. mkdocs build --strict


def test_mkdocs_build_strict_passes_on_example(tmp_path):
    site = copy_example(tmp_path / "src")
    mkdocs = shutil.which("mkdocs") or str(Path(sys.executable).with_name("mkdocs"))
    out = tmp_path / "out"
    proc = subprocess.run(
        [mkdocs, "build", "--strict", "--site-dir", str(out)],
        cwd=site.root,
        env=subprocess_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert (out / "incidents" / OUTAGE / "index.html").is_file()
    assert (out / "history" / "index.html").is_file()


# ---------------------------------------------------------------- 7. XSS

EVIL_TITLE = "<img src=x onerror=alert(1)>"
XSS_INCIDENT = """
title: "<img src=x onerror=alert(1)>"
impact: major
components: [api]
updates:
  - at: 2026-11-22T09:00:00Z
    status: investigating
    message: |
      <script>alert(1)</script>

      Inline <img src=x onerror=alert(1)> and <b onmouseover="alert(1)">bold</b>.

      [click](javascript:alert(1)) and [x](JaVaScRiPt:alert(1)) and [t](  javascript:alert(1))
      and ![pic](javascript:alert(1)) and <a href="javascript:alert(1)">raw link</a>

      <div onerror="alert(1)">block</div>

      <svg onload=alert(1)></svg>
    next_update: 2026-11-23T18:00:00Z
video: 'https://www.youtube.com/watch?v=abc"><script>alert(1)</script>'
contact: 'https://example.com/help" onmouseover="alert(1)'
faq:
  - q: "<img src=x onerror=alert(1)>"
    a: |
      <iframe src="javascript:alert(1)"></iframe>
      <p onclick="alert(1)">raw html answer</p>
      <script>alert(1)</script>
postmortem: |
  <script>alert(1)</script> and [here](vbscript:msgbox(1)) and [there](data:text/html,x)
"""


JS_TYPES = {"", "module", "text/javascript", "application/javascript", "text/ecmascript"}


def assert_no_executable_content(page: Path) -> None:
    soup = soup_of(page)
    for tag in soup.find_all(True):
        if tag.name == "script":
            kind = str(tag.get("type", "")).split(";")[0].strip().lower()
            if kind in JS_TYPES:
                assert "alert" not in tag.get_text(), f"{page}: script runs alert"
            else:  # a data block (JSON-LD, config): must be whole, i.e. nothing broke out of it
                assert kind.endswith("json"), f"{page}: <script type={kind!r}>"
                json.loads(tag.get_text())
        assert tag.name not in ("iframe", "object", "embed"), f"{page}: <{tag.name}>"
        for attr, value in tag.attrs.items():
            assert not attr.lower().startswith("on"), f"{page}: <{tag.name} {attr}=...>"
            if attr.lower() in ("href", "src", "action", "formaction", "xlink:href", "data"):
                cleaned = re.sub(r"[\x00-\x20]", "", str(value)).lower()
                assert not cleaned.startswith(("javascript:", "vbscript:", "data:")), (
                    f"{page}: <{tag.name} {attr}={value!r}>"
                )


def xss_site(make_site) -> Path:
    return make_site({"2026-11-22-xss.yaml": XSS_INCIDENT}).build()


def test_no_executable_content_in_any_page(make_site):
    out = xss_site(make_site)
    pages = html_files(out)
    incident = out / "incidents" / "2026-11-22-xss" / "index.html"
    assert incident in pages and out / "index.html" in pages and out / "history" / "index.html" in pages
    for page in pages:
        assert_no_executable_content(page)
    # the title is plain text everywhere it is shown
    inc = soup_of(incident)
    assert [text(h) for h in inc.find_all("h1")] == [EVIL_TITLE]
    assert inc.title is not None and inc.title.get_text().startswith(EVIL_TITLE)
    assert EVIL_TITLE in [text(s) for s in inc.find_all("summary")], "FAQ question shown as text"
    home = soup_of(out / "index.html")
    assert EVIL_TITLE in [text(a) for a in content(home).find_all("a")]
    history = soup_of(out / "history" / "index.html")
    assert EVIL_TITLE in [text(a) for a in content(history).find_all("a")]
    # raw HTML in messages is shown as text or dropped, never passed through
    assert "&lt;" not in text(content(inc)), "double-escaped text"


def test_search_index_has_no_raw_html_from_incidents(make_site):
    out = xss_site(make_site)
    raw = (out / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "<img src=x onerror" not in raw
    assert "<script>alert" not in raw
    docs = json.loads(raw)["docs"]
    assert any("2026-11-22-xss" in d["location"] for d in docs), "the incident is indexed"
    for doc in docs:
        for key in ("title", "text"):
            value = doc.get(key, "")
            assert "<img src=x onerror" not in value, doc["location"]
            assert "<script" not in value.lower(), doc["location"]
            assert not re.search(r"<[a-z][^>]*\son\w+\s*=", value, re.IGNORECASE), doc["location"]


def test_entity_encoded_javascript_links_are_dropped(make_site):
    incident = """
    title: Encoded links
    impact: minor
    components: [api]
    updates:
      - at: 2026-11-22T09:00:00Z
        status: investigating
        message: |
          [a](java&#115;cript:alert(1)) [b](&#106;avascript:alert(1)) [c](javascript&#58;alert(1))
          [d](&#x6A;avascript:alert(1)) [e](javascript&colon;alert(1))
    """
    out = make_site({"2026-11-22-encoded.yaml": incident}).build()
    for page in html_files(out):
        assert_no_executable_content(page)


# ---------------------------------------------------------------- 8. collisions

CLASHES = [
    pytest.param("incidents/2026-11-22-db.md", id="incident-page"),
    pytest.param("history/index.md", id="history-page"),
]
SIMPLE_INCIDENT = """
title: Database slow
impact: minor
components: [database]
updates:
  - at: 2026-11-22T09:00:00Z
    status: investigating
    message: Queries are slow.
"""


@pytest.mark.parametrize("handwritten", CLASHES)
def test_generated_page_colliding_with_handwritten_fails(make_site, tmp_path, handwritten):
    site = make_site({"2026-11-22-db.yaml": SIMPLE_INCIDENT})
    page = site.root / "site_src" / handwritten
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text("# Hand-written\n", encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.run(
        [*statuskit_cmd(), "build", "--site-dir", str(out)],
        cwd=site.root,
        env=subprocess_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert f"site_src/{handwritten}" in proc.stderr + proc.stdout
    assert "Traceback" not in proc.stderr
    assert not out.exists()


def test_build_error_names_the_file_in_process(make_site):
    site = make_site({"2026-11-22-db.yaml": SIMPLE_INCIDENT})
    assert site.cli("validate").exit_code == 0
    page = site.root / "site_src" / "history" / "index.md"
    page.parent.mkdir(parents=True)
    page.write_text("# Hand-written\n", encoding="utf-8")
    result = site.cli("build", "--site-dir", str(site.root / "out"))
    assert result.exit_code == 1
    assert "site_src/history/index.md" in result.output


# ---------------------------------------------------------------- 9. init


def run_cli(*args: str, cwd: Path | None = None, epoch: int | None = None):
    env = {"SOURCE_DATE_EPOCH": str(epoch) if epoch is not None else None}
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(main, list(args), env=env, catch_exceptions=True)
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return runner.invoke(main, list(args), env=env, catch_exceptions=True)
    finally:
        os.chdir(old)


def test_init_creates_a_site_that_validates_and_builds(tmp_path):
    root = tmp_path / "new-status"
    result = run_cli("init", str(root))
    assert result.exit_code == 0, result.output + repr(result.exception)
    assert (root / "mkdocs.yml").is_file()
    assert list((root / "incidents").glob("*.yaml")), "no example incident"
    assert (root / "site_src" / "faq.md").is_file()
    workflows = list((root / ".github" / "workflows").glob("*.y*ml"))
    assert len(workflows) == 1
    config = str(root / "mkdocs.yml")
    validated = run_cli("validate", "--config-file", config)
    assert validated.exit_code == 0, validated.output + repr(validated.exception)
    out = tmp_path / "built"
    built = run_cli("build", "--config-file", config, "--site-dir", str(out))
    assert built.exit_code == 0, built.output + repr(built.exception)
    assert (out / "index.html").is_file() and (out / "history" / "index.html").is_file()
    example_id = next((root / "incidents").glob("*.yaml")).stem
    assert (out / "incidents" / example_id / "index.html").is_file()
    # also from the site's root, without --config-file
    assert run_cli("validate", cwd=root).exit_code == 0


def test_init_workflow_parses_and_validates_and_builds(tmp_path):
    root = tmp_path / "s"
    assert run_cli("init", str(root)).exit_code == 0
    workflow = next((root / ".github" / "workflows").glob("*.y*ml"))
    data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    assert isinstance(data, dict) and isinstance(data.get("jobs"), dict) and data["jobs"]
    assert True in data or "on" in data, "no triggers"  # PyYAML reads the key `on` as True
    runs = [
        step.get("run", "")
        for job in data["jobs"].values()
        for step in job.get("steps", [])
        if isinstance(step, dict)
    ]
    assert any("statuskit validate" in r for r in runs)
    assert any("statuskit build" in r for r in runs)


def test_init_refuses_existing_files(tmp_path):
    root = tmp_path / "s"
    assert run_cli("init", str(root)).exit_code == 0
    (root / "mkdocs.yml").write_text("site_name: Mine\n", encoding="utf-8")
    before = tree(root)
    again = run_cli("init", str(root))
    assert again.exit_code == 1
    assert "mkdocs.yml" in again.output
    assert "Traceback" not in again.output
    assert tree(root) == before, "init changed an existing site"


def test_init_refusal_names_real_files(tmp_path):
    root = tmp_path / "s"
    assert run_cli("init", str(root)).exit_code == 0
    again = run_cli("init", str(root))
    assert again.exit_code == 1
    named = re.findall(r"^(\S+): already exists$", again.output, re.MULTILINE)
    assert named
    for path in named:
        assert Path(path).exists(), f"the error names {path}, which does not exist"


def test_init_quotes_the_site_name(tmp_path):
    root = tmp_path / "s"
    assert run_cli("init", str(root), "--name", "Acme: Status #1").exit_code == 0
    assert run_cli("validate", "--config-file", str(root / "mkdocs.yml")).exit_code == 0
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == "Acme: Status #1"


def test_init_honours_source_date_epoch(tmp_path):
    epoch = EPOCH - 30 * 86400
    root = tmp_path / "s"
    assert run_cli("init", str(root), epoch=epoch).exit_code == 0
    result = run_cli("validate", "--config-file", str(root / "mkdocs.yml"), epoch=epoch)
    assert result.exit_code == 0, result.output


# ---------------------------------------------------------------- 10. atomic build


def break_incident(site: Site) -> None:
    (site.incidents / "2026-11-22-db.yaml").write_text("title: [unclosed\nimpact: minor\n", encoding="utf-8")


def add_clashing_page(site: Site) -> None:
    page = site.root / "site_src" / "history" / "index.md"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text("# Mine\n", encoding="utf-8")


@pytest.mark.parametrize(
    "breakage",
    [
        pytest.param(break_incident, id="broken-incident"),
        pytest.param(add_clashing_page, id="fails-in-mkdocs"),
    ],
)
def test_failed_build_leaves_previous_site_untouched(make_site, breakage):
    site = make_site({"2026-11-22-db.yaml": SIMPLE_INCIDENT})
    out = site.build()
    before = tree(out)
    assert "index.html" in before
    breakage(site)
    result = site.cli("build", "--site-dir", str(out))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert tree(out) == before, "the previous site changed"
    leftovers = [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")]
    assert leftovers == [], f"stray build directories: {leftovers}"


def test_successful_rebuild_leaves_no_stray_dirs(make_site):
    site = make_site({"2026-11-22-db.yaml": SIMPLE_INCIDENT})
    out = site.build()
    site.build(out)
    assert (out / "index.html").is_file()
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")] == []


def test_site_dir_has_normal_permissions(make_site, tmp_path):
    site = make_site({"2026-11-22-db.yaml": SIMPLE_INCIDENT})
    out = site.build()
    umask = os.umask(0)
    os.umask(umask)
    reference = tmp_path / "plain-dir"
    reference.mkdir()
    assert stat.S_IMODE(out.stat().st_mode) == stat.S_IMODE(reference.stat().st_mode) == 0o777 & ~umask


# ---------------------------------------------------------------- 11. serve


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except (urllib.error.URLError, OSError):
        return 0, ""


def wait_for(predicate, timeout: float, what: str, proc: subprocess.Popen | None = None, logs=None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        if proc is not None and proc.poll() is not None:
            raise AssertionError(
                f"serve exited ({proc.returncode}) while waiting for {what}\n{logs and logs()}"
            )
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}\n{logs and logs()}")


class Served:
    def __init__(self, root: Path, port: int) -> None:
        self.root = root
        self.port = port
        self.url = f"http://127.0.0.1:{port}/"
        self.out = root / "serve.out"
        self.err = root / "serve.err"

    def logs(self) -> str:
        return self.out.read_text(errors="replace") + self.err.read_text(errors="replace")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Served, subprocess.Popen]]:
    root = copy_example(tmp_path / "src").root
    proc = None
    try:
        for _attempt in range(3):
            served = Served(root, free_port())
            with served.out.open("wb") as out, served.err.open("wb") as err:
                proc = subprocess.Popen(
                    [*statuskit_cmd(), "serve", "--dev-addr", f"127.0.0.1:{served.port}"],
                    cwd=root,
                    env=subprocess_env(),
                    stdout=out,
                    stderr=err,
                    stdin=subprocess.DEVNULL,
                )
            try:
                wait_for(lambda s=served: fetch(s.url)[0] == 200, 30, "the first page", proc, served.logs)
                break
            except AssertionError:
                if proc.poll() is not None and "in use" in served.logs():
                    continue  # someone took the port meanwhile: try another
                raise
        yield served, proc
    finally:
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


def test_serve_keeps_last_good_build_and_shows_clear_error(served):
    server, proc = served
    status, page = fetch(server.url)
    assert status == 200
    assert "Payment card data stolen from checkout terminals in our stores" in page
    incident = server.root / "incidents" / f"{BREACH}.yaml"
    good = incident.read_text(encoding="utf-8")
    builds_before = server.logs().count("Documentation built")

    incident.write_text("title: Broken\nimpact: [unclosed\n", encoding="utf-8")
    error_line = re.compile(rf"incidents/{re.escape(BREACH)}\.yaml:\d+")
    wait_for(lambda: error_line.search(server.logs()), 30, "the error line", proc, server.logs)
    rebuilt = lambda: server.logs().count("Documentation built") > builds_before  # noqa: E731
    wait_for(rebuilt, 30, "the rebuild", proc, server.logs)
    assert proc.poll() is None, "serve died on a broken incident file"
    status, page = fetch(server.url)
    assert status == 200
    soup = BeautifulSoup(page, "lxml")
    assert text(soup.select_one(".sk-banner")) == "Partially Degraded Service"
    assert "Payment card data stolen from checkout terminals in our stores" in page
    assert "Traceback" not in server.logs()

    incident.write_text(
        good.replace(
            "title: Payment card data stolen from checkout terminals in our stores",
            "title: Card data theft at store checkouts (updated)",
        ),
        encoding="utf-8",
    )
    wait_for(
        lambda: "Card data theft at store checkouts (updated)" in fetch(server.url)[1],
        30,
        "the fixed title",
        proc,
        server.logs,
    )
    assert "Traceback" not in server.logs()


def test_serve_shows_the_error_on_every_page_until_it_is_fixed(served):
    """issue 12: the browser says the preview is the last good build, with file:line and the fix."""
    server, proc = served
    incident = server.root / "incidents" / f"{BREACH}.yaml"
    good = incident.read_text(encoding="utf-8")
    pages = ["", f"incidents/{BREACH}/", "history/", "no-such-page/"]  # generated, fast path, 404

    def banner(page: str) -> Tag | None:
        try:
            with urllib.request.urlopen(server.url + page, timeout=5) as response:
                body = response.read()
        except urllib.error.HTTPError as exc:  # the 404 page
            body = exc.read()
        return BeautifulSoup(body.decode("utf-8", "replace"), "lxml").select_one(".sk-serve-error")

    for page in pages:
        assert banner(page) is None, page
    lines = good.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines[at] = "title: @<script>alert(1)</script> broken"
    incident.write_text("\n".join(lines), encoding="utf-8")
    wait_for(lambda: banner("") is not None, 30, "the error banner", proc, server.logs)
    for page in pages:
        box = banner(page)
        assert box is not None, page
        assert box.get("role") == "alert"
        said = text(box)
        assert f"incidents/{BREACH}.yaml:{at + 1}:" in said, said
        assert "'@' cannot start" in said
        assert 'fix: put the whole text in double quotes: title: "@<script>' in said
        assert box.find("script") is None  # the quoted text is escaped, never markup
    status, page = fetch(server.url)
    assert status == 200 and "Payment card data stolen from checkout terminals in our stores" in page

    incident.write_text(good, encoding="utf-8")
    wait_for(lambda: banner("") is None, 30, "the banner to go", proc, server.logs)
    for page in pages:
        assert banner(page) is None, page
    assert "Traceback" not in server.logs()


def test_serve_rebuilds_keep_the_site_whole(served):
    """serve keeps its directory between rebuilds: the search index stays whole, gone pages go."""
    server, proc = served
    gone = server.root / "incidents" / "2026-08-18-slow-online-shop.yaml"
    assert fetch(server.url + "incidents/2026-08-18-slow-online-shop/")[0] == 200
    index_before = json.loads(fetch(server.url + "search/search_index.json")[1])["docs"]
    builds_before = server.logs().count("Documentation built")
    gone.unlink()
    incident = server.root / "incidents" / f"{HEBREW}.yaml"
    renamed = incident.read_text(encoding="utf-8").replace("title: ", "title: Renamed ", 1)
    incident.write_text(renamed, "utf-8")
    wait_for(lambda: server.logs().count("Documentation built") > builds_before, 30, "the rebuild", proc,
             server.logs)
    wait_for(lambda: "Renamed" in fetch(server.url + f"incidents/{HEBREW}/")[1], 30, "the new title", proc,
             server.logs)
    assert fetch(server.url + "incidents/2026-08-18-slow-online-shop/")[0] == 404
    docs = json.loads(fetch(server.url + "search/search_index.json")[1])["docs"]
    locations = [d["location"] for d in docs]
    assert len(locations) == len(set(locations)), "entries merged twice"
    lost = {d["location"] for d in index_before} - set(locations)
    assert lost == {"incidents/2026-08-18-slow-online-shop/", "history/#month-2026-08"}  # its only month
    assert any(d["title"].startswith("Renamed") for d in docs)
    assert "faq/" in locations  # hand-written pages stay indexed although unchanged
    assert "dirty" not in server.logs()


def test_serve_shows_a_changed_site_fact_on_pages_it_kept(served):
    """A rebuild keeps incident pages' content while their inputs are equal (session.py): a changed
    component name in mkdocs.yml is one of those inputs, so every kept page shows the new name."""
    server, proc = served
    page = f"incidents/{BREACH}/"
    assert "Card payments in stores" in fetch(server.url + page)[1]
    config = server.root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("name: Card payments in stores", "name: Till payments"),
        encoding="utf-8",
    )
    wait_for(lambda: "Till payments" in fetch(server.url + page)[1], 30, "the new name", proc, server.logs)
    assert "Card payments in stores" not in fetch(server.url + page)[1]
    assert "Till payments" in fetch(server.url)[1]
    assert "Traceback" not in server.logs()


def test_serve_on_busy_port_fails_without_traceback(tmp_path):
    root = copy_example(tmp_path / "src").root
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = subprocess.Popen(
            [*statuskit_cmd(), "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=root,
            env=subprocess_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            out, err = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate(timeout=10)
    assert proc.returncode == 1
    assert "Traceback" not in out + err
    assert str(port) in out + err
