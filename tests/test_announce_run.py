"""``statuskit announce`` end to end: a site in git, its ledger on a local bare remote, the
channels' local API servers; exact requests, faults, baselines, expiry, dry runs, secrets."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from standardwebhooks import Webhook

from generator.announce.channels._common import digest
from generator.commands import announce as command
from generator.commands.common import BadInput
from tests.announce_servers.http_api import Fault, MastodonApi, SlackWebhook, WebhookReceiver
from tests.announce_servers.site import GitSite, git, incident, make_git_site

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
TOKEN = "tok-SECRET-mastodon"
WEBHOOK = """
announce:
  channels:
    - {id: ops, type: webhook, url_env: HOOK_URL, secret_env: HOOK_SECRET, timeout: 1}
"""
API = "2026-12-04-api.yaml"


def first(site: GitSite, env: dict[str, str]) -> None:
    """The first run: an incident already on the site becomes the baseline."""
    site.write(API, incident("API errors", [(30, "investigating", "We are looking.")]))
    result = site.announce(env=env)
    assert result.exit_code == 0, result.output
    assert "baseline: 1 earlier update(s) recorded, not sent" in result.output


def hook_env(server: WebhookReceiver) -> dict[str, str]:
    return {"HOOK_URL": server.url + "/hook/SECRETPATH", "HOOK_SECRET": SECRET}


def two_updates(site: GitSite) -> None:
    site.write(
        API,
        incident(
            "API errors",
            [(30, "investigating", "We are looking."), (10, "identified", "A bad **deploy**.")],
        ),
    )


@pytest.fixture
def site(tmp_path: Path) -> GitSite:
    return make_git_site(tmp_path, WEBHOOK)


def test_baseline_then_each_update_once_with_statuspage_payload_signed(site: GitSite) -> None:
    with WebhookReceiver() as server:
        env = hook_env(server)
        first(site, env)
        assert server.requests == []
        two_updates(site)
        site.write(
            "2026-12-04-db.yaml", incident("DB slow", [(5, "investigating", "Slow.")], "minor", "[dashboard]")
        )
        result = site.announce(env=env)
        assert result.exit_code == 0, result.output
        again = site.announce(env=env)
    assert again.exit_code == 0 and "sent 0" in again.output
    assert "ops (webhook): sent 2, retried 0, failed 0, unknown 0" in result.output
    api, db = server.requests
    assert api.headers["webhook-id"] == "msg_" + digest("2026-12-04-api/1/ops")
    Webhook(SECRET).verify(api.body, api.headers)  # the spec's own verifier
    body = api.json()
    assert set(body) == {"meta", "page", "incident"}
    assert body["page"]["id"] == "status-example-com" and body["page"]["status_indicator"] == "major"
    inc = body["incident"]
    assert inc["id"] == "2026-12-04-api" and inc["status"] == "identified"
    assert [u["id"] for u in inc["incident_updates"]] == ["2026-12-04-api-2", "2026-12-04-api-1"]
    assert inc["incident_updates"][0]["body"] == "A bad **deploy**."
    assert inc["shortlink"] == "https://status.example.com/incidents/2026-12-04-api/"
    assert [u["id"] for u in db.json()["incident"]["incident_updates"]] == ["2026-12-04-db-1"]
    records = site.ledger()["ops"]
    kinds = [(r["k"], r.get("key")) for r in records]
    assert kinds == [
        ("baseline", None),
        ("intent", "2026-12-04-api/1"),
        ("intent", "2026-12-04-db/0"),
        ("sent", "2026-12-04-api/1"),
        ("sent", "2026-12-04-db/0"),
    ]
    assert records[0]["updates"] == {"2026-12-04-api": 1}


def test_dry_run_prints_the_plan_and_changes_nothing(site: GitSite) -> None:
    with WebhookReceiver() as server:
        env = hook_env(server)
        first(site, env)
        two_updates(site)
        tip = site.ledger_tip()
        refs = git(site.root, "for-each-ref")
        result = site.announce("--dry-run", env=env)
        assert server.requests == []
    assert result.exit_code == 0, result.output
    assert "would send 1" in result.output and "send     2026-12-04-api/1" in result.output
    assert site.ledger_tip() == tip
    assert git(site.root, "for-each-ref") == refs  # not even a leftover fetch ref


def test_dry_run_before_the_first_run_shows_the_baseline_and_records_nothing(site: GitSite) -> None:
    site.write(API, incident("API errors", [(30, "investigating", "We are looking.")]))
    result = site.announce("--dry-run", env={"HOOK_URL": "http://127.0.0.1:9/x", "HOOK_SECRET": SECRET})
    assert result.exit_code == 0, result.output
    assert "baseline: 1 earlier update(s)" in result.output
    assert site.ledger_tip() == ""


def test_a_500_is_retried_next_run_and_never_blocks_another_channel(tmp_path: Path) -> None:
    site = make_git_site(
        tmp_path,
        """
        announce:
          channels:
            - {id: ops, type: webhook, url_env: HOOK_URL, timeout: 1}
            - {id: chat, type: slack, url_env: SLACK_URL, timeout: 1}
        """,
    )
    with WebhookReceiver() as hook, SlackWebhook() as slack:
        env = {"HOOK_URL": hook.url + "/h", "SLACK_URL": slack.url + slack.path}
        first(site, env)
        two_updates(site)
        hook.faults.append(Fault(500, body=b"down for maintenance"))
        broken = site.announce(env=env)
        fixed = site.announce(env=env)
    assert broken.exit_code == 1, broken.output
    assert "ops (webhook): sent 0, retried 0, failed 1" in broken.output
    assert "failed   2026-12-04-api/1 HTTP 500: down for maintenance (retried next run)" in broken.output
    assert "chat (slack): sent 1" in broken.output
    assert fixed.exit_code == 0, fixed.output
    assert "ops (webhook): sent 1, retried 1" in fixed.output and "chat (slack): sent 0" in fixed.output
    assert len(slack.requests) == 1
    a, b = hook.requests
    assert a.headers["webhook-id"] == b.headers["webhook-id"]  # the same delivery, the same id


def test_a_failure_stops_the_channel_for_this_run_and_keeps_the_order(site: GitSite) -> None:
    with WebhookReceiver() as server:
        env = hook_env(server)
        first(site, env)
        site.write(
            API,
            incident(
                "API errors",
                [
                    (30, "investigating", "We are looking."),
                    (10, "identified", "Found."),
                    (5, "monitoring", "Fix."),
                ],
            ),
        )
        server.faults.append(Fault(503))
        broken = site.announce(env=env)
        assert len(server.requests) == 1
        assert "1 left for the next run" in broken.output
        fixed = site.announce(env=env)
    ids = [r.json()["incident"]["incident_updates"][0]["id"] for r in server.requests]
    assert ids == ["2026-12-04-api-2", "2026-12-04-api-2", "2026-12-04-api-3"]
    assert fixed.exit_code == 0 and "sent 2" in fixed.output


def test_429_with_retry_after_is_waited_out_within_the_run(site: GitSite) -> None:
    with WebhookReceiver() as server:
        env = hook_env(server)
        first(site, env)
        two_updates(site)
        server.faults.append(Fault(429, headers={"Retry-After": "1"}, body=b"slow down"))
        start = time.monotonic()
        result = site.announce(env=env)
        took = time.monotonic() - start
    assert result.exit_code == 0, result.output
    assert "sent 1, retried 1, failed 0" in result.output
    assert "retried  2026-12-04-api/1: waited 1s (HTTP 429: slow down)" in result.output
    assert took >= 1.0
    assert len(server.requests) == 2


def test_a_long_retry_after_leaves_it_for_the_next_run(site: GitSite) -> None:
    with WebhookReceiver() as server:
        env = hook_env(server)
        first(site, env)
        two_updates(site)
        server.faults.append(Fault(429, headers={"Retry-After": "3600"}))
        result = site.announce(env=env)
    assert result.exit_code == 1 and "failed 1" in result.output
    assert len(server.requests) == 1


def test_timeout_on_a_webhook_is_unknown_then_resent_with_the_same_webhook_id(site: GitSite) -> None:
    with WebhookReceiver() as server:
        env = hook_env(server)
        first(site, env)
        two_updates(site)
        server.faults.append(Fault(sleep=2.5))  # handled, answered after the client gave up
        lost = site.announce(env=env)
        resent = site.announce(env=env)
        done = site.announce(env=env)
    assert lost.exit_code == 1 and "unknown 1" in lost.output
    assert resent.exit_code == 0 and "sent 1, retried 1" in resent.output
    assert "(resent, same key)" in resent.output
    assert done.exit_code == 0 and "sent 0" in done.output
    a, b = server.requests
    assert a.headers["webhook-id"] == b.headers["webhook-id"]


def test_timeout_on_slack_is_unknown_and_never_sent_blind(tmp_path: Path) -> None:
    site = make_git_site(
        tmp_path, "announce:\n  channels:\n    - {id: chat, type: slack, url_env: SLACK_URL, timeout: 1}\n"
    )
    with SlackWebhook() as slack:
        env = {"SLACK_URL": slack.url + slack.path}
        first(site, env)
        two_updates(site)
        slack.faults.append(Fault(sleep=2.5))
        lost = site.announce(env=env)
        later = site.announce(env=env)
    assert lost.exit_code == 1 and "unknown 1" in lost.output
    assert later.exit_code == 0, later.output
    assert "unknown  2026-12-04-api/1 (earlier run: maybe sent; not sent again)" in later.output
    assert len(slack.requests) == 1


def test_mastodon_thread_replies_to_the_first_post(tmp_path: Path) -> None:
    site = make_git_site(
        tmp_path,
        """
        announce:
          channels:
            - {id: social, type: mastodon, server: SERVER, token_env: MASTODON_TOKEN}
        """,
    )
    with MastodonApi(TOKEN) as api:
        site.config.write_text(site.config.read_text().replace("SERVER", api.url))
        env = {"MASTODON_TOKEN": TOKEN}
        site.write("2026-12-04-old.yaml", incident("Old", [(300, "investigating", "Old news.")]))
        assert site.announce(env=env).exit_code == 0  # baseline: the old incident
        site.write(API, incident("API errors", [(20, "investigating", "Looking.")]))
        one = site.announce(env=env)
        two_updates_three = [
            (20, "investigating", "Looking."),
            (10, "identified", "Found."),
            (5, "monitoring", "Fixed."),
        ]
        site.write(API, incident("API errors", two_updates_three))
        two = site.announce(env=env)
    assert one.exit_code == 0 and two.exit_code == 0, one.output + two.output
    first_post, second, third = (r.json() for r in api.requests)
    assert "in_reply_to_id" not in first_post
    root = next(iter(api.statuses))
    assert second["in_reply_to_id"] == root
    assert third["in_reply_to_id"] == list(api.statuses)[1]  # the latest post of the thread
    assert first_post["status"].endswith("https://status.example.com/incidents/2026-12-04-api/#update-1")
    assert third["status"].endswith("#update-3")
    keys = [r.headers["idempotency-key"] for r in api.requests]
    assert keys == [f"2026-12-04-api/{i}/social" for i in range(3)]
    sent = [r for r in site.ledger()["social"] if r["k"] == "sent"]
    assert [r["ref"] for r in sent] == list(api.statuses)


def test_updates_older_than_max_age_are_recorded_expired_not_sent(tmp_path: Path) -> None:
    site = make_git_site(
        tmp_path,
        "announce:\n  max_age: 1h\n  channels:\n    - {id: ops, type: webhook, url_env: HOOK_URL}\n",
    )
    with WebhookReceiver() as server:
        env = {"HOOK_URL": server.url + "/h"}
        assert site.announce(env=env).exit_code == 0  # baseline of an empty site
        site.write(API, incident("API errors", [(120, "investigating", "Old."), (10, "identified", "New.")]))
        result = site.announce(env=env)
        again = site.announce(env=env)
    assert result.exit_code == 0, result.output
    assert "expired  2026-12-04-api/0 (older than max_age)" in result.output
    assert len(server.requests) == 1 and server.requests[0].json()["incident"]["status"] == "identified"
    assert "expired" not in again.output
    assert [r["k"] for r in site.ledger()["ops"]].count("expired") == 1


def test_filters_by_component_and_impact_and_a_new_channel_gets_a_baseline(tmp_path: Path) -> None:
    site = make_git_site(
        tmp_path,
        """
        announce:
          channels:
            - {id: api-only, type: webhook, url_env: HOOK_URL, components: [api]}
            - {id: big, type: webhook, url_env: HOOK_URL, impacts: [major, critical]}
        """,
    )
    with WebhookReceiver() as server:
        env = {"HOOK_URL": server.url + "/h"}
        assert site.announce(env=env).exit_code == 0
        site.write(API, incident("API errors", [(10, "investigating", "x")], "minor", "[api]"))
        site.write(
            "2026-12-04-dash.yaml", incident("Dash down", [(9, "investigating", "y")], "major", "[dashboard]")
        )
        result = site.announce(env=env)
        yml = site.config.read_text().replace(
            "impacts: [major, critical]}",
            "impacts: [major, critical]}\n          - {id: late, type: webhook, url_env: HOOK_URL}",
        )
        site.config.write_text(yml)
        late = site.announce(env=env)
    assert result.exit_code == 0, result.output
    assert "api-only (webhook): sent 1" in result.output and "big (webhook): sent 1" in result.output
    ids = sorted(r.json()["incident"]["id"] for r in server.requests)
    assert ids == ["2026-12-04-api", "2026-12-04-dash"]
    assert late.exit_code == 0 and "baseline: 2 earlier update(s)" in late.output, late.output
    assert len(server.requests) == 2


def test_secrets_never_in_output_or_ledger(tmp_path: Path) -> None:
    site = make_git_site(
        tmp_path,
        """
        announce:
          channels:
            - {id: ops, type: webhook, url_env: HOOK_URL, secret_env: HOOK_SECRET, timeout: 1}
            - {id: chat, type: slack, url_env: SLACK_URL, timeout: 1}
            - {id: social, type: mastodon, server: "http://127.0.0.1:9", token_env: MASTODON_TOKEN}
        """,
    )
    with WebhookReceiver() as hook, SlackWebhook() as slack:
        env = {"HOOK_URL": hook.url + "/hook/SECRETPATH", "HOOK_SECRET": SECRET,
               "SLACK_URL": slack.url + slack.path, "MASTODON_TOKEN": TOKEN}  # fmt: skip
        first(site, env)
        two_updates(site)
        hook.faults.append(Fault(500, body=b"bad path /hook/SECRETPATH"))
        slack.faults.append(Fault(404, body=slack.path.encode()))
        result = site.announce("--verbose", env=env)
        dry = site.announce("--dry-run", env={**env, "HOOK_SECRET": ""})
    assert result.exit_code == 1
    ledger = json.dumps(site.ledger())
    for text in (result.output, dry.output, ledger):
        for secret in ("SECRETPATH", SECRET, SECRET[6:], "XXXXSECRET", TOKEN):
            assert secret not in text
    assert "HTTP 500: bad path ***" in result.output
    assert "social (mastodon): sent 0, retried 0, failed 1" in result.output
    assert "could not reach the server" in result.output
    assert "HOOK_SECRET" in dry.output  # the variable is named, its value never


def test_a_missing_variable_fails_that_channel_only(tmp_path: Path) -> None:
    site = make_git_site(
        tmp_path,
        """
        announce:
          channels:
            - {id: ops, type: webhook, url_env: HOOK_URL}
            - {id: chat, type: slack, url_env: SLACK_URL}
        """,
    )
    with WebhookReceiver() as server:
        env = {"HOOK_URL": server.url + "/h", "SLACK_URL": ""}
        first(site, {**env, "SLACK_URL": "http://127.0.0.1:9/x"})
        two_updates(site)
        result = site.announce(env=env)
        assert len(server.requests) == 1
        later = site.announce(env={**env, "SLACK_URL": "http://127.0.0.1:9/x"})  # nothing listens there
    assert result.exit_code == 1
    assert "environment variable SLACK_URL (from 'url_env') is not set or empty" in result.output
    assert "ops (webhook): sent 1" in result.output
    assert later.exit_code == 1 and "chat (slack): sent 0, retried 0, failed 1" in later.output


def test_a_remote_that_cannot_be_reached_is_a_clear_error(site: GitSite) -> None:
    site.write(API, incident("API errors", [(30, "investigating", "We are looking.")]))
    result = site.announce(
        "--remote", "https://user:hunter2@127.0.0.1:9/x.git", env={"HOOK_URL": "http://h/x"}
    )
    assert result.exit_code == 1
    assert "cannot fetch statuskit-announce from https://***@127.0.0.1:9/x.git" in result.output
    assert "hunter2" not in result.output and "Traceback" not in result.output


def test_no_channels_is_nothing_to_do(tmp_path: Path) -> None:
    site = make_git_site(tmp_path, "")
    result = site.announce()
    assert result.exit_code == 0 and "no channels configured" in result.output


def test_a_run_after_another_runs_lease_ran_out_resends_only_where_safe(site: GitSite) -> None:
    """A claim without an outcome (a killed run): busy until its lease ends, then resent with the
    same webhook-id (the receiver deduplicates); see test_announce_race.py for the real kill."""
    with WebhookReceiver() as server:
        env = hook_env(server)
        first(site, env)
        two_updates(site)
        server.faults.append(Fault(sleep=2.5))
        site.announce(env=env)  # unknown: recorded
        records = site.ledger()["ops"]
        assert [r["k"] for r in records][-2:] == ["intent", "unknown"]
        later = [r for r in records if r["k"] == "intent"][-1]["until"]
        assert later > time.time()
    with WebhookReceiver() as server, pytest.MonkeyPatch.context() as mp:
        for key, value in hook_env(server).items():
            mp.setenv(key, value)
        mp.delenv("SOURCE_DATE_EPOCH", raising=False)
        command.run(str(site.config), "origin", False, clock=lambda: time.time() + 7200)
    assert len(server.requests) == 1  # resent: a webhook-id makes it safe


def test_not_a_git_repository(tmp_path: Path) -> None:
    site = make_git_site(tmp_path, WEBHOOK)
    git(site.root, "rev-parse", "--git-dir")
    import shutil

    shutil.rmtree(site.root / ".git")
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("SOURCE_DATE_EPOCH", raising=False)
        mp.setenv("HOOK_URL", "http://127.0.0.1:9/x")
        with pytest.raises(BadInput, match="is not a git repository"):
            command.run(str(site.config), "origin", False)


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_email_in_german_threads_under_the_first_message_and_keeps_the_promise(tmp_path: Path) -> None:
    from tests.announce_servers.smtp import SmtpServer

    with SmtpServer() as smtp:
        site = make_git_site(
            tmp_path,
            f"""
            announce:
              channels:
                - {{id: list, type: email, host: 127.0.0.1, port: {smtp.port}, security: none,
                   from: status@example.com, to: incidents@example.com, language: de}}
            """,
        )
        assert site.announce().exit_code == 0  # baseline of an empty site
        promise = "    next_update: 2099-01-01T10:00:00Z\n"
        text = incident("API errors", [(20, "investigating", "Wir suchen."), (10, "identified", "Gefunden.")])
        site.write(API, text.replace('    message: "Gefunden."\n', '    message: "Gefunden."\n' + promise))
        result = site.announce()
    assert result.exit_code == 0, result.output
    a, b = smtp.mailbox.messages
    assert a["Subject"] == "[Wird untersucht] API errors" and b["Subject"] == "[Ursache erkannt] API errors"
    assert b["In-Reply-To"] == a["Message-ID"] and a["Content-Language"] == "de"
    body = b.get_body(("plain",)).get_content()
    assert "Nächstes Update bis 1. Jan. 2099, 10:00 UTC" in body, body
    assert "https://status.example.com/incidents/2026-12-04-api/#update-2" in body
    sent = [r for r in site.ledger()["list"] if r["k"] == "sent"]
    assert [r["ref"] for r in sent] == [a["Message-ID"], b["Message-ID"]]


def test_the_remote_may_be_a_url(site: GitSite) -> None:
    with WebhookReceiver() as server:
        env = hook_env(server)
        site.write(API, incident("API errors", [(30, "investigating", "We are looking.")]))
        result = site.announce("--remote", str(site.remote), env=env)
    assert result.exit_code == 0, result.output
    assert f"ledger statuskit-announce on {site.remote}" in result.output
    assert set(site.ledger()) == {"ops"}
    assert git(site.remote, "show", "statuskit-announce:README.md").startswith("# statuskit announce ledger")


def test_a_bug_in_a_channel_is_an_unknown_outcome_not_a_crash(
    site: GitSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.announce.channels.webhook import WebhookChannel

    def broken(self: WebhookChannel, delivery: object) -> object:
        raise RuntimeError("SECRETPATH in a traceback")

    with WebhookReceiver() as server:
        env = hook_env(server)
        first(site, env)
        two_updates(site)
        monkeypatch.setattr(WebhookChannel, "send", broken)
        result = site.announce(env=env)
    assert result.exit_code == 1, result.output
    assert "unknown  2026-12-04-api/1 statuskit error while sending (RuntimeError)" in result.output
    assert "SECRETPATH" not in result.output and "Traceback" not in result.output
    assert [r["k"] for r in site.ledger()["ops"]][-1] == "unknown"


def test_a_remote_that_looks_like_an_option_is_refused(site: GitSite) -> None:
    result = site.announce("--remote", "--upload-pack=evil")
    assert result.exit_code == 1 and "not a remote" in result.output
