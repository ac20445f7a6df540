"""The run's report: per channel what was sent, skipped, retried and failed (never a secret:
details come from the channels, which mask what they hold)."""

from __future__ import annotations

from generator.announce.plan import ChannelPlan
from generator.announce.run import Tally

MAX_LINES = 20  # per list and channel; the counts are always complete


def _list(label: str, rows: list[str]) -> list[str]:
    out = [f"    {label:<9}{row}" for row in rows[:MAX_LINES]]
    if len(rows) > MAX_LINES:
        out.append(f"    {label:<9}... and {len(rows) - MAX_LINES} more")
    return out


def skipped(plan: ChannelPlan) -> list[str]:
    out = []
    if plan.baseline is not None:
        out.append(f"baseline: {plan.covered} earlier update(s) recorded, not sent (the channel is new)")
    out += _list("expired", [f"{i.key} (older than max_age)" for i in plan.expire])
    out += _list("busy", [f"{i.key} (claimed by a run still at it)" for i in plan.inflight])
    out += _list("unknown", [f"{i.key} (earlier run: maybe sent; not sent again)" for i in plan.unknown])
    return out


def dry_run(plans: list[ChannelPlan], problems: dict[str, str]) -> str:
    lines = ["announce --dry-run: nothing is sent or recorded"]
    for p in plans:
        lines.append(
            f"{p.spec.id} ({p.spec.type}): would send {len(p.sends)}, expire {len(p.expire)}, "
            f"{len(p.inflight)} busy, {len(p.unknown) + len(p.lost)} unknown, {p.done} sent earlier"
        )
        if p.spec.id in problems:
            lines.append(f"    cannot run: {problems[p.spec.id]}")
        lines += _list("send", [f"{s.item.key}" + (f" (attempt {s.attempt})" if s.attempt > 1 else "")
                                for s in p.sends])  # fmt: skip
        lines += [line if line.startswith("    ") else f"    {line}" for line in skipped(p)]
        lines += _list("unknown", [f"{i.key} (a run stopped after claiming it)" for i, _ in p.lost])
    return "\n".join(lines)


def run(plans: list[ChannelPlan], tallies: dict[str, Tally]) -> tuple[str, bool]:
    """The report and whether the run went wrong somewhere (exit 1)."""
    lines: list[str] = []
    bad = False
    for p in plans:
        t = tallies[p.spec.id]
        bad = bad or bool(t.failed or t.unknown or t.setup_error)
        lines.append(
            f"{t.id} ({t.type}): sent {len(t.sent)}, retried {len(t.retried)}, failed {len(t.failed)}, "
            f"unknown {len(t.unknown)}, skipped {len(p.expire) + len(p.inflight) + len(p.unknown)}"
            + (f", {t.released} left for the next run" if t.released else "")
        )
        if t.setup_error:
            lines.append(f"    failed   cannot set up the channel: {t.setup_error} (retried next run)")
        lines += _list("sent", [f"{k} {d}".rstrip() for k, d in t.sent])
        lines += _list("retried", t.retried)
        lines += _list("failed", [f"{k} {d} (retried next run)" for k, d in t.failed])
        lines += _list("unknown", [f"{k} {d}" for k, d in t.unknown])
        lines += [line if line.startswith("    ") else f"    {line}" for line in skipped(p)]
    if not plans:
        lines.append("no announce channels configured (plugins: statuskit: announce: channels:)")
    return "\n".join(lines), bad
