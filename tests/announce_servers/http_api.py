"""A recording HTTP server on 127.0.0.1 and the networks' APIs on top of it, as documented.

Each server records every request (method, path, headers, raw body) and answers like the real
API: the paths, the auth header, the JSON shapes it checks and the answers it documents. Faults
are queued per request: an HTTP status with headers and body, or a sleep *after* reading the
request (the client times out though the network took the request: the 'unknown' case).
"""

from __future__ import annotations

import hashlib
import html.parser
import itertools
import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import regex

Answer = tuple[int, dict[str, str], bytes]


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-cased names
    body: bytes

    def json(self) -> object:
        return json.loads(self.body.decode("utf-8"))


@dataclass
class Fault:
    status: int = 500
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    sleep: float = 0.0  # > 0: handle the request normally, but answer only after this long


def answer_json(status: int, data: object, headers: dict[str, str] | None = None) -> Answer:
    return status, {"Content-Type": "application/json", **(headers or {})}, json.dumps(data).encode()


class ApiServer:
    """Start with ``with Server(...) as s:``; ``s.url`` is its base URL."""

    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.faults: list[Fault] = []
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                parts = urlsplit(self.path)
                req = Request(
                    "POST",
                    parts.path,
                    parse_qs(parts.query),
                    {k.lower(): v for k, v in self.headers.items()},
                    body,
                )
                with outer.lock:
                    outer.requests.append(req)
                    fault = outer.faults.pop(0) if outer.faults else None
                if fault and not fault.sleep:
                    status, headers, data = fault.status, fault.headers, fault.body
                else:
                    with outer.lock:
                        status, headers, data = outer.route(req)
                    if fault:
                        time.sleep(fault.sleep)
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> ApiServer:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def route(self, req: Request) -> Answer:
        raise NotImplementedError


def _json_or_none(req: Request) -> object:
    if not req.headers.get("content-type", "").startswith("application/json"):
        return None
    try:
        return req.json()
    except ValueError:
        return None


class WebhookReceiver(ApiServer):
    """Any path; a JSON body; 200."""

    def route(self, req: Request) -> Answer:
        if not isinstance(_json_or_none(req), dict):
            return 400, {}, b"bad json"
        return 200, {}, b""


class SlackWebhook(ApiServer):
    """Slack incoming webhooks: POST /services/T/B/X, JSON with ``text``; ``ok`` or an error word."""

    path = "/services/T000/B000/XXXXSECRET"

    def route(self, req: Request) -> Answer:
        if req.path != self.path:
            return 404, {"Content-Type": "text/plain"}, b"no_service"
        data = _json_or_none(req)
        if not isinstance(data, dict) or not isinstance(data.get("text"), str) or not data["text"]:
            return 400, {"Content-Type": "text/plain"}, b"invalid_payload"
        return 200, {"Content-Type": "text/plain"}, b"ok"


class DiscordWebhook(ApiServer):
    """Discord: POST /api/webhooks/{id}/{token}?wait=true answers with the message object."""

    path = "/api/webhooks/1234/SECRETTOKEN"
    ids = itertools.count(1300000000000000000)

    def route(self, req: Request) -> Answer:
        if req.path != self.path:
            return answer_json(404, {"message": "Unknown Webhook", "code": 10015})
        data = _json_or_none(req)
        embeds = data.get("embeds") if isinstance(data, dict) else None
        if not isinstance(embeds, list) or not 1 <= len(embeds) <= 10:
            return answer_json(400, {"message": "Cannot send an empty message", "code": 50006})
        for e in embeds:
            if len(e.get("title", "")) > 256 or len(e.get("description", "")) > 4096:
                return answer_json(400, {"message": "Invalid Form Body", "code": 50035})
        if req.query.get("wait") != ["true"]:
            return 204, {}, b""
        return answer_json(200, {"id": str(next(self.ids)), "embeds": embeds, "type": 0})


class TeamsWorkflow(ApiServer):
    """A Teams Workflows 'post to a channel when a webhook request is received' trigger: 202."""

    path = "/workflows/abc/triggers/manual/paths/invoke"

    def route(self, req: Request) -> Answer:
        data = _json_or_none(req)
        try:
            assert isinstance(data, dict) and data["type"] == "message"
            (attachment,) = data["attachments"]
            assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
            assert attachment["content"]["type"] == "AdaptiveCard"
            assert isinstance(attachment["content"]["body"], list)
        except (AssertionError, KeyError, TypeError, ValueError):
            return answer_json(400, {"error": {"code": "InvalidRequestContent"}})
        return 202, {}, b""


class MattermostWebhook(ApiServer):
    """Mattermost: POST /hooks/{key}, JSON with ``text``; ``ok``."""

    path = "/hooks/SECRETKEY"

    def route(self, req: Request) -> Answer:
        if req.path != self.path:
            return answer_json(
                400, {"id": "web.incoming_webhook.invalid.app_error", "message": "Invalid webhook."}
            )
        data = _json_or_none(req)
        if not isinstance(data, dict) or not data.get("text"):
            return answer_json(400, {"message": "Unable to parse incoming data"})
        return 200, {"Content-Type": "text/plain"}, b"ok"


class _TelegramHtml(html.parser.HTMLParser):
    allowed = frozenset(
        {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "tg-spoiler"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag not in self.allowed:
            raise ValueError(f'Unsupported start tag "{tag}"')
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            raise ValueError("Unmatched end tag")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def telegram_visible(text: str) -> str:
    """Parse like Telegram's HTML mode: a bare ``<`` or ``&`` that is no entity is an error."""
    if re.search(r"<(?![a-z/])", text) or re.search(r"&(?!(?:lt|gt|amp|quot|#\d+);)", text):
        raise ValueError("can't parse entities")
    parser = _TelegramHtml()
    parser.feed(text)
    parser.close()
    if parser.stack:
        raise ValueError("can't parse entities: unclosed tag")
    return "".join(parser.text)


class TelegramBotApi(ApiServer):
    """POST /bot{token}/sendMessage; {ok, result: Message} or {ok: false, error_code, description}."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token
        self.ids = itertools.count(100)

    def route(self, req: Request) -> Answer:
        if req.path != f"/bot{self.token}/sendMessage":
            return answer_json(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
        data = _json_or_none(req)
        if not isinstance(data, dict) or "chat_id" not in data or not data.get("text"):
            return answer_json(
                400, {"ok": False, "error_code": 400, "description": "Bad Request: message text is empty"}
            )
        text = data["text"]
        if data.get("parse_mode") == "HTML":
            try:
                text = telegram_visible(text)
            except ValueError as err:
                return answer_json(
                    400, {"ok": False, "error_code": 400, "description": f"Bad Request: {err}"}
                )
        if len(text.encode("utf-16-le")) // 2 > 4096:
            return answer_json(
                400, {"ok": False, "error_code": 400, "description": "Bad Request: message is too long"}
            )
        message = {
            "message_id": next(self.ids),
            "chat": {"id": data["chat_id"]},
            "date": int(time.time()),
            "text": text,
        }
        return answer_json(200, {"ok": True, "result": message})


_URL = regex.compile(r"https?://\S+")


def mastodon_length(text: str) -> int:
    return len(regex.findall(r"\X", _URL.sub("x" * 23, text)))


class MastodonApi(ApiServer):
    """POST /api/v1/statuses with a Bearer token; Idempotency-Key answers the same status again."""

    def __init__(self, token: str, max_chars: int = 500) -> None:
        super().__init__()
        self.token = token
        self.max_chars = max_chars
        self.statuses: dict[str, dict[str, object]] = {}
        self.by_key: dict[str, str] = {}
        self.ids = itertools.count(109000000000000001)

    def route(self, req: Request) -> Answer:
        if req.path != "/api/v1/statuses":
            return answer_json(404, {"error": "Record not found"})
        if req.headers.get("authorization") != f"Bearer {self.token}":
            return answer_json(401, {"error": "The access token is invalid"})
        key = req.headers.get("idempotency-key")
        if key and key in self.by_key:
            return answer_json(200, self.statuses[self.by_key[key]])
        data = _json_or_none(req)
        if not isinstance(data, dict) or not data.get("status"):
            return answer_json(422, {"error": "Validation failed: Text can't be blank"})
        if mastodon_length(data["status"]) > self.max_chars:
            return answer_json(
                422, {"error": f"Validation failed: Text character limit of {self.max_chars} exceeded"}
            )
        parent = data.get("in_reply_to_id")
        if parent is not None and parent not in self.statuses:
            return answer_json(404, {"error": "Record not found"})
        sid = str(next(self.ids))
        status = {
            "id": sid,
            "created_at": "2026-12-04T00:00:00.000Z",
            "in_reply_to_id": parent,
            "visibility": data.get("visibility", "public"),
            "language": data.get("language"),
            "uri": f"{self.url}/users/status/statuses/{sid}",
            "url": f"{self.url}/@status/{sid}",
            "content": f"<p>{data['status']}</p>",
        }
        self.statuses[sid] = status
        if key:
            self.by_key[key] = sid
        return answer_json(200, status)


TID = re.compile(r"^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")


class BlueskyPds(ApiServer):
    """createSession and putRecord as a PDS answers them (an in-memory repo keyed by rkey)."""

    did = "did:plc:statuskittest0000000000"

    def __init__(self, identifier: str, password: str) -> None:
        super().__init__()
        self.identifier = identifier
        self.password = password
        self.tokens: set[str] = set()
        self.records: dict[str, tuple[str, dict[str, object]]] = {}  # rkey -> (cid, record)
        self.sessions = 0

    def uri(self, rkey: str) -> str:
        return f"at://{self.did}/app.bsky.feed.post/{rkey}"

    def route(self, req: Request) -> Answer:
        data = _json_or_none(req)
        if not isinstance(data, dict):
            return answer_json(400, {"error": "InvalidRequest", "message": "Request body must be JSON"})
        if req.path == "/xrpc/com.atproto.server.createSession":
            if data.get("identifier") != self.identifier or data.get("password") != self.password:
                return answer_json(
                    401, {"error": "AuthenticationRequired", "message": "Invalid identifier or password"}
                )
            self.sessions += 1
            token = f"access-jwt-{self.sessions}"
            self.tokens.add(token)
            return answer_json(
                200, {"accessJwt": token, "refreshJwt": "refresh", "handle": self.identifier, "did": self.did}
            )
        if req.path != "/xrpc/com.atproto.repo.putRecord":
            return answer_json(404, {"error": "MethodNotImplemented", "message": "Method Not Implemented"})
        auth = req.headers.get("authorization", "")
        if not auth.startswith("Bearer ") or auth[7:] not in self.tokens:
            return answer_json(400, {"error": "ExpiredToken", "message": "Token has expired"})
        problem = self.check(data)
        if problem:
            return answer_json(400, {"error": "InvalidRequest", "message": problem})
        record = data["record"]
        cid = "bafyrei" + hashlib.sha256(json.dumps(record, sort_keys=True).encode()).hexdigest()[:52]
        self.records[data["rkey"]] = (cid, record)
        return answer_json(200, {"uri": self.uri(data["rkey"]), "cid": cid, "validationStatus": "valid"})

    def check(self, data: dict[str, object]) -> str:
        if data.get("repo") != self.did or data.get("collection") != "app.bsky.feed.post":
            return "Invalid repo or collection"
        if not isinstance(data.get("rkey"), str) or not TID.match(str(data["rkey"])):
            return "Invalid record key"
        record = data.get("record")
        if not isinstance(record, dict) or record.get("$type") != "app.bsky.feed.post":
            return "Invalid $type"
        text = record.get("text")
        if not isinstance(text, str) or len(regex.findall(r"\X", text)) > 300:
            return "Record/text must not be longer than 300 graphemes"
        if not isinstance(record.get("createdAt"), str):
            return "Record/createdAt must be a datetime"
        raw = text.encode("utf-8")
        for facet in record.get("facets", []):
            index = facet["index"]
            piece = raw[index["byteStart"] : index["byteEnd"]].decode("utf-8")
            if piece != facet["features"][0]["uri"]:
                return "facet does not cover its link"
        reply = record.get("reply")
        if reply is not None:
            for which in ("root", "parent"):
                ref = reply[which]
                rkey = ref["uri"].rsplit("/", 1)[-1]
                if ref["uri"] != self.uri(rkey) or self.records.get(rkey, ("",))[0] != ref["cid"]:
                    return f"reply {which} not found"
        return ""
