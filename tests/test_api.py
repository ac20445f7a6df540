"""The Statuspage v2 public API: schema, derived facts, ordering, stable ids, reproducibility."""

from __future__ import annotations

import fnmatch
import json
import tomllib
from importlib import resources
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from generator import paths
from generator.outputs import MACHINE_OUTPUTS

REPO = Path(__file__).resolve().parent.parent

SCHEMA = json.loads(
    resources.files("generator").joinpath("schemas/statuspage-v2.schema.json").read_text(encoding="utf-8")
)
DEFS = {
    "summary.json": "summary_document",
    "status.json": "status_document",
    "components.json": "components_document",
    "incidents.json": "incidents_document",
    "incidents/unresolved.json": "incidents_unresolved_document",
    "scheduled-maintenances.json": "scheduled_maintenances_document",
    "scheduled-maintenances/upcoming.json": "scheduled_maintenances_upcoming_document",
    "scheduled-maintenances/active.json": "scheduled_maintenances_active_document",
}

# "Now" is 2026-11-23T12:00:00Z (conftest.EPOCH).
OPEN_MAJOR = """
    title: API errors for some customers
    impact: major
    components:
      api: major_outage
      dashboard: degraded_performance
    updates:
      - at: 2026-11-23T09:00:00Z
        status: investigating
        message: We are investigating **errors** on the API.
      - at: 2026-11-23T10:00:00Z
        status: identified
        message: A bad deploy. Rolling back.
        components: {api: partial_outage}
"""
RESOLVED_MINOR = """
    title: Délais d'envoi des e-mails
    impact: minor
    components: [email]
    updates:
      - at: 2026-11-10T10:00:00Z
        status: investigating
        message: Emails are delayed.
      - at: 2026-11-10T11:00:00Z
        status: resolved
        message: Emails flow again.
"""
ACTIVE_WINDOW = """
    title: Database upgrade
    maintenance:
      start: 2026-11-23T11:00:00Z
      end: 2026-11-23T13:00:00Z
    components: [database]
    updates:
      - at: 2026-11-20T10:00:00Z
        status: scheduled
        message: We will upgrade the database.
"""
UPCOMING_WINDOW = """
    title: Email provider migration
    maintenance:
      start: 2026-12-01T02:00:00Z
      end: 2026-12-01T04:00:00Z
    components: [email]
    updates:
      - at: 2026-11-22T10:00:00Z
        status: scheduled
        message: We move to a new email provider.
"""
PAST_WINDOW = """
    title: Dashboard hosting move
    maintenance:
      start: 2026-11-01T01:00:00Z
      end: 2026-11-01T03:00:00Z
    components: [dashboard]
    updates:
      - at: 2026-10-25T10:00:00Z
        status: scheduled
        message: The dashboard moves to new hosts.
"""
FIXTURE = {
    "2026-11-23-api-errors.yaml": OPEN_MAJOR,
    "2026-11-10-email-delays.yaml": RESOLVED_MINOR,
    "2026-11-23-db-upgrade.yaml": ACTIVE_WINDOW,
    "2026-12-01-email-migration.yaml": UPCOMING_WINDOW,
    "2026-11-01-dashboard-move.yaml": PAST_WINDOW,
}


def validator(name: str) -> Draft202012Validator:
    """A validator for one document definition of the shipped schema, formats checked."""
    registry = Registry().with_resource(SCHEMA["$id"], Resource.from_contents(SCHEMA))
    ref = {"$ref": f"{SCHEMA['$id']}#/$defs/{name}"}
    return Draft202012Validator(ref, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)


def read_api(site_dir: Path) -> dict[str, dict]:
    """Every API document of a built site, validated against its schema definition."""
    docs = {}
    for rel in paths.API_DOCUMENTS:
        raw = (site_dir / paths.API_PREFIX / rel).read_bytes()
        assert raw.endswith(b"}\n")
        doc = json.loads(raw)
        errors = sorted(validator(DEFS[rel]).iter_errors(doc), key=lambda e: list(e.absolute_path))
        assert not errors, f"{rel}: " + "; ".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)
        docs[rel] = doc
    return docs


def api_bytes(site_dir: Path) -> dict[str, bytes]:
    return {rel: (site_dir / paths.API_PREFIX / rel).read_bytes() for rel in paths.API_DOCUMENTS}


@pytest.fixture
def fixture_api(make_site):
    """The fixture site built at EPOCH: (site, site dir, documents)."""
    site = make_site(FIXTURE)
    out = site.build()
    return site, out, read_api(out)


def test_registered_and_schema_shipped():
    assert "api" in MACHINE_OUTPUTS
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["generator"]
    assert any(fnmatch.fnmatch("schemas/statuspage-v2.schema.json", p) for p in patterns)


def test_example_site_validates(example_site):
    docs = read_api(example_site)
    # The open breach is critical, but its components are down to one degraded: the page says so.
    expected = {"indicator": "minor", "description": "Partially Degraded Service"}
    assert docs["status.json"]["status"] == expected
    assert docs["status.json"]["page"]["time_zone"] == "Europe/Budapest"


def test_indicator_and_page(fixture_api):
    _, _, docs = fixture_api
    # An open major incident outranks an active maintenance.
    assert docs["status.json"]["status"] == {"indicator": "major", "description": "Partial System Outage"}
    assert docs["summary.json"]["status"] == docs["status.json"]["status"]
    page = docs["summary.json"]["page"]
    assert page == {
        "id": "status-example-com",
        "name": "Test Status",
        "url": "https://status.example.com",
        "time_zone": "UTC",
        "updated_at": "2026-11-23T11:00:00Z",  # the active window's automatic start, the newest update
    }
    assert all(doc["page"] == page for doc in docs.values())


def test_component_statuses_and_groups(fixture_api):
    _, _, docs = fixture_api
    rows = docs["components.json"]["components"]
    assert rows == docs["summary.json"]["components"]
    by_id = {r["id"]: r for r in rows}
    assert [(r["id"], r["position"], r["group_id"]) for r in rows] == [
        ("platform", 1, None),
        ("api", 1, "platform"),
        ("dashboard", 2, "platform"),
        ("data", 2, None),
        ("database", 1, "data"),
        ("email", 3, None),
    ]
    assert {k: r["status"] for k, r in by_id.items()} == {
        "platform": "partial_outage",  # worst of api (partial_outage) and dashboard (degraded)
        "api": "partial_outage",
        "dashboard": "degraded_performance",
        "data": "under_maintenance",  # the active window
        "database": "under_maintenance",
        "email": "operational",  # its window is only upcoming
    }
    assert by_id["platform"]["group"] is True and by_id["platform"]["components"] == ["api", "dashboard"]
    assert by_id["api"]["group"] is False and "components" not in by_id["api"]
    assert by_id["dashboard"]["description"] == "The web app" and by_id["api"]["description"] is None
    assert by_id["api"]["updated_at"] == "2026-11-23T10:00:00Z"
    assert by_id["database"]["updated_at"] == "2026-11-23T11:00:00Z"


def test_unresolved_incidents(fixture_api):
    _, _, docs = fixture_api
    unresolved = docs["incidents/unresolved.json"]["incidents"]
    assert [i["id"] for i in unresolved] == ["2026-11-23-api-errors"]
    assert docs["summary.json"]["incidents"] == unresolved
    inc = unresolved[0]
    assert (inc["status"], inc["impact"], inc["resolved_at"]) == ("identified", "major", None)
    assert inc["started_at"] == inc["created_at"] == "2026-11-23T09:00:00Z"
    assert inc["updated_at"] == "2026-11-23T10:00:00Z"
    assert inc["shortlink"] == "https://status.example.com/incidents/2026-11-23-api-errors/"
    assert [c["id"] for c in inc["components"]] == ["api", "dashboard"]
    assert inc["components"][0]["status"] == "partial_outage"
    ups = inc["incident_updates"]
    assert [(u["id"], u["status"]) for u in ups] == [
        ("2026-11-23-api-errors-2", "identified"),
        ("2026-11-23-api-errors-1", "investigating"),
    ]
    assert ups[1]["body"] == "We are investigating **errors** on the API."
    assert ups[0]["affected_components"] == [
        {
            "code": "api",
            "name": "Platform - Public API",
            "old_status": "major_outage",
            "new_status": "partial_outage",
        }
    ]
    assert ups[1]["affected_components"] == [
        {
            "code": "api",
            "name": "Platform - Public API",
            "old_status": "operational",
            "new_status": "major_outage",
        },
        {
            "code": "dashboard",
            "name": "Platform - Dashboard",
            "old_status": "operational",
            "new_status": "degraded_performance",
        },
    ]
    assert (ups[0]["deliver_notifications"], ups[0]["custom_tweet"], ups[0]["tweet_id"]) == (
        False,
        None,
        None,
    )


def test_incidents_list_has_no_maintenance(fixture_api):
    _, _, docs = fixture_api
    listed = docs["incidents.json"]["incidents"]
    assert [i["id"] for i in listed] == ["2026-11-23-api-errors", "2026-11-10-email-delays"]
    resolved = listed[1]
    assert (resolved["status"], resolved["resolved_at"]) == ("resolved", "2026-11-10T11:00:00Z")
    assert resolved["name"] == "Délais d'envoi des e-mails"
    assert resolved["incident_updates"][0]["affected_components"] == [
        {"code": "email", "name": "Email", "old_status": "degraded_performance", "new_status": "operational"}
    ]


def test_upcoming_and_active_maintenance(fixture_api):
    _, _, docs = fixture_api
    upcoming = docs["scheduled-maintenances/upcoming.json"]["scheduled_maintenances"]
    active = docs["scheduled-maintenances/active.json"]["scheduled_maintenances"]
    assert [m["id"] for m in upcoming] == ["2026-12-01-email-migration"]
    assert [m["id"] for m in active] == ["2026-11-23-db-upgrade"]
    assert [m["id"] for m in docs["summary.json"]["scheduled_maintenances"]] == [
        "2026-12-01-email-migration",
        "2026-11-23-db-upgrade",
    ]
    assert [m["id"] for m in docs["scheduled-maintenances.json"]["scheduled_maintenances"]] == [
        "2026-12-01-email-migration",
        "2026-11-23-db-upgrade",
        "2026-11-01-dashboard-move",
    ]
    up = upcoming[0]
    assert (up["status"], up["impact"], up["resolved_at"]) == ("scheduled", "maintenance", None)
    assert (up["scheduled_for"], up["scheduled_until"]) == ("2026-12-01T02:00:00Z", "2026-12-01T04:00:00Z")
    assert [c["id"] for c in up["components"]] == ["email"]


def test_maintenance_automatic_transitions(fixture_api):
    _, _, docs = fixture_api
    by_id = {m["id"]: m for m in docs["scheduled-maintenances.json"]["scheduled_maintenances"]}
    # Started without an in_progress update: published in_progress from the window's start.
    started = by_id["2026-11-23-db-upgrade"]
    assert started["status"] == "in_progress" == started["incident_updates"][0]["status"]
    assert [(u["id"], u["display_at"]) for u in started["incident_updates"]] == [
        ("2026-11-23-db-upgrade-auto-in-progress", "2026-11-23T11:00:00Z"),
        ("2026-11-23-db-upgrade-1", "2026-11-20T10:00:00Z"),
    ]
    assert started["updated_at"] == "2026-11-23T11:00:00Z" and started["resolved_at"] is None
    # A past window with no update since "scheduled": completed at its end.
    past = by_id["2026-11-01-dashboard-move"]
    assert past["status"] == "completed" and past["resolved_at"] == "2026-11-01T03:00:00Z"
    assert [u["status"] for u in past["incident_updates"]] == ["completed", "in_progress", "scheduled"]
    assert past["incident_updates"][0]["id"] == "2026-11-01-dashboard-move-auto-completed"


def test_indicator_wording_for_degraded_and_maintenance_only(make_site):
    site = make_site(
        {
            "2026-11-23-slow.yaml": """
                title: Slow dashboard
                impact: minor
                components: [dashboard]
                updates:
                  - at: 2026-11-23T11:00:00Z
                    status: investigating
                    message: Pages load slowly.
            """,
        }
    )
    docs = read_api(site.build(site.root / "one"))
    assert docs["status.json"]["status"] == {
        "indicator": "minor",
        "description": "Partially Degraded Service",
    }
    (site.incidents / "2026-11-23-slow.yaml").unlink()
    site.write("2026-11-23-db-upgrade.yaml", ACTIVE_WINDOW)
    docs = read_api(site.build(site.root / "two"))
    assert docs["status.json"]["status"] == {
        "indicator": "maintenance",
        "description": "Service Under Maintenance",
    }
    assert docs["incidents.json"]["incidents"] == []


def test_incidents_json_keeps_the_50_newest(make_site):
    files = {}
    for n in range(55):
        day, hour = divmod(n, 10)
        files[f"2026-10-{day + 1:02d}-incident-{n:02d}.yaml"] = f"""
            title: Incident {n}
            impact: minor
            updates:
              - at: 2026-10-{day + 1:02d}T{hour + 8:02d}:00:00Z
                status: investigating
                message: Looking.
              - at: 2026-10-{day + 1:02d}T{hour + 8:02d}:30:00Z
                status: resolved
                message: Fixed.
        """
    files["2026-12-01-email-migration.yaml"] = UPCOMING_WINDOW
    site = make_site(files)
    docs = read_api(site.build())
    listed = docs["incidents.json"]["incidents"]
    assert len(listed) == 50
    assert [i["id"] for i in listed] == [
        f"2026-10-{n // 10 + 1:02d}-incident-{n:02d}" for n in range(54, 4, -1)
    ]
    assert docs["incidents/unresolved.json"]["incidents"] == []
    assert len(docs["scheduled-maintenances.json"]["scheduled_maintenances"]) == 1


def test_update_ids_stable_when_an_update_is_appended(make_site):
    site = make_site({"2026-11-23-api-errors.yaml": OPEN_MAJOR})
    before = read_api(site.build(site.root / "before"))["incidents.json"]["incidents"][0]
    with (site.incidents / "2026-11-23-api-errors.yaml").open("a", encoding="utf-8") as fh:
        fh.write("  - at: 2026-11-23T11:30:00Z\n    status: resolved\n    message: The rollback fixed it.\n")
    after = read_api(site.build(site.root / "after"))["incidents.json"]["incidents"][0]
    assert after["status"] == "resolved" and after["resolved_at"] == "2026-11-23T11:30:00Z"
    assert after["incident_updates"][1:] == before["incident_updates"]
    assert after["incident_updates"][0]["id"] == "2026-11-23-api-errors-3"
    assert after["incident_updates"][0]["affected_components"] == [
        {
            "code": "api",
            "name": "Platform - Public API",
            "old_status": "partial_outage",
            "new_status": "operational",
        },
        {
            "code": "dashboard",
            "name": "Platform - Dashboard",
            "old_status": "degraded_performance",
            "new_status": "operational",
        },
    ]


def test_byte_identical_across_builds(fixture_api):
    site, first, _ = fixture_api
    second = site.build(site.root / "again")
    assert api_bytes(first) == api_bytes(second)
    raw = api_bytes(first)["incidents.json"]
    assert "Délais".encode() in raw  # UTF-8, not \\u escapes
    assert raw.startswith(b'{\n  "page": {\n    "id": ')  # two-space indent, Statuspage's key order


def test_group_ids_empty_site_and_no_site_url():
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from generator.model import Component, Site, SiteConfig
    from generator.outputs import api

    comps = (
        Component("platform", "Platform itself", position=1),
        Component("api", "API", group="Platform", position=2),
        Component("jobs", "Jobs", group="東京", position=3),
        Component("web", "Web", group="Platform", position=4),
    )
    now = datetime(2026, 11, 23, 12, tzinfo=UTC)
    site = Site.build(SiteConfig("Ünïcode Status", "", ZoneInfo("Europe/Budapest"), comps), [], now)
    docs = {k: json.loads(b) for k, b in api.render(site).items()}
    for rel, doc in docs.items():
        assert not list(validator(DEFS[rel.removeprefix(paths.API_PREFIX)]).iter_errors(doc)), rel
    page = docs["api/v2/status.json"]["page"]
    assert page["id"] == "unicode-status" and page["url"] == "http://localhost:8000"
    assert page["updated_at"] == "2026-11-23T13:00:00+01:00"  # the page's offset (Europe/Budapest)
    rows = docs["api/v2/components.json"]["components"]
    assert [(r["id"], r["position"], r["group_id"]) for r in rows] == [
        ("platform", 1, None),
        ("platform-group", 2, None),
        ("api", 1, "platform-group"),
        ("web", 2, "platform-group"),
        ("group-2", 3, None),
        ("jobs", 1, "group-2"),
    ]
    assert {r["created_at"] for r in rows} == {"2026-11-23T13:00:00+01:00"}
    assert docs["api/v2/status.json"]["status"] == {
        "indicator": "none",
        "description": "All Systems Operational",
    }


TIME_KEYS = {"created_at", "updated_at", "monitoring_at", "resolved_at", "started_at", "display_at"}
TIME_KEYS |= {"scheduled_for", "scheduled_until"}


def timestamps(node, found=None):
    """Every (key, value) of a timestamp field anywhere in a document."""
    found = [] if found is None else found
    if isinstance(node, dict):
        for key, value in node.items():
            if key in TIME_KEYS and value is not None:
                found.append((key, value))
            timestamps(value, found)
    elif isinstance(node, list):
        for value in node:
            timestamps(value, found)
    return found


SUMMER = """
    title: Summer slowness
    impact: minor
    components: [email]
    updates:
      - at: 2026-07-01T10:00:00Z
        status: investigating
        message: Slow.
      - at: 2026-07-01T11:00:00Z
        status: resolved
        message: Fine.
"""


def test_times_carry_the_pages_offset(make_site):
    """Statuspage writes times in the page's zone: +01:00 in a Budapest winter, +02:00 in summer."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Europe/Budapest")
    site = make_site(FIXTURE | {"2026-07-01-summer.yaml": SUMMER}, timezone="Europe/Budapest")
    docs = read_api(site.build())  # still valid under the schema
    utc_docs = read_api(make_site(FIXTURE | {"2026-07-01-summer.yaml": SUMMER}).build(site.root / "utc"))
    offsets = set()
    for rel, doc in docs.items():
        local, utc = timestamps(doc), timestamps(utc_docs[rel])
        assert [k for k, _ in local] == [k for k, _ in utc], rel
        for (key, value), (_, plain) in zip(local, utc, strict=True):
            moment = datetime.fromisoformat(value)
            assert moment == datetime.fromisoformat(plain), (rel, key)  # the same instant
            assert moment.utcoffset() == moment.astimezone(zone).utcoffset(), (rel, key, value)
            offsets.add(value[-6:])
        assert all(value.endswith("Z") for _, value in utc), rel  # a UTC page: Z, as Statuspage
    assert offsets == {"+01:00", "+02:00"}
    summer = next(i for i in docs["incidents.json"]["incidents"] if i["id"] == "2026-07-01-summer")
    assert summer["resolved_at"] == "2026-07-01T13:00:00+02:00"
