"""The networks an update can be announced on: one module per type, built by ``make_channel``.

Options are one validated channel entry from mkdocs.yml (``id``, ``type``, ``language`` and the
type's keys below). Secrets never appear in options: an option ending in ``_env`` names the
environment variable that holds the secret, read from ``env`` here and nowhere else.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping

from generator.announce.base import Channel
from generator.announce.channels._common import ChannelSetupError, Setup

__all__ = ["CHANNEL_TYPES", "COMMON_KEYS", "OPTION_KEYS", "ChannelSetupError", "make_channel"]

# Keys every channel entry may have (the engine may add its own, e.g. filters).
COMMON_KEYS: tuple[str, ...] = ("id", "type", "language", "timeout")

# type -> (required keys, optional keys), beside COMMON_KEYS.
OPTION_KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "webhook": (("url_env",), ("secret_env",)),
    "slack": (("url_env",), ()),
    "discord": (("url_env",), ()),
    "teams": (("url_env",), ()),
    "mattermost": (("url_env",), ("username",)),
    "telegram": (("token_env", "chat_id"), ("server",)),
    "mastodon": (("server", "token_env"), ("visibility", "max_chars")),
    "bluesky": (("identifier", "password_env"), ("server",)),
    "email": (
        ("host", "from", "to"),
        ("port", "security", "username_env", "password_env", "html"),
    ),
}
CHANNEL_TYPES: tuple[str, ...] = tuple(OPTION_KEYS)


_CLASSES = {  # type -> (module, class): a channel's module is imported only when it is configured
    "webhook": ("webhook", "WebhookChannel"),
    "slack": ("slack", "SlackChannel"),
    "discord": ("discord", "DiscordChannel"),
    "teams": ("teams", "TeamsChannel"),
    "mattermost": ("mattermost", "MattermostChannel"),
    "telegram": ("telegram", "TelegramChannel"),
    "mastodon": ("mastodon", "MastodonChannel"),
    "bluesky": ("bluesky", "BlueskyChannel"),
    "email": ("email", "EmailChannel"),
}


def make_channel(options: Mapping[str, object], env: Mapping[str, str]) -> Channel:
    """The configured channel; ChannelSetupError (a ValueError) names what is missing or wrong."""
    kind = str(options.get("type", ""))
    setup = Setup(options, env)
    if kind not in _CLASSES:
        raise ChannelSetupError(
            f"channel {setup.id!r}: unknown type {kind!r} (one of {', '.join(CHANNEL_TYPES)})"
        )
    module, name = _CLASSES[kind]
    channel: Channel = getattr(importlib.import_module(f"generator.announce.channels.{module}"), name)(setup)
    return channel
