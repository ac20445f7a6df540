"""The ledger: a grow-only record of deliveries on a git branch of the site's own remote.

The branch holds one JSON-lines file per channel (``<channel id>.jsonl``). A record is never
changed or removed, only added, so two ledgers merge as the union of their lines. Every change
is a compare-and-swap: fetch the tip, compute what to add *against that tip*, commit on top of
it, plain ``git push`` (never forced). A rejected push (someone else's commit got there first)
fetches the new tip and computes again, so a claim that another run made meanwhile is seen and
given up before anything is sent.

Only git plumbing is used (``hash-object``, ``mktree``, ``commit-tree``, ``push``): no work tree,
no checkout, the site's branches and index are never touched. The fetched tip is kept under a
ref of this run's own (``refs/statuskit/announce/<run>``) and deleted at the end.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Record = dict[str, Any]
README = (
    "# statuskit announce ledger\n\n"
    "One file per channel, one JSON record per line, only ever added to: `intent` (a run claims a\n"
    "delivery before sending), `sent` / `failed` / `unknown` (what happened), `released` (claimed,\n"
    "not attempted), `expired`, `baseline` (what existed when the channel was enabled).\n"
    "Written by `statuskit announce`; do not edit by hand.\n"
)
PUSH_TRIES = 20
IDENTITY = {
    "GIT_AUTHOR_NAME": "statuskit announce",
    "GIT_AUTHOR_EMAIL": "statuskit@localhost",
    "GIT_COMMITTER_NAME": "statuskit announce",
    "GIT_COMMITTER_EMAIL": "statuskit@localhost",
    "GIT_TERMINAL_PROMPT": "0",  # a missing credential fails instead of waiting for a keyboard
}
_REJECTED = re.compile(
    r"\[(?:rejected|remote rejected)\].*\((?:fetch first|non-fast-forward|stale info)|"
    r"\[rejected\]|failed to update ref|cannot lock ref"
)


class LedgerError(Exception):
    """The ledger could not be read or written (never carries a credential)."""


def shown_remote(remote: str) -> str:
    """A remote as it may be printed: a URL's user and password replaced by ``***``."""
    return re.sub(r"(?<=://)[^/@\s]+@", "***@", remote)


@dataclass
class Records:
    """The ledger's lines by channel; :meth:`add` keeps it a set (the union merge)."""

    lines: dict[str, list[str]] = field(default_factory=dict)
    _seen: set[tuple[str, str]] = field(default_factory=set)
    parsed: dict[str, list[Record]] = field(default_factory=dict)

    def add(self, channel: str, record: Record) -> bool:
        line = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return self.add_line(channel, line, record)

    def add_line(self, channel: str, line: str, record: Record | None = None) -> bool:
        if (channel, line) in self._seen:
            return False
        if record is None:
            try:
                record = json.loads(line)
            except ValueError:
                return False
            if not isinstance(record, dict):
                return False
        self._seen.add((channel, line))
        self.lines.setdefault(channel, []).append(line)
        self.parsed.setdefault(channel, []).append(record)
        return True

    def of(self, channel: str) -> list[Record]:
        return self.parsed.get(channel, [])

    def count(self) -> int:
        return sum(len(v) for v in self.lines.values())


Change = Callable[[Records], list[tuple[str, Record]]]


class Ledger:
    """The ledger branch ``branch`` of ``remote``, read and written from the git repository ``repo``."""

    def __init__(self, repo: Path, remote: str, branch: str) -> None:
        self.repo = repo
        self.remote = remote
        self.branch = branch
        self.ref = f"refs/statuskit/announce/{uuid.uuid4().hex}"
        self.env = {**os.environ, **IDENTITY}
        self.tip: str | None = None
        self.blobs: dict[str, str] = {}  # file name -> blob id at the tip
        self.records = Records()
        self.pushes = 0

    # -- git --------------------------------------------------------------------------------------
    def _git(
        self, *args: str, data: bytes | None = None, check: bool = True
    ) -> subprocess.CompletedProcess[bytes]:
        try:
            done = subprocess.run(
                ["git", "-C", str(self.repo), *args],
                input=data,
                capture_output=True,
                env=self.env,
                check=False,
            )
        except OSError as exc:
            raise LedgerError(f"cannot run git: {exc.strerror or exc}") from None
        if check and done.returncode != 0:
            raise LedgerError(f"git {args[0]} failed: {self._said(done)}")
        return done

    def _said(self, done: subprocess.CompletedProcess[bytes]) -> str:
        text = (done.stderr or done.stdout).decode("utf-8", "replace").strip()
        text = text.replace(self.remote, shown_remote(self.remote))
        return shown_remote(" ".join(text.split()))[:300] or f"exit {done.returncode}"

    def check_repo(self) -> None:
        done = self._git("rev-parse", "--git-dir", check=False)
        if done.returncode != 0:
            raise LedgerError(
                f"{self.repo} is not a git repository: the ledger lives on a branch of the site's own remote"
            )

    # -- reading ----------------------------------------------------------------------------------
    def fetch(self) -> Records:
        """The ledger at the remote's tip (empty when the branch does not exist yet)."""
        done = self._git(
            "fetch", "--quiet", "--no-tags", "--no-write-fetch-head", self.remote,
            f"+refs/heads/{self.branch}:{self.ref}", check=False,
        )  # fmt: skip
        if done.returncode != 0:
            said = done.stderr.decode("utf-8", "replace")
            if "couldn't find remote ref" not in said and "could not find remote ref" not in said:
                raise LedgerError(
                    f"cannot fetch {self.branch} from {shown_remote(self.remote)}: {self._said(done)}"
                )
            self.tip, self.blobs, self.records = None, {}, Records()
            return self.records
        tip = self._git("rev-parse", "--verify", "-q", self.ref).stdout.decode().strip()
        self.tip = tip
        self.blobs = self._tree(tip)
        self.records = self._read(self.blobs)
        return self.records

    def _tree(self, commit: str) -> dict[str, str]:
        out: dict[str, str] = {}
        for line in self._git("ls-tree", commit).stdout.decode("utf-8").splitlines():
            meta, _, name = line.partition("\t")
            parts = meta.split()
            if len(parts) == 3 and parts[1] == "blob":
                out[name] = parts[2]
        return out

    def _read(self, blobs: dict[str, str]) -> Records:
        records = Records()
        names = [n for n in blobs if n.endswith(".jsonl")]
        if not names:
            return records
        data = self._git("cat-file", "--batch", data="".join(f"{blobs[n]}\n" for n in names).encode()).stdout
        at = 0
        for name in names:
            header_end = data.index(b"\n", at)
            size = int(data[at:header_end].split()[2])
            body = data[header_end + 1 : header_end + 1 + size]
            at = header_end + 1 + size + 1
            channel = name.removesuffix(".jsonl")
            for line in body.decode("utf-8", "replace").splitlines():
                if line.strip():
                    records.add_line(channel, line.strip())
        return records

    # -- writing ----------------------------------------------------------------------------------
    def update(self, change: Change, message: str) -> list[tuple[str, Record]]:
        """Add what ``change`` computes against the tip; fetch and recompute after each rejected push.
        Returns what was added (``[]`` when nothing was left to add)."""
        for _ in range(PUSH_TRIES):
            added = [(c, r) for c, r in change(self.records) if self.records.add(c, r)]
            if not added:
                return []
            if self._push({c for c, _ in added}, message):
                return added
            self.fetch()
        raise LedgerError(
            f"the ledger branch {self.branch} kept moving: {PUSH_TRIES} pushes were rejected "
            "(too many runs at once?)"
        )

    def _push(self, changed: Iterable[str], message: str) -> bool:
        blobs = dict(self.blobs)
        if "README.md" not in blobs:
            blobs["README.md"] = self._hash(README.encode("utf-8"))
        for channel in changed:
            body = ("\n".join(self.records.lines.get(channel, [])) + "\n").encode("utf-8")
            blobs[f"{channel}.jsonl"] = self._hash(body)
        tree_input = "".join(f"100644 blob {sha}\t{name}\n" for name, sha in sorted(blobs.items()))
        tree = self._git("mktree", data=tree_input.encode("utf-8")).stdout.decode().strip()
        parents = ["-p", self.tip] if self.tip else []
        commit = self._git("commit-tree", tree, *parents, "-m", message).stdout.decode().strip()
        self.pushes += 1
        done = self._git(
            "push", "--porcelain", "--quiet", self.remote, f"{commit}:refs/heads/{self.branch}", check=False
        )
        if done.returncode == 0:
            self.tip, self.blobs = commit, blobs
            self._git("update-ref", self.ref, commit)
            return True
        said = (done.stdout + done.stderr).decode("utf-8", "replace")
        if _REJECTED.search(said):
            return False
        raise LedgerError(f"cannot push {self.branch} to {shown_remote(self.remote)}: {self._said(done)}")

    def _hash(self, data: bytes) -> str:
        return self._git("hash-object", "-w", "--stdin", data=data).stdout.decode().strip()

    def close(self) -> None:
        self._git("update-ref", "-d", self.ref, check=False)
