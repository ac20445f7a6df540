"""Feed entries say what the dashboard says (issue 12): a reader in a feed app learns the
components' status changes of each update, the impact (a maintenance: its window), the
next-update promise in the site's timezone, and who wrote it (the site, with its contact
address when that is an e-mail address). Read back with feedparser, Atom and RSS, from the
per-incident and the history feeds; operator text in them stays text.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import conftest
import feedparser
import pytest
from bs4 import BeautifulSoup
from lxml import etree

from generator.i18n import translator

NAME = "<b>Web & co</b>"  # markup in a component name: shown, never made an element
COMPONENTS = f"""
        - id: web
          name: "{NAME}"
        - id: api
          name: Public API
"""
OPEN = "2026-11-23-slow-web"
WINDOW = "2026-12-05-api-upgrade"
INCIDENTS = {
    f"{OPEN}.yaml": """
        title: Slow web
        impact: minor
        components: {web: degraded_performance}
        updates:
          - at: 2026-11-23T08:10:00Z
            status: investigating
            message: Pages are slow.
            next_update: 2026-11-23T09:00:00Z
          - at: 2026-11-23T08:50:00Z
            status: identified
            message: The API is down too.
            components: {api: major_outage}
        """,
    f"{WINDOW}.yaml": """
        title: API upgrade
        maintenance: {start: 2026-12-05T01:00:00Z, end: 2026-12-05T03:00:00Z}
        components: [api]
        updates:
          - at: 2026-11-20T09:00:00Z
            status: scheduled
            message: We upgrade the API.
        """,
}
T = translator("en")
ARROW = "→"


def build(make_site: Callable[..., conftest.TestSite], contact: str) -> Path:
    site = make_site(INCIDENTS, components=COMPONENTS, timezone="Europe/Budapest")
    config = site.config.read_text(encoding="utf-8")
    site.config.write_text(config.replace("mailto:help@example.com", contact), encoding="utf-8")
    return site.build()


FEEDS = [
    (f"incidents/{OPEN}/feed.atom", OPEN),
    (f"incidents/{OPEN}/feed.rss", OPEN),
    ("history.atom", OPEN),
    ("history.rss", OPEN),
    (f"incidents/{WINDOW}/feed.atom", WINDOW),
    ("history.rss", WINDOW),
]


def entries(out: Path, feed: str, incident: str) -> dict[str, tuple[object, BeautifulSoup]]:
    """The incident's entries in ``feed`` by update anchor: (feedparser entry, its HTML)."""
    parsed = feedparser.parse((out / feed).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    found = {}
    for entry in parsed.entries:
        if f"incidents/{incident}/update-" in entry.id:
            html = entry.content[0].value if feed.endswith(".atom") else entry.description
            found[entry.id.rsplit("/", 1)[1]] = (entry, BeautifulSoup(html, "html.parser"))
    return found


def shown(soup: BeautifulSoup) -> str:
    return " ".join(soup.get_text(" ").split())


@pytest.mark.parametrize(("feed", "incident"), FEEDS)
def test_entries_carry_impact_changes_and_promise(make_site, feed, incident):
    out = build(make_site, "mailto:help@example.com")
    found = entries(out, feed, incident)
    if incident == WINDOW:
        (_, soup), = found.values()
        text = shown(soup)
        assert f"{T('impact')}: {T('impact_maintenance')}" in text
        # 01:00-03:00 UTC is 02:00-04:00 in Budapest, in winter (CET).
        assert f"{T('window')}: 5 Dec 2026, 02:00 CET – 5 Dec 2026, 04:00 CET" in text
        return
    first, second = shown(found["update-1"][1]), shown(found["update-2"][1])
    for text in (first, second):
        assert f"{T('impact')}: {T('impact_minor')}" in text
    assert f"{NAME}: {T('operational')} {ARROW} {T('degraded_performance')}" in first
    assert f"Public API: {T('operational')} {ARROW} {T('major_outage')}" in second
    assert NAME not in second  # only what this update changed
    # The promise in the site's timezone: 09:00 UTC is 10:00 in Budapest.
    assert T("next_update", time="23 Nov 2026, 10:00 CET") in first
    assert T("next_update", time="") not in second  # the second update promised nothing
    for _, soup in found.values():
        assert soup.find("b") is None, "a component name became markup"
        assert "Pages are slow." in first and "The API is down too." in second  # the message stays first


@pytest.mark.parametrize("kind", ["atom", "rss"])
def test_the_site_is_the_author_with_its_contact_address(make_site, kind):
    out = build(make_site, "mailto:help@example.com")
    for feed in (f"incidents/{OPEN}/feed.{kind}", f"history.{kind}"):
        for entry, _ in entries(out, feed, OPEN).values():
            assert entry.author_detail.name == "Test Status", feed
            assert entry.author_detail.email == "help@example.com", feed
    if kind == "rss":  # RSS's <author> is an address with the name in parentheses
        doc = etree.fromstring((out / "history.rss").read_bytes())
        assert doc.findtext("channel/item/author") == "help@example.com (Test Status)"
        assert doc.find("channel/item/{http://purl.org/dc/elements/1.1/}creator") is None


@pytest.mark.parametrize(
    "contact", ["https://example.com/help", "tel:+3612345678", "mailto:a@example.com,b@example.com"]
)
def test_without_an_address_rss_names_the_author_in_dc_creator(make_site, contact):
    out = build(make_site, contact)
    rss = etree.fromstring((out / f"incidents/{OPEN}/feed.rss").read_bytes())
    items = rss.findall("channel/item")
    assert items and all(item.find("author") is None for item in items)
    dc = "{http://purl.org/dc/elements/1.1/}creator"
    assert [item.findtext(dc) for item in items] == ["Test Status"] * len(items)
    for kind in ("atom", "rss"):
        for entry, _ in entries(out, f"incidents/{OPEN}/feed.{kind}", OPEN).values():
            assert entry.author_detail.name == "Test Status"
            assert "email" not in entry.author_detail


def test_right_to_left_arrow_points_at_the_new_status(make_site):
    site = make_site(INCIDENTS, components=COMPONENTS, language="he")
    out = site.build()
    t = translator("he")
    (_, soup) = entries(out, f"incidents/{OPEN}/feed.atom", OPEN)["update-1"]
    assert f"{NAME}: {t('operational')} ← {t('degraded_performance')}" in shown(soup)
