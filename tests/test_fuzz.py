"""Fuzzing the loader and the CLI with hypothesis (issue 11): hostile incident files in, no surprise out.

Inputs are valid skeletons with mutated fields (times at and past the bounds, control and bidi
characters raw or as YAML escapes, odd Unicode, wrong types, long texts, deep nesting, anchors and
aliases, unknown and duplicate keys, tabs) and raw bytes (random, or a valid file with bytes
spliced in). The properties:

* ``load_text`` / ``load_file`` never raise: they give an Incident, or problems that each say what
  is wrong and how to fix it, at a line of the file, in text a terminal shows as it is;
* whatever the loader accepts renders: the model, the uptime bars, every machine output (feeds
  parse as XML, the API as JSON, the calendar as iCalendar), the home, history and incident
  pages and the preview card, all of it writable as UTF-8;
* through the real CLI in-process on a small site: ``validate`` and ``build`` exit 0 or 1 only,
  print no traceback and no "failed unexpectedly", and ``validate`` exits 0 exactly when ``build``
  does.

Examples are derandomized, the same on every run (CI stays stable); ``STATUSKIT_FUZZ=N`` draws
N times as many, fresh each run, for a longer hunt.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from pathlib import Path
from typing import Any

import conftest
import icalendar
import pytest
from conftest import EPOCH, mkdocs_yml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir
from lxml import etree

from generator import limits, uptime
from generator.config import site_config
from generator.errors import Problem
from generator.fragments import head, pages
from generator.fragments.generated import page_list
from generator.load import load_file, load_text
from generator.model import Incident, Site, SiteConfig
from generator.outputs import MACHINE_OUTPUTS, cards
from generator.session import BuildSession

set_hypothesis_home_dir(conftest.HERMETIC / "hypothesis")  # a failure's patch file stays out of the repo
NOW = datetime.fromtimestamp(EPOCH, UTC)
SCALE = int(os.environ.get("STATUSKIT_FUZZ", "0") or 0)


def fuzz_settings(examples: int) -> Callable[[Any], Any]:
    """``examples`` examples (times STATUSKIT_FUZZ, then random), no deadline: builds take a second."""
    return settings(
        max_examples=examples * max(SCALE, 1),
        derandomize=not SCALE,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


TIMEZONES = (
    "UTC",
    "Europe/Budapest",
    "America/New_York",
    "Pacific/Kiritimati",
    "Etc/GMT+12",
    "Asia/Kathmandu",
)
COMPONENTS = ("api", "dashboard", "database", "email")


@cache
def config(timezone: str) -> SiteConfig:
    """The test site's components (tests/conftest.py) in ``timezone``."""
    comps = [{"id": cid, "name": cid.title()} for cid in COMPONENTS]
    return site_config(
        {"timezone": timezone, "components": comps}, "Fuzz Status", "https://status.example.com/"
    )


# -- text ------------------------------------------------------------------------------------------
ODD = (
    "\t\n\r\x00\x07\x08\x0b\x0c\x1b\x7f\x85\x9b\xa0\xad\u0301\u0483\u05d0\u05e9\u0627\u061c\u200b\u200d"
    "\u200e\u200f\u202a\u202e\u2028\u2029\u2066\u2069\u3000\ufdd0\ufeff\ufffd\ufffe\uffff"
    "\U0001f525\U0001f468\u200d\U0001f469\U0001fffe\U000e0001\U0010ffff\ud800\udfff"
    "<>&'\"\\:#-*![]{}|>%@`,?=~"
)
chars = st.one_of(st.sampled_from(ODD), st.characters(codec="utf-8"), st.sampled_from("abcxyz ABC019"))
raw_texts = st.one_of(
    st.text(chars, max_size=40),
    st.sampled_from(
        [
            "",
            " ",
            "\u200b",
            "\u0301\u0301",
            "🔥",
            "<b></b>",
            "---",
            "#",
            "[]()",
            "![](x.png)",
            "<!-- -->",
            "<script>alert(1)</script>",
            "[x](javascript:alert(1))",
            "&nbsp;",
            "* * *",
        ]
    ),
    st.builds(
        lambda c, n: c * n, st.sampled_from(["x", "word ", "ש", "\u0301", "🔥"]), st.integers(150, 260)
    ),
    st.builds(  # Markdown near and past its bounds: link starts, nested lists and quotes
        lambda c, n: c * n,
        st.sampled_from(["[", "[a](b ", "![a](b ", "[a][", "**[", "1. ", "+ ", "> ", "- > ", "\\["]),
        st.integers(30, 260),
    ),
)
NOT_TEXT = (
    "2026-11-22",
    "yes",
    "no",
    "on",
    "~",
    "null",
    "1e400",
    "-.inf",
    ".nan",
    "0x1F",
    "12:30",
    "[]",
    "{}",
    "[a, b]",
    "{a: b}",
    "!!str x",
    "!!binary aGk=",
    "!!python/name:os.system",
    "&a x",
    "*a",
    "? x",
    "- x",
    "|",
    ">-",
    "'",
    '"',
    "@x",
    "`x",
    "%YAML 1.1",
)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _yaml_printable(char: str) -> bool:
    code = ord(char)
    return (
        char in "\t\n"
        or 0x20 <= code <= 0x7E
        or code == 0x85
        or 0xA0 <= code <= 0xD7FF
        or (0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF)
    )


def quoted(text: str, raw: bool) -> str:
    """``text`` as a double-quoted YAML scalar: other characters raw when ``raw``, else escaped."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif 0x20 <= ord(char) <= 0x7E or (raw and _yaml_printable(char)):
            out.append(char)
        else:
            out.append(_escape(char))
    return '"' + "".join(out) + '"'


@st.composite
def scalar(draw: st.DrawFn, texts: st.SearchStrategy[str] = raw_texts) -> str:
    """One YAML value where text is expected: quoted, plain, single-quoted, a block, or not text."""
    text = draw(texts)
    style = draw(st.sampled_from(["escaped", "raw", "plain", "single", "block", "other"]))
    if style in ("escaped", "raw"):
        return quoted(text, style == "raw")
    if style == "plain":
        return text.replace("\n", " ")
    if style == "single":
        return "'" + text.replace("'", "''") + "'"
    if style == "block":
        return "|\n" + "\n".join("    " + line for line in (text.splitlines() or [""]))
    return draw(st.sampled_from(NOT_TEXT))


# -- times -----------------------------------------------------------------------------------------
EXTREMES = (
    "0001-01-01T00:00:00Z",
    "0001-01-01 00:00",
    "0001-01-01T00:00:00+01:00",
    "0226-11-22T09:00:00Z",
    "1969-12-31T23:59:59Z",
    "1970-01-01T00:00:00Z",
    "1970-01-01 00:00",
    "1970-01-01T00:30:00+01:00",
    "9999-12-29T23:59:59Z",
    "9999-12-30T00:00:00Z",
    "9999-12-30 00:00",
    "9999-12-30T00:00:01Z",
    "9999-12-31T23:59:59Z",
    "9999-12-31 23:59",
    "9999-12-31T23:59:59-12:00",
    "2026-11-23T12:05:00Z",
    "2026-11-23T12:05:01Z",
    "2026-11-23 12:00",
    "2026-02-29T10:00:00Z",
    "2026-11-22T25:00:00Z",
    "2026-11-22",
    "1795435200",
    "2026-11-22T09:00:00+24:00",
    "2026-11-22T09:00:00.999999999Z",
    "10000-01-01T00:00:00Z",
    "2026-11-22T09:00:00 +05:45",
)
OFFSETS = ("Z", "+00:00", "+01:00", "-05:00", "+14:00", "-12:00", "+05:45", "+23:59", "-23:59", "")


def written(value: datetime, sep: str = "T", seconds: bool = True) -> str:
    """``value``'s wall time as written in a file (``strftime`` would drop the zeros of year 226)."""
    text = f"{value.year:04d}-{value.month:02d}-{value.day:02d}{sep}{value.hour:02d}:{value.minute:02d}"
    return text + (f":{value.second:02d}" if seconds else "")


@st.composite
def time_text(draw: st.DrawFn, near: datetime = NOW) -> str:
    """A time as an operator might write it: an edge, anywhere from year 1 to 9999, or near ``near``."""
    choice = draw(st.integers(0, 9))
    if choice < 4:
        return draw(st.sampled_from(EXTREMES))
    if choice < 6:
        value = draw(st.datetimes(datetime(1, 1, 2), datetime(9999, 12, 30)))
    else:
        value = (near + timedelta(minutes=draw(st.integers(-200 * 24 * 60, 40 * 24 * 60)))).replace(
            tzinfo=None
        )
    offset = draw(st.sampled_from(OFFSETS))
    return written(value, draw(st.sampled_from("T ")), bool(offset)) + offset


# -- incident files --------------------------------------------------------------------------------
INCIDENT = ("investigating", "identified", "monitoring", "resolved")
MAINTENANCE = ("scheduled", "in_progress", "verifying", "completed")
COMPONENT_STATUSES = (
    "operational",
    "degraded_performance",
    "partial_outage",
    "major_outage",
    "under_maintenance",
)
ODDS = [6]  # one field in this many gets a hostile value (set per file: some files are all valid)

benign = st.builds(
    lambda first, rest: first + rest,  # something visible first: an empty text is a hostile value
    st.sampled_from("Aa1ש🔥中"),
    st.text(
        st.one_of(
            st.sampled_from("abcdefghij XYZ 0123456789.,;!?()-'\"/:#*_&<>@"),
            st.sampled_from(
                "\u05d0\u05e9\u0627\u00e9\u00df\u4e2d\U0001f525\U0001f468\u200d\U0001f469\u200f\u0301\t\n"
            ),
            st.characters(codec="utf-8", exclude_categories=["Cc", "Cs", "Co", "Cn", "Cf", "Zl", "Zp"]),
        ),
        max_size=60,
    ),
)
long_benign = st.builds(
    lambda c, n: (c * n)[: limits.MAX_TITLE],
    st.sampled_from(["x", "word ", "ש ", "🔥"]),
    st.integers(40, 200),
)


def one_in(draw: st.DrawFn, odds: int) -> bool:
    """True one time in ``odds`` (hypothesis leans to small integers, hence no ``integers() == 0``)."""
    return draw(st.integers(1, odds)) == odds // 2 + 1 if odds < 10**6 else False


def sometimes(draw: st.DrawFn, valid: st.SearchStrategy[Any], hostile: st.SearchStrategy[Any]) -> Any:
    """Usually a valid value, sometimes a hostile one (how often is drawn once per file)."""
    return draw(hostile if one_in(draw, ODDS[0]) else valid)


@st.composite
def odd_text(draw: st.DrawFn) -> str:
    """Readable text with odd characters put in, as valid YAML (escaped or raw in double quotes)."""
    text = draw(benign)
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(ODD)) + text[at:]
    return quoted(text, draw(st.booleans()))


hostile_text = st.one_of(scalar(), odd_text())


def valid_text(draw: st.DrawFn, long: bool = False) -> str:
    return quoted(draw(st.one_of(benign, long_benign) if long else benign), draw(st.booleans()))


def stamp(draw: st.DrawFn, value: datetime) -> str:
    """``value`` written with Z, with an offset, or (for UTC sites it means the same) naive."""
    minutes = draw(st.sampled_from([0, 0, 60, -300, 840, -720, 345, 1439, -1439]))
    local = value.astimezone(timezone(timedelta(minutes=minutes)))
    if not minutes:
        return written(local) + draw(st.sampled_from(["Z", " Z"]))
    sign, rest = ("+" if minutes > 0 else "-"), abs(minutes)
    return written(local) + f"{sign}{rest // 60:02d}:{rest % 60:02d}"


def moment(draw: st.DrawFn, after: datetime, before: datetime) -> datetime:
    """A moment in [after, before], often near ``after``."""
    span = max(0, int((before - after).total_seconds()))
    near = draw(st.sampled_from([60, 3600, 86400 * 3, span]))
    return after + timedelta(seconds=draw(st.integers(0, min(span, near))))


def edgy(draw: st.DrawFn, value: str) -> str:
    """``value``, or one time in ten a time at or past the bounds (where the first ``at``, a
    ``next_update`` or a window's ends can take it and the file still be valid otherwise)."""
    return draw(st.sampled_from(EXTREMES)) if one_in(draw, 10) else value


@st.composite
def components(draw: st.DrawFn, statuses: tuple[str, ...] = COMPONENT_STATUSES) -> str:
    ids = draw(st.lists(st.sampled_from(COMPONENTS), max_size=3, unique=True))
    if draw(st.booleans()):
        return "[" + ", ".join(ids) + "]"
    return "{" + ", ".join(f"{c}: {draw(st.sampled_from(statuses))}" for c in ids) + "}"


odd_components = st.sampled_from(
    ["", "api", "{api: }", "{api: down}", '{"api\\e": major_outage}', "[[api]]", "[billing]", "[API]"]
)


@st.composite
def incident_files(draw: st.DrawFn, mutations: int = 2) -> str:
    """A valid incident or maintenance file with some fields hostile, then up to ``mutations`` edits."""
    maintenance = draw(st.booleans())
    statuses = MAINTENANCE if maintenance else INCIDENT
    ODDS[0] = draw(st.sampled_from([10**9, 30, 8, 3]))
    top: list[tuple[str, Any]] = [
        ("title", sometimes(draw, st.just(valid_text(draw, long=True)), hostile_text))
    ]
    first = (
        moment(draw, limits.EARLIEST, NOW)
        if draw(st.integers(0, 4)) == 0
        else NOW - timedelta(minutes=draw(st.integers(0, 200 * 24 * 60)))
    )
    if maintenance:
        start = moment(draw, limits.EARLIEST, limits.LATEST - timedelta(seconds=1))
        if draw(st.booleans()):
            start = NOW + timedelta(hours=draw(st.integers(-72, 72)))
        end = moment(draw, start + timedelta(seconds=1), limits.LATEST)
        window = [("start", edgy(draw, stamp(draw, start))), ("end", edgy(draw, stamp(draw, end)))]
        if one_in(draw, ODDS[0]):
            index = draw(st.integers(0, 1))
            window[index] = (window[index][0], draw(time_text(start)))
        top.append(("maintenance", "{" + ", ".join(f"{k}: {v}" for k, v in window) + "}"))
    else:
        impacts = st.sampled_from(["none", "minor", "major", "critical"])
        top.append(
            ("impact", sometimes(draw, impacts, st.sampled_from(["maintenance", "severe", "", "[major]"])))
        )
    if draw(st.integers(0, 3)):
        top.append(("components", sometimes(draw, components(), odd_components)))
    count = draw(st.sampled_from([1, 1, 2, 3, 4, 5, 6, 40]))
    order = sorted(
        draw(st.lists(st.sampled_from(statuses[:-1]), min_size=count, max_size=count)), key=statuses.index
    )
    if draw(st.booleans()):
        order[-1] = statuses[-1]
    updates = []
    at = first
    for n, status in enumerate(order):
        at = moment(draw, at, NOW + timedelta(minutes=5)) if n else at
        update: list[tuple[str, Any]] = [
            (
                "at",
                sometimes(
                    draw, st.just(edgy(draw, stamp(draw, at)) if n == 0 else stamp(draw, at)), time_text(at)
                ),
            ),
            (
                "status",
                sometimes(draw, st.just(status), st.sampled_from([*statuses, "fixed", "RESOLVED", ""])),
            ),
            ("message", sometimes(draw, st.just(valid_text(draw, long=n == 0)), hostile_text)),
        ]
        if draw(st.integers(0, 2)) == 0:
            promise = moment(draw, at + timedelta(seconds=1), limits.LATEST)
            update.append(
                ("next_update", sometimes(draw, st.just(edgy(draw, stamp(draw, promise))), time_text(at)))
            )
        if draw(st.integers(0, 3)) == 0:
            update.append(("components", sometimes(draw, components(), odd_components)))
        updates.append(update)
    top.append(("updates", updates))
    optional = {
        "faq": st.just([[("q", valid_text(draw)), ("a", valid_text(draw, long=True))]]),
        "video": st.sampled_from(["https://www.youtube.com/watch?v=XXXXXXXXXXX", "https://vimeo.com/1"]),
        "contact": st.sampled_from(["mailto:help@example.com", "tel:+3612345678", "Call us."]),
        "postmortem": st.just(valid_text(draw, long=True)),
        "transcript": st.just(valid_text(draw, long=True)),
    }
    for key, valid in optional.items():
        if draw(st.integers(0, 2)) == 0:
            hostile = st.sampled_from(["https://x/\\e", "ftp://x"]) if key == "video" else hostile_text
            if key == "faq":
                hostile = hostile_text.map(lambda value: [[("q", value), ("a", value)]])
            top.append((key, sometimes(draw, valid, hostile)))
    draw(st.randoms(use_true_random=False)).shuffle(top) if draw(st.integers(0, 5)) == 0 else None
    text = "\n".join(emit(top)) + "\n"
    for _ in range(draw(st.integers(0, mutations))):
        if draw(st.integers(0, 2)) == 0:
            text = draw(mutation(text))
    return text


def emit(items: list[tuple[str, Any]], indent: str = "") -> list[str]:
    """A block mapping: values are YAML text (a block scalar starts with '|'), or lists of mappings."""
    lines = []
    for key, value in items:
        if isinstance(value, list):
            lines.append(f"{indent}{key}:")
            for entry in value:
                sub = emit(entry, indent + "    ")
                lines.append(f"{indent}  - {sub[0].lstrip()}")
                lines.extend(sub[1:])
        elif value.startswith("|\n"):
            first, *rest = value.split("\n")
            lines.append(f"{indent}{key}: {first}")
            lines.extend(indent + line for line in rest)
        else:
            lines.append(f"{indent}{key}: {value}")
    return lines


@st.composite
def mutation(draw: st.DrawFn, text: str) -> str:
    """One hostile edit of a file's text."""
    lines = text.split("\n")
    where = draw(st.integers(0, max(0, len(lines) - 2)))
    kind = draw(st.integers(0, 9))
    if kind == 0:  # a line dropped: a required key goes missing
        del lines[where]
    elif kind == 1:  # a duplicate or an unknown key
        lines.insert(
            where, draw(st.sampled_from(["title: Again", "severity: high", "next_updte: 10:30", "1: x"]))
        )
    elif kind == 2:  # an anchor, and maybe an alias
        lines[where] = lines[where].replace(": ", ": &a ", 1)
        if draw(st.booleans()):
            lines.append("contact: *a")
    elif kind == 3:  # deep nesting
        depth = draw(st.sampled_from([31, 32, 33, 100, 1100]))
        lines.append("postmortem: " + "[" * depth + "]" * depth)
    elif kind == 4:  # a tab, a stray character
        lines[where] = (
            draw(st.sampled_from(["\t", "\x1b", "\u202e", "\ufeff", "\x85", "\u2028"])) + lines[where]
        )
    elif kind == 5:  # a very long line or key
        lines.append(draw(st.sampled_from(["x" * 1100 + ": y", "contact: " + "z" * 20000])))
    elif kind == 6:  # a second document, a directive
        lines.append(draw(st.sampled_from(["---", "...", "%YAML 1.2", "--- !!map"])))
    elif kind == 7:  # a non-string key
        lines.insert(where, draw(st.sampled_from(["? [a]\n: b", "null: x", "2026-11-22: x", "yes: x"])))
    elif kind == 8:  # a character anywhere
        position = draw(st.integers(0, len(text)))
        return text[:position] + draw(chars) + text[position:]
    else:
        lines[where] = lines[where].replace(":", draw(st.sampled_from([":", " :", ":\t", "::"])), 1)
    return "\n".join(lines)


valid_bytes = incident_files().map(lambda text: text.encode("utf-8", "surrogatepass"))
raw_bytes = st.one_of(
    st.binary(max_size=400),
    st.tuples(valid_bytes, st.integers(0, 2000), st.binary(min_size=1, max_size=8)).map(
        lambda v: v[0][: v[1]] + v[2] + v[0][v[1] :]
    ),
    valid_bytes.map(lambda data: b"\xef\xbb\xbf" + data),
    valid_bytes.map(lambda data: data.decode("utf-8", "surrogatepass").encode("utf-16", "surrogatepass")),
)


# -- properties: the loader ------------------------------------------------------------------------
def assert_problems_are_clear(found: list[Problem], text: str) -> None:
    """Each problem: what and how, at a real line, printable as it is."""
    assert found, "neither an incident nor a problem"
    lines = len(re.split("\r\n|[\r\n]", text)) + 1  # YAML's line breaks (others are refused)
    for problem in found:
        assert problem.message.strip() and problem.hint.strip(), problem
        assert problem.line is None or 1 <= problem.line <= lines, problem
        shown = problem.format()
        assert limits.refused_char(shown) is None, shown
        assert shown.count("\n") == 1 + problem.hint.count("\n"), shown
        assert "Traceback" not in shown


def load(text: str, timezone: str) -> Incident | list[Problem]:
    return load_text(text, "fuzz", config(timezone), NOW, "incidents/fuzz.yaml")


@fuzz_settings(300)
@given(text=incident_files(), timezone=st.sampled_from(TIMEZONES))
def test_loader_gives_an_incident_or_clear_problems(text: str, timezone: str) -> None:
    found = load(text, timezone)
    if not isinstance(found, Incident):
        assert_problems_are_clear(found, text)


@fuzz_settings(150)
@given(data=raw_bytes)
def test_loader_reads_any_bytes(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.yaml"
        path.write_bytes(data)
        found = load_file(path, config("UTC"), NOW, "incidents/fuzz.yaml")
    if not isinstance(found, Incident):
        assert_problems_are_clear(found, data.decode("utf-8", "replace"))


def render_everything(incident: Incident, site_config_: SiteConfig) -> None:
    """Every output of a one-incident site, in-process (no mkdocs), checked to be well-formed."""
    site = Site.build(site_config_, [incident], NOW)
    for bars in uptime.uptime(site):
        assert len(bars.days) == uptime.WINDOW_DAYS and 0 <= bars.percent <= 100
    for name in MACHINE_OUTPUTS:
        if name == "cards":
            continue
        made = importlib.import_module(f"generator.outputs.{name}").render(site)
        for rel, data in made.items():
            if rel.endswith((".rss", ".atom", ".svg")):
                etree.fromstring(data, etree.XMLParser(resolve_entities=False))
            elif rel.endswith(".json"):
                json.loads(data)
            elif rel.endswith(".ics"):
                icalendar.Calendar.from_ical(data)
    html = [pages.faq_page(site, "")]
    build = BuildSession(site)
    for page in page_list(site, build.months, "Status"):
        assert re.fullmatch(
            r"index\.md|history/(index|\d{4}|\d{4}/\d{2})\.md|incidents/fuzz\.md", page.src_uri
        ), page
        html.append(page.content(build))
    preview = head.preview(site, "incident", incident.id, incident.title, "https://status.example.com/", "")
    for part in [*html, str(preview)]:
        part.encode("utf-8")
    assert cards.incident_card(site, incident).startswith(b"\x89PNG")


@fuzz_settings(120)
@given(text=incident_files(), timezone=st.sampled_from(TIMEZONES))
def test_what_the_loader_accepts_renders(text: str, timezone: str) -> None:
    found = load(text, timezone)
    if isinstance(found, Incident):
        render_everything(found, config(timezone))


EDGES = [
    pytest.param(tz, at, nxt, id=f"{tz}-{at}-{nxt}")
    for tz in TIMEZONES
    for at, nxt in (
        ("1970-01-01T00:00:00Z", "9999-12-30T00:00:00Z"),
        ("2026-11-23T12:05:00Z", "9999-12-29T23:59:59Z"),
    )
]


@pytest.mark.parametrize(("timezone", "at", "next_update"), EDGES)
def test_the_bounds_themselves_render(timezone: str, at: str, next_update: str) -> None:
    """The first and last times the loader accepts, in the time zones furthest from UTC."""
    text = (
        "title: T\nimpact: critical\ncomponents: [api]\nupdates:\n"
        f"  - at: {at}\n    status: investigating\n    message: M\n    next_update: {next_update}\n"
    )
    window = (
        f"title: W\nmaintenance: {{start: {at}, end: {next_update}}}\ncomponents: [api]\n"
        f"updates:\n  - at: {at}\n    status: scheduled\n    message: M\n"
    )
    for source in (text, window):
        found = load(source, timezone)
        assert isinstance(found, Incident), found
        render_everything(found, config(timezone))


# -- properties: the CLI ---------------------------------------------------------------------------
@cache
def small_site(timezone: str) -> conftest.TestSite:
    """A site with two good incidents in ``timezone``, kept for the whole run (one per zone)."""
    root = Path(tempfile.mkdtemp(prefix=f"fuzz-{timezone.replace('/', '-')}-", dir=conftest.HERMETIC))
    (root / "incidents").mkdir()
    (root / "site_src").mkdir()
    (root / "site_src" / "faq.md").write_text("# FAQ\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(mkdocs_yml(timezone=timezone), encoding="utf-8")
    site = conftest.TestSite(root)
    site.write(
        "2026-11-20-good.yaml",
        "title: Good\nimpact: minor\ncomponents: [api]\nupdates:\n"
        "  - at: 2026-11-20T10:00:00Z\n    status: investigating\n    message: Looking.\n",
    )
    return site


def check_cli(site: conftest.TestSite, data: bytes) -> None:
    (site.incidents / "fuzz.yaml").write_bytes(data)
    validate = site.cli("validate")
    build = site.cli("build", "--site-dir", str(site.root / "site"))
    for result in (validate, build):
        assert result.exit_code in (0, 1), (result.output, result.exception)
        assert isinstance(result.exception, SystemExit | None), repr(result.exception)
        assert "Traceback" not in result.output and "failed unexpectedly" not in result.output, result.output
    assert validate.exit_code == build.exit_code, (
        f"validate {validate.exit_code}, build {build.exit_code}\n{validate.output}\n---\n{build.output}"
    )


ONE_UPDATE = "impact: minor\nupdates:\n  - at: {at}\n    status: investigating\n    message: M\n"
ISSUE_EXAMPLES = (  # the issue's own cases, always among the examples
    ("title: T\n" + ONE_UPDATE.format(at="0226-11-22T09:00:00Z"), "UTC"),
    (
        "title: T\n"
        + ONE_UPDATE.format(at="2026-11-22T09:00:00Z")
        + "    next_update: 9999-12-31T23:59:59Z\n",
        "Europe/Budapest",
    ),
    ('title: "a\\u001bb"\n' + ONE_UPDATE.format(at="2026-11-22T09:00:00Z"), "UTC"),
)


@fuzz_settings(36)
@example(*ISSUE_EXAMPLES[0])
@example(*ISSUE_EXAMPLES[1])
@example(*ISSUE_EXAMPLES[2])
@given(
    text=st.one_of(incident_files(0), incident_files()),
    timezone=st.sampled_from(TIMEZONES),
)
def test_validate_zero_means_build_zero(text: str, timezone: str) -> None:
    """Files the loader accepts (each a whole build) and files it refuses."""
    check_cli(small_site(timezone), text.encode("utf-8", "surrogatepass"))


@fuzz_settings(12)
@given(data=raw_bytes)
def test_validate_and_build_agree_on_any_bytes(data: bytes) -> None:
    check_cli(small_site("UTC"), data)


def _one(title: str = "T", message: str = "M", at: str = "2026-11-22T09:00:00Z", extra: str = "") -> str:
    return (
        f"title: {title}\nimpact: major\ncomponents: [api, email]\nupdates:\n"
        f"  - at: {at}\n    status: investigating\n    message: {message}\n{extra}"
    )


MANY = "".join(
    f"  - at: 2026-11-{1 + n // 24:02d}T{n % 24:02d}:00:00Z\n    status: identified\n    message: Step {n}.\n"
    for n in range(300)
)
HOSTILE_BUT_VALID = {
    "title-a-date": _one(title="2026-11-22"),
    "title-yes": _one(title="yes"),
    "message-1e400": _one(message="1e400"),
    "title-only-an-emoji": _one(title='"\\U0001F525"'),
    "title-of-200-characters": _one(title="x" * 200),
    "title-hebrew-with-a-mark": _one(title="\u05ea\u05e7\u05dc\u05d4 \u05d1-API\u200f"),
    "message-only-markup": _one(message='"---"') + "faq:\n  - q: '#'\n    a: '[]()'\n",
    "message-html-comment": _one(message='"<!-- -->"'),
    "message-long": _one(message='"' + "lorem ipsum " * 20000 + '"'),
    "update-at-now-plus-five-minutes": _one(at="2026-11-23T12:05:00Z"),
    "three-hundred-updates": "title: Many\nimpact: minor\ncomponents: [api]\nupdates:\n" + MANY,
    "started-in-1970-resolved-now": _one(at="1970-01-01T00:00:00Z")
    + "  - at: 2026-11-23T12:00:00Z\n    status: resolved\n    message: After 56 years.\n",
    "message-200-link-starts": _one(message='"' + "[a](b " * 200 + '"'),
    "faq-200-image-starts": _one() + "faq:\n  - q: Q\n    a: '" + "![a](b " * 200 + "'\n",
    "message-lists-40-deep": _one(message='"' + "1. " * 39 + 'x"'),
    "message-indented-lists-40-deep": _one(
        message="|\n" + "".join("      " + "    " * i + "- x\n" for i in range(40))
    ),
    "window-1970-to-9999": "title: W\nmaintenance: {start: 1970-01-01T00:00:00Z, end: 9999-12-30T00:00:00Z}\n"
    "components: [database]\nupdates:\n  - at: 1970-01-01T00:00:00Z\n    status: scheduled\n    message: M\n",
}


TIMED = ("update-at-now-plus-five-minutes", "started-in-1970-resolved-now", "window-1970-to-9999")


@pytest.mark.parametrize(
    ("name", "timezone"),
    [(name, "UTC") for name in sorted(HOSTILE_BUT_VALID)] + [(name, "Pacific/Kiritimati") for name in TIMED],
)
def test_hostile_but_valid_files_build(name: str, timezone: str) -> None:
    """The issue's list of odd inputs the contract accepts: each validates, and builds."""
    site = small_site(timezone)
    (site.incidents / "fuzz.yaml").write_text(HOSTILE_BUT_VALID[name], encoding="utf-8")
    validate = site.cli("validate")
    assert validate.exit_code == 0, validate.output
    check_cli(site, HOSTILE_BUT_VALID[name].encode())


SLOW_MARKDOWN = {  # each takes Markdown minutes (time quadratic in '[') or recurses past Python's limit
    "brackets": ("message", '"' + "[" * 20000 + '"'),
    "unclosed-links": ("message", '"' + "[a](b " * 5000 + '"'),
    "images": ("postmortem", '"' + "![a](b " * 300 + '"'),
    "reference-starts": ("transcript", '"' + "[a][" * 300 + '"'),
    "nested-ordered-list": ("message", '"' + "1. " * 600 + 'x"'),
    "nested-bullets": ("message", '"' + "+ " * 600 + 'x"'),
    "indented-lists": ("message", "|\n" + "".join("      " + "    " * i + "- x\n" for i in range(600))),
}


@pytest.mark.parametrize("name", sorted(SLOW_MARKDOWN))
def test_markdown_that_cannot_render_fast_is_refused(name: str) -> None:
    """validate says where and how to fix a text past the Markdown bounds; build refuses it alike."""
    key, value = SLOW_MARKDOWN[name]
    text = _one(message=value) if key == "message" else _one(extra=f"{key}: {value}\n")
    site = small_site("UTC")
    (site.incidents / "fuzz.yaml").write_text(text, encoding="utf-8")
    validate = site.cli("validate")
    assert validate.exit_code == 1, validate.output
    found = rf"fuzz\.yaml:\d+:\d+: '{key}': (the text has \d+ '\['|this line nests)"
    assert re.search(found, validate.output), validate.output
    assert "fix:" in validate.output
    check_cli(site, text.encode())
