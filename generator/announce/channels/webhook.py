"""Generic webhook: Statuspage's webhook payload, signed per the Standard Webhooks spec.

Signing is ten lines of ``hmac`` (HMAC-SHA256 over ``id.timestamp.body``, key = the base64 part
of a ``whsec_`` secret); the ``standardwebhooks`` library is used by the tests as the
independent verifier instead, so a mistake in either shows.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time
from collections.abc import Callable

from generator.announce.base import Delivery, Result
from generator.announce.channels import _http
from generator.announce.channels._common import Setup, digest

SECRET_PREFIX = "whsec_"


def secret_key(secret: str) -> bytes:
    """The HMAC key of a Standard Webhooks secret: base64 after an optional ``whsec_``."""
    raw = secret[len(SECRET_PREFIX) :] if secret.startswith(SECRET_PREFIX) else secret
    key = base64.b64decode(raw + "=" * (-len(raw) % 4), validate=True)
    if not key:
        raise ValueError("empty secret")
    return key


def sign(key: bytes, webhook_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{webhook_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode("ascii")


def webhook_id(delivery: Delivery) -> str:
    """Stable across retries and runs: the receiver's deduplication key."""
    return "msg_" + digest(delivery.key)


class WebhookChannel:
    type = "webhook"

    def __init__(self, setup: Setup, clock: Callable[[], float] = time.time) -> None:
        self.id = setup.id
        self.url = setup.secret_url("url_env")
        secret = setup.secret("secret_env", required=False)
        self.key: bytes | None = None
        if secret:
            try:
                self.key = secret_key(secret)
            except (ValueError, binascii.Error):
                raise setup.error(
                    f"the secret in {setup.options.get('secret_env')} is not a Standard Webhooks secret "
                    "(whsec_ followed by base64)"
                ) from None
        self.secrets = setup.secrets
        self.timeout = setup.timeout
        self.clock = clock

    def send(self, delivery: Delivery) -> Result:
        body = _http.json_body(delivery.message.payload)
        wid = webhook_id(delivery)
        headers = {"Content-Type": "application/json", "webhook-id": wid}
        if self.key is not None:
            stamp = int(self.clock())
            headers["webhook-timestamp"] = str(stamp)
            headers["webhook-signature"] = sign(self.key, wid, stamp, body)
        answer = _http.post(self.url, body, headers, self.timeout)
        said = answer.body.decode("utf-8", "replace") if isinstance(answer, _http.Response) else ""
        bad = _http.outcome(answer, self.secrets, said)
        return bad or Result("sent", ref=wid, detail="delivered")
