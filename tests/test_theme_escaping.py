"""No script or markup from input reaches the built site: every value the theme prints is text.

A site is built with a hostile value in every field a reader sees (mkdocs.yml's site name,
description, author, copyright, repository name, palette toggles, ``extra`` texts, nav titles,
a page's front matter, component names, descriptions and groups; an incident's title, message,
FAQ, transcript and postmortem), in English and in Hebrew (right to left), with ``fast_pages``
on and off. Each hostile value tries to close the element it lands in, open a script, open an
element of its own, break out of a quoted attribute either way and sneak an entity past a filter
that unescapes. Every built HTML file is then parsed (lxml, and Chromium's own parser), every
XML file too, the search index as material's search shows it (HTML), and every page is opened
in Chromium with JavaScript on: no injected element, attribute or script may exist anywhere,
and the values must be there, shown as the text they are.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import browser
import pytest
from browser import open_page, serve
from bs4 import BeautifulSoup
from conftest import TestSite
from lxml import etree

from generator import incident_pages
from generator.render.shell import Shell

chromium = browser.chromium  # the session's headless Chromium (a fixture: pytest finds it here)

INJECTED_TAGS = ("pwn-el", "pwn-ent", "pwn-x")
INJECTED_ATTRS = ("pwn-a", "pwn-b", "pwn-c")
DATA_SCRIPTS = ("application/ld+json", "application/json")  # the FAQ's schema.org data, material's config


SHORT = {"incident_title", "resolved_title"}  # incident titles are at most 200 characters (limits.py)


def hostile(field: str) -> str:
    """A value that becomes markup wherever it is printed raw, named after its field."""
    if field in SHORT:
        return (
            f"{field} </title><script>window.__pwned='{field}'</script><pwn-el></pwn-el>\" pwn-a=\"1\" "
            "' pwn-b='1' <img src=x onerror=\"window.__pwned=1\"> &lt;pwn-ent&gt; <b pwn-c=1>b</b>"
        )
    return (
        f"{field} findme </title></textarea></style></script><script>window.__pwned='{field}'</script>"
        f"<pwn-el data-f='{field}'></pwn-el>\" pwn-a=\"{field}\" ' pwn-b='{field}' "
        f"<img src=x onerror=\"window.__pwned='{field}'\"> &lt;pwn-ent&gt; &amp;lt;pwn-x&amp;gt;"
        f" <b pwn-c=1>{field}</b>"
    )


def q(field: str) -> str:
    """The hostile value as a YAML scalar (JSON strings are YAML)."""
    return json.dumps(hostile(field), ensure_ascii=False)


def mkdocs_yml(language: str, fast: bool) -> str:
    return f"""\
site_name: {q("site_name")}
site_url: https://status.example.com/
site_description: {q("site_description")}
site_author: {q("site_author")}
copyright: {q("copyright")}
repo_url: https://git.example.com/status
repo_name: {q("repo_name")}
docs_dir: site_src
theme:
  name: material
  font: false
  language: {language}
  features: [navigation.footer]
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      toggle: {{icon: material/weather-night, name: {q("palette_toggle_dark")}}}
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      toggle: {{icon: material/weather-sunny, name: {q("palette_toggle_light")}}}
extra:
  social:
    - icon: fontawesome/brands/mastodon
      link: https://mastodon.example/@status
      name: {q("social_name")}
  alternate:
    - {{name: {q("alternate_name")}, link: /, lang: en}}
  consent:
    title: {q("consent_title")}
    description: {q("consent_description")}
  status:
    new: {q("status_new")}
nav:
  - Status: index.md
  - {q("nav_section")}:
      - {q("nav_page")}: faq.md
      - about.md
  - History: history/index.md
  - {q("nav_link")}: https://example.com/
plugins:
  - search
  - statuskit:
      fast_pages: {"true" if fast else "false"}
      contact: mailto:help@example.com
      components:
        - id: api
          name: {q("component_name")}
          group: {q("component_group")}
          description: {q("component_description")}
        - id: web
          name: {q("component2_name")}
"""


def incident(kind: str) -> str:
    if kind == "open":
        return f"""\
title: {q("incident_title")}
impact: critical
components: [api, web]
updates:
  - at: 2026-11-22T09:00:00Z
    status: investigating
    message: {q("incident_message")}
video: https://www.youtube.com/watch?v=XXXXXXXXXXX
transcript: {q("incident_transcript")}
faq:
  - q: {q("faq_question")}
    a: {q("faq_answer")}
"""
    return f"""\
title: {q("resolved_title")}
impact: minor
components: [web]
updates:
  - at: 2026-11-10T09:00:00Z
    status: investigating
    message: {q("resolved_message")}
  - at: 2026-11-10T10:00:00Z
    status: resolved
    message: Fixed.
postmortem: {q("postmortem")}
"""


ABOUT = f"""\
---
title: {q("meta_title")}
description: {q("meta_description")}
author: {q("meta_author")}
subtitle: {q("meta_subtitle")}
status: new
---
# About us

Plain text.
"""


def make(root: Path, language: str, fast: bool) -> Path:
    (root / "incidents").mkdir(parents=True)
    (root / "site_src").mkdir()
    (root / "site_src" / "faq.md").write_text("# FAQ\n\nAsk us.\n", encoding="utf-8")
    (root / "site_src" / "about.md").write_text(ABOUT, encoding="utf-8")
    (root / "mkdocs.yml").write_text(mkdocs_yml(language, fast), encoding="utf-8")
    (root / "incidents" / "2026-11-22-open.yaml").write_text(incident("open"), encoding="utf-8")
    (root / "incidents" / "2026-11-10-resolved.yaml").write_text(incident("resolved"), encoding="utf-8")
    return TestSite(root).build(root / "site")


@pytest.fixture(scope="module", params=["en", "he"])
def built(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Any]]:
    """The hostile site in one language, built with fast_pages on and off."""
    language = request.param
    fast = make(tmp_path_factory.mktemp(f"hostile-{language}-fast"), language, True)
    slow = make(tmp_path_factory.mktemp(f"hostile-{language}-slow"), language, False)
    yield {"language": language, "fast": fast, "slow": slow}
    shutil.rmtree(fast.parent, ignore_errors=True)
    shutil.rmtree(slow.parent, ignore_errors=True)


def files(site: Path, *suffixes: str) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.is_file() and p.suffix in suffixes)


def injected(soup: BeautifulSoup) -> list[str]:
    """Every element, attribute or script in ``soup`` that came from a hostile value."""
    found = [f"<{tag.name}>" for tag in soup.find_all(INJECTED_TAGS)]
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name in INJECTED_ATTRS or name.startswith("on") or (name == "src" and text == "x"):
                found.append(f"<{tag.name} {name}={text[:40]!r}>")
    for script in soup.find_all("script"):
        if "__pwned" not in script.get_text():
            continue
        if script.get("type") in DATA_SCRIPTS:  # data, not code: it must hold the value whole
            assert json.loads(script.get_text()), script
        else:
            found.append(f"<script>{script.get_text()[:40]!r}")
    return found


def text_of(value: str) -> str:
    """A value as a reader sees it: whitespace collapsed."""
    return " ".join(value.split())


# --- both ways of building are the same site --------------------------------------------------


def test_fast_and_slow_builds_are_byte_identical(built: dict[str, Any]) -> None:
    fast, slow = built["fast"], built["slow"]
    names = [str(p.relative_to(fast)) for p in sorted(fast.rglob("*")) if p.is_file()]
    assert names == [str(p.relative_to(slow)) for p in sorted(slow.rglob("*")) if p.is_file()]
    different = [n for n in names if (fast / n).read_bytes() != (slow / n).read_bytes()]
    assert not different, different[:10]


def test_the_fast_path_still_learns_its_shell(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Escaped titles must not make the theme's output unlearnable (one render per page instead)."""
    learnt: list[Shell | None] = []
    learn = Shell.learn.__func__  # type: ignore[attr-defined]

    def spy(cls: type[Shell], *args: Any, **kwargs: Any) -> Shell | None:
        learnt.append(learn(cls, *args, **kwargs))
        return learnt[-1]

    monkeypatch.setattr(incident_pages.Shell, "learn", classmethod(spy))
    make(tmp_path / "site", "en", True)
    assert learnt and all(shell is not None for shell in learnt)


# --- nothing injected, in any file ------------------------------------------------------------


@pytest.mark.parametrize("way", ["fast", "slow"])
def test_no_injected_markup_in_any_html_file(built: dict[str, Any], way: str) -> None:
    site = built[way]
    pages = files(site, ".html")
    assert len(pages) >= 8
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        assert not injected(soup), (page.relative_to(site), injected(soup))
        assert len(soup.find_all("title")) == 1, page.relative_to(site)


def test_no_injected_markup_in_any_xml_file(built: dict[str, Any]) -> None:
    site = built["fast"]
    documents = files(site, ".xml", ".rss", ".atom", ".svg")
    assert any(p.name == "sitemap.xml" for p in documents)
    for document in documents:
        root = etree.parse(str(document), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            assert not etree.QName(element).localname.startswith("pwn"), document.relative_to(site)
            assert not set(element.attrib) & set(INJECTED_ATTRS), document.relative_to(site)
            assert etree.QName(element).localname != "script", document.relative_to(site)


def test_the_search_index_is_text_as_material_shows_it(built: dict[str, Any]) -> None:
    """material's search renders an entry's title and text as HTML: both must be escaped text."""
    docs = json.loads((built["fast"] / "search" / "search_index.json").read_text("utf-8"))["docs"]
    titles = " ".join(d["title"] for d in docs)
    assert "incident_title" in titles and "resolved_title" in titles
    for doc in docs:
        for key in ("title", "text"):
            soup = BeautifulSoup(f"<div>{doc[key]}</div>", "lxml")
            assert not injected(soup), (doc["location"], key, injected(soup))


# --- the values are there, as text --------------------------------------------------------------


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "lxml")


def test_values_are_shown_as_the_text_they_are(built: dict[str, Any]) -> None:
    site = built["fast"]
    name = text_of(hostile("site_name"))
    incident_page = page(site, "incidents/2026-11-22-open")
    assert incident_page.title.get_text() == f"{text_of(hostile('incident_title'))} - {name}"
    assert incident_page.h1.get_text() == hostile("incident_title")
    assert incident_page.find("meta", property="og:site_name")["content"] == hostile("site_name")
    assert incident_page.find("meta", property="og:title")["content"] == hostile("incident_title")
    assert incident_page.find("meta", attrs={"name": "description"})["content"] == hostile("site_description")
    assert incident_page.find("meta", attrs={"name": "author"})["content"] == hostile("site_author")
    header = incident_page.find(class_="md-header__topic")
    assert text_of(header.get_text()) == name
    assert incident_page.find(class_="md-logo")["aria-label"] == hostile("site_name")
    copyright_ = incident_page.find(class_="md-copyright__highlight").get_text()
    assert text_of(copyright_) == text_of(html.unescape(hostile("copyright")))  # its &copy; etc. are read
    repository = incident_page.find(class_="md-source__repository").get_text()
    assert text_of(repository) == text_of(hostile("repo_name"))
    banner = incident_page.find(class_="sk-announce")
    assert hostile("incident_title") in banner.get_text()
    body = incident_page.find(class_="sk-update__body").get_text()
    assert "incident_message" in body and "<script>" in body
    nav = text_of(incident_page.find("nav", class_="md-nav--primary").get_text())
    for field in ("nav_page", "nav_section", "nav_link"):
        assert text_of(hostile(field)) in nav, field
    toggles = [label["title"] for label in incident_page.select("form[data-md-component=palette] label")]
    assert toggles == [hostile("palette_toggle_dark"), hostile("palette_toggle_light")]
    assert incident_page.find("a", class_="md-social__link")["title"] == hostile("social_name")
    alternate = incident_page.find(class_="md-select__link").get_text()
    assert text_of(alternate) == text_of(hostile("alternate_name"))
    consent = incident_page.find(class_="md-consent")
    assert consent.h4.get_text() == hostile("consent_title")
    assert consent.p.get_text() == hostile("consent_description")

    home = page(site, "")
    assert home.title.get_text() == name
    components = text_of(home.find(class_="sk-home").get_text())
    for field in ("component_name", "component_group", "component_description", "component2_name"):
        assert text_of(hostile(field)) in components, field

    faq = page(site, "faq")
    assert faq.title.get_text() == f"{text_of(hostile('nav_page'))} - {name}"  # the title nav gives it

    about = page(site, "about")
    assert about.title.get_text() == f"{text_of(hostile('meta_title'))} - {name}"
    assert about.find("meta", property="og:description")["content"] == hostile("meta_description")
    assert about.find("meta", property="og:title")["content"] == text_of(hostile("meta_title"))
    missing = BeautifulSoup((site / "404.html").read_text(encoding="utf-8"), "lxml")
    assert missing.find("meta", property="og:description")["content"] == hostile("site_description")
    assert missing.find("meta", property="og:title")["content"] == text_of(hostile("site_name"))
    assert about.find("meta", attrs={"name": "description"})["content"] == hostile("meta_description")
    assert about.find("meta", attrs={"name": "author"})["content"] == hostile("meta_author")
    about_nav = text_of(about.find("nav", class_="md-nav--primary").get_text())
    assert text_of(hostile("meta_subtitle")) in about_nav
    status = about.select_one(".md-nav .md-status--new")
    assert status is not None and status["title"] == hostile("status_new")

    resolved = page(site, "incidents/2026-11-10-resolved")
    assert "postmortem" in resolved.get_text() and "resolved_message" in resolved.get_text()
    assert "404" in (site / "404.html").read_text("utf-8")


# --- in a browser ---------------------------------------------------------------------------

SCAN = """(html) => {
    const doc = html === null ? document : new DOMParser().parseFromString(html, "text/html");
    const tags = TAGS, attrs = ATTRS, data = DATA, found = [];
    for (const el of doc.querySelectorAll("*")) {
        if (tags.includes(el.localName)) found.push("<" + el.localName + ">");
        for (const attr of el.attributes) {
            if (attrs.includes(attr.name) || attr.name.startsWith("on")
                || (attr.name === "src" && attr.value === "x")) found.push(el.localName + " " + attr.name);
        }
        if (el.localName === "script" && el.textContent.includes("__pwned")
            && !data.includes(el.getAttribute("type"))) found.push("script");
    }
    return {found, pwned: html === null ? (window.__pwned ?? null) : null,
            titles: doc.querySelectorAll("title").length};
}""".replace("TAGS", json.dumps(INJECTED_TAGS)).replace("ATTRS", json.dumps(INJECTED_ATTRS)).replace(
    "DATA", json.dumps(DATA_SCRIPTS)
)


def test_chromium_parses_no_injected_markup_and_runs_no_injected_script(chromium, built) -> None:
    site = built["fast"]
    pages = files(site, ".html")
    with serve(site) as base, open_page(chromium) as visit:
        tab = visit.page
        tab.goto(base + "404.html", wait_until="load")
        for path in pages:  # Chromium's own HTML parser on every file, as served or not
            parsed = tab.evaluate(SCAN, path.read_text(encoding="utf-8"))
            assert parsed["found"] == [] and parsed["titles"] == 1, (path.relative_to(site), parsed)
        for path in pages:  # and every page opened, its scripts run
            rel = path.relative_to(site).as_posix().removesuffix("index.html")
            tab.goto(base + rel, wait_until="load")
            live = tab.evaluate(SCAN, None)
            assert live["found"] == [] and live["pwned"] is None, (rel, live)
        assert visit.foreign() == []


def test_material_search_shows_results_as_text(chromium, built) -> None:
    with serve(built["fast"]) as base, open_page(chromium, base + "history/") as visit:
        tab = visit.page  # the history page: status pages leave the header to the status
        tab.wait_for_load_state("networkidle")
        tab.keyboard.press("s")  # material's shortcut: open the search
        tab.keyboard.type("findme")
        results = tab.locator(".md-search-result__item")
        results.first.wait_for()
        assert results.count() >= 2
        assert "incident_title" in tab.locator(".md-search-result").inner_text()
        tab.wait_for_timeout(200)
        live = tab.evaluate(SCAN, None)
        assert live["found"] == [] and live["pwned"] is None, live


# -- the fixtures' own sanity: a hostile value IS markup when printed raw ----------------------


@pytest.mark.parametrize("scan", [injected])
def test_the_probe_finds_what_it_looks_for(scan: Callable[[BeautifulSoup], list[str]]) -> None:
    raw = BeautifulSoup(f"<html><head><title>{hostile('x')}</title></head><body></body></html>", "lxml")
    found = scan(raw)
    assert any("script" in f for f in found) and any("pwn-el" in f for f in found)
    attribute = BeautifulSoup(f'<p title="{hostile("y")}">', "lxml")
    assert any("pwn-a" in f for f in scan(attribute))
    unescaped = BeautifulSoup(html.unescape(hostile("z")), "lxml")
    assert re.search("pwn-ent", str(unescaped)) and scan(unescaped)
