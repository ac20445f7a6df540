"""Synthetic status sites for the benchmark: N incidents over three years, deterministic per seed.

``write_site(directory, n)`` writes what ``statuskit build`` reads (mkdocs.yml, incidents/*.yaml,
site_src/faq.md); ``write_floor(directory, incidents)`` writes the same text as plain Markdown for
bare mkdocs-material (the stack's floor).

The newest :data:`RECENT` incidents are the same for every N (they fill the last
:data:`RECENT_DAYS` days: the home page's recent days and the 90-day uptime window), so the home
page and the probe incident page must come out byte-identical at N=1000 and N=5000; the other
N - RECENT incidents spread evenly over the rest of the three years. Each incident's text comes
from its own ``random.Random`` seeded by (seed, block, index), so the output depends only on
N and the seed.

Run as a script: ``python bench/synth.py DIR --n 1000 [--seed 7] [--floor FLOOR_DIR]``.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import textwrap
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)  # the site's "now" (SOURCE_DATE_EPOCH)
SOURCE_DATE_EPOCH = str(int(NOW.timestamp()))
YEARS = 3
RECENT = 30  # the newest incidents, identical for every N
RECENT_DAYS = 100  # ... spread over this many days before NOW
DEFAULT_SEED = 7
SITE_NAME = "Bench Status"
SITE_URL = "https://status.bench.example/"

# (id, name, group): 8 components in 3 groups.
COMPONENTS: tuple[tuple[str, str, str], ...] = (
    ("api", "Public API", "Platform"),
    ("dashboard", "Dashboard", "Platform"),
    ("sign-in", "Sign-in and accounts", "Platform"),
    ("webhooks", "Webhooks", "Platform"),
    ("database", "Managed databases", "Data"),
    ("storage", "Object storage", "Data"),
    ("cdn", "Content delivery network", "Delivery"),
    ("email", "Email delivery", "Delivery"),
)
NAMES = {cid: name for cid, name, _ in COMPONENTS}
IMPACT_STATUS = {"minor": "degraded_performance", "major": "partial_outage", "critical": "major_outage"}

REGIONS = ("the EU region", "the US East region", "Frankfurt", "Singapore", "London", "São Paulo")
CAUSES = (
    "a failed storage node",
    "an expired internal certificate",
    "a faulty network switch",
    "a configuration change that was rolled out too widely",
    "a memory leak in a background worker",
    "an overloaded connection pool",
    "a power problem at one data centre",
    "a bug in the latest release",
)
TITLES = (
    "Elevated error rates on {comp}",
    "Slow responses from {comp} in {region}",
    "{comp} unavailable for some customers",
    "Delayed processing in {comp}",
    "Intermittent timeouts on {comp}",
    "Degraded performance of {comp}",
    "Partial outage of {comp} in {region}",
)
MAINTENANCE_TITLES = (
    "Scheduled upgrade of {comp}",
    "Planned network maintenance affecting {comp}",
    "Database engine update for {comp}",
    "Hardware replacement for {comp} in {region}",
)
SENTENCES: dict[str, tuple[str, ...]] = {
    "investigating": (
        "We are investigating elevated error rates on {comp} in {region}.",
        "Some customers see failed requests or slow pages when they use {comp}.",
        "Our on-call engineers are looking into reports of problems with {comp}.",
        "Requests that fail can be retried safely; no data has been lost.",
        "We will post the next update within {minutes} minutes.",
        "Other services are not affected and keep running normally.",
    ),
    "identified": (
        "We have identified the cause: {cause}.",
        "The problem is limited to {region}; other regions work normally.",
        "Engineers are moving traffic away from the affected systems.",
        "About {percent} percent of requests to {comp} were affected at the peak.",
        "A fix is being deployed and we expect recovery within the hour.",
        "If a request failed, please try it again; there is **no need** to change your settings.",
    ),
    "monitoring": (
        "A fix has been deployed and error rates are back to normal.",
        "We are monitoring {comp} closely to make sure the problem does not return.",
        "Queued work is being processed and should catch up within {minutes} minutes.",
        "Response times in {region} have recovered.",
    ),
    "resolved": (
        "This incident is resolved and {comp} works normally.",
        "The cause was {cause}; we have added an alert that catches it earlier.",
        "We are sorry for the disruption and will publish a short review.",
        "All queued work has been processed and no data was lost.",
        "Between the first report and the fix, {percent} percent of requests were affected.",
    ),
    "scheduled": (
        "We will carry out planned maintenance on {comp} during this window.",
        "During the window, {comp} may be slow or briefly unavailable.",
        "No action is needed on your side, and no data will be affected.",
        "We chose a quiet time of day in {region} to keep the impact low.",
        "This is a reminder: the maintenance starts as planned.",
    ),
    "in_progress": (
        "The maintenance has started.",
        "Engineers are upgrading the systems behind {comp} one by one.",
        "Requests may take a little longer than usual while the work is under way.",
    ),
    "verifying": (
        "The work is done and we are checking that everything works as expected.",
        "Error rates and response times of {comp} look normal.",
    ),
    "completed": (
        "The maintenance is complete and {comp} works normally.",
        "Thank you for your patience.",
        "The window ended {minutes} minutes earlier than planned.",
    ),
}

FAQ_MD = """# Frequently asked questions

This page explains how {site} works. For what is happening right now, see the [status page](index.md).

## How quickly will you tell me about a problem?

We aim to post a first update within 10 minutes of knowing about a problem, even if all we can say
is that we are investigating. Every update that is not final says when the next one will come.

## How can I follow updates?

Every update appears in our RSS and Atom feeds, and a machine-readable summary lives under
`/api/v2/summary.json`.

## Who do I contact?

Write to support@bench.example with the link to the incident.
"""


@dataclass(frozen=True)
class SynthUpdate:
    """One update of a synthetic incident."""

    at: datetime
    status: str
    message: str
    next_update: datetime | None = None
    components: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SynthIncident:
    """One synthetic incident or maintenance window, ready to write as YAML or Markdown."""

    id: str
    title: str
    impact: str  # none | minor | major | critical | maintenance
    components: dict[str, str]
    components_as_list: bool
    updates: tuple[SynthUpdate, ...]
    window: tuple[datetime, datetime] | None = None

    @property
    def started(self) -> datetime:
        """When it started: the window's start for a maintenance, else the first update."""
        return self.window[0] if self.window else self.updates[0].at


def _stamp(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _slug(title: str) -> str:
    words = re.sub(r"[^a-z0-9]+", " ", title.lower()).split()
    return "-".join(words[:6])


class _Writer:
    """Text for one incident, drawn from its own seeded random generator."""

    def __init__(self, rng: random.Random, comps: list[str]) -> None:
        self.rng = rng
        self.facts = {
            "comp": NAMES[comps[0]],
            "region": rng.choice(REGIONS),
            "cause": rng.choice(CAUSES),
        }

    def message(self, status: str) -> str:
        """Two or three sentences for an update of this status."""
        pool = SENTENCES[status]
        count = min(len(pool), self.rng.choice((2, 3)))
        picked = self.rng.sample(pool, count)
        values = {
            **self.facts,
            "minutes": self.rng.choice((15, 20, 30, 45)),
            "percent": self.rng.randint(2, 40),
        }
        return " ".join(s.format(**values) for s in picked)

    def title(self, maintenance: bool) -> str:
        """The incident's title."""
        return self.rng.choice(MAINTENANCE_TITLES if maintenance else TITLES).format(**self.facts)


def _components(rng: random.Random) -> list[str]:
    return rng.sample([cid for cid, _, _ in COMPONENTS], rng.choice((1, 1, 2)))


def _incident(rng: random.Random, start: datetime, suffix: str, is_open: bool) -> SynthIncident:
    """A resolved incident starting at ``start`` (or an open one, all updates before NOW)."""
    comps = _components(rng)
    text = _Writer(rng, comps)
    impact = rng.choices(("none", "minor", "major", "critical"), weights=(1, 5, 3, 1))[0]
    status = IMPACT_STATUS.get(impact, "operational")
    statuses = (
        ("investigating", "identified", "identified", "monitoring")
        if is_open
        else ("investigating", "identified", "monitoring", "resolved")
    )
    at = start
    updates = []
    for index, name in enumerate(statuses):
        if index:
            at += timedelta(minutes=rng.randint(10, 90) if not is_open else rng.randint(10, 40))
        last = index == len(statuses) - 1
        promise = None
        if name != "resolved" and ((is_open and last) or rng.random() < 0.5):
            promise = max(at, NOW if is_open and last else at) + timedelta(minutes=30)
        changes: dict[str, str] = {}
        if name == "identified" and index == 1 and rng.random() < 0.5:
            changes = {comps[0]: rng.choice(("partial_outage", "major_outage"))}
        elif name == "monitoring":
            changes = dict.fromkeys(comps, rng.choice(("degraded_performance", "operational")))
        updates.append(SynthUpdate(at, name, text.message(name), promise, changes))
    title = text.title(False)
    return SynthIncident(
        id=f"{start:%Y-%m-%d}-{_slug(title)}-{suffix}",
        title=title,
        impact=impact,
        components={cid: status for cid in comps},
        components_as_list=rng.random() < 0.3,
        updates=tuple(updates),
    )


def _maintenance(rng: random.Random, start: datetime, suffix: str, upcoming: bool) -> SynthIncident:
    """A completed maintenance window at ``start`` (or an upcoming one, announced before NOW)."""
    comps = _components(rng)
    text = _Writer(rng, comps)
    end = start + timedelta(hours=rng.choice((1, 2, 3)))
    if upcoming:
        times = [NOW - timedelta(days=d, hours=rng.randint(0, 5)) for d in (9, 5, 2, 1)]
        plan = [("scheduled", t) for t in times]
    else:
        plan = [
            ("scheduled", start - timedelta(days=rng.randint(3, 10))),
            ("in_progress", start),
            ("verifying", start + timedelta(minutes=rng.randint(20, 50))),
            ("completed", start + timedelta(minutes=rng.randint(55, 59))),
        ]
    updates = tuple(SynthUpdate(at, name, text.message(name)) for name, at in plan)
    title = text.title(True)
    return SynthIncident(
        id=f"{start:%Y-%m-%d}-{_slug(title)}-{suffix}",
        title=title,
        impact="maintenance",
        components=dict.fromkeys(comps, "under_maintenance"),
        components_as_list=True,
        updates=updates,
        window=(start, end),
    )


def generate(n: int, seed: int = DEFAULT_SEED) -> list[SynthIncident]:
    """N incidents, newest first. Every tenth is a maintenance window; the two newest incidents are open."""
    out: list[SynthIncident] = []
    recent = min(n, RECENT)
    for j in range(recent):
        rng = random.Random(f"{seed}:recent:{j}")
        suffix = f"r{j:02d}"
        if j == 0:
            out.append(_maintenance(rng, NOW + timedelta(days=3, hours=-10), suffix, upcoming=True))
        elif j in (1, 2):
            out.append(_incident(rng, NOW - timedelta(hours=3 if j == 1 else 20), suffix, is_open=True))
        else:
            start = NOW - timedelta(days=(j - 2) * (RECENT_DAYS - 3) / (RECENT - 2), hours=rng.randint(3, 12))
            build = _maintenance if j % 10 == 0 else _incident
            out.append(build(rng, start.replace(second=0, microsecond=0), suffix, False))
    older = n - recent
    span = timedelta(days=YEARS * 365 - RECENT_DAYS)
    for k in range(older):
        rng = random.Random(f"{seed}:old:{k}")
        start = NOW - timedelta(days=RECENT_DAYS) - span * ((k + rng.random() * 0.8) / older)
        build = _maintenance if k % 10 == 0 else _incident
        out.append(build(rng, start.replace(second=0, microsecond=0), f"{k:05d}", False))
    return out


def probe_id(incidents: list[SynthIncident]) -> str:
    """The incident whose page size is compared across N: the newest resolved, non-maintenance one."""
    return next(i.id for i in incidents if i.window is None and i.updates[-1].status == "resolved")


# -- YAML --------------------------------------------------------------------------------------


def _block(text: str, indent: int) -> list[str]:
    pad = " " * indent
    return [pad + line for line in textwrap.wrap(text, 88 - indent)]


def to_yaml(incident: SynthIncident) -> str:
    """The incident file (format.md). The last line is the last update's message."""
    lines = [f"title: {incident.title}"]
    if incident.window is None:
        lines.append(f"impact: {incident.impact}")
    else:
        lines += [
            "maintenance:",
            f"  start: {_stamp(incident.window[0])}",
            f"  end: {_stamp(incident.window[1])}",
        ]
    if incident.components_as_list:
        lines.append(f"components: [{', '.join(incident.components)}]")
    else:
        lines += ["components:"] + [f"  {cid}: {status}" for cid, status in incident.components.items()]
    lines.append("updates:")
    for update in incident.updates:
        lines += [f"  - at: {_stamp(update.at)}", f"    status: {update.status}"]
        if update.next_update is not None:
            lines.append(f"    next_update: {_stamp(update.next_update)}")
        if update.components:
            lines += ["    components:"] + [f"      {cid}: {s}" for cid, s in update.components.items()]
        lines += ["    message: |", *_block(update.message, 6)]
    return "\n".join(lines) + "\n"


def append_sentence(path: Path, sentence: str) -> None:
    """Append a sentence to the last update's message (the file's last paragraph)."""
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"      {sentence}\n")


def mkdocs_yml(extra: str = "") -> str:
    """The benchmark site's mkdocs.yml with the statuskit plugin (8 components in 3 groups)."""
    comps = "\n".join(
        f"        - id: {cid}\n          name: {name}\n          group: {group}"
        for cid, name, group in COMPONENTS
    )
    return f"""site_name: {SITE_NAME}
site_url: {SITE_URL}
site_description: Synthetic status site for the statuskit benchmark.
docs_dir: site_src
use_directory_urls: true
theme:
  name: material
  language: en
  font: false
nav:
  - Status: index.md
  - History: history/index.md
  - FAQ: faq.md
plugins:
  - search
  - statuskit:
      timezone: UTC
      contact: mailto:support@bench.example
      components:
{comps}
{extra}"""


def write_site(directory: Path, n: int, seed: int = DEFAULT_SEED) -> list[SynthIncident]:
    """Write a statuskit site with N incidents into ``directory`` (its incidents/ is replaced)."""
    incidents = generate(n, seed)
    directory.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(directory / "incidents", ignore_errors=True)
    (directory / "incidents").mkdir()
    (directory / "site_src").mkdir(exist_ok=True)
    (directory / "mkdocs.yml").write_text(mkdocs_yml(), encoding="utf-8")
    (directory / "site_src" / "faq.md").write_text(FAQ_MD.format(site=SITE_NAME), encoding="utf-8")
    for incident in incidents:
        (directory / "incidents" / f"{incident.id}.yaml").write_text(to_yaml(incident), encoding="utf-8")
    return incidents


# -- the floor: the same text as plain Markdown for bare mkdocs-material -------------------------


def to_markdown(incident: SynthIncident) -> str:
    """An incident page as plain Markdown: the title, facts, then each update as a paragraph."""
    affected = ", ".join(NAMES[c] for c in incident.components)
    out = [
        f"# {incident.title}",
        "",
        f"**{incident.updates[-1].status}** · {incident.impact} · {affected}",
        "",
    ]
    for update in reversed(incident.updates):
        out += [f"**{update.status}** · {update.at:%d %b %Y, %H:%M} UTC", "", update.message, ""]
    return "\n".join(out)


def write_floor(directory: Path, incidents: list[SynthIncident]) -> None:
    """The same pages as plain Markdown, incident and year pages out of the nav (``not_in_nav``)."""
    docs = directory / "docs"
    shutil.rmtree(docs, ignore_errors=True)
    (docs / "incidents").mkdir(parents=True)
    (docs / "history").mkdir()
    (directory / "mkdocs.yml").write_text(
        f"""site_name: {SITE_NAME}
site_url: {SITE_URL}
docs_dir: docs
use_directory_urls: true
theme:
  name: material
  language: en
  font: false
nav:
  - Status: index.md
  - History: history/index.md
  - FAQ: faq.md
not_in_nav: |
  /incidents/
  /history/*.md
plugins:
  - search
""",
        encoding="utf-8",
    )
    (docs / "faq.md").write_text(FAQ_MD.format(site=SITE_NAME), encoding="utf-8")
    for incident in incidents:
        (docs / "incidents" / f"{incident.id}.md").write_text(to_markdown(incident), encoding="utf-8")
    recent = [i for i in incidents if i.started >= NOW - timedelta(days=14)]
    home = [f"# {SITE_NAME}", "", "## Components", ""]
    home += [f"- {name} ({group}): operational" for _, name, group in COMPONENTS]
    home += ["", "## Recent incidents", ""]
    home += [f"- [{i.title}](incidents/{i.id}.md) · {i.started:%d %b %Y}" for i in recent]
    (docs / "index.md").write_text("\n".join(home) + "\n", encoding="utf-8")
    by_year: dict[int, list[SynthIncident]] = {}
    for incident in incidents:
        by_year.setdefault(incident.started.year, []).append(incident)
    index = ["# History", ""] + [f"- [{y}]({y}.md): {len(items)} incidents" for y, items in by_year.items()]
    (docs / "history" / "index.md").write_text("\n".join(index) + "\n", encoding="utf-8")
    for year, items in by_year.items():
        rows = [f"# History {year}", ""]
        rows += [f"- [{i.title}](../incidents/{i.id}.md) · {i.started:%d %b %Y}" for i in items]
        (docs / "history" / f"{year}.md").write_text("\n".join(rows) + "\n", encoding="utf-8")


def main() -> None:
    """Command line: write a statuskit site (and optionally its floor twin)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--floor", type=Path, help="also write the plain-Markdown twin here")
    args = parser.parse_args()
    incidents = write_site(args.directory, args.n, args.seed)
    if args.floor:
        write_floor(args.floor, incidents)
    print(f"wrote {len(incidents)} incidents to {args.directory}; probe: {probe_id(incidents)}")


if __name__ == "__main__":
    main()
