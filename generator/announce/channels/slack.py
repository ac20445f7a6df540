"""Slack incoming webhook: one ``mrkdwn`` text (``&``, ``<``, ``>`` escaped as Slack asks)."""

from __future__ import annotations

from generator.announce import text
from generator.announce.base import Delivery, Result
from generator.announce.channels import _http
from generator.announce.channels._common import UrlChannel

LIMIT = 3000  # a section's text; the message text itself may be longer, but is shown folded


def escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def layout(parts: text.Parts) -> str:
    head = f"*{escape(parts.title)}* — {escape(parts.label)}" if parts.title else escape(parts.label)
    blocks = [head, escape(parts.body), escape(parts.promise), f"<{parts.link}>" if parts.link else ""]
    return "\n\n".join(b for b in blocks if b)


def compose(delivery: Delivery) -> str:
    return text.fit(text.parts_of(delivery.message), LIMIT, text.count_utf16, layout)


class SlackChannel(UrlChannel):
    type = "slack"

    def send(self, delivery: Delivery) -> Result:
        body = _http.json_body({"text": compose(delivery), "unfurl_links": False})
        answer = _http.post(self.url, body, {"Content-Type": "application/json"}, self.timeout)
        message = answer.body.decode("utf-8", "replace") if isinstance(answer, _http.Response) else ""
        return _http.outcome(answer, self.secrets, message) or Result("sent", detail="posted")
