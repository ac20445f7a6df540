"""``statuskit publish`` with real git: a site repository and a local bare repository as the remote.

Every test runs with HOME pointed at an empty directory and the system git
config ignored, so nothing from the machine's git setup (identity, signing,
hooks) leaks in: the site repository sets its own identity where a test
needs one.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import feedparser
import pytest
import yaml
from conftest import TestSite

TZ = "Europe/Budapest"
ID = "2026-11-23-eu-database-outage"
PAGES = {
    ".nojekyll",
    "index.html",
    f"incidents/{ID}/index.html",
    "history.rss",
    "history.atom",
    "api/v2/summary.json",
    "api/v2/status.json",
    "api/v2/components.json",
    "api/v2/incidents.json",
    "api/v2/incidents/unresolved.json",
    "api/v2/scheduled-maintenances.json",
    "api/v2/scheduled-maintenances/upcoming.json",
    "api/v2/scheduled-maintenances/active.json",
}


def git(cwd: Path, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, f"git {' '.join(args)}: {proc.stderr}"
    return proc.stdout.strip()


def rev(repo: Path, ref: str) -> str | None:
    """The commit ``ref`` names in ``repo``, or None when it does not exist."""
    proc = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.stdout.strip() or None


def files(repo: Path, ref: str) -> set[str]:
    return set(git(repo, "ls-tree", "-r", "--name-only", ref).splitlines())


def show_json(repo: Path, ref: str, path: str) -> dict:
    return json.loads(git(repo, "show", f"{ref}:{path}"))


@pytest.fixture(autouse=True)
def clean_git_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No global or system git config, no identity from the environment."""
    home = tmp_path / "empty-home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    for var in (
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
        "EMAIL",
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_CONFIG_GLOBAL",
        "GIT_CONFIG_SYSTEM",
    ):
        monkeypatch.delenv(var, raising=False)


def commit_all(root: Path, message: str = "src") -> None:
    git(root, "add", "-A")
    git(root, "-c", "user.name=Op", "-c", "user.email=op@example.com", "commit", "-q", "-m", message)


@dataclass
class Setup:
    site: TestSite
    bare: Path

    def publish(self, *args: str, remote: str | None = None, commit: bool = True):
        """Publish, first committing the site's sources (as an operator does) unless ``commit`` is false."""
        if commit and git(self.site.root, "status", "--porcelain"):
            commit_all(self.site.root)
        return self.site.cli("publish", "--remote", remote or str(self.bare), *args)

    def published(self, *args: str, commit: bool = True) -> str:
        """Publish to the bare repository's gh-pages; the new commit."""
        result = self.publish("--branch", "gh-pages", *args, commit=commit)
        assert result.exit_code == 0, result.output + repr(result.exception)
        commit = rev(self.bare, "gh-pages")
        assert commit is not None
        assert commit[:12] in result.output
        return commit


def new_repo(make_site: Callable[..., TestSite], tmp_path: Path, identity: bool = True) -> Setup:
    site = make_site(timezone=TZ)
    git(site.root, "init", "-q", "-b", "main")
    if identity:
        git(site.root, "config", "user.name", "Site Operator")
        git(site.root, "config", "user.email", "ops@example.com")
    bare = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(bare))
    return Setup(site, bare)


@pytest.fixture
def repo(make_site: Callable[..., TestSite], tmp_path: Path) -> Setup:
    return new_repo(make_site, tmp_path)


def ok(result) -> None:
    assert result.exit_code == 0, result.output + repr(result.exception)


def open_incident(site: TestSite, title: str = "EU database outage", component: str = "database") -> str:
    result = site.cli(
        "new",
        "--title",
        title,
        "--impact",
        "major",
        "--component",
        component,
        "--message",
        "We are investigating failing database queries.",
        "--next-update",
        "30m",
    )
    ok(result)
    return Path(result.output.strip()).stem


# ---------------------------------------------------------------- the done-when


def test_new_update_resolve_publish_then_publish_again(repo: Setup) -> None:
    site = repo.site
    assert open_incident(site) == ID
    path = site.incidents / f"{ID}.yaml"
    text = path.read_text(encoding="utf-8")
    comment = "    status: investigating   # hand-written: Anna paged the database team\n"
    path.write_text(text.replace("    status: investigating\n", comment), encoding="utf-8")
    ok(
        site.cli(
            "update",
            ID,
            "--status",
            "identified",
            "--message",
            "A storage node failed.",
            "--component",
            "database=partial_outage",
        )
    )
    ok(site.cli("resolve", ID, "--message", "All systems are back to normal."))
    final = path.read_text(encoding="utf-8")
    assert comment in final
    updates = yaml.safe_load(final)["updates"]
    assert [u["status"] for u in updates] == ["investigating", "identified", "resolved"]

    first = repo.published()
    tree = files(repo.bare, "gh-pages")
    assert tree >= PAGES, PAGES - tree
    assert git(repo.bare, "show", "gh-pages:.nojekyll") == ""
    assert rev(site.root, "refs/heads/gh-pages") == first  # the local branch follows the push
    assert git(repo.bare, "log", "-1", "--format=%an <%ae>", "gh-pages") == "Site Operator <ops@example.com>"

    incidents = show_json(repo.bare, "gh-pages", "api/v2/incidents.json")["incidents"]
    [incident] = [i for i in incidents if i["id"] == ID]
    assert incident["status"] == "resolved"
    assert incident["resolved_at"] is not None
    statuses = [u["status"] for u in incident["incident_updates"]]
    assert statuses == ["resolved", "identified", "investigating"]  # Statuspage: newest first
    assert show_json(repo.bare, "gh-pages", "api/v2/incidents/unresolved.json")["incidents"] == []
    assert show_json(repo.bare, "gh-pages", "api/v2/summary.json")["status"]["indicator"] == "none"
    assert show_json(repo.bare, "gh-pages", "api/v2/status.json")["status"]["indicator"] == "none"
    for feed in ("history.rss", "history.atom"):
        parsed = feedparser.parse(git(repo.bare, "show", f"gh-pages:{feed}"))
        entries = [e for e in parsed.entries if ID in e.link]
        assert len(entries) == 3, feed
        assert any("All systems are back to normal." in (e.get("summary") or "") for e in entries), feed
    page = git(repo.bare, "show", f"gh-pages:incidents/{ID}/index.html")
    assert "All systems are back to normal." in page and "A storage node failed." in page

    second_id = open_incident(site, "Email delays", "email")
    second = repo.published("--message", "Email delays: first update")
    assert second != first
    assert git(repo.bare, "rev-parse", "gh-pages^") == first
    assert git(repo.bare, "rev-list", "--count", "gh-pages") == "2"
    assert git(repo.bare, "log", "-1", "--format=%s", "gh-pages") == "Email delays: first update"
    assert f"incidents/{second_id}/index.html" in files(repo.bare, "gh-pages")
    unresolved = show_json(repo.bare, "gh-pages", "api/v2/incidents/unresolved.json")["incidents"]
    assert [i["id"] for i in unresolved] == [second_id]
    assert rev(site.root, "refs/heads/gh-pages") == second


def test_published_tree_is_the_build_plus_nojekyll(repo: Setup, tmp_path: Path) -> None:
    open_incident(repo.site)
    (repo.site.root / "notes.txt").write_text("not part of the site\n", encoding="utf-8")
    repo.published()
    built = repo.site.build(tmp_path / "built")
    expected = {str(p.relative_to(built)) for p in built.rglob("*") if p.is_file()}
    assert files(repo.bare, "gh-pages") == expected | {".nojekyll"}
    summary = (built / "api/v2/summary.json").read_text(encoding="utf-8")
    assert git(repo.bare, "show", "gh-pages:api/v2/summary.json") == summary.strip()
    assert not (repo.site.root / "site").exists()  # nothing built into the working tree


def test_cname_on_the_branch_is_kept_and_stale_pages_go(repo: Setup, tmp_path: Path) -> None:
    gone = open_incident(repo.site, "Short blip", "api")
    repo.published()
    work = tmp_path / "work"
    git(tmp_path, "clone", "-q", "-b", "gh-pages", str(repo.bare), str(work))
    (work / "CNAME").write_text("status.example.com\n", encoding="utf-8")
    git(work, "add", "CNAME")
    git(work, "-c", "user.name=Admin", "-c", "user.email=admin@example.com", "commit", "-q", "-m", "CNAME")
    git(work, "push", "-q", "origin", "gh-pages")
    with_cname = rev(repo.bare, "gh-pages")

    (repo.site.incidents / f"{gone}.yaml").unlink()
    open_incident(repo.site)
    repo.published()
    assert git(repo.bare, "rev-parse", "gh-pages^") == with_cname
    tree = files(repo.bare, "gh-pages")
    assert "CNAME" in tree and ".nojekyll" in tree
    assert git(repo.bare, "show", "gh-pages:CNAME") == "status.example.com"
    assert f"incidents/{ID}/index.html" in tree
    assert f"incidents/{gone}/index.html" not in tree  # the branch holds the new build, not a merge


def test_default_remote_is_origin_and_branch_is_gh_pages(repo: Setup) -> None:
    git(repo.site.root, "remote", "add", "origin", str(repo.bare))
    open_incident(repo.site)
    commit_all(repo.site.root)
    result = repo.site.cli("publish")
    ok(result)
    assert "origin" in result.output and "gh-pages" in result.output
    assert f"incidents/{ID}/index.html" in files(repo.bare, "gh-pages")


def test_other_branch(repo: Setup) -> None:
    open_incident(repo.site)
    ok(repo.publish("--branch", "pages"))
    assert rev(repo.bare, "gh-pages") is None
    assert "index.html" in files(repo.bare, "pages")


# ---------------------------------------------------------------- identity


def test_publish_without_any_git_identity(make_site: Callable[..., TestSite], tmp_path: Path) -> None:
    repo = new_repo(make_site, tmp_path, identity=False)
    assert (
        subprocess.run(
            ["git", "config", "user.name"], cwd=repo.site.root, capture_output=True, check=False
        ).returncode
        != 0
    )
    open_incident(repo.site)
    repo.published()
    author = git(repo.bare, "log", "-1", "--format=%an|%ae|%cn|%ce", "gh-pages").split("|")
    assert all(author), author


def test_publish_uses_an_identity_from_the_environment(
    make_site: Callable[..., TestSite], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = new_repo(make_site, tmp_path, identity=False)
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "CI Bot")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "ci@example.com")
    open_incident(repo.site)
    repo.published()
    log = git(repo.bare, "log", "-1", "--format=%an <%ae> / %cn <%ce>", "gh-pages")
    assert log == "CI Bot <ci@example.com> / CI Bot <ci@example.com>"


# ---------------------------------------------------------------- failures publish nothing


def test_broken_incident_file_publishes_nothing(repo: Setup) -> None:
    open_incident(repo.site)
    first = repo.published()
    repo.site.write(
        "broken.yaml",
        """\
        title: Broken
        impact: major
        updates:
          - at: 2026-11-23T10:00:00Z
            status: investigatin
            message: oops
    """,
    )
    result = repo.publish("--branch", "gh-pages")
    assert result.exit_code == 1, result.output
    assert "incidents/broken.yaml:5" in result.output and "investigatin" in result.output
    assert "Traceback" not in result.output
    assert rev(repo.bare, "gh-pages") == first
    assert rev(repo.site.root, "refs/heads/gh-pages") == first
    assert git(repo.bare, "rev-list", "--count", "gh-pages") == "1"


def test_broken_file_before_the_first_publish_creates_no_branch(repo: Setup) -> None:
    repo.site.write("broken.yaml", "title: [unclosed\n")
    result = repo.publish()
    assert result.exit_code == 1 and "incidents/broken.yaml" in result.output, result.output
    assert rev(repo.bare, "gh-pages") is None
    assert rev(repo.site.root, "refs/heads/gh-pages") is None


@pytest.mark.parametrize("kind", ["missing-path", "unconfigured-name"])
def test_unreachable_remote_publishes_nothing(repo: Setup, tmp_path: Path, kind: str) -> None:
    open_incident(repo.site)
    first = repo.published()
    remote = str(tmp_path / "no" / "such.git") if kind == "missing-path" else "upstream"
    result = repo.publish("--branch", "gh-pages", remote=remote)
    assert result.exit_code == 1, result.output
    out = result.output
    assert "Traceback" not in out
    assert f"cannot reach the remote '{remote}'" in out
    assert "does not appear to be a git repository" in out  # git's own reason, not its last line
    assert "fix:" in out and "nothing was published" in out
    assert rev(repo.site.root, "refs/heads/gh-pages") == first
    assert rev(repo.bare, "gh-pages") == first


def test_refused_push_publishes_nothing(repo: Setup) -> None:
    hook = repo.bare / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'pushes are frozen' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    open_incident(repo.site)
    result = repo.publish("--branch", "gh-pages")
    assert result.exit_code == 1, result.output
    assert "refused" in result.output and "Traceback" not in result.output
    assert rev(repo.bare, "gh-pages") is None
    assert rev(repo.site.root, "refs/heads/gh-pages") is None


def test_missing_git_is_a_clear_error(repo: Setup, monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.publish

    real = generator.publish.shutil.which

    def which(cmd: str, *args: object, **kwargs: object) -> str | None:
        return None if cmd == "git" else real(cmd)

    monkeypatch.setattr(generator.publish.shutil, "which", which)
    open_incident(repo.site)
    result = repo.publish()
    assert result.exit_code == 1, result.output
    assert "git is not installed" in result.output
    monkeypatch.undo()
    assert rev(repo.bare, "gh-pages") is None


def test_site_outside_a_git_repository(make_site: Callable[..., TestSite], tmp_path: Path) -> None:
    site = make_site(timezone=TZ)
    bare = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(bare))
    open_incident(site)
    result = site.cli("publish", "--remote", str(bare))
    assert result.exit_code == 1, result.output
    assert "git repository" in result.output and "git init" in result.output
    assert "Traceback" not in result.output
    assert rev(bare, "gh-pages") is None


# ---------------------------------------------------------------- the operator's repository is left alone


def state(root: Path) -> dict[str, str]:
    return {
        "status": git(root, "status", "--porcelain", "--untracked-files=all"),
        "head": git(root, "rev-parse", "HEAD"),
        "branch": git(root, "symbolic-ref", "HEAD"),
        "staged": git(root, "diff", "--cached"),
        "unstaged": git(root, "diff"),
        "index": git(root, "ls-files", "--stage"),
        "stash": git(root, "stash", "list"),
        "branches": git(root, "for-each-ref", "--format=%(refname)", "refs/heads"),
    }


def test_working_tree_index_and_branch_are_untouched(repo: Setup) -> None:
    root = repo.site.root
    open_incident(repo.site)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "site")
    ok(repo.site.cli("update", ID, "--status", "identified", "--message", "Found it."))  # unstaged change
    (root / "site_src" / "faq.md").write_text("# FAQ\n\nStaged change.\n", encoding="utf-8")
    git(root, "add", "site_src/faq.md")
    (root / "scratch.txt").write_text("untracked\n", encoding="utf-8")
    before = state(root)
    assert "M  site_src/faq.md" in before["status"] and "?? scratch.txt" in before["status"]
    commit = repo.published("--force", commit=False)  # --force: uncommitted sources
    after = state(root)
    assert after.pop("branches").splitlines() == sorted(
        [*before.pop("branches").splitlines(), "refs/heads/gh-pages"]
    )
    assert after == before
    # the published site is the working tree as it is now, uncommitted changes included
    incident = show_json(repo.bare, commit, "api/v2/incidents.json")["incidents"][0]
    assert incident["status"] == "identified"
    assert not (root / "site").exists()


def test_unborn_head_is_fine(repo: Setup) -> None:
    """A fresh `git init` with nothing committed still publishes and stays unborn."""
    open_incident(repo.site)
    repo.published("--force", commit=False)
    assert rev(repo.site.root, "HEAD") is None
    assert git(repo.site.root, "symbolic-ref", "HEAD") == "refs/heads/main"


# ---------------------------------------------------------------- nothing of the operator's is lost or run


def commit_source(repo: Setup) -> str:
    git(repo.site.root, "add", "-A")
    git(repo.site.root, "commit", "-q", "-m", "source")
    return git(repo.site.root, "rev-parse", "HEAD")


@pytest.mark.parametrize("branch", ["main", "refs/heads/main", "HEAD", "@"])
def test_the_checked_out_branch_is_refused(repo: Setup, branch: str) -> None:
    open_incident(repo.site)
    head = commit_source(repo)
    before = state(repo.site.root)
    result = repo.publish("--branch", branch)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "fix:" in result.output, result.output
    assert "nothing was published" in result.output
    assert state(repo.site.root) == before
    assert git(repo.site.root, "rev-parse", "main") == head
    assert git(repo.bare, "for-each-ref") == ""  # nothing pushed anywhere


def test_a_branch_checked_out_in_another_worktree_is_refused(repo: Setup, tmp_path: Path) -> None:
    open_incident(repo.site)
    commit_source(repo)
    git(repo.site.root, "worktree", "add", "-q", "-b", "pages", str(tmp_path / "pages-wt"))
    pages = rev(repo.site.root, "refs/heads/pages")
    result = repo.publish("--branch", "pages")
    assert result.exit_code == 1 and "checked out" in result.output, result.output
    assert rev(repo.site.root, "refs/heads/pages") == pages and rev(repo.bare, "pages") is None


def test_a_branch_holding_the_source_is_refused(repo: Setup) -> None:
    """`--branch main` from a feature branch: main holds mkdocs.yml, not a built site."""
    open_incident(repo.site)
    head = commit_source(repo)
    git(repo.site.root, "push", "-q", str(repo.bare), "main")
    git(repo.site.root, "switch", "-q", "-c", "feature")
    result = repo.publish("--branch", "main")
    assert result.exit_code == 1 and "source" in result.output, result.output
    assert rev(repo.bare, "main") == head and rev(repo.site.root, "refs/heads/main") == head


@pytest.mark.parametrize("branch", ["a..b", "-x", "@{-1}", "x y", "gh-pages.lock", ""])
def test_a_branch_that_is_not_a_branch_name_is_refused(repo: Setup, branch: str) -> None:
    open_incident(repo.site)
    result = repo.publish("--branch", branch)
    assert result.exit_code == 1, result.output
    assert "branch" in result.output and "fix:" in result.output and "Traceback" not in result.output
    assert git(repo.bare, "for-each-ref") == ""


def local_commit(root: Path, branch: str, name: str, text: str) -> str:
    """A commit on ``branch`` made with plumbing (as a hand edit of the branch would be)."""
    blob = subprocess.run(
        ["git", "hash-object", "-w", "--stdin"], cwd=root, input=text, capture_output=True, text=True,
        check=True,
    ).stdout.strip()
    base = git(root, "rev-parse", branch)
    tree_lines = git(root, "ls-tree", base)
    listing = f"{tree_lines}\n100644 blob {blob}\t{name}\n"
    tree = subprocess.run(
        ["git", "mktree"], cwd=root, input=listing, capture_output=True, text=True, check=True
    ).stdout.strip()
    commit = git(root, "commit-tree", tree, "-p", base, "-m", f"add {name} by hand")
    git(root, "update-ref", f"refs/heads/{branch}", commit)
    return commit


def test_a_local_only_commit_on_the_branch_is_not_dropped(repo: Setup) -> None:
    open_incident(repo.site)
    first = repo.published()
    mine = local_commit(repo.site.root, "gh-pages", "CNAME", "status.example.com\n")
    result = repo.publish("--branch", "gh-pages")
    assert result.exit_code == 1, result.output
    assert "1 commit(s)" in result.output and "git push" in result.output and "git branch -D" in result.output
    assert rev(repo.site.root, "refs/heads/gh-pages") == mine  # still there
    assert rev(repo.bare, "gh-pages") == first
    # the fix it gives works: push them, then publishing builds on top of them (and keeps the CNAME)
    git(repo.site.root, "push", "-q", str(repo.bare), "gh-pages")
    third = repo.published()
    assert git(repo.bare, "rev-parse", f"{third}^") == mine
    assert git(repo.bare, "show", "gh-pages:CNAME") == "status.example.com"


def test_a_local_branch_unknown_to_a_new_remote_is_not_dropped(repo: Setup, tmp_path: Path) -> None:
    open_incident(repo.site)
    first = repo.published()
    other = tmp_path / "other.git"
    git(tmp_path, "init", "-q", "--bare", str(other))
    result = repo.publish("--branch", "gh-pages", remote=str(other))
    assert result.exit_code == 1 and "has no 'gh-pages'" in result.output, result.output
    assert rev(repo.site.root, "refs/heads/gh-pages") == first and rev(other, "gh-pages") is None


def test_a_local_branch_behind_the_remote_just_follows(repo: Setup, tmp_path: Path) -> None:
    open_incident(repo.site)
    first = repo.published()
    git(repo.site.root, "update-ref", "refs/heads/gh-pages", first)  # as after someone else published
    second = repo.published("--message", "again")
    third = repo.published("--message", "and again")
    assert git(repo.bare, "rev-parse", f"{third}^") == second
    assert rev(repo.site.root, "refs/heads/gh-pages") == third


def test_a_remote_that_looks_like_an_option_runs_nothing(repo: Setup, tmp_path: Path) -> None:
    pwned = tmp_path / "pwned"
    open_incident(repo.site)
    result = repo.publish("--branch", "gh-pages", remote=f"--upload-pack=touch {pwned}")
    assert result.exit_code == 1 and "fix:" in result.output, result.output
    assert "Traceback" not in result.output
    assert not pwned.exists()


@pytest.mark.parametrize("call", ["remote_head", "fetch", "push"])
def test_every_remote_value_reaches_git_after_end_of_options(repo: Setup, tmp_path: Path, call: str) -> None:
    """Below the option check too: git must read the value as a repository, never as an option."""
    from generator import publish

    pwned = tmp_path / f"pwned-{call}"
    hostile = f"--upload-pack=touch {pwned}" if call != "push" else f"--receive-pack=touch {pwned}"
    args = {"remote_head": ("gh-pages",), "fetch": ("gh-pages",), "push": ("HEAD", "gh-pages")}[call]
    git(repo.site.root, "commit", "-q", "--allow-empty", "-m", "x")
    with pytest.raises(publish.PublishError):
        getattr(publish, call)(repo.site.root, hostile, *args)
    assert not pwned.exists()


def test_a_password_in_the_remote_url_is_never_printed(repo: Setup) -> None:
    open_incident(repo.site)
    result = repo.publish("--branch", "gh-pages", remote="https://ops:s3cr3t-t0ken@127.0.0.1:9/site.git")
    assert result.exit_code == 1, result.output
    assert "s3cr3t" not in result.output and "***@127.0.0.1" in result.output, result.output


def test_only_the_exact_branch_is_the_parent(repo: Setup) -> None:
    """ls-remote matches the tail of a ref: refs/heads/old/refs/heads/gh-pages is not gh-pages."""
    open_incident(repo.site)
    elsewhere = repo.published("--message", "first")
    git(repo.bare, "update-ref", "refs/heads/old/refs/heads/gh-pages", elsewhere)
    git(repo.bare, "update-ref", "-d", "refs/heads/gh-pages")
    git(repo.site.root, "update-ref", "-d", "refs/heads/gh-pages")
    fresh = repo.published("--message", "fresh")
    assert git(repo.bare, "rev-list", "--count", fresh) == "1"


def test_cname_is_kept_byte_for_byte_and_only_when_it_is_a_file(repo: Setup, tmp_path: Path) -> None:
    open_incident(repo.site)
    repo.published()
    work = tmp_path / "work"
    git(tmp_path, "clone", "-q", "-b", "gh-pages", str(repo.bare), str(work))
    raw = b"st\xe1tus.example.com\r\n"  # not UTF-8, CRLF: kept exactly as it is
    (work / "CNAME").write_bytes(raw)
    git(work, "add", "CNAME")
    git(work, "-c", "user.name=A", "-c", "user.email=a@example.com", "commit", "-q", "-m", "CNAME")
    git(work, "push", "-q", "origin", "gh-pages")
    repo.published()
    shown = subprocess.run(["git", "show", "gh-pages:CNAME"], cwd=repo.bare, capture_output=True, check=True)
    assert shown.stdout == raw

    git(work, "pull", "-q", "origin", "gh-pages")
    git(work, "rm", "-q", "CNAME")
    (work / "CNAME").mkdir()
    (work / "CNAME" / "x").write_text("not a CNAME\n", encoding="utf-8")
    git(work, "add", "CNAME")
    git(work, "-c", "user.name=A", "-c", "user.email=a@example.com", "commit", "-q", "-m", "dir")
    git(work, "push", "-q", "origin", "gh-pages")
    repo.published()
    assert "CNAME" not in files(repo.bare, "gh-pages") and "CNAME/x" not in files(repo.bare, "gh-pages")


def test_a_failed_publish_leaves_no_temporary_directories(
    repo: Setup, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    hook = repo.bare / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    open_incident(repo.site)
    assert repo.publish("--branch", "gh-pages").exit_code == 1
    assert list(scratch.iterdir()) == []


# ---------------------------------------------------------------- review findings (adversarial pass)


def app_branch(repo: Setup, tmp_path: Path, name: str = "develop") -> str:
    """A branch of application code on the remote (no mkdocs.yml, no built site): its commit."""
    work = tmp_path / "app"
    git(tmp_path, "init", "-q", "-b", name, str(work))
    (work / "app.py").write_text("print('hello')\n", encoding="utf-8")
    git(work, "add", "app.py")
    git(work, "-c", "user.name=A", "-c", "user.email=a@example.com", "commit", "-q", "-m", "app")
    git(work, "push", "-q", str(repo.bare), name)
    return git(work, "rev-parse", "HEAD")


def test_a_branch_of_other_files_is_refused_without_force(repo: Setup, tmp_path: Path) -> None:
    open_incident(repo.site)
    app = app_branch(repo, tmp_path)
    result = repo.publish("--branch", "develop")
    assert result.exit_code == 1, result.output
    assert "other than a published site" in result.output and "--force" in result.output
    assert rev(repo.bare, "develop") == app
    # an old gh-deploy or statuskit branch (.nojekyll and index.html at the top) is a site; --force overrides
    forced = repo.publish("--branch", "develop", "--force")
    ok(forced)
    assert git(repo.bare, "rev-parse", "develop^") == app and "index.html" in files(repo.bare, "develop")


@pytest.mark.parametrize("branch", ["origin/main", "refs/remotes/origin/main", "heads/gh-pages", "remotes/x"])
def test_a_branch_that_would_shadow_another_ref_is_refused(repo: Setup, branch: str) -> None:
    open_incident(repo.site)
    git(repo.site.root, "remote", "add", "origin", str(repo.bare))
    result = repo.publish("--branch", branch)
    assert result.exit_code == 1 and "shadow" in result.output and "fix:" in result.output, result.output
    assert git(repo.site.root, "for-each-ref", "--format=%(refname)", "refs/heads/") == "refs/heads/main"
    assert git(repo.bare, "for-each-ref") == ""


@pytest.mark.parametrize(
    "remote",
    [
        " https://ops:S3CR3T@127.0.0.1:9/site.git",
        "\thttps://ops:S3CR3T@127.0.0.1:9/site.git",
        '"https://ops:S3CR3T@127.0.0.1:9/site.git"',
        "https://ops:p@ss-S3CR3T@127.0.0.1:9/site.git",
        "https://ops:S3/CR3T@127.0.0.1:9/site.git",
        "https://127.0.0.1:9/site.git?access_token=S3CR3T",
        "-https://ops:S3CR3T@127.0.0.1:9/",
        "git+https://ops:S3CR3T@127.0.0.1:9/site.git",
    ],
    ids=["space", "tab", "quoted", "at-in-password", "slash-in-password", "token-query", "dash", "git-plus"],
)
def test_no_spelling_of_a_secret_in_the_remote_is_printed(repo: Setup, remote: str) -> None:
    open_incident(repo.site)
    result = repo.publish("--branch", "gh-pages", remote=remote)
    assert result.exit_code == 1, result.output
    assert "S3CR3T" not in result.output and "CR3T" not in result.output, result.output
    assert "Traceback" not in result.output


def test_publishing_to_the_repository_itself_reports_success(repo: Setup) -> None:
    open_incident(repo.site)
    result = repo.publish("--branch", "gh-pages", remote=".")
    ok(result)
    assert "published" in result.output and "moved meanwhile" not in result.output, result.output
    assert "index.html" in files(repo.site.root, "gh-pages")


def test_uncommitted_sources_are_not_published_without_force(repo: Setup) -> None:
    """A publish from a dirty tree would be undone by the next CI deploy from the source branch."""
    open_incident(repo.site)
    result = repo.publish("--branch", "gh-pages", commit=False)
    assert result.exit_code == 1, result.output
    assert "not committed" in result.output and "incidents/" in result.output
    assert "git commit" in result.output and "mkdocs.yml" in result.output and "--force" in result.output
    assert rev(repo.bare, "gh-pages") is None
    forced = repo.publish("--branch", "gh-pages", "--force", commit=False)
    ok(forced)
    # committed: fine; a commit the upstream lacks is said
    git(repo.site.root, "remote", "add", "origin", str(repo.bare))
    commit_all(repo.site.root)
    git(repo.site.root, "push", "-q", "-u", "origin", "main")
    git(repo.site.root, "-c", "user.name=O", "-c", "user.email=o@example.com", "commit", "-q",
        "--allow-empty", "-m", "later")
    again = repo.publish("--branch", "gh-pages", commit=False)
    ok(again)
    assert "1 commit(s) its upstream lacks" in again.output
