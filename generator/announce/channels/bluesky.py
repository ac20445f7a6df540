"""Bluesky (AT Protocol): log in with an app password, then ``com.atproto.repo.putRecord`` an
``app.bsky.feed.post`` under a record key derived from the delivery key.

``putRecord`` creates the record or replaces the one at that key, so a retry after a timeout
writes the same post again instead of a second one. The key is a TID (the record-key type the
post lexicon asks for) made from the update's time and a hash of the delivery key.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from generator.announce import text
from generator.announce.base import Delivery, Result
from generator.announce.channels import _http
from generator.announce.channels._common import Setup

LIMIT = 300  # graphemes
DEFAULT_SERVER = "https://bsky.social"
COLLECTION = "app.bsky.feed.post"
TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"


def tid(delivery: Delivery) -> str:
    """13 base32-sortable characters: 53 bits of microseconds, 10 bits of clock id, top bit 0."""
    h = int.from_bytes(hashlib.sha256(delivery.key.encode("utf-8")).digest()[:8], "big")
    try:
        when = datetime.fromisoformat(delivery.message.at.replace("Z", "+00:00"))
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = max(0, int(when.timestamp()))
    except ValueError:
        seconds = 0
    micros = (seconds * 1_000_000 + h % 1_000_000) & ((1 << 53) - 1)
    value = (micros << 10) | ((h >> 20) & 0x3FF)
    chars = []
    for _ in range(13):
        chars.append(TID_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def link_facets(post: str, url: str) -> list[dict[str, object]]:
    """A link facet over the last occurrence of ``url``, in UTF-8 byte offsets."""
    at = post.rfind(url) if url else -1
    if at < 0:
        return []
    start = len(post[:at].encode("utf-8"))
    return [
        {
            "index": {"byteStart": start, "byteEnd": start + len(url.encode("utf-8"))},
            "features": [{"$type": "app.bsky.richtext.facet#link", "uri": url}],
        }
    ]


def strong_ref(ref: str) -> dict[str, str] | None:
    uri, _, cid = ref.partition("|")
    return {"uri": uri, "cid": cid} if uri.startswith("at://") and cid else None


def record(delivery: Delivery, now: datetime | None = None) -> dict[str, object]:
    message = delivery.message
    post = text.fit(text.parts_of(message), LIMIT, text.count_graphemes)
    out: dict[str, object] = {
        "$type": COLLECTION,
        "text": post,
        "createdAt": (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
        "langs": [message.language],
    }
    facets = link_facets(post, message.url)
    if facets:
        out["facets"] = facets
    root = strong_ref(delivery.thread_root)
    parent = strong_ref(delivery.thread_parent) or root
    if root and parent:
        out["reply"] = {"root": root, "parent": parent}
    return out


class BlueskyChannel:
    type = "bluesky"

    def __init__(self, setup: Setup) -> None:
        self.id = setup.id
        self.server = setup.url(setup.text("server", DEFAULT_SERVER).rstrip("/"), "option 'server'")
        self.identifier = setup.text("identifier")
        self.password = setup.secret("password_env")
        self.secrets = setup.secrets
        self.timeout = setup.timeout
        self._session: tuple[str, str] | None = None  # (did, access token), one login per run

    def _login(self) -> tuple[str, str] | Result:
        body = _http.json_body({"identifier": self.identifier, "password": self.password})
        answer = _http.post(
            f"{self.server}/xrpc/com.atproto.server.createSession",
            body,
            {"Content-Type": "application/json"},
            self.timeout,
        )
        if isinstance(answer, Result):  # nothing was posted yet: a lost login answer is a failure
            return Result("failed", detail="login: " + _http.mask(answer.detail, self.secrets))
        parsed = answer.json()
        bad = _http.outcome(answer, self.secrets, _error(parsed))
        if bad:
            return Result("failed", detail="login: " + bad.detail, retry_after=bad.retry_after)
        if not isinstance(parsed, dict) or not parsed.get("did") or not parsed.get("accessJwt"):
            return Result("failed", detail="login: no session in the answer")
        token = str(parsed["accessJwt"])
        self.secrets.append(token)
        return str(parsed["did"]), token

    def send(self, delivery: Delivery) -> Result:
        for attempt in (1, 2):
            if self._session is None:
                session = self._login()
                if isinstance(session, Result):
                    return session
                self._session = session
            did, token = self._session
            data = {"repo": did, "collection": COLLECTION, "rkey": tid(delivery), "record": record(delivery)}
            answer = _http.post(
                f"{self.server}/xrpc/com.atproto.repo.putRecord",
                _http.json_body(data),
                {"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
                self.timeout,
            )
            parsed = answer.json() if isinstance(answer, _http.Response) else None
            if (
                attempt == 1
                and isinstance(parsed, dict)
                and parsed.get("error") in ("ExpiredToken", "InvalidToken")
            ):
                self._session = None
                continue
            bad = _http.outcome(answer, self.secrets, _error(parsed))
            if bad:
                return bad
            if not isinstance(parsed, dict) or not parsed.get("uri") or not parsed.get("cid"):
                return Result("unknown", detail="HTTP 2xx without uri and cid")
            return Result("sent", ref=f"{parsed['uri']}|{parsed['cid']}", detail="posted")
        return Result("failed", detail="session refused twice")


def _error(parsed: object) -> str:
    if not isinstance(parsed, dict):
        return ""
    return " ".join(str(parsed.get(k, "")) for k in ("error", "message") if parsed.get(k))
