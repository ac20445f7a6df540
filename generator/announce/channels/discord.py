"""Discord webhook: one embed; no one is pinged (``allowed_mentions`` parses nothing)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from generator.announce import text
from generator.announce.base import Delivery, Result
from generator.announce.channels import _http
from generator.announce.channels._common import Setup

TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
COLORS = {
    "none": 0x2E7D32,
    "minor": 0xF9A825,
    "major": 0xEF6C00,
    "critical": 0xC62828,
    "maintenance": 0x1565C0,
}
_SPECIAL = re.compile(r"([\\`*_~|>#\[\]<@])")


def escape(value: str) -> str:
    return _SPECIAL.sub(r"\\\1", value)


def layout(parts: text.Parts) -> str:
    head = f"**{escape(parts.label)}**"
    blocks = [head, escape(parts.body), escape(parts.promise), parts.link]
    return "\n\n".join(b for b in blocks if b)


def embed(delivery: Delivery) -> dict[str, object]:
    message = delivery.message
    parts = text.parts_of(message)
    title = text.cut_text(parts.title, lambda t: text.count_utf16(t) <= TITLE_LIMIT)
    description = text.fit(
        text.Parts("", parts.label, parts.body, parts.promise, parts.link),
        DESCRIPTION_LIMIT,
        text.count_utf16,
        layout,
    )
    out: dict[str, object] = {
        "title": title,
        "description": description,
        "url": message.url,
        "color": COLORS.get(message.impact, 0x616161),
    }
    if message.at:
        out["timestamp"] = message.at
    if message.components:
        out["fields"] = [
            {"name": name[:256], "value": label[:1024], "inline": True}
            for name, label in message.components[:25]
        ]
    return out


class DiscordChannel:
    type = "discord"

    def __init__(self, setup: Setup) -> None:
        self.id = setup.id
        url = setup.secret_url("url_env")
        parts = urlsplit(url)
        query = (parts.query + "&" if parts.query else "") + "wait=true"  # answer with the message
        self.url = urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))
        self.secrets = setup.secrets
        self.timeout = setup.timeout

    def send(self, delivery: Delivery) -> Result:
        data = {"embeds": [embed(delivery)], "allowed_mentions": {"parse": []}}
        answer = _http.post(
            self.url, _http.json_body(data), {"Content-Type": "application/json"}, self.timeout
        )
        parsed = answer.json() if isinstance(answer, _http.Response) else None
        message = str(parsed.get("message", "")) if isinstance(parsed, dict) else ""
        bad = _http.outcome(answer, self.secrets, message)
        if bad:
            if bad.retry_after is None and isinstance(parsed, dict) and "retry_after" in parsed:
                return Result("failed", detail=bad.detail, retry_after=float(parsed["retry_after"]))
            return bad
        ref = str(parsed.get("id", "")) if isinstance(parsed, dict) else ""
        return Result("sent", ref=ref, detail="posted")
