"""Privacy-friendly embeds for a leader's video statement.

YouTube links play from youtube-nocookie.com and Vimeo links with ``dnt=1``;
the page loads neither until the reader clicks play. The link is split the way
a browser splits it (:func:`generator.urls.host_and_path`): the provider named on
the page is the host the "watch" link really goes to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs

from .urls import host_and_path

_YT_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")


@dataclass(frozen=True)
class Embed:
    """Where the player comes from and the address to load on click."""

    provider: str
    src: str


def embed(url: str) -> Embed | None:
    """The privacy-friendly player for a YouTube or Vimeo link; None for anything else."""
    host, path, query = host_and_path(url)
    host = host.removeprefix("www.").removeprefix("m.")
    video_id = ""
    if host in ("youtube.com", "youtube-nocookie.com"):
        if path == "/watch":
            video_id = parse_qs(query).get("v", [""])[0]
        elif path.startswith(("/embed/", "/shorts/", "/live/")):
            video_id = path.split("/")[2]
    elif host == "youtu.be":
        video_id = path.lstrip("/").split("/")[0]
    if video_id and _YT_ID.match(video_id):
        return Embed("YouTube", f"https://www.youtube-nocookie.com/embed/{video_id}?autoplay=1&rel=0")
    if host in ("vimeo.com", "player.vimeo.com"):
        numbers = [part for part in path.split("/") if part.isdigit()]
        if numbers:
            return Embed("Vimeo", f"https://player.vimeo.com/video/{numbers[0]}?dnt=1&autoplay=1")
    return None
