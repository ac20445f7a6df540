"""The requirement line that installs this statuskit where a scaffolded workflow runs.

Read from the installation's own record (PEP 610 ``direct_url.json`` in its dist-info):

- installed from an index (no record): ``statuskit==<version>``;
- installed from git: ``statuskit @ git+<url>@<commit>`` (with ``#subdirectory=`` when given),
  credentials in the URL left out;
- installed from a local directory, a wheel file or editable: no line installs that on a CI
  machine, so :class:`Requirement` says so and what to write instead.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from importlib import metadata
from urllib.parse import unquote, urlsplit

DIST = "statuskit"


@dataclass(frozen=True)
class Requirement:
    """A requirements.txt line, or (``line`` empty) why there is none and what to do."""

    line: str
    source: str  # what it was read from, for the message
    advice: str = ""


def _without_credentials(url: str) -> str:
    """``url`` without ``user:password@`` (a token must never land in the repository)."""
    return re.sub(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/]*@", r"\1", url)


def from_record(version: str, record: dict[str, object] | None) -> Requirement:
    """The requirement for an installation of ``version`` with the PEP 610 ``record`` (None: an index)."""
    if record is None:
        return Requirement(f"{DIST}=={version}", f"the package index (version {version})")
    url = str(record.get("url", ""))
    vcs = record.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") == "git" and vcs.get("commit_id"):
        clean = _without_credentials(url)
        named = clean.replace("file:///", "file://localhost/", 1)  # pip < 24 refuses a URL without a host
        line = f"{DIST} @ git+{named}@{vcs['commit_id']}"
        sub = record.get("subdirectory")
        if sub:
            line += f"#subdirectory={sub}"
        if clean.startswith("file:"):  # installs on this machine only (a local test of the workflow)
            return Requirement(line, f"the local git repository {clean}", _LOCAL_ADVICE)
        return Requirement(line, f"git ({clean} at {str(vcs['commit_id'])[:12]})")
    if url.startswith("file:"):
        return Requirement("", f"the local path {url}", _LOCAL_ADVICE + _checkout_hint(url))
    archive = record.get("archive_info")
    if isinstance(archive, dict) and url.startswith(("https://", "http://")):
        clean = _without_credentials(url)
        return Requirement(f"{DIST} @ {clean}", f"the archive {clean}")
    return Requirement("", f"an unknown source ({url or 'no URL'})", _LOCAL_ADVICE)


_LOCAL_ADVICE = (
    "statuskit was installed from a path on this machine, which the workflow's machine does not have: "
    "write in requirements.txt either a version from an index (statuskit==X.Y.Z) or the repository "
    "you installed it from, at a commit: statuskit @ git+https://github.com/OWNER/statuskit@COMMIT"
)


def _checkout_hint(url: str) -> str:
    """When the local path is a git checkout with a web remote: the line that would name it."""
    path = unquote(urlsplit(url).path)

    def git(*args: str) -> str:
        try:
            done = subprocess.run(["git", "-C", path, *args], capture_output=True, text=True, timeout=10)
        except (OSError, subprocess.SubprocessError):
            return ""
        return done.stdout.strip() if done.returncode == 0 else ""

    remote, commit = git("remote", "get-url", "origin"), git("rev-parse", "HEAD")
    if not (remote.startswith(("https://", "http://")) and commit):
        return ""
    line = f"{DIST} @ git+{_without_credentials(remote)}@{commit}"
    return f" (for this checkout: {line}, once that commit is pushed)"


def current() -> Requirement:
    """The requirement for the statuskit running now."""
    try:
        dist = metadata.distribution(DIST)
    except metadata.PackageNotFoundError:
        return Requirement("", "a source tree that is not installed", _LOCAL_ADVICE)
    text = dist.read_text("direct_url.json")
    try:
        record = json.loads(text) if text else None
    except ValueError:
        record = {}
    return from_record(dist.version, record if isinstance(record, dict) or record is None else {})


def requirements_txt(found: Requirement) -> str:
    """The scaffold's requirements.txt for ``found``: the line, or a comment that says what to write."""
    head = "# The status page generator, as `statuskit init` found it installed: " + found.source + ".\n"
    advice = ""
    if found.advice:
        advice = "# TODO before the first push (the workflow installs what this file names):\n"
        advice += "\n".join("# " + part for part in _wrap(found.advice)) + "\n"
    if found.line:
        return head + advice + "# Pin another version or commit here when you upgrade.\n" + found.line + "\n"
    return head + advice


def _wrap(text: str, width: int = 96) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines
