"""Exactly once when runs overlap or die: the ledger's compare-and-swap, two racing processes, and
a process killed after the network took the request but before the ledger heard of it."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from generator.announce.ledger import Ledger
from generator.commands import announce as command
from tests.announce_servers.http_api import Answer, Request, SlackWebhook, WebhookReceiver
from tests.announce_servers.site import BRANCH, GitSite, incident, make_git_site

WEBHOOK = """
announce:
  channels:
    - {id: ops, type: webhook, url_env: HOOK_URL, timeout: 2}
"""


def claimer(run: str):  # type: ignore[no-untyped-def]
    def change(records):  # type: ignore[no-untyped-def]
        if any(r["k"] == "intent" for r in records.of("ops")):
            return []  # someone else claimed it: give up
        return [("ops", {"k": "intent", "key": "a/0", "run": run, "n": 1})]

    return change


def test_compare_and_swap_a_stale_claim_is_recomputed_and_dropped(tmp_path: Path) -> None:
    site = make_git_site(tmp_path, WEBHOOK)
    other = site.clone(tmp_path / "other")
    first, second = Ledger(site.root, "origin", BRANCH), Ledger(other.root, "origin", BRANCH)
    first.fetch()
    second.fetch()  # both saw an empty ledger
    assert first.update(claimer("one"), "claim") != []
    assert second.update(claimer("two"), "claim") == []  # rejected, fetched, nothing left to claim
    assert second.pushes == 1  # its one push was refused: it never overwrote the first claim
    assert [r["run"] for r in site.ledger()["ops"]] == ["one"]
    # Records that do not conflict are merged as a union on top of the other's.
    second.fetch()
    first.update(lambda _r: [("ops", {"k": "sent", "key": "a/0", "run": "one", "n": 1})], "outcome")
    second.update(lambda _r: [("chat", {"k": "baseline", "updates": {}})], "baseline")
    assert set(site.ledger()) == {"ops", "chat"} and len(site.ledger()["ops"]) == 2
    for ledger in (first, second):
        ledger.close()
    assert (
        "refs/statuskit"
        not in subprocess.run(
            ["git", "for-each-ref"], cwd=site.root, capture_output=True, text=True, check=True
        ).stdout
    )


class SlowReceiver(WebhookReceiver):
    def route(self, req: Request) -> Answer:
        time.sleep(0.02)
        return super().route(req)


def pending_site(tmp_path: Path, announce: str, env: dict[str, str], updates: int) -> GitSite:
    site = make_git_site(tmp_path, announce)
    result = site.announce(env=env)  # baseline: an empty site
    assert result.exit_code == 0, result.output
    for n in range(updates):
        site.write(
            f"2026-12-04-i{n:02d}.yaml", incident(f"Incident {n}", [(30 - n, "investigating", f"n{n}")])
        )
    site.commit("incidents")
    return site


def test_two_racing_processes_deliver_each_update_once_and_lose_nothing(tmp_path: Path) -> None:
    with SlowReceiver() as server:
        env = {"HOOK_URL": server.url + "/h"}
        site = pending_site(tmp_path, WEBHOOK, env, 20)
        other = site.clone(tmp_path / "runner-2")
        runs = [site.process(env), other.process(env)]
        outputs = [run.communicate(timeout=120) for run in runs]
    for run, (out, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, out + err
    ids = [r.headers["webhook-id"] for r in server.requests]
    assert len(ids) == 20 and len(set(ids)) == 20
    sent = [r["key"] for r in site.ledger()["ops"] if r["k"] == "sent"]
    assert sorted(sent) == sorted(f"2026-12-04-i{n:02d}/0" for n in range(20))
    counts = sorted(int(out.split("ops (webhook): sent ")[1].split(",")[0]) for out, _ in outputs)
    assert sum(counts) == 20  # split any way between the two, each update by one of them


class Killer:
    """Kills the announcing process when its request arrives (after the network has it)."""

    victim: subprocess.Popen[str] | None = None

    def kill(self) -> None:
        assert self.victim is not None
        os.kill(self.victim.pid, signal.SIGKILL)


class KillingWebhook(WebhookReceiver, Killer):
    def route(self, req: Request) -> Answer:
        if self.victim is not None and self.victim.poll() is None:
            self.kill()
            time.sleep(0.2)
        return super().route(req)


class KillingSlack(SlackWebhook, Killer):
    def route(self, req: Request) -> Answer:
        if self.victim is not None and self.victim.poll() is None:
            self.kill()
            time.sleep(0.2)
        return super().route(req)


def later_run(site: GitSite, env: dict[str, str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """A run two hours on, past the killed run's lease."""
    with pytest.MonkeyPatch.context() as mp:
        for key, value in env.items():
            mp.setenv(key, value)
        mp.delenv("SOURCE_DATE_EPOCH", raising=False)
        code = 0
        try:
            command.run(str(site.config), "origin", False, clock=lambda: time.time() + 7200)
        except SystemExit as exc:
            code = int(exc.code or 0)
        except Exception as exc:  # click's Exit
            code = int(getattr(exc, "exit_code", 1))
    return code, capsys.readouterr().out


def test_killed_after_sending_a_webhook_is_resent_with_its_id_after_the_lease(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with KillingWebhook() as server:
        env = {"HOOK_URL": server.url + "/h"}
        site = pending_site(tmp_path, WEBHOOK, env, 1)
        server.victim = site.process(env)
        server.victim.communicate(timeout=60)
        assert server.victim.returncode == -signal.SIGKILL
        kinds = [r["k"] for r in site.ledger()["ops"]]
        assert kinds == ["baseline", "intent"]  # claimed, sent, never recorded
        busy = site.announce(env=env)
        assert busy.exit_code == 0 and "claimed by a run still at it" in busy.output
        assert len(server.requests) == 1
        code, out = later_run(site, env, capsys)
    assert code == 0, out
    assert "sent 1, retried 1" in out and "(resent, same key)" in out
    first, resent = server.requests
    assert first.headers["webhook-id"] == resent.headers["webhook-id"]


def test_killed_after_sending_to_slack_is_reported_unknown_never_resent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    announce = "announce:\n  channels:\n    - {id: chat, type: slack, url_env: SLACK_URL, timeout: 2}\n"
    with KillingSlack() as slack:
        env = {"SLACK_URL": slack.url + slack.path}
        site = pending_site(tmp_path, announce, env, 1)
        slack.victim = site.process(env)
        slack.victim.communicate(timeout=60)
        code, out = later_run(site, env, capsys)
        again, out_again = later_run(site, env, capsys)
    assert code == 1, out
    assert "unknown  2026-12-04-i00/0 claimed by a run that stopped; maybe sent" in out
    assert again == 0 and "(earlier run: maybe sent; not sent again)" in out_again
    assert len(slack.requests) == 1
    assert [r["k"] for r in site.ledger()["chat"]] == ["baseline", "intent", "unknown"]


class TerminatingWebhook(WebhookReceiver):
    """Sends SIGTERM (as CI does on cancel) when the first request arrives, then answers it."""

    victim: subprocess.Popen[str] | None = None

    def route(self, req: Request) -> Answer:
        if self.victim is not None and len(self.requests) == 1:
            self.victim.send_signal(signal.SIGTERM)
            time.sleep(0.3)
        return super().route(req)


def test_a_cancelled_run_records_what_it_sent_and_hands_back_the_rest(tmp_path: Path) -> None:
    with TerminatingWebhook() as server:
        env = {"HOOK_URL": server.url + "/h"}
        site = pending_site(tmp_path, WEBHOOK, env, 3)
        server.victim = site.process(env)
        out, err = server.victim.communicate(timeout=60)
        assert server.victim.returncode == 1, out + err
        kinds = [r["k"] for r in site.ledger()["ops"]]
        assert kinds == ["baseline", "intent", "intent", "intent", "sent", "released", "released"], kinds
        server.victim = None
        result = site.announce(env=env)
    assert result.exit_code == 0 and "sent 2" in result.output, result.output
    ids = [r.headers["webhook-id"] for r in server.requests]
    assert len(ids) == 3 == len(set(ids))
