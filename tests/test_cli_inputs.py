"""The commands under hostile and stressed use (issue 11): no traceback, no lost update, no bad file.

``new`` and ``update`` refuse, with the option named and exit 1 (2 for usage),
what would make a file ``validate`` refuses, and leave every file as it was;
parallel ``update`` runs on one incident all land; parallel ``new`` runs on one
id make one file; an unexpected error is one friendly paragraph, with the
traceback only for ``--verbose`` or ``STATUSKIT_DEBUG=1``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from conftest import EPOCH, REPO, TestSite

from generator.cli import main
from generator.yamlsource import MAX_BYTES

ID = "2026-11-22-api-errors"
OPEN = """\
# Kept by hand: this comment stays.
title: API errors
impact: major
components: [api]
updates:
  - at: 2026-11-22T09:00:00Z
    status: investigating
    message: We are looking into it.
"""


@pytest.fixture
def site(make_site: Callable[..., TestSite]) -> TestSite:
    return make_site({f"{ID}.yaml": OPEN}, timezone="Europe/Budapest")


def snapshot(directory: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()
    }


def refused(result: Result, *named: str, code: int = 1) -> str:
    """The run exited ``code`` through click (no other exception), without a traceback, naming ``named``."""
    assert result.exit_code == code, result.output + repr(result.exception)
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    for text in named:
        assert text in result.output, result.output
    return result.output


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result


# -- update: values that used to crash it or write a file validate refuses -------------------------
UPDATE_REFUSALS = {
    "message-only-newlines": (("--status", "identified", "--message", "\n\n"), ("--message", "empty")),
    "message-not-utf8": (("--status", "identified", "--message", "a\udcffb"), ("--message", "0xFF")),
    "message-escape-character": (("--status", "identified", "--message", "a\x1bb"), ("--message", "U+001B")),
    "message-nul": (("--status", "identified", "--message", "a\x00b"), ("--message", "U+0000")),
    "message-vertical-tab": (("--status", "identified", "--message", "a\vb"), ("--message", "U+000B")),
    "message-noncharacter": (("--status", "identified", "--message", "a\ufffeb"), ("--message", "U+FFFE")),
    "next-update-overflows": (
        ("--status", "identified", "--message", "m", "--next-update", "99999999999999h"),
        ("--next-update", "too far"),
    ),
    "next-update-empty": (
        ("--status", "identified", "--message", "m", "--next-update", " "), ("--next-update is empty",)
    ),
    "next-update-when-resolved": (
        ("--status", "resolved", "--message", "m", "--next-update", "2h"), ("promises no further update",)
    ),
    "next-update-past-year-9999": (
        ("--status", "identified", "--message", "m", "--next-update", "9999-12-31T23:30:00Z"),
        ("--next-update", "too far"),
    ),
    "status-of-a-maintenance": (
        ("--status", "scheduled", "--message", "m"),
        ("--status scheduled", "investigating"),
    ),
    "status-unknown": (("--status", "fixed", "--message", "m"), ("--status fixed", "resolved")),
    "component-without-id": (
        ("--status", "identified", "--message", "m", "--component", "=major_outage"),
        ("--component", "no component id"),
    ),
    "component-unknown": (
        ("--status", "identified", "--message", "m", "--component", "billing=major_outage"),
        ("billing", "api"),
    ),
    "component-bad-status": (
        ("--status", "identified", "--message", "m", "--component", "api=on_fire"),
        ("on_fire", "major_outage"),
    ),
    "component-twice": (
        (
            "--status",
            "identified",
            "--message",
            "m",
            "--component",
            "api=operational",
            "--component",
            "api=major_outage",
        ),
        ("--component api", "twice"),
    ),
}


@pytest.mark.parametrize(("args", "named"), UPDATE_REFUSALS.values(), ids=UPDATE_REFUSALS.keys())
def test_update_refuses_cleanly_and_leaves_the_file(
    site: TestSite, args: tuple[str, ...], named: tuple[str, ...]
) -> None:
    before = snapshot(site.incidents)
    refused(site.cli("update", ID, *args), *named)
    assert snapshot(site.incidents) == before
    ok(site.cli("validate"))


@pytest.mark.parametrize("bad", [f"{ID}\n", "../mkdocs", f"{ID}.yaml", ""])
def test_update_refuses_what_is_not_an_id(site: TestSite, bad: str) -> None:
    before = snapshot(site.root)
    out = refused(site.cli("update", bad, "--status", "identified", "--message", "m"))
    assert "ID" in out or "not an incident id" in out
    assert snapshot(site.root) == before


def test_update_with_a_message_that_is_not_utf8_through_a_real_process(site: TestSite) -> None:
    """The bytes come through argv as the shell passes them: ``--message $'\\xff'``."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "SOURCE_DATE_EPOCH": str(EPOCH)}
    argv = [sys.executable, "-m", "generator.cli", "update", ID, "--status", "identified"]
    argv += ["--message", os.fsdecode(b"caf\xff"), "--config-file", str(site.config)]
    before = snapshot(site.incidents)
    done = subprocess.run(argv, env=env, capture_output=True, text=True, errors="replace", timeout=120)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "0xFF" in done.stderr
    assert snapshot(site.incidents) == before


def test_update_keeps_the_size_limit_validate_enforces(site: TestSite) -> None:
    """One limit for both: a file ``update`` would push past MAX_BYTES is refused as validate refuses it."""
    body = "".join(f"      {n:06d} {'x' * 92}\n" for n in range((MAX_BYTES - 30_000) // 106))
    big = OPEN.replace("message: We are looking into it.\n", "message: |\n" + body)
    path = site.write(f"{ID}.yaml", big)
    assert MAX_BYTES - 40_000 < path.stat().st_size < MAX_BYTES
    ok(site.cli("validate"))
    before = path.read_bytes()
    message = "y" * 60_000 + "\n" + "z" * 60_000  # two long lines: a | block of ~120 kB
    out = refused(site.cli("update", ID, "--status", "identified", "--message", message))
    assert f"limited to {MAX_BYTES}" in out and "left unchanged" in out
    assert path.read_bytes() == before
    # the same text written by hand: validate says the same
    added = "  - at: 2026-11-22T10:00:00Z\n    status: identified\n    message: |\n"
    added += f"      {message[:60_000]}\n      {message[60_001:]}\n"
    site.write("2026-11-22-by-hand.yaml", big + added)
    assert f"limited to {MAX_BYTES}" in refused(site.cli("validate"))


# -- new: option values ----------------------------------------------------------------------------
BASE = ("--title", "API errors", "--impact", "major", "--component", "api", "--message", "We are looking.")
NEW_REFUSALS = {
    "id-trailing-newline": (("--id", "api-errors\n"), ("--id", "api-errors\\n")),
    "id-too-long-for-a-file": (("--id", "a" * 300), ("a" * 300, "too long")),
    "id-reads-as-an-option": (("--id", "-x"), ("--id -x", "starts with '-'")),
    "next-update-empty": (("--next-update", ""), ("--next-update is empty",)),
    "next-update-other-digits": (("--next-update", "\u0663h"), ("--next-update",)),
    "title-hangul-fillers": (("--title", "\u3164\u3164"), ("--title", "empty")),
    "title-escape-character": (("--title", "a\x1bb"), ("--title", "U+001B")),
    "title-not-utf8": (("--title", "\udcff"), ("--title", "0xFF")),
    "title-blank": (("--title", "   "), ("--title", "empty")),
    "message-only-newlines": (("--message", "\n"), ("--message", "empty")),
    "message-bell": (("--message", "ding\x07"), ("--message", "U+0007")),
    "component-unknown": (("--component", "billing"), ("billing", "api")),
    "component-empty-status": (("--component", "dashboard="), ("dashboard=", "no status")),
    "component-without-id": (("--component", "=major_outage"), ("no component id",)),
    "component-twice": (("--component", "api=major_outage"), ("--component api", "twice")),
    "status-of-a-maintenance": (("--status", "scheduled"), ("--status scheduled", "investigating")),
    "next-update-overflows": (("--next-update", "99999999999999h"), ("--next-update", "too far")),
    "next-update-passed": (("--next-update", "2026-11-23T09:00:00Z"), ("--next-update", "passed")),
    "maintenance-end-year-9999": (
        (
            "--impact",
            "maintenance",
            "--maintenance-start",
            "2026-12-01T02:00:00Z",
            "--maintenance-end",
            "9999-12-31T23:30:00Z",
        ),
        ("--maintenance-end", "too far"),
    ),
    "maintenance-end-before-start": (
        (
            "--impact",
            "maintenance",
            "--maintenance-start",
            "2026-12-01T04:00:00Z",
            "--maintenance-end",
            "2026-12-01T02:00:00Z",
        ),
        ("--maintenance-end is not after",),
    ),
    "maintenance-status-of-an-incident": (
        (
            "--impact",
            "maintenance",
            "--maintenance-start",
            "2026-12-01T02:00:00Z",
            "--maintenance-end",
            "2026-12-01T04:00:00Z",
            "--status",
            "investigating",
        ),
        ("--status investigating", "scheduled"),
    ),
    "template-maintenance-with-incident-impact": (
        (
            "--template",
            "maintenance",
            "--maintenance-start",
            "2026-12-01T02:00:00Z",
            "--maintenance-end",
            "2026-12-01T04:00:00Z",
        ),
        ("--impact major", "--template maintenance"),
    ),
    "template-outage-with-maintenance-impact": (
        ("--template", "outage", "--impact", "maintenance"),
        ("--template outage", "--impact maintenance"),
    ),
    "template-security-with-a-window": (
        (
            "--template",
            "security",
            "--maintenance-start",
            "2026-12-01T02:00:00Z",
            "--maintenance-end",
            "2026-12-01T04:00:00Z",
        ),
        ("--template security", "window"),
    ),
}


@pytest.mark.parametrize(("args", "named"), NEW_REFUSALS.values(), ids=NEW_REFUSALS.keys())
def test_new_refuses_cleanly_and_writes_nothing(
    site: TestSite, args: tuple[str, ...], named: tuple[str, ...]
) -> None:
    before = snapshot(site.root)
    out = refused(site.cli("new", *BASE, *args), *named)
    assert snapshot(site.root) == before
    assert not re.search(r"\.yaml:\d", out)  # the option is named, not a line of a file never written


def test_new_when_incidents_is_a_file(site: TestSite) -> None:
    for path in site.incidents.iterdir():
        path.unlink()
    site.incidents.rmdir()
    site.incidents.write_text("not a directory", encoding="utf-8")
    refused(site.cli("new", *BASE), "incidents", "is not a directory", "incidents_dir")
    assert site.incidents.read_text(encoding="utf-8") == "not a directory"


def test_new_makes_a_missing_incidents_directory(site: TestSite) -> None:
    for path in site.incidents.iterdir():
        path.unlink()
    site.incidents.rmdir()
    ok(site.cli("new", *BASE, "--id", "first"))
    assert [p.name for p in site.incidents.iterdir()] == ["first.yaml"]
    ok(site.cli("validate"))


def test_resolve_refuses_a_message_with_a_control_character(site: TestSite) -> None:
    before = snapshot(site.incidents)
    refused(site.cli("resolve", ID, "--message", "done\x1b[31m"), "--message", "U+001B")
    assert snapshot(site.incidents) == before


def test_new_at_the_name_limit_still_writes_and_builds(site: TestSite) -> None:
    """An id as long as a file name can be (250 + .yaml) is written whole and builds."""
    long_id = "a" * 250
    ok(site.cli("new", *BASE, "--id", long_id))
    assert sorted(p.name for p in site.incidents.iterdir()) == sorted([f"{ID}.yaml", f"{long_id}.yaml"])
    ok(site.cli("validate"))
    assert (site.build() / "incidents" / long_id / "index.html").is_file()


def test_new_file_gets_the_usual_permissions(site: TestSite) -> None:
    """Not mkstemp's 0600: what any file the operator creates gets (the umask's)."""
    umask = os.umask(0o022)
    try:
        ok(site.cli("new", *BASE, "--id", "perm-check"))
    finally:
        os.umask(umask)
    assert (site.incidents / "perm-check.yaml").stat().st_mode & 0o777 == 0o644


# -- races: real processes at once -----------------------------------------------------------------
WORKER = """
import importlib, sys, time
from pathlib import Path
from click.testing import CliRunner
from generator.cli import main
go, config, name, count, slow, *command = sys.argv[1:]
CliRunner().invoke(main, ["validate", "--config-file", config])  # warm: every import done before "go"
module, attr, seconds = slow.split(":")  # widen the race: a step between reading and writing is slower
target = importlib.import_module(module)
original = getattr(target, attr)
def slowly(*args, **kwargs):
    time.sleep(float(seconds))
    return original(*args, **kwargs)
setattr(target, attr, slowly)
Path(go).with_name("ready-" + name).touch()
while not Path(go).exists():
    time.sleep(0.001)
codes = []
for n in range(int(count)):
    argv = [a.replace("{n}", str(n)).replace("{name}", name) for a in command] + ["--config-file", config]
    result = CliRunner().invoke(main, argv, catch_exceptions=False)
    codes.append(result.exit_code)
    sys.stderr.write(result.output)
print(" ".join(map(str, codes)))
"""


def race(
    site: TestSite, tmp_path: Path, workers: int, count: int, slow: str, *command: str
) -> list[list[int]]:
    """Start ``workers`` processes, let them go at once, each running ``command`` ``count`` times.

    ``slow`` (``module:function:seconds``) is a step between reading the incident directory
    and writing the file, made slower so that the runs overlap on any machine.
    """
    script = tmp_path / "worker.py"
    script.write_text(WORKER, encoding="utf-8")
    go = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": str(REPO), "SOURCE_DATE_EPOCH": str(EPOCH)}
    procs = [
        subprocess.Popen(
            [sys.executable, str(script), str(go), str(site.config), f"w{w}", str(count), slow, *command],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(workers)
    ]
    deadline = time.monotonic() + 240
    while len(list(tmp_path.glob("ready-*"))) < workers:  # every process has imported everything
        assert time.monotonic() < deadline and all(p.poll() is None for p in procs), "a worker did not start"
        time.sleep(0.05)
    go.touch()
    codes = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert "Traceback" not in err, err
        codes.append([int(c) for c in out.split()])
    return codes


def test_parallel_updates_on_one_incident_all_land(site: TestSite, tmp_path: Path) -> None:
    codes = race(
        site,
        tmp_path,
        8,
        5,
        "generator.commands.update:append_update:0.05",
        "update",
        ID,
        "--status",
        "identified",
        "--message",
        "{name} update {n}",
    )
    assert codes == [[0] * 5] * 8
    data = yaml.safe_load((site.incidents / f"{ID}.yaml").read_text(encoding="utf-8"))
    messages = [u["message"] for u in data["updates"][1:]]
    assert sorted(messages) == sorted(f"w{w} update {n}" for w in range(8) for n in range(5))
    for w in range(8):  # each worker's own updates in the order it made them
        mine = [m for m in messages if m.startswith(f"w{w} ")]
        assert mine == [f"w{w} update {n}" for n in range(5)]
    assert (site.incidents / f"{ID}.yaml").read_text(encoding="utf-8").startswith("# Kept by hand")
    assert sorted(p.name for p in site.incidents.iterdir()) == [
        f"{ID}.yaml"
    ]  # no lock or temporary file left
    ok(site.cli("validate"))


def test_parallel_new_with_one_id_makes_one_file(site: TestSite, tmp_path: Path) -> None:
    codes = race(
        site,
        tmp_path,
        8,
        1,
        "generator.commands.new:new_file_text:0.5",
        "new",
        "--id",
        "same-id",
        "--title",
        "{name}",
        "--impact",
        "minor",
        "--message",
        "m",
    )
    flat = [c for per in codes for c in per]
    assert sorted(flat) == [0] + [1] * 7
    winner = f"w{flat.index(0)}"
    assert yaml.safe_load((site.incidents / "same-id.yaml").read_text(encoding="utf-8"))["title"] == winner
    assert sorted(p.name for p in site.incidents.iterdir()) == sorted([f"{ID}.yaml", "same-id.yaml"])
    ok(site.cli("validate"))


# -- unexpected errors -----------------------------------------------------------------------------
def _boom(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError("a bug of ours")


@pytest.mark.parametrize(
    ("argv", "env", "traceback"),
    [
        (["validate"], {}, False),
        (["--verbose", "validate"], {}, True),
        (["validate", "--verbose"], {}, True),
        (["validate"], {"STATUSKIT_DEBUG": "1"}, True),
        (["validate"], {"STATUSKIT_DEBUG": "0"}, False),
    ],
    ids=["quiet", "global-verbose", "command-verbose", "debug-env", "debug-env-off"],
)
def test_an_unexpected_error_is_friendly_and_debuggable(
    site: TestSite, monkeypatch: pytest.MonkeyPatch, argv: list[str], env: dict[str, str], traceback: bool
) -> None:
    monkeypatch.setattr("generator.commands.validate.load_model", _boom)
    result = CliRunner().invoke(main, [*argv, "--config-file", str(site.config)], env=env)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), repr(result.exception)
    assert "failed unexpectedly: RuntimeError: a bug of ours" in result.output
    assert "please report this" in result.output
    assert ("Traceback (most recent call last)" in result.output) is traceback
    assert ("--verbose" in result.output) is not traceback  # the hint, when the traceback is hidden
    if traceback:
        assert "_boom" in result.output


@pytest.mark.parametrize("command", ["new", "update", "validate", "init"])
def test_every_command_takes_verbose(command: str) -> None:
    assert "--verbose" in CliRunner().invoke(main, [command, "--help"]).output


# -- init ------------------------------------------------------------------------------------------
def test_init_refuses_a_path_below_a_file(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("x", encoding="utf-8")
    refused(CliRunner().invoke(main, ["init", str(tmp_path / "taken" / "site")]), "is a file")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]


@pytest.mark.parametrize("inside", ["incidents", "site_src/new", "deeper/still"])
def test_init_refuses_a_directory_inside_a_site(tmp_path: Path, inside: str) -> None:
    """`statuskit init incidents` from a site's root would drop a scaffold among its incidents."""
    assert CliRunner().invoke(main, ["init", str(tmp_path / "site")]).exit_code == 0
    before = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    result = CliRunner().invoke(main, ["init", str(tmp_path / "site" / inside)])
    refused(result, "inside the status site", "fix:")
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == before


def test_init_takes_back_what_it_wrote_when_it_cannot_finish(tmp_path: Path) -> None:
    """site_src is a file: init fails part-way and leaves the directory as it found it."""
    root = tmp_path / "site"
    root.mkdir()
    (root / "site_src").write_text("not a directory", encoding="utf-8")
    out = refused(CliRunner().invoke(main, ["init", str(root)]), "nothing was left behind")
    assert "site_src" in out
    assert sorted(p.name for p in root.iterdir()) == ["site_src"]


def test_init_into_a_directory_that_cannot_be_written(tmp_path: Path) -> None:
    refused(CliRunner().invoke(main, ["init", "/proc/statuskit-test-site"]), "/proc/statuskit-test-site")


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["", "--name", "S"], "DIRECTORY"),
        (["x", "--name", " "], "--name"),
        (["x", "--name", "a\x1bb"], "U+001B"),
    ],
    ids=["empty-directory", "blank-name", "name-with-escape"],
)
def test_init_refuses_bad_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], named: str
) -> None:
    monkeypatch.chdir(tmp_path)
    refused(CliRunner().invoke(main, ["init", *args]), named)
    assert list(tmp_path.iterdir()) == []


def test_init_into_an_existing_directory_adds_the_site_and_it_builds(tmp_path: Path) -> None:
    """A fresh clone (README, .git) is a fine place: nothing existing is touched, the site builds."""
    root = tmp_path / "clone"
    (root / ".git").mkdir(parents=True)
    (root / "README.md").write_text("# ours\n", encoding="utf-8")
    ok(CliRunner().invoke(main, ["init", str(root), "--name", "Clone Status"]))
    assert (root / "README.md").read_text(encoding="utf-8") == "# ours\n"
    site = TestSite(root)
    ok(site.cli("validate", epoch=None))
    ok(site.cli("build", "--site-dir", str(tmp_path / "out"), epoch=None))
    assert (tmp_path / "out" / "index.html").is_file()


def test_init_scaffold_is_valid_for_any_plain_name(tmp_path: Path) -> None:
    root = tmp_path / "s"
    ok(CliRunner().invoke(main, ["init", str(root), "--name", 'Acme "Cloud": status & more']))
    ok(TestSite(root).cli("validate", epoch=None))


# -- update through links ------------------------------------------------------------------------
def test_update_through_a_symlink_updates_the_file_it_names(site: TestSite) -> None:
    """incidents/alias.yaml -> real file: replacing the link would split one incident in two."""
    (site.incidents / "alias.yaml").symlink_to(f"{ID}.yaml")
    result = site.cli("update", "alias", "--status", "identified", "--message", "Found it.")
    assert result.exit_code == 0, result.output
    assert (site.incidents / "alias.yaml").is_symlink()
    assert "Found it." in (site.incidents / f"{ID}.yaml").read_text(encoding="utf-8")
    assert site.cli("validate").exit_code == 0


def test_update_of_a_hard_linked_file_is_refused(site: TestSite, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere.yaml"
    os.link(site.incidents / f"{ID}.yaml", other)
    before = other.read_bytes()
    refused(site.cli("update", ID, "--status", "identified", "--message", "x"), "hard links", "fix:")
    assert other.read_bytes() == before == (site.incidents / f"{ID}.yaml").read_bytes()
