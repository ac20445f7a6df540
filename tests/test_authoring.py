"""``statuskit new``, ``update`` and ``resolve``: files written right, hand-written text kept, refusals safe.

Every site here uses Europe/Budapest, so the test epoch (2026-11-23T12:00Z)
is stamped as 2026-11-23T13:00:00+01:00.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner, Result
from conftest import EPOCH, TestSite

from generator.cli import main

TZ = "Europe/Budapest"
CET = timezone(timedelta(hours=1))
NOW_LOCAL = datetime(2026, 11, 23, 13, 0, tzinfo=CET)
ID = "2026-11-23-eu-api-outage"


@pytest.fixture
def site(make_site: Callable[..., TestSite]) -> TestSite:
    return make_site(timezone=TZ)


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result


def refused(result: Result, code: int = 1) -> str:
    assert result.exit_code == code, result.output + repr(result.exception)
    assert "Traceback" not in result.output
    return result.output


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def new_incident(site: TestSite, *extra: str, title: str = "EU API outage") -> Result:
    return site.cli(
        "new",
        "--title",
        title,
        "--impact",
        "major",
        "--component",
        "api",
        "--message",
        "We are investigating errors on the API.",
        *extra,
    )


def inserted(old: str, new: str) -> str:
    """The text ``new`` adds to ``old``, asserting it is whole lines inserted in one place."""
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    assert len(new_lines) > len(old_lines)
    head = 0
    while head < len(old_lines) and old_lines[head] == new_lines[head]:
        head += 1
    tail = 0
    while tail < len(old_lines) - head and old_lines[-1 - tail] == new_lines[-1 - tail]:
        tail += 1
    assert head + tail == len(old_lines), (
        "the original lines are not all kept, in order, around one insertion:\n" + new
    )
    return "".join(new_lines[head : len(new_lines) - tail])


# ---------------------------------------------------------------- statuskit new


def test_new_writes_the_file_with_schema_comment_and_local_stamp(site: TestSite) -> None:
    result = ok(
        site.cli(
            "new",
            "--title",
            "EU API outage",
            "--impact",
            "major",
            "--component",
            "api",
            "--component",
            "dashboard=degraded_performance",
            "--message",
            "We are investigating errors on the API.",
            "--next-update",
            "30m",
        )
    )
    path = site.incidents / f"{ID}.yaml"
    assert result.output.strip() == f"incidents/{ID}.yaml"
    assert sorted(p.name for p in site.incidents.iterdir()) == [f"{ID}.yaml"]
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    assert first.split("$schema=", 1)[1].startswith("https://status.example.com/")
    assert first.endswith(".json")
    assert "at: 2026-11-23T13:00:00+01:00\n" in text
    data = load(path)
    assert data["title"] == "EU API outage"
    assert data["impact"] == "major"
    # a bare id follows the impact (major -> partial_outage), an explicit status is kept
    assert data["components"] == {"api": "partial_outage", "dashboard": "degraded_performance"}
    [update] = data["updates"]
    assert update["at"] == NOW_LOCAL
    assert update["status"] == "investigating"
    assert update["message"].strip() == "We are investigating errors on the API."
    assert update["next_update"] == NOW_LOCAL + timedelta(minutes=30)
    ok(site.cli("validate"))
    out = site.build()
    assert (out / "incidents" / ID / "index.html").is_file()
    api = json.loads((out / "api" / "v2" / "incidents" / "unresolved.json").read_text())
    assert [i["id"] for i in api["incidents"]] == [ID]


def test_new_plain_component_list_and_default_status(site: TestSite) -> None:
    ok(
        site.cli(
            "new",
            "--title",
            "Slow dashboard",
            "--impact",
            "minor",
            "--component",
            "dashboard",
            "--component",
            "api",
            "--message",
            "Pages load slowly.",
        )
    )
    data = load(site.incidents / "2026-11-23-slow-dashboard.yaml")
    assert data["components"] == ["dashboard", "api"]
    assert data["updates"][0]["status"] == "investigating"
    assert "next_update" not in data["updates"][0]
    ok(site.cli("validate"))


def test_new_id_and_stamp_use_the_site_timezone(make_site: Callable[..., TestSite]) -> None:
    site = make_site(timezone="Pacific/Kiritimati")  # UTC+14: already 2026-11-24 at the epoch
    result = ok(new_incident(site))
    assert result.output.strip() == "incidents/2026-11-24-eu-api-outage.yaml"
    text = (site.incidents / "2026-11-24-eu-api-outage.yaml").read_text(encoding="utf-8")
    assert "at: 2026-11-24T02:00:00+14:00\n" in text


@pytest.mark.parametrize(
    ("promise", "expected"),
    [
        ("30m", NOW_LOCAL + timedelta(minutes=30)),
        ("2h", NOW_LOCAL + timedelta(hours=2)),
        ("14:30", datetime(2026, 11, 23, 14, 30, tzinfo=CET)),  # clock time in the site timezone
        ("12:30", datetime(2026, 11, 24, 12, 30, tzinfo=CET)),  # already past today: tomorrow
        ("2026-11-23T15:00:00Z", datetime(2026, 11, 23, 16, 0, tzinfo=CET)),
        ("2026-11-23T18:15:00+01:00", datetime(2026, 11, 23, 18, 15, tzinfo=CET)),
    ],
)
def test_new_next_update_forms(site: TestSite, promise: str, expected: datetime) -> None:
    ok(new_incident(site, "--next-update", promise))
    data = load(site.incidents / f"{ID}.yaml")
    assert data["updates"][0]["next_update"] == expected
    ok(site.cli("validate"))


@pytest.mark.parametrize("promise", ["soon", "25:00", "2026-11-23T09:00:00Z"])
def test_new_refuses_a_bad_next_update(site: TestSite, promise: str) -> None:
    out = refused(new_incident(site, "--next-update", promise))
    assert "next" in out.lower()
    assert list(site.incidents.iterdir()) == []


def test_new_with_explicit_id(site: TestSite) -> None:
    result = ok(new_incident(site, "--id", "payments-2026-a"))
    assert result.output.strip() == "incidents/payments-2026-a.yaml"
    assert load(site.incidents / "payments-2026-a.yaml")["title"] == "EU API outage"


@pytest.mark.parametrize("bad", ["Payments_Down", "../escape", "UPPER"])
def test_new_refuses_a_bad_id(site: TestSite, bad: str) -> None:
    out = refused(new_incident(site, "--id", bad))
    assert bad in out
    assert list(site.incidents.iterdir()) == []
    assert not (site.root / "escape.yaml").exists()


def test_new_refuses_an_existing_id(site: TestSite) -> None:
    ok(new_incident(site))
    before = snapshot(site.incidents)
    out = refused(new_incident(site, "--impact", "critical"))
    assert f"incidents/{ID}.yaml" in out and "already exists" in out
    assert snapshot(site.incidents) == before
    site.write("custom.yml", "title: x\n")
    before = snapshot(site.incidents)
    out = refused(new_incident(site, "--id", "custom"))
    assert "custom" in out
    assert snapshot(site.incidents) == before


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("--component", "billing"), "billing"),
        (("--component", "api=on_fire"), "on_fire"),
        (("--status", "panicking"), "panicking"),
        (("--status", "scheduled"), "scheduled"),
        (("--title", ""), "--title"),
    ],
)
def test_new_refuses_bad_values_and_writes_nothing(site: TestSite, args: tuple[str, ...], named: str) -> None:
    result = site.cli(
        "new", "--title", "EU API outage", "--impact", "major", "--message", "We are looking.", *args
    )
    assert result.exit_code in (1, 2), result.output
    assert named in result.output
    assert "Traceback" not in result.output
    assert list(site.incidents.iterdir()) == []


def test_new_with_a_bad_impact_is_a_usage_error(site: TestSite) -> None:
    result = site.cli("new", "--title", "X", "--impact", "huge", "--component", "api", "--message", "m")
    refused(result, 2)
    assert list(site.incidents.iterdir()) == []


@pytest.mark.parametrize("missing", ["--title", "--impact", "--message"])
def test_new_without_a_terminal_never_prompts(site: TestSite, missing: str) -> None:
    given = {"--title": "EU API outage", "--impact": "major", "--message": "We are looking."}
    del given[missing]
    args = [x for pair in given.items() for x in pair]
    result = CliRunner().invoke(
        main,
        ["new", *args, "--component", "api", "--config-file", str(site.config)],
        env={"SOURCE_DATE_EPOCH": str(EPOCH)},
        input="anything\nmajor\nmore\n",
    )
    out = refused(result, 2)
    assert missing in out
    assert "terminal" in out
    assert list(site.incidents.iterdir()) == []


def test_new_prompts_on_a_terminal_with_the_choices(site: TestSite, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("generator.commands.new.interactive", lambda: True)
    result = CliRunner().invoke(
        main,
        ["new", "--component", "api", "--config-file", str(site.config)],
        env={"SOURCE_DATE_EPOCH": str(EPOCH)},
        input="Checkout errors\nhuge\nmajor\nSome payments fail.\n",
    )
    ok(result)
    prompts = result.output
    assert "Title" in prompts and "First message" in prompts
    impact_line = next(line for line in prompts.splitlines() if line.startswith("Impact"))
    for choice in ("none", "minor", "major", "critical"):
        assert choice in impact_line
    assert "huge" in prompts  # an answer outside the choices is refused and asked again
    path = site.incidents / "2026-11-23-checkout-errors.yaml"
    assert prompts.rstrip().endswith("incidents/2026-11-23-checkout-errors.yaml")
    data = load(path)
    assert data["title"] == "Checkout errors"
    assert data["impact"] == "major"
    assert data["updates"][0]["message"].strip() == "Some payments fail."
    ok(site.cli("validate"))


def test_new_maintenance_prompts_for_the_window(site: TestSite, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("generator.commands.new.interactive", lambda: True)
    result = CliRunner().invoke(
        main,
        [
            "new",
            "--template",
            "maintenance",
            "--title",
            "DB upgrade",
            "--component",
            "database",
            "--config-file",
            str(site.config),
        ],
        env={"SOURCE_DATE_EPOCH": str(EPOCH)},
        input="2026-12-01 03:00\n2026-12-01 05:00\n",
    )
    ok(result)
    assert "Window start" in result.output and "Window end" in result.output
    data = load(site.incidents / "2026-11-23-db-upgrade.yaml")
    assert data["maintenance"] == {
        "start": datetime(2026, 12, 1, 3, 0, tzinfo=CET),
        "end": datetime(2026, 12, 1, 5, 0, tzinfo=CET),
    }


# ---------------------------------------------------------------- templates


def faq_text(data: dict[str, Any]) -> list[tuple[str, str]]:
    return [(item["q"].lower(), item["a"].lower()) for item in data.get("faq") or []]


@pytest.mark.parametrize(
    ("template", "impact", "promise"),
    [
        ("outage", "major", timedelta(minutes=30)),
        ("degradation", "minor", timedelta(hours=1)),
        ("security", "critical", timedelta(hours=2)),
    ],
)
def test_incident_templates(site: TestSite, template: str, impact: str, promise: timedelta) -> None:
    result = ok(site.cli("new", "--template", template, "--title", "Something broke", "--component", "api"))
    path = site.root / result.output.strip()
    data = load(path)
    assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")
    assert data["impact"] == impact
    first = data["updates"][0]
    assert first["status"] == "investigating"
    message = first["message"].lower()
    assert len(message) > 40
    assert "update" in message  # the promise of the next update is in the first message
    assert first["next_update"] == NOW_LOCAL + promise
    assert faq_text(data)
    ok(site.cli("validate"))
    page = (site.build() / "incidents" / path.stem / "index.html").read_text(encoding="utf-8")
    assert data["faq"][0]["q"] in BeautifulSoup(page, "lxml").get_text()


def test_security_template_answers_what_data_what_to_do_and_where_to_ask(site: TestSite) -> None:
    ok(site.cli("new", "--template", "security", "--title", "Card data", "--component", "api"))
    faq = faq_text(load(site.incidents / "2026-11-23-card-data.yaml"))
    assert any("data" in q for q, _ in faq)
    assert any("what should i do" in q or "do i need to do" in q for q, _ in faq)
    assert any("private" in q + a for q, a in faq)


def test_template_values_can_be_overridden(site: TestSite) -> None:
    ok(
        site.cli(
            "new",
            "--template",
            "outage",
            "--title",
            "Outage",
            "--impact",
            "critical",
            "--component",
            "api",
            "--message",
            "Everything is down.",
            "--next-update",
            "1h",
        )
    )
    data = load(site.incidents / "2026-11-23-outage.yaml")
    assert data["impact"] == "critical"
    assert data["updates"][0]["message"].strip() == "Everything is down."
    assert data["updates"][0]["next_update"] == NOW_LOCAL + timedelta(hours=1)
    assert faq_text(data)  # the FAQ skeleton still comes with the template


def test_maintenance_template_writes_a_window(site: TestSite) -> None:
    result = ok(
        site.cli(
            "new",
            "--template",
            "maintenance",
            "--title",
            "Database upgrade",
            "--component",
            "database",
            "--maintenance-start",
            "2026-12-01T02:00:00Z",
            "--maintenance-end",
            "2026-12-01 05:00",
        )
    )
    path = site.root / result.output.strip()
    assert path.name == "2026-11-23-database-upgrade.yaml"
    data = load(path)
    assert data["impact"] == "maintenance"
    assert data["maintenance"] == {
        "start": datetime(2026, 12, 1, 3, 0, tzinfo=CET),
        "end": datetime(2026, 12, 1, 5, 0, tzinfo=CET),  # naive: read in the site timezone
    }
    assert data["components"] == ["database"]
    assert data["updates"][0]["status"] == "scheduled"
    ok(site.cli("validate"))
    out = site.build()
    upcoming = json.loads((out / "api/v2/scheduled-maintenances/upcoming.json").read_text())
    assert [(m["id"], m["status"]) for m in upcoming["scheduled_maintenances"]] == [(path.stem, "scheduled")]


def test_maintenance_window_options_alone_make_a_maintenance(site: TestSite) -> None:
    ok(
        site.cli(
            "new",
            "--title",
            "Email relay swap",
            "--component",
            "email",
            "--message",
            "Planned work.",
            "--maintenance-start",
            "2026-11-30 22:00",
            "--maintenance-end",
            "2026-11-30 23:00",
        )
    )
    data = load(site.incidents / "2026-11-23-email-relay-swap.yaml")
    assert data["impact"] == "maintenance" and data["updates"][0]["status"] == "scheduled"
    ok(site.cli("validate"))


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (None, None),
        ("2026-12-01T02:00:00Z", None),
        ("2026-12-01T04:00:00Z", "2026-12-01T02:00:00Z"),
        ("tomorrow", "2026-12-01T02:00:00Z"),
    ],
)
def test_maintenance_needs_a_valid_window(site: TestSite, start: str | None, end: str | None) -> None:
    args = ["new", "--template", "maintenance", "--title", "Upgrade", "--component", "database"]
    if start:
        args += ["--maintenance-start", start]
    if end:
        args += ["--maintenance-end", end]
    result = site.cli(*args)
    assert result.exit_code in (1, 2), result.output
    assert "maintenance" in result.output.lower() or "end" in result.output.lower()
    assert list(site.incidents.iterdir()) == []


# ---------------------------------------------------------------- statuskit update


HANDWRITTEN = """\
# Written by hand during the payments outage. Keep this comment!

title: 'Payments are failing'   # single quotes on purpose
impact: "major"
components:
    api: major_outage      # four-space indents throughout
    dashboard: degraded_performance

updates:
    # first report, from the on-call phone
    -   at: 2026-11-23 11:05     # naive: read in the site timezone
        status: investigating
        message: >
            Card payments fail for some customers.
            We are looking into it.
        next_update: "2026-11-23T11:35:00+01:00"

    # between updates: the cause
    -   at: '2026-11-23T10:20:00Z'
        status: identified
        message: |
            A certificate expired.

            We are renewing it.
    # trailing comment after the last update

faq:
    -   q: Do I need to pay again?
        a: No.   # checked with finance
contact: mailto:payments@example.com
postmortem: |
    Will follow within a week.
# the very last line is a comment
"""

ZERO_INDENT = """\
title: Zero-indent list
impact: minor
components: [dashboard]
updates:
- at: 2026-11-23T10:00:00Z
  status: investigating
  message: Slow pages.
  components:
    dashboard: degraded_performance   # nested block mapping ends the last update
"""

NO_FINAL_NEWLINE = """\
title: No newline at the end
impact: minor
components: [email]
updates:
  - at: 2026-11-23T10:00:00Z
    status: investigating
    message: "Mail is delayed." # comment on the last line"""

DASH_ALONE = """\
title: Dash on its own line
impact: critical
components: {database: major_outage}
updates:
  -
    at: 2026-11-23T10:00:00Z
    status: investigating
    message: |-
      The database is down.
video: https://www.youtube.com/watch?v=dQw4w9WgXcQ
"""

CRLF = (
    "# saved on Windows\r\ntitle: Windows line endings\r\nimpact: minor\r\ncomponents: [api]\r\n"
    "updates:\r\n  - at: 2026-11-23T10:00:00Z\r\n    status: investigating\r\n"
    "    message: Slow.\r\n\r\n# end\r\n"
)

FLOW_VALUE_LAST = """\
title: A flow mapping ends the last update
impact: major
updates:
  - {at: 2026-11-23T09:00:00Z, status: investigating, message: Down.}
  - at: 2026-11-23T10:00:00Z
    status: identified
    message: Found.
    components: {
      api: major_outage
    }
# end
"""

FLOW_ITEM_LAST = """\
title: The last update is a flow mapping
impact: major
updates:
  - at: 2026-11-23T09:00:00Z
    status: investigating
    message: Down.
  - {at: 2026-11-23T10:00:00Z, status: identified,
     message: Found.}
faq: [{q: What failed, a: A disk.}]
"""

STYLES = {
    "handwritten": HANDWRITTEN,
    "zero-indent": ZERO_INDENT,
    "no-final-newline": NO_FINAL_NEWLINE,
    "dash-alone": DASH_ALONE,
    "crlf": CRLF,
    "flow-value-last": FLOW_VALUE_LAST,
    "flow-item-last": FLOW_ITEM_LAST,
}


def write_raw(site: TestSite, name: str, text: str) -> Path:
    path = site.incidents / name
    path.write_bytes(text.encode("utf-8"))
    return path


@pytest.mark.parametrize("style", list(STYLES))
def test_update_appends_and_keeps_every_line(site: TestSite, style: str) -> None:
    original = STYLES[style]
    path = write_raw(site, "payments.yaml", original)
    ok(site.cli("validate"))
    before = load(path)
    result = ok(
        site.cli(
            "update",
            "payments",
            "--status",
            "identified",
            "--message",
            "A bad deploy; rolling back.",
            "--component",
            "api=partial_outage",
            "--next-update",
            "1h",
        )
    )
    assert "incidents/payments.yaml" in result.output
    new = path.read_bytes().decode("utf-8")
    old = original if original.endswith("\n") else original + ("\r\n" if "\r\n" in original else "\n")
    added = inserted(old, new)
    if "\r\n" in original:
        assert "\n" not in new.replace("\r\n", ""), "line endings were mixed"
    # exactly one new update, at the right indentation for this file
    dash = next(line for line in old.splitlines() if line.lstrip().startswith("-")).split("-")[0]
    assert added.startswith(dash + "-")
    [update] = yaml.safe_load(textwrap.dedent(added.replace("\r\n", "\n")))
    assert update == {
        "at": NOW_LOCAL,
        "status": "identified",
        "message": "A bad deploy; rolling back.",
        "next_update": NOW_LOCAL + timedelta(hours=1),
        "components": {"api": "partial_outage"},
    }
    after = load(path)
    assert after["updates"] == [*before["updates"], update]
    assert {k: v for k, v in after.items() if k != "updates"} == {
        k: v for k, v in before.items() if k != "updates"
    }
    assert list(after) == list(before)  # key order
    ok(site.cli("validate"))


def test_handwritten_comments_survive_update_and_resolve(site: TestSite) -> None:
    path = write_raw(site, "payments.yaml", HANDWRITTEN)
    ok(site.cli("update", "payments", "--status", "monitoring", "--message", "Fix deployed; watching."))
    after_update = path.read_text(encoding="utf-8")
    ok(site.cli("resolve", "payments"))
    text = path.read_text(encoding="utf-8")
    inserted(after_update, text)
    for line in HANDWRITTEN.splitlines():
        assert line in text.splitlines()
    # the new updates follow the file's own '-   at:' style and sit inside updates:
    assert text.count("\n    -   at: 2026-11-23T13:00:00+01:00\n") == 2
    data = load(path)
    assert [u["status"] for u in data["updates"]] == ["investigating", "identified", "monitoring", "resolved"]
    assert data["updates"][-1]["message"].strip()
    assert list(data) == ["title", "impact", "components", "updates", "faq", "contact", "postmortem"]
    ok(site.cli("validate"))


def test_resolve_shows_resolved_on_the_site_and_api(site: TestSite) -> None:
    ok(new_incident(site, "--next-update", "30m"))
    ok(
        site.cli(
            "update",
            ID,
            "--status",
            "identified",
            "--message",
            "A bad deploy.",
            "--component",
            "api=partial_outage",
        )
    )
    ok(site.cli("resolve", ID, "--message", "All payments work again."))
    data = load(site.incidents / f"{ID}.yaml")
    assert [u["status"] for u in data["updates"]] == ["investigating", "identified", "resolved"]
    assert data["updates"][-1]["message"].strip() == "All payments work again."
    out = site.build()
    incidents = json.loads((out / "api/v2/incidents.json").read_text())["incidents"]
    [incident] = [i for i in incidents if i["id"] == ID]
    assert incident["status"] == "resolved"
    # The instant of "now"; the API writes it with the page's offset (issue 11).
    assert datetime.fromisoformat(incident["resolved_at"]) == datetime.fromtimestamp(EPOCH, UTC)
    assert len(incident["incident_updates"]) == 3
    assert json.loads((out / "api/v2/incidents/unresolved.json").read_text())["incidents"] == []
    summary = json.loads((out / "api/v2/summary.json").read_text())
    assert summary["status"]["indicator"] == "none"
    page = BeautifulSoup((out / "incidents" / ID / "index.html").read_text(), "lxml").get_text()
    assert "All payments work again." in page and "Resolved" in page


def test_resolve_without_message_uses_a_default(site: TestSite) -> None:
    ok(new_incident(site))
    ok(site.cli("resolve", ID))
    last = load(site.incidents / f"{ID}.yaml")["updates"][-1]
    assert last["status"] == "resolved" and len(last["message"].strip()) > 10


def test_resolve_completes_a_maintenance(site: TestSite) -> None:
    ok(
        site.cli(
            "new",
            "--template",
            "maintenance",
            "--title",
            "Database upgrade",
            "--component",
            "database",
            "--maintenance-start",
            "2026-11-23T11:00:00Z",
            "--maintenance-end",
            "2026-11-23T14:00:00Z",
        )
    )
    mid = "2026-11-23-database-upgrade"
    ok(site.cli("update", mid, "--status", "in_progress", "--message", "Started."))
    ok(site.cli("resolve", mid))
    data = load(site.incidents / f"{mid}.yaml")
    assert [u["status"] for u in data["updates"]] == ["scheduled", "in_progress", "completed"]
    out = site.build()
    maints = json.loads((out / "api/v2/scheduled-maintenances.json").read_text())["scheduled_maintenances"]
    assert [(m["id"], m["status"]) for m in maints] == [(mid, "completed")]
    active = json.loads((out / "api/v2/scheduled-maintenances/active.json").read_text())
    assert active["scheduled_maintenances"] == []


def test_update_message_with_indented_first_line_and_markdown(site: TestSite) -> None:
    ok(new_incident(site))
    message = (
        "    sudo systemctl restart api   # the command we ran\n"
        "Then: 'quotes', \"double\", #hash, key: value, - dash, [brackets] and {braces}.\n\n"
        "- a list item\n- another one that is long enough to make this a block scalar message"
    )
    ok(site.cli("update", ID, "--status", "identified", "--message", message))
    last = load(site.incidents / f"{ID}.yaml")["updates"][-1]
    assert last["message"].rstrip("\n") == message
    ok(site.cli("validate"))


@pytest.mark.parametrize(
    "title", ['Payments: "down" #1', "  leading spaces", "Ünnepi leállás – fizetés", "yes", "null", "2026"]
)
def test_new_titles_are_written_as_text(site: TestSite, title: str) -> None:
    ok(new_incident(site, "--id", "odd-title", title=title))
    assert load(site.incidents / "odd-title.yaml")["title"] == title
    ok(site.cli("validate"))


# ---------------------------------------------------------------- refusals leave files byte-identical


RESOLVED = """\
# resolved already
title: Old outage
impact: minor
components: [api]
updates:
  - at: 2026-11-23T09:00:00Z
    status: investigating
    message: Slow.
  - at: 2026-11-23T10:00:00Z
    status: resolved
    message: Fixed.
"""

MAINTENANCE = """\
title: Upgrade
maintenance:
  start: 2026-12-01T02:00:00Z
  end: 2026-12-01T04:00:00Z
components: [database]
updates:
  - at: 2026-11-23T09:00:00Z
    status: scheduled
    message: Planned.
"""


IDENTIFIED = ("update", "payments", "--status", "identified", "--message", "m")


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("update", "payments", "--status", "fixed", "--message", "m"), "fixed"),
        (("update", "payments", "--status", "scheduled", "--message", "m"), "scheduled"),
        ((*IDENTIFIED, "--component", "billing=major_outage"), "billing"),
        ((*IDENTIFIED, "--component", "api=broken"), "broken"),
        ((*IDENTIFIED, "--next-update", "2026-11-23T11:00:00Z"), "next_update"),  # before the update
        ((*IDENTIFIED, "--next-update", "whenever"), "whenever"),
        (("update", "old", "--status", "identified", "--message", "m"), "resolved"),
        (("resolve", "old"), "resolved"),
        (("update", "upgrade", "--status", "identified", "--message", "m"), "identified"),
        (("update", "payment", "--status", "identified", "--message", "m"), "payment"),
        (("resolve", "no-such-incident"), "no-such-incident"),
    ],
)
def test_refused_update_leaves_files_byte_identical(
    site: TestSite, args: tuple[str, ...], named: str
) -> None:
    write_raw(site, "payments.yaml", HANDWRITTEN)
    write_raw(site, "old.yaml", RESOLVED)
    write_raw(site, "upgrade.yaml", MAINTENANCE)
    before = snapshot(site.incidents)
    out = refused(site.cli(*args))
    assert named in out
    assert snapshot(site.incidents) == before


def test_unknown_id_suggests_close_ones(site: TestSite) -> None:
    write_raw(site, "payments.yaml", HANDWRITTEN)
    out = refused(site.cli("update", "paymens", "--status", "identified", "--message", "m"))
    assert "paymens" in out and "payments" in out


def test_update_of_an_invalid_file_is_refused(site: TestSite) -> None:
    status = "        status: identified\n"
    broken = HANDWRITTEN.replace(status, status + "        mesage: x\n")
    path = write_raw(site, "payments.yaml", broken)
    out = refused(site.cli("update", "payments", "--status", "monitoring", "--message", "m"))
    assert "incidents/payments.yaml:" in out and "mesage" in out
    assert path.read_bytes() == broken.encode()
    unparsable = "title: [unclosed\nimpact: minor\n"
    path.write_bytes(unparsable.encode())
    out = refused(site.cli("resolve", "payments"))
    assert "incidents/payments.yaml" in out
    assert path.read_bytes() == unparsable.encode()


def test_update_with_component_without_status_is_a_usage_error(site: TestSite) -> None:
    path = write_raw(site, "payments.yaml", HANDWRITTEN)
    refused(site.cli(*IDENTIFIED, "--component", "api"), 2)
    assert path.read_bytes() == HANDWRITTEN.encode()


def test_update_refuses_a_flow_style_update_list(site: TestSite) -> None:
    text = (
        "title: Flow style\nimpact: minor\n"
        "updates: [{at: 2026-11-23T10:00:00Z, status: investigating, message: Slow.}]  # one line\n"
    )
    path = write_raw(site, "flow.yaml", text)
    ok(site.cli("validate"))
    out = refused(site.cli("update", "flow", "--status", "identified", "--message", "m"))
    assert "incidents/flow.yaml" in out
    assert "flow" in out and "- at:" in out  # says what to write instead
    assert path.read_bytes() == text.encode()
