"""The plan: what each (update, channel) needs, from the ledger's records alone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from generator.announce.ledger import Records
from generator.announce.messages import Composer, items
from generator.announce.plan import ChannelPlan, channel_plan, claim_records, lease, thread
from generator.announce.settings import ChannelSpec, check
from generator.configtext import ConfigText, Report
from generator.model import Component, Incident, Site, SiteConfig, Update

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
T = NOW.timestamp()
CONFIG = SiteConfig(
    "Example Status",
    "https://status.example.com/",
    ZoneInfo("UTC"),
    (Component("api", "API"), Component("web", "Web")),
)


def site(*incidents: Incident) -> Site:
    return Site.build(CONFIG, list(incidents), NOW)


def incident(iid: str, minutes: list[int], impact: str = "major", component: str = "api") -> Incident:
    statuses = ["investigating", "identified", "monitoring", "resolved"]
    updates = tuple(
        Update(
            n,
            NOW - timedelta(minutes=m),
            statuses[n],
            f"update {n}",
            components=((component, "major_outage"),),
        )
        for n, m in enumerate(minutes)
    )
    return Incident(
        iid, iid.upper(), impact, updates, f"incidents/{iid}.yaml", ((component, "major_outage"),)
    )


def spec(kind: str = "webhook", **kw: object) -> ChannelSpec:
    return ChannelSpec("ch", kind, "en", {"id": "ch", "type": kind}, **kw)  # type: ignore[arg-type]


def records(*recs: dict[str, object]) -> Records:
    out = Records()
    out.add("ch", {"k": "baseline", "updates": {}, "at": 0})
    for rec in recs:
        out.add("ch", rec)
    return out


def plan(kind: str, *recs: dict[str, object], now: float = T, **kw: object) -> ChannelPlan:
    s = site(incident("a", [30, 20]))
    return channel_plan(spec(kind, **kw), items(s), records(*recs), now, timedelta(hours=24))


def intent(key: str, n: int = 1, until: float = T + 60, at: float = T - 10) -> dict[str, object]:
    return {"k": "intent", "key": key, "run": "r1", "n": n, "at": at, "until": until}


def test_a_new_channel_records_a_baseline_of_everything_there_is() -> None:
    s = site(incident("a", [30, 20]), incident("b", [5]))
    p = channel_plan(spec(), items(s), Records(), T, timedelta(hours=24))
    assert p.baseline is not None and p.baseline["updates"] == {"a": 2, "b": 1}
    assert p.sends == [] and p.covered == 3
    later = Records()
    later.add("ch", p.baseline)
    grown = site(incident("a", [30, 20, 1]), incident("b", [5]))
    assert [x.item.key for x in channel_plan(spec(), items(grown), later, T, timedelta(hours=24)).sends] == [
        "a/2"
    ]


def test_nothing_recorded_is_sent_in_order() -> None:
    assert [(x.item.key, x.attempt) for x in plan("webhook").sends] == [("a/0", 1), ("a/1", 1)]


def test_sent_is_settled_and_keeps_its_ref_for_the_thread() -> None:
    p = plan("mastodon", intent("a/0"), {"k": "sent", "key": "a/0", "run": "r1", "n": 1, "ref": "111"})
    assert [x.item.key for x in p.sends] == ["a/1"] and p.done == 1
    assert p.refs == {"a": {0: "111"}}


def test_a_failure_is_retried_with_the_next_attempt_number() -> None:
    p = plan("slack", intent("a/0"), {"k": "failed", "key": "a/0", "run": "r1", "n": 1})
    first = p.sends[0]
    assert (first.item.key, first.attempt, first.resend) == ("a/0", 2, False)


def test_a_claim_in_its_lease_is_busy() -> None:
    p = plan("webhook", intent("a/0", until=T + 5))
    assert [i.key for i in p.inflight] == ["a/0"] and [x.item.key for x in p.sends] == ["a/1"]


@pytest.mark.parametrize(
    ("kind", "started", "resent"),
    [
        ("webhook", T - 86400 * 30, True),  # webhook-id: the receiver deduplicates, always
        ("bluesky", T - 86400 * 30, True),  # the same record key
        ("email", T - 86400 * 30, True),  # the same Message-ID
        ("mastodon", T - 600, True),  # its Idempotency-Key lasts an hour
        ("mastodon", T - 7200, False),
        ("slack", T - 600, False),
        ("telegram", T - 600, False),
    ],
)
def test_a_lost_claim_is_resent_only_where_the_network_deduplicates(
    kind: str, started: float, resent: bool
) -> None:
    p = plan(kind, intent("a/0", until=T - 1, at=started))
    if resent:
        assert (p.sends[0].item.key, p.sends[0].attempt, p.sends[0].resend) == ("a/0", 2, True)
        assert p.lost == []
    else:
        assert [i.key for i, _ in p.lost] == ["a/0"] and p.sends[0].item.key == "a/1"
        [(channel, record)] = [r for r in claim_records(p, "r2", T, claiming=False) if r[1]["k"] == "unknown"]
        assert channel == "ch" and record["final"] is True and record["run"] == "r1"


def test_an_unknown_outcome_is_settled_where_no_resend_is_safe() -> None:
    unknown = {"k": "unknown", "key": "a/0", "run": "r1", "n": 1, "final": True}
    assert [i.key for i in plan("slack", intent("a/0"), unknown).unknown] == ["a/0"]
    open_unknown = {"k": "unknown", "key": "a/0", "run": "r1", "n": 1}
    assert plan("webhook", intent("a/0"), open_unknown).sends[0].resend is True


def test_expired_and_filters() -> None:
    s = site(incident("old", [60 * 30]), incident("minor", [5], "minor", "web"))
    p = channel_plan(spec(), items(s), records(), T, timedelta(hours=24))
    assert [i.key for i in p.expire] == ["old/0"]
    claimed = claim_records(p, "r2", T, claiming=True)
    assert [(r["k"], r["key"]) for _, r in claimed] == [("expired", "old/0"), ("intent", "minor/0")]
    assert claimed[1][1]["until"] == lease(spec(), 1, T)
    only_api = channel_plan(spec(components=frozenset({"api"})), items(s), records(), T, timedelta(hours=24))
    assert only_api.sends == [] and [i.key for i in only_api.expire] == ["old/0"]
    majors = channel_plan(spec(impacts=frozenset({"major"})), items(s), records(), T, timedelta(days=60))
    assert [x.item.key for x in majors.sends] == ["old/0"]


def test_thread_root_is_the_first_post_and_parent_the_latest() -> None:
    assert thread({}, 0) == ("", "")
    assert thread({0: "a", 1: "b", 3: "d"}, 2) == ("a", "b")
    assert thread({1: "b"}, 2) == ("b", "b")  # the first update was before the channel: b opens the thread


def test_max_age_and_defaults() -> None:
    report = Report(ConfigText(None))
    assert check({"max_age": "90m", "channels": []}, report, "en", frozenset()).max_age == timedelta(
        minutes=90
    )
    assert check({"max_age": "3d"}, report, "en", frozenset()).max_age == timedelta(days=3)
    assert check(None, report, "en", frozenset()).ledger_branch == "statuskit-announce"
    assert report.items == []


def test_the_webhook_payload_is_the_incident_as_of_its_update() -> None:
    s = site(incident("a", [30, 20, 10]))
    composer = Composer(s)
    second = items(s)[1]
    payload = composer.payload(second)
    inc = payload["incident"]
    assert isinstance(inc, dict)
    assert inc["status"] == "identified" and [u["id"] for u in inc["incident_updates"]] == ["a-2", "a-1"]
    message = composer.message(second, "en")
    assert message.url == "https://status.example.com/incidents/a/#update-2"
    assert message.status_label == "Identified" and message.body == "update 1"
