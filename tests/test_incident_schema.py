"""The incident JSON Schema and the loader agree on what a valid incident file is (issue 4).

Every example below runs through both checkers:

* the schema, ``generator/schemas/incident.schema.json`` (JSON Schema draft-07, what VS Code and
  yaml-language-server use), on the data an editor sees: YAML with timestamps left as strings
  (yaml-language-server reads YAML 1.2, which has no timestamp type);
* the loader, :func:`generator.load.load_text`, for a site whose components are ``api``,
  ``dashboard`` and ``database``, in UTC, at "now" = 2026-11-23T12:00Z.

``AGREE``
    both accept, or both reject (at the same place in the file).
``LOADER_ONLY``
    rules a JSON Schema cannot express (order of updates, nothing after ``resolved``,
    ``next_update`` after ``at``, no future dates, a maintenance ending after it starts, component
    ids defined in mkdocs.yml, real calendar dates, duplicate keys, YAML aliases): the schema
    accepts, the loader rejects. ``statuskit validate`` is the authority; the schema is the
    editor's first line of defence.
``SCHEMA_STRICTER``
    known leniencies of the loader the schema deliberately does not copy (reported to the loader's
    owner); the schema rejects, the loader accepts.

A change to either checker that moves an example between these lists fails here, so the schema
and the loader stay in lockstep.
"""

from __future__ import annotations

import json
import re
import textwrap
import tomllib
from datetime import UTC, datetime
from fnmatch import fnmatch
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from generator import limits, load
from generator import vocabulary as v
from generator.config import ID_RE as COMPONENT_ID_RE
from generator.config import site_config
from generator.model import Incident

REPO = Path(__file__).resolve().parent.parent
SCHEMA_FILE = REPO / "generator" / "schemas" / "incident.schema.json"
SCHEMA = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft7Validator(SCHEMA)
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
CONFIG = site_config(
    {
        "timezone": "UTC",
        "components": [
            {"id": "api", "name": "Public API"},
            {"id": "dashboard", "name": "Dashboard"},
            {"id": "database", "name": "Database"},
        ],
    },
    "Test Status",
    "https://status.example.com/",
)


class EditorLoader(yaml.SafeLoader):
    """Safe YAML without the timestamp type: times stay strings, as an editor sees them."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def schema_errors(text: str) -> list[tuple[str, str]]:
    """``(instance path, message)`` for each schema error (an empty list: valid)."""
    data = yaml.load(text, Loader=EditorLoader)  # a SafeLoader subclass: safe
    return [("/".join(str(p) for p in e.absolute_path), e.message) for e in VALIDATOR.iter_errors(data)]


def loader_problems(text: str) -> list[str]:
    """``line:column: message`` for each loader problem (an empty list: valid)."""
    found = load.load_text(text, "example", CONFIG, NOW, "example.yaml")
    if isinstance(found, Incident):
        return []
    assert found, "the loader returned neither an incident nor problems"
    return [f"{p.line}:{p.column}: {p.message}" for p in found]


def doc(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def good(case_id: str, text: str) -> Any:
    return pytest.param(doc(text), None, None, id=case_id)


def bad(case_id: str, where: str, loader_says: str, text: str) -> Any:
    """An invalid example: the schema reports an error at instance path ``where`` ("" = the root),
    and a loader problem contains ``loader_says``."""
    return pytest.param(doc(text), where, loader_says, id=case_id)


UPDATE = """\
updates:
  - at: 2026-11-22T09:20:00Z
    status: investigating
    message: We are looking into it.
"""
HEAD = "title: T\nimpact: minor\n"


def titled(title: str) -> str:
    """A minor incident with this ``title`` (as written in YAML) and one update."""
    return f"title: {title}\nimpact: minor\n" + UPDATE


def at(time: str) -> str:
    """A minor incident whose one update is dated ``time``."""
    return f"{HEAD}updates:\n  - at: {time}\n    status: investigating\n    message: M\n"


AGREE = [
    # -- valid --------------------------------------------------------------------------------
    good("minimal-incident", "title: API errors\nimpact: minor\n" + UPDATE),
    good(
        "contract-example-in-full",
        """
        # yaml-language-server: $schema=../schemas/incident.schema.json
        title: Database outage in the EU region
        impact: major
        components:
          api: major_outage
          dashboard: degraded_performance
        updates:
          - at: 2026-11-22T09:20:00Z
            status: investigating
            message: |
              We are investigating elevated error rates on the API in the EU region.
            next_update: 2026-11-22T09:50:00Z
          - at: 2026-11-22 09:45
            status: identified
            message: A failed storage node is the cause. Failover is under way.
            components: {api: partial_outage}
          - at: 2026-11-22T10:30:00Z
            status: resolved
            message: All systems are back to normal.
        faq:
          - q: Was any data lost?
            a: No. **Nothing** was lost.
        video: https://www.youtube.com/watch?v=XXXXXXXXXXX
        transcript: |
          Good morning. This is what happened ...
        contact: mailto:support@example.com
        postmortem: |
          ## What happened
          ...
        """,
    ),
    good("components-as-a-list", HEAD + "components: [dashboard, api]\n" + UPDATE),
    good(
        "every-time-form-parse_time-accepts",
        """
        title: Times
        impact: minor
        updates:
          - at: 2026-11-22T09:20:00Z
            status: investigating
            message: With Z.
            next_update: 2026-11-22T10:50:00+01:00
          - at: 2026-11-22T10:20:00+01:00
            status: identified
            message: Same moment with an offset (equal times are allowed).
          - at: 2026-11-22T10:30+0100
            status: identified
            message: Offset without a colon, no seconds.
          - at: 2026-11-22 9:40
            status: monitoring
            message: Naive, one-digit hour, space separator.
          - at: "2026-11-22T09:45:30.25Z"
            status: monitoring
            message: Quoted, with a fraction of a second.
          - at: 2026-11-22 09:50 Z
            status: monitoring
            message: A space before Z.
          - at: 2026-11-22T04:55:00-05:00
            status: resolved
            message: A negative offset.
        """,
    ),
    good(
        "maintenance-impact-defaults",
        """
        title: Database upgrade
        maintenance:
          start: 2026-12-01T02:00:00Z
          end: 2026-12-01T04:00:00Z
        components: [database]
        updates:
          - at: 2026-11-23T10:00:00Z
            status: scheduled
            message: We will upgrade the primary database.
        """,
    ),
    good(
        "maintenance-completed-with-components-map",
        """
        title: Database upgrade
        impact: maintenance
        maintenance:
          start: 2026-11-20T02:00:00Z
          end: 2026-11-20T04:00:00Z
        components:
          database: under_maintenance
          api: degraded_performance
        updates:
          - at: 2026-11-19T10:00:00Z
            status: scheduled
            message: Announced.
          - at: 2026-11-20T02:00:00Z
            status: in_progress
            message: Started.
          - at: 2026-11-20T03:00:00Z
            status: verifying
            message: Checking.
          - at: 2026-11-20T03:30:00Z
            status: completed
            message: Done.
            components: {database: operational, api: operational}
        """,
    ),
    good(
        "resolved-update-sets-components-operational",
        """
        title: API errors
        impact: critical
        components: {api: major_outage}
        updates:
          - at: 2026-11-22T09:20:00Z
            status: investigating
            message: Down.
          - at: 2026-11-22T09:30:00Z
            status: resolved
            message: Up again.
            components: {api: operational}
        """,
    ),
    good(
        # The closing update returns every component to operational, whatever it names.
        "resolved-update-naming-affected-components",
        """
        title: T
        impact: major
        components: [api]
        updates:
          - at: 2026-11-22T09:20:00Z
            status: investigating
            message: Looking.
          - at: 2026-11-22T09:30:00Z
            status: resolved
            message: Fixed.
            components: {api: partial_outage, dashboard: degraded_performance}
        """,
    ),
    good(
        "completed-update-listing-components",
        """
        title: Upgrade
        maintenance: {start: 2026-11-20T02:00:00Z, end: 2026-11-20T04:00:00Z}
        updates:
          - at: 2026-11-20T04:00:00Z
            status: completed
            message: Done.
            components: [database]
        """,
    ),
    good(
        "impact-none-resolved-update-may-list-components",
        """
        title: Brief blip
        impact: none
        updates:
          - at: 2026-11-22T09:20:00Z
            status: resolved
            message: No effect on users.
            components: [api]
        """,
    ),
    good(
        "empty-optional-fields",
        HEAD + "components:\nfaq: []\nvideo: ''\ncontact:\npostmortem:\ntranscript:\n" + UPDATE,
    ),
    good(
        "numbers-are-text-too",
        """
        title: 404
        impact: minor
        updates:
          - at: 2026-11-22T09:20:00Z
            status: investigating
            message: 503
        """,
    ),
    # -- invalid: the file as a whole ----------------------------------------------------------
    bad("root-is-a-list", "", "must be a mapping", "- title: API errors\n"),
    bad("root-is-text", "", "must be a mapping", "API errors\n"),
    bad("title-missing", "", "'title' is missing", "impact: minor\n" + UPDATE),
    bad("updates-missing", "", "'updates' is missing", "title: API errors\nimpact: minor\n"),
    bad("impact-missing", "", "'impact' is missing", "title: API errors\n" + UPDATE),
    bad(
        "unknown-top-level-key",
        "",
        "unknown key 'severity'",
        "title: API errors\nimpact: minor\nseverity: high\n" + UPDATE,
    ),
    # -- invalid: texts -------------------------------------------------------------------------
    bad("title-empty", "title", "'title' is empty", "title: ''\nimpact: minor\n" + UPDATE),
    bad("title-null", "title", "'title' is empty", "title:\nimpact: minor\n" + UPDATE),
    bad("title-a-list", "title", "must be text", "title: [API, errors]\nimpact: minor\n" + UPDATE),
    bad(
        "message-blank",
        "updates/0/message",
        "'message' is empty",
        """
        title: API errors
        impact: minor
        updates:
          - at: 2026-11-22T09:20:00Z
            status: investigating
            message: "   "
        """,
    ),
    bad("title-too-long", "title", "limited to 200", titled("x" * 201)),
    good("title-of-200-characters", titled("x" * 200)),
    good("title-an-emoji", titled('"\\U0001F525"')),
    good("hebrew-with-a-right-to-left-mark", titled("\u05ea\u05e7\u05dc\u05d4 (API)\u200f")),
    bad("title-escape-character", "title", "U+001B", titled('"a\\eb"')),
    bad("title-right-to-left-override", "title", "U+202E", titled('"abc\\u202Etxt.exe"')),
    bad("message-nul", "updates/0/message", "U+0000", HEAD + UPDATE.replace("We are", '"a\\0b" #')),
    bad("message-noncharacter", "updates/0/message", "U+FFFE", HEAD + UPDATE.replace("We", '"\\uFFFE" #')),
    bad("faq-answer-c1-control", "faq/0/a", "U+009B", HEAD + 'faq:\n  - q: Why?\n    a: "\\x9b"\n' + UPDATE),
    bad("contact-vertical-tab", "contact", "U+000B", HEAD + 'contact: "mailto:a\\vb"\n' + UPDATE),
    bad("video-escape", "video", "U+001B", HEAD + 'video: "https://example.com/\\e"\n' + UPDATE),
    bad("contact-a-mapping", "contact", "must be text", HEAD + "contact: {a: b}\n" + UPDATE),
    bad("transcript-a-list", "transcript", "must be text", HEAD + "transcript: [a]\n" + UPDATE),
    bad("postmortem-a-list", "postmortem", "must be text", HEAD + "postmortem: [a]\n" + UPDATE),
    # -- invalid: impact ------------------------------------------------------------------------
    bad("impact-unknown", "impact", "'severe' is not an impact", "title: T\nimpact: severe\n" + UPDATE),
    bad("impact-null", "impact", "'impact' is empty", "title: T\nimpact:\n" + UPDATE),
    bad(
        "impact-maintenance-without-block",
        "impact",
        "needs a maintenance: block",
        "title: T\nimpact: maintenance\n" + UPDATE,
    ),
    # -- invalid: updates -----------------------------------------------------------------------
    bad("updates-empty", "updates", "at least one update", HEAD + "updates: []\n"),
    bad("updates-not-a-list", "updates", "at least one update", HEAD + "updates: resolved\n"),
    bad(
        "update-not-a-mapping",
        "updates/0",
        "'update' must be a mapping",
        HEAD + "updates:\n  - We are looking into it.\n",
    ),
    bad(
        "update-without-at",
        "updates/0",
        "update 1 has no 'at'",
        """
        title: T
        impact: minor
        updates:
          - status: investigating
            message: Looking.
        """,
    ),
    bad(
        "update-without-message",
        "updates/0",
        "update 1 has no 'message'",
        """
        title: T
        impact: minor
        updates:
          - at: 2026-11-22T09:20:00Z
            status: investigating
        """,
    ),
    bad(
        "misspelt-next_update",
        "updates/0",
        "unknown key 'next_updte'",
        """
        title: T
        impact: minor
        updates:
          - at: 2026-11-22T09:20:00Z
            status: investigating
            message: Looking.
            next_updte: 2026-11-22T09:50:00Z
        """,
    ),
    bad(
        "status-unknown",
        "updates/0/status",
        "'fixed' is not an update status",
        """
        title: T
        impact: minor
        updates:
          - at: 2026-11-22T09:20:00Z
            status: fixed
            message: Looking.
        """,
    ),
    bad(
        "maintenance-status-in-an-incident",
        "updates/0/status",
        "'scheduled' is a maintenance status",
        """
        title: T
        impact: minor
        updates:
          - at: 2026-11-22T09:20:00Z
            status: scheduled
            message: Looking.
        """,
    ),
    # -- invalid: times -------------------------------------------------------------------------
    bad(
        "at-date-without-time",
        "updates/0/at",
        "is not a date and time",
        at("2026-11-22"),
    ),
    bad(
        "at-hour-25",
        "updates/0/at",
        "is not a date and time",
        at("2026-11-22T25:00Z"),
    ),
    bad(
        "at-month-13",
        "updates/0/at",
        "is not a date and time",
        at("2026-13-22T09:20Z"),
    ),
    bad(
        "at-lowercase-t",
        "updates/0/at",
        "is not a date and time",
        at("2026-11-22t09:20Z"),
    ),
    bad(
        "at-offset-24-hours",
        "updates/0/at",
        "is not a date and time",
        at("2026-11-22T09:20+24:00"),
    ),
    good("at-fraction-then-space-then-offset", at("2026-11-22 09:20:00.5 +01:00")),
    good("at-long-fraction-then-space-then-offset", at("2026-11-22T09:20:00.1234567 +01:00")),
    bad("at-offset-minutes-99", "updates/0/at", "is not a date and time", at("2026-11-22T09:20:00+01:99")),
    bad("at-year-typo", "updates/0/at", "is before 1970-01-01T00:00:00Z", at("0226-11-22T09:00:00Z")),
    bad("at-year-1", "updates/0/at", "is before 1970-01-01T00:00:00Z", at("0001-01-01T00:00:00+01:00")),
    bad(
        "maintenance-end-year-10000",
        "maintenance/end",
        "is not a date and time",
        """
        title: Upgrade
        maintenance: {start: 2026-12-01T02:00:00Z, end: 10000-01-01T00:00:00Z}
        updates:
          - at: 2026-11-22T09:20:00Z
            status: scheduled
            message: Planned.
        """,
    ),
    bad(
        "at-a-number",
        "updates/0/at",
        "is not a date and time",
        at("1795435200"),
    ),
    bad(
        "next_update-empty",
        "updates/0/next_update",
        "'next_update' is not a date and time",
        """
        title: T
        impact: minor
        updates:
          - at: 2026-11-22T09:20:00Z
            status: investigating
            message: Looking.
            next_update:
        """,
    ),
    # -- invalid: components --------------------------------------------------------------------
    bad(
        "components-a-single-word",
        "components",
        "must be a list of ids or a mapping",
        HEAD + "components: api\n" + UPDATE,
    ),
    bad(
        "component-status-unknown",
        "components",
        "'down' is not a component status",
        HEAD + "components: {api: down}\n" + UPDATE,
    ),
    bad(
        "component-status-missing",
        "components",
        "'api' is empty",
        HEAD + "components:\n  api:\n" + UPDATE,
    ),
    bad(
        "component-id-uppercase",
        "components",
        "component 'API' is not defined",
        HEAD + "components: [API]\n" + UPDATE,
    ),
    bad(
        "update-component-status-unknown",
        "updates/0/components",
        "'broken' is not a component status",
        """
        title: T
        impact: minor
        updates:
          - at: 2026-11-22T09:20:00Z
            status: investigating
            message: Looking.
            components: {api: broken}
        """,
    ),
    # -- invalid: faq and video -----------------------------------------------------------------
    bad("faq-not-a-list", "faq", "'faq' must be a list", HEAD + "faq: {q: Why, a: Because}\n" + UPDATE),
    bad("faq-entry-without-answer", "faq/0", "a faq entry has no 'a'", HEAD + "faq:\n  - q: Why?\n" + UPDATE),
    bad(
        "faq-entry-unknown-key",
        "faq/0",
        "unknown key 'question'",
        HEAD + "faq:\n  - question: Why?\n    a: Because.\n" + UPDATE,
    ),
    bad("faq-answer-empty", "faq/0/a", "'a' is empty", HEAD + "faq:\n  - q: Why?\n    a:\n" + UPDATE),
    bad("video-not-a-web-address", "video", "must be a web address", HEAD + "video: ftp://x/v\n" + UPDATE),
    bad(
        "video-with-a-space",
        "video",
        "must be a web address",
        HEAD + "video: https://example.com/my video\n" + UPDATE,
    ),
    bad("video-a-list", "video", "must be text", HEAD + "video: [https://example.com/v]\n" + UPDATE),
    # -- invalid: maintenance -------------------------------------------------------------------
    bad(
        "incident-status-in-a-maintenance",
        "updates/0/status",
        "'investigating' is an incident status",
        """
        title: Upgrade
        maintenance: {start: 2026-12-01T02:00:00Z, end: 2026-12-01T04:00:00Z}
        updates:
          - at: 2026-11-22T09:20:00Z
            status: investigating
            message: Planned.
        """,
    ),
    bad(
        "maintenance-impact-major",
        "impact",
        "is not an impact for a maintenance",
        """
        title: Upgrade
        impact: major
        maintenance: {start: 2026-12-01T02:00:00Z, end: 2026-12-01T04:00:00Z}
        updates:
          - at: 2026-11-22T09:20:00Z
            status: scheduled
            message: Planned.
        """,
    ),
    bad(
        "maintenance-impact-empty",
        "impact",
        "'impact' is empty",
        """
        title: Upgrade
        impact:
        maintenance: {start: 2026-12-01T02:00:00Z, end: 2026-12-01T04:00:00Z}
        updates:
          - at: 2026-11-22T09:20:00Z
            status: scheduled
            message: Planned.
        """,
    ),
    bad(
        "maintenance-without-end",
        "maintenance",
        "maintenance 'end' is missing",
        """
        title: Upgrade
        maintenance:
          start: 2026-12-01T02:00:00Z
        updates:
          - at: 2026-11-22T09:20:00Z
            status: scheduled
            message: Planned.
        """,
    ),
    bad(
        "maintenance-unknown-key",
        "maintenance",
        "unknown key 'duration' in maintenance",
        """
        title: Upgrade
        maintenance:
          start: 2026-12-01T02:00:00Z
          end: 2026-12-01T04:00:00Z
          duration: 2h
        updates:
          - at: 2026-11-22T09:20:00Z
            status: scheduled
            message: Planned.
        """,
    ),
    bad(
        "maintenance-a-single-time",
        "maintenance",
        "'maintenance' must be a mapping",
        """
        title: Upgrade
        maintenance: 2026-12-01T02:00:00Z
        updates:
          - at: 2026-11-22T09:20:00Z
            status: scheduled
            message: Planned.
        """,
    ),
]

LOADER_ONLY = [
    pytest.param(
        doc(
            """
            title: T
            impact: minor
            updates:
              - at: 2026-11-22T10:00:00Z
                status: investigating
                message: Later.
              - at: 2026-11-22T09:00:00Z
                status: identified
                message: Earlier, but listed second.
            """
        ),
        "updates are out of order",
        id="updates-out-of-order",
    ),
    pytest.param(
        doc(
            """
            title: T
            impact: minor
            updates:
              - at: 2026-11-22T09:00:00Z
                status: resolved
                message: Fixed.
              - at: 2026-11-22T10:00:00Z
                status: monitoring
                message: After the end.
            """
        ),
        "comes after the 'resolved' update",
        id="update-after-resolved",
    ),
    pytest.param(
        doc(
            """
            title: T
            impact: minor
            updates:
              - at: 2026-11-22T09:20:00Z
                status: investigating
                message: Looking.
                next_update: 2026-11-22T09:20:00Z
            """
        ),
        "next_update is not after",
        id="next_update-not-after-at",
    ),
    pytest.param(
        at("2062-11-22T09:20:00Z"),  # a mistyped year
        "is in the future",
        id="at-in-the-future",
    ),
    pytest.param(
        at("2026-11-23T12:06:00Z"),  # beyond the five minutes of clock skew
        "is in the future",
        id="at-beyond-clock-skew",
    ),
    pytest.param(
        doc(
            """
            title: Upgrade
            maintenance: {start: 2026-12-01T04:00:00Z, end: 2026-12-01T02:00:00Z}
            updates:
              - at: 2026-11-22T09:20:00Z
                status: scheduled
                message: Planned.
            """
        ),
        "maintenance end is not after its start",
        id="maintenance-ends-before-it-starts",
    ),
    pytest.param(
        HEAD + "components: [api, billing]\n" + UPDATE,
        "component 'billing' is not defined in mkdocs.yml",
        id="component-not-in-mkdocs-list",
    ),
    pytest.param(
        HEAD + "components: {billing: major_outage}\n" + UPDATE,
        "component 'billing' is not defined in mkdocs.yml",
        id="component-not-in-mkdocs-map",
    ),
    pytest.param(
        doc(
            """
            title: T
            impact: minor
            updates:
              - at: 2026-11-22T09:20:00Z
                status: investigating
                message: Looking.
                components: {billing: partial_outage}
            """
        ),
        "component 'billing' is not defined in mkdocs.yml",
        id="update-component-not-in-mkdocs",
    ),
    pytest.param(
        at("2026-02-30T09:20:00Z"),
        "is not a date and time",
        id="impossible-calendar-date",
    ),
    pytest.param(
        at("1970-01-01T00:30:00+01:00"),
        "is before 1970-01-01T00:00:00Z",
        id="time-before-1970-in-utc",  # the year says 1970, but in UTC it is still 1969
    ),
    pytest.param(
        at("2026-11-22T09:20:00Z").replace("M\n", "M\n    next_update: 9999-12-31T23:59:59Z\n"),
        "is after 9999-12-30T00:00:00Z",
        id="time-after-the-last-day-statuskit-shows",  # the sentinel "forever": no time zone can show it
    ),
    pytest.param(
        at("2026-11-22T09:20:00Z").replace("M\n", "M\n    next_update: 9999-12-31T23:59:59-12:00\n"),
        "is after 9999-12-30T00:00:00Z",
        id="time-past-year-9999-in-utc",  # a real date that Python cannot even turn into UTC
    ),
    pytest.param(
        HEAD.replace("title: T", 'title: "\\u200b\\u0301"') + UPDATE,
        "only invisible characters or lone accents",
        id="title-nothing-visible",
    ),
    pytest.param(
        HEAD + UPDATE.replace("We are looking into it.", '"Looking \\U0001FFFE."'),
        "the noncharacter U+1FFFE",
        id="noncharacter-beyond-the-bmp",  # a JSON Schema pattern cannot name it without the u flag
    ),
    pytest.param(
        HEAD.replace("title: T", "title: &t T") + UPDATE,
        "YAML anchors (&t)",
        id="yaml-anchor-never-aliased",
    ),
    pytest.param(
        HEAD + "impact: major\n" + UPDATE,
        "duplicate key 'impact'",
        id="duplicate-key",  # yaml-language-server flags it too, as a YAML error rather than a schema one
    ),
    pytest.param(
        doc(
            """
            title: T
            impact: minor
            updates:
              - at: &when 2026-11-22T09:20:00Z
                status: investigating
                message: Looking.
                next_update: *when
            """
        ),
        "anchors and aliases",
        id="yaml-alias",
    ),
]

SCHEMA_STRICTER = [
    pytest.param(
        HEAD + "updates:\n  - at: 2026-11-22T09:20:00Z\n    status: ' investigating '\n    message: M\n",
        id="quoted-status-with-spaces",  # the loader strips text before comparing it with the vocabulary
    ),
]


# -- the examples -------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "where", "loader_says"), AGREE)
def test_schema_and_loader_agree(text: str, where: str | None, loader_says: str | None) -> None:
    from_schema = schema_errors(text)
    from_loader = loader_problems(text)
    if where is None:
        assert from_schema == [], "the schema rejects a file the loader accepts"
        assert from_loader == [], "the loader rejects a file the schema accepts"
        return
    assert from_schema, f"the schema accepts a file the loader rejects: {from_loader}"
    assert from_loader, f"the loader accepts a file the schema rejects: {from_schema}"
    assert where in [path for path, _ in from_schema], f"no schema error at '{where}': {from_schema}"
    assert any(loader_says in p for p in from_loader), f"no loader problem has '{loader_says}': {from_loader}"


@pytest.mark.parametrize(("text", "loader_says"), LOADER_ONLY)
def test_rules_beyond_json_schema_are_the_loaders(text: str, loader_says: str) -> None:
    assert schema_errors(text) == []
    from_loader = loader_problems(text)
    assert any(loader_says in p for p in from_loader), f"no loader problem has '{loader_says}': {from_loader}"


@pytest.mark.parametrize("text", SCHEMA_STRICTER)
def test_schema_is_stricter_than_the_loader_here(text: str) -> None:
    assert schema_errors(text)
    assert loader_problems(text) == []


def test_the_example_table_covers_enough_cases() -> None:
    valid = sum(1 for case in AGREE if case.values[1] is None)
    assert valid >= 8 and len(AGREE) - valid >= 30 and len(LOADER_ONLY) >= 10


@pytest.mark.parametrize("path", sorted((REPO / "incidents").glob("*.y*ml")), ids=lambda p: p.name)
def test_repository_incidents_are_valid_under_the_schema(path: Path) -> None:
    assert schema_errors(path.read_text(encoding="utf-8")) == []


# -- the schema itself --------------------------------------------------------------------------


def test_schema_is_valid_draft_07() -> None:
    assert SCHEMA["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    # No made-up host: either no $id, or a relative one.
    assert "$id" not in SCHEMA or not re.match(r"^[a-z][a-z0-9+.-]*:", SCHEMA["$id"])


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = SCHEMA["definitions"][node["$ref"].removeprefix("#/definitions/")]
    return node


def test_keys_and_vocabulary_match_the_loader() -> None:
    top = SCHEMA["properties"]
    update = _resolve(top["updates"]["items"])
    faq = _resolve(top["faq"]["items"])
    window = _resolve(top["maintenance"])
    assert set(top) == set(load.TOP_KEYS)
    assert set(update["properties"]) == set(load.UPDATE_KEYS)
    assert set(faq["properties"]) == set(load.FAQ_KEYS)
    assert set(window["properties"]) == set(load.WINDOW_KEYS)
    assert SCHEMA["required"] == ["title", "updates"]
    assert update["required"] == ["at", "status", "message"]
    assert faq["required"] == ["q", "a"] and window["required"] == ["start", "end"]
    assert set(SCHEMA["definitions"]["componentStatus"]["enum"]) == set(v.COMPONENT_STATUSES)
    # ECMA-262's "$" ends the text; Python's also matches before a final line break, hence \\Z there.
    assert SCHEMA["definitions"]["componentId"]["pattern"] == COMPONENT_ID_RE.pattern.replace("\\Z", "$")
    # Impacts and statuses are enumerated per kind of file, so editors offer only the right ones.
    (kinds,) = SCHEMA["allOf"]
    assert kinds["if"] == {"required": ["maintenance"]}
    for branch, impacts, statuses in (
        ("else", v.IMPACTS, v.INCIDENT_STATUSES),
        ("then", (v.MAINTENANCE_IMPACT,), v.MAINTENANCE_STATUSES),
    ):
        rules = kinds[branch]["properties"]
        assert rules["impact"]["enum"] == list(impacts)
        assert rules["updates"]["items"]["properties"]["status"]["enum"] == list(statuses)
    assert kinds["else"]["required"] == ["impact"]


def test_bounds_match_the_loaders() -> None:
    """The schema states generator/limits.py's bounds: title length, refused characters, years."""
    assert SCHEMA["properties"]["title"]["maxLength"] == limits.MAX_TITLE
    for name in ("text", "optionalText"):
        pattern = re.compile(SCHEMA["definitions"][name]["not"]["pattern"])
        refused = limits.REFUSED
        differ = [hex(c) for c in range(65536) if bool(pattern.match(chr(c))) != bool(refused.match(chr(c)))]
        assert differ == [], f"{name}: the schema and limits.REFUSED disagree on {differ[:10]}"
    time = re.compile(SCHEMA["definitions"]["time"]["pattern"])
    years = [y for y in range(0, 10000) if time.match(f"{y:04d}-01-02T00:00:00Z")]
    assert years == list(range(limits.EARLIEST.year, limits.LATEST.year + 1))


def _walk(node: Any, path: str = "#"):
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, f"{path}/{index}")


def test_every_field_is_documented_for_editors() -> None:
    fields = [
        (path, schema)
        for path, schema in _walk(SCHEMA)
        if re.search(r"/properties/[^/]+$", path) and not re.search(r"/(allOf|if|then|else)/", path)
    ]
    assert len(fields) >= len(load.TOP_KEYS) + len(load.UPDATE_KEYS)
    for path, schema in fields:
        for key in ("title", "description", "markdownDescription"):
            assert schema.get(key), f"{path} has no {key}"


def test_every_object_forbids_unknown_keys() -> None:
    for path, schema in _walk(SCHEMA):
        if "properties" in schema and "type" in schema:
            assert schema.get("additionalProperties") is False, f"{path} allows unknown keys"


def test_snippets_for_an_update_and_a_faq_entry() -> None:
    update = SCHEMA["definitions"]["update"]["defaultSnippets"][0]["body"]
    faq = SCHEMA["definitions"]["faqEntry"]["defaultSnippets"][0]["body"]
    assert set(update) == {"at", "status", "message"} and set(faq) == {"q", "a"}


# -- shipped with the package ---------------------------------------------------------------------


def test_schema_is_package_data() -> None:
    resource = files("generator").joinpath("schemas/incident.schema.json")
    assert json.loads(resource.read_text(encoding="utf-8")) == SCHEMA
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    globs = pyproject["tool"]["setuptools"]["package-data"]["generator"]
    assert any(fnmatch("schemas/incident.schema.json", pattern) for pattern in globs)
