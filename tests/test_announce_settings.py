"""The ``announce:`` block: ``validate`` refuses what ``announce`` could not run, at its mkdocs.yml
line, with a fix, and never repeats a secret written into the file."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from conftest import TestSite

VALID = """announce:
  ledger_branch: status-announce
  max_age: 12h
  channels:
    - {id: ops, type: webhook, url_env: STATUS_WEBHOOK_URL, secret_env: STATUS_WEBHOOK_SECRET}
    - id: social
      type: mastodon
      server: https://mastodon.example
      token_env: MASTODON_TOKEN
      language: de
      components: [api, database]
      impacts: [major, critical]
"""

CASES = [
    (
        "    - {id: ops, type: webhook, url: https://hooks.example.com/T0/B0/SECRETPART}\n",
        "url: https://hooks",
        "announce channel 'ops': 'url' would put a secret in mkdocs.yml (the value is not shown here)",
        "url_env: OPS_URL",
    ),
    (
        "    - {id: social, type: mastodon, server: https://m.example, token: SECRETPART}\n",
        "token: SECRETPART",
        "'token' would put a secret in mkdocs.yml",
        "token_env: SOCIAL_TOKEN",
    ),
    (
        "    - {id: ops, type: webhook, url_env: https://hooks.example.com/SECRETPART}\n",
        "url_env:",
        "url_env must be the name of an environment variable (letters, digits, _); the value is not shown",
        "url_env: OPS_URL",
    ),
    (
        "    - {id: ops, type: fax, url_env: X}\n",
        "type: fax",
        "unknown type the text 'fax'",
        "the types are: webhook",
    ),
    (
        "    - {id: ops, type: webhok, url_env: X}\n",
        "type: webhok",
        "unknown type",
        "did you mean 'webhook'?",
    ),
    ("    - {id: ops, type: mastodon, token_env: X}\n", "- {id: ops", "'server' is missing", "add server:"),
    (
        "    - {id: ops, type: webhook, url_env: A}\n    - {id: ops, type: slack, url_env: B}\n",
        "type: slack",
        "announce channel id 'ops' is used twice",
        "rename one",
    ),
    ("    - {id: Ops!, type: webhook, url_env: A}\n", "Ops!", "id must be lowercase letters", "id: ops"),
    (
        "    - {id: ops, type: webhook, url_env: A, colour: red}\n",
        "colour",
        "unknown key 'colour'",
        "takes: url_env",
    ),
    (
        "    - {id: ops, type: webhook, url_env: A, components: [apx]}\n",
        "components",
        "'apx' in components",
        "'api'",
    ),
    (
        "    - {id: ops, type: webhook, url_env: A, impacts: [huge]}\n",
        "impacts",
        "'huge' in impacts",
        "critical",
    ),
    (
        "    - {id: ops, type: webhook, url_env: A, language: xx}\n",
        "language: xx",
        "has no catalogue",
        "use one of",
    ),
    (
        "    - {id: ops, type: webhook, url_env: A, timeout: 0}\n",
        "timeout: 0",
        "timeout must be",
        "timeout: 5",
    ),
    (
        "    - {id: social, type: mastodon, server: mastodon.example, token_env: T}\n",
        "- {id: social",
        "announce channel 'social': option 'server' is not an http(s) URL",
        "correct the value",
    ),
    (
        "    - {id: social, type: mastodon, server: https://m.example, token_env: T, visibility: secret}\n",
        "- {id: social",
        "'visibility' must be one of public, unlisted, private, direct",
        "correct the value",
    ),
    (
        "    - id: list\n      type: email\n      host: smtp.example.com\n      from: a@example.com\n"
        "      to: b@example.com\n      security: tls\n",
        "security: tls",
        "'security' must be one of starttls, ssl, none",
        "correct the value",
    ),
]


def announce_block(channels: str, head: str = "") -> str:
    return "announce:\n" + head + "  channels:\n" + channels


def report_for(make_site: Callable[..., TestSite], block: str) -> tuple[TestSite, str, int]:
    site = make_site(extra=block)
    result = site.cli("validate")
    return site, result.output, result.exit_code


def line_of(site: TestSite, needle: str) -> int:
    lines = site.config.read_text(encoding="utf-8").splitlines()
    return max(n for n, line in enumerate(lines, 1) if needle in line)


def test_a_valid_block_validates(make_site: Callable[..., TestSite]) -> None:
    _, output, code = report_for(make_site, VALID)
    assert code == 0, output


@pytest.mark.parametrize(("channels", "needle", "message", "fix"), CASES)
def test_refused_at_its_line_with_a_fix(
    make_site: Callable[..., TestSite], channels: str, needle: str, message: str, fix: str
) -> None:
    site, output, code = report_for(make_site, announce_block(channels))
    assert code == 1, output
    assert "Traceback" not in output and "SECRETPART" not in output
    found = re.search(rf"^mkdocs\.yml:(\d+):\d+: (.*{re.escape(message)}.*)$", output, re.M)
    assert found, output
    assert int(found.group(1)) == line_of(site, needle), output
    assert fix in output.split(found.group(0))[1].splitlines()[1], output


@pytest.mark.parametrize(
    ("head", "needle", "message"),
    [
        ("  max_age: soon\n", "max_age", "max_age must be a duration such as 90m, 24h or 3d"),
        ("  ledger_branch: 'a..b'\n", "ledger_branch", "ledger_branch must be a git branch name"),
        ("  chanels: []\n", "chanels", "unknown key 'chanels' in announce"),
    ],
)
def test_block_keys(make_site: Callable[..., TestSite], head: str, needle: str, message: str) -> None:
    site, output, code = report_for(
        make_site, announce_block("    - {id: ops, type: webhook, url_env: A}\n", head)
    )
    assert code == 1, output
    assert f"mkdocs.yml:{line_of(site, needle)}:" in output and message in output, output


def test_not_a_mapping(make_site: Callable[..., TestSite]) -> None:
    site, output, code = report_for(make_site, "announce: [ops]\n")
    assert code == 1 and f"mkdocs.yml:{line_of(site, 'announce:')}:" in output
    assert "announce must be a mapping with channels:" in output


def test_build_refuses_it_too(
    make_site: Callable[..., TestSite], tmp_path_factory: pytest.TempPathFactory
) -> None:
    site = make_site(extra=announce_block("    - {id: ops, type: fax}\n"))
    result = site.cli("build", "--site-dir", str(tmp_path_factory.mktemp("out") / "site"))
    assert result.exit_code == 1 and "unknown type the text 'fax'" in result.output
