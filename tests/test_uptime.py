"""Uptime history: days and percentages computed by hand, and the home-page fragment.

"Now" is conftest.EPOCH = 2026-11-23T12:00:00Z. In UTC the 90-day window is
2026-08-26 .. 2026-11-23: 89 whole days and 12 hours of today, so
observed = 89 * 86400 + 12 * 3600 = 7_689_600 + 43_200 = 7_732_800 s.

The rule: uptime % = 100 * (1 - (major + 0.3 * partial) / (observed - maintenance)).
"""

from __future__ import annotations

import re
import time
from datetime import UTC, date, datetime, timedelta
from importlib import resources

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import EPOCH

from generator.config import site_config
from generator.fragments.uptime_view import BAR_CLASS, uptime_section
from generator.i18n import translator
from generator.load import incident_files, load_text
from generator.model import Incident, Site, Update
from generator.render.htmlkit import Clock, environment
from generator.uptime import ComponentUptime, component_uptime, uptime, window

NOW = datetime.fromtimestamp(EPOCH, UTC)
H = 3600
DAY = 86400
OBSERVED_UTC = 89 * DAY + 12 * H  # 7_732_800


def load_site(test_site) -> Site:
    """The TestSite's mkdocs.yml and incident files -> Site, via load_text (no mkdocs)."""
    mkdocs = yaml.safe_load(test_site.config.read_text(encoding="utf-8"))
    options = next(p["statuskit"] for p in mkdocs["plugins"] if isinstance(p, dict) and "statuskit" in p)
    config = site_config(options, mkdocs["site_name"], mkdocs["site_url"], "en", test_site.config)
    incidents = []
    for path in incident_files(test_site.incidents):
        found = load_text(path.read_text(encoding="utf-8"), path.stem, config, NOW, f"incidents/{path.name}")
        assert isinstance(found, Incident), [str(p) for p in found]
        incidents.append(found)
    return Site.build(config, incidents, NOW)


def incident(title: str, impact: str, components: str, *updates: tuple[str, str, str]) -> str:
    """Incident YAML; updates are (at, status, extra YAML lines or '')."""
    lines = [f"title: {title}", f"impact: {impact}", f"components: {components}", "updates:"]
    for at, status, extra in updates:
        lines += [f"  - at: {at}", f"    status: {status}", "    message: An update."]
        if extra:
            lines.append(f"    {extra}")
    return "\n".join(lines) + "\n"


def maintenance(title: str, components: str, start: str, end: str, announced: str) -> str:
    return (
        f"title: {title}\nmaintenance:\n  start: {start}\n  end: {end}\ncomponents: {components}\n"
        f"updates:\n  - at: {announced}\n    status: scheduled\n    message: Planned work.\n"
    )


UTC_INCIDENTS = {
    # api: 2 h major outage on 10 Nov.
    "2026-11-10-api-down.yaml": incident(
        "API down", "critical", "[api]",
        ("2026-11-10T10:00:00Z", "investigating", ""), ("2026-11-10T12:00:00Z", "resolved", ""),
    ),
    # api: 10 h partial outage on 12 Nov.
    "2026-11-12-api-slow.yaml": incident(
        "API errors", "major", "{api: partial_outage}",
        ("2026-11-12T08:00:00Z", "investigating", ""), ("2026-11-12T18:00:00Z", "resolved", ""),
    ),
    # api: a 2 h maintenance window on 15 Nov (completed: now is past its end).
    "2026-11-15-api-maintenance.yaml": maintenance(
        "API upgrade", "[api]", "2026-11-15T02:00:00Z", "2026-11-15T04:00:00Z", "2026-11-01T10:00:00Z"
    ),
    # api on 18 Nov: partial 09:00-13:00 and, overlapping it, major 11:00-12:00.
    "2026-11-18-api-errors.yaml": incident(
        "API errors again", "major", "{api: partial_outage}",
        ("2026-11-18T09:00:00Z", "investigating", ""), ("2026-11-18T13:00:00Z", "resolved", ""),
    ),
    "2026-11-18-api-outage.yaml": incident(
        "API outage", "critical", "{api: major_outage}",
        ("2026-11-18T11:00:00Z", "investigating", ""), ("2026-11-18T12:00:00Z", "resolved", ""),
    ),
    # api: upcoming maintenance in December: nothing yet.
    "2026-12-01-api-upgrade.yaml": maintenance(
        "API upgrade 2", "[api]", "2026-12-01T02:00:00Z", "2026-12-01T04:00:00Z", "2026-11-20T10:00:00Z"
    ),
    # email: maintenance 01:00-05:00 on 20 Nov, overlapped by a major outage 04:00-06:00.
    "2026-11-20-email-maintenance.yaml": maintenance(
        "Mail server move", "[email]", "2026-11-20T01:00:00Z", "2026-11-20T05:00:00Z", "2026-11-10T10:00:00Z"
    ),
    "2026-11-20-email-outage.yaml": incident(
        "Email down", "critical", "[email]",
        ("2026-11-20T04:00:00Z", "investigating", ""), ("2026-11-20T06:00:00Z", "resolved", ""),
    ),
    # email: a major outage that began before the window (25 Aug 12:00) and ended 26 Aug 06:00.
    "2026-08-25-email-old.yaml": incident(
        "Old email outage", "critical", "[email]",
        ("2026-08-25T12:00:00Z", "investigating", ""), ("2026-08-26T06:00:00Z", "resolved", ""),
    ),
    # Ongoing since 22 Nov 20:00: database major until 23 Nov 09:00, then partial until now;
    # dashboard degraded all along.
    "2026-11-22-database-outage.yaml": incident(
        "Database outage", "critical", "{database: major_outage, dashboard: degraded_performance}",
        ("2026-11-22T20:00:00Z", "investigating", ""),
        ("2026-11-23T09:00:00Z", "identified", "components: {database: partial_outage}"),
    ),
}  # fmt: skip


@pytest.fixture
def utc_site(make_site) -> Site:
    return load_site(make_site(UTC_INCIDENTS))


def by_id(site: Site) -> dict[str, ComponentUptime]:
    return {u.component: u for u in uptime(site)}


def day(data: ComponentUptime, when: str):
    found = [d for d in data.days if d.day == date.fromisoformat(when)]
    assert len(found) == 1
    return found[0]


def test_window_is_90_site_days_ending_today(utc_site):
    dates = window(utc_site)
    assert len(dates) == 90
    assert dates[0] == date(2026, 8, 26) and dates[-1] == date(2026, 11, 23)
    for data in uptime(utc_site):
        assert [d.day for d in data.days] == list(dates)
        assert data.observed == OBSERVED_UTC == 7_732_800
        assert data.days[-1].observed == 12 * H  # today counts until now
        for d in data.days:  # every second of every day is in exactly one status
            assert sum(n for _, n in d.seconds) == d.observed
        assert sum(n for _, n in data.seconds) == data.observed


def test_api_outage_partial_maintenance_and_overlap(utc_site):
    api = by_id(utc_site)["api"]
    nov10 = day(api, "2026-11-10")
    assert nov10.status == "major_outage"
    assert nov10.incidents == ("2026-11-10-api-down",)
    assert nov10.seconds == (("major_outage", 2 * H), ("operational", DAY - 2 * H))

    nov12 = day(api, "2026-11-12")
    assert nov12.status == "partial_outage"
    assert nov12.seconds_of("partial_outage") == 10 * H

    nov15 = day(api, "2026-11-15")
    assert nov15.status == "under_maintenance"
    assert nov15.incidents == ("2026-11-15-api-maintenance",)
    assert nov15.seconds_of("under_maintenance") == 2 * H

    # 09-11 partial (2 h), 11-12 major (1 h), 12-13 partial (1 h): the worst status at each moment,
    # never both: 3 h partial + 1 h major = 4 h affected, not 5.
    nov18 = day(api, "2026-11-18")
    assert nov18.status == "major_outage"
    assert nov18.incidents == ("2026-11-18-api-errors", "2026-11-18-api-outage")  # first moment first
    assert nov18.seconds == (("major_outage", 1 * H), ("partial_outage", 3 * H), ("operational", DAY - 4 * H))

    touched = ("2026-11-10", "2026-11-12", "2026-11-15", "2026-11-18")
    quiet = [d for d in api.days if d.day.isoformat() not in touched]
    assert len(quiet) == 86
    assert all(d.status == "operational" and d.incidents == () for d in quiet)  # December's window: nothing

    # major = 2 h + 1 h = 10_800 s; partial = 10 h + 3 h = 46_800 s; maintenance = 7_200 s
    assert api.seconds_of("major_outage") == 10_800
    assert api.seconds_of("partial_outage") == 46_800
    assert api.seconds_of("under_maintenance") == 7_200
    # down = 10_800 + 0.3 * 46_800 = 10_800 + 14_040 = 24_840
    # counted = 7_732_800 - 7_200 = 7_725_600
    # uptime = 100 * (1 - 24_840 / 7_725_600) = 99.678471...
    assert api.percent == pytest.approx(100 * (1 - 24_840 / 7_725_600))
    assert api.percent == pytest.approx(99.678471, abs=1e-6)
    assert api.percent_text == "99.67"  # cut, not rounded


def test_maintenance_overlapped_by_outage_and_window_edge(utc_site):
    email = by_id(utc_site)["email"]
    nov20 = day(email, "2026-11-20")
    # maintenance 01-05, outage 04-06: 01-04 maintenance (3 h), 04-06 major outage (2 h)
    assert nov20.status == "major_outage"
    assert nov20.incidents == ("2026-11-20-email-maintenance", "2026-11-20-email-outage")
    assert nov20.seconds == (
        ("major_outage", 2 * H),
        ("under_maintenance", 3 * H),
        ("operational", DAY - 5 * H),
    )
    # The old outage ran 25 Aug 12:00 - 26 Aug 06:00: only the 6 h inside the window count.
    aug26 = day(email, "2026-08-26")
    assert aug26.seconds_of("major_outage") == 6 * H
    assert aug26.incidents == ("2026-08-25-email-old",)
    # major = 2 h + 6 h = 28_800 s; maintenance = 10_800 s
    # uptime = 100 * (1 - 28_800 / (7_732_800 - 10_800)) = 100 * (1 - 28_800 / 7_722_000) = 99.627039...
    assert email.seconds_of("major_outage") == 28_800
    assert email.seconds_of("under_maintenance") == 10_800
    assert email.percent == pytest.approx(100 * (1 - 28_800 / 7_722_000))
    assert email.percent_text == "99.62"


def test_ongoing_incident_counts_until_now(utc_site):
    data = by_id(utc_site)
    db = data["database"]
    nov22, nov23 = day(db, "2026-11-22"), day(db, "2026-11-23")
    assert nov22.seconds == (("major_outage", 4 * H), ("operational", 20 * H))  # 20:00-24:00
    # today: major 00:00-09:00, partial 09:00-12:00 (now), nothing after now
    assert nov23.observed == 12 * H
    assert nov23.seconds == (("major_outage", 9 * H), ("partial_outage", 3 * H))
    assert nov23.status == "major_outage"
    # major = 4 h + 9 h = 46_800; partial = 10_800; down = 46_800 + 0.3 * 10_800 = 50_040
    # uptime = 100 * (1 - 50_040 / 7_732_800) = 99.352887...
    assert db.percent == pytest.approx(100 * (1 - 50_040 / 7_732_800))
    assert db.percent_text == "99.35"

    dash = data["dashboard"]
    assert day(dash, "2026-11-22").seconds_of("degraded_performance") == 4 * H
    assert day(dash, "2026-11-23").seconds == (("degraded_performance", 12 * H),)
    assert day(dash, "2026-11-23").status == "degraded_performance"
    # degraded performance counts as up
    assert dash.percent == 100.0 and dash.percent_text == "100.00"


def test_quiet_component_is_all_operational(make_site):
    site = load_site(make_site({}))
    data = component_uptime(site, "api")
    assert len(data.days) == 90
    assert all(d.status == "operational" and d.incidents == () for d in data.days)
    assert data.seconds == (("operational", OBSERVED_UTC),)
    assert data.percent == 100.0 and data.percent_text == "100.00"


def test_same_status_overlap_counts_once(make_site):
    site = load_site(
        make_site({
            "a.yaml": incident(
                "A", "major", "[api]",
                ("2026-11-18T09:00:00Z", "investigating", ""), ("2026-11-18T13:00:00Z", "resolved", ""),
            ),
            "b.yaml": incident(
                "B", "major", "[api]",
                ("2026-11-18T10:00:00Z", "investigating", ""), ("2026-11-18T14:00:00Z", "resolved", ""),
            ),
        })
    )  # fmt: skip
    api = component_uptime(site, "api")
    # 09:00-14:00 is 5 h of partial outage, not 4 h + 4 h
    assert day(api, "2026-11-18").seconds_of("partial_outage") == 5 * H
    assert api.percent == pytest.approx(100 * (1 - 0.3 * 5 * H / OBSERVED_UTC))


def test_percent_text_is_cut_not_rounded(make_site):
    site = load_site(
        make_site({
            "blip.yaml": incident(
                "Blip", "critical", "[api]",
                ("2026-11-18T09:00:00Z", "investigating", ""), ("2026-11-18T09:00:01Z", "resolved", ""),
            ),
        })
    )  # fmt: skip
    api = component_uptime(site, "api")
    assert api.seconds_of("major_outage") == 1
    assert api.percent == pytest.approx(100 * (1 - 1 / OBSERVED_UTC))  # 99.99998...
    assert api.percent_text == "99.99"  # one second down is not 100.00


def test_budapest_days_midnight_and_dst(make_site):
    """Days are Europe/Budapest days; naive times are Budapest times.

    Now = 2026-11-23T12:00Z = 13:00 CET. Window 26 Aug .. 23 Nov (local). It starts
    26 Aug 00:00 CEST = 25 Aug 22:00Z. 25 Oct (CEST -> CET) has 25 hours.
    observed = 88 * 86_400 + 90_000 + 13 * 3_600 = 7_603_200 + 90_000 + 46_800 = 7_740_000
    """
    site = load_site(
        make_site(
            {
                # 22:30 -> 01:30 CET: 1.5 h on 20 Nov and 1.5 h on 21 Nov (local days).
                "night.yaml": incident(
                    "Night outage", "critical", "[api]",
                    ("2026-11-20 22:30", "investigating", ""), ("2026-11-21 01:30", "resolved", ""),
                ),
                # 25 Oct 01:00 CEST (23:00Z on the 24th) -> 05:00 CET (04:00Z): 5 real hours.
                "dst.yaml": incident(
                    "DST night", "major", "[dashboard]",
                    ("2026-10-25 01:00", "investigating", ""), ("2026-10-25 05:00", "resolved", ""),
                ),
            },
            timezone="Europe/Budapest",
        )
    )  # fmt: skip
    assert window(site)[0] == date(2026, 8, 26) and window(site)[-1] == date(2026, 11, 23)
    data = by_id(site)
    api, dash = data["api"], data["dashboard"]
    assert api.observed == 7_740_000
    assert day(api, "2026-10-25").observed == 25 * H
    assert day(api, "2026-11-23").observed == 13 * H
    assert day(api, "2026-11-20").seconds_of("major_outage") == 5_400
    assert day(api, "2026-11-21").seconds_of("major_outage") == 5_400
    assert day(api, "2026-11-20").incidents == day(api, "2026-11-21").incidents == ("night",)
    # In UTC the split would be 2.5 h + 0.5 h; the site's days decide.
    # uptime = 100 * (1 - 10_800 / 7_740_000) = 99.860465...
    assert api.percent == pytest.approx(100 * (1 - 10_800 / 7_740_000))
    assert api.percent_text == "99.86"
    assert day(dash, "2026-10-25").seconds_of("partial_outage") == 5 * H
    assert day(dash, "2026-10-24").incidents == ()  # 23:00Z on the 24th is already the 25th in Budapest
    # down = 0.3 * 18_000 = 5_400; uptime = 100 * (1 - 5_400 / 7_740_000) = 99.930232...
    assert dash.percent == pytest.approx(100 * (1 - 5_400 / 7_740_000))
    assert dash.percent_text == "99.93"


def test_linear_in_segments(make_site):
    """3,000 one-hour incidents on one component: one sweep, no per-day scan of incidents."""
    site = load_site(make_site({}))
    made = []
    start = NOW - timedelta(days=89)
    for n in range(3000):
        at = start + timedelta(minutes=41 * n)
        ups = (
            Update(0, at, "investigating", "x", components=(("api", "partial_outage"),)),
            Update(1, at + timedelta(hours=1), "resolved", "y", components=(("api", "operational"),)),
        )
        made.append(Incident(f"i{n}", "T", "major", ups, "x.yaml", components=(("api", "partial_outage"),)))
    big = Site.build(site.config, made, NOW)
    began = time.perf_counter()
    api = component_uptime(big, "api")
    elapsed = time.perf_counter() - began
    assert sum(len(d.incidents) for d in api.days) >= 3000
    assert elapsed < 5  # well under a second here


# -- the home-page fragment ---------------------------------------------------------------

TEN = "".join(f"\n        - id: c{n}\n          name: Component number {n}" for n in range(10))


FRAGMENT = (
    '{% import "_uptime.html" as u %}{{ u.legend(uptime, t) }}'
    "{% for row in uptime.rows %}{{ u.row(row, uptime, t, clock, base) }}{% endfor %}{{ u.rule(t) }}"
)


def render_fragment(site: Site) -> str:
    """The uptime parts of the home page's components, with what uptime_section() gives."""
    clock = Clock(site.config.timezone)
    template = environment().from_string(FRAGMENT)
    return template.render(t=translator("en"), clock=clock, base="", uptime=uptime_section(site))


def ten_component_site(make_site) -> Site:
    files = {}
    for n in range(10):
        files[f"2026-11-{10 + n:02d}-c{n}-outage.yaml"] = incident(
            f"Component {n} had a long and descriptive outage title for a realistic size",
            "critical",
            f"[c{n}, c{(n + 1) % 10}]",
            (f"2026-11-{10 + n:02d}T10:00:00Z", "investigating", ""),
            (f"2026-11-{10 + n:02d}T12:00:00Z", "resolved", ""),
        )
        files[f"2026-09-{10 + n:02d}-c{n}-slow.yaml"] = incident(
            f"Component {n} was slow for a few days",
            "minor",
            f"[c{n}]",
            (f"2026-09-{10 + n:02d}T10:00:00Z", "investigating", ""),
            (f"2026-09-{13 + n:02d}T12:00:00Z", "resolved", ""),
        )
    files["2026-10-01-all-maintenance.yaml"] = maintenance(
        "Everything upgrade",
        "[" + ", ".join(f"c{n}" for n in range(10)) + "]",
        "2026-10-01T01:00:00Z",
        "2026-10-01T03:00:00Z",
        "2026-09-25T10:00:00Z",
    )
    return load_site(make_site(files, components=TEN))


def test_fragment_is_light_and_tooltip_free(make_site):
    site = ten_component_site(make_site)
    html = render_fragment(site)
    size = len(html.encode("utf-8"))
    assert size < 25_000, f"the uptime section of 10 components is {size} bytes"
    assert "<script" not in html and "<svg" not in html and " title=" not in html
    soup = BeautifulSoup(html, "lxml")
    rows = soup.select(".sk-uptime__row")
    assert len(rows) == 10
    for row in rows:
        bar = row.select_one(".sk-bar")
        assert bar["aria-hidden"] == "true"
        assert len(bar.find_all("i")) == 90
        assert re.fullmatch(r"\d{1,3}\.\d\d% uptime", row.select_one(".sk-uptime__pct").get_text())
        axis = row.select_one(".sk-uptime__axis").get_text(" ", strip=True)
        assert axis == "90 days ago Today"


def test_fragment_text_alternative(make_site):
    site = load_site(make_site(UTC_INCIDENTS))
    soup = BeautifulSoup(render_fragment(site), "lxml")
    api = soup.select_one("#uptime-api")
    assert api.select_one(".sk-uptime__pct").get_text() == "99.67% uptime"
    bar = [i.get("class", [""])[0] for i in api.select(".sk-bar i")]
    assert bar[-14] == "m" and bar[-12] == "p" and bar[-9] == "u" and bar[-6] == "m"  # 10, 12, 15, 18 Nov
    assert bar.count("") == 86
    assert api.select_one("summary").get_text() == "Days with incidents: 4"
    items = api.select("details li")
    assert [li.time["datetime"] for li in items] == ["2026-11-18", "2026-11-15", "2026-11-12", "2026-11-10"]
    newest = items[0]
    assert newest.select_one(".sk-status").get_text() == "Major outage"
    assert "Major outage 1 hour, Partial outage 3 hours" in newest.get_text()
    assert [a["href"] for a in newest.find_all("a")] == [
        "incidents/2026-11-18-api-errors/",
        "incidents/2026-11-18-api-outage/",
    ]
    # a run of days with the same facts is one entry
    dash = soup.select_one("#uptime-dashboard")
    run = dash.select_one("details li")
    assert [t["datetime"] for t in run.find_all("time")] == ["2026-11-22", "2026-11-23"]
    assert dash.select_one("summary").get_text() == "Days with incidents: 2"
    assert soup.select_one("#uptime-api .sk-uptime__none") is None


def test_fragment_without_incidents(make_site):
    soup = BeautifulSoup(render_fragment(load_site(make_site({}))), "lxml")
    assert soup.select_one(".sk-uptime__legend").get_text() == "Uptime over the last 90 days"
    for row in soup.select(".sk-uptime__row"):
        assert row.select_one(".sk-uptime__pct").get_text() == "100.00% uptime"
        assert row.select_one(".sk-uptime__none").get_text() == "No incidents in the last 90 days."
        assert row.select_one("details") is None
        assert not row.select(".sk-bar i[class]")


def test_every_bar_class_has_css():
    css = resources.files("generator").joinpath("assets/statuskit.css").read_text(encoding="utf-8")
    for code in filter(None, BAR_CLASS.values()):
        assert f".sk-bar > i.{code} " in css or f".sk-bar > i.{code}{{" in css, code


def test_section_is_deterministic(make_site):
    first = render_fragment(load_site(make_site(UTC_INCIDENTS)))
    assert first == render_fragment(load_site(make_site(UTC_INCIDENTS)))
