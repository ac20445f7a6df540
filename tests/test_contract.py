"""Every rule of the incident file contract has a failing input (issue 2).

Each row is a small broken input and where the error must point. Through the
real CLI, in-process, every row must: exit 1 (a SystemExit, never another
exception), name ``file:line`` (and column where known) with the message, give
a ``fix:`` for every problem, print no traceback, and, for ``build``, leave a
previous good build in the site directory byte-for-byte untouched.
"""

from __future__ import annotations

import os
import re
import shutil
import textwrap
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import conftest
import pytest
from click.testing import Result
from conftest import EPOCH, REPO, mkdocs_yml

from generator.config import site_config
from generator.errors import InputError, Problem
from generator.load import load_text
from generator.model import Incident

NOW = datetime.fromtimestamp(EPOCH, UTC)  # 2026-11-23T12:00:00Z

GOOD = """title: Elevated API errors
impact: minor
components: [api]
updates:
  - at: 2026-11-20T10:00:00Z
    status: investigating
    message: We are looking into it.
  - at: 2026-11-20T11:00:00Z
    status: resolved
    message: Fixed.
"""

PROBLEM_LINE = re.compile(r"^(?:incidents/[^:]+|mkdocs\.yml|SOURCE_DATE_EPOCH)(?::\d+){0,2}: ")
MORE = re.compile(r": \.\.\. and \d+ more errors?$")
SUMMARY = re.compile(r"^\d+ errors? in \d+ files?$", re.M)


@dataclass(frozen=True)
class Case:
    """Broken input and what the report must say about it.

    ``expect`` holds (location, message part, fix part): some problem line
    starts with ``location:`` and contains the message part, and its fix line
    contains the fix part.
    """

    files: dict[str, str | bytes]
    expect: tuple[tuple[str, str, str], ...]
    yml: dict[str, str] = field(default_factory=dict)
    epoch: Any = EPOCH
    absent: tuple[str, ...] = ()


def one(name: str, text: str | bytes, loc: str, msg: str, fix: str = "", **kw: Any) -> Case:
    """A case with one incident file and one expected problem in it."""
    return Case({name: text}, ((f"incidents/{name}:{loc}", msg, fix),), **kw)


def window(body: str) -> str:
    """A maintenance file: the window block plus ``body``."""
    return (
        "title: Database upgrade\n"
        "maintenance:\n"
        "  start: 2026-12-01T02:00:00Z\n"
        "  end: 2026-12-01T04:00:00Z\n"
        "components: [database]\n" + textwrap.dedent(body).lstrip("\n")
    )


def timed(at: str) -> str:
    """A one-update incident whose update is at ``at`` (the value is on line 5, column 9)."""
    return f"title: T\nimpact: minor\nupdates:\n  - status: investigating\n    at: {at}\n    message: M\n"


TWELVE = "title: Many problems\nimpact: minor\nupdates:\n" + "".join(
    f"  - at: 2026-11-22T10:{i:02d}:00Z\n    status: bogus{i}\n    message: M\n" for i in range(12)
)

BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{k}: &{k} [{','.join(['*' + p] * 9)}]\n" for p, k in zip("abcdefgh", "bcdefghi", strict=True)
)

CASES = [
    # -- the file name is the id --------------------------------------------------------------
    pytest.param(one("Bad-Name.yaml", GOOD, "1", "not a valid incident id", "lowercase"), id="id-uppercase"),
    pytest.param(one("bad_name.yaml", GOOD, "1", "not a valid incident id", "lowercase"), id="id-underscore"),
    pytest.param(one("bad name.yaml", GOOD, "1", "not a valid incident id", "lowercase"), id="id-space"),
    pytest.param(one("outage.YAML", GOOD, "1", "lowercase .yaml", "rename"), id="extension-uppercase"),
    pytest.param(
        Case(
            {"dup.yaml": GOOD, "dup.yml": GOOD},
            (("incidents/dup.yml:1", "also used by incidents/dup.yaml", "one file per id"),),
        ),
        id="yaml-and-yml-same-stem",
    ),
    # -- keys -------------------------------------------------------------------------------------
    pytest.param(
        Case(
            {"x.yaml": GOOD.replace("title:", "titel:")},
            (
                ("incidents/x.yaml:1:1", "unknown key 'titel' at the top level", "did you mean 'title'?"),
                ("incidents/x.yaml:1", "'title' is missing", "add 'title:'"),
            ),
        ),
        id="unknown-top-key-typo",
    ),
    pytest.param(
        one("x.yaml", GOOD + "severity: high\n", "11:1", "unknown key 'severity'", "known keys are: title"),
        id="unknown-top-key-no-match",
    ),
    pytest.param(
        one(
            "x.yaml",
            GOOD.replace("message: We are looking into it.\n", "message: Looking.\n    next_updte: 10:30\n"),
            "8:5",
            "unknown key 'next_updte' in an update",
            "did you mean 'next_update'?",
        ),
        id="unknown-update-key-typo",
    ),
    pytest.param(
        one(
            "x.yaml", "title: A\n" + GOOD, "2:1", "duplicate key 'title' (already set on line 1)", "keep one"
        ),
        id="duplicate-top-key",
    ),
    pytest.param(
        one(
            "x.yaml",
            GOOD.replace("status: investigating\n", "status: investigating\n    status: identified\n"),
            "7:5",
            "duplicate key 'status' (already set on line 6)",
            "keep one 'status:'",
        ),
        id="duplicate-update-key",
    ),
    pytest.param(
        one("x.yaml", GOOD.replace("title: Elevated API errors\n", ""), "1", "'title' is missing", "title:"),
        id="missing-title",
    ),
    pytest.param(
        one("x.yaml", GOOD.replace("impact: minor\n", ""), "1", "'impact' is missing", "none, minor"),
        id="missing-impact",
    ),
    pytest.param(
        one("x.yaml", "title: T\nimpact: minor\n", "1", "'updates' is missing", "updates:"),
        id="missing-updates",
    ),
    pytest.param(
        one("x.yaml", "title: T\nimpact: minor\nupdates: []\n", "3:10", "at least one update", "- at:"),
        id="empty-updates",
    ),
    pytest.param(
        one("x.yaml", "title: T\nimpact: minor\nupdates:\n", "3:9", "at least one update", "- at:"),
        id="updates-null",
    ),
    pytest.param(
        one("x.yaml", "title:\n" + GOOD.split("\n", 1)[1], "1:1", "'title' is empty", "write the title"),
        id="title-empty",
    ),
    pytest.param(
        one("x.yaml", "title: [a, b]\n" + GOOD.split("\n", 1)[1], "1:8", "'title' must be text", "same line"),
        id="title-not-text",
    ),
    # -- impact and maintenance ---------------------------------------------------------------
    pytest.param(
        one(
            "x.yaml", GOOD.replace("minor", "catastrophic"), "2:9", "'catastrophic' is not an impact", "none"
        ),
        id="bad-impact",
    ),
    pytest.param(
        one(
            "x.yaml", GOOD.replace("minor", "majr"), "2:9", "'majr' is not an impact", "did you mean 'major'?"
        ),
        id="bad-impact-typo",
    ),
    pytest.param(
        one(
            "x.yaml",
            GOOD.replace("minor", "maintenance"),
            "2:9",
            "impact 'maintenance' needs a maintenance: block",
            "add maintenance:",
        ),
        id="maintenance-impact-without-block",
    ),
    pytest.param(
        one(
            "x.yaml",
            "impact: major\n"
            + window("updates:\n  - at: 2026-11-23T10:00:00Z\n    status: scheduled\n    message: M\n"),
            "1:9",
            "'major' is not an impact for a maintenance",
            "remove the impact: line",
        ),
        id="maintenance-with-other-impact",
    ),
    pytest.param(
        one(
            "x.yaml",
            window("updates:\n  - at: 2026-11-23T10:00:00Z\n    status: scheduled\n    message: M\n").replace(
                "  start: 2026-12-01T02:00:00Z\n", ""
            ),
            "2:1",
            "maintenance 'start' is missing",
            "add 'start:'",
        ),
        id="maintenance-missing-start",
    ),
    pytest.param(
        one(
            "x.yaml",
            window("updates:\n  - at: 2026-11-23T10:00:00Z\n    status: scheduled\n    message: M\n").replace(
                "  end: 2026-12-01T04:00:00Z\n", ""
            ),
            "2:1",
            "maintenance 'end' is missing",
            "add 'end:'",
        ),
        id="maintenance-missing-end",
    ),
    pytest.param(
        one(
            "x.yaml",
            window("updates:\n  - at: 2026-11-23T10:00:00Z\n    status: scheduled\n    message: M\n").replace(
                "04:00:00Z", "01:00:00Z"
            ),
            "4:8",
            "maintenance end is not after its start",
            "after start:",
        ),
        id="maintenance-end-before-start",
    ),
    pytest.param(
        one(
            "x.yaml",
            window("updates:\n  - at: 2026-11-23T10:00:00Z\n    status: scheduled\n    message: M\n").replace(
                "04:00:00Z", "02:00:00Z"
            ),
            "4:8",
            "maintenance end is not after its start",
            "after start:",
        ),
        id="maintenance-end-equals-start",
    ),
    pytest.param(
        one(
            "x.yaml",
            "title: T\nmaintenance: tomorrow\nupdates: []\n",
            "2:14",
            "must be a mapping",
            "start, end",
        ),
        id="maintenance-not-a-mapping",
    ),
    pytest.param(
        one(
            "x.yaml",
            window("updates:\n  - at: 2026-11-23T10:00:00Z\n    status: investigating\n    message: M\n"),
            "8:13",
            "'investigating' is an incident status, but this file is a maintenance",
            "scheduled",
        ),
        id="incident-status-in-maintenance",
    ),
    pytest.param(
        one(
            "x.yaml",
            GOOD.replace("status: investigating", "status: scheduled"),
            "6:13",
            "'scheduled' is a maintenance status, but this file is an incident",
            "investigating",
        ),
        id="maintenance-status-in-incident",
    ),
    # -- statuses and components -------------------------------------------------------------
    pytest.param(
        one(
            "x.yaml", GOOD.replace("status: resolved", "status: fixed"), "9:13", "'fixed' is not", "resolved"
        ),
        id="bad-update-status",
    ),
    pytest.param(
        one(
            "x.yaml",
            GOOD.replace("status: resolved", "status: resolvd"),
            "9:13",
            "'resolvd' is not",
            "did you mean 'resolved'?",
        ),
        id="bad-update-status-typo",
    ),
    pytest.param(
        one(
            "x.yaml",
            GOOD.replace("[api]", "[apii]"),
            "3:14",
            "component 'apii' is not defined in mkdocs.yml",
            "did you mean 'api'?",
        ),
        id="unknown-component-in-list",
    ),
    pytest.param(
        one(
            "x.yaml",
            GOOD.replace("[api]", "{dashbord: major_outage}"),
            "3:14",
            "component 'dashbord' is not defined in mkdocs.yml",
            "did you mean 'dashboard'?",
        ),
        id="unknown-component-in-map",
    ),
    pytest.param(
        one(
            "x.yaml",
            GOOD.replace("message: Fixed.\n", "message: Fixed.\n    components: {emial: operational}\n"),
            "11:18",
            "component 'emial' is not defined",
            "did you mean 'email'?",
        ),
        id="unknown-component-in-update",
    ),
    pytest.param(
        one(
            "x.yaml",
            GOOD.replace("[api]", "{api: down}"),
            "3:19",
            "'down' is not a component status",
            "major",
        ),
        id="bad-component-status",
    ),
    pytest.param(
        one("x.yaml", GOOD.replace("[api]", "api"), "3:13", "'components' must be a list", "components: ["),
        id="components-scalar",
    ),
    pytest.param(
        one(
            "x.yaml", GOOD.replace("[api]", "[{api: x}]"), "3:14", "must be text, not a mapping", "same line"
        ),
        id="components-list-of-mappings",
    ),
    # -- updates ----------------------------------------------------------------------------------
    pytest.param(
        one(
            "x.yaml",
            GOOD.replace("  - at: 2026-11-20T10:00:00Z\n    status", "  - status"),
            "5:5",
            "update 1 has no 'at'",
            "add 'at:'",
        ),
        id="update-missing-at",
    ),
    pytest.param(
        one(
            "x.yaml",
            GOOD.replace("    status: investigating\n", ""),
            "5:5",
            "update 1 has no 'status'",
            "add 'status:'",
        ),
        id="update-missing-status",
    ),
    pytest.param(
        one(
            "x.yaml",
            GOOD.replace("    message: Fixed.\n", ""),
            "8:5",
            "update 2 has no 'message'",
            "add 'message:'",
        ),
        id="update-missing-message",
    ),
    pytest.param(
        one(
            "x.yaml",
            GOOD.replace("message: Fixed.", "message:"),
            "10:5",
            "'message' is empty",
            "write the message",
        ),
        id="update-empty-message",
    ),
    pytest.param(
        one(
            "x.yaml",
            "title: T\nimpact: minor\nupdates:\n  - fixed it\n",
            "4:5",
            "'update' must be a mapping",
            "indent its keys",
        ),
        id="update-not-a-mapping",
    ),
    # -- times ------------------------------------------------------------------------------------
    pytest.param(
        one("x.yaml", timed("yesterday"), "5:9", "not a date and time: 'yesterday'", "2026-11-22T09:20"),
        id="time-word",
    ),
    pytest.param(
        one(
            "x.yaml",
            timed("2026-13-01 10:00"),
            "5:9",
            "not a date and time: '2026-13-01 10:00'",
            "2026-11-22T09:20",
        ),
        id="time-month-13",
    ),
    pytest.param(
        one("x.yaml", timed("2026-11-22"), "5:9", "not a date and time: '2026-11-22'", "09:20"),
        id="time-date-only",
    ),
    pytest.param(
        one("x.yaml", timed("2026-11-22 25:00"), "5:9", "not a date and time", "09:20"), id="time-hour-25"
    ),
    pytest.param(
        one("x.yaml", timed("0001-01-01T00:00:00+01:00"), "5:9", "is before 1970-01-01T00:00:00Z", "year"),
        id="time-out-of-range",
    ),
    pytest.param(one("x.yaml", timed(""), "5:8", "'at' is not a date and time", "09:20"), id="time-empty"),
    pytest.param(
        one("x.yaml", GOOD.replace("11:00:00Z", "09:00:00Z"), "8:9", "out of order", "oldest first"),
        id="updates-out-of-order",
    ),
    pytest.param(
        one(
            "x.yaml",
            GOOD + "  - at: 2026-11-20T12:00:00Z\n    status: monitoring\n    message: Again.\n",
            "11:5",
            "after the 'resolved' update on line 8",
            "open a new incident",
        ),
        id="update-after-resolved",
    ),
    pytest.param(
        one(
            "x.yaml",
            window(
                """
                updates:
                  - at: 2026-11-20T10:00:00Z
                    status: scheduled
                    message: Planned.
                  - at: 2026-11-21T10:00:00Z
                    status: completed
                    message: Done.
                  - at: 2026-11-21T11:00:00Z
                    status: verifying
                    message: Checking.
                """
            ),
            "13:5",
            "after the 'completed' update on line 10",
            "move the 'completed' update",
        ),
        id="update-after-completed",
    ),
    pytest.param(
        one(
            "x.yaml",
            GOOD.replace(
                "message: We are looking into it.\n", "message: M\n    next_update: 2026-11-20T09:59:00Z\n"
            ),
            "8:18",
            "next_update is not after this update's 'at'",
            "after the update",
        ),
        id="next-update-before-at",
    ),
    pytest.param(
        one(
            "x.yaml",
            GOOD.replace(
                "message: We are looking into it.\n", "message: M\n    next_update: 2026-11-20T10:00:00Z\n"
            ),
            "8:18",
            "next_update is not after",
            "after the update",
        ),
        id="next-update-equals-at",
    ),
    pytest.param(
        one("x.yaml", timed("2026-11-23T12:06:00Z"), "5:9", "is in the future", "check the date"),
        id="update-6-minutes-in-future",
    ),
    pytest.param(
        one("x.yaml", timed("2062-11-22T09:00:00Z"), "5:9", "is in the future", "mistyped year"),
        id="update-mistyped-year",
    ),
    # -- YAML itself ------------------------------------------------------------------------------
    pytest.param(
        one(
            "x.yaml",
            'title: !!python/object/apply:os.system ["true"]\n' + GOOD.split("\n", 1)[1],
            "1:8",
            "the YAML tag !!python/object/apply:os.system is not allowed",
            "remove the tag",
        ),
        id="python-tag",
    ),
    pytest.param(
        one(
            "x.yaml",
            "title: !custom T\n" + GOOD.split("\n", 1)[1],
            "1:8",
            "tag !custom is not allowed",
            "remove",
        ),
        id="local-tag",
    ),
    pytest.param(one("x.yaml", BOMB, "2:8", "anchors and aliases", "in full"), id="alias-bomb"),
    pytest.param(
        one(
            "x.yaml",
            GOOD.replace("[api]", "&c [api]") + "faq:\n  - q: Which?\n    a: *c\n",
            "13:8",
            "anchors and aliases",
            "in full",
        ),
        id="alias",
    ),
    pytest.param(
        one(
            "x.yaml",
            GOOD.replace("We are looking into it.", "Caf\xe9 down.").encode("latin-1"),
            "7:17",
            "not UTF-8 text (byte 0xe9",
            "UTF-8",
        ),
        id="latin-1-bytes",
    ),
    pytest.param(
        one(
            "x.yaml",
            "title: T\nimpact: minor\nupdates:\n\t- at: 2026-11-22T10:00:00Z\n",
            "4:1",
            "a tab character",
            "spaces",
        ),
        id="tab-indentation",
    ),
    pytest.param(one("x.yaml", "", "1", "the file is empty", "statuskit new"), id="empty-file"),
    pytest.param(one("x.yaml", "\n  \n\n", "1", "the file is empty", "title:"), id="blank-file"),
    pytest.param(
        one("x.yaml", "# a new incident\n# title: T\n", "1", "the file is empty", "title:"),
        id="comments-only",
    ),
    pytest.param(
        one("x.yaml", "- title: T\n- impact: minor\n", "1:1", "not a list", "title: ..."), id="top-level-list"
    ),
    pytest.param(
        one("x.yaml", "The API is down.\n", "1:1", "not a single value", "title: ..."), id="top-level-scalar"
    ),
    pytest.param(
        one("x.yaml", GOOD + "---\n" + GOOD, "11:1", "more than one YAML document", "'---'"),
        id="two-documents",
    ),
    pytest.param(
        one("x.yaml", "title: T: U\nimpact: minor\n", "1:9", "YAML syntax error", "quotes"),
        id="colon-in-plain-text",
    ),
    pytest.param(
        one(
            "x.yaml",
            'title: "T\nimpact: minor\n',
            "1:8",
            "quote that opens here is never closed",
            "closing quote",
        ),
        id="unclosed-quote",
    ),
    pytest.param(
        one(
            "x.yaml",
            GOOD.replace("Fixed.", "Fixed.\x1b[0m"),
            "10:20",
            "control character (0x1b)",
            "delete it",
        ),
        id="control-character",
    ),
    pytest.param(
        one("x.yaml", "title: " + "[" * 100_000 + "]" * 100_000 + "\n", "1:39", "nested more than", "'['"),
        id="deep-nesting",
    ),
    pytest.param(
        one("x.yaml", GOOD.replace("[api]", "&c [api]"), "3:13", "anchors (&c)", "delete '&c'"), id="anchor"
    ),
    # -- inputs that validated and then failed the build (issue 11) ------------------------------
    pytest.param(
        one("x.yaml", timed("0226-11-22T09:00:00Z"), "5:9", "is before 1970-01-01T00:00:00Z", "year"),
        id="year-typo",
    ),
    pytest.param(
        one(
            "x.yaml",
            GOOD.replace("looking into it.\n", "looking into it.\n    next_update: 9999-12-31T23:59:59Z\n"),
            "8:18",
            "'next_update' 9999-12-31T23:59:59Z is after 9999-12-30T00:00:00Z",
            "leave next_update out",
            yml={"timezone": "Europe/Budapest"},
        ),
        id="next-update-year-9999",
    ),
    pytest.param(
        one(
            "x.yaml",
            window("updates:\n  - at: 2026-11-23T10:00:00Z\n    status: scheduled\n    message: M\n").replace(
                "end: 2026-12-01T04:00:00Z", "end: 9999-12-31T23:59:59Z"
            ),
            "4:8",
            "'end' 9999-12-31T23:59:59Z is after",
            "year",
            yml={"timezone": "Pacific/Kiritimati"},
        ),
        id="maintenance-end-year-9999",
    ),
    pytest.param(
        one(
            "x.yaml",
            window("updates:\n  - at: 2026-11-23T10:00:00Z\n    status: scheduled\n    message: M\n").replace(
                "start: 2026-12-01T02:00:00Z", "start: 0001-01-01 00:00"
            ),
            "3:10",
            "'start' 0001-01-01 00:00 is before 1970-01-01T00:00:00Z",
            "year",
            yml={"timezone": "America/New_York"},
        ),
        id="maintenance-start-year-1",
    ),
    pytest.param(
        one(
            "x.yaml", GOOD.replace("Elevated API errors", '"API \\e[31merrors"'), "1:8", "U+001B", "delete it"
        ),
        id="title-escape-character",
    ),
    pytest.param(
        one("x.yaml", GOOD.replace("Fixed.", '"Fixed\\0"'), "10:14", "control character U+0000", "delete it"),
        id="message-nul",
    ),
    pytest.param(
        one("x.yaml", GOOD + 'faq:\n  - q: "Why\\v?"\n    a: B\n', "12:8", "U+000B", "delete it"),
        id="faq-vertical-tab",
    ),
    pytest.param(
        one("x.yaml", GOOD + 'contact: "mailto:a@b\\uFFFE"\n', "11:10", "the noncharacter U+FFFE", "delete"),
        id="contact-noncharacter",
    ),
    pytest.param(
        one("x.yaml", GOOD + 'postmortem: "\\x9b2J"\n', "11:13", "control character U+009B", "delete"),
        id="postmortem-c1-control",
    ),
    pytest.param(
        one("x.yaml", GOOD + 'transcript: "a\\rb"\n', "11:13", "control character U+000D", "delete"),
        id="transcript-carriage-return",
    ),
    pytest.param(
        one("x.yaml", GOOD + 'video: "https://youtu.be/\\e"\n', "11:8", "U+001B", "delete"),
        id="video-escape-character",
    ),
    pytest.param(
        one(
            "x.yaml",
            GOOD.replace("[api]", '{"api\\e": major_outage}'),
            "3:14",
            "U+001B",
            "delete",
        ),
        id="key-escape-character",
    ),
    pytest.param(
        one(
            "x.yaml",
            GOOD.replace("looking into", "look\u202eing into"),
            "7:25",
            "U+202E RIGHT-TO-LEFT OVERRIDE",
            "U+200F",
        ),
        id="message-bidi-override-raw",
    ),
    pytest.param(
        one("x.yaml", GOOD.replace("Elevated API errors", "x" * 201), "1:8", "limited to 200", "headline"),
        id="title-too-long",
    ),
    pytest.param(
        one(
            "x.yaml",
            GOOD.replace("Fixed.", '"\\u200b\\u0301"'),
            "10:5",
            "only invisible characters",
            "message",
        ),
        id="message-nothing-visible",
    ),
    pytest.param(
        one(
            "x.yaml",
            GOOD.replace("Elevated API errors", '"\\u0301\\u0302"'),
            "1:1",
            "only invisible",
            "title",
        ),
        id="title-only-combining-characters",
    ),
    pytest.param(
        one(
            "x.yaml",
            GOOD.replace("Fixed.", "Fixed.\u2028Really."),
            "10:20",
            "U+2028 LINE SEPARATOR",
            "line break",
        ),
        id="raw-line-separator",
    ),
    pytest.param(
        one("x.yaml", GOOD.replace("Fixed.", "Fixed.\x85Really."), "10:20", "U+0085 NEXT LINE", "line break"),
        id="raw-next-line",
    ),
    pytest.param(
        one("x.yaml", GOOD.replace("Fixed.", '"Fixed \\ud800"'), "10", "escape", "backslash"),
        id="escape-of-a-lone-surrogate",
    ),
    pytest.param(
        one("x.yaml", GOOD.replace("Fixed.", '"C:\\new\\query"'), "10:21", "escape", "single quotes"),
        id="unknown-escape",
    ),
    # -- optional fields ----------------------------------------------------------------------
    pytest.param(
        one("x.yaml", GOOD + "faq:\n  - q: Was data lost?\n", "12:5", "a faq entry has no 'a'", "a:"),
        id="faq-missing-a",
    ),
    pytest.param(
        one("x.yaml", GOOD + "faq:\n  - a: No.\n", "12:5", "a faq entry has no 'q'", "q:"), id="faq-missing-q"
    ),
    pytest.param(
        one("x.yaml", GOOD + "faq: none\n", "11:6", "'faq' must be a list", "- q:"), id="faq-not-a-list"
    ),
    pytest.param(
        one(
            "x.yaml",
            GOOD + "faq:\n  - q: A?\n    a: B\n    answer: C\n",
            "14:5",
            "unknown key 'answer'",
            "q, a",
        ),
        id="faq-unknown-key",
    ),
    pytest.param(
        one(
            "x.yaml", GOOD + "video: our CEO on YouTube\n", "11:8", "video must be a web address", "https://"
        ),
        id="video-not-a-url",
    ),
    # -- mkdocs.yml -------------------------------------------------------------------------------
    pytest.param(
        Case(
            {},
            (("mkdocs.yml:11", "timezone 'Europe/Budapst' is not a known", "Europe/Budapest"),),
            yml={"timezone": "Europe/Budapst"},
        ),
        id="config-bad-timezone",
    ),
    pytest.param(
        Case(
            {},
            (("mkdocs.yml:14", "component #1 needs an id", "id: api"),),
            yml={"components": "\n        - name: Public API\n"},
        ),
        id="config-component-without-id",
    ),
    pytest.param(
        Case(
            {},
            (("mkdocs.yml:14", "component 'api' has no name", "name:"),),
            yml={"components": "\n        - id: api\n"},
        ),
        id="config-component-without-name",
    ),
    pytest.param(
        Case(
            {},
            (("mkdocs.yml:15", "unknown key 'titel' in component 'api'", "id, name"),),
            yml={"components": "\n        - id: api\n          titel: API\n          name: API\n"},
        ),
        id="config-component-unknown-key",
    ),
    pytest.param(
        Case(
            {},
            (("mkdocs.yml:16", "component id 'api' is defined twice", "unique"),),
            yml={
                "components": "\n        - id: api\n          name: A\n        - id: api\n          name: B\n"
            },
        ),
        id="config-component-twice",
    ),
    # -- the environment -------------------------------------------------------------------------
    pytest.param(
        Case({}, (("SOURCE_DATE_EPOCH", "'yesterday' is not a number", "integer"),), epoch="yesterday"),
        id="source-date-epoch-not-a-number",
    ),
    # -- many problems ---------------------------------------------------------------------------
    pytest.param(
        Case(
            {"many.yaml": TWELVE},
            (
                ("incidents/many.yaml:5:13", "'bogus0' is not", "investigating"),
                ("incidents/many.yaml:32:13", "'bogus9' is not", "investigating"),
            ),
            absent=("bogus10", "bogus11"),
        ),
        id="twelve-errors-show-ten",
    ),
    pytest.param(
        Case(
            {
                "a.yaml": GOOD.replace("minor", "mild"),
                "b.yaml": GOOD.replace("title:", "titel:"),
                "c.yaml": "",
                "ok.yaml": GOOD,
            },
            (
                ("incidents/a.yaml:2:9", "'mild' is not an impact", "none"),
                ("incidents/b.yaml:1:1", "unknown key 'titel'", "title"),
                ("incidents/b.yaml:1", "'title' is missing", "title:"),
                ("incidents/c.yaml:1", "the file is empty", "title:"),
            ),
        ),
        id="several-bad-files",
    ),
]


# -- helpers ---------------------------------------------------------------------------------------
def problems(output: str) -> list[tuple[str, str]]:
    """(problem line, its fix line) for every problem the output reports."""
    lines = output.splitlines()
    out = []
    for i, line in enumerate(lines):
        if PROBLEM_LINE.match(line) and not MORE.search(line):
            fix = lines[i + 1] if i + 1 < len(lines) else ""
            out.append((line, fix))
    return out


def assert_reported(result: Result, case: Case) -> None:
    """Exit 1 through SystemExit, no traceback, each expected problem with its fix."""
    output = result.output
    assert result.exit_code == 1, output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in output
    found = problems(output)
    assert found, output
    for line, fix in found:
        assert fix.startswith("    fix: "), f"no fix for: {line}\n{output}"
    for loc, msg, hint in case.expect:
        assert any(line.startswith(f"{loc}:") and msg in line and hint in fix for line, fix in found), (
            f"expected {loc}: ...{msg}... fix: ...{hint}...\n--- got:\n{output}"
        )
    for text in case.absent:
        assert text not in output, output
    assert SUMMARY.search(output), output


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file under ``directory``, by relative path, with its bytes."""
    return {
        str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()
    }


def apply(site: conftest.TestSite, case: Case) -> None:
    """Break the site as the case says."""
    if case.yml:
        site.config.write_text(mkdocs_yml(**case.yml), encoding="utf-8")
    for name, text in case.files.items():
        if isinstance(text, bytes):
            (site.incidents / name).write_bytes(text)
        else:
            site.write(name, text)


@pytest.fixture(scope="module")
def good_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A good site built once through the CLI: the 'previous build' every failing build must keep."""
    root = tmp_path_factory.mktemp("good")
    (root / "incidents").mkdir()
    (root / "site_src").mkdir()
    (root / "site_src" / "faq.md").write_text("# FAQ\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(mkdocs_yml(), encoding="utf-8")
    site = conftest.TestSite(root)
    site.write("2026-11-20-good.yaml", GOOD)
    return site.build(root / "site")


@pytest.fixture
def good_site(make_site: Callable[..., conftest.TestSite], good_build: Path) -> conftest.TestSite:
    """A valid site whose site/ directory holds a previous good build."""
    site = make_site({"2026-11-20-good.yaml": GOOD})
    shutil.copytree(good_build, site.root / "site")
    return site


# -- the table ---------------------------------------------------------------------------------
@pytest.mark.parametrize("case", CASES)
def test_validate_reports(make_site: Callable[..., conftest.TestSite], case: Case) -> None:
    site = make_site({"2026-11-20-good.yaml": GOOD})
    assert site.cli("validate").exit_code == 0
    apply(site, case)
    assert_reported(site.cli("validate", epoch=case.epoch), case)


@pytest.mark.parametrize("case", CASES)
def test_build_reports_and_keeps_previous_site(good_site: conftest.TestSite, case: Case) -> None:
    target = good_site.root / "site"
    before = snapshot(target)
    assert "index.html" in before and "api/v2/summary.json" in before
    apply(good_site, case)
    result = good_site.cli("build", "--site-dir", str(target), epoch=case.epoch)
    assert_reported(result, case)
    assert snapshot(target) == before
    assert sorted(p.name for p in good_site.root.iterdir()) == ["incidents", "mkdocs.yml", "site", "site_src"]


# -- rules that need more than a table row --------------------------------------------------------
def test_twelve_errors_say_how_many_more(make_site: Callable[..., conftest.TestSite]) -> None:
    site = make_site({"many.yaml": TWELVE})
    output = site.cli("validate").output
    shown = [line for line, _ in problems(output)]
    assert len(shown) == 10, output
    assert "incidents/many.yaml: ... and 2 more errors" in output
    assert output.rstrip().endswith("12 errors in 1 file")


def test_several_bad_files_summary(make_site: Callable[..., conftest.TestSite]) -> None:
    site = make_site(
        {
            "a.yaml": GOOD.replace("minor", "mild"),
            "b.yaml": GOOD.replace("title:", "titel:"),
            "c.yaml": "",
            "ok.yaml": GOOD,
        }
    )
    result = site.cli("validate")
    assert result.exit_code == 1
    assert result.output.rstrip().splitlines()[-1] == "4 errors in 3 files"


def test_problems_are_listed_in_file_order(make_site: Callable[..., conftest.TestSite]) -> None:
    text = (
        "titel: T\nimpact: majr\ncomponents: [apii]\nupdates:\n  - at: soon\n    status: x\n    message: M\n"
    )
    result = make_site({"x.yaml": text}).cli("validate")
    lines = [int(line.split(":")[1]) for line, _ in problems(result.output)]
    assert lines == sorted(lines) and lines[0] == 1 and lines[-1] == 6, result.output


def test_python_tag_is_not_executed(make_site: Callable[..., conftest.TestSite], tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    site = make_site(
        {"x.yaml": f'title: !!python/object/apply:os.system ["touch {marker}"]\n' + GOOD.split("\n", 1)[1]}
    )
    for command in ("validate", "build"):
        result = site.cli(command)
        assert result.exit_code == 1
        assert "is not allowed" in result.output
    assert not marker.exists()


def test_alias_bomb_returns_quickly(make_site: Callable[..., conftest.TestSite]) -> None:
    site = make_site({"bomb.yaml": BOMB})
    started = time.monotonic()
    result = site.cli("validate")
    assert time.monotonic() - started < 5
    assert result.exit_code == 1 and "anchors and aliases" in result.output


def test_missing_mkdocs_yml(make_site: Callable[..., conftest.TestSite], good_build: Path) -> None:
    site = make_site({"ok.yaml": GOOD})
    shutil.copytree(good_build, site.root / "site")
    before = snapshot(site.root / "site")
    site.config.unlink()
    for args in (("validate",), ("build", "--site-dir", str(site.root / "site"))):
        result = site.cli(*args)
        assert result.exit_code == 1
        assert isinstance(result.exception, SystemExit)
        assert "Traceback" not in result.output
        assert f"{site.config}: no such file" in result.output
        assert "fix: run statuskit from the site's root" in result.output
    assert snapshot(site.root / "site") == before


# -- what the contract accepts ---------------------------------------------------------------------
def test_repo_example_validates(tmp_path: Path) -> None:
    for name in ("mkdocs.yml", "incidents", "site_src"):
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, tmp_path / name)
        else:
            shutil.copy(src, tmp_path / name)
    site = conftest.TestSite(tmp_path)
    assert sorted(site.incidents.iterdir()), "the repo example has incident files"
    result = site.cli("validate")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: ")


ACCEPTED = {
    "four-minutes-ahead": timed("2026-11-23T12:04:00Z"),
    "five-minutes-ahead": timed("2026-11-23T12:05:00Z"),
    "offset": timed("2026-11-23T13:00:00+01:00"),
    "naive-short-hour": timed("2026-11-22 9:20"),
    "equal-times": GOOD.replace("11:00:00Z", "10:00:00Z"),
    "yml-extension": GOOD,
    "double--dash": GOOD,
    "components-map": GOOD.replace("[api]", "{api: major_outage, dashboard: degraded_performance}"),
    "components-null": GOOD.replace("[api]", ""),
    "maintenance-default-impact": window(
        "updates:\n  - at: 2026-11-23T10:00:00Z\n    status: scheduled\n    message: M\n"
    ),
    "full": GOOD
    + "faq:\n  - q: Was data lost?\n    a: No.\nvideo: https://www.youtube.com/watch?v=XXXXXXXXXXX\n"
    "contact: mailto:support@example.com\npostmortem: |\n  What happened.\n",
}


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_contract_input_is_accepted(make_site: Callable[..., conftest.TestSite], name: str) -> None:
    filename = f"{name}.yml" if name == "yml-extension" else f"{name}.yaml"
    result = make_site({filename: ACCEPTED[name]}).cli("validate")
    assert result.exit_code == 0, result.output


def test_naive_times_are_read_in_the_site_timezone() -> None:
    components = [{"id": "api", "name": "Public API"}]
    config = site_config({"timezone": "Europe/Budapest", "components": components}, "S", None)
    text = timed("2026-11-22 09:20").replace("minor\n", "minor\ncomponents: [api]\n")
    incident = load_text(text, "naive", config, NOW, "incidents/naive.yaml")
    assert isinstance(incident, Incident), incident
    assert incident.updates[0].at == datetime(2026, 11, 22, 8, 20, tzinfo=UTC)
    utc = site_config({"components": components}, "S", None)
    same = load_text(text, "naive", utc, NOW, "incidents/naive.yaml")
    assert isinstance(same, Incident) and same.updates[0].at == datetime(2026, 11, 22, 9, 20, tzinfo=UTC)


# -- what is in incidents/ besides incident files (issue 11) ----------------------------------------
def _odd_entries(incidents: Path, outside: Path) -> dict[str, str]:
    """Make every kind of odd entry in ``incidents``; return name -> what the report must say."""
    (incidents / "linked-out.yaml").symlink_to(outside)
    (incidents / "dangling.yaml").symlink_to("nowhere.yaml")
    os.mkfifo(incidents / "pipe.yaml")
    (incidents / "folder.yaml").mkdir()
    return {
        "linked-out.yaml": "symbolic link to",
        "dangling.yaml": "symbolic link to nothing",
        "pipe.yaml": "named pipe (FIFO)",
        "folder.yaml": "is a directory",
    }


def test_links_out_pipes_and_directories_are_reported_never_read(
    good_site: conftest.TestSite, tmp_path: Path
) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text(GOOD.replace("Elevated API errors", "Not an incident of this site"), encoding="utf-8")
    expected = _odd_entries(good_site.incidents, outside)
    (good_site.incidents / "alias.yaml").symlink_to("2026-11-20-good.yaml")  # inside: an incident
    (good_site.incidents / ".#alias.yaml").symlink_to("root@host.4242:1795435200")  # Emacs' lock file
    target = good_site.root / "site"
    before = snapshot(target)
    for args in (("validate",), ("build", "--site-dir", str(target))):
        result = good_site.cli(*args)
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
        found = problems(result.output)
        for name, message in expected.items():
            assert any(line.startswith(f"incidents/{name}: ") and message in line for line, _ in found), (
                f"{name}: {message}\n{result.output}"
            )
        assert all(fix.startswith("    fix: ") for _, fix in found)
        assert len(found) == len(expected), result.output  # the inside link and the lock file pass
        assert result.output.rstrip().endswith(f"{len(expected)} errors in {len(expected)} files")
    assert snapshot(target) == before
    for name in list(expected):
        path = good_site.incidents / name
        path.rmdir() if path.is_dir() and not path.is_symlink() else path.unlink()
    good_site.build(target)
    assert (target / "incidents" / "alias" / "index.html").is_file()
    assert "Not an incident of this site" not in (target / "history.atom").read_text(encoding="utf-8")


def test_a_pipe_put_in_place_of_a_file_never_blocks(tmp_path: Path) -> None:
    """Listed as a file, then replaced by a named pipe before it is read: no hang, a problem."""
    from generator.load import load_file

    pipe = tmp_path / "x.yaml"
    os.mkfifo(pipe)
    config = site_config({"components": [{"id": "api", "name": "API"}]}, "S", None)
    box: list[object] = []
    reader = threading.Thread(target=lambda: box.append(load_file(pipe, config, NOW, "incidents/x.yaml")))
    reader.start()
    reader.join(timeout=10)
    if reader.is_alive():  # unblock it (a writer that closes at once), then fail
        os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
        reader.join()
        pytest.fail("load_file blocked on a named pipe")
    (found,) = box
    assert isinstance(found, list) and "not an ordinary file" in found[0].message, found


def test_a_file_larger_than_the_limit_is_not_read_whole(tmp_path: Path) -> None:
    from generator.load import load_file
    from generator.yamlsource import MAX_BYTES

    big = tmp_path / "big.yaml"
    with big.open("wb") as out:  # sparse: 4 GB of zeros that take no disk
        out.truncate(4 << 30)
    config = site_config({"components": [{"id": "api", "name": "API"}]}, "S", None)
    started = time.monotonic()
    found = load_file(big, config, NOW, "incidents/big.yaml")
    assert time.monotonic() - started < 2
    assert isinstance(found, list) and f"limited to {MAX_BYTES}" in found[0].message, found


@pytest.mark.parametrize(
    ("name", "shown"),
    [("x\n.yaml", "incidents/x\\n.yaml:1"), ("\x1b[2Jx.yaml", "incidents/\\x1b[2Jx.yaml:1")],
    ids=["trailing-newline", "escape-sequence"],
)
def test_odd_file_names_are_refused_and_shown_escaped(
    make_site: Callable[..., conftest.TestSite], name: str, shown: str
) -> None:
    site = make_site()
    (site.incidents / name).write_text(GOOD, encoding="utf-8")
    result = site.cli("validate")
    assert result.exit_code == 1, result.output
    assert f"{shown}: the file name" in result.output and "not a valid incident id" in result.output
    assert "\x1b" not in result.output and result.output.count("\n") == 3, result.output


def test_component_id_with_a_trailing_newline_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        site_config({"components": [{"id": "api\n", "name": "API"}]}, "S", None)
    assert "needs an id of" in str(caught.value) and "lowercase letters" in str(caught.value)


def test_problem_text_is_escaped_for_the_terminal() -> None:
    """Whatever a message quotes from the input, a terminal shows it as text, never acts on it."""
    problem = Problem("incidents/a.yaml", 3, 9, "'\x1b]0;pwned\x07\u202e' is not an impact", "use \x1b[2J")
    text = problem.format()
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "\\x1b]0;pwned\\x07\\u202e" in text and text.count("\n") == 1


def test_nesting_is_reported_as_ours_whatever_libyamls_own_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """libyaml 0.2.6 (PyYAML 6.0.4) stops at 1000 levels while scanning ahead, before the parser
    has handed us level 33; the problem must still be ours, at level 33 (the deep-nesting row
    checks the same with the installed libyaml)."""
    import yaml

    from generator import yamlsource

    class Libyaml026(yamlsource._Loader):  # type: ignore[misc,valid-type]
        def get_event(self) -> yaml.Event:
            raise yaml.scanner.ScannerError(
                "while increasing flow level",
                None,
                "exceeded maximum nesting depth",
                yaml.Mark("", 1006, 0, 1006, "", 0),
            )

    monkeypatch.setattr(yamlsource, "_Loader", Libyaml026)
    deep = "title: " + "[" * 2000 + "]" * 2000 + "\n"
    found = load_text(deep, "x", site_config({}, "S", None), NOW, "incidents/x.yaml")
    assert [(p.line, p.column, p.message) for p in found] == [  # type: ignore[union-attr]
        (1, 39, "the data is nested more than 32 levels deep")
    ]
    shallow = load_text(GOOD, "x", site_config({}, "S", None), NOW, "incidents/x.yaml")
    assert [p.message for p in shallow] == [  # type: ignore[union-attr]
        "YAML syntax error: exceeded maximum nesting depth"  # libyaml's own error stays libyaml's
    ]


def test_text_that_is_not_utf8_is_a_problem_not_a_crash() -> None:
    """A command's argument with bytes that are not UTF-8 reaches the loader as lone surrogates."""
    text = GOOD.replace("Fixed.", "Fixed \udcff.")
    found = load_text(text, "x", site_config({}, "S", None), NOW, "incidents/x.yaml")
    assert isinstance(found, list), found
    assert [(p.line, p.column) for p in found] == [(10, 20)] and "lone surrogate U+DCFF" in found[0].message


@pytest.mark.parametrize("text", ["99999999999999h", "999999999999d", "9999999999999999999m"])
def test_a_promise_past_any_date_is_no_time(text: str) -> None:
    from zoneinfo import ZoneInfo

    from generator.times import parse_when

    assert parse_when(text, NOW, ZoneInfo("Europe/Budapest")) is None
