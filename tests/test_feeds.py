"""Feeds (issue 3, item 1): every feed parses, Atom is valid RFC 4287, ids never change.

Built sites are read back the way subscribers read them: feedparser for both
formats (no bozo flag), and lxml against the RFC 4287 RELAX NG schema
(tests/data/atom.rng) plus the Schematron assertions the RFC attaches to it.
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import conftest
import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import EPOCH, REPO
from lxml import etree

from generator.model import Component, Incident, Site, SiteConfig, Update, Window
from generator.outputs import feeds

DATA = Path(__file__).parent / "data"
A = "{http://www.w3.org/2005/Atom}"
NS = {"atom": "http://www.w3.org/2005/Atom"}
TAG_ID = re.compile(r"^tag:[a-z0-9.-]+,\d{4}-\d{2}-\d{2}:([a-z0-9./-]*/)?incidents/[a-z0-9-]+/update-\d+$")
NOW = datetime.fromtimestamp(EPOCH, UTC)

OPEN = """
title: Database outage
impact: major
components: [api, database]
updates:
  - at: 2026-11-22T09:20:00Z
    status: investigating
    message: We are investigating **elevated errors** & <script>alert(1)</script>.
  - at: 2026-11-22T09:45:00Z
    status: identified
    message: A failed storage node is the cause.
"""

RESOLVED = """
title: Email delays
impact: minor
components: [email]
updates:
  - at: 2026-11-10T08:00:00Z
    status: investigating
    message: Email is slow.
  - at: 2026-11-10T09:00:00Z
    status: resolved
    message: Email is flowing again.
"""

MAINTENANCE = """
title: Database upgrade
maintenance:
  start: 2026-12-01T02:00:00Z
  end: 2026-12-01T04:00:00Z
components: [database]
updates:
  - at: 2026-11-21T10:00:00Z
    status: scheduled
    message: Writes pause for up to 10 minutes.
"""

APPENDED = """\
  - at: 2026-11-22T10:30:00Z
    status: monitoring
    message: Failover done; we are watching error rates.
"""

SMALL = {
    "2026-11-22-db-outage.yaml": OPEN,
    "2026-11-10-email-delays.yaml": RESOLVED,
    "2026-12-01-db-upgrade.yaml": MAINTENANCE,
}


@pytest.fixture(scope="module")
def atom_schema() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(DATA / "atom.rng")))


def feed_files(site_dir: Path) -> list[Path]:
    """Every feed a built site publishes."""
    found = [site_dir / "history.rss", site_dir / "history.atom"]
    found += sorted(site_dir.glob("incidents/*/feed.*")) + sorted(site_dir.glob("components/*/feed.*"))
    return found


def entry_ids(path: Path) -> list[str]:
    """Entry ids (Atom id, RSS guid) in document order."""
    root = etree.fromstring(path.read_bytes())
    if path.suffix == ".atom":
        return [e.findtext(f"{A}id") for e in root.iter(f"{A}entry")]
    return [i.findtext("guid") for i in root.iter("item")]


def all_ids(site_dir: Path) -> dict[str, list[str]]:
    return {str(p.relative_to(site_dir)): entry_ids(p) for p in feed_files(site_dir)}


def check_atom(path: Path, schema: etree.RelaxNG) -> list[str]:
    """RELAX NG errors plus the RFC's Schematron assertions, as messages."""
    doc = etree.fromstring(path.read_bytes())
    problems = [] if schema.validate(doc) else [f"{path}: {e.message}" for e in schema.error_log]
    if not doc.xpath("atom:author or not(atom:entry[not(atom:author)])", namespaces=NS):
        problems.append(f"{path}: atom:feed without atom:author")
    for entry in doc.iterfind("atom:entry", NS):
        rule = "atom:link[@rel='alternate'] or atom:link[not(@rel)] or atom:content"
        if not entry.xpath(rule, namespaces=NS):
            problems.append(f"{path}: entry without alternate link or content")
    return problems


def times(path: Path) -> list[datetime]:
    parsed = feedparser.parse(path.read_bytes())
    return [datetime(*e.published_parsed[:6], tzinfo=UTC) for e in parsed.entries]


def build_small(make_site: Callable[..., conftest.TestSite], **yml: str) -> tuple[conftest.TestSite, Path]:
    site = make_site(SMALL, **yml)
    return site, site.build()


# -- the example site ---------------------------------------------------------


def example_config() -> dict:
    cfg = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    return next(p["statuskit"] for p in cfg["plugins"] if isinstance(p, dict) and "statuskit" in p)


def test_example_publishes_every_feed(example_site: Path) -> None:
    incidents = sorted(p.stem for p in (REPO / "incidents").glob("*.y*ml"))
    components = [c["id"] for c in example_config()["components"]]
    for incident_id in incidents:
        for kind in ("rss", "atom"):
            assert (example_site / "incidents" / incident_id / f"feed.{kind}").is_file()
    for component_id in components:
        for kind in ("rss", "atom"):
            assert (example_site / "components" / component_id / f"feed.{kind}").is_file()
    assert len(feed_files(example_site)) == 2 + 2 * len(incidents) + 2 * len(components)


def test_example_feeds_parse_without_bozo(example_site: Path) -> None:
    for path in feed_files(example_site):
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
        assert parsed.version == ("atom10" if path.suffix == ".atom" else "rss20"), path
        assert parsed.feed.get("language") == "en", path


def test_example_atom_is_valid_rfc4287(example_site: Path, atom_schema: etree.RelaxNG) -> None:
    problems = [
        p
        for path in feed_files(example_site)
        if path.suffix == ".atom"
        for p in check_atom(path, atom_schema)
    ]
    assert problems == []


def test_schema_rejects_what_rfc4287_forbids(atom_schema: etree.RelaxNG) -> None:
    """The schema is not vacuous: no id, a bad date, markup inside type="html" fail."""
    head = '<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
    good = head + "<id>urn:x</id><updated>2026-01-01T00:00:00Z</updated></feed>"
    assert atom_schema.validate(etree.fromstring(good))
    for bad in (
        head + "<updated>2026-01-01T00:00:00Z</updated></feed>",
        head + "<id>urn:x</id><updated>yesterday</updated></feed>",
        head + "<id>urn:x</id><updated>2026-01-01T00:00:00Z</updated><entry><id>a</id><title>t</title>"
        '<updated>2026-01-01T00:00:00Z</updated><content type="html"><p>x</p></content></entry></feed>',
    ):
        assert not atom_schema.validate(etree.fromstring(bad)), bad


def test_example_history_has_every_update_newest_first(example_site: Path) -> None:
    count = sum(
        len(yaml.safe_load(p.read_text(encoding="utf-8"))["updates"])
        for p in (REPO / "incidents").glob("*.y*ml")
    )
    for name in ("history.rss", "history.atom"):
        stamps = times(example_site / name)
        assert len(stamps) == min(count, max(example_config().get("feed_cap", 200), 50))
        assert stamps == sorted(stamps, reverse=True), name
    for path in feed_files(example_site):
        stamps = times(path)
        assert stamps == sorted(stamps, reverse=True), path


def test_example_feed_dates_come_from_the_newest_entry(example_site: Path) -> None:
    for path in feed_files(example_site):
        parsed = feedparser.parse(path.read_bytes())
        feed_time = datetime(*parsed.feed.updated_parsed[:6], tzinfo=UTC)
        stamps = times(path)
        assert feed_time == (stamps[0] if stamps else feeds.EMPTY_FEED_TIME), path


def test_example_entry_links_hit_update_anchors(example_site: Path) -> None:
    site_url = "https://status.northwind.example/"
    checked = 0
    pages: dict[Path, BeautifulSoup] = {}
    for path in feed_files(example_site):
        for entry in feedparser.parse(path.read_bytes()).entries:
            assert entry.link.startswith(site_url + "incidents/"), entry.link
            url = urlsplit(entry.link)
            page = example_site / url.path.lstrip("/") / "index.html"
            assert page.is_file(), entry.link
            soup = pages.setdefault(page, BeautifulSoup(page.read_text(encoding="utf-8"), "lxml"))
            assert re.fullmatch(r"update-\d+", url.fragment), entry.link
            assert soup.find(id=url.fragment) is not None, entry.link
            checked += 1
    assert checked > 0


def test_example_entry_ids_follow_the_tag_scheme(example_site: Path) -> None:
    for path in feed_files(example_site):
        ids = entry_ids(path)
        assert len(ids) == len(set(ids)), path
        for entry_id in ids:
            assert TAG_ID.match(entry_id), entry_id
            assert entry_id.startswith("tag:status.northwind.example,"), entry_id
    # RSS guids are not permalinks (they are tag URIs).
    rss = etree.fromstring((example_site / "history.rss").read_bytes())
    assert {g.get("isPermaLink") for g in rss.iter("guid")} == {"false"}


# -- a small site, built through the CLI ---------------------------------------


def test_entries_title_link_content(make_site: Callable[..., conftest.TestSite]) -> None:
    _, out = build_small(make_site)
    raw = (out / "incidents/2026-11-22-db-outage/feed.atom").read_bytes()
    assert b"CDATA" not in raw
    parsed = feedparser.parse(raw)
    titles = [e.title for e in parsed.entries]
    assert titles == ["Database outage: Identified", "Database outage: Investigating"]
    first_update = parsed.entries[1]
    assert first_update.link == "https://status.example.com/incidents/2026-11-22-db-outage/#update-1"
    assert first_update.id == "tag:status.example.com,2026-11-22:incidents/2026-11-22-db-outage/update-1"
    assert first_update.content[0].type == "text/html"
    html = first_update.content[0].value
    assert "<strong>elevated errors</strong>" in html and "<script>" not in html
    doc = etree.fromstring(raw)
    assert doc.find(f"{A}entry/{A}content").get("type") == "html"
    rss = feedparser.parse((out / "incidents/2026-11-22-db-outage/feed.rss").read_bytes())
    assert "<strong>elevated errors</strong>" in rss.entries[1].description
    assert rss.entries[1].id == first_update.id


def test_feed_level_metadata(make_site: Callable[..., conftest.TestSite]) -> None:
    _, out = build_small(make_site)
    atom = etree.fromstring((out / "history.atom").read_bytes())
    assert atom.findtext(f"{A}id") == "https://status.example.com/"
    assert atom.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    links = [(link.get("rel"), link.get("href")) for link in atom.iterfind(f"{A}link")]
    assert links == [
        ("self", "https://status.example.com/history.atom"),
        ("alternate", "https://status.example.com/"),
    ]
    assert atom.findtext(f"{A}updated") == "2026-11-22T09:45:00+00:00"
    rss = etree.fromstring((out / "history.rss").read_bytes()).find("channel")
    assert rss.findtext("link") == "https://status.example.com/"  # the page, not rel=self
    assert rss.findtext("lastBuildDate") == "Sun, 22 Nov 2026 09:45:00 +0000"
    assert rss.findtext("language") == "en"
    self_link = rss.find("{http://www.w3.org/2005/Atom}link")
    assert self_link.get("rel") == "self" and self_link.get("href").endswith("/history.rss")


def test_component_feeds_cover_affected_incidents(make_site: Callable[..., conftest.TestSite]) -> None:
    _, out = build_small(make_site)
    ids = all_ids(out)
    db = {i.split(":incidents/")[1].split("/")[0] for i in ids["components/database/feed.atom"]}
    assert db == {"2026-11-22-db-outage", "2026-12-01-db-upgrade"}
    assert len(ids["components/database/feed.atom"]) == 3
    assert len(ids["components/api/feed.rss"]) == 2
    assert len(ids["components/email/feed.atom"]) == 2
    assert ids["components/dashboard/feed.atom"] == []  # no incident: an empty, valid feed
    assert feedparser.parse((out / "components/dashboard/feed.atom").read_bytes()).bozo == 0
    assert len(ids["history.atom"]) == 5


def test_appending_an_update_adds_one_entry_per_covering_feed(
    make_site: Callable[..., conftest.TestSite], tmp_path: Path
) -> None:
    site, before_dir = build_small(make_site)
    before = all_ids(before_dir)
    path = site.incidents / "2026-11-22-db-outage.yaml"
    path.write_text(path.read_text(encoding="utf-8") + APPENDED, encoding="utf-8")
    after_dir = site.build(tmp_path / "after")
    after = all_ids(after_dir)
    assert after.keys() == before.keys()
    covering = {
        f"{stem}.{kind}"
        for stem in (
            "history",
            "incidents/2026-11-22-db-outage/feed",
            "components/api/feed",
            "components/database/feed",
        )
        for kind in ("rss", "atom")
    }
    new_id = "tag:status.example.com,2026-11-22:incidents/2026-11-22-db-outage/update-3"
    for name, old in before.items():
        if name in covering:
            assert after[name] == [new_id, *old], name  # one new entry, first; no other id changed
        else:
            assert after[name] == old, name
            assert (after_dir / name).read_bytes() == (before_dir / name).read_bytes(), name


def test_builds_are_byte_identical(make_site: Callable[..., conftest.TestSite], tmp_path: Path) -> None:
    site, first = build_small(make_site)
    second = site.build(tmp_path / "second")
    later = tmp_path / "later"  # another day: feeds never read the clock
    result = site.cli("build", "--site-dir", str(later), epoch=EPOCH + 86400)
    assert result.exit_code == 0, result.output
    for path in feed_files(first):
        rel = path.relative_to(first)
        assert (second / rel).read_bytes() == path.read_bytes(), rel
        assert (later / rel).read_bytes() == path.read_bytes(), rel


def test_cap_keeps_the_newest_entries(make_site: Callable[..., conftest.TestSite]) -> None:
    incidents = {}
    start = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)
    for n in range(60):
        at = (start + timedelta(days=n)).strftime("%Y-%m-%dT%H:%M:%SZ")
        incidents[f"i{n:02d}.yaml"] = textwrap.dedent(
            f"""
            title: Incident {n}
            impact: minor
            components: [api]
            updates:
              - at: {at}
                status: resolved
                message: Number {n}.
            """
        )
    site = make_site(incidents, extra="feed_cap: 50\n")
    out = site.build()
    newest = [f"i{n:02d}" for n in range(59, 9, -1)]
    for name in ("history.atom", "history.rss", "components/api/feed.atom", "components/api/feed.rss"):
        ids = entry_ids(out / name)
        assert [i.split(":incidents/")[1].split("/")[0] for i in ids] == newest, name


def test_without_site_url_links_use_the_local_fallback(make_site: Callable[..., conftest.TestSite]) -> None:
    _, out = build_small(make_site, site_url="")
    parsed = feedparser.parse((out / "history.atom").read_bytes())
    assert parsed.bozo == 0
    assert parsed.entries[0].link.startswith("http://localhost:8000/incidents/")  # paths.FALLBACK_SITE_URL
    assert parsed.entries[0].id.startswith("tag:localhost,")


# -- the module on a model built in memory ----------------------------------------


def _model(n_incidents: int, feed_cap: int, site_url: str = "https://status.example.com/") -> Site:
    config = SiteConfig("S", site_url, ZoneInfo("UTC"), (), feed_cap=feed_cap)
    incidents = []
    for n in range(n_incidents):
        at = NOW - timedelta(hours=n + 1)
        update = Update(0, at, "resolved", f"Number {n}.")
        incidents.append(Incident(f"i{n:03d}", f"Incident {n}", "minor", (update,), "x"))
    return Site.build(config, incidents, NOW)


def test_cap_is_never_below_fifty() -> None:
    files = feeds.render(_model(70, feed_cap=10))
    assert len(feedparser.parse(files["history.atom"]).entries) == 50
    files = feeds.render(_model(70, feed_cap=60))
    assert len(feedparser.parse(files["history.rss"]).entries) == 60


def test_render_is_deterministic_and_site_path_is_in_ids() -> None:
    site = _model(3, 200, site_url="https://example.github.io/status/")
    assert feeds.render(site) == feeds.render(site)
    entry = feedparser.parse(feeds.render(site)["history.atom"]).entries[0]
    assert entry.id == "tag:example.github.io,2026-11-23:status/incidents/i000/update-1"
    assert entry.link == "https://example.github.io/status/incidents/i000/#update-1"


# -- byte for byte what feedgen writes ---------------------------------------------
#
# feeds.py serialises without feedgen (feeds_xml.py) for speed; the bytes must stay
# exactly those of feedgen 1.0 + lxml. The reference below is the feedgen code the
# module used before, kept as an oracle, given the same field values. Two things
# feedgen gets wrong or cannot write are added to its output here (feeds_xml's
# docstring): RSS's channel description is HTML, so it gets the HTML-escaped text,
# and each Atom entry has the feed's language as its xml:lang.


def _feedgen_feed(
    site: Site, path_of: Callable[[str], str], head: tuple[str, str, str, str], incs: list
) -> dict:
    """One feed (both formats) written by feedgen, as feeds.py did before feeds_xml."""
    from feedgen.feed import FeedGenerator

    from generator import paths
    from generator.i18n import translator

    base, t = feeds.site_url(site), translator(site.config.language)
    language = site.config.language.replace("_", "-")
    feed_id, title, subtitle, alternate = head
    entries = [(inc, up) for inc in incs for up in inc.updates]
    entries.sort(key=lambda e: (e[1].at, e[0].id, e[1].index), reverse=True)
    entries = entries[: feeds.cap(site)]
    out = {}
    maker = feeds._EntryMaker.of(site, t)  # entry HTML and author: this oracle checks the bytes around them
    for kind in feeds.KINDS:
        fg = FeedGenerator()
        fg.load_extension("dc", atom=False, rss=True)
        fg.id(feed_id)
        fg.title(title)
        fg.subtitle(html.escape(subtitle, quote=False) if kind == "rss" else subtitle)
        fg.link(href=paths.absolute(base, path_of(kind)), rel="self", type=feeds.MIME[kind])
        fg.link(href=alternate, rel="alternate", type="text/html")
        fg.language(language)
        fg.author({"name": site.config.site_name})
        fg.generator("statuskit")
        latest = max((up.updated for _, up in entries), default=None)
        first_latest = next((up.updated for _, up in entries if up.updated == latest), None)
        fg.updated(first_latest or feeds.EMPTY_FEED_TIME)
        for inc, up in entries:
            fe = fg.add_entry(order="append")
            fe.id(feeds.entry_id(base, inc, up))
            fe.title(f"{inc.title}: {t(up.status)}")
            link = paths.absolute(base, paths.incident_page(inc.id)) + "#" + up.anchor
            fe.link(href=link, rel="alternate", type="text/html")
            fe.published(up.updated if kind == "rss" else up.at)  # RSS has one date: the last change
            fe.updated(up.updated)
            fe.content(maker.body(inc, up), type="html")
            if maker.author.email:
                fe.author({"name": maker.author.name, "email": maker.author.email})
            elif maker.author.name:  # a site without a name has no author (as feedgen's Atom)
                fe.author({"name": maker.author.name})
                fe.dc.dc_creator(maker.author.name)
            for cid in inc.affected:
                comp = site.config.component(cid)
                if comp is not None:
                    fe.category(term=cid, label=comp.name)
        if kind == "rss":
            out[path_of(kind)] = fg.rss_str(pretty=True)
        else:
            lang = f' xml:lang="{html.escape(language)}"'.encode() if language else b""
            atom = fg.atom_str(pretty=True)
            out[path_of(kind)] = atom.replace(b"\n  <entry>\n", b"\n  <entry" + lang + b">\n")
    return out


def feedgen_render(site: Site) -> dict[str, bytes]:
    """Every feed of ``site`` as feedgen writes it (the oracle for feeds.render)."""
    from generator import paths
    from generator.i18n import translator

    base, name, t = feeds.site_url(site), site.config.site_name, translator(site.config.language)
    home = paths.absolute(base, "")
    out = _feedgen_feed(
        site,
        lambda kind: paths.HISTORY_RSS if kind == "rss" else paths.HISTORY_ATOM,
        (home, t("alt_feed_site", name=name), t("feed_site"), home),
        list(site.incidents),
    )
    for inc in sorted(site.incidents, key=lambda i: i.id):
        page = paths.absolute(base, paths.incident_page(inc.id))
        head = (page, f"{name}: {inc.title}", t("feed_incident"), page)
        out |= _feedgen_feed(site, lambda kind, i=inc.id: paths.incident_feed(i, kind), head, [inc])
    for comp in site.config.components:
        head = (
            paths.absolute(base, paths.component_page(comp.id)),
            f"{name}: {comp.name}",
            f"{t('affected_components')}: {comp.name}",
            home,
        )
        covering = [i for i in site.incidents if comp.id in i.affected]
        out |= _feedgen_feed(site, lambda kind, c=comp.id: paths.component_feed(c, kind), head, covering)
    return out


AWKWARD = [
    "Fish & chips <b>\"quoted\"</b> 'single'",
    "Tab\there, CR\r\nLF\nend ]]> > <",
    "Émoji 🚨 ünïcödé 数据库 \u200b\u00a0nbsp",
    "  padded  ",
    "",
]
MESSAGES = [
    "We are investigating **elevated errors** & <script>alert(1)</script>.",
    "Line one\r\nline two\ttabbed\n\n- item `code` [link](https://example.com/?a=1&b=2)\n- 🚨",
    "",
    "   ",
    "\"Quotes\" and 'apostrophes' and ]]> and &amp; already escaped",
    "See [the FAQ](../../faq/ \"t\"), ![map](map.png?a=1&b=2), [here](#update-1), ![x](//evil.example/x.png)",
]
ZONES = [UTC, ZoneInfo("Europe/Berlin"), ZoneInfo("America/St_Johns"), ZoneInfo("Asia/Kolkata")]


def _awkward_site(site_url: str, language: str, n: int = 60, feed_cap: int = 50, contact: str = "") -> Site:
    """Titles, names and messages that need escaping, mixed zones, ties in time, unknown components;
    component changes, next-update promises and maintenance windows in the entries' details."""
    components = (
        Component("api", AWKWARD[0]),
        Component("db", ""),  # an empty name: Atom drops the label, RSS keeps an empty category
        Component("edge", AWKWARD[1]),
        Component("api", "a second api (ignored)"),
        Component("idle", AWKWARD[2]),  # no incident: an empty feed
    )
    config = SiteConfig(
        AWKWARD[2] + " & <Ops>", site_url, ZoneInfo("UTC"), components, language=language, feed_cap=feed_cap,
        contact=contact,
    )
    ids = ["api", "db", "edge", "ghost"]
    incidents = []
    for k in range(n):
        start = NOW - timedelta(hours=(k * 7) % 23, minutes=k % 3 * 30)  # repeats: ties across incidents
        updates = tuple(
            Update(
                j,
                (start + timedelta(minutes=17 * j, microseconds=k % 2)).astimezone(
                    ZONES[(k + j) % len(ZONES)]
                ),
                "resolved" if j == k % 4 else ("investigating", "identified", "monitoring")[j % 3],
                MESSAGES[(k + j) % len(MESSAGES)],
                components=((ids[(k + j) % 4], "partial_outage"),),
                # Some updates corrected later, some of them later than every other update.
                edited=start + timedelta(minutes=17 * j, hours=1 + k % 30) if (k + j) % 5 == 0 else None,
                next_update=start + timedelta(minutes=17 * j + 30) if (k + j) % 3 == 0 else None,
                changes=((ids[(k + j) % 4], "operational", "partial_outage"),) if j % 2 == 0 else (),
            )
            for j in range(k % 4 + 1)
        )
        title = AWKWARD[k % (len(AWKWARD) - 1)] + f" #{k}"
        window = Window(start, start + timedelta(hours=2)) if k % 7 == 0 else None
        impact = "maintenance" if window else "minor"
        comps = ((ids[k % 4], "major_outage"),)
        incident = Incident(f"i{k:03d}", title, impact, updates, "x", components=comps, maintenance=window)
        incidents.append(incident)
    return Site.build(config, incidents, NOW)


@pytest.mark.parametrize(
    ("site_url", "language"),
    [
        ("https://status.example.com/", "en"),
        ("https://example.github.io/sub/status/", "pt_BR"),
        ("", "de"),
        ("https://x.example/", ""),  # no language: no xml:lang, no <language>
        ("https://status.example.com/", "he"),  # with an author's address (RSS <author>), right to left
    ],
)
def test_render_is_byte_identical_to_feedgen(site_url: str, language: str) -> None:
    contact = "mailto:ops+status@example.com" if language == "he" else ""
    site = _awkward_site(site_url, language, contact=contact)
    assert feeds.render(site) == feedgen_render(site)


def test_small_and_empty_sites_are_byte_identical_to_feedgen() -> None:
    for site in (
        _awkward_site("https://s.example/", "fr", n=0),
        _awkward_site("https://s.example/", "ja", n=3),
    ):
        assert feeds.render(site) == feedgen_render(site)
    nameless = _awkward_site("https://s.example/", "en", n=3)  # no site name: Atom drops the author
    nameless = replace(nameless, config=replace(nameless.config, site_name=""))
    assert feeds.render(nameless) == feedgen_render(nameless)
    site = _model(70, feed_cap=60)
    assert feeds.render(site) == feedgen_render(site)
    # More updates than the cap: the oldest are in no feed, and times tie (file order decides).
    config = replace(_model(1, 50).config, components=(Component("api", "API"),))
    at = [NOW - timedelta(minutes=(70 - n) // 3) for n in range(70)]  # in file order
    long = [
        Update(n, t, "monitoring", f"Step {n}.", components=(("api", "degraded_performance"),))
        for n, t in enumerate(at)
    ]
    long_site = Site.build(config, [Incident("long", "Long", "minor", tuple(long), "x")], NOW)
    assert feeds.render(long_site) == feedgen_render(long_site)


def test_text_lxml_refuses_is_refused_too() -> None:
    """A control character fails the build, as it did with feedgen (lxml raises ValueError)."""
    site = _model(1, 200)
    bad = Site.build(site.config, [replace(site.incidents[0], title="Bell \x07")], NOW)
    with pytest.raises(ValueError):
        feedgen_render(bad)
    with pytest.raises(ValueError):
        feeds.render(bad)


def test_escaping_matches_libxml2_for_every_character() -> None:
    """Text and attribute escaping equal lxml's for every code point; lxml's refusals are ours."""
    from generator.outputs import feeds_xml

    refused = [c for c in map(chr, range(0x20)) if c not in "\t\n\r"] + ["\ufffe", "\uffff", "\ud800"]
    chars = "".join(chr(c) for c in range(0x110000) if chr(c) not in refused and not 0xD800 <= c <= 0xDFFF)
    elem = etree.Element("a", b=chars)
    elem.text = chars
    want = etree.tostring(elem, encoding="UTF-8").decode()
    assert want == f'<a b="{feeds_xml.attr(chars)}">{feeds_xml.text(chars)}</a>'
    for char in refused:
        with pytest.raises(ValueError):
            etree.Element("a").text = char
        with pytest.raises(ValueError):
            feeds_xml.text(char)


# -- text values: XML-escaped once, HTML-escaped too where the format says HTML (issue 11) ---

MARKUP_NAME = '<b>Edge</b> & <img src="//evil.example/x.png">'
MARKUP_COMPONENTS = f"""
        - id: edge
          name: '{MARKUP_NAME}'
          group: '<i>Net</i>'
"""
MARKUP_INCIDENT = """
title: 'Slow <b>edge</b> & "cache" <img src=//evil.example/t.png>'
impact: minor
components: [edge]
updates:
  - at: 2026-11-22T09:20:00Z
    status: investigating
    message: Looking.
"""


def test_every_text_value_reaches_readers_as_text(make_site: Callable[..., conftest.TestSite]) -> None:
    """Atom's texts are type text; RSS's titles and categories are text, its descriptions HTML."""
    site = make_site({"2026-11-22-edge.yaml": MARKUP_INCIDENT}, components=MARKUP_COMPONENTS)
    out = site.build()
    title = 'Slow <b>edge</b> & "cache" <img src=//evil.example/t.png>'
    atom = etree.fromstring((out / "components/edge/feed.atom").read_bytes())
    assert atom.findtext(f"{A}title") == f"Test Status: {MARKUP_NAME}"
    assert atom.find(f"{A}title").get("type") in (None, "text")
    assert atom.findtext(f"{A}subtitle") == f"Affected components: {MARKUP_NAME}"
    assert atom.findtext(f"{A}author/{A}name") == "Test Status"
    entry = atom.find(f"{A}entry")
    assert entry.findtext(f"{A}title") == f"{title}: Investigating"
    assert entry.find(f"{A}category").get("label") == MARKUP_NAME
    rss = etree.fromstring((out / "components/edge/feed.rss").read_bytes()).find("channel")
    assert rss.findtext("title") == f"Test Status: {MARKUP_NAME}"
    # <description> is HTML (RSS 2.0; feedparser reads it as text/html): its markup is text.
    description = feedparser.parse((out / "components/edge/feed.rss").read_bytes()).feed.subtitle
    soup = BeautifulSoup(description, "html.parser")
    assert soup.find(True) is None, description
    assert soup.get_text() == f"Affected components: {MARKUP_NAME}"
    item = rss.find("item")
    assert item.findtext("title") == f"{title}: Investigating"
    assert item.findtext("category") == MARKUP_NAME
    for name in ("history.atom", "history.rss", "components/edge/feed.atom", "components/edge/feed.rss"):
        assert b"<img" not in (out / name).read_bytes(), name
        assert feedparser.parse((out / name).read_bytes()).bozo == 0, name


def test_feeds_and_entries_are_marked_with_the_site_language(
    make_site: Callable[..., conftest.TestSite],
) -> None:
    hebrew = OPEN.replace("title: Database outage", "title: תקלה במסד הנתונים")
    out = make_site({"2026-11-22-db-outage.yaml": hebrew}, language="he").build()
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    for path in feed_files(out):
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.feed.get("language") == "he", path
        if path.suffix == ".atom":
            doc = etree.fromstring(path.read_bytes())
            assert doc.get(xml_lang) == "he", path
            assert [e.get(xml_lang) for e in doc.iterfind(f"{A}entry")] == ["he"] * len(parsed.entries), path
            assert all(e.title_detail.language == "he" for e in parsed.entries), path
        else:
            assert etree.fromstring(path.read_bytes()).findtext("channel/language") == "he", path
