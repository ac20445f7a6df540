"""One ``statuskit announce`` run: settle and claim in the ledger, send, record what happened.

1. Fetch the ledger; plan every channel against every update of the site (plan.py).
2. One compare-and-swap push records baselines, expiries, lost claims and this run's intents;
   a rejected push recomputes the plan on the new tip, so whatever another run claimed first is
   dropped here: only the run whose push won sends.
3. Each channel sends its deliveries in order (an incident's later updates thread under its
   first post) on a thread of its own; a channel that fails stops for this run and hands the
   rest back (``released``); a 429's short ``Retry-After`` is waited out once.
4. Outcomes are pushed every few seconds and at the end: a killed run leaves claims without
   outcomes, which the next run treats as lost (plan.py), never as unsent.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

from generator.announce import plan as planning
from generator.announce.base import Channel, Delivery, Message, Result
from generator.announce.ledger import Ledger, Record, Records
from generator.announce.messages import Composer, items
from generator.announce.settings import Settings
from generator.model import Site

CHECKPOINT = 5.0  # seconds between pushes of outcomes while sending
MAX_WAIT = 30.0  # the longest Retry-After waited out within a run
WORKERS = 16  # channels sending at once (each waits on its own network)


@dataclass
class Tally:
    """What happened on one channel in this run, for the report."""

    id: str
    type: str
    sent: list[tuple[str, str]] = field(default_factory=list)  # (key, detail)
    failed: list[tuple[str, str]] = field(default_factory=list)
    unknown: list[tuple[str, str]] = field(default_factory=list)
    retried: list[str] = field(default_factory=list)
    released: int = 0
    setup_error: str = ""


@dataclass
class Outcome:
    tally: Tally
    plan: planning.ChannelPlan | None = None


class Run:
    """A run over ``site`` with the configured channels (a ChannelSetupError stands for one that
    could not be built: it fails without blocking the others)."""

    def __init__(
        self,
        site: Site,
        settings: Settings,
        channels: Mapping[str, Channel | Exception],
        ledger: Ledger,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.site = site
        self.settings = settings
        self.channels = channels
        self.ledger = ledger
        self.clock = clock
        self.sleep = sleep
        self.id = uuid.uuid4().hex[:12]
        self.items = items(site)
        self.composer = Composer(site)
        self.plans: list[planning.ChannelPlan] = []
        self.tallies = {s.id: Tally(s.id, s.type) for s in settings.channels}
        self.claimed_at = 0.0
        self._pending: list[tuple[str, Record]] = []
        self._lock = threading.Lock()
        self.stop = threading.Event()  # the run was interrupted: each channel stops before its next send

    def ready(self, channel_id: str) -> bool:
        return not isinstance(self.channels.get(channel_id), Exception)

    def _plan(self, records: Records, claiming: bool) -> list[tuple[str, Record]]:
        now = self.claimed_at = self.clock()
        self.plans = planning.plans(self.settings.channels, self.items, records, now, self.settings.max_age)
        out: list[tuple[str, Record]] = []
        for p in self.plans:
            out += planning.claim_records(p, self.id, now, claiming and self.ready(p.spec.id))
        return out

    def dry_run(self) -> list[planning.ChannelPlan]:
        """The plan against the ledger's tip; nothing is written or sent."""
        self._plan(self.ledger.fetch(), claiming=False)
        return self.plans

    def execute(self) -> list[planning.ChannelPlan]:
        self.ledger.fetch()
        self.ledger.update(lambda records: self._plan(records, claiming=True), f"announce {self.id}: claim")
        for p in self.plans:
            failed = self.channels.get(p.spec.id)
            if isinstance(failed, Exception):
                self.tallies[p.spec.id].setup_error = str(failed)
            for item, _rec in p.lost:
                self.tallies[p.spec.id].unknown.append(
                    (item.key, "claimed by a run that stopped; maybe sent")
                )
        work = [p for p in self.plans if p.sends and self.ready(p.spec.id)]
        messages = {
            (s.item.key, p.spec.language): self.composer.message(s.item, p.spec.language)
            for p in work
            for s in p.sends
        }
        pool = ThreadPoolExecutor(max_workers=max(1, min(WORKERS, len(work))))
        try:
            futures: set[Future[None]] = {pool.submit(self._send_all, p, messages) for p in work}
            last = self.clock()
            while futures:
                done, futures = wait(futures, timeout=CHECKPOINT, return_when=FIRST_COMPLETED)
                for future in done:
                    future.result()
                if self.clock() - last >= CHECKPOINT:
                    self._record("outcomes")
                    last = self.clock()
        except BaseException:  # interrupted (SIGINT, SIGTERM): no new sends; what was sent is recorded
            self.stop.set()
            raise
        finally:
            pool.shutdown(wait=True)
            self._record("outcomes")
        return self.plans

    def _record(self, what: str) -> None:
        with self._lock:
            pending, self._pending = self._pending, []
        if pending:
            self.ledger.update(lambda records: pending, f"announce {self.id}: {what}")

    def _note(self, channel_id: str, record: Record) -> None:
        with self._lock:
            self._pending.append((channel_id, record))

    def _send_all(self, p: planning.ChannelPlan, messages: Mapping[tuple[str, str], Message]) -> None:
        channel = self.channels[p.spec.id]
        assert not isinstance(channel, Exception)
        tally = self.tallies[p.spec.id]
        until = planning.lease(p.spec, len(p.sends), self.claimed_at)  # what the intents say
        for position, send in enumerate(p.sends):
            if self.stop.is_set():
                self._release(p, position, "the run was interrupted")
                return
            if self.clock() + p.spec.timeout >= until:
                self._release(p, position, "the claim's time ran out")
                return
            item = send.item
            refs = planning.refs_of(p, item.incident.id)
            root, parent = planning.thread(refs, item.update.index)
            delivery = Delivery(
                key=f"{item.key}/{p.spec.id}",
                channel_id=p.spec.id,
                message=messages[(item.key, p.spec.language)],
                thread_root=root,
                thread_parent=parent,
                attempt=send.attempt,
            )
            result = self._attempt(channel, delivery)
            if result.outcome == "failed" and result.retry_after is not None:
                wait_for = max(0.0, result.retry_after)
                if wait_for <= MAX_WAIT and self.clock() + wait_for + p.spec.timeout < until:
                    tally.retried.append(f"{item.key}: waited {wait_for:g}s ({result.detail})")
                    self.sleep(wait_for)
                    result = self._attempt(channel, delivery)
            self._outcome(p, send, result, tally)
            if result.outcome == "sent":
                refs[item.update.index] = result.ref
            elif result.outcome == "failed":
                self._release(p, position + 1, "the channel failed earlier in this run")
                return

    @staticmethod
    def _attempt(channel: Channel, delivery: Delivery) -> Result:
        """One send; a bug of ours in it is an unknown outcome (it may have been sent), not a crash."""
        try:
            return channel.send(delivery)
        except Exception as exc:  # the message is not shown: it could quote what the channel holds
            return Result("unknown", detail=f"statuskit error while sending ({type(exc).__name__})")

    def _outcome(self, p: planning.ChannelPlan, send: planning.Send, result: Result, tally: Tally) -> None:
        key = send.item.key
        record: Record = {
            "k": result.outcome,
            "key": key,
            "run": self.id,
            "n": send.attempt,
            "at": self.clock(),
        }
        if result.ref:
            record["ref"] = result.ref
        if result.detail:
            record["detail"] = result.detail
        if result.outcome == "unknown" and p.spec.type not in planning.RESENDABLE:
            record["final"] = True
        self._note(p.spec.id, record)
        line = (key, result.detail + (f" (attempt {send.attempt})" if send.attempt > 1 else ""))
        getattr(tally, result.outcome).append(line)
        if result.outcome == "sent" and send.attempt > 1:
            tally.retried.append(
                f"{key}: attempt {send.attempt}" + (" (resent, same key)" if send.resend else "")
            )

    def _release(self, p: planning.ChannelPlan, start: int, why: str) -> None:
        rest = p.sends[start:]
        for send in rest:
            self._note(p.spec.id, {"k": "released", "key": send.item.key, "run": self.id, "n": send.attempt,
                                   "at": self.clock(), "detail": why})  # fmt: skip
        self.tallies[p.spec.id].released += len(rest)
