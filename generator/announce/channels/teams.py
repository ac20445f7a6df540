"""Microsoft Teams through a Workflows webhook: a message with one Adaptive Card attachment."""

from __future__ import annotations

from generator.announce import text
from generator.announce.base import Delivery, Result
from generator.announce.channels import _http
from generator.announce.channels._common import UrlChannel

CARD_VERSION = "1.4"
BODY_LIMIT = 4000
_STYLE = {
    "critical": "attention",
    "major": "warning",
    "minor": "warning",
    "none": "good",
    "maintenance": "accent",
}


def card(delivery: Delivery) -> dict[str, object]:
    message = delivery.message
    parts = text.parts_of(message)
    body_text = text.cut_text(parts.body, lambda b: len(b) <= BODY_LIMIT)
    blocks: list[dict[str, object]] = [
        {"type": "TextBlock", "text": parts.title, "weight": "Bolder", "size": "Medium", "wrap": True},
        {
            "type": "TextBlock",
            "text": parts.label,
            "color": _STYLE.get(message.impact, "default"),
            "weight": "Bolder",
            "spacing": "None",
        },
    ]
    if body_text:
        blocks.append({"type": "TextBlock", "text": body_text, "wrap": True})
    if message.components:
        blocks.append(
            {
                "type": "FactSet",
                "facts": [{"title": name, "value": label} for name, label in message.components],
            }
        )
    if parts.promise:
        blocks.append({"type": "TextBlock", "text": parts.promise, "isSubtle": True, "wrap": True})
    return {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": CARD_VERSION,
        "lang": message.language,
        "body": blocks,
        "actions": [
            {"type": "Action.OpenUrl", "title": message.site_name or message.url, "url": message.url}
        ],
    }


def payload(delivery: Delivery) -> dict[str, object]:
    return {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": None,
                "content": card(delivery),
            }
        ],
    }


class TeamsChannel(UrlChannel):
    type = "teams"

    def send(self, delivery: Delivery) -> Result:
        body = _http.json_body(payload(delivery))
        answer = _http.post(self.url, body, {"Content-Type": "application/json"}, self.timeout)
        return _http.outcome(answer, self.secrets) or Result("sent", detail="accepted")
