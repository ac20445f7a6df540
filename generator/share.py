"""Share links: plain URLs to each network's own share page, no scripts, no tracking.

Text and URL are percent-encoded as UTF-8, so right-to-left titles travel
intact. ``copy`` is a button the page script enables (the link is shown
anyway); the Web Share API is offered by the same script where it exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

LABELS = {
    "x": "X",
    "facebook": "Facebook",
    "linkedin": "LinkedIn",
    "bluesky": "Bluesky",
    "mastodon": "Mastodon",
    "whatsapp": "WhatsApp",
    "telegram": "Telegram",
    "reddit": "Reddit",
    "email": "Email",
    "copy": "Copy link",
}


@dataclass(frozen=True)
class ShareLink:
    """One target: its id, visible label and href (empty for the copy button)."""

    target: str
    label: str
    href: str


def _q(text: str) -> str:
    return quote(text, safe="")


def href(target: str, url: str, text: str) -> str:
    """The share URL for one target."""
    u, t, both = _q(url), _q(text), _q(f"{text} {url}")
    return {
        "x": f"https://x.com/intent/tweet?text={t}&url={u}",
        "facebook": f"https://www.facebook.com/sharer/sharer.php?u={u}",
        "linkedin": f"https://www.linkedin.com/sharing/share-offsite/?url={u}",
        "bluesky": f"https://bsky.app/intent/compose?text={both}",
        "mastodon": f"https://mastodonshare.com/?text={t}&url={u}",
        "whatsapp": f"https://wa.me/?text={both}",
        "telegram": f"https://t.me/share/url?url={u}&text={t}",
        "reddit": f"https://www.reddit.com/submit?url={u}&title={t}",
        "email": f"mailto:?subject={t}&body={u}",
        "copy": "",
    }[target]


def links(targets: tuple[str, ...], url: str, text: str) -> tuple[ShareLink, ...]:
    """Share links for ``url`` titled ``text``, in the configured order."""
    return tuple(ShareLink(t, LABELS[t], href(t, url, text)) for t in targets)
