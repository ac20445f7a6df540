"""``example_clock`` (issue 12): the example stays current relative to the build time.

A newcomer's first ``serve`` weeks after the example was written must not show its open incident
ten days overdue. Built at any time, the example's newest update lies shortly before the build,
every incident keeps its order and durations, the same epoch gives the same bytes, and the pages
say it is an example. Real sites (no option) are untouched.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner
from conftest import EPOCH, REPO, TestSite
from test_api import read_api

from generator.cli import main

DAY = 86400
LATER = (EPOCH + 30 * DAY, EPOCH + 400 * DAY + 7 * 3600 + 13 * 60)  # a month on; a year on, odd time


def example_copy(root: Path) -> TestSite:
    root.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "incidents", "site_src"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, root / name)
    return TestSite(root)


def built(site: TestSite, out: Path, epoch: int) -> tuple[Path, str]:
    result = site.cli("build", "--site-dir", str(out), epoch=epoch)
    assert result.exit_code == 0, result.output
    return out, result.output


def timeline(docs: dict[str, dict]) -> dict[str, list[datetime]]:
    """Every incident's and window's published times: its updates (oldest first) and its window."""
    items = (
        docs["incidents.json"]["incidents"] + docs["scheduled-maintenances.json"]["scheduled_maintenances"]
    )
    out = {}
    for item in items:
        times = [datetime.fromisoformat(u["created_at"]) for u in reversed(item["incident_updates"])]
        if "scheduled_for" in item:
            times += [
                datetime.fromisoformat(item["scheduled_for"]),
                datetime.fromisoformat(item["scheduled_until"]),
            ]
        out[item["id"]] = times
    return out


@pytest.fixture(scope="module")
def later(tmp_path_factory: pytest.TempPathFactory) -> dict[int, tuple[Path, str]]:
    site = example_copy(tmp_path_factory.mktemp("example-later"))
    return {epoch: built(site, site.root / f"site-{epoch}", epoch) for epoch in (EPOCH, *LATER)}


@pytest.mark.parametrize("epoch", LATER)
def test_the_example_open_incident_is_never_overdue(later, epoch):
    out, log = later[epoch]
    now = datetime.fromtimestamp(epoch, UTC)
    assert "overdue" not in log
    home = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "lxml")
    docs = read_api(out)
    (breach,) = docs["incidents/unresolved.json"]["incidents"]
    newest = datetime.fromisoformat(breach["incident_updates"][0]["created_at"])
    assert now - timedelta(hours=25) < newest <= now - timedelta(hours=1)
    # Its promise ("the next one tomorrow by 17:00") is still ahead (the page marks it overdue past it).
    due = home.select_one("#sk-open ~ article .sk-next")
    assert due is not None and datetime.fromisoformat(due["data-due"]) > now
    # The router replacement is still ahead; the storage upgrade long done.
    upcoming = docs["scheduled-maintenances/upcoming.json"]["scheduled_maintenances"]
    assert [w["id"] for w in upcoming] == ["2026-12-05-network-core-router-upgrade"]
    assert datetime.fromisoformat(upcoming[0]["scheduled_for"]) > now


def test_order_local_times_and_durations_are_kept(later):
    """One shift of whole days on the site's wall clock (Europe/Budapest): every local time of day
    stays as written, so a message's "since 10:20" still matches its timeline in another season
    (LATER[1] moves the October outage from summer time to winter time); order is kept and
    durations too, but for the hour of a change of daylight saving time between two moments."""
    zone = ZoneInfo("Europe/Budapest")
    times = {epoch: timeline(read_api(later[epoch][0])) for epoch in (EPOCH, *LATER)}
    base = times[EPOCH]
    crossed = False
    for epoch in LATER:
        shifts = set()
        for iid, moments in base.items():
            moved = times[epoch][iid]
            local = [m.astimezone(zone) for m in moved]
            assert [m.time() for m in local] == [m.astimezone(zone).time() for m in moments], iid
            assert sorted(moved) == moved or sorted(moments) != moments, iid
            for (a, b), (c, d) in zip(pairwise(moments), pairwise(moved), strict=True):
                assert abs((d - c) - (b - a)) <= timedelta(hours=1), iid
            written = [o.astimezone(zone) for o in moments]
            shifts |= {m.date() - o.date() for o, m in zip(written, local, strict=True)}
            crossed |= any(m.utcoffset() != o.utcoffset() for o, m in zip(written, local, strict=True))
        (shift,) = shifts  # one shift for every time of every incident
        assert shift > timedelta(0)
    assert crossed  # the case this guards: a shift across a change of daylight saving time


def test_the_build_time_of_the_example_itself_is_not_moved(later):
    # At EPOCH (23 Nov 2026) the example's newest update is less than a day old: nothing moves.
    docs = read_api(later[EPOCH][0])
    (breach,) = docs["incidents/unresolved.json"]["incidents"]
    assert breach["incident_updates"][0]["created_at"] == "2026-11-22T12:10:00+01:00"


def test_every_output_shows_the_same_shifted_times(later):
    out, _ = later[LATER[0]]
    docs = read_api(out)
    (breach,) = docs["incidents/unresolved.json"]["incidents"]
    newest = datetime.fromisoformat(breach["incident_updates"][0]["created_at"])
    page = (out / "incidents" / breach["id"] / "index.html").read_text(encoding="utf-8")
    assert newest.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") in page or newest.isoformat() in page
    atom = (out / "incidents" / breach["id"] / "feed.atom").read_text(encoding="utf-8")
    assert newest.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S") in atom
    ics = (out / "maintenance.ics").read_text(encoding="utf-8")
    (window,) = docs["scheduled-maintenances/upcoming.json"]["scheduled_maintenances"]
    start = datetime.fromisoformat(window["scheduled_for"]).astimezone(UTC).strftime("%Y%m%dT%H%M%S")
    assert start in ics and "20261205T010000" not in ics  # the window as shifted, not as written


def test_same_epoch_same_bytes(tmp_path):
    site = example_copy(tmp_path / "ex")
    one, _ = built(site, tmp_path / "one", LATER[1])
    two, _ = built(site, tmp_path / "two", LATER[1])
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    assert all((one / f).read_bytes() == (two / f).read_bytes() for f in files)


def test_validate_accepts_what_build_builds(tmp_path):
    site = example_copy(tmp_path / "ex")
    for epoch in LATER:
        result = site.cli("validate", epoch=epoch)
        assert result.exit_code == 0, result.output


def test_the_pages_say_it_is_an_example(later, make_site):
    out, _ = later[LATER[0]]
    for rel in ("index.html", "incidents/2026-11-20-store-payment-card-breach/index.html"):
        soup = BeautifulSoup((out / rel).read_text(encoding="utf-8"), "lxml")
        note = soup.select_one(".sk-example")
        assert note is not None and "example" in note.get_text(), rel
    plain = make_site().build()
    assert (
        BeautifulSoup((plain / "index.html").read_text(encoding="utf-8"), "lxml").select_one(".sk-example")
        is None
    )


RECENT = """
    title: Real outage
    impact: major
    components: [api]
    updates:
      - at: 2026-11-23T11:50:00Z
        status: investigating
        message: Real news.
"""


def test_recent_real_incidents_are_not_moved(make_site):
    site = make_site({"2026-11-23-real.yaml": RECENT}, extra="example_clock: true\n")
    docs = read_api(site.build())
    (real,) = docs["incidents/unresolved.json"]["incidents"]
    assert real["created_at"] == "2026-11-23T11:50:00Z"


def test_a_future_update_is_still_refused(make_site):
    site = make_site({"2026-11-23-real.yaml": RECENT.replace("2026-11-23T11:50", "2036-11-23T11:50")},
                     extra="example_clock: true\n")  # fmt: skip
    result = site.cli("validate")
    assert result.exit_code == 1 and "is in the future" in result.output, result.output


def test_example_clock_must_be_a_boolean(make_site):
    site = make_site(extra='example_clock: "yes"\n')
    result = site.cli("validate")
    assert result.exit_code == 1
    assert "example_clock must be true or false" in result.output and "mkdocs.yml:" in result.output


def test_the_scaffold_example_stays_current(tmp_path):
    root = tmp_path / "status"
    made = CliRunner().invoke(main, ["init", str(root)], env={"SOURCE_DATE_EPOCH": str(EPOCH)})
    assert made.exit_code == 0, made.output
    assert "example_clock: true" in (root / "mkdocs.yml").read_text(encoding="utf-8")
    site = TestSite(root)
    out, _ = built(site, tmp_path / "site", LATER[0])
    docs = read_api(out)
    (example,) = docs["incidents.json"]["incidents"]
    newest = datetime.fromisoformat(example["incident_updates"][0]["created_at"])
    now = datetime.fromtimestamp(LATER[0], UTC)
    assert now - timedelta(hours=25) < newest <= now - timedelta(hours=1)
    home = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "lxml")
    recent = home.select_one("#sk-recent").parent
    assert example["name"] in recent.get_text(" ")  # in "Past incidents", today or yesterday
    assert (
        json.loads((out / "api/v2/status.json").read_text(encoding="utf-8"))["status"]["indicator"] == "none"
    )


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")  # fmt: skip
WEEKDAY_DATE = re.compile(r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b(?!\s+(?:and|hours|evening))")
DAY_MONTH = re.compile(rf"\b\d{{1,2}}(?:\s*(?:–|-|and|to)\s*\d{{1,2}})?\s+(?:{'|'.join(MONTHS)})\b")
MONTH_YEAR = re.compile(rf"\b({'|'.join(MONTHS)})(?:\s+(\d{{4}}))?\b")


def example_texts() -> list[tuple[datetime, str]]:
    """(first update, text) for every text of every example incident."""

    def strings(node: object) -> list[str]:
        if isinstance(node, str):
            return [node]
        if isinstance(node, dict):
            return [s for k, v in node.items() if k not in ("video", "contact") for s in strings(v)]
        return [s for v in node for s in strings(v)] if isinstance(node, list) else []

    out = []
    for path in sorted((REPO / "incidents").glob("*.yaml")):  # the scaffold's times are set by init
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        first = datetime.fromisoformat(str(data["updates"][0]["at"]).replace(" ", "T"))
        out += [(first, text) for text in strings(data)]
    assert len(out) > 40
    return out


def test_example_messages_name_no_date_the_clock_cannot_move():
    """The clock moves every time of the example by whole days; prose cannot move with it, so a
    message that says "on Wednesday 4 November" or "since the night of 20 November" would contradict
    its own timeline a month later. Facts older than the incident ("cars built since March 2024")
    may name their month and year."""
    found = []
    for first, text in example_texts():
        iid = first.date().isoformat()
        found += [(iid, m.group(0)) for m in DAY_MONTH.finditer(text)]
        found += [(iid, m.group(0)) for m in WEEKDAY_DATE.finditer(text)]
        for m in MONTH_YEAR.finditer(text):
            month, year = MONTHS.index(m.group(1)) + 1, int(m.group(2) or 9999)
            if (year, month) >= (first.year, first.month):
                found.append((iid, m.group(0)))
    assert found == []
