"""What a run must do for each channel: the ledger's records against every update of the site.

Per (update, channel) the records say one of: settled (sent, baseline, expired, unknown),
in flight (another run's claim whose lease has not run out), or to send (nothing yet, failed,
released, or lost: a claim without an outcome after its lease, re-sent only where the network
can tell a resend from a new post, else settled as unknown). A channel seen for the first time
records a baseline: the updates that exist then are never sent to it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from generator.announce.ledger import Record, Records
from generator.announce.messages import Item
from generator.announce.settings import ChannelSpec

# How long a network recognises a resend of the same delivery (seconds; None: always).
# Mastodon keeps an Idempotency-Key for an hour; a Bluesky record key, a webhook-id and an email's
# Message-ID stay the same forever. Other types cannot tell a resend from a new post.
RESENDABLE: dict[str, float | None] = {"webhook": None, "bluesky": None, "email": None, "mastodon": 3600.0}
LEASE_MARGIN = 60.0  # seconds a claim lasts beyond the time its sends may take
SETTLED = ("sent", "expired", "unknown")
OUTCOMES = ("sent", "failed", "unknown", "released")


@dataclass(frozen=True)
class Send:
    item: Item
    attempt: int
    resend: bool = False  # a lost or unknown earlier attempt, re-sent with the same idempotency key


@dataclass
class ChannelPlan:
    spec: ChannelSpec
    baseline: Record | None = None  # to record (the channel is new)
    covered: int = 0  # updates under the baseline
    done: int = 0  # sent earlier
    sends: list[Send] = field(default_factory=list)
    expire: list[Item] = field(default_factory=list)
    lost: list[tuple[Item, Record]] = field(default_factory=list)  # claims without outcome: now unknown
    inflight: list[Item] = field(default_factory=list)
    unknown: list[Item] = field(default_factory=list)  # settled as unknown by an earlier run
    refs: dict[str, dict[int, str]] = field(default_factory=dict)  # incident -> update index -> post ref


@dataclass
class KeyState:
    settled: str = ""  # sent | expired | unknown
    ref: str = ""
    attempts: int = 0
    first_at: float | None = None  # when the first attempt was claimed
    open: Record | None = None  # the latest claim without an outcome
    unknown: bool = False  # an earlier attempt ended unknown


def states(records: list[Record]) -> tuple[dict[str, KeyState], Record | None]:
    """Per update key, what the records say; and the channel's baseline record, if any."""
    baseline: Record | None = None
    out: dict[str, KeyState] = {}
    intents: dict[str, dict[tuple[str, int], Record]] = {}
    for rec in records:
        kind = rec.get("k")
        if kind == "baseline":
            baseline = baseline or rec
            continue
        key = str(rec.get("key", ""))
        state = out.setdefault(key, KeyState())
        claim = (str(rec.get("run", "")), int(rec.get("n", 0) or 0))
        if kind == "intent":
            intents.setdefault(key, {})[claim] = rec
            state.attempts = max(state.attempts, claim[1])
            at = float(rec.get("at", 0) or 0)
            state.first_at = at if state.first_at is None else min(state.first_at, at)
        elif kind in OUTCOMES:
            intents.get(key, {}).pop(claim, None)
            if kind == "sent":
                state.settled, state.ref = "sent", str(rec.get("ref", ""))
            elif kind == "unknown":
                state.unknown = True
                if rec.get("final"):
                    state.settled = state.settled or "unknown"
        elif kind == "expired":
            state.settled = state.settled or "expired"
    for key, open_claims in intents.items():
        if open_claims:
            out[key].open = max(open_claims.values(), key=lambda r: int(r.get("n", 0) or 0))
    return out, baseline


def _covered(baseline: Record | None, item: Item) -> bool:
    counts = baseline.get("updates", {}) if baseline else {}
    return isinstance(counts, Mapping) and item.update.index < int(counts.get(item.incident.id, 0) or 0)


def wanted(spec: ChannelSpec, item: Item) -> bool:
    """Whether the channel's filters let this incident through (all its updates, or none)."""
    if spec.impacts and item.incident.impact not in spec.impacts:
        return False
    return not spec.components or bool(spec.components & set(item.incident.affected))


def channel_plan(
    spec: ChannelSpec, items: list[Item], records: Records, now: float, max_age: timedelta
) -> ChannelPlan:
    found, baseline = states(records.of(spec.id))
    plan = ChannelPlan(spec)
    if baseline is None:
        counts: dict[str, int] = {}
        for item in items:
            counts[item.incident.id] = max(counts.get(item.incident.id, 0), item.update.index + 1)
        plan.baseline = baseline = {"k": "baseline", "updates": counts, "at": now}
    oldest = datetime.fromtimestamp(now, UTC) - max_age
    window = RESENDABLE.get(spec.type, 0.0)
    for item in items:
        if _covered(baseline, item):
            plan.covered += 1
            continue
        state = found.get(item.key, KeyState())
        if state.settled == "sent":
            plan.done += 1
            plan.refs.setdefault(item.incident.id, {})[item.update.index] = state.ref
            continue
        if not wanted(spec, item) or state.settled == "expired":
            continue
        if state.settled == "unknown":
            plan.unknown.append(item)
            continue
        resendable = window is None or (
            window and state.first_at is not None and now - state.first_at < float(window)
        )
        if state.open is not None:
            if now < float(state.open.get("until", 0) or 0):
                plan.inflight.append(item)
            elif resendable:
                plan.sends.append(Send(item, state.attempts + 1, resend=True))
            else:
                plan.lost.append((item, state.open))
            continue
        if state.unknown and not resendable:
            plan.unknown.append(item)
            continue
        if item.at < oldest:
            plan.expire.append(item)
            continue
        plan.sends.append(Send(item, state.attempts + 1, resend=state.unknown))
    return plan


def lease(spec: ChannelSpec, sends: int, now: float) -> float:
    """Until when a claim of ``sends`` deliveries holds: their timeouts and a margin."""
    return now + LEASE_MARGIN + sends * (spec.timeout + 1.0)


def claim_records(plan: ChannelPlan, run: str, now: float, claiming: bool) -> list[tuple[str, Record]]:
    """The records that settle the plan before anything is sent (and claim its sends)."""
    cid = plan.spec.id
    out: list[tuple[str, Record]] = []
    if plan.baseline is not None:
        out.append((cid, plan.baseline))
    out += [(cid, {"k": "expired", "key": it.key, "at": now}) for it in plan.expire]
    out += [
        (cid, {"k": "unknown", "key": it.key, "run": rec.get("run", ""), "n": rec.get("n", 0), "at": now,
               "final": True, "detail": "a run claimed it and stopped before recording what happened"})
        for it, rec in plan.lost
    ]  # fmt: skip
    if claiming and plan.sends:
        until = lease(plan.spec, len(plan.sends), now)
        out += [
            (cid, {"k": "intent", "key": s.item.key, "run": run, "n": s.attempt, "at": now, "until": until})
            for s in plan.sends
        ]
    return out


def plans(
    specs: tuple[ChannelSpec, ...], items: list[Item], records: Records, now: float, max_age: timedelta
) -> list[ChannelPlan]:
    return [channel_plan(spec, items, records, now, max_age) for spec in specs]


def refs_of(plan: ChannelPlan, incident: str) -> dict[int, str]:
    return plan.refs.setdefault(incident, {})


def thread(refs: Mapping[int, str], index: int) -> tuple[str, str]:
    """(root, parent) for update ``index``: the incident's first post and its latest before it."""
    earlier = sorted(i for i in refs if i < index and refs[i])
    if not earlier:
        return "", ""
    return refs[earlier[0]], refs[earlier[-1]]


def summary(plan: ChannelPlan) -> dict[str, Any]:
    return {
        "send": len(plan.sends),
        "expire": len(plan.expire),
        "lost": len(plan.lost),
        "inflight": len(plan.inflight),
        "unknown": len(plan.unknown),
        "done": plan.done,
        "baseline": plan.covered if plan.baseline is not None else 0,
    }
