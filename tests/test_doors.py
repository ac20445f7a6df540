"""The doors: the plugin, unchanged, under each tool and version a statuskit site may be built with.

``.ci/doors`` makes one venv per door in ``$STATUSKIT_DOORS`` (.ci/run sets it; without it these
tests skip): ``lowest`` (mkdocs 1.6.1, mkdocs-material 9.7.0, pyproject's lower bounds), ``newest``
(the newest mkdocs 1.x and material 9.x), ``properdocs`` (ProperDocs, the maintained MkDocs 1.x
fork, with the newest material) and ``zensical`` (reads mkdocs.yml, skips the plugin). Each builds
the example site at the test epoch, with its own command line, in a subprocess.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import EPOCH, REPO

from generator import fallback

DOORS = os.environ.get("STATUSKIT_DOORS", "")
pytestmark = pytest.mark.skipif(not DOORS, reason="STATUSKIT_DOORS is unset: .ci/doors makes the venvs")

OPEN_INCIDENT = "Payment card data stolen from checkout terminals in our stores"
# What differs between two material releases, and nothing else: its version and its hashed assets.
MATERIAL = [
    (re.compile(rb"mkdocs-material-9\.\d+\.\d+"), b"mkdocs-material-9.x"),
    (re.compile(rb"\.[0-9a-f]{8}\.min\.(js|css)\b"), rb".HASH.min.\1"),
]


def door(name: str) -> Path:
    """The bin directory of the venv for door ``name``; a failure (not a skip) when it is missing."""
    bin_ = Path(DOORS) / name / "bin"
    if not (bin_ / "python").exists():
        pytest.fail(f"{bin_.parent}: no venv for door {name!r}; run .ci/doors prepare")
    return bin_


def env() -> dict[str, str]:
    """The subprocess environment: the fixed epoch, and none of this process's import paths."""
    out = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    out.update(SOURCE_DATE_EPOCH=str(EPOCH), NO_MKDOCS_2_WARNING="1", NO_COLOR="1")
    return out


def run(args: list[str | Path], cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env(), capture_output=True, text=True,
                          timeout=timeout, check=False)


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root``, by relative path."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def differences(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    """The paths whose bytes differ or that one side lacks."""
    return sorted(p for p in a.keys() | b.keys() if a.get(p) != b.get(p))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the example site; every door builds it into a directory of its own."""
    root = tmp_path_factory.mktemp("doors") / "example"
    root.mkdir()
    shutil.copy(REPO / "mkdocs.yml", root)
    for name in ("incidents", "site_src"):
        shutil.copytree(REPO / name, root / name)
    return root


@pytest.fixture(scope="module")
def builds(project: Path) -> Iterator[dict[str, Path]]:
    """``door/command`` -> the site it built, for each statuskit door and each of its commands."""
    made: dict[str, Path] = {}
    for name in ("lowest", "newest", "properdocs"):
        bin_ = door(name)
        where = run([bin_ / "python", "-c", "import generator; print(generator.__file__)"], project)
        found = where.stdout.strip() or where.stderr
        assert found == str(REPO / "generator" / "__init__.py"), (
            f"door {name} runs another statuskit ({found}); run .ci/doors prepare"
        )
        commands = {"mkdocs": ["mkdocs", "build"], "statuskit": ["statuskit", "build"]}
        if name == "properdocs":
            commands["properdocs"] = ["properdocs", "build"]
        for command, args in commands.items():
            out = project.parent / f"{name}-{command}"
            done = run([bin_ / args[0], *args[1:], "--site-dir", out], project)
            assert done.returncode == 0, f"{name}: {' '.join(args)}\n{done.stdout}\n{done.stderr}"
            made[f"{name}/{command}"] = out
    yield made


def versions(name: str) -> dict[str, str]:
    listed = run([door(name) / "python", "-m", "pip", "list", "--format=json"], Path(DOORS)).stdout
    return {p["name"].lower(): p["version"] for p in json.loads(listed)}


def test_the_doors_hold_the_versions_they_stand_for():
    assert versions("lowest")["mkdocs"] == "1.6.1"
    assert versions("lowest")["mkdocs-material"] == "9.7.0"
    newest = versions("newest")
    assert newest["mkdocs"].startswith("1.") and newest["mkdocs-material"].startswith("9.")
    assert versions("properdocs")["properdocs"].startswith("1.")


def test_under_properdocs_the_plugin_is_built_on_properdocs(project):
    """The same plugin module, loaded as `properdocs` loads it, subclasses ProperDocs' own classes
    (its `mkdocs.*` imports are routed there), and ProperDocs finds it by its mkdocs.plugins name."""
    probe = (
        "import properdocs.replacement, properdocs.plugins as p, generator.plugin as g; "
        "print(g.BasePlugin.__module__, p.get_plugins()['statuskit'].value)"
    )
    done = run([door("properdocs") / "python", "-c", probe], project)
    assert done.stdout.split() == ["properdocs.plugins", "generator.plugin:StatuskitPlugin"], done.stderr


def test_properdocs_builds_the_bytes_mkdocs_builds(builds):
    """`properdocs build` and `mkdocs build` of one venv (one material) write identical sites."""
    mkdocs, properdocs = tree(builds["properdocs/mkdocs"]), tree(builds["properdocs/properdocs"])
    assert len(mkdocs) > 50
    assert differences(mkdocs, properdocs) == []


@pytest.mark.parametrize("name", ["lowest", "newest", "properdocs"])
def test_statuskit_build_is_mkdocs_build(builds, name):
    assert differences(tree(builds[f"{name}/mkdocs"]), tree(builds[f"{name}/statuskit"])) == []


def test_lowest_and_newest_differ_only_in_material_itself(builds):
    """Beyond material's own files, its version and the hashes in its asset names, the same site."""

    def ours(root: Path) -> dict[str, bytes]:
        found = {}
        for rel, data in tree(root).items():
            if rel.startswith(("assets/javascripts/", "assets/stylesheets/")) or rel.endswith(".gz"):
                continue  # material's bundles; the gzipped sitemap (checked as sitemap.xml)
            for pattern, replacement in MATERIAL:
                data = pattern.sub(replacement, data)
            found[rel] = data
        return found

    assert differences(ours(builds["lowest/mkdocs"]), ours(builds["newest/mkdocs"])) == []


@pytest.mark.parametrize("build", ["lowest/mkdocs", "newest/mkdocs", "properdocs/properdocs"])
def test_every_door_publishes_the_status(builds, build):
    site = builds[build]
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "lxml")
    assert home.select_one(".sk-banner") is not None
    assert OPEN_INCIDENT in home.get_text()
    assert fallback.NOTICE[:40] not in home.get_text()
    status = json.loads((site / "api" / "v2" / "status.json").read_text(encoding="utf-8"))
    assert status["status"]["indicator"] != "none"
    incidents = json.loads((site / "api" / "v2" / "incidents.json").read_text(encoding="utf-8"))
    assert OPEN_INCIDENT in [i["name"] for i in incidents["incidents"]]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read()


def test_properdocs_serve_answers_with_the_status(project, tmp_path):
    """`properdocs serve` on the example: the home and the API answer 200, with the open incident."""
    served = tmp_path / "served"
    shutil.copytree(project, served, ignore=shutil.ignore_patterns("site"))
    port = free_port()
    server = subprocess.Popen(
        [str(door("properdocs") / "properdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=served, env=env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                status, home = fetch(base)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    output = server.stdout.read().decode() if server.stdout else ""
                    pytest.fail(f"properdocs serve did not answer on {base}:\n{output}")
                time.sleep(0.3)
        assert status == 200
        assert OPEN_INCIDENT in BeautifulSoup(home, "lxml").get_text()
        status, body = fetch(base + "api/v2/status.json")
        assert status == 200 and json.loads(body)["status"]["indicator"] != "none"
        status, body = fetch(base + "api/v2/incidents.json")
        assert status == 200 and OPEN_INCIDENT in [i["name"] for i in json.loads(body)["incidents"]]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        if server.stdout:
            server.stdout.close()


def test_zensical_does_not_silently_publish_no_incidents(project, tmp_path):
    """Zensical skips the plugin: it refuses to build, or the home says the status is missing and
    what to run instead. It must never publish a page that reads like "all is well"."""
    built = tmp_path / "zensical"
    shutil.copytree(project, built, ignore=shutil.ignore_patterns("site"))
    done = run([door("zensical") / "zensical", "build"], built)
    if done.returncode != 0:
        return  # it refused: nothing was published
    home = BeautifulSoup((built / "site" / "index.html").read_text(encoding="utf-8"), "lxml").get_text(" ")
    assert "This status page was built without statuskit" in home
    assert "statuskit build" in home
    assert OPEN_INCIDENT not in home  # indeed no status: the notice is what readers get
    assert not (built / "site" / "api").exists()
