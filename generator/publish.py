"""Publishing a built site to a git branch: one commit on top of the branch, then push.

The commit is made with plumbing (a temporary index, ``write-tree``,
``commit-tree``) so the working tree and the current branch are never
touched. The remote is checked before anything is committed, and the local
branch ref only moves after the push succeeded: a failure leaves no commit on
the branch, locally or remotely.

Nothing of the operator's is lost or run: every value given to git comes after
``--`` (and a remote may not start with ``-``, a branch must be a plain branch
name); the branch may not be checked out in any worktree nor hold the site's
source (its mkdocs.yml); commits on the local branch that the remote lacks are
never dropped (publishing refuses until they are pushed or the branch deleted).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

NOTHING = "nothing was published"


class PublishError(Exception):
    """Git is missing, the remote is unreachable, the push was refused, or the target is unsafe."""


@dataclass(frozen=True)
class Published:
    """What a publish did."""

    commit: str
    parent: str | None
    branch: str
    remote: str


def run_git(
    repo: Path, *args: str, env: dict[str, str] | None = None, input_text: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run git in ``repo`` and return what it did, whatever its exit code."""
    if shutil.which("git") is None:
        raise PublishError("git is not installed\n    fix: install git and run statuskit publish again")
    full_env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", **(env or {})}
    return subprocess.run(
        ["git", *args],
        cwd=repo,
        env=full_env,
        input=input_text,
        capture_output=True,
        text=True,
        errors="replace",
        check=False,
    )


def git(repo: Path, *args: str, env: dict[str, str] | None = None, input_text: str | None = None) -> str:
    """Run git in ``repo``; its stdout, or PublishError with git's own words."""
    proc = run_git(repo, *args, env=env, input_text=input_text)
    if proc.returncode != 0:
        said = shown(reason(proc.stderr or proc.stdout)) or f"exit {proc.returncode}"
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


_USERINFO = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*://)[^\s'\"]*@")  # to the last '@': passwords hold '@', '/'
_SECRET_QUERY = re.compile(
    r"(?i)([?&;][^=&;#\s]*(?:token|key|secret|pass|pwd|auth|sig|credential|session)[^=&;#\s]*=)"
    r"[^&;#\s'\"]*"
)


def shown(text: str) -> str:
    """``text`` (a remote, or a message that may quote one) as it may be printed: the user and
    password of every URL in it and secret-looking query values are never shown."""
    return _SECRET_QUERY.sub(r"\1***", _USERINFO.sub(r"\1***@", text))


# ---------------------------------------------------------------- what the operator names


def check_remote(remote: str) -> None:
    """A remote name or URL, never something git would read as an option."""
    if not remote.strip() or remote.startswith("-") or any(c in remote for c in "\0\n\r"):
        raise PublishError(
            f"--remote {shown(remote)!r}: not a remote name or URL (it may not be empty, start with "
            "'-' or hold a line break)\n    fix: pass a remote name (git remote -v lists them) "
            f"or the repository's URL; {NOTHING}"
        )


def branch_name(repo: Path, branch: str) -> str:
    """The branch's short name (``refs/heads/x`` -> ``x``), or PublishError for anything else."""
    name = branch.removeprefix("refs/heads/")
    fix = f"    fix: pass --branch with a branch name, e.g. --branch gh-pages; {NOTHING}"
    if name in ("HEAD", "@") or name.startswith("-") or "@{" in name:
        raise PublishError(f"--branch {branch!r}: not a branch name (it names a commit)\n{fix}")
    proc = run_git(repo, "check-ref-format", "--branch", name)
    if proc.returncode != 0 or proc.stdout.strip() != name:
        raise PublishError(f"--branch {branch!r}: not a valid branch name\n{fix}")
    prefixes = ("refs/", "heads/", "remotes/", *(f"{r}/" for r in run_git(repo, "remote").stdout.split()))
    shadowed = next((p for p in prefixes if name.startswith(p)), "")
    if shadowed:  # refs/heads/origin/main hides origin/main: `git reset --hard origin/main` would wipe work
        raise PublishError(
            f"--branch {branch!r}: a branch named like that would shadow '{name}' as git reads it "
            f"(it starts with '{shadowed}')\n{fix}"
        )
    return name


def checked_out(repo: Path) -> set[str]:
    """The branches checked out in the repository's worktrees (short names)."""
    out = git(repo, "worktree", "list", "--porcelain")
    lines = out.splitlines()
    return {line.removeprefix("branch refs/heads/") for line in lines if line.startswith("branch ")}


def git_dir_of(repo: Path) -> str:
    """The repository's git directory, or a clear error when ``repo`` is not in one."""
    try:
        return git(repo, "rev-parse", "--absolute-git-dir").strip()
    except PublishError as exc:
        if "not a git repository" not in str(exc):
            raise
        raise PublishError(
            f"{repo} is not inside a git repository\n    fix: run `git init` there and add the remote "
            f"(git remote add origin URL), or publish from a clone of your site; {NOTHING}"
        ) from None


def check_target(repo: Path, remote: str, branch: str) -> str:
    """Checks that need no network: the remote's form, the branch's name, that it is not checked out."""
    git_dir_of(repo)
    check_remote(remote)
    name = branch_name(repo, branch)
    if name in checked_out(repo):
        raise PublishError(
            f"--branch {branch}: the branch '{name}' is checked out here; publishing would commit the "
            "built site over your work\n    fix: publish to a branch of its own, e.g. --branch gh-pages "
            f"(the default); {NOTHING}"
        )
    return name


# ---------------------------------------------------------------- the branch as it is


def remote_head(repo: Path, remote: str, branch: str) -> str | None:
    """The remote branch's commit, None if the branch does not exist yet."""
    ref = f"refs/heads/{branch}"
    try:
        out = git(repo, "ls-remote", "--heads", "--", remote, ref)
    except PublishError as exc:
        raise PublishError(
            f"cannot reach the remote '{shown(remote)}': {exc}\n"
            f"    fix: check the remote name or URL (git remote -v) and your network; {NOTHING}"
        ) from None
    for line in out.splitlines():  # ls-remote matches the pattern's tail: a/refs/heads/x matches too
        sha, _, name = line.partition("\t")
        if name == ref:
            return sha
    return None


def fetch(repo: Path, remote: str, branch: str) -> None:
    """Fetch the remote branch's commits (into FETCH_HEAD only)."""
    git(repo, "fetch", "--quiet", "--", remote, f"refs/heads/{branch}")


def push(repo: Path, remote: str, commit: str, branch: str) -> None:
    """Push ``commit`` as the remote branch (never forced: a remote that moved refuses)."""
    try:
        git(repo, "push", "--quiet", "--", remote, f"{commit}:refs/heads/{branch}")
    except PublishError as exc:
        raise PublishError(
            f"the push to '{shown(remote)}' was refused: {exc}\n    fix: {NOTHING}; "
            "check your access rights, then run statuskit publish again"
        ) from None


def local_head(repo: Path, branch: str) -> str | None:
    """The local branch's commit, None if there is no such branch."""
    proc = run_git(repo, "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}^{{commit}}")
    return proc.stdout.strip() or None


def tree_entry(repo: Path, commit: str, path: str) -> tuple[str, str, str] | None:
    """``(mode, type, object)`` of ``path`` (from the repository's top) in ``commit``, or None."""
    out = git(repo, "ls-tree", "--full-tree", "-z", commit, "--", path)
    for entry in out.split("\0"):
        meta, _, name = entry.partition("\t")
        if name == path:
            mode, kind, sha = meta.split()
            return mode, kind, sha
    return None


def keep_local_commits(repo: Path, remote: str, branch: str, parent: str | None) -> str | None:
    """The local branch's commit; PublishError if it has commits the remote branch lacks."""
    local = local_head(repo, branch)
    if local is None or local == parent:
        return local
    if parent is not None and run_git(repo, "merge-base", "--is-ancestor", local, parent).returncode == 0:
        return local  # behind the remote: the new commit is on top of everything it has
    lacking = git(repo, "rev-list", "--count", local, *([f"^{parent}"] if parent else [])).strip()
    latest = git(repo, "log", "-1", "--format=%h %s", local).strip()
    there = f"'{shown(remote)}' lacks" if parent else f"'{shown(remote)}' lacks (it has no '{branch}' yet)"
    raise PublishError(
        f"the local branch '{branch}' has {lacking} commit(s) that {there}, the latest: {latest}; "
        "publishing would drop them\n"
        f"    fix: push them first if they belong on the site (git push {shown(remote)} {branch}), "
        f"or drop them (git branch -D {branch}); {NOTHING}"
    )


def uncommitted(repo: Path, paths: list[Path]) -> list[str]:
    """The files under ``paths`` (the site's sources) that are changed, new or deleted, but not
    committed: what a publish would put online and the next CI deploy from the source branch undo."""
    names = [str(p.relative_to(repo)) if p.is_relative_to(repo) else str(p) for p in paths]
    out = git(repo, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *names)
    return sorted(entry[3:] for entry in out.split("\0") if len(entry) > 3 and entry[2] == " ")


def unpushed(repo: Path) -> int:
    """How many commits the current branch has that its upstream lacks (0 without an upstream)."""
    proc = run_git(repo, "rev-list", "--count", "@{upstream}..HEAD")
    return int(proc.stdout.strip()) if proc.returncode == 0 and proc.stdout.strip().isdigit() else 0


PUBLISHED_SIGNS = (".nojekyll", "index.html")  # what statuskit publish and mkdocs gh-deploy both leave


def looks_published(repo: Path, commit: str) -> bool:
    """Whether ``commit`` looks like a built site that was published (both signs at its top)."""
    return all(tree_entry(repo, commit, name) is not None for name in PUBLISHED_SIGNS)


def holds_source(repo: Path, commit: str, config_file: Path) -> bool:
    """Whether ``commit`` has the site's mkdocs.yml where it is in the repository: a source branch."""
    prefix = git(repo, "rev-parse", "--show-prefix").strip()
    return tree_entry(repo, commit, prefix + config_file.name) is not None


# ---------------------------------------------------------------- the commit


def _config(repo: Path, key: str) -> str:
    proc = run_git(repo, "config", key)
    return proc.stdout.strip() if proc.returncode == 0 else ""


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


def site_tree(site: Path, repo: Path, git_dir: str, parent: str | None) -> str:
    """The tree of ``site`` plus ``.nojekyll`` and the branch's CNAME (byte for byte), unless the site
    has its own; written through a temporary index, with ``site`` as the work tree (nothing copied)."""
    with tempfile.TemporaryDirectory(prefix="statuskit-publish-") as tmp:
        env = {"GIT_DIR": git_dir, "GIT_INDEX_FILE": str(Path(tmp) / "index"), "GIT_WORK_TREE": str(site)}
        git(site, "add", "--all", "--force", "--", ".", env=env)
        extra: list[str] = []
        if not (site / ".nojekyll").exists():
            empty = git(site, "hash-object", "-w", "--stdin", env=env, input_text="").strip()
            extra.append(f"100644,{empty},.nojekyll")
        if parent is not None and not (site / "CNAME").exists():
            found = tree_entry(repo, parent, "CNAME")
            if found is not None and found[1] == "blob" and found[0] in ("100644", "100755"):
                extra.append(f"100644,{found[2]},CNAME")
        for info in extra:
            git(site, "update-index", "--add", "--cacheinfo", info, env=env)
        return git(site, "write-tree", env=env).strip()


def publish(
    site: Path, repo: Path, remote: str, branch: str, message: str, config_file: Path | None = None,
    force: bool = False,
) -> Published:
    """Commit ``site`` as the new tree of ``branch`` (keeping its history and CNAME) and push."""
    git_dir = git_dir_of(repo)
    branch = check_target(repo, remote, branch)
    parent = remote_head(repo, remote, branch)
    if parent is not None:
        fetch(repo, remote, branch)
    local = keep_local_commits(repo, remote, branch, parent)
    config_file = config_file or repo / "mkdocs.yml"
    for tip in {parent, local} - {None}:
        assert tip is not None
        if holds_source(repo, tip, config_file):
            raise PublishError(
                f"--branch {branch}: the branch holds the site's source ({config_file.name}), not a built "
                "site; publishing would commit the site over it\n    fix: publish to a branch of its own, "
                f"e.g. --branch gh-pages (the default); {NOTHING}"
            )
    for tip in {parent, local} - {None}:
        assert tip is not None
        if not force and not looks_published(repo, tip):
            raise PublishError(
                f"--branch {branch}: the branch holds something other than a published site (its top has "
                f"no {' and no '.join(PUBLISHED_SIGNS)}); publishing would put the site over it\n"
                f"    fix: publish to a branch of its own, e.g. --branch gh-pages (the default), or pass "
                f"--force if this branch's files may go (its history is kept); {NOTHING}"
            )
    tree = site_tree(site, repo, git_dir, parent)
    args = ["commit-tree", tree, "-m", message]
    if parent is not None:
        args[2:2] = ["-p", parent]
    commit = git(repo, *args, env=identity_env(repo)).strip()
    push(repo, remote, commit, branch)
    if local_head(repo, branch) == commit:  # the remote is this repository: the push moved it already
        return Published(commit, parent, branch, remote)
    try:
        git(repo, "update-ref", "-m", "statuskit publish", f"refs/heads/{branch}", commit, local or "")
    except PublishError as exc:
        raise PublishError(
            f"published {commit[:12]} to '{shown(remote)}' {branch}, but the local branch moved meanwhile "
            f"and was left as it is: {exc}\n    fix: git fetch {shown(remote)} {branch}, then compare"
        ) from None
    return Published(commit, parent, branch, remote)
