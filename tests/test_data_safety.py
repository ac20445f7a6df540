"""A build never deletes what it did not make, and a killed or failing swap loses no site.

Real builds through the CLI (in-process, and in subprocesses that are really
killed between the two renames of a swap); the whole directory tree around the
site, ``.git`` included, is compared byte for byte before and after.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import EPOCH, TestSite

INCIDENT = """\
title: Database slow
impact: minor
components: [database]
updates:
  - at: 2026-11-22T09:00:00Z
    status: resolved
    message: Queries were slow for a while.
"""
NAME = "2026-11-22-db.yaml"


def snapshot(root: Path) -> dict[str, bytes | str]:
    """Every file (bytes), directory and symlink under ``root``."""
    found: dict[str, bytes | str] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            found[rel] = f"-> {os.readlink(path)}"
        elif path.is_dir():
            found[rel] = "dir"
        else:
            found[rel] = path.read_bytes()
    return found


@pytest.fixture
def site(make_site: Callable[..., TestSite]) -> TestSite:
    """A site that is a git repository with one commit, as an operator's would be."""
    made = make_site({NAME: INCIDENT})
    for args in (
        ["init", "-q", "-b", "main"],
        ["add", "-A"],
        ["-c", "user.name=Op", "-c", "user.email=op@example.com", "commit", "-q", "-m", "site"],
    ):
        subprocess.run(["git", *args], cwd=made.root, check=True, capture_output=True)
    return made


def refused(result, *words: str) -> None:
    out = result.output
    assert result.exit_code == 1, out + repr(result.exception)
    assert "Traceback" not in out and "built " not in out, out
    assert "fix:" in out, out
    for word in words:
        assert word in out, out


# ---------------------------------------------------------------- the target is the project or in it


def _home_above(site: TestSite, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("HOME", str(site.root.parent))
    return "~"


def _link_to_project(site: TestSite, monkeypatch: pytest.MonkeyPatch) -> str:
    link = site.root.parent / "link"
    link.symlink_to(site.root, target_is_directory=True)
    return str(link)


def _link_into_incidents(site: TestSite, monkeypatch: pytest.MonkeyPatch) -> str:
    link = site.root.parent / "link"
    link.symlink_to(site.incidents, target_is_directory=True)
    return str(link / "sub")


TARGETS: dict[str, Callable[[TestSite, pytest.MonkeyPatch], str]] = {
    "dot": lambda s, m: ".",
    "incidents": lambda s, m: "incidents",
    "parent": lambda s, m: "..",
    "docs_dir": lambda s, m: "site_src",
    "inside-docs_dir": lambda s, m: "site_src/out",
    "inside-incidents": lambda s, m: "incidents/out",
    "git-dir": lambda s, m: ".git",
    "inside-git-dir": lambda s, m: ".git/site",
    "home-above-the-project": _home_above,
    "symlink-to-project": _link_to_project,
    "symlink-into-incidents": _link_into_incidents,
    "a-file": lambda s, m: str(s.incidents / NAME),
    "the-config-file": lambda s, m: "mkdocs.yml",
}


@pytest.mark.parametrize("make_target", TARGETS.values(), ids=TARGETS.keys())
def test_build_refuses_a_target_that_would_delete_the_project(
    site: TestSite, monkeypatch: pytest.MonkeyPatch, make_target: Callable[..., str]
) -> None:
    value = make_target(site, monkeypatch)
    before = snapshot(site.root.parent)
    monkeypatch.chdir(site.root)
    result = site.cli("build", "--site-dir", value)
    assert result.exit_code in (1, 2), result.output  # 2: click refuses a file itself
    assert "Traceback" not in result.output and "built " not in result.output, result.output
    if result.exit_code == 1:
        assert "fix:" in result.output, result.output
    assert snapshot(site.root.parent) == before


def test_the_file_system_root_is_refused(site: TestSite) -> None:
    """Checked without building: a test must not try to replace / even if the check regressed."""
    from generator import sitedir

    found = sitedir.problems(Path("/"), [("the project", site.root, False)], sitedir.from_option("/"))
    assert [p.message for p in found] and "contains the project" in found[0].message


@pytest.mark.parametrize("value", ["incidents", ".", "incidents/out", "incidents/../incidents", ".git"])
def test_site_dir_in_mkdocs_yml_is_refused_by_validate_build_and_serve(site: TestSite, value: str) -> None:
    text = site.config.read_text(encoding="utf-8")
    site.config.write_text(f"site_dir: {value}\n" + text, encoding="utf-8")
    before = snapshot(site.root.parent)
    for args in (("build",), ("validate",), ("serve", "--dev-addr", "127.0.0.1:1")):
        result = site.cli(*args)
        assert result.exit_code == 1, (args, result.output)
        assert "Traceback" not in result.output, result.output
        if value != ".":  # "." is refused by mkdocs itself (docs_dir inside site_dir), the rest by us
            assert "mkdocs.yml:1:1: site_dir" in result.output, result.output
    assert snapshot(site.root.parent) == before


def mkdocs(site: TestSite, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(EPOCH), NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *args, "-f", str(site.config)],
        cwd=site.root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize("target", ["incidents", "incidents/out", "..", "foreign"])
def test_mkdocs_build_itself_is_refused_by_the_plugin(site: TestSite, target: str) -> None:
    """mkdocs empties site_dir after on_config: the plugin refuses there, before anything is deleted."""
    foreign = site.root / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine\n", encoding="utf-8")
    before = snapshot(site.root.parent)
    proc = mkdocs(site, "build", "--site-dir", target)
    assert proc.returncode != 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    # ours say how to fix it; mkdocs refuses ".." itself (docs_dir inside site_dir)
    assert "fix:" in proc.stderr or "should not be within" in proc.stderr, proc.stderr
    assert snapshot(site.root.parent) == before


def test_mkdocs_build_into_the_default_site_dir_still_works(site: TestSite) -> None:
    for _ in range(2):  # the second time over its own earlier build
        proc = mkdocs(site, "build")
        assert proc.returncode == 0, proc.stderr
    assert (site.root / "site" / "index.html").is_file()


# ---------------------------------------------------------------- foreign directories


def test_foreign_directory_is_not_replaced_without_force(site: TestSite) -> None:
    foreign = site.root.parent / "www"
    (foreign / "photos").mkdir(parents=True)
    (foreign / "photos" / "cat.jpg").write_bytes(b"\xff\xd8 not really a cat")
    (foreign / "notes.txt").write_text("keep me\n", encoding="utf-8")
    before = snapshot(site.root.parent)
    refused(site.cli("build", "--site-dir", str(foreign)), "does not look like a site", "--force")
    assert snapshot(site.root.parent) == before
    result = site.cli("build", "--site-dir", str(foreign), "--force")
    assert result.exit_code == 0, result.output
    assert (foreign / "index.html").is_file() and not (foreign / "notes.txt").exists()


def test_a_directory_holding_a_git_repository_is_never_replaced(site: TestSite, tmp_path: Path) -> None:
    """A gh-pages checkout used as the site dir (mkdocs keeps dot files when it cleans): its .git stays."""
    checkout = tmp_path / "pages"
    site.build(checkout)  # looks like a build
    subprocess.run(["git", "init", "-q", str(checkout)], check=True, capture_output=True)
    before = snapshot(tmp_path)
    for force in ((), ("--force",)):
        refused(site.cli("build", "--site-dir", str(checkout), *force), "holds a git repository")
    assert snapshot(tmp_path) == before


def test_a_git_repository_anywhere_inside_is_never_replaced(site: TestSite, tmp_path: Path) -> None:
    """A hand-made web root with an app checked out one level down: index.html is not enough."""
    www = tmp_path / "www"
    (www / "app").mkdir(parents=True)
    (www / "index.html").write_text("<h1>my site</h1>\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(www / "app")], check=True, capture_output=True)
    before = snapshot(tmp_path)
    for force in ((), ("--force",)):
        refused(site.cli("build", "--site-dir", str(www), *force), "holds a git repository (app/.git)")
    assert snapshot(tmp_path) == before


def test_home_and_top_level_directories_are_refused_even_with_force(
    site: TestSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checked without building into them: / and /tmp only through sitedir.problems."""
    from generator import sitedir

    home = tmp_path / "users" / "op"
    (home / ".ssh").mkdir(parents=True)
    (home / ".ssh" / "id_ed25519").write_text("secret\n", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    before = snapshot(home)
    for target in ("~", str(home), str(home.parent)):
        refused(site.cli("build", "--site-dir", target, "--force"), "home directory")
    assert snapshot(home) == before
    for top in ("/tmp", "/usr", "/etc"):
        found = sitedir.problems(Path(top), [], sitedir.from_option(top), force=True)
        assert found and re.search("top-level directory|contains your home", found[0].message), (top, found)


@pytest.mark.parametrize("how", ["self-loop", "two-link-loop", "nul-byte"])
def test_a_target_that_cannot_be_resolved_is_a_clean_error(site: TestSite, how: str) -> None:
    """Symlink loops (from --site-dir or site_dir) and a NUL byte (only mkdocs.yml can hold one:
    a command line cannot) are refused with a fix, never 'failed unexpectedly'."""
    if how == "self-loop":
        (site.root / "loop").symlink_to("loop")
        target = "loop"
    elif how == "two-link-loop":
        (site.root / "a").symlink_to("b")
        (site.root / "b").symlink_to("a")
        target = "a/x"
    else:
        target = "a\\0b"  # YAML's escape for NUL, inside double quotes
    runs = [("build", "--site-dir", str(site.root / target))] if how != "nul-byte" else []
    with site.config.open("a", encoding="utf-8") as f:
        f.write(f'site_dir: "{target}"\n')
    for args in [*runs, ("validate",), ("build",)]:
        result = site.cli(*args)
        assert result.exit_code == 1, (args, result.output)
        assert "cannot be used" in result.output and "fix:" in result.output, (args, result.output)
        assert "unexpectedly" not in result.output


@pytest.mark.parametrize("kind", ["empty", "previous-build", "missing"])
def test_empty_missing_or_previous_build_targets_are_fine(site: TestSite, tmp_path: Path, kind: str) -> None:
    target = tmp_path / "out" / "site"
    if kind == "empty":
        target.mkdir(parents=True)
    elif kind == "previous-build":
        site.build(target)
        (target / "stale.html").write_text("old\n", encoding="utf-8")
    result = site.cli("build", "--site-dir", str(target))
    assert result.exit_code == 0, result.output
    assert (target / "index.html").is_file() and not (target / "stale.html").exists()


# ---------------------------------------------------------------- a swap that was killed or failed


def leftovers(target: Path) -> list[str]:
    return sorted(p.name for p in target.parent.iterdir() if p.name.startswith(f".{target.name}."))


def break_site(site: TestSite) -> None:
    (site.incidents / NAME).write_text("title: [unclosed\n", encoding="utf-8")


def test_killed_between_renames_next_failed_build_restores_the_site(site: TestSite, tmp_path: Path) -> None:
    """The state a kill between the two renames leaves: no site, the previous one parked as .old-*."""
    target = tmp_path / "out"
    site.build(target)
    before = snapshot(target)
    target.rename(tmp_path / ".out.old-k1ll3d_x")
    break_site(site)
    result = site.cli("build", "--site-dir", str(target))
    assert result.exit_code == 1, result.output
    assert snapshot(target) == before  # the previous site is back although this build failed
    assert leftovers(target) == []


def test_leftovers_of_ours_are_removed_and_nothing_else(site: TestSite, tmp_path: Path) -> None:
    target = tmp_path / "out"
    site.build(target)
    ours = [".out.old-abcd1234", ".out.building-zz_9zz9z"]
    theirs = [".out.old-mine", ".out.building-notes", ".other.old-abcd1234", "out.old-abcd1234"]
    for name in ours + theirs:
        (tmp_path / name).mkdir()
        (tmp_path / name / "f.txt").write_text(name, encoding="utf-8")
    (tmp_path / ".out.old-l1nk0000").symlink_to(tmp_path / theirs[0], target_is_directory=True)
    result = site.cli("build", "--site-dir", str(target))
    assert result.exit_code == 0, result.output
    assert leftovers(target) == sorted([".out.old-mine", ".out.building-notes", ".out.old-l1nk0000"])
    for name in theirs:
        assert (tmp_path / name / "f.txt").read_text(encoding="utf-8") == name


KILLER = textwrap.dedent(
    """
    import os, signal, sys
    from generator import siteswap

    def die():
        os.kill(os.getpid(), signal.SIGKILL)

    if sys.argv[1] == "between-renames":  # a system without an atomic exchange: two renames
        siteswap._exchange = lambda a, b: False
        real = os.rename
        def rename(src, dst, *args, **kwargs):
            real(src, dst, *args, **kwargs)
            if ".old-" in os.fspath(dst):
                die()
        os.rename = rename
    else:  # the exchange is done, the previous site (now in .building-*) not yet removed
        real = siteswap._exchange
        def exchange(a, b):
            real(a, b)
            die()
        siteswap._exchange = exchange
    from generator.cli import main
    main(sys.argv[2:])
    """
)


@pytest.mark.parametrize("point", ["between-renames", "after-exchange"])
def test_a_build_really_killed_during_the_swap_loses_no_site(
    site: TestSite, tmp_path: Path, point: str
) -> None:
    target = tmp_path / "out"
    site.build(target)
    before = snapshot(target)
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(EPOCH), NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run(
        [sys.executable, "-c", KILLER, point, "build", "-d", str(target), "-f", str(site.config)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == -9, proc.stdout + proc.stderr  # really killed at that point
    assert leftovers(target), "the kill left nothing to recover from"
    if point == "between-renames":
        assert not target.exists()
        break_site(site)  # the next build fails: the previous site must be back all the same
        assert site.cli("build", "--site-dir", str(target)).exit_code == 1
        assert snapshot(target) == before
    else:
        assert (target / "index.html").is_file()
        result = site.cli("build", "--site-dir", str(target))
        assert result.exit_code == 0, result.output
    assert leftovers(target) == []


def test_second_rename_failing_is_a_clean_error_and_the_site_stays(
    site: TestSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import siteswap

    target = tmp_path / "out"
    site.build(target)
    before = snapshot(target)
    monkeypatch.setattr(siteswap, "_exchange", lambda a, b: False)
    real = os.rename

    def rename(src: object, dst: object) -> None:
        if os.fspath(dst) == str(target) and ".building-" in os.fspath(src):  # type: ignore[arg-type]
            raise OSError(errno.EACCES, "Permission denied")
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(siteswap.os, "rename", rename)
    result = site.cli("build", "--site-dir", str(target))
    monkeypatch.undo()
    refused(result, "Permission denied", "previous site was left untouched")
    assert snapshot(target) == before
    assert leftovers(target) == []


def test_when_even_putting_the_site_back_fails_it_is_kept_and_restored_later(
    site: TestSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import siteswap

    target = tmp_path / "out"
    site.build(target)
    before = snapshot(target)
    monkeypatch.setattr(siteswap, "_exchange", lambda a, b: False)
    real = os.rename

    def rename(src: object, dst: object) -> None:
        if os.fspath(dst) == str(target):  # type: ignore[arg-type]
            raise OSError(errno.EIO, "Input/output error")
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(siteswap.os, "rename", rename)
    result = site.cli("build", "--site-dir", str(target))
    monkeypatch.undo()
    refused(result, "nor put the previous site back", "mv ")
    [parked] = [name for name in leftovers(target) if ".old-" in name]
    assert snapshot(tmp_path / parked) == before  # kept, and named in the message
    assert parked in result.output
    break_site(site)
    assert site.cli("build", "--site-dir", str(target)).exit_code == 1
    assert snapshot(target) == before and leftovers(target) == []


def test_exchange_failing_is_a_clean_error_and_the_site_stays(
    site: TestSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import siteswap

    target = tmp_path / "out"
    site.build(target)
    before = snapshot(target)

    def busy(a: Path, b: Path) -> bool:
        raise OSError(errno.EBUSY, os.strerror(errno.EBUSY), str(a), None, str(b))

    monkeypatch.setattr(siteswap, "_exchange", busy)
    result = site.cli("build", "--site-dir", str(target))
    monkeypatch.undo()
    refused(result, os.strerror(errno.EBUSY), "mount point")
    assert snapshot(target) == before
    assert leftovers(target) == []


def test_unwritable_parent_is_a_clean_error(
    site: TestSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    from generator import siteswap

    def denied(*args: object, **kwargs: object) -> str:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(siteswap.tempfile, "mkdtemp", denied)
    result = site.cli("build", "--site-dir", str(tmp_path / "out"))
    monkeypatch.setattr(siteswap.tempfile, "mkdtemp", tempfile.mkdtemp)
    refused(result, "Permission denied")
    assert not (tmp_path / "out").exists()


def test_the_atomic_exchange_is_used_where_the_system_has_it(site: TestSite, tmp_path: Path) -> None:
    """On Linux the site is never absent: the two directories are swapped in one call."""
    from generator import siteswap

    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "x").write_text("a", encoding="utf-8")
    if not siteswap._exchange(a, b):
        pytest.skip("no renameat2(RENAME_EXCHANGE) here")
    assert (b / "x").read_text(encoding="utf-8") == "a" and not (a / "x").exists()


def test_no_stray_directories_after_many_builds(site: TestSite, tmp_path: Path) -> None:
    target = tmp_path / "out"
    for _ in range(3):
        site.build(target)
    assert leftovers(target) == []
    shutil.rmtree(target)


def test_builds_of_one_target_at_once_take_turns(site: TestSite, tmp_path: Path) -> None:
    """Each build repairs leftovers first: without the lock it would delete another's build directory."""
    target = tmp_path / "out"
    site.build(target)
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(EPOCH), NO_MKDOCS_2_WARNING="1")
    cmd = [sys.executable, "-m", "generator.cli", "build", "-d", str(target), "-f", str(site.config)]
    procs = [subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(3)]
    outputs = [proc.communicate(timeout=300) for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0, 0], outputs
    assert (target / "index.html").is_file()
    assert leftovers(target) == []
