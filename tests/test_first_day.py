"""The first day on a fresh machine: the built package installs, `init` writes a requirement that
installs where the scaffolded workflow runs, and the workflow's own steps build the pushed site.

Real tools throughout: ``python -m build`` (no build isolation, so nothing is downloaded), fresh
virtual environments (``--system-site-packages``: the dependencies come from this machine, the
statuskit under test from the wheel or from git), real ``git`` with a local bare repository, and
the ``run:`` / ``script:`` lines of the scaffolded workflows executed as they are written.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import REPO

from generator.requirement import from_record, requirements_txt

OFFLINE = {  # pip reads PIP_NO_BUILD_ISOLATION=0 as --no-build-isolation (its documented inversion)
    "PIP_NO_INDEX": "1", "PIP_NO_DEPS": "1", "PIP_NO_BUILD_ISOLATION": "0",
    "PIP_DISABLE_PIP_VERSION_CHECK": "1",
}


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True,
        timeout=600, check=False,
    )
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


def git(cwd: Path, *args: str) -> str:
    return run("git", "-c", "user.name=Op", "-c", "user.email=op@example.com", *args, cwd=cwd).strip()


def venv(path: Path) -> Path:
    """A fresh virtual environment that sees this machine's packages; its bin directory.

    Python 3.11 seeds a venv with its own old setuptools, which would shadow the machine's (the
    test extra's, new enough for our pyproject) in builds without isolation: it is removed."""
    run(sys.executable, "-m", "venv", "--system-site-packages", path, cwd=path.parent)
    subprocess.run([str(path / "bin" / "python"), "-m", "pip", "uninstall", "-y", "-q", "setuptools"],
                   capture_output=True, check=False, env={**os.environ, **OFFLINE})
    return path / "bin"


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The package's files as they are now (committed or not), as a git repository: (path, commit)."""
    root = tmp_path_factory.mktemp("source") / "statuskit"
    listed = run("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=REPO)
    for rel in filter(None, listed.split("\0")):
        src = REPO / rel
        if src.is_file():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, root / rel)
    git(root.parent, "init", "-q", "-b", "main", str(root))
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "statuskit")
    return root, git(root, "rev-parse", "HEAD")


@pytest.fixture(scope="module")
def dist(source: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "build", "--no-isolation", "--outdir", out, source[0], cwd=source[0])
    return out


def package_files(source: Path) -> set[str]:
    return {p.relative_to(source).as_posix() for p in (source / "generator").rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}


def test_wheel_and_sdist_hold_every_file_of_the_package(source: tuple[Path, str], dist: Path) -> None:
    wanted = package_files(source[0])
    (wheel,) = dist.glob("statuskit-*.whl")
    (sdist,) = dist.glob("statuskit-*.tar.gz")
    in_wheel = set(zipfile.ZipFile(wheel).namelist())
    with tarfile.open(sdist) as tar:
        in_sdist = {name.split("/", 1)[1] for name in tar.getnames() if "/" in name}
    assert sorted(wanted - in_wheel) == []
    assert sorted(wanted - in_sdist) == []
    assert {"generator/scaffold/_github/workflows/status.yml", "generator/scaffold/_gitignore"} <= in_wheel


@pytest.mark.parametrize("kind", ["wheel", "sdist"])
def test_the_built_package_installs_and_runs_on_a_fresh_machine(
    dist: Path, tmp_path: Path, kind: str
) -> None:
    bin_ = venv(tmp_path / "venv")
    (package,) = dist.glob("statuskit-*.whl" if kind == "wheel" else "statuskit-*.tar.gz")
    run(bin_ / "pip", "install", "-q", package, cwd=tmp_path, env=OFFLINE)
    where = run(bin_ / "python", "-c", "import generator; print(generator.__file__)", cwd=tmp_path)
    assert where.startswith(str(tmp_path / "venv")), where  # the installed copy, not the repository
    said = run(bin_ / "statuskit", "init", "site", cwd=tmp_path)
    assert "requirements.txt has no statuskit line" in said  # installed from a file: say what to write
    run(bin_ / "statuskit", "validate", cwd=tmp_path / "site")
    run(bin_ / "statuskit", "build", cwd=tmp_path / "site")
    assert (tmp_path / "site" / "site" / "api" / "v2" / "summary.json").is_file()


def workflow_steps(site: Path) -> list[tuple[str, dict[str, str]]]:
    """The GitHub deploy job's and the GitLab pages job's shell lines, in order, with their env."""
    github = yaml.safe_load((site / ".github" / "workflows" / "status.yml").read_text(encoding="utf-8"))
    steps = [(s["run"], s.get("env", {})) for s in github["jobs"]["deploy"]["steps"] if "run" in s]
    gitlab = yaml.safe_load((site / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    steps += [(line, dict(gitlab.get("variables", {}))) for line in gitlab["pages"]["script"]]
    return steps


def test_from_install_through_init_new_and_push_to_the_workflow_build(
    source: tuple[Path, str], tmp_path: Path
) -> None:
    """The issue's done-when: install from git, init, new, push; a fresh clone runs the workflow's steps."""
    repo, commit = source
    operator = venv(tmp_path / "operator")
    run(operator / "pip", "install", "-q", f"git+{repo.as_uri()}@{commit}", cwd=tmp_path, env=OFFLINE)
    run(operator / "statuskit", "init", "status", "--name", "Example Status", cwd=tmp_path)
    site = tmp_path / "status"
    line = f"statuskit @ git+file://localhost{repo.as_posix()}@{commit}"
    assert line in (site / "requirements.txt").read_text(encoding="utf-8").splitlines()
    run(operator / "statuskit", "new", "--title", "Checkout errors", "--impact", "major",
        "--component", "website", "--message", "We are investigating failed payments.", cwd=site)
    git(site, "init", "-q", "-b", "main")
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", "First incident")
    bare = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(bare))
    git(site, "push", "-q", str(bare), "main")

    ci = tmp_path / "ci"
    git(tmp_path, "clone", "-q", str(bare), str(ci))
    runner = venv(tmp_path / "runner")  # the workflow's machine: only what requirements.txt names
    env = {**OFFLINE, "PATH": f"{runner}{os.pathsep}{os.environ['PATH']}", "CI_PROJECT_DIR": str(ci)}
    for line_, step_env in workflow_steps(ci):
        values = {k: str(v).replace("${{ runner.temp }}", str(tmp_path / "runner-temp"))
                  .replace("$CI_PROJECT_DIR", str(ci)) for k, v in step_env.items()}
        run("bash", "-euo", "pipefail", "-c", line_, cwd=ci, env={**env, **values})
    for out in ("site", "public"):
        summary = json.loads((ci / out / "api" / "v2" / "summary.json").read_text(encoding="utf-8"))
        assert [i["name"] for i in summary["incidents"]] == ["Checkout errors"]


@pytest.mark.parametrize(
    ("record", "line", "advice"),
    [
        (None, "statuskit==1.2.3", False),
        ({"url": "https://ops:t0ken@github.com/o/statuskit", "vcs_info": {"vcs": "git", "commit_id": "ab12"}},
         "statuskit @ git+https://github.com/o/statuskit@ab12", False),
        ({"url": "https://github.com/o/mono", "vcs_info": {"vcs": "git", "commit_id": "ab"},
          "subdirectory": "s"},
         "statuskit @ git+https://github.com/o/mono@ab#subdirectory=s", False),
        ({"url": "https://files.example.com/statuskit-1.2.3.tar.gz", "archive_info": {}},
         "statuskit @ https://files.example.com/statuskit-1.2.3.tar.gz", False),
        ({"url": "file:///home/op/statuskit", "dir_info": {"editable": True}}, "", True),
        ({"url": "file:///tmp/statuskit-1.2.3-py3-none-any.whl", "archive_info": {}}, "", True),
        ({"url": "file:///srv/statuskit.git", "vcs_info": {"vcs": "git", "commit_id": "abc"}},
         "statuskit @ git+file://localhost/srv/statuskit.git@abc", True),
    ],
    ids=["index", "git-with-token", "git-subdirectory", "archive", "editable", "local-wheel", "local-git"],
)
def test_the_requirement_follows_the_installation_record(
    record: dict | None, line: str, advice: bool
) -> None:
    found = from_record("1.2.3", record)
    assert found.line == line and bool(found.advice) == advice
    text = requirements_txt(found)
    assert "t0ken" not in text
    lines = [x for x in text.splitlines() if x and not x.startswith("#")]
    assert lines == ([line] if line else [])
    if advice:
        assert "TODO" in text and "statuskit @ git+https://" in text

