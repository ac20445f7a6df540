"""A corrected update is dated when it changed (issue 11): the optional ``edited:`` key.

Deterministic, from the file's content: feeds (Atom ``<updated>``, RSS ``<pubDate>``),
the API (``updated_at``) and the calendar (``LAST-MODIFIED``, ``SEQUENCE``) take the
correction's time; ids, ``published`` and ``created_at`` stay.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import conftest
import feedparser
import icalendar
import pytest
from lxml import etree
from test_api import read_api
from test_incident_schema import schema_errors

A = "{http://www.w3.org/2005/Atom}"

INCIDENT = """
title: Database outage
impact: major
components: [api]
updates:
  - at: 2026-11-22T09:20:00Z
    status: investigating
    message: We are investigating errors.
  - at: 2026-11-22T09:45:00Z
    status: identified
    message: A failed storage node is the cause.
"""
CORRECTED = INCIDENT.replace(
    "    message: We are investigating errors.\n",
    "    message: We are investigating errors in the EU region only.\n    edited: 2026-11-22T10:05:00Z\n",
)
WINDOW = """
title: Database upgrade
maintenance:
  start: 2026-12-01T02:00:00Z
  end: 2026-12-01T04:00:00Z
components: [database]
updates:
  - at: 2026-11-21T10:00:00Z
    status: scheduled
    message: Writes pause for up to 10 minutes.
"""
WINDOW_CORRECTED = WINDOW.replace(
    "    message: Writes pause for up to 10 minutes.\n",
    "    message: Writes pause for up to 20 minutes.\n    edited: 2026-11-21 14:00\n",  # naive: site zone
)


def build(make_site: Callable[..., conftest.TestSite], incident: str, window: str, out: Path) -> Path:
    site = make_site(
        {"2026-11-22-db.yaml": incident, "2026-12-01-upgrade.yaml": window}, timezone="Europe/Budapest"
    )
    return site.build(out)


@pytest.fixture
def both(make_site: Callable[..., conftest.TestSite], tmp_path: Path) -> tuple[Path, Path]:
    before = build(make_site, INCIDENT, WINDOW, tmp_path / "before")
    after = build(make_site, CORRECTED, WINDOW_CORRECTED, tmp_path / "after")
    return before, after


def atom_entries(path: Path) -> dict[str, tuple[str, str]]:
    """Entry id -> (updated, published) as written."""
    doc = etree.fromstring(path.read_bytes())
    return {
        e.findtext(f"{A}id"): (e.findtext(f"{A}updated"), e.findtext(f"{A}published"))
        for e in doc.iter(f"{A}entry")
    }


def test_feeds_date_a_correction_and_keep_its_id(both: tuple[Path, Path]) -> None:
    before, after = both
    for name in ("history.atom", "incidents/2026-11-22-db/feed.atom"):
        old, new = atom_entries(before / name), atom_entries(after / name)
        assert list(old) == list(new), name  # same ids, same order
        first = next(i for i in new if i.endswith("2026-11-22-db/update-1"))
        assert old[first] == ("2026-11-22T09:20:00+00:00", "2026-11-22T09:20:00+00:00")
        assert new[first] == ("2026-11-22T10:05:00+00:00", "2026-11-22T09:20:00+00:00"), name
        untouched = next(i for i in new if i.endswith("2026-11-22-db/update-2"))
        assert new[untouched] == old[untouched]
        # The feed itself changed at the correction, the newest change of all its entries.
        feed = feedparser.parse((after / name).read_bytes()).feed
        assert datetime(*feed.updated_parsed[:6], tzinfo=UTC) == datetime(2026, 11, 22, 10, 5, tzinfo=UTC)
    rss = feedparser.parse((after / "history.rss").read_bytes())
    by_id = {e.id: e for e in rss.entries}
    corrected = by_id[next(i for i in by_id if i.endswith("2026-11-22-db/update-1"))]
    assert datetime(*corrected.published_parsed[:6], tzinfo=UTC) == datetime(2026, 11, 22, 10, 5, tzinfo=UTC)
    assert "EU region only" in corrected.description
    assert rss.bozo == 0


def test_api_dates_a_correction_in_updated_at(both: tuple[Path, Path]) -> None:
    before, after = read_api(both[0]), read_api(both[1])
    old = before["incidents.json"]["incidents"][0]
    new = after["incidents.json"]["incidents"][0]
    assert [u["id"] for u in new["incident_updates"]] == [u["id"] for u in old["incident_updates"]]
    first_old, first_new = old["incident_updates"][-1], new["incident_updates"][-1]
    assert first_new["body"] == "We are investigating errors in the EU region only."
    assert first_new["updated_at"] == "2026-11-22T11:05:00+01:00"  # the page's offset
    for key in ("created_at", "display_at"):
        assert first_new[key] == first_old[key] == "2026-11-22T10:20:00+01:00"
    assert new["incident_updates"][0] == old["incident_updates"][0]  # not corrected: unchanged
    assert old["updated_at"] == "2026-11-22T10:45:00+01:00"
    assert new["updated_at"] == "2026-11-22T11:05:00+01:00"  # the incident changed then
    assert after["status.json"]["page"]["updated_at"] == "2026-11-22T11:05:00+01:00"


def test_calendar_sees_a_correction_as_a_revision(both: tuple[Path, Path]) -> None:
    def event(site: Path) -> icalendar.Event:
        return icalendar.Calendar.from_ical((site / "maintenance.ics").read_bytes()).walk("VEVENT")[0]

    old, new = event(both[0]), event(both[1])
    assert str(new["UID"]) == str(old["UID"])
    assert int(new["SEQUENCE"]) == int(old["SEQUENCE"]) + 1
    corrected = datetime(2026, 11, 21, 13, 0, tzinfo=UTC)  # 14:00 in Budapest
    assert new.decoded("LAST-MODIFIED") == new.decoded("DTSTAMP") == corrected
    assert new.decoded("CREATED") == old.decoded("CREATED")
    assert "20 minutes" in str(new["DESCRIPTION"])


@pytest.mark.parametrize(
    ("edited", "says", "hint"),
    [
        ("2026-11-22T09:00:00Z", "edited is before this update's 'at'", "after its 'at'"),
        ("2027-11-22T09:30:00Z", "'edited' 2027-11-22T09:30:00Z is in the future", "now or earlier"),
        ("yesterday", "is not a date and time", ""),
    ],
    ids=["before-at", "future", "not-a-time"],
)
def test_a_wrong_edited_time_is_a_clear_error(
    make_site: Callable[..., conftest.TestSite], edited: str, says: str, hint: str
) -> None:
    text = INCIDENT.replace(
        "    message: We are investigating errors.\n",
        f"    message: We are investigating errors.\n    edited: {edited}\n",
    )
    site = make_site({"2026-11-22-db.yaml": text})
    result = site.cli("validate")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    line = next(n for n, row in enumerate(text.lstrip("\n").splitlines(), 1) if "edited:" in row)
    assert f"incidents/2026-11-22-db.yaml:{line}:" in result.output
    assert says in result.output and hint in result.output


def test_the_schema_knows_edited() -> None:
    """An editor (timestamps read as YAML 1.2 strings) accepts edited and flags a misspelling."""
    assert schema_errors(CORRECTED) == []
    assert schema_errors(CORRECTED.replace("edited:", "edtied:")) != []
    assert schema_errors(CORRECTED.replace("2026-11-22T10:05:00Z", "soon")) != []
