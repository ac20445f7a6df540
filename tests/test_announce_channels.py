"""The announce channels against local servers that speak each network's API (no internet)."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest
from standardwebhooks import Webhook

from generator.announce.base import Delivery, Message
from generator.announce.channels import CHANNEL_TYPES, OPTION_KEYS, ChannelSetupError, make_channel
from generator.announce.channels._http import retry_after
from generator.announce.channels.email import message_id
from tests.announce_servers.http_api import (
    BlueskyPds,
    DiscordWebhook,
    Fault,
    MastodonApi,
    MattermostWebhook,
    SlackWebhook,
    TeamsWorkflow,
    TelegramBotApi,
    WebhookReceiver,
    telegram_visible,
)
from tests.announce_servers.smtp import SmtpServer, free_port

# aiosmtpd warns about AUTH without TLS: the test server listens on 127.0.0.1 only
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
TOKEN = "tok-SECRET-123"


def message(
    index: int = 0, body: str = "We are investigating errors on the API & <dashboard>.", **kw: object
) -> Message:
    base = Message(
        incident_id="2026-12-04-api",
        incident_title="API errors",
        update_index=index,
        status="investigating" if index == 0 else "identified",
        status_label="Investigating" if index == 0 else "Identified",
        impact="major",
        body=body,
        body_markdown=body,
        url=f"https://status.example.com/incidents/2026-12-04-api/#update-{index}",
        incident_url="https://status.example.com/incidents/2026-12-04-api/",
        at=f"2026-12-04T10:0{index}:00Z",
        next_update="Next update by 11:00 UTC",
        components=(("API", "Major outage"),),
        site_name="Example Status",
        site_url="https://status.example.com/",
        payload={
            "meta": {"unsubscribe": "", "documentation": ""},
            "page": {"id": "example"},
            "incident": {"id": "x"},
        },
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def delivery(channel: str, index: int = 0, root: str = "", parent: str = "", **kw: object) -> Delivery:
    msg = message(index, **kw)
    return Delivery(
        key=f"{msg.incident_id}/{index}/{channel}",
        channel_id=channel,
        message=msg,
        thread_root=root,
        thread_parent=parent,
    )


def test_every_type_builds_and_lists_its_keys():
    assert set(CHANNEL_TYPES) == {
        "webhook",
        "slack",
        "discord",
        "teams",
        "mattermost",
        "telegram",
        "mastodon",
        "bluesky",
        "email",
    }
    for kind, (required, optional) in OPTION_KEYS.items():
        assert not set(required) & set(optional), kind


def test_missing_env_names_the_variable_not_a_value():
    with pytest.raises(ChannelSetupError, match="MASTODON_TOKEN") as err:
        make_channel(
            {"id": "m", "type": "mastodon", "server": "https://m.example", "token_env": "MASTODON_TOKEN"}, {}
        )
    assert isinstance(err.value, ValueError)
    with pytest.raises(ChannelSetupError, match="unknown type"):
        make_channel({"id": "x", "type": "fax"}, {})
    with pytest.raises(ChannelSetupError, match="Standard Webhooks secret"):
        make_channel(
            {"id": "w", "type": "webhook", "url_env": "U", "secret_env": "S"}, {"U": "http://h/x", "S": "no!"}
        )


# --- webhook -------------------------------------------------------------------------------------


def test_webhook_is_signed_per_the_spec_and_its_id_is_stable_across_retries():
    with WebhookReceiver() as server:
        env = {"URL": server.url + "/hook/SECRETPATH", "SECRET": SECRET}
        channel = make_channel(
            {"id": "ops", "type": "webhook", "url_env": "URL", "secret_env": "SECRET"}, env
        )
        server.faults.append(Fault(500, body=b"oops"))
        first = channel.send(delivery("ops"))
        second = channel.send(replace(delivery("ops"), attempt=2))
    assert first.outcome == "failed" and first.detail == "HTTP 500: oops"
    assert second.outcome == "sent"
    a, b = server.requests
    assert a.headers["webhook-id"] == b.headers["webhook-id"] == second.ref
    assert a.path == "/hook/SECRETPATH"
    assert json.loads(b.body) == message().payload
    # the reference library verifies what we signed (independent of our signing code)
    verified = Webhook(SECRET).verify(b.body, b.headers)
    assert verified == message().payload
    tampered = b.body.replace(b"example", b"exampl3")
    with pytest.raises(Exception, match=r"(?i)signature"):
        Webhook(SECRET).verify(tampered, b.headers)


def test_webhook_unsigned_without_secret():
    with WebhookReceiver() as server:
        channel = make_channel({"id": "ops", "type": "webhook", "url_env": "URL"}, {"URL": server.url + "/h"})
        assert channel.send(delivery("ops")).outcome == "sent"
    (req,) = server.requests
    assert "webhook-signature" not in req.headers and req.headers["webhook-id"].startswith("msg_")


# --- result semantics ------------------------------------------------------------------------------


def test_429_carries_retry_after_and_5xx_fails():
    with SlackWebhook() as server:
        channel = make_channel(
            {"id": "s", "type": "slack", "url_env": "U"}, {"U": server.url + SlackWebhook.path}
        )
        server.faults += [Fault(429, {"Retry-After": "30"}, b"rate_limited"), Fault(503)]
        limited, down, ok = (channel.send(delivery("s")) for _ in range(3))
    assert (limited.outcome, limited.retry_after) == ("failed", 30.0)
    assert down.outcome == "failed" and down.detail == "HTTP 503"
    assert ok.outcome == "sent"


def test_retry_after_as_a_date():
    assert retry_after("Thu, 01 Jan 1970 00:01:00 GMT", now=0.0) == 60.0
    assert retry_after("soon") is None


def test_timeout_after_sending_is_unknown_and_refused_connection_failed():
    with MattermostWebhook() as server:
        options = {"id": "mm", "type": "mattermost", "url_env": "U", "timeout": 0.3}
        channel = make_channel(options, {"U": server.url + MattermostWebhook.path})
        server.faults.append(Fault(sleep=1.0))
        late = channel.send(delivery("mm"))
    assert late.outcome == "unknown"
    assert len(server.requests) == 1  # the request did arrive
    refused = make_channel(options, {"U": f"http://127.0.0.1:{free_port()}/hooks/SECRETKEY"}).send(
        delivery("mm")
    )
    assert refused.outcome == "failed" and "reach" in refused.detail


def test_secrets_never_in_details():
    with TelegramBotApi("OTHER") as server:  # the token is refused: the URL holds our token
        options = {"id": "t", "type": "telegram", "server": server.url, "token_env": "T", "chat_id": "-100"}
        result = make_channel(options, {"T": TOKEN}).send(delivery("t"))
    assert result.outcome == "failed" and "Unauthorized" in result.detail
    assert TOKEN not in result.detail
    with SlackWebhook() as server:
        server.faults.append(Fault(404, body=f"no_service {SlackWebhook.path}".encode()))
        url = server.url + SlackWebhook.path
        result = make_channel({"id": "s", "type": "slack", "url_env": "U"}, {"U": url}).send(delivery("s"))
    assert "XXXXSECRET" not in result.detail and "***" in result.detail


# --- chat --------------------------------------------------------------------------------------------


def test_slack_escapes_mrkdwn():
    with SlackWebhook() as server:
        channel = make_channel(
            {"id": "s", "type": "slack", "url_env": "U"}, {"U": server.url + SlackWebhook.path}
        )
        assert channel.send(delivery("s")).outcome == "sent"
    text = server.requests[0].json()["text"]
    assert "API &amp; &lt;dashboard&gt;." in text
    assert text.startswith("*API errors* — Investigating")
    assert text.endswith("<https://status.example.com/incidents/2026-12-04-api/#update-0>")


def test_discord_embed_pings_no_one():
    with DiscordWebhook() as server:
        url = server.url + DiscordWebhook.path
        channel = make_channel({"id": "d", "type": "discord", "url_env": "U"}, {"U": url})
        result = channel.send(delivery("d", body="@everyone the API is down"))
    assert result.outcome == "sent" and result.ref.isdigit()
    (req,) = server.requests
    data = req.json()
    assert req.query["wait"] == ["true"]
    assert data["allowed_mentions"] == {"parse": []}
    (embed,) = data["embeds"]
    assert embed["title"] == "API errors" and embed["url"].endswith("#update-0")
    assert "\\@everyone" in embed["description"]


def test_teams_sends_an_adaptive_card():
    with TeamsWorkflow() as server:
        url = server.url + TeamsWorkflow.path
        result = make_channel({"id": "t", "type": "teams", "url_env": "U"}, {"U": url}).send(delivery("t"))
    assert result.outcome == "sent"
    card = server.requests[0].json()["attachments"][0]["content"]
    texts = [b.get("text") for b in card["body"]]
    assert texts[:2] == ["API errors", "Investigating"]
    assert card["actions"][0]["url"].endswith("#update-0")
    assert {"title": "API", "value": "Major outage"} in card["body"][3]["facts"]


def test_mattermost_markdown_is_literal():
    with MattermostWebhook() as server:
        url = server.url + MattermostWebhook.path
        channel = make_channel({"id": "m", "type": "mattermost", "url_env": "U"}, {"U": url})
        assert channel.send(delivery("m", body="*not bold* @channel")).outcome == "sent"
    text = server.requests[0].json()["text"]
    assert "\\*not bold\\* \\@channel" in text


def test_telegram_html_parses_and_replies_in_thread():
    with TelegramBotApi(TOKEN) as server:
        options = {"id": "t", "type": "telegram", "server": server.url, "token_env": "T", "chat_id": "-100"}
        channel = make_channel(options, {"T": TOKEN})
        first = channel.send(delivery("t", body="5 < 6 & <b>not bold</b>"))
        later = channel.send(delivery("t", 1, root=first.ref, parent=first.ref))
    assert first.outcome == "sent" and first.ref == "100"
    a, b = (r.json() for r in server.requests)
    assert server.requests[0].path == f"/bot{TOKEN}/sendMessage"
    assert a["parse_mode"] == "HTML" and "reply_parameters" not in a
    assert "5 < 6 & <b>not bold</b>" in telegram_visible(a["text"])
    assert b["reply_parameters"]["message_id"] == 100
    assert later.ref == "101"


def test_telegram_429_uses_parameters_retry_after():
    with TelegramBotApi(TOKEN) as server:
        body = json.dumps(
            {
                "ok": False,
                "error_code": 429,
                "description": "Too Many Requests: retry after 7",
                "parameters": {"retry_after": 7},
            }
        ).encode()
        server.faults.append(Fault(429, {"Content-Type": "application/json"}, body))
        options = {"id": "t", "type": "telegram", "server": server.url, "token_env": "T", "chat_id": "1"}
        result = make_channel(options, {"T": TOKEN}).send(delivery("t"))
    assert result.outcome == "failed" and result.retry_after == 7.0


# --- mastodon ----------------------------------------------------------------------------------------


def test_mastodon_threads_and_idempotency_key_makes_a_retry_harmless():
    with MastodonApi(TOKEN) as server:
        options = {"id": "social", "type": "mastodon", "server": server.url, "token_env": "M", "timeout": 0.3}
        channel = make_channel(options, {"M": TOKEN})
        server.faults.append(Fault(sleep=1.0))  # posted, but the answer comes too late
        lost = channel.send(delivery("social"))
        again = channel.send(replace(delivery("social"), attempt=2))
        reply = channel.send(delivery("social", 1, root=again.ref, parent=again.ref))
    assert lost.outcome == "unknown"
    assert again.outcome == "sent"
    assert len(server.statuses) == 2  # the retry did not post twice
    first, second, third = server.requests
    assert first.headers["idempotency-key"] == second.headers["idempotency-key"] == "2026-12-04-api/0/social"
    assert first.headers["authorization"] == f"Bearer {TOKEN}"
    assert third.json()["in_reply_to_id"] == again.ref
    assert server.statuses[reply.ref]["in_reply_to_id"] == again.ref
    assert first.json()["language"] == "en" and first.json()["visibility"] == "public"


def test_mastodon_long_text_fits_the_server_limit():
    body = "The database cluster lost its primary. " * 40 + "https://example.com/" + "a" * 300
    with MastodonApi(TOKEN, max_chars=300) as server:
        options = {"id": "m", "type": "mastodon", "server": server.url, "token_env": "M", "max_chars": 300}
        result = make_channel(options, {"M": TOKEN}).send(delivery("m", body=body))
    assert result.outcome == "sent", result.detail
    status = server.requests[0].json()["status"]
    assert status.endswith("#update-0") and "Next update by 11:00 UTC" in status


def test_mastodon_refusal_is_reported():
    with MastodonApi("other") as server:
        options = {"id": "m", "type": "mastodon", "server": server.url, "token_env": "M"}
        result = make_channel(options, {"M": TOKEN}).send(delivery("m"))
    assert result.outcome == "failed" and result.detail == "HTTP 401: The access token is invalid"


# --- bluesky -----------------------------------------------------------------------------------------


def test_bluesky_posts_with_a_link_facet_and_replies_to_the_thread():
    with BlueskyPds("status.example.com", "app-pass-SECRET") as server:
        options = {
            "id": "b",
            "type": "bluesky",
            "server": server.url,
            "identifier": "status.example.com",
            "password_env": "P",
        }
        channel = make_channel(options, {"P": "app-pass-SECRET"})
        first = channel.send(delivery("b", body="Ünïcode 👩‍👩‍👧 " * 40))
        assert first.outcome == "sent", first.detail
        second = channel.send(delivery("b", 1, root=first.ref, parent=first.ref))
        assert second.outcome == "sent", second.detail
    assert server.sessions == 1  # one login for the run
    uri, cid = first.ref.split("|")
    assert uri.startswith(f"at://{server.did}/app.bsky.feed.post/") and cid.startswith("bafyrei")
    login, put1, put2 = server.requests
    assert login.json() == {"identifier": "status.example.com", "password": "app-pass-SECRET"}
    assert put1.headers["authorization"] == "Bearer access-jwt-1"
    rec2 = put2.json()["record"]
    assert rec2["reply"] == {"root": {"uri": uri, "cid": cid}, "parent": {"uri": uri, "cid": cid}}
    assert rec2["facets"][0]["features"][0]["uri"].endswith("#update-1")


def test_bluesky_retry_uses_the_same_record_key():
    with BlueskyPds("h", "pw") as server:
        options = {
            "id": "b",
            "type": "bluesky",
            "server": server.url,
            "identifier": "h",
            "password_env": "P",
            "timeout": 0.3,
        }
        channel = make_channel(options, {"P": "pw"})
        server.faults.append(
            Fault(200, {"Content-Type": "application/json"}, b"{}")
        )  # a login without a session
        failed_login = channel.send(delivery("b"))
        assert channel.send(delivery("b")).outcome == "sent"
        server.faults.append(Fault(sleep=1.0))  # written, but the answer comes too late
        lost = channel.send(replace(delivery("b"), attempt=2))
        again = channel.send(replace(delivery("b"), attempt=3))
    assert failed_login.outcome == "failed"
    assert lost.outcome == "unknown" and again.outcome == "sent"
    keys = {r.json()["rkey"] for r in server.requests if r.path.endswith("putRecord")}
    assert len(keys) == 1 and len(server.records) == 1


def test_bluesky_expired_session_logs_in_again():
    with BlueskyPds("h", "pw") as server:
        options = {"id": "b", "type": "bluesky", "server": server.url, "identifier": "h", "password_env": "P"}
        channel = make_channel(options, {"P": "pw"})
        assert channel.send(delivery("b")).outcome == "sent"
        server.tokens.clear()
        assert channel.send(delivery("b", 1)).outcome == "sent"
    assert server.sessions == 2


def test_bluesky_wrong_password_fails_without_the_password():
    with BlueskyPds("h", "pw") as server:
        options = {"id": "b", "type": "bluesky", "server": server.url, "identifier": "h", "password_env": "P"}
        result = make_channel(options, {"P": "wrong-SECRET"}).send(delivery("b"))
    assert result.outcome == "failed" and "login" in result.detail and "wrong-SECRET" not in result.detail


# --- email -------------------------------------------------------------------------------------------

def email_options(server: SmtpServer) -> dict[str, object]:
    """An email channel entry for the local SMTP server, without TLS."""
    return {"id": "mail", "type": "email", "host": "127.0.0.1", "port": server.port, "security": "none"}


def test_email_threads_by_message_id():
    with SmtpServer("ops", "mail-SECRET") as server:
        login = {"username_env": "U", "password_env": "P"}
        options = {**email_options(server), **login, "from": "status@example.com", "to": ["list@example.com"]}
        channel = make_channel(options, {"U": "ops", "P": "mail-SECRET"})
        first = channel.send(delivery("mail"))
        assert channel.send(delivery("mail", 1, root=first.ref, parent=first.ref)).outcome == "sent"
    assert first.outcome == "sent" and re.fullmatch(r"<[0-9a-f]{32}@status\.example\.com>", first.ref)
    a, b = server.mailbox.messages
    assert a["Message-ID"] == first.ref and "In-Reply-To" not in a
    assert b["In-Reply-To"] == first.ref and b["References"] == first.ref
    assert server.mailbox.envelopes[0] == ("status@example.com", ["list@example.com"])
    assert a["Subject"] == "[Investigating] API errors"
    html_part = a.get_body(("html",)).get_content()
    assert "&amp; &lt;dashboard&gt;" in html_part
    assert "API & <dashboard>" in a.get_body(("plain",)).get_content()
    assert message_id(delivery("mail")) == first.ref  # a resend carries the same id


def test_email_refusals_and_timeouts():
    with SmtpServer() as server:
        options = {**email_options(server), "from": "s@example.com", "to": "l@example.com", "timeout": 0.5}
        channel = make_channel(options, {})
        server.mailbox.reject_rcpt = True
        refused = channel.send(delivery("mail"))
        server.mailbox.reject_rcpt = False
        server.mailbox.data_sleep = 1.5
        late = channel.send(delivery("mail"))
    assert refused.outcome == "failed" and refused.detail.startswith("RCPT TO refused: 550")
    assert late.outcome == "unknown" and late.ref
    down = make_channel({**options, "port": free_port()}, {}).send(delivery("mail"))
    assert down.outcome == "failed"


def test_email_wrong_password_is_a_failure_without_the_password():
    with SmtpServer("ops", "right") as server:
        login = {"username_env": "U", "password_env": "P"}
        options = {**email_options(server), **login, "from": "s@example.com", "to": "l@example.com"}
        result = make_channel(options, {"U": "ops", "P": "wrong-SECRET"}).send(delivery("mail"))
    assert result.outcome == "failed" and "login" in result.detail and "SECRET" not in result.detail
