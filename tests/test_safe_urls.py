"""Operator addresses are read the way browsers read them, on pages and in feeds (issue 11).

The oracle is a real WHATWG URL parser: ada (the parser inside Node.js), through the
``ada-url`` package, and Chromium itself for HTML's attribute decoding and for what
a page really requests. A link must lead to http(s), mailto, tel or the site itself;
an image must be one of the site's own files; everything else is dropped.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import ada_url
import browser
import conftest
import feedparser
import pytest
from browser import open_page, serve
from bs4 import BeautifulSoup
from hypothesis import example, given
from hypothesis import strategies as st

from generator import richtext, share, urls
from generator.video import embed

chromium = browser.chromium

PAGE = "https://status.example.com/incidents/x/"
OTHER = "http://other.example:8080/a/b/"  # a second base: "same site" must not depend on the base
LINK_PROTOCOLS = {"http:", "https:", "mailto:", "tel:"}


def parsed(value: str, base: str) -> ada_url.URL | None:
    """``value`` resolved against ``base`` by ada, or None where the parser fails."""
    try:
        return ada_url.URL(value, base)
    except ValueError:
        return None


def same_site(value: str) -> bool:
    """True when ``value`` resolves to the page's own origin against either base."""
    for base in (PAGE, OTHER):
        url, home = parsed(value, base), ada_url.URL(base)
        if url is None or (url.protocol, url.host) != (home.protocol, home.host):
            return False
    return True


def link_target_ok(value: str) -> bool:
    """True when following ``value`` cannot run script: an allowed scheme, or nothing to follow."""
    return all(
        (url := parsed(value, base)) is None or url.protocol in LINK_PROTOCOLS for base in (PAGE, OTHER)
    )


# (address as written in the attribute, kept as a link, kept as an image)
TABLE = [
    ("https://example.org/a.png", True, False),
    ("HTTPS://x.example/a.png", True, False),
    ("hTtP://x.example/a.png", True, False),
    ("/\\x.example/b.png", True, False),
    ("\\/x.example/c.png", True, False),
    ("\\\\x.example/c.png", True, False),
    ("//x.example/d.png", True, False),
    ("/\\/x.example/d.png", True, False),
    ("\\\\/x.example/d.png", True, False),
    (" \t//x.example/d.png", True, False),
    ("\x00\x1f //x.example/d.png", True, False),
    ("/\t/x.example/d.png", True, False),
    ("/\n\\x.example/d.png", True, False),
    ("&#47;/x.example/h.png", True, False),
    ("/&#x5C;x.example/h.png", True, False),
    ("&sol;&bsol;x.example/h.png", True, False),
    ("http:x.example/k.png", True, False),
    ("https:\\\\x.example/k.png", True, False),
    ("https://xn--ls8h.example/", True, False),
    ("https://ëxample.org/", True, False),
    ("javascript:alert(1)", False, False),
    ("JaVaScRiPt:alert(1)", False, False),
    ("java\tscript:alert(1)", False, False),
    ("java\nscript:alert(1)", False, False),
    ("java&#x09;script:alert(1)", False, False),
    ("java&Tab;script:alert(1)", False, False),
    ("&#x6A;avascript:alert(1)", False, False),
    ("&#106avascript:alert(1)", False, False),
    ("javascript&colon;alert(1)", False, False),
    ("\x01javascript:alert(1)", False, False),
    ("  javascript:alert(1)  ", False, False),
    ("vbscript:msgbox(1)", False, False),
    ("VBScript:msgbox(1)", False, False),
    ("data:text/html,<b>x</b>", False, False),
    ("data:image/png;base64,iVBORw0KGgo=", False, False),
    ("file:///etc/passwd", False, False),
    ("blob:https://x.example/1", False, False),
    ("x-unknown:thing", False, False),
    ("mailto:help@example.com", True, False),
    ("MAILTO:help@example.com", True, False),
    ("tel:+3612345678", True, False),
    ("%6Aavascript:alert(1)", True, True),  # percent-encoding makes no scheme: a relative path
    ("java%09script:alert(1)", True, True),
    ("/assets/statuskit/card.png", True, True),
    ("card.png", True, True),
    ("../../assets/a.png?v=1&amp;w=2", True, True),
    ("./x.png", True, True),
    (".//x.example/a.png", True, True),  # a path segment, not a host
    ("/%5Cx.example/a.png", True, True),  # an encoded backslash is no slash
    ("/%2F/x.example/a.png", True, True),
    ("&notx.png", True, True),  # in attributes a legacy name before an alphanumeric stays as written
    ("#update-1", True, False),
    ("?page=2", True, False),
    ("", True, False),
    ("   ", True, False),
]


@pytest.mark.parametrize(("written", "as_link", "as_image"), TABLE, ids=[repr(t[0])[:40] for t in TABLE])
def test_tricky_addresses(written: str, as_link: bool, as_image: bool) -> None:
    seen = urls.attribute_value(written)
    link, image = urls.allowed(seen, "link"), urls.allowed(seen, "image")
    assert (link is not None, image is not None) == (as_link, as_image)
    # The verdicts agree with the real parser: an image kept is the site's own, a link kept runs no script.
    if image is not None:
        assert same_site(image) and same_site(seen)
    elif as_link and seen.strip("\x00 \t\n\x1f").strip():  # dropped although it is a harmless link
        assert not same_site(seen) or seen.lstrip("\x00\x1f \t\n")[:1] in ("#", "?")
    if link is not None:
        assert link_target_ok(link) and link_target_ok(seen)
    else:
        assert not link_target_ok(seen)


ALPHABET = "jJaAvVsScCrRiIpPtTxX:/\\ \t\n\r\x00\x01\x1f\x0c%&#;.@?69hH"
PREFIXES = [
    "",
    "javascript:",
    "https:",
    "http:",
    "//",
    "/\\",
    "\\\\",
    "data:",
    "vbscript:",
    "mailto:",
    " ",
    "\t",
]


@given(st.sampled_from(PREFIXES), st.text(alphabet=ALPHABET, max_size=16))
@example("", "java\tscript:x")
@example("/", "\\x/b.png")
@example("", "\\/x/c.png")
@example("", "\\\\x")
def test_reading_agrees_with_the_whatwg_parser(prefix: str, rest: str) -> None:
    value = prefix + rest
    ref = urls.read(value)
    results = [parsed(value, base) for base in (PAGE, OTHER)]
    if ref.form == "absolute":
        assert all(url is None or url.protocol == ref.scheme + ":" for url in results), value
    else:
        for url, base in zip(results, (PAGE, OTHER), strict=True):
            assert url is None or url.protocol == ada_url.URL(base).protocol, value
        hosts = {url.host if url else None for url in results}
        if ref.form == "network":  # the host comes from the address: the same whatever the base
            assert len(hosts) == 1, value
        else:  # the base's host
            assert all(results) and hosts == {"status.example.com", "other.example:8080"}, value
    if urls.allowed(value, "image") is not None:
        assert same_site(value), value
    for use in ("link", "contact", "video"):
        kept = urls.allowed(value, use)  # type: ignore[arg-type]
        if kept is not None:
            assert link_target_ok(value) and link_target_ok(kept), (use, value)


# -- Markdown -> HTML, what pages and feeds carry --------------------------------------

HOSTILE = r"""
![a](HTTPS://x.example/a.png) ![b](/\x.example/b.png) ![c](\/x.example/c.png)
![d](//x.example/d.png) ![e](\\\\x.example/e.png) ![f](/\/x.example/f.png)
![g](< //x.example/g.png>) ![h](&#47;/x.example/h.png) ![i](/&#92;x.example/i.png)
![j](data:image/png;base64,iVBORw0KGgo=) ![k](http:x.example/k.png) ![l](HTTP://x.example/l.png)
![ok](/assets/statuskit/card.png) ![rel](card.png)

[l1](JAVASCRIPT:alert(1)) [l2](java&#x09;script:alert(1)) [l3](&#x6A;avascript:alert(1))
[l4](vbscript:msgbox(1)) [l5](data:text/html,x) [l6](&Tab;javascript:alert(1))
[ok1](HTTPS://example.org/) [ok2](../../history/) [ok3](MAILTO:help@example.com) <help@example.com>
"""


def attribute_values(html: str) -> list[tuple[str, str, str]]:
    """(tag, attribute, value as the HTML parser decodes it) for every href and src."""
    soup = BeautifulSoup(html, "html.parser")
    return [
        (el.name, attr, el[attr])
        for el in soup.find_all(True)
        for attr in ("href", "src")
        if el.has_attr(attr)
    ]


def test_rendered_images_are_the_sites_own_and_links_run_nothing() -> None:
    html = str(richtext.render(HOSTILE))
    found = attribute_values(html)
    images = [value for tag, _, value in found if tag == "img"]
    assert len(images) == 2, html  # /assets/statuskit/card.png and card.png
    assert all(same_site(value) for value in images), images
    assert all(attr == "href" for tag, attr, _ in found if tag != "img"), found
    assert all(link_target_ok(value) for tag, _, value in found if tag == "a"), found
    kept = {BeautifulSoup(html, "html.parser").find("a", href=v).get_text() for t, _, v in found if t == "a"}
    assert {"ok1", "ok2", "ok3", "help@example.com"} <= kept, kept
    assert not kept & {"l1", "l2", "l3", "l4", "l5", "l6"}
    # What the parser decodes is what was checked: entities in attributes are only &amp; and the like.
    for value in re.findall(r' (?:href|src)="([^"]*)"', html):
        assert re.fullmatch(r"([^&]|&(amp|lt|gt|quot);)*", value), value
    # Images that are dropped leave their alt text.
    assert "a b c d e f" in " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())


def test_external_links_open_without_opener() -> None:
    html = str(richtext.render("[a](HTTPS://example.org/) [b](//example.org/) [c](/faq/)"))
    soup = BeautifulSoup(html, "html.parser")
    rel = {a.get_text(): a.get("rel") for a in soup.find_all("a")}
    assert rel == {"a": ["noopener"], "b": ["noopener"], "c": None}


# -- a built site: pages, feeds, contact, video -----------------------------------------

INCIDENT = """
title: Remote images
impact: minor
components: [api]
updates:
  - at: 2026-11-22T09:00:00Z
    status: investigating
    message: |
{message}
video: 'https://evil.example\\@www.youtube.com/watch?v=abcdefghijk'
contact: '  MAILTO:incident@example.com'
"""


def hostile_site(make_site: Callable[..., conftest.TestSite], contact: str) -> conftest.TestSite:
    message = "\n".join("      " + line for line in HOSTILE.strip("\n").splitlines())
    site = make_site(
        {"2026-11-22-remote.yaml": INCIDENT.format(message=message)},
        site_url="https://status.example.com/sub/",
    )
    config = site.config.read_text(encoding="utf-8")
    site.config.write_text(config.replace("mailto:help@example.com", contact), encoding="utf-8")
    return site


@pytest.fixture
def built(make_site: Callable[..., conftest.TestSite]) -> Path:
    return hostile_site(make_site, "MAILTO:help@example.com").build()


def test_incident_page_has_only_its_own_images(built: Path) -> None:
    page = built / "incidents" / "2026-11-22-remote" / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    timeline = soup.select(".sk-timeline img, .md-content img")
    srcs = [img["src"] for img in timeline]
    assert srcs and all(same_site(src) for src in srcs), srcs
    assert "x.example" not in str(soup.select_one(".md-content"))


def test_feed_entries_have_only_the_sites_images_and_resolve_like_the_page(built: Path) -> None:
    for name in ("history.atom", "history.rss", "incidents/2026-11-22-remote/feed.atom"):
        parsed_feed = feedparser.parse((built / name).read_bytes())
        assert parsed_feed.bozo == 0, name
        entry = parsed_feed.entries[0]
        html = entry.content[0].value if name.endswith(".atom") else entry.description
        soup = BeautifulSoup(html, "html.parser")
        srcs = [img["src"] for img in soup.find_all("img")]
        assert sorted(srcs) == [
            "https://status.example.com/assets/statuskit/card.png",  # /assets/...: as on the page
            "https://status.example.com/sub/incidents/2026-11-22-remote/card.png",
        ], (name, srcs)
        hrefs = {a.get_text(): a.get("href") for a in soup.find_all("a")}
        assert hrefs["ok2"] == "https://status.example.com/sub/history/", name  # as on the page
        assert all(link_target_ok(h) for h in hrefs.values() if h), (name, hrefs)
        assert "x.example" not in html, name


def test_contact_and_video_follow_the_policy(make_site: Callable[..., conftest.TestSite]) -> None:
    out = hostile_site(make_site, "MAILTO:help@example.com").build()
    page = BeautifulSoup((out / "incidents/2026-11-22-remote/index.html").read_text("utf-8"), "html.parser")
    contact = page.select_one(".sk-contact a")
    assert contact is not None and contact["href"] == "MAILTO:incident@example.com"
    assert contact.get_text() == "incident@example.com"
    # The browser goes to evil.example with this link: it is not called a YouTube video.
    assert page.select_one(".sk-video__play") is None
    assert "YouTube" not in page.select_one(".sk-video").get_text()
    link = page.select_one(".sk-video a")["href"]
    assert ada_url.URL(link).hostname == "evil.example"


@pytest.mark.parametrize("contact", ["JAVASCRIPT:alert(1)", "java&#x09;script:alert(1)", "//evil.example/"])
def test_site_contact_that_is_no_link_is_text(
    make_site: Callable[..., conftest.TestSite], contact: str
) -> None:
    site = hostile_site(make_site, f"'{contact}'")
    path = site.incidents / "2026-11-22-remote.yaml"
    path.write_text(
        path.read_text("utf-8").replace("contact: '  MAILTO:incident@example.com'\n", ""), "utf-8"
    )
    out = site.build()
    page = BeautifulSoup((out / "incidents/2026-11-22-remote/index.html").read_text("utf-8"), "html.parser")
    box = page.select_one(".sk-contact")
    assert box is not None and box.find("a") is None and contact in box.get_text()


def test_video_links_are_read_as_browsers_split_them() -> None:
    assert embed("https://evil.example\\@www.youtube.com/watch?v=abcdefghijk") is None
    assert ada_url.URL("https://www.youtube.com\\@evil.example/watch").hostname == "www.youtube.com"
    assert embed("https://www.youtube.com\\watch?v=abcdefghijk") is not None  # the path is /watch
    assert embed("HTTPS://WWW.YOUTUBE.COM/watch?v=abcdefghijk") is not None
    assert embed("https://youtu.be\\abcdefghijk") is not None


@given(st.text(max_size=40), st.text(max_size=40))
def test_share_links_pass_the_policy_and_keep_their_host(title: str, url: str) -> None:
    for target in share.HREF_PATTERNS:
        href = share.href(target, "https://status.example.com/" + url, title)
        if not href:
            continue  # the copy button
        assert urls.allowed(href, "link") == href, (target, href)
        fixed = share.HREF_PATTERNS[target].split("?")[0]
        assert parsed(href, PAGE) is not None
        assert parsed(href, PAGE).href.startswith(fixed), (target, href)  # type: ignore[union-attr]


# -- the browser -------------------------------------------------------------------------


def test_browser_decodes_attributes_as_we_do(chromium) -> None:
    rng = random.Random(11)
    pieces = [
        "&",
        "#",
        "x",
        "6A",
        "106",
        ";",
        "amp",
        "not",
        "notin",
        "Tab",
        "colon",
        "sol",
        "=",
        "a",
        "9",
        " ",
        "j",
    ]
    samples = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 8))) for _ in range(400)]
    # Raw NUL and CR are the tokenizer's input rules (NUL -> U+FFFD, CR -> LF), not character references.
    samples += [t[0] for t in TABLE if not set(t[0]) & set('"\x00\r')]
    with open_page(chromium) as visit:
        decoded = visit.page.evaluate(
            """(samples) => samples.map((raw) => {
                const t = document.createElement('template');
                t.innerHTML = '<a href="' + raw + '"></a>';
                return t.content.firstChild.getAttribute('href');
            })""",
            samples,
        )
    assert [urls.attribute_value(s) for s in samples] == decoded


def test_no_request_leaves_the_machine(chromium, built: Path) -> None:
    with serve(built) as base:
        page_url = base + "incidents/2026-11-22-remote/"
        with open_page(chromium, page_url) as visit:
            visit.page.wait_for_load_state("networkidle")
            assert visit.foreign() == []
            loaded = visit.page.evaluate("[...document.images].map((i) => i.src)")
            assert loaded and all(urlsplit(src).hostname == "127.0.0.1" for src in loaded), loaded
        # A feed reader shows the entry's HTML resolved against the feed: nothing foreign either.
        entry = feedparser.parse((built / "history.atom").read_bytes()).entries[0]
        html = entry.content[0].value.replace("https://status.example.com/sub/", base)
        html = html.replace("https://status.example.com/", base)  # the site, served here
        with open_page(chromium, base + "history.atom") as visit:
            visit.page.set_content(f'<base href="{base}history.atom">{html}')
            visit.page.wait_for_load_state("networkidle")
            assert visit.foreign() == []
