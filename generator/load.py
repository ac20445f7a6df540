"""Incident files -> validated :class:`Incident` objects, with every problem found.

Every rule of the incident file contract (format.md) is checked here. All
files are read and all problems collected before one :class:`InputError`.
"""

from __future__ import annotations

import os
import re
import stat as st
from datetime import datetime, timedelta
from pathlib import Path

import yaml

from . import vocabulary as v
from .errors import InputError, Problem, ProblemList
from .incidentdir import FIX_TYPE, incident_files, listing, misnamed_files, read_at_most
from .limits import EARLIEST, LATEST, MAX_BYTES, MAX_TITLE, markdown_problem, visible
from .model import FaqItem, Incident, SiteConfig, StatusMap, Update, Window
from .suggest import did_you_mean
from .times import RANGE_TEXT, TIME_HINT, iso, out_of_range, parse_time
from .yamlsource import Entry, decode, entries, is_null, line_of, parse, size_ok, where
from .yamltraps import comment_cut, split_line

ID_RE = re.compile(r"^[a-z0-9-]*[a-z0-9][a-z0-9-]*\Z")  # the contract: lowercase letters, digits and -
TOP_KEYS = (
    "title",
    "impact",
    "components",
    "updates",
    "faq",
    "video",
    "contact",
    "postmortem",
    "maintenance",
    "transcript",
)
__all__ = [
    "ID_RE",
    "LoadMemo",
    "incident_files",
    "load_file",
    "load_incidents",
    "load_text",
    "misnamed_files",
]
UPDATE_KEYS = ("at", "status", "message", "next_update", "components", "edited")
FAQ_KEYS = ("q", "a")
WINDOW_KEYS = ("start", "end")
SKEW = timedelta(minutes=5)


class LoadMemo:
    """Files already validated, by content and by file identity (inode, size, modification and
    change times): a second load with the same memo (``statuskit build`` checks before mkdocs
    runs; ``serve`` rebuilds on every change) reads and validates only what changed. Whoever runs
    the builds owns one (session.py); a load without one reads everything."""

    KEEP = 50000  # incidents remembered at most (then forgotten at once: the next load refills)

    def __init__(self) -> None:
        self.loaded: dict[tuple[str, str, bytes, SiteConfig], Incident] = {}
        self.seen: dict[tuple[object, ...], Incident] = {}

    def remember(self, key: tuple[str, str, bytes, SiteConfig], incident: Incident) -> None:
        """Keep ``incident`` as what the file content ``key`` validates to."""
        if len(self.loaded) >= self.KEEP:
            self.loaded.clear()
            self.seen.clear()
        self.loaded[key] = incident


def load_incidents(
    directory: Path, config: SiteConfig, now: datetime, root: Path | None = None, memo: LoadMemo | None = None
) -> list[Incident]:
    """Read and validate every incident file; raise InputError with all problems."""
    memo = memo if memo is not None else LoadMemo()
    problems: list[Problem] = [
        Problem(
            _shown(path, root),
            1,
            None,
            f"the extension '{path.suffix}' is not read: incident files end in lowercase .yaml or .yml",
            f"rename the file to {path.stem}.yaml",
        )
        for path in misnamed_files(directory)
    ]
    incidents: list[Incident] = []
    stems: dict[str, str] = {}
    for path, (why, fix) in listing(directory):
        shown = _shown(path, root)
        if why:
            problems.append(Problem(shown, None, None, why, fix))
            continue
        if path.stem in stems:
            problems.append(
                Problem(
                    shown,
                    1,
                    None,
                    f"the id '{path.stem}' is also used by {stems[path.stem]}",
                    "keep one file per id: delete or rename one of them",
                )
            )
            continue
        stems[path.stem] = shown
        found = load_file(path, config, now, shown, memo)
        if isinstance(found, Incident):
            incidents.append(found)
        else:
            problems.extend(found)
    if problems:
        raise InputError(problems)
    return incidents


def _shown(path: Path, root: Path | None) -> str:
    try:
        return str(path.relative_to(root)) if root else str(path)
    except ValueError:
        return str(path)


def load_file(
    path: Path, config: SiteConfig, now: datetime, shown: str, memo: LoadMemo | None = None
) -> Incident | list[Problem]:
    """One file: an Incident, or the problems that stop it.

    The file is opened without blocking and read only when it is a regular file of at most
    MAX_BYTES: whatever took its place since it was listed can neither hang nor flood the build.
    """
    memo = memo if memo is not None else LoadMemo()
    problems = ProblemList(shown)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        try:
            stat = os.fstat(fd)
            if not st.S_ISREG(stat.st_mode):
                problems.add("this is not an ordinary file: it is not read", hint=FIX_TYPE)
                return problems.items
            identity = (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
            signature = (str(path), shown, *identity, config)
            seen = memo.seen.get(signature)
            if seen is not None and now >= seen.updates[-1].at - SKEW:  # unchanged since: not even read
                return seen
            if not size_ok(stat.st_size, problems):
                return problems.items
            data = read_at_most(fd, MAX_BYTES + 1)
        finally:
            os.close(fd)
    except OSError as exc:
        problems.add(f"cannot read the file: {exc.strerror}", hint="check it exists and is readable")
        return problems.items
    key = (path.stem, shown, data, config)
    known = memo.loaded.get(key)
    if known is None or now < known.updates[-1].at - SKEW:  # the only check that reads now
        text = decode(data, problems)
        if text is None:
            return problems.items
        found = load_text(text, path.stem, config, now, shown)
        if not isinstance(found, Incident):
            return found
        known = found
        memo.remember(key, known)
    memo.seen[signature] = known
    return known



def load_text(
    text: str, incident_id: str, config: SiteConfig, now: datetime, shown: str
) -> Incident | list[Problem]:
    """Validate YAML text as the incident ``incident_id``."""
    problems = ProblemList(shown)
    if not ID_RE.match(incident_id):
        problems.add(
            f"the file name '{incident_id}' is not a valid incident id",
            1,
            hint="rename the file with lowercase letters, digits and '-' only, "
            "e.g. 2026-11-22-eu-database-outage.yaml",
        )
    root = parse(text, problems)
    if root is None:
        return problems.items
    if not isinstance(root, yaml.MappingNode):
        problems.add(
            "the file must be a mapping of keys (title:, impact:, updates: ...), "
            f"not a {'list' if isinstance(root, yaml.SequenceNode) else 'single value'}",
            *where(root),
            hint="start the file with 'title: ...' at the left margin",
        )
        return problems.items
    checker = _Checker(problems, config, now, text)
    incident = checker.incident(incident_id, root, shown)
    if problems or incident is None:
        return problems.items
    return incident


def _unknown(key: str, known: tuple[str, ...], entry: Entry, problems: ProblemList, where_: str) -> None:
    hint = did_you_mean(key, known).strip() or f"known keys are: {', '.join(known)}"
    problems.add(f"unknown key '{key}' {where_}", entry.line, entry.column, hint)


class _Checker:
    """Walks one file's node tree and records every problem."""

    def __init__(self, problems: ProblemList, config: SiteConfig, now: datetime, source: str) -> None:
        self.p = problems
        self.config = config
        self.now = now
        self.source = source

    # -- scalars -----------------------------------------------------------
    def text(self, entry: Entry, required: bool = True) -> str:
        node = entry.node
        if not isinstance(node, yaml.ScalarNode):
            self.p.add(
                f"'{entry.key}' must be text, not a {_kind(node)}",
                *where(node),
                hint="write the text on the same line, or use a | block for several lines",
            )
            return ""
        value = "" if is_null(node) else str(node.value).strip()
        cut = self.comment_cut(entry, value)
        if cut is not None:
            self.p.add(cut[0], entry.line, entry.column, hint=cut[1])
            return ""
        if not visible(value):
            if required:
                self.p.add(
                    f"'{entry.key}' is empty"
                    + (": it holds only invisible characters or lone accents" if value else ""),
                    entry.line,
                    entry.column,
                    hint=f"write the {entry.key} after '{entry.key}:'",
                )
            return ""
        return value

    def markdown(self, entry: Entry, required: bool = True) -> str:
        """:meth:`text` that Markdown renders: within the bounds that keep rendering fast."""
        value = self.text(entry, required)
        found = markdown_problem(value) if value else None
        if found is not None:
            offset, what, fix = found
            line, col = where(entry.node)
            block = isinstance(entry.node, yaml.ScalarNode) and entry.node.style in ("|", ">")
            self.p.add(f"'{entry.key}': {what}", line + (offset + 1 if block else 0), col, hint=fix)
        return value

    def comment_cut(self, entry: Entry, value: str) -> tuple[str, str] | None:
        """A '#' that made YAML read the text (or its end) as a comment: what happened and the fix."""
        node = entry.node
        if "#" not in self.source or not isinstance(node, yaml.ScalarNode):
            return None
        if not value:
            parts = split_line(line_of(self.source, entry.line))
            return comment_cut(entry.key, parts[2], "") if parts and parts[1] == entry.key else None
        end = node.end_mark
        if node.style or end.line != node.start_mark.line:
            return None  # quoted, or written on several lines
        return comment_cut(entry.key, line_of(self.source, end.line + 1)[end.column :], str(node.value))

    def time(self, entry: Entry) -> datetime | None:
        node = entry.node
        raw = str(node.value) if isinstance(node, yaml.ScalarNode) and not is_null(node) else ""
        value = parse_time(raw, self.config.timezone) if raw else None
        side = out_of_range(raw, value)
        if side:
            bound = EARLIEST if side == "before" else LATEST
            self.p.add(
                f"'{entry.key}' {raw.strip()} is {side} {iso(bound)}: statuskit handles times {RANGE_TEXT}",
                *where(node),
                hint="check the year"
                + (": a digit is probably missing or mistyped" if side == "before" else "")
                + ("; to promise no time, leave next_update out" if entry.key == "next_update" else ""),
            )
            return None
        if value is None:
            self.p.add(
                f"'{entry.key}' is not a date and time" + (f": '{raw}'" if raw else ""),
                *where(node),
                hint=TIME_HINT,
            )
        return value

    def choice(self, entry: Entry, allowed: tuple[str, ...], what: str, extra: str = "") -> str:
        value = self.text(entry)
        if value and value not in allowed:
            hint = did_you_mean(value, allowed)
            self.p.add(
                f"'{value}' is not a{'n' if what[0] in 'aeiou' else ''} {what}{extra}",
                *where(entry.node),
                hint=hint + f"use one of: {', '.join(allowed)}",
            )
            return ""
        return value

    def mapping(
        self, entry: Entry, known: tuple[str, ...], where_: str, item: str = ""
    ) -> dict[str, Entry] | None:
        if not isinstance(entry.node, yaml.MappingNode):
            self.p.add(
                f"'{entry.key}' must be a mapping of keys, not a {_kind(entry.node)}",
                *where(entry.node),
                hint=f"indent its keys ({', '.join(known)}) under it",
            )
            return None
        found = entries(entry.node, self.p, item)
        for key, sub in found.items():
            if key not in known:
                _unknown(key, known, sub, self.p, where_)
        return found

    # -- the file ----------------------------------------------------------
    def incident(self, incident_id: str, root: yaml.MappingNode, shown: str) -> Incident | None:
        top = entries(root, self.p)
        strays = self.strays(top)
        for key, entry in top.items():
            if key not in TOP_KEYS and key not in strays:
                _unknown(key, TOP_KEYS, entry, self.p, "at the top level")
        for key in ("title", "updates"):
            if key not in top:
                self.p.add(f"'{key}' is missing", 1, hint=f"add '{key}:' at the top level")
        title = " ".join(self.text(top["title"]).split()) if "title" in top else ""
        if len(title) > MAX_TITLE:
            self.p.add(
                f"the title is {len(title)} characters long; titles are limited to {MAX_TITLE}",
                *where(top["title"].node),
                hint="keep the title a short headline and put the details in the first update's message",
            )
        window = self.window(top["maintenance"]) if "maintenance" in top else None
        is_mnt = "maintenance" in top
        impact = self.impact(top.get("impact"), is_mnt)
        default_status = v.IMPACT_COMPONENT_STATUS.get(impact, "")
        components = self.components(top["components"], default_status) if "components" in top else ()
        updates = self.updates(top["updates"], is_mnt, components, default_status) if "updates" in top else ()
        faq = self.faq(top["faq"]) if "faq" in top else ()
        video = self.text(top["video"], required=False) if "video" in top else ""
        if video and not re.match(r"^https?://\S+$", video):
            self.p.add(
                f"video must be a web address, not '{video}'",
                *where(top["video"].node),
                hint="paste the video's https:// link",
            )
        extras = {
            k: (self.markdown if k != "contact" else self.text)(top[k], False)
            for k in ("contact", "postmortem", "transcript")
            if k in top
        }
        if self.p or not updates or not title or not impact:
            return None
        return Incident(
            id=incident_id,
            title=title,
            impact=impact,
            updates=updates,
            source=shown,
            components=components,
            faq=faq,
            video=video,
            contact=extras.get("contact", ""),
            postmortem=extras.get("postmortem", ""),
            transcript=extras.get("transcript", ""),
            maintenance=window,
        )

    def strays(self, top: dict[str, Entry]) -> set[str]:
        """Keys of an update or a faq entry written at the top level: one problem for each group."""
        out: set[str] = set()
        for parent, known, item in (("updates", UPDATE_KEYS, "an update"), ("faq", FAQ_KEYS, "a faq entry")):
            found = [e for k, e in top.items() if k not in TOP_KEYS and k in known]
            if not found:
                continue
            out.update(e.key for e in found)
            names = ", ".join(f"'{e.key}:'" for e in found)
            one = len(found) == 1
            verbs = "belongs" if one else "belong", "stands" if one else "stand"
            self.p.add(
                f"{names} {verbs[0]} to {item} but {verbs[1]} at the top level",
                found[0].line,
                found[0].column,
                hint=f"indent {'it' if one else 'them'} under {parent}: and start {item} with '- ' "
                f"(e.g. '  - {found[0].key}: ...')",
            )
        return out

    def impact(self, entry: Entry | None, is_mnt: bool) -> str:
        if is_mnt:
            value = self.text(entry) if entry is not None else v.MAINTENANCE_IMPACT
            if entry is not None and value and value != v.MAINTENANCE_IMPACT:
                self.p.add(
                    f"'{value}' is not an impact for a maintenance: its impact is always 'maintenance'",
                    *where(entry.node),
                    hint="remove the impact: line (maintenance is the default) or write impact: maintenance",
                )
            return v.MAINTENANCE_IMPACT
        if entry is None:
            self.p.add("'impact' is missing", 1, hint=f"add 'impact:' with one of: {', '.join(v.IMPACTS)}")
            return ""
        value = self.text(entry)
        if value == v.MAINTENANCE_IMPACT:
            self.p.add(
                "impact 'maintenance' needs a maintenance: block",
                *where(entry.node),
                hint="add maintenance: with start: and end:, or use none, minor, major or critical",
            )
            return ""
        if value and value not in v.IMPACTS:
            return self.choice(entry, v.IMPACTS, "impact")
        return value

    def window(self, entry: Entry) -> Window | None:
        found = self.mapping(entry, WINDOW_KEYS, "in maintenance")
        if found is None:
            return None
        times = {}
        for key in WINDOW_KEYS:
            if key not in found:
                self.p.add(
                    f"maintenance '{key}' is missing",
                    entry.line,
                    entry.column,
                    hint=f"add '{key}:' with a date and time under maintenance:",
                )
            else:
                times[key] = self.time(found[key])
        start, end = times.get("start"), times.get("end")
        if start and end and end <= start:
            self.p.add(
                "maintenance end is not after its start",
                *where(found["end"].node),
                hint="set end: to a time after start:",
            )
            return None
        return Window(start, end) if start and end else None

    def components(self, entry: Entry, default_status: str) -> StatusMap:
        node = entry.node
        out: dict[str, str] = {}
        if isinstance(node, yaml.SequenceNode):
            for item in node.value:
                cid = self.component_id(Entry("component", item, *where(item)))
                if cid:
                    out[cid] = default_status or v.OPERATIONAL
        elif isinstance(node, yaml.MappingNode):
            for cid, sub in entries(node, self.p).items():
                if self.component_id(Entry("component", sub.node, sub.line, sub.column), cid):
                    status = self.choice(sub, v.COMPONENT_STATUSES, "component status")
                    if status:
                        out[cid] = status
        elif not is_null(node):
            self.p.add(
                "'components' must be a list of ids or a mapping of id: status",
                *where(node),
                hint="e.g. components: [api, dashboard] or components: {api: major_outage}",
            )
        return tuple(out.items())

    def component_id(self, entry: Entry, given: str | None = None) -> str:
        cid = given if given is not None else self.text(entry)
        if not cid:
            return ""
        if self.config.component(cid) is None:
            known = [c.id for c in self.config.components]
            hint = did_you_mean(cid, known)
            self.p.add(
                f"component '{cid}' is not defined in mkdocs.yml",
                entry.line,
                entry.column,
                hint=hint
                + (
                    "defined components: " + ", ".join(known)
                    if known
                    else "add it under the statuskit plugin's components:"
                ),
            )
            return ""
        return cid

    def faq(self, entry: Entry) -> tuple[FaqItem, ...]:
        if not isinstance(entry.node, yaml.SequenceNode):
            self.p.add(
                "'faq' must be a list of '- q: ...' / '  a: ...' entries",
                *where(entry.node),
                hint="start each question with '- q:' and put its answer under 'a:'",
            )
            return ()
        out = []
        for item in entry.node.value:
            entry_ = Entry("faq entry", item, *where(item))
            found = self.mapping(entry_, FAQ_KEYS, "in a faq entry", "faq entry")
            if found is None:
                continue
            for key in FAQ_KEYS:
                if key not in found:
                    self.p.add(
                        f"a faq entry has no '{key}'",
                        *where(item),
                        hint="each entry needs q: (the question) and a: (the answer)",
                    )
            if all(k in found for k in FAQ_KEYS):
                out.append(FaqItem(self.text(found["q"]), self.markdown(found["a"])))
        return tuple(out)

    def updates(self, entry: Entry, is_mnt: bool, base: StatusMap, default_status: str) -> tuple[Update, ...]:
        node = entry.node
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            self.p.add(
                "'updates' must be a list with at least one update",
                *where(node),
                hint="add '- at: ...' with status: and message: under updates:",
            )
            return ()
        allowed = v.MAINTENANCE_STATUSES if is_mnt else v.INCIDENT_STATUSES
        other = v.INCIDENT_STATUSES if is_mnt else v.MAINTENANCE_STATUSES
        final = v.COMPLETED if is_mnt else v.RESOLVED
        current = dict(base)
        out: list[Update] = []
        closed_at: int | None = None
        previous: datetime | None = None
        for index, item in enumerate(node.value):
            line, col = where(item)
            found = self.mapping(Entry("update", item, line, col), UPDATE_KEYS, "in an update", "update")
            if found is None:
                continue
            for key in ("at", "status", "message"):
                if key not in found:
                    self.p.add(
                        f"update {index + 1} has no '{key}'", line, col, hint=f"add '{key}:' to this update"
                    )
            at = self.time(found["at"]) if "at" in found else None
            status = ""
            if "status" in found:
                raw = self.text(found["status"])
                if raw in other:
                    self.p.add(
                        f"'{raw}' is {'an incident' if is_mnt else 'a maintenance'} status, "
                        f"but this file is {'a maintenance' if is_mnt else 'an incident'}",
                        *where(found["status"].node),
                        hint=f"use one of: {', '.join(allowed)}",
                    )
                else:
                    status = self.choice(found["status"], allowed, "update status")
            message = self.markdown(found["message"]) if "message" in found else ""
            nxt = self.time(found["next_update"]) if "next_update" in found else None
            edited = self.time(found["edited"]) if "edited" in found else None
            if closed_at is not None:
                self.p.add(
                    f"this update comes after the '{final}' update on line {closed_at}",
                    line,
                    col,
                    hint=f"move the '{final}' update to the end, or open a new incident",
                )
            if at is not None:
                if previous is not None and at < previous:
                    self.p.add(
                        "updates are out of order: this one is older than the one above",
                        *where(found["at"].node),
                        hint="list updates oldest first; append new ones at the end",
                    )
                if at > self.now + SKEW:
                    self.p.add(
                        f"'at' {found['at'].node.value} is in the future",
                        *where(found["at"].node),
                        hint="check the date (a mistyped year pins an incident open)",
                    )
                if nxt is not None and nxt <= at:
                    self.p.add(
                        "next_update is not after this update's 'at'",
                        *where(found["next_update"].node),
                        hint="promise a time after the update, or remove next_update",
                    )
                if edited is not None and edited < at:
                    self.p.add(
                        "edited is before this update's 'at'",
                        *where(found["edited"].node),
                        hint="write when you corrected the update (after its 'at'), or remove edited",
                    )
                previous = at
            if edited is not None and edited > self.now + SKEW:
                self.p.add(
                    f"'edited' {found['edited'].node.value} is in the future",
                    *where(found["edited"].node),
                    hint="write the time of the correction, now or earlier",
                )
            if "components" in found:
                # On the closing update every component returns to operational, whatever it names.
                current.update(self.components(found["components"], default_status))
            if status == final:
                closed_at = line
                effective = tuple((cid, v.OPERATIONAL) for cid in current)
            else:
                effective = tuple(current.items())
            prior = dict(out[-1].components) if out else {}
            changed = tuple(
                (cid, prior.get(cid, v.OPERATIONAL), s)
                for cid, s in effective
                if prior.get(cid, v.OPERATIONAL) != s
            )
            if at is not None and status and message:
                out.append(Update(index, at, status, message, nxt, effective, changed, line, edited))
        return tuple(out)


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "mapping"
    if isinstance(node, yaml.SequenceNode):
        return "list"
    return "single value"
