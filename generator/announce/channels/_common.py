"""What every channel reads from its options and the environment."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from urllib.parse import urlsplit

from generator.announce.channels._http import DEFAULT_TIMEOUT


class ChannelSetupError(ValueError):
    """A channel cannot be built: a missing variable, a bad option. Never carries a secret."""


class Setup:
    """One channel entry and the environment, with typed, checked access."""

    def __init__(self, options: Mapping[str, object], env: Mapping[str, str]) -> None:
        self.options = options
        self.env = env
        self.id = str(options.get("id", "") or "")
        self.type = str(options.get("type", "") or "")
        self.language = str(options.get("language", "en") or "en")
        self.secrets: list[str] = []
        timeout = options.get("timeout", DEFAULT_TIMEOUT)
        if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
            raise self.error("'timeout' must be a positive number of seconds")
        self.timeout = float(timeout)

    def error(self, text: str) -> ChannelSetupError:
        return ChannelSetupError(f"channel {self.id!r} ({self.type}): {text}")

    def text(self, key: str, default: str | None = None) -> str:
        value = self.options.get(key, default)
        if value is None or not isinstance(value, str | int) or isinstance(value, bool) or str(value) == "":
            raise self.error(f"option {key!r} is required (a text)")
        return str(value)

    def number(self, key: str, default: int) -> int:
        value = self.options.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise self.error(f"option {key!r} must be a positive whole number")
        return value

    def secret(self, key: str, required: bool = True) -> str:
        """The value of the environment variable that option ``key`` names."""
        name = self.options.get(key)
        if name is None and not required:
            return ""
        if not isinstance(name, str) or not name:
            raise self.error(f"option {key!r} must name an environment variable")
        value = self.env.get(name, "")
        if not value:
            raise self.error(f"environment variable {name} (from {key!r}) is not set or empty")
        self.secrets.append(value)
        return value

    def url(self, value: str, what: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise self.error(f"{what} is not an http(s) URL")
        return value

    def secret_url(self, key: str) -> str:
        value = self.url(self.secret(key), f"the URL in the variable {self.options.get(key)}")
        parts = urlsplit(value)
        for piece in (parts.path, parts.query):
            if piece not in ("", "/"):
                self.secrets.append(piece)
        return value


def digest(key: str, length: int = 32) -> str:
    """A stable hex digest of a delivery key (ids derived from it are stable across retries)."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:length]


class UrlChannel:
    """A channel that posts to a webhook URL read from ``url_env`` (the URL is the secret)."""

    type = ""

    def __init__(self, setup: Setup) -> None:
        self.id = setup.id
        self.url = setup.secret_url("url_env")
        self.secrets = setup.secrets
        self.timeout = setup.timeout
