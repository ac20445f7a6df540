"""Telegram Bot API ``sendMessage`` with ``parse_mode: HTML`` (only ``&``, ``<``, ``>`` escaped)."""

from __future__ import annotations

import html

from generator.announce import text
from generator.announce.base import Delivery, Result
from generator.announce.channels import _http
from generator.announce.channels._common import Setup

LIMIT = 4096  # characters after entity parsing (UTF-16 code units, conservatively)
DEFAULT_SERVER = "https://api.telegram.org"


def escape(value: str) -> str:
    return html.escape(value, quote=False)


def layout(parts: text.Parts) -> str:
    head = f"<b>{escape(parts.title)}</b> — {escape(parts.label)}" if parts.title else escape(parts.label)
    blocks = [head, escape(parts.body), escape(parts.promise), escape(parts.link)]
    return "\n\n".join(b for b in blocks if b)


def visible(formatted: str) -> str:
    """The text as Telegram counts it: tags gone, entities decoded."""
    return html.unescape(formatted.replace("<b>", "").replace("</b>", ""))


def compose(delivery: Delivery) -> str:
    return text.fit(text.parts_of(delivery.message), LIMIT, lambda s: text.count_utf16(visible(s)), layout)


class TelegramChannel:
    type = "telegram"

    def __init__(self, setup: Setup) -> None:
        self.id = setup.id
        server = setup.url(setup.text("server", DEFAULT_SERVER).rstrip("/"), "option 'server'")
        token = setup.secret("token_env")
        self.url = f"{server}/bot{token}/sendMessage"
        self.chat_id = setup.text("chat_id")
        self.secrets = setup.secrets
        self.timeout = setup.timeout

    def send(self, delivery: Delivery) -> Result:
        data: dict[str, object] = {
            "chat_id": self.chat_id,
            "text": compose(delivery),
            "parse_mode": "HTML",
            "link_preview_options": {"is_disabled": True},
        }
        if delivery.thread_root.isdigit():
            data["reply_parameters"] = {
                "message_id": int(delivery.thread_root),
                "allow_sending_without_reply": True,
            }
        answer = _http.post(
            self.url, _http.json_body(data), {"Content-Type": "application/json"}, self.timeout
        )
        parsed = answer.json() if isinstance(answer, _http.Response) else None
        parsed = parsed if isinstance(parsed, dict) else {}
        bad = _http.outcome(answer, self.secrets, str(parsed.get("description", "")))
        if bad:
            params = parsed.get("parameters")
            if (
                bad.retry_after is None
                and isinstance(params, dict)
                and isinstance(params.get("retry_after"), int)
            ):
                return Result("failed", detail=bad.detail, retry_after=float(params["retry_after"]))
            return bad
        result = parsed.get("result")
        if parsed.get("ok") is not True or not isinstance(result, dict) or "message_id" not in result:
            return Result("unknown", detail="HTTP 200 without a message id")
        return Result("sent", ref=str(result["message_id"]), detail="posted")
