"""The maintenance calendar (issue 3, item 3): maintenance.ics parses, one event per window.

Read back with the ``icalendar`` package, the way calendar clients read it,
and checked line by line for what RFC 5545 requires of the bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import conftest
import icalendar
import yaml
from conftest import EPOCH, REPO

UPGRADE = """
title: Database upgrade, phase 1; replicas\\primary
maintenance:
  start: 2026-12-01T03:00:00+01:00
  end: 2026-12-01T05:00:00+01:00
components: [database]
updates:
  - at: 2026-11-21T10:00:00Z
    status: scheduled
    message: |
      We will upgrade the **primary database**, one node at a time.

      Writes pause for up to 10 minutes; reads keep working.
"""

NAIVE = """
title: Email relay swap
maintenance:
  start: 2026-12-10 22:00
  end: 2026-12-10 23:30
components: [email]
updates:
  - at: 2026-11-20T09:00:00Z
    status: scheduled
    message: We swap the outbound relay.
"""

INCIDENT = """
title: Email delays
impact: minor
components: [email]
updates:
  - at: 2026-11-10T08:00:00Z
    status: resolved
    message: Email was slow for an hour.
"""

APPENDED = """\
  - at: 2026-11-22T08:00:00Z
    status: scheduled
    message: Rescheduling is not needed; the plan stands.
"""


def events(path: Path) -> list[icalendar.Event]:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return [c for c in cal.walk("VEVENT")]


def small(make_site: Callable[..., conftest.TestSite], **yml: str) -> conftest.TestSite:
    files = {
        "2026-12-01-db-upgrade.yaml": UPGRADE,
        "2026-12-10-relay-swap.yaml": NAIVE,
        "2026-11-10-email-delays.yaml": INCIDENT,
    }
    return make_site(files, **yml)


def test_example_calendar_has_one_event_per_window(example_site: Path) -> None:
    windows = sorted(
        p.stem
        for p in (REPO / "incidents").glob("*.y*ml")
        if "maintenance" in yaml.safe_load(p.read_text(encoding="utf-8"))
    )
    assert windows, "the example site should have maintenance windows"
    cal = icalendar.Calendar.from_ical((example_site / "maintenance.ics").read_bytes())
    assert str(cal["VERSION"]) == "2.0" and str(cal["PRODID"])
    assert str(cal["X-WR-TIMEZONE"]) == "Europe/Budapest"
    assert str(cal["X-WR-CALNAME"]).startswith("Northwind Group Status")
    found = events(example_site / "maintenance.ics")
    assert sorted(str(e["UID"]) for e in found) == [f"{w}@status.northwind.example" for w in windows]
    for event in found:
        incident_id = str(event["UID"]).split("@")[0]
        assert str(event["URL"]) == f"https://status.northwind.example/incidents/{incident_id}/"
        assert (example_site / "incidents" / incident_id / "index.html").is_file()
        assert str(event["STATUS"]) == "CONFIRMED"
        assert event.decoded("DTSTART") < event.decoded("DTEND")


def test_events_carry_the_window_in_utc(make_site: Callable[..., conftest.TestSite]) -> None:
    out = small(make_site, timezone="Europe/Budapest").build()
    raw = (out / "maintenance.ics").read_bytes()
    by_uid = {str(e["UID"]): e for e in events(out / "maintenance.ics")}
    assert sorted(by_uid) == [
        "2026-12-01-db-upgrade@status.example.com",
        "2026-12-10-relay-swap@status.example.com",
    ]
    upgrade = by_uid["2026-12-01-db-upgrade@status.example.com"]
    # Given at +01:00, published at the same instant in UTC.
    assert upgrade.decoded("DTSTART") == datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
    assert upgrade.decoded("DTEND") == datetime(2026, 12, 1, 4, 0, tzinfo=UTC)
    assert b"\r\nDTSTART:20261201T020000Z\r\n" in raw and b"\r\nDTEND:20261201T040000Z\r\n" in raw
    # Naive times are read in the site timezone (Budapest is UTC+1 in December).
    relay = by_uid["2026-12-10-relay-swap@status.example.com"]
    assert relay.decoded("DTSTART") == datetime(2026, 12, 10, 21, 0, tzinfo=UTC)
    assert relay.decoded("DTEND") == datetime(2026, 12, 10, 22, 30, tzinfo=UTC)
    assert upgrade.decoded("DTSTAMP") == datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
    assert upgrade.decoded("LAST-MODIFIED") == datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
    assert int(upgrade["SEQUENCE"]) == 0
    # Escaped on the way out, exact on the way back.
    assert str(upgrade["SUMMARY"]) == "Database upgrade, phase 1; replicas\\primary"
    description = str(upgrade["DESCRIPTION"])
    assert "primary database" in description and "**" not in description
    assert description.endswith("https://status.example.com/incidents/2026-12-01-db-upgrade/")
    assert str(upgrade["URL"]) == "https://status.example.com/incidents/2026-12-01-db-upgrade/"
    cal = icalendar.Calendar.from_ical(raw)
    assert str(cal["X-WR-TIMEZONE"]) == "Europe/Budapest"


def test_bytes_follow_rfc5545_lines(make_site: Callable[..., conftest.TestSite]) -> None:
    out = small(make_site).build()
    raw = (out / "maintenance.ics").read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert all(b"\n" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines), max(lines, key=len)
    assert raw.count(b"BEGIN:VEVENT") == 2  # incidents are not events


def test_uids_are_stable_and_updates_bump_the_sequence(
    make_site: Callable[..., conftest.TestSite], tmp_path: Path
) -> None:
    site = small(make_site)
    before = {str(e["UID"]): e for e in events(site.build() / "maintenance.ics")}
    path = site.incidents / "2026-12-01-db-upgrade.yaml"
    path.write_text(path.read_text(encoding="utf-8") + APPENDED, encoding="utf-8")
    after = {str(e["UID"]): e for e in events(site.build(tmp_path / "after") / "maintenance.ics")}
    assert after.keys() == before.keys()
    uid = "2026-12-01-db-upgrade@status.example.com"
    assert int(after[uid]["SEQUENCE"]) == int(before[uid]["SEQUENCE"]) + 1
    assert after[uid].decoded("DTSTAMP") == datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
    assert "the plan stands" in str(after[uid]["DESCRIPTION"])
    other = "2026-12-10-relay-swap@status.example.com"
    assert after[other].to_ical() == before[other].to_ical()


def test_calendar_is_byte_identical_across_builds(
    make_site: Callable[..., conftest.TestSite], tmp_path: Path
) -> None:
    site = small(make_site)
    first = (site.build() / "maintenance.ics").read_bytes()
    second = (site.build(tmp_path / "second") / "maintenance.ics").read_bytes()
    assert first == second
    later = tmp_path / "later"  # another day (the windows are now past): still the same bytes
    assert site.cli("build", "--site-dir", str(later), epoch=EPOCH + 30 * 86400).exit_code == 0
    assert (later / "maintenance.ics").read_bytes() == first


def test_site_without_maintenance_has_an_empty_calendar(make_site: Callable[..., conftest.TestSite]) -> None:
    out = make_site({"2026-11-10-email-delays.yaml": INCIDENT}).build()
    cal = icalendar.Calendar.from_ical((out / "maintenance.ics").read_bytes())
    assert str(cal["VERSION"]) == "2.0" and events(out / "maintenance.ics") == []


SHAPED = """
title: Network changes
maintenance:
  start: 2026-12-05T01:00:00Z
  end: 2026-12-05T03:00:00Z
components: [api]
updates:
  - at: 2026-11-21T10:00:00Z
    status: scheduled
    message: |
      We replace the core switches in **both** data centres,
      one at a time.

      What to expect:

      - short API timeouts
      - retries succeed

      1. first site
      2. second site
"""


def test_description_keeps_paragraphs_and_list_items(make_site: Callable[..., conftest.TestSite]) -> None:
    out = make_site({"2026-12-05-network.yaml": SHAPED}).build()
    (event,) = events(out / "maintenance.ics")
    description = str(event["DESCRIPTION"])  # as a calendar client reads it back
    paragraphs = description.split("\n\n")
    assert paragraphs == [
        "We replace the core switches in both data centres, one at a time.",
        "What to expect:",
        "- short API timeouts\n- retries succeed",
        "1. first site\n2. second site",
        "https://status.example.com/incidents/2026-12-05-network/",
    ]


def test_text_carries_the_site_language(make_site: Callable[..., conftest.TestSite]) -> None:
    out = make_site({"2026-12-05-network.yaml": SHAPED}, language="he").build()
    (event,) = events(out / "maintenance.ics")
    assert event["SUMMARY"].params["LANGUAGE"] == "he"
    assert event["DESCRIPTION"].params["LANGUAGE"] == "he"
