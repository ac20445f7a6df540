"""Errors that point the right way (issue 12): each names the real cause and the fix.

YAML's traps in an incident file (a ``#`` that starts a comment, ``: `` inside a value, a value
that starts with a character YAML reserves, a missing ``- ``) are reported once, at the line, with
the quoted line to write instead; ``validate`` and ``build`` agree and ``build`` writes nothing.
The commands name the option that holds a bad value, with a did-you-mean, before anything is
asked or written; a clock-time promise that rolled over to tomorrow says so; ``resolve`` on a
resolved incident says when and by which update; a file in a subfolder of ``incidents/`` is
reported; interactive ``new`` asks for the components.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from conftest import EPOCH, TestSite

from generator.cli import main

HEAD = "title: T\nimpact: minor\nupdates:\n  - at: 2026-11-22T09:20:00Z\n    status: investigating\n"
UPDATE2 = "at: 2026-11-22T09:30:00Z\n{i}status: identified\n{i}message: b\n"


def refused(result: Result, code: int = 1) -> str:
    assert result.exit_code == code, result.output + repr(result.exception)
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result.output


def snapshot(directory: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()
    }


# -- YAML traps in incident files -------------------------------------------------------------------
# (file text, "line:col", what the problem says, what its fix says)
TRAPS = {
    "hash-starts-a-comment": (
        HEAD + "    message: #1 priority\n",
        "6:5",
        "'#' on as a comment",
        'message: "#1 priority"',
    ),
    "hash-cuts-the-text": (
        HEAD + "    message: Fix #1 is out\n",
        "6:5",
        "stops before '#1 is out'",
        'message: "Fix #1 is out"',
    ),
    "hash-in-title": (
        "title: #1 outage\n" + HEAD.split("\n", 1)[1] + "    message: m\n",
        "1:1",
        "'title' is empty",
        'title: "#1 outage"',
    ),
    "colon-in-value": (
        HEAD + "    message: Cause: a failed disk\n",
        "6:19",
        "': ' inside an unquoted value",
        'message: "Cause: a failed disk"',
    ),
    "at-sign": (
        HEAD + "    message: @team we are on it\n",
        "6:14",
        "'@' cannot start",
        'message: "@team we are on it"',
    ),
    "backtick": (HEAD + "    message: `code` broke\n", "6:14", "'`' cannot start", 'message: "`code` broke"'),
    "percent": (HEAD + "    message: %99 ok\n", "6:14", "'%' cannot start", 'message: "%99 ok"'),
    "asterisk-alias": (HEAD + "    message: *bold* news\n", "6:14", "YAML alias", 'message: "*bold* news"'),
    "ampersand-anchor": (
        HEAD + "    message: &amp news\n",
        "6:14",
        "is an anchor, not text",
        'message: "&amp news"',
    ),
    "exclamation-tag": (
        HEAD + "    message: !important news\n",
        "6:14",
        "is a tag, not text",
        'message: "!important news"',
    ),
    "bracket-list": (
        HEAD + "    message: [URGENT] outage\n",
        "6:14",
        "is a YAML list",
        'message: "[URGENT] outage"',
    ),
    "brace-mapping": (
        "title: {name} is down\n" + HEAD.split("\n", 1)[1] + "    message: m\n",
        "1:8",
        "is a YAML mapping",
        'title: "{name} is down"',
    ),
    "text-after-closing-quote": (
        HEAD + '    message: "Quoted" is down\n',
        "6:14",
        "after its closing quote",
        'message: "\\"Quoted\\" is down"',
    ),
    "greater-than-quote": (
        HEAD + "    message: > quoted reply\n",
        "6:14",
        "folded block",
        'message: "> quoted reply"',
    ),
    "dash-list-item": (
        "title: - outage\n" + HEAD.split("\n", 1)[1] + "    message: m\n",
        "1:8",
        "starts a list item",
        'title: "- outage"',
    ),
    "missing-dash-same-indent": (
        HEAD + "    message: a\n    " + UPDATE2.format(i="    "),
        "7:5",
        "a second update starts here without '- '",
        "write '- ' before 'at:'",
    ),
    "missing-dash-dash-indent": (
        HEAD + "    message: a\n  " + UPDATE2.format(i="  "),
        "7:3",
        "does not start with '- '",
        "start a new item with '- '",
    ),
    "update-at-top-level": (
        HEAD + "    message: a\n" + UPDATE2.format(i=""),
        "7:1",
        "'at:', 'status:', 'message:' belong to an update",
        "indent them under updates:",
    ),
    "missing-dash-faq": (
        HEAD + "    message: a\nfaq:\n  - q: a?\n    a: b\n    q: c?\n    a: d\n",
        "10:5",
        "a second faq entry starts here",
        "write '- ' before 'q:'",
    ),
}


@pytest.mark.parametrize("command", ["validate", "build"])
@pytest.mark.parametrize("name", list(TRAPS))
def test_yaml_trap_is_one_error_with_the_cause_and_the_quoted_line(
    make_site: Callable[..., TestSite], name: str, command: str
) -> None:
    text, where, what, fix = TRAPS[name]
    site = make_site({"x.yaml": text})
    out = refused(site.cli(command))
    lines = out.splitlines()
    assert lines[0].startswith(f"incidents/x.yaml:{where}: "), out
    assert what in lines[0], out
    assert lines[1].startswith("    fix: ") and fix in lines[1], out
    assert lines[2] == "1 error in 1 file", out  # one error, not one per duplicate key
    assert not (site.root / "site").exists()


def test_the_quoted_line_of_the_fix_is_valid_and_keeps_the_text(make_site: Callable[..., TestSite]) -> None:
    for name in (
        "hash-starts-a-comment",
        "hash-cuts-the-text",
        "colon-in-value",
        "at-sign",
        "asterisk-alias",
        "text-after-closing-quote",
        "bracket-list",
    ):
        text, _, _, fix = TRAPS[name]
        site = make_site({"x.yaml": text})
        written = fix.split("double quotes: ", 1)[1] if "double quotes: " in fix else fix
        key = written.split(":", 1)[0]
        broken = next(line for line in text.splitlines() if line.strip().startswith(f"{key}:"))
        repaired = text.replace(broken, broken[: len(broken) - len(broken.lstrip())] + written)
        site.write("x.yaml", repaired)
        assert site.cli("validate").exit_code == 0, (name, site.cli("validate").output)
        expected = broken.split(":", 1)[1].strip()
        assert yaml.safe_load(repaired)["updates" if key == "message" else key] is not None
        if key == "message":
            assert yaml.safe_load(repaired)["updates"][0]["message"] == expected, name


def test_a_comment_written_as_one_after_text_stays_a_comment(make_site: Callable[..., TestSite]) -> None:
    site = make_site({"x.yaml": HEAD + "    message: Looking into it  # the first update\n"})
    assert site.cli("validate").exit_code == 0


def test_values_that_may_be_collections_keep_the_parsers_words(make_site: Callable[..., TestSite]) -> None:
    text = (
        "title: T\nimpact: minor\ncomponents: {api: major_outage\n"
        + HEAD.split("\n", 2)[2]
        + "    message: m\n"
    )
    out = refused(make_site({"x.yaml": text}).cli("validate"))
    assert "is a YAML mapping" not in out and "YAML syntax error" in out


# -- the commands ------------------------------------------------------------------------------------
def new(site: TestSite, *args: str, **kw: object) -> Result:
    return CliRunner().invoke(
        main, ["new", *args, "--config-file", str(site.config)], env={"SOURCE_DATE_EPOCH": str(EPOCH)}, **kw
    )


BASE = ("--title", "Mail down", "--impact", "major", "--message", "We are looking.")
NEW_REFUSALS = {
    "component-typo": (("--component", "emial"), 1, ["--component emial:", "did you mean 'email'?"]),
    "component-status-typo": (
        ("--component", "email=majr_outage"),
        1,
        ["--component email=majr_outage", "did you mean 'major_outage'?"],
    ),
    "status-typo": (
        ("--status", "investigatin"),
        1,
        ["--status investigatin:", "did you mean 'investigating'?"],
    ),
    "status-of-the-other-kind": (("--status", "scheduled"), 1, ["--status scheduled:", "investigating"]),
    "title-too-long": (
        ("--title", "a " * 150),
        1,
        ["--title: the title is 299 characters", "nothing was written"],
    ),
}


@pytest.mark.parametrize("name", list(NEW_REFUSALS))
def test_new_names_the_option_and_writes_nothing(make_site: Callable[..., TestSite], name: str) -> None:
    extra, code, needles = NEW_REFUSALS[name]
    site = make_site()
    args = list(BASE)
    for flag, value in zip(extra[::2], extra[1::2], strict=True):
        if flag in args:
            args[args.index(flag) + 1] = value
        else:
            args += [flag, value]
    out = refused(new(site, *args), code)
    for needle in needles:
        assert needle in out, out
    assert not re.search(r"incidents/[^\s:]+\.yaml", out), f"points at a file that was never written:\n{out}"
    assert snapshot(site.incidents) == {}


def test_new_impact_typo_is_a_usage_error_with_did_you_mean(make_site: Callable[..., TestSite]) -> None:
    site = make_site()
    out = refused(new(site, "--title", "T", "--impact", "majr", "--message", "m"), 2)
    assert "--impact" in out and "did you mean 'major'?" in out
    assert snapshot(site.incidents) == {}


def test_new_checks_given_options_before_asking(
    make_site: Callable[..., TestSite], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("generator.commands.new.interactive", lambda: True)
    site = make_site()
    result = new(site, "--status", "investigatin", input="A title\nmajor\n\nmessage\n")
    out = refused(result)
    assert "Title" not in out, "asked for a title before refusing --status"
    assert "did you mean 'investigating'?" in out


def test_new_on_a_terminal_asks_for_components(
    make_site: Callable[..., TestSite], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("generator.commands.new.interactive", lambda: True)
    site = make_site()
    result = new(site, "--title", "Mail down", "--impact", "major", input="emial\n1, email\nWe look.\n")
    assert result.exit_code == 0, result.output
    assert "1. api" in result.output and "4. email" in result.output  # the configured ones, numbered
    assert "did you mean 'email'?" in result.output  # a typo is refused and asked again
    data = yaml.safe_load((site.incidents / "2026-11-23-mail-down.yaml").read_text(encoding="utf-8"))
    assert data["components"] == ["api", "email"]
    assert site.cli("validate").exit_code == 0


def test_new_on_a_terminal_takes_no_components(
    make_site: Callable[..., TestSite], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("generator.commands.new.interactive", lambda: True)
    site = make_site()
    result = new(site, "--title", "Mail down", "--impact", "major", input="\nWe look.\n")
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((site.incidents / "2026-11-23-mail-down.yaml").read_text(encoding="utf-8"))
    assert "components" not in data


@pytest.mark.parametrize(("clock", "tomorrow"), [("08:00", True), ("23:30", False)])
def test_a_clock_time_that_passed_today_says_tomorrow(
    make_site: Callable[..., TestSite], clock: str, tomorrow: bool
) -> None:
    site = make_site()  # now: 2026-11-23 12:00 UTC
    result = new(site, *BASE, "--next-update", clock)
    assert result.exit_code == 0, result.output
    said = f"{clock} has passed today" in result.output and f"promising tomorrow, 2026-11-24 {clock} UTC" in (
        result.output
    )
    assert said is tomorrow, result.output
    data = yaml.safe_load(next(site.incidents.iterdir()).read_text(encoding="utf-8"))
    assert str(data["updates"][0]["next_update"]).startswith("2026-11-24" if tomorrow else "2026-11-23")


def test_update_says_so_too(make_site: Callable[..., TestSite]) -> None:
    site = make_site({"x.yaml": HEAD + "    message: m\n"})
    result = site.cli("update", "x", "--status", "identified", "--message", "m2", "--next-update", "9:15")
    assert result.exit_code == 0, result.output
    assert "9:15 has passed today" in result.output and "2026-11-24 09:15 UTC" in result.output


@pytest.mark.parametrize(
    "second", [("resolve", "x"), ("update", "x", "--status", "identified", "--message", "m")]
)
def test_a_resolved_incident_is_already_resolved(
    make_site: Callable[..., TestSite], second: tuple[str, ...]
) -> None:
    site = make_site({"x.yaml": HEAD + "    message: m\n"})
    assert site.cli("resolve", "x").exit_code == 0
    before = snapshot(site.incidents)
    out = refused(site.cli(*second))
    assert "this incident is already resolved" in out
    assert "'resolved' update of 2026-11-23 12:00 UTC (line 7)" in out
    assert "move the" not in out
    assert snapshot(site.incidents) == before


def test_update_status_typo_has_did_you_mean(make_site: Callable[..., TestSite]) -> None:
    site = make_site({"x.yaml": HEAD + "    message: m\n"})
    before = snapshot(site.incidents)
    out = refused(site.cli("update", "x", "--status", "identifed", "--message", "m"))
    assert "--status identifed:" in out and "did you mean 'identified'?" in out
    assert snapshot(site.incidents) == before


def test_update_problem_of_the_new_update_names_the_option(make_site: Callable[..., TestSite]) -> None:
    site = make_site({"x.yaml": HEAD + "    message: m\n"})
    before = snapshot(site.incidents)
    out = refused(
        site.cli(
            "update", "x", "--status", "identified", "--message", "m", "--component", "emial=major_outage"
        )
    )
    assert "did you mean 'email'?" in out
    assert snapshot(site.incidents) == before


# -- the incidents directory ------------------------------------------------------------------------
@pytest.mark.parametrize("command", ["validate", "build"])
def test_a_file_in_a_subfolder_is_reported(make_site: Callable[..., TestSite], command: str) -> None:
    site = make_site({"x.yaml": HEAD + "    message: m\n"})
    (site.incidents / "2026").mkdir()
    (site.incidents / "2026" / "old.yaml").write_text(HEAD + "    message: m\n", encoding="utf-8")
    (site.incidents / ".drafts").mkdir()  # a hidden folder (an editor's, a tool's) is left alone
    (site.incidents / ".drafts" / "draft.yaml").write_text("title: [\n", encoding="utf-8")
    out = refused(site.cli(command))
    assert out.startswith("incidents/2026/old.yaml: files in subfolders of incidents/ are not read"), out
    assert "fix: move it to incidents/old.yaml" in out
    assert "draft" not in out
    assert "1 error in 1 file" in out


# -- mkdocs.yml: a misspelt option of our block -------------------------------------------------------
def test_misspelt_plugin_option_is_one_error_in_validate_build_and_plain_mkdocs(
    make_site: Callable[..., TestSite],
) -> None:
    import os
    import subprocess
    import sys

    site = make_site({"x.yaml": HEAD + "    message: m\n"})
    site.config.write_text(
        site.config.read_text(encoding="utf-8").replace("contact: mailto", "contatc: mailto"),
        encoding="utf-8",
    )
    line = next(i for i, text in enumerate(site.config.read_text().splitlines(), 1) if "contatc" in text)
    for command in ("validate", "build"):
        out = refused(site.cli(command))
        assert out.startswith(f"mkdocs.yml:{line}:7: unknown option 'contatc' of the statuskit plugin"), out
        assert "did you mean 'contact'?" in out
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(EPOCH), NO_MKDOCS_2_WARNING="1")
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(site.config), "-d", str(site.root / "out")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert run.returncode == 1, run.stderr
    assert (
        f"mkdocs.yml:{line}:7: unknown option 'contatc'" in run.stderr
        and "did you mean 'contact'?" in run.stderr
    )
    assert "Unrecognised configuration name" not in run.stderr, "the same problem reported twice"
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize(
    ("old", "new", "what", "fix"),
    [
        ("name: Email", "name: @mail", "'@' cannot start", 'name: "@mail"'),
        ("name: Email", "name: Email: all", "': ' inside an unquoted value", 'name: "Email: all"'),
        ("site_name: Test Status", "site_name: `Test`", "'`' cannot start", 'site_name: "`Test`"'),
    ],
    ids=["at-sign", "colon", "backtick"],
)
def test_yaml_traps_in_mkdocs_yml(
    make_site: Callable[..., TestSite], old: str, new: str, what: str, fix: str
) -> None:
    site = make_site({"x.yaml": HEAD + "    message: m\n"})
    site.config.write_text(site.config.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    line = next(i for i, text in enumerate(site.config.read_text().splitlines(), 1) if new in text)
    for command in ("validate", "build"):
        out = refused(site.cli(command))
        assert out.startswith(f"mkdocs.yml:{line}:"), out
        assert what in out.splitlines()[0] and fix in out.splitlines()[1], out


def test_a_hand_written_home_does_not_leak_into_the_next_build(
    make_site: Callable[..., TestSite], tmp_path: Path
) -> None:
    """mkdocs keeps one plugin object per process for every config: no state may outlive a build."""
    from bs4 import BeautifulSoup

    site = make_site({"x.yaml": HEAD + "    message: m\n"})
    (site.root / "site_src" / "index.md").write_text("Hand-written words.\n", encoding="utf-8")
    site.build(tmp_path / "first")
    (site.root / "site_src" / "index.md").unlink()
    out = site.build(tmp_path / "second")
    soup = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "lxml")
    assert "Home" not in [a.get_text(strip=True) for a in soup.select("nav a")]


def test_statuskit_build_shows_no_theme_banner(make_site):
    """mkdocs-material prints its end-of-life notice when the running program is ``mkdocs``; run as
    ``statuskit`` (the README's way) the output is statuskit's own, without material's switch set."""
    import os
    import shutil
    import subprocess

    site = make_site({"x.yaml": HEAD + "    message: m\n"})
    env = {k: v for k, v in os.environ.items() if "MKDOCS_2_WARNING" not in k}
    env["SOURCE_DATE_EPOCH"] = str(EPOCH)
    program = shutil.which("statuskit")
    assert program is not None, "the package's console script is installed"
    run = subprocess.run([program, "build"], cwd=site.root, capture_output=True, text=True, env=env,
                         timeout=180, check=False)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "end of life" not in run.stdout + run.stderr
    assert (site.root / "site/index.html").is_file()
