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
        said = reason(proc.stderr or proc.stdout) or f"exit {proc.returncode}"
        raise PublishError(f"git {args[0]} failed: {said}")
    return proc.stdout


def reason(output: str) -> str:
    """The line of git's output that says what went wrong (not the advice that follows it)."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    for prefix in ("! [", "fatal: ", "error: "):
        for line in lines:
            if line.startswith(prefix):
                return line.removeprefix("fatal: ").removeprefix("error: ")
    return lines[-1] if lines else ""


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


def _config(repo: Path, key: str) -> str:
    try:
        return git(repo, "config", key).strip()
    except PublishError:
        return ""


def identity_env(repo: Path) -> dict[str, str]:
    """Author and committer as git would find them (environment, then config), else a neutral one.

    Only what git cannot find is filled in, so a CI's GIT_AUTHOR_NAME or a
    repository's user.name always wins over the statuskit fallback.
    """
    env: dict[str, str] = {}
    for key, var, fallback in (("name", "NAME", "statuskit"), ("email", "EMAIL", "statuskit@localhost")):
        for role in ("author", "committer"):
            name = f"GIT_{role.upper()}_{var}"
            if os.environ.get(name) or (var == "EMAIL" and os.environ.get("EMAIL")):
                continue
            if _config(repo, f"{role}.{key}") or _config(repo, f"user.{key}"):
                continue
            env[name] = fallback
    return env


def git_dir_of(repo: Path) -> str:
    """The repository's git directory, or a clear error when ``repo`` is not in one."""
    try:
        return git(repo, "rev-parse", "--absolute-git-dir").strip()
    except PublishError as exc:
        if "not a git repository" not in str(exc):
            raise
        raise PublishError(
            f"{repo} is not inside a git repository\n    fix: run `git init` there and add the remote "
            "(git remote add origin URL), or publish from a clone of your site; nothing was published"
        ) from None


def publish(site: Path, repo: Path, remote: str, branch: str, message: str) -> Published:
    """Commit ``site`` as the new tree of ``branch`` (keeping its history and CNAME) and push."""
    git_dir = git_dir_of(repo)
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
