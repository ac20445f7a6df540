"""Fit one update into a network's length limit.

A post says: the incident title, the status word, the message, the next-update promise and the
link to the update's anchor. The link and the status word always survive; the promise goes
before the title is cut; the message is cut at a sentence, else at a word, else hard with an
ellipsis, never inside a URL and never inside a grapheme (user-perceived character, Unicode
UAX #29 via the ``regex`` module's ``\\X``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import regex

from generator.announce.base import Message

Counter = Callable[[str], int]
ELLIPSIS = "…"
_GRAPHEME = regex.compile(r"\X")
_URL = regex.compile(r"https?://\S+")
# A sentence ends with . ! ? (or their CJK/Arabic forms) followed by space or the end; CJK full
# stops end a sentence even without a following space.
_SENTENCE_END = regex.compile(r"(?:[.!?؟।]+[\"')\]»”’]*(?=\s|$))|[。！？]+")
_SPACE = regex.compile(r"\s+")


def graphemes(text: str) -> list[str]:
    """The text's grapheme clusters."""
    return _GRAPHEME.findall(text)


def count_graphemes(text: str) -> int:
    """Length as Bluesky counts it: grapheme clusters."""
    return len(graphemes(text))


def count_codepoints(text: str) -> int:
    return len(text)


def count_utf16(text: str) -> int:
    """Length in UTF-16 code units (Telegram, Discord and Slack count this way)."""
    return len(text.encode("utf-16-le")) // 2


def count_mastodon(text: str, url_length: int = 23) -> int:
    """Length as Mastodon counts it: graphemes, every URL as ``url_length`` characters."""
    return count_graphemes(_URL.sub("x" * url_length, text))


@dataclass(frozen=True)
class Parts:
    """What a post is made of; ``render`` lays it out."""

    title: str
    label: str
    body: str
    promise: str
    link: str


def parts_of(message: Message) -> Parts:
    return Parts(
        title=message.incident_title.strip(),
        label=message.status_label.strip(),
        body=message.body.strip(),
        promise=message.next_update.strip(),
        link=message.url,
    )


def render(parts: Parts) -> str:
    """The plain layout: ``title — label``, the message, the promise, the link."""
    head = f"{parts.title} — {parts.label}" if parts.title else parts.label
    blocks = [head, parts.body, parts.promise, parts.link]
    return "\n\n".join(b for b in blocks if b)


def _protected(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _URL.finditer(text)]


def _safe(cut: int, spans: list[tuple[int, int]]) -> int:
    """Move a cut out of a URL (to its start)."""
    for start, end in spans:
        if start < cut < end:
            return start
    return cut


def _cuts(text: str) -> tuple[list[int], list[int], list[int]]:
    """Candidate cut offsets: sentence ends, word ends, grapheme ends (ascending)."""
    spans = _protected(text)
    sentences = sorted({_safe(m.end(), spans) for m in _SENTENCE_END.finditer(text)})
    words = sorted({_safe(m.start(), spans) for m in _SPACE.finditer(text)})
    offsets, pos = [], 0
    for g in graphemes(text):
        pos += len(g)
        offsets.append(_safe(pos, spans))
    return sentences, words, sorted(set(offsets))


def _largest(cuts: list[int], fits: Callable[[int], bool]) -> int | None:
    """The largest cut that fits (binary search: longer prefixes never count less)."""
    lo, hi, best = 0, len(cuts) - 1, None
    while lo <= hi:
        mid = (lo + hi) // 2
        if fits(cuts[mid]):
            best, lo = cuts[mid], mid + 1
        else:
            hi = mid - 1
    return best


def cut_text(text: str, fits: Callable[[str], bool]) -> str:
    """The longest prefix of ``text`` that ``fits``: at a sentence if that keeps at least half of
    what a word cut keeps, else at a word, else hard; word and hard cuts end with an ellipsis."""
    if fits(text):
        return text
    sentences, words, offsets = _cuts(text)
    word = _largest(words, lambda i: i > 0 and fits(text[:i].rstrip() + ELLIPSIS))
    sentence = _largest(sentences, lambda i: i > 0 and fits(text[:i].rstrip()))
    if sentence is not None and (word is None or sentence * 2 >= word):
        return text[:sentence].rstrip()
    if word is not None:
        return text[:word].rstrip() + ELLIPSIS
    hard = _largest(offsets, lambda i: i > 0 and fits(text[:i] + ELLIPSIS))
    if hard is not None:
        return text[:hard] + ELLIPSIS
    return ""


def fit(
    parts: Parts,
    limit: int,
    count: Counter = count_graphemes,
    layout: Callable[[Parts], str] = render,
) -> str:
    """Lay ``parts`` out within ``limit`` as ``count`` measures it (``count`` may include the
    network's escaping, so an escaped text fits too)."""

    def ok(p: Parts) -> bool:
        return count(layout(p)) <= limit

    if ok(parts):
        return layout(parts)
    bare = Parts(parts.title, parts.label, "", parts.promise, parts.link)
    if not ok(bare):
        bare = Parts(parts.title, parts.label, "", "", parts.link)
        parts = Parts(parts.title, parts.label, parts.body, "", parts.link)
    if not ok(bare):
        title = cut_text(parts.title, lambda t: ok(Parts(t, parts.label, "", "", parts.link)))
        parts = Parts(title, parts.label, "", "", parts.link)
        if not ok(parts):  # only the link and the word are left: the link wins
            parts = Parts("", "", "", "", parts.link)
        return layout(parts)
    body = cut_text(parts.body, lambda b: ok(Parts(parts.title, parts.label, b, parts.promise, parts.link)))
    return layout(Parts(parts.title, parts.label, body, parts.promise, parts.link))
