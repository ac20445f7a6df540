"""The contract between the announce engine and its channels.

The engine (plan, ledger, run) decides *what* must be delivered where; a channel only turns one
``Message`` into one request to its network and says what happened. Channels never read the
ledger, the site or the environment themselves: the engine hands them everything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

Outcome = Literal["sent", "failed", "unknown"]


@dataclass(frozen=True)
class Message:
    """One incident update, as every channel may need to say it."""

    incident_id: str
    incident_title: str
    update_index: int  # position in the incident's updates (0 = the first)
    status: str  # the vocabulary word (investigating, ..., resolved; scheduled, ...)
    status_label: str  # that word in the channel's language ("Investigating")
    impact: str  # none | minor | major | critical | maintenance
    body: str  # the update's message as plain text (markdown stripped)
    body_markdown: str  # the update's message as the operator wrote it
    url: str  # absolute link to the update's anchor on the incident page
    incident_url: str  # absolute link to the incident page
    at: str  # ISO 8601 time of the update
    next_update: str = ""  # human sentence with the promise ("Next update by 14:00 UTC"), or ""
    components: tuple[tuple[str, str], ...] = ()  # (component name, status label) changed by this update
    language: str = "en"
    site_name: str = ""
    site_url: str = ""
    payload: dict[str, object] = field(default_factory=dict)  # Statuspage webhook shape (engine builds it)


@dataclass(frozen=True)
class Delivery:
    """One (update, channel) pair: ``key`` is stable across runs and retries (idempotency key)."""

    key: str  # "<incident_id>/<update_index>/<channel_id>"
    channel_id: str
    message: Message
    thread_root: str = ""  # the network's id of the incident's first post on this channel, if any
    thread_parent: str = ""  # the network's id of the incident's latest post on this channel, if any
    attempt: int = 1


@dataclass(frozen=True)
class Result:
    """What a channel says after one attempt."""

    outcome: Outcome
    ref: str = ""  # the network's id of what was posted (status id, at-uri+cid, Message-ID, ...)
    detail: str = ""  # one line for the run's report; never a secret
    retry_after: float | None = None  # seconds, from a 429's Retry-After


class Channel(Protocol):
    """A configured channel: ``send`` makes one attempt and never raises for network trouble."""

    id: str
    type: str

    def send(self, delivery: Delivery) -> Result:
        """Deliver once; 'unknown' when the request may have reached the network (timeout after sending)."""
        ...
