"""Structural guards for scale (issue 7), not timings: what must not grow with N."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
import synth  # noqa: E402


def build(root: Path, n: int) -> tuple[Path, list]:
    incidents = synth.write_site(root, n)
    env = {**os.environ, "SOURCE_DATE_EPOCH": synth.SOURCE_DATE_EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(
        [sys.executable, "-m", "generator.cli", "build", "--site-dir", str(root / "site")],
        cwd=root, env=env, check=True, capture_output=True,
    )
    return root / "site", incidents


@pytest.fixture(scope="module")
def small_and_large(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str, list]:
    small, incidents = build(tmp_path_factory.mktemp("n40"), 40)
    large, _ = build(tmp_path_factory.mktemp("n120"), 120)
    return small, large, synth.probe_id(incidents), incidents


def test_home_and_incident_pages_do_not_grow_with_history(small_and_large):
    small, large, probe, _ = small_and_large
    for rel in ("index.html", f"incidents/{probe}/index.html"):
        assert (small / rel).read_bytes() == (large / rel).read_bytes(), rel


def test_incident_pages_are_not_in_the_nav(small_and_large):
    _, large, _, _ = small_and_large
    soup = BeautifulSoup((large / "index.html").read_text(encoding="utf-8"), "lxml")
    nav_links = [a.get("href", "") for a in soup.select("nav.md-nav a")]
    assert nav_links and not any("incidents/" in href for href in nav_links)


def test_search_index_holds_no_full_incident_bodies(small_and_large):
    _, large, _, incidents = small_and_large
    index = json.loads((large / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(doc["text"] for doc in index["docs"])
    closed = ("resolved", "completed")
    resolved = [i for i in incidents if len(i.updates) > 2 and i.updates[-1].status in closed]
    assert resolved
    for incident in resolved[:20]:
        entries = [d for d in index["docs"] if d["location"].startswith(f"incidents/{incident.id}/")]
        assert len(entries) == 1, incident.id  # one compact entry, not one per section
        assert len(entries[0]["text"]) <= 500
        for update in incident.updates:
            body = " ".join(update.message.split())
            if len(body) > 200:
                assert body not in text, incident.id


def test_archive_is_paginated_by_month(small_and_large):
    _, large, _, _ = small_and_large
    incidents = list((large.parent / "incidents").glob("*.yaml"))
    index = BeautifulSoup((large / "history" / "index.html").read_text(encoding="utf-8"), "lxml")
    months = [a["href"] for a in index.select(".sk-years a") if a["href"].count("/") == 2]
    assert len(months) >= 12
    listed = 0
    for href in months:
        page = BeautifulSoup((large / "history" / href / "index.html").read_text(encoding="utf-8"), "lxml")
        rows = page.select(".sk-list li")
        label = page.h1.get_text()
        assert rows, href
        assert f"({len(rows)})" in index.find("a", href=href).next_sibling  # the count beside the link
        assert label in (large / "history" / href[:5] / "index.html").read_text(encoding="utf-8")
        listed += len(rows)
    assert listed == len(incidents)  # every incident in exactly one month page


def test_a_busy_year_page_lists_months_not_incidents(small_and_large, monkeypatch):
    from generator.commands.common import mkdocs_config, plugin_options
    from generator.fragments import pages
    from generator.sitebuild import load_site

    _, large, _, _ = small_and_large
    monkeypatch.setenv("SOURCE_DATE_EPOCH", synth.SOURCE_DATE_EPOCH)
    config = mkdocs_config(str(large.parent / "mkdocs.yml"))
    site = load_site(config, plugin_options(config))
    year = pages.years(site)[1]
    quiet = pages.history_year(site, pages.months(site), year)
    monkeypatch.setattr(pages, "HISTORY_FULL_LIMIT", 5)
    busy = pages.history_year(site, pages.months(site), year)
    assert "sk-list" in quiet and "sk-list" not in busy
    assert len(busy) < len(quiet) / 3
    assert busy.count('href="') == quiet.count("<h2") + 1  # each month's page, and the history
