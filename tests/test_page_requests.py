"""No page makes a failed request, and feed readers still find the feeds (issue 12).

mkdocs-material's ``setupAlternate`` (``integrations/alternate/index.ts`` in its
bundle) takes every ``link[rel=alternate]`` of the page, an exact match of the
attribute, and fetches ``sitemap.xml`` beside its ``href`` to offer language
versions. For ``/api/v2/summary.json`` or ``/incidents/<id>/feed.rss`` that is a
404 on every page load. Every kind of page of the example site is opened in
Chromium with JavaScript on, and every request it makes is recorded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import browser
import feedparser
import pytest
from browser import open_page, serve
from bs4 import BeautifulSoup

chromium = browser.chromium  # the session's headless Chromium (a fixture: pytest finds it here)

OPEN = "2026-11-20-store-payment-card-breach"
PAGES = {
    "home": "",
    "incident": f"incidents/{OPEN}/",
    "resolved incident": "incidents/2026-10-14-budapest-datacentre-power-outage/",
    "upcoming maintenance": "incidents/2026-12-05-network-core-router-upgrade/",
    "completed maintenance": "incidents/2026-11-04-storage-firmware-upgrade/",
    "history": "history/",
    "history year": "history/2026/",
    "history month": "history/2026/11/",
    "faq": "faq/",
    "not found": "404.html",
}
FEED_TYPES = ("application/rss+xml", "application/atom+xml")


@pytest.fixture(scope="module")
def base(example_site: Path) -> Any:
    with serve(example_site) as url:
        yield url


@pytest.mark.parametrize("kind", list(PAGES))
def test_no_request_fails(chromium, base, kind):
    with open_page(chromium) as visit:
        page = visit.page
        bad: list[str] = []
        page.on("response", lambda r: r.status >= 400 and bad.append(f"{r.status} {r.url}"))
        page.on("requestfailed", lambda r: bad.append(f"failed {r.url}: {r.failure}"))
        page.goto(base + PAGES[kind], wait_until="load")
        page.wait_for_load_state("networkidle")
        assert visit.requests, kind
        assert bad == [], f"{kind}: {bad}"
        # The rule itself, as material reads it: each exact rel=alternate has a sitemap beside it.
        probed = page.eval_on_selector_all(
            "link[rel=alternate]", "els => els.map(e => new URL('sitemap.xml', e.href).href)"
        )
        for url in probed:
            assert page.request.get(url).status == 200, f"{kind}: material would fetch {url}"


def discovered(html: str) -> dict[str, list[str]]:
    """Feed links as a token-reading feed reader finds them: rel contains "alternate"."""
    soup = BeautifulSoup(html, "lxml")
    out: dict[str, list[str]] = {}
    for link in soup.select("head link[href]"):
        if "alternate" in (link.get("rel") or []):
            out.setdefault(str(link.get("type")), []).append(str(link["href"]))
    return out


@pytest.mark.parametrize("kind", [k for k in PAGES if k != "not found"])
def test_feeds_stay_discoverable(example_site, kind):
    page = example_site / PAGES[kind] / "index.html"
    html = page.read_text(encoding="utf-8")
    found = discovered(html)
    for mime in FEED_TYPES:
        assert found.get(mime), f"{kind}: no {mime} link"
        for href in found[mime]:
            target = (page.parent / href).resolve()
            parsed = feedparser.parse(target.read_bytes())
            assert not parsed.bozo and parsed.entries, f"{kind}: {href}: {parsed.get('bozo_exception')}"
    assert found.get("text/calendar") and found.get("application/json"), kind
    # Readers that compare rel="alternate" as a whole string still find the site's feeds.
    raw = BeautifulSoup(html, "html.parser", multi_valued_attributes=None)
    exact = raw.find_all("link", rel="alternate", type=list(FEED_TYPES))
    assert {str(link["href"]).rsplit("/", 1)[-1] for link in exact} >= {"history.rss", "history.atom"}, kind
    if kind.endswith(("incident", "maintenance")):
        own = [h for mime in FEED_TYPES for h in found[mime] if h.endswith(("/feed.rss", "/feed.atom"))]
        assert len(own) == 2, f"{kind}: the incident's own feeds are not announced"
