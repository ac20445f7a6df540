"""A status page first: what a reader sees in the first second, at 1280 and 375 px.

Order and visibility of the key elements (not pixels), in headless Chromium, light and dark,
with and without JavaScript. Screenshots go to the tests' artefacts (browser.screenshot).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import browser
import pytest
from browser import open_page, screenshot, serve

chromium = browser.chromium  # the session's headless Chromium (a fixture: pytest finds it here)

BREACH = "2026-11-20-store-payment-card-breach"
WIDTHS = {"wide": (1280, 800), "phone": (375, 740)}


@pytest.fixture(scope="module")
def base(example_site: Path) -> Iterator[str]:
    with serve(example_site) as url:
        yield url


def top(page: Any, selector: str) -> float:
    found = page.locator(selector).first.bounding_box()
    assert found is not None, f"{selector} is not shown"
    return float(found["y"])


def in_view(page: Any, selector: str, height: int) -> bool:
    found = page.locator(selector).first.bounding_box()
    return found is not None and found["y"] + min(found["height"], 24) <= height


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", WIDTHS)
def test_home_reads_state_components_incidents_maintenance_days(chromium, base, size, scheme, js):
    width, height = WIDTHS[size]
    viewport = {"width": width, "height": height}
    options = {"viewport": viewport, "color_scheme": scheme, "java_script_enabled": js}
    with open_page(chromium, base, **options) as visit:
        page = visit.page
        order = [".sk-banner", "#sk-components", ".sk-group", "#sk-open", "#sk-upcoming", "#sk-recent"]
        tops = [top(page, s) for s in order]
        assert tops == sorted(tops), dict(zip(order, tops, strict=True))
        # the state and the first component with its state and uptime, above the fold
        first = "li.sk-component"
        shown = (
            ".sk-banner", f"{first} .sk-component__name", f"{first} .sk-component__head .sk-status", ".sk-bar"
        )
        for selector in shown:
            assert in_view(page, selector, height), selector
        # no documentation chrome: no sidebar or table of contents beside the status, no grey
        # page title above the banner (still there for screen readers), no search over the status
        assert not page.locator(".md-sidebar--secondary").is_visible()
        if size == "wide":
            assert not page.locator(".md-sidebar--primary").is_visible()
            assert page.locator(".md-tabs").is_visible()  # the site's pages are in the header
        title = page.locator(".md-content h1").first
        assert title.count() == 1 and (title.bounding_box() or {"width": 0})["width"] <= 1
        assert not page.locator(".md-header .md-search").is_visible()
        screenshot(page, f"layout-home-{size}-{scheme}-{'js' if js else 'nojs'}")


@pytest.mark.parametrize("size", WIDTHS)
def test_incident_page_puts_state_promise_and_latest_update_first(chromium, base, size):
    width, height = WIDTHS[size]
    url = base + f"incidents/{BREACH}/"
    with open_page(chromium, url, viewport={"width": width, "height": height}) as visit:
        page = visit.page
        order = ["article h1", "dl.sk-facts", ".sk-next", "li.sk-update", ".sk-faqs"]
        tops = [top(page, s) for s in order]
        assert tops == sorted(tops), dict(zip(order, tops, strict=True))
        assert in_view(page, "dl.sk-facts .sk-status", height)
        assert in_view(page, ".sk-next", height)
        # share: one row of icon buttons of one size, each named by its text
        buttons = page.locator("nav.sk-share:not(.sk-share--compact) li:visible > :is(a, button)")
        boxes = [buttons.nth(i).bounding_box() for i in range(buttons.count())]
        assert len(boxes) >= 9 and all(b is not None for b in boxes)
        assert len({round(b["y"]) for b in boxes if b}) == 1, "share buttons wrap or sit on uneven baselines"
        assert len({round(b["width"]) for b in boxes if b}) == 1
        assert all(b and b["width"] >= 24 for b in boxes)
        names = [buttons.nth(i).inner_text().strip() for i in range(buttons.count())]
        assert all(names), names
        # the contact box: beside the timeline on wide screens, right after the timeline on phones
        contact = page.locator(".sk-contact").bounding_box()
        timeline = page.locator(".sk-timeline").bounding_box()
        assert contact and timeline
        if size == "wide":
            assert contact["x"] > timeline["x"] + timeline["width"] - 1 and contact["y"] < height
        else:
            assert contact["y"] > timeline["y"] and contact["y"] < top(page, ".sk-faqs")
        screenshot(page, f"layout-incident-{size}")
