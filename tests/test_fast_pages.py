"""Incident pages written through the shell (fast_pages) are the pages mkdocs' own loop makes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, TestSite
from markupsafe import Markup, escape

from generator.render.shell import Shell

TRICKY_TITLES = {
    "2026-11-01-amp.yaml": "AT&T <peering> \"down\" for 'some' users",
    "2026-11-02-rtl.yaml": "קו התמיכה & הצ'אט אינם זמינים",
    "2026-11-03-plain.yaml": "Plain title",
}


def incident(title: str, day: int) -> str:
    return (
        f"title: {json.dumps(title, ensure_ascii=False)}\nimpact: minor\ncomponents: [api]\nupdates:\n"
        f"  - at: 2026-11-0{day}T10:00:00Z\n    status: investigating\n"
        "    message: Looking <b>into</b> it & more.\n"
        f"  - at: 2026-11-0{day}T11:00:00Z\n    status: resolved\n    message: Fixed.\n"
    )


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def assert_same_tree(fast: Path, slow: Path) -> None:
    a, b = tree(fast), tree(slow)
    assert sorted(a) == sorted(b)
    different = [name for name in a if a[name] != b[name]]
    assert not different, different[:10]


def slow_twin(site: TestSite) -> TestSite:
    """The same site in a sibling directory, with ``fast_pages: false``."""
    twin = site.root.with_name(site.root.name + "-slow")
    shutil.copytree(site.root, twin, ignore=shutil.ignore_patterns("site"))
    text = twin.joinpath("mkdocs.yml").read_text(encoding="utf-8")
    marker = "  - statuskit:\n"
    assert marker in text
    slow = text.replace(marker, marker + "      fast_pages: false\n")
    twin.joinpath("mkdocs.yml").write_text(slow, "utf-8")
    return TestSite(twin)


def test_example_site_fast_and_slow_builds_are_byte_identical(tmp_path: Path) -> None:
    root = tmp_path / "example"
    root.mkdir()
    for name in ("mkdocs.yml", "incidents", "site_src"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, root / name)
    fast = TestSite(root)
    slow = slow_twin(fast)
    assert_same_tree(fast.build(), slow.build())


@pytest.fixture
def tricky(make_site) -> TestSite:
    return make_site({name: incident(title, n + 1) for n, (name, title) in enumerate(TRICKY_TITLES.items())})


def test_tricky_titles_fast_equals_slow(tricky: TestSite) -> None:
    assert_same_tree(tricky.build(), slow_twin(tricky).build())


def test_titles_are_escaped_once_everywhere(tricky: TestSite) -> None:
    site = tricky.build()
    for name, title in TRICKY_TITLES.items():
        html = (site / "incidents" / name.removesuffix(".yaml") / "index.html").read_text("utf-8")
        soup = BeautifulSoup(html, "lxml")
        assert soup.find("meta", property="og:title")["content"] == title
        assert soup.find("meta", attrs={"name": "twitter:title"})["content"] == title
        assert soup.h1.get_text() == title
        assert soup.title.get_text().startswith(title)
        feeds = [link["title"] for link in soup.find_all("link", rel="alternate")]
        assert f"{title} (RSS)" in feeds


def test_sitemap_lists_every_incident_page(tricky: TestSite) -> None:
    site = tricky.build()
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    for name in TRICKY_TITLES:
        assert f"https://status.example.com/incidents/{name.removesuffix('.yaml')}/</loc>" in sitemap


def test_one_compact_search_entry_per_incident(tricky: TestSite) -> None:
    site = tricky.build()
    docs = json.loads((site / "search" / "search_index.json").read_text("utf-8"))["docs"]
    for name, title in TRICKY_TITLES.items():
        found = [d for d in docs if d["location"].startswith(f"incidents/{name.removesuffix('.yaml')}/")]
        assert len(found) == 1
        assert found[0]["title"] == str(escape(title)).replace("&#34;", '"').replace("&#39;", "'")
        assert found[0]["text"].startswith("Resolved · Minor · Public API.")
        # raw HTML in a message is text, escaped like the rest
        assert "Looking &lt;b&gt;into&lt;/b&gt; it &amp; more. … Fixed." in found[0]["text"]


# -- the shell on its own ----------------------------------------------------------------------


def toy_theme(values: dict[str, str]) -> str:
    """A template-like function: escapes, strips tags, prints raw, in the ways themes do."""
    title = str(escape(values["title"]))
    return (
        f"<title>{Markup(title).striptags()} - Site</title><h2>{title}</h2>"
        f"<a href='/x/{values['id']}/'>{values['content']}</a><p>{escape(title)}</p>"
    )


def test_shell_learns_each_filter_and_fills_like_the_template() -> None:
    shell = Shell.learn(toy_theme, ("id", "title", "content"), tricky={"id": "-2"})
    assert shell is not None
    for vals in (
        {"id": "a-1", "title": "A & B <c> \"d\"", "content": "<p>x &amp; y</p>"},
        {"id": "b", "title": "  spaced   out  ", "content": ""},
        {"id": "c", "title": "קו & 'רשת'", "content": "zqxtitlexqz"},
    ):
        assert shell.fill(vals) == toy_theme(vals)


def test_shell_refuses_a_filter_it_does_not_know() -> None:
    def shouting(values: dict[str, str]) -> str:
        return f"<h1>{values['title'].upper()}</h1>{values['content']}"

    def truncating(values: dict[str, str]) -> str:
        return f"<h1>{values['title'][:12]}</h1>{values['content']}"

    assert Shell.learn(shouting, ("title", "content")) is None
    assert Shell.learn(truncating, ("title", "content")) is None


def test_hand_written_links_to_incident_files_resolve(tricky: TestSite) -> None:
    faq = tricky.root / "site_src" / "faq.md"
    faq.write_text(faq.read_text("utf-8") + "\nSee [the outage](incidents/2026-11-03-plain.md).\n", "utf-8")
    out = tricky.root / "site"
    result = tricky.cli("build", "--strict", "--site-dir", str(out))
    assert result.exit_code == 0, result.output
    assert "WARNING" not in result.output and "excluded" not in result.output
    html = (out / "faq" / "index.html").read_text("utf-8")
    assert 'href="../incidents/2026-11-03-plain/"' in html
    assert_same_tree(out, slow_twin(tricky).build())
