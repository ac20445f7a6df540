"""Mastodon ``POST /api/v1/statuses``: the delivery key as ``Idempotency-Key``, later updates
reply to the incident's latest post so an incident is one thread."""

from __future__ import annotations

from generator.announce import text
from generator.announce.base import Delivery, Result
from generator.announce.channels import _http
from generator.announce.channels._common import Setup

DEFAULT_MAX_CHARS = 500
VISIBILITIES = ("public", "unlisted", "private", "direct")


def compose(delivery: Delivery, max_chars: int = DEFAULT_MAX_CHARS) -> str:
    return text.fit(text.parts_of(delivery.message), max_chars, text.count_mastodon)


class MastodonChannel:
    type = "mastodon"

    def __init__(self, setup: Setup) -> None:
        self.id = setup.id
        server = setup.url(setup.text("server").rstrip("/"), "option 'server'")
        self.url = f"{server}/api/v1/statuses"
        self.token = setup.secret("token_env")
        self.visibility = setup.text("visibility", "public")
        if self.visibility not in VISIBILITIES:
            raise setup.error(f"'visibility' must be one of {', '.join(VISIBILITIES)}")
        self.max_chars = setup.number("max_chars", DEFAULT_MAX_CHARS)
        self.language = setup.language
        self.secrets = setup.secrets
        self.timeout = setup.timeout

    def send(self, delivery: Delivery) -> Result:
        data: dict[str, object] = {
            "status": compose(delivery, self.max_chars),
            "visibility": self.visibility,
            "language": self.language.split("-")[0],
        }
        if delivery.thread_parent or delivery.thread_root:
            data["in_reply_to_id"] = delivery.thread_parent or delivery.thread_root
        headers = {
            "Content-Type": "application/json",
            "Authorization": f"Bearer {self.token}",
            "Idempotency-Key": delivery.key,
        }
        answer = _http.post(self.url, _http.json_body(data), headers, self.timeout)
        parsed = answer.json() if isinstance(answer, _http.Response) else None
        message = str(parsed.get("error", "")) if isinstance(parsed, dict) else ""
        bad = _http.outcome(answer, self.secrets, message)
        if bad:
            return bad
        if not isinstance(parsed, dict) or not parsed.get("id"):
            return Result("unknown", detail="HTTP 2xx without a status id")
        return Result("sent", ref=str(parsed["id"]), detail="posted")
