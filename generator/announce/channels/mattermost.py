"""Mattermost incoming webhook: one Markdown text, the operator's text escaped as literal."""

from __future__ import annotations

import re

from generator.announce import text
from generator.announce.base import Delivery, Result
from generator.announce.channels import _http
from generator.announce.channels._common import Setup

LIMIT = 4000  # Mattermost allows 16383; a status post stays readable
_SPECIAL = re.compile(r"([\\`*_~\[\]<>@#|])")


def escape(value: str) -> str:
    """Literal text in Markdown (``@`` too, so no one is mentioned by an update)."""
    return _SPECIAL.sub(r"\\\1", value)


def layout(parts: text.Parts) -> str:
    head = f"**{escape(parts.title)}** — {escape(parts.label)}" if parts.title else escape(parts.label)
    blocks = [head, escape(parts.body), escape(parts.promise), parts.link]
    return "\n\n".join(b for b in blocks if b)


def compose(delivery: Delivery) -> str:
    return text.fit(text.parts_of(delivery.message), LIMIT, len, layout)


class MattermostChannel:
    type = "mattermost"

    def __init__(self, setup: Setup) -> None:
        self.id = setup.id
        self.url = setup.secret_url("url_env")
        username = setup.options.get("username")
        self.username = str(username) if username else ""
        self.secrets = setup.secrets
        self.timeout = setup.timeout

    def send(self, delivery: Delivery) -> Result:
        data: dict[str, object] = {"text": compose(delivery)}
        if self.username:
            data["username"] = self.username
        answer = _http.post(
            self.url, _http.json_body(data), {"Content-Type": "application/json"}, self.timeout
        )
        message = ""
        if isinstance(answer, _http.Response):
            parsed = answer.json()
            message = str(parsed.get("message", "")) if isinstance(parsed, dict) else ""
        return _http.outcome(answer, self.secrets, message) or Result("sent", detail="posted")
