"""The headline, the components, the days and the API tell one story.

Built sites (the real CLI) read back from the home page's HTML and the API's JSON: the three
contradictions the first-day issue found, and a property over generated sites that the
headline never disagrees with the components it stands above.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import TestSite, mkdocs_yml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import vocabulary as v

# EPOCH is 2026-11-23T12:00:00Z (conftest).


def read(built: Path) -> tuple[str, dict[str, str], dict[str, list[str]], dict]:
    """(headline, {component: status word}, {day: [incident titles]}, summary.json) of a built site."""
    soup = BeautifulSoup((built / "index.html").read_text(encoding="utf-8"), "lxml")
    headline = soup.select_one(".sk-banner").get_text(strip=True)
    summary = json.loads((built / "api" / "v2" / "summary.json").read_text(encoding="utf-8"))
    days: dict[str, list[str]] = {}
    for h3 in soup.select("#sk-recent ~ h3.sk-day, h3.sk-day"):
        after = h3.find_next_sibling()
        rows = after.select("li") if after else []
        days[h3.get_text(strip=True)] = [li.get_text(" ", strip=True) for li in rows]
    comps = {c["name"]: c["status"] for c in summary["components"] if not c.get("group")}
    return headline, comps, days, summary


BREACH = """\
title: Card data stolen
impact: critical
components: {payments: degraded_performance}
updates:
  - at: 2026-11-20T18:00:00Z
    status: investigating
    message: We are investigating.
  - at: 2026-11-21T10:00:00Z
    status: identified
    message: We found the cause.
  - at: 2026-11-22T09:00:00Z
    status: monitoring
    message: Card payments work again.
"""

WINDOW = """\
title: Database upgrade
maintenance: {start: 2026-12-07T02:00:00Z, end: 2026-12-07T04:00:00Z}
components: [database]
updates:
  - at: 2026-11-23T09:00:00Z
    status: scheduled
    message: We will upgrade the database.
"""

COMPONENTS = """
        - id: payments
          name: Payments
        - id: database
          name: Database
"""


@pytest.fixture
def story(make_site: Callable[..., TestSite]) -> TestSite:
    files = {"2026-11-20-breach.yaml": BREACH, "2026-12-07-upgrade.yaml": WINDOW}
    return make_site(files, components=COMPONENTS)


def test_the_headline_is_no_worse_than_the_components(story: TestSite) -> None:
    """A critical incident whose components are only degraded: not a red 'Major System Outage'."""
    headline, comps, _, summary = read(story.build())
    assert comps == {"Payments": "degraded_performance", "Database": "operational"}
    assert headline == "Partially Degraded Service"
    assert summary["status"] == {"indicator": "minor", "description": "Partially Degraded Service"}
    assert summary["incidents"][0]["impact"] == "critical"  # the incident keeps its own impact


def test_an_incident_is_listed_on_every_day_it_was_updated(story: TestSite) -> None:
    _, _, days, _ = read(story.build())
    for day in ("20 Nov 2026", "21 Nov 2026", "22 Nov 2026"):
        assert any("Card data stolen" in row for row in days[day]), (day, days)
    assert days["23 Nov 2026"] == []


def test_a_scheduled_window_lists_no_component_under_maintenance_before_it_starts(story: TestSite) -> None:
    built = story.build()
    html = (built / "incidents" / "2026-12-07-upgrade" / "index.html").read_text("utf-8")
    page = BeautifulSoup(html, "lxml")
    timeline = page.select_one(".sk-timeline") or page
    assert "Under maintenance" not in timeline.get_text(" ", strip=True)
    upcoming = json.loads((built / "api/v2/scheduled-maintenances/upcoming.json").read_text("utf-8"))
    (window,) = upcoming["scheduled_maintenances"]
    assert window["incident_updates"][0]["affected_components"] in (None, [])
    _, comps, _, _ = read(built)
    assert comps["Database"] == "operational"


STATUSES = st.sampled_from([s for s in v.COMPONENT_STATUSES if s != v.UNDER_MAINTENANCE])


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    incidents=st.lists(
        st.tuples(st.sampled_from(v.IMPACTS[1:]), st.dictionaries(st.sampled_from(["payments", "database"]),
                                                                 STATUSES, max_size=2), st.booleans()),
        max_size=3,
    )
)
def test_headline_components_and_api_agree(tmp_path_factory: pytest.TempPathFactory, incidents) -> None:
    root = tmp_path_factory.mktemp("story")
    (root / "incidents").mkdir()
    (root / "site_src").mkdir()
    (root / "mkdocs.yml").write_text(mkdocs_yml(components=COMPONENTS), encoding="utf-8")
    for n, (impact, comps, resolved) in enumerate(incidents):
        text = f"title: Incident {n}\nimpact: {impact}\ncomponents: {json.dumps(comps)}\nupdates:\n"
        text += "  - at: 2026-11-22T09:00:00Z\n    status: investigating\n    message: Looking.\n"
        if resolved:
            text += "  - at: 2026-11-22T10:00:00Z\n    status: resolved\n    message: Fixed.\n"
        (root / "incidents" / f"2026-11-22-i{n}.yaml").write_text(text, encoding="utf-8")
    site = TestSite(root)
    headline, comps, _, summary = read(site.build())
    statuses = list(comps.values())
    worst = v.worst(statuses)
    open_impacts = [imp for imp, _, resolved in incidents if not resolved]
    expected = v.COMPONENT_INDICATOR[worst] if worst != v.OPERATIONAL else v.worst_indicator(open_impacts)
    assert summary["status"]["indicator"] == expected
    assert summary["status"]["description"] == headline
    status_json = json.loads((root / "site" / "api" / "v2" / "status.json").read_text(encoding="utf-8"))
    assert status_json["status"] == summary["status"]
    if worst == v.OPERATIONAL and not open_impacts:
        assert headline == "All Systems Operational"
    assert (headline == "All Systems Operational") == (expected == "none")
