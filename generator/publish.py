"""Publishing a built site to a git branch: one commit on top of the branch, then push.

The commit is made with plumbing (a temporary index, ``write-tree``,
``commit-tree``) so the working tree and the current branch are never
touched. The remote is checked before anything is committed, and the local
branch ref only moves after the push succeeded: a failure leaves no commit on
the branch, locally or remotely.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


class PublishError(Exception):
    """Git is missing, the remote is unreachable, or the push was refused."""


@dataclass(frozen=True)
class Published:
    """What a publish did."""

    commit: str
    parent: str | None
    branch: str
    remote: str


def git(repo: Path, *args: str, env: dict[str, str] | None = None, input_text: str | None = None) -> str:
    """Run git in ``repo``; its stdout, or PublishError with git's own words."""
    if shutil.which("git") is None:
        raise PublishError("git is not installed\n    fix: install git and run statuskit publish again")
    full_env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", **(env or {})}
    proc = subprocess.run(
        ["git", *args],
        cwd=repo,
        env=full_env,
        input=input_text,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        said = (proc.stderr or proc.stdout).strip().splitlines()
        raise PublishError(f"git {args[0]} failed: {said[-1] if said else 'exit ' + str(proc.returncode)}")
    return proc.stdout


def remote_head(repo: Path, remote: str, branch: str) -> str | None:
    """The remote branch's commit, None if the branch does not exist yet."""
    try:
        out = git(repo, "ls-remote", "--heads", remote, f"refs/heads/{branch}")
    except PublishError as exc:
        raise PublishError(
            f"cannot reach the remote '{remote}': {exc}\n"
            "    fix: check the remote name or URL (git remote -v) and your network; nothing was published"
        ) from None
    line = out.strip().splitlines()
    return line[0].split()[0] if line else None


def identity_env(repo: Path) -> dict[str, str]:
    """Author and committer from git config, or a neutral statuskit identity."""
    env: dict[str, str] = {}
    for key, var in (("user.name", "NAME"), ("user.email", "EMAIL")):
        try:
            value = git(repo, "config", key).strip()
        except PublishError:
            value = ""
        if not value:
            value = "statuskit" if var == "NAME" else "statuskit@localhost"
            env[f"GIT_AUTHOR_{var}"] = env[f"GIT_COMMITTER_{var}"] = value
    return env


def publish(site: Path, repo: Path, remote: str, branch: str, message: str) -> Published:
    """Commit ``site`` as the new tree of ``branch`` (keeping its history and CNAME) and push."""
    git_dir = git(repo, "rev-parse", "--absolute-git-dir").strip()
    parent = remote_head(repo, remote, branch)
    if parent is not None:
        git(repo, "fetch", "--quiet", remote, f"refs/heads/{branch}")
    with tempfile.TemporaryDirectory(prefix="statuskit-publish-") as tmp:
        stage = Path(tmp) / "tree"
        shutil.copytree(site, stage)
        (stage / ".nojekyll").touch()
        if parent is not None and not (stage / "CNAME").exists():
            try:
                cname = git(repo, "show", f"{parent}:CNAME")
                (stage / "CNAME").write_text(cname, encoding="utf-8")
            except PublishError:
                pass
        env = {"GIT_DIR": git_dir, "GIT_INDEX_FILE": str(Path(tmp) / "index"), "GIT_WORK_TREE": str(stage)}
        git(stage, "add", "--all", "--force", ".", env=env)
        tree = git(stage, "write-tree", env=env).strip()
    args = ["commit-tree", tree, "-m", message]
    if parent is not None:
        args[2:2] = ["-p", parent]
    commit = git(repo, *args, env=identity_env(repo)).strip()
    try:
        git(repo, "push", "--quiet", remote, f"{commit}:refs/heads/{branch}")
    except PublishError as exc:
        raise PublishError(
            f"the push to '{remote}' was refused: {exc}\n    fix: nothing was published; "
            "check your access rights, then run statuskit publish again"
        ) from None
    git(repo, "update-ref", f"refs/heads/{branch}", commit)
    return Published(commit, parent, branch, remote)
