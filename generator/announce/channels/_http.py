"""One HTTP POST and what its outcome means for a delivery.

``urllib.request`` (standard library): honours the runner's proxy variables, verifies TLS, and
its errors split cleanly at the point that matters: an error while connecting or sending is
``urllib.error.URLError`` (nothing reached the network: failed), an error while waiting for the
answer is raised as is (the request went out: unknown). Redirects are not followed: a POST
that is redirected is a misconfigured URL, reported as failed.
"""

from __future__ import annotations

import email.utils
import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from generator.announce.base import Result

DEFAULT_TIMEOUT = 10.0
USER_AGENT = "statuskit-announce"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def,unused-ignore]
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


@dataclass(frozen=True)
class Response:
    status: int
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> object:
        try:
            return json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return None


def mask(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every secret (and a URL's path, given as a secret) replaced by ``***``."""
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds from a Retry-After header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def post(
    url: str,
    body: bytes,
    headers: Mapping[str, str],
    timeout: float,
) -> Response | Result:
    """POST once: the response (any status), or a Result when no status came back."""
    request = urllib.request.Request(url, data=body, method="POST")
    request.add_header("User-Agent", USER_AGENT)
    for name, value in headers.items():
        request.add_header(name, value)
    try:
        with _OPENER.open(request, timeout=timeout) as answer:
            return Response(answer.status, dict(answer.headers.items()), answer.read())
    except urllib.error.HTTPError as err:
        try:
            data = err.read()
        except OSError:
            data = b""
        return Response(err.code, dict(err.headers.items()) if err.headers else {}, data)
    except urllib.error.URLError as err:  # connecting or sending: nothing was delivered
        reason = err.reason
        kind = type(reason).__name__ if isinstance(reason, BaseException) else "error"
        return Result("failed", detail=f"could not reach the server ({kind})")
    except (TimeoutError, ConnectionError, OSError) as err:  # sent, no (whole) answer
        return Result("unknown", detail=f"sent, but no answer ({type(err).__name__})")
    except ValueError:
        return Result("failed", detail="invalid URL")


def error_detail(response: Response, network_message: str = "") -> str:
    text = f"HTTP {response.status}"
    if network_message:
        text += f": {' '.join(network_message.split())[:160]}"
    return text


def outcome(response: Response | Result, secrets: Iterable[str], message: str = "") -> Result | None:
    """A Result for anything but a 2xx (None then: the caller reads the answer)."""
    secrets = list(secrets)
    if isinstance(response, Result):
        return Result(response.outcome, detail=mask(response.detail, secrets))
    if 200 <= response.status < 300:
        return None
    detail = mask(error_detail(response, message), secrets)
    if response.status == 429:
        return Result("failed", detail=detail, retry_after=retry_after(_header(response, "Retry-After")))
    return Result("failed", detail=detail)


def _header(response: Response, name: str) -> str | None:
    for key, value in response.headers.items():
        if key.lower() == name.lower():
            return value
    return None


def json_body(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def url_secrets(url: str) -> list[str]:
    """What of a webhook URL is secret: its path and query (the host is not)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    out = [url]
    if parts.path not in ("", "/"):
        out.append(parts.path)
    if parts.query:
        out.append(parts.query)
    return out
