"""A status site in a git repository whose ``origin`` is a local bare repository (the ledger's home)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner, Result

from generator.cli import main

REPO = Path(__file__).resolve().parents[2]
BRANCH = "statuskit-announce"


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout


def ago(minutes: float) -> str:
    """An ``at:`` time ``minutes`` before the wall clock (announce runs on the real clock)."""
    return (datetime.now(UTC) - timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")


def incident(
    title: str, updates: list[tuple[float, str, str]], impact: str = "major", comps: str = "[api]"
) -> str:
    """An incident file; ``updates`` are (minutes ago, status, message)."""
    lines = [f"title: {title}", f"impact: {impact}", f"components: {comps}", "updates:"]
    for minutes, status, message in updates:
        lines += [f"  - at: {ago(minutes)}", f"    status: {status}", f"    message: {json.dumps(message)}"]
    return "\n".join(lines) + "\n"


COMPONENTS = """
        - id: api
          name: Public API
        - id: dashboard
          name: Dashboard
"""


@dataclass
class GitSite:
    root: Path
    remote: Path

    @property
    def config(self) -> Path:
        return self.root / "mkdocs.yml"

    def write(self, name: str, text: str) -> None:
        (self.root / "incidents" / name).write_text(text, encoding="utf-8")

    def cli(self, *args: str, env: dict[str, str] | None = None) -> Result:
        argv = [*args, "--config-file", str(self.config)]
        return CliRunner().invoke(main, argv, env={"SOURCE_DATE_EPOCH": None, **(env or {})})  # type: ignore[dict-item]

    def announce(self, *args: str, env: dict[str, str] | None = None) -> Result:
        return self.cli("announce", *args, env=env)

    def process(self, env: dict[str, str], *args: str) -> subprocess.Popen[str]:
        """``statuskit announce`` as a process of its own (racing runs, a run that is killed)."""
        full = {**os.environ, "PYTHONPATH": str(REPO), **env}
        full.pop("SOURCE_DATE_EPOCH", None)
        return subprocess.Popen(
            [sys.executable, "-m", "generator.cli", "announce", "--config-file", str(self.config), *args],
            env=full,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def ledger(self) -> dict[str, list[dict[str, object]]]:
        """The ledger at the remote's tip: records by channel."""
        names = git(self.remote, "ls-tree", "--name-only", BRANCH).split()
        return {
            n.removesuffix(".jsonl"): [
                json.loads(x) for x in git(self.remote, "show", f"{BRANCH}:{n}").splitlines()
            ]
            for n in names
            if n.endswith(".jsonl")
        }

    def ledger_tip(self) -> str:
        return git(self.remote, "for-each-ref", "--format=%(objectname)", f"refs/heads/{BRANCH}").strip()

    def clone(self, where: Path) -> GitSite:
        """A second checkout of the same site and remote (another runner)."""
        git(where.parent, "clone", "-q", str(self.remote), str(where))
        return GitSite(where, self.remote)

    def commit(self, message: str = "update") -> None:
        git(self.root, "add", "-A")
        git(self.root, "commit", "-q", "-m", message)
        git(self.root, "push", "-q", "origin", "HEAD:main")


def make_git_site(tmp: Path, announce: str, components: str = COMPONENTS) -> GitSite:
    remote = tmp / "remote.git"
    git(tmp, "init", "-q", "--bare", "-b", "main", str(remote))
    root = tmp / "site"
    (root / "incidents").mkdir(parents=True)
    (root / "site_src").mkdir()
    (root / "site_src" / "faq.md").write_text("# FAQ\n\nAsk us.\n", encoding="utf-8")
    yml = (
        "site_name: Test Status\nsite_url: https://status.example.com/\ndocs_dir: site_src\n"
        "theme:\n  name: material\n  font: false\n  language: en\n"
        "plugins:\n  - search\n  - statuskit:\n      timezone: UTC\n"
        f"      components:{components.rstrip()}\n"
        + textwrap.indent(textwrap.dedent(announce).strip("\n"), "      ")
        + "\n"
    )
    (root / "mkdocs.yml").write_text(yml, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    for key, value in (
        ("user.name", "Test"),
        ("user.email", "test@example.com"),
        ("commit.gpgsign", "false"),
    ):
        git(root, "config", key, value)
    git(root, "remote", "add", "origin", str(remote))
    site = GitSite(root, remote)
    site.commit("site")
    return site
