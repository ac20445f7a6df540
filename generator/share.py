"""Share links: plain URLs to each network's own share page, no scripts, no tracking.

Text and URL are percent-encoded as UTF-8, so right-to-left titles travel
intact. ``copy`` is a button the page script enables (the link is shown
anyway); the Web Share API is offered by the same script where it exists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from .i18n import translator

# Networks go by their brand names in every language; the rest are catalogue keys.
LABELS = {
    "x": "X",
    "facebook": "Facebook",
    "linkedin": "LinkedIn",
    "bluesky": "Bluesky",
    "mastodon": "Mastodon",
    "whatsapp": "WhatsApp",
    "telegram": "Telegram",
    "reddit": "Reddit",
}
MESSAGE_KEYS = {"email": "share_email", "copy": "copy_link"}


@dataclass(frozen=True)
class ShareLink:
    """One target: its id, visible label and href (empty for the copy button)."""

    target: str
    label: str
    href: str


# Each target's share URL; {t}, {u} and {both} stand for the percent-encoded text, URL and "text URL".
HREF_PATTERNS = {
    "x": "https://x.com/intent/tweet?text={t}&url={u}",
    "facebook": "https://www.facebook.com/sharer/sharer.php?u={u}",
    "linkedin": "https://www.linkedin.com/sharing/share-offsite/?url={u}",
    "bluesky": "https://bsky.app/intent/compose?text={both}",
    "mastodon": "https://mastodonshare.com/?text={t}&url={u}",
    "whatsapp": "https://wa.me/?text={both}",
    "telegram": "https://t.me/share/url?url={u}&text={t}",
    "reddit": "https://www.reddit.com/submit?url={u}&title={t}",
    "email": "mailto:?subject={t}&body={u}",
    "copy": "",
}


# quote(char, safe="") of every ASCII character: itself for letters, digits and "_.-~", else %XX.
_ASCII = str.maketrans({chr(code): quote(chr(code), safe="") for code in range(128)})


def encode(text: str) -> str:
    """``text`` percent-encoded as UTF-8, every reserved character included (``quote(text, safe="")``).

    Encoding works character by character, so ``encode(a + b) == encode(a) + encode(b)``.
    """
    return text.translate(_ASCII) if text.isascii() else quote(text, safe="")


def href(target: str, url: str, text: str) -> str:
    """The share URL for one target."""
    t, u = encode(text), encode(url)
    return HREF_PATTERNS[target].format(t=t, u=u, both=f"{t}%20{u}")


def label(target: str, t: Callable[[str], str] | None = None) -> str:
    """The visible name of one target, in the language of ``t`` (English without one)."""
    if target in MESSAGE_KEYS:
        return (t or translator("en"))(MESSAGE_KEYS[target])
    return LABELS[target]


def links(
    targets: tuple[str, ...], url: str, text: str, t: Callable[[str], str] | None = None
) -> tuple[ShareLink, ...]:
    """Share links for ``url`` titled ``text``, in the configured order, labelled in ``t``'s language."""
    return tuple(ShareLink(target, label(target, t), href(target, url, text)) for target in targets)
