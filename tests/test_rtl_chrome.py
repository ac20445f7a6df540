"""Right to left in Chromium (issue 12): a scaffolded site in Hebrew and in Persian reads
from the right, and nothing of ours is mirrored the wrong way.

Checked on the home page at desktop width: the page and its content run right to left;
material's navigation sits on the right of the content; the uptime bars start (oldest
day) on the right, where their axis says "90 days ago", and end at "today" on the left.
Screenshots go to ``test-artifacts/rtl-<lang>.png``.
"""

from __future__ import annotations

import browser
import pytest
from browser import open_page, screenshot, serve
from test_chrome_language import scaffold

from generator.i18n import translator

chromium = browser.chromium  # the session's headless Chromium (a fixture: pytest finds it here)


def box(page, selector: str) -> dict:
    found = page.locator(selector).first.bounding_box()
    assert found is not None, selector
    return found


@pytest.mark.parametrize("lang", ["he", "fa"])
def test_right_to_left_pages_are_not_mirrored_wrongly(chromium, tmp_path, lang):
    out = scaffold(tmp_path / "site-root", lang).build()
    t = translator(lang)
    with serve(out) as base, open_page(chromium, base, viewport={"width": 1280, "height": 900}) as visit:
        page = visit.page
        assert page.get_attribute("html", "dir") == "rtl"
        assert page.eval_on_selector("article", "el => getComputedStyle(el).direction") == "rtl"
        assert page.locator("article h1").first.inner_text().strip() == t("status")
        # material's navigation on the right of the content
        nav, content = box(page, ".md-sidebar--primary"), box(page, ".md-content")
        assert nav["x"] >= content["x"] + content["width"] - 1, (nav, content)
        # uptime: oldest day on the right under "N days ago", today on the left under "today"
        bars = page.locator(".sk-uptime__row").first.locator(".sk-bar > i")
        oldest, today = bars.first.bounding_box(), bars.last.bounding_box()
        assert oldest and today and oldest["x"] > today["x"], (oldest, today)
        axis = page.locator(".sk-uptime__axis").first.locator("span")
        ago, now = axis.nth(0), axis.nth(1)
        assert ago.inner_text().strip() == t("uptime_days_ago", n=90)
        assert now.inner_text().strip() == t("uptime_today")
        ago_box, now_box = ago.bounding_box(), now.bounding_box()
        assert ago_box and now_box and ago_box["x"] > now_box["x"]
        assert abs((ago_box["x"] + ago_box["width"]) - (oldest["x"] + oldest["width"])) < 4
        assert abs(now_box["x"] - today["x"]) < 4
        screenshot(page, f"rtl-{lang}")
